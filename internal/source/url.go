package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
)

// PageTypes are the media types ReadURLs accepts.
var PageTypes = []string{"text/html", "application/xhtml+xml", "text/plain"}

// IsURL reports whether s is an http or https URL (as opposed to a path).
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// ReadURLs fetches every URL with c (whose Accept should be PageTypes)
// and yields its document: an HTML page's main text, or a text file. A
// URL that cannot be fetched or read is a *Error naming it; errors in
// urls (a URL list that cannot be read) are passed on.
func ReadURLs(ctx context.Context, c *fetch.Client, urls iter.Seq2[string, error], opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		w := &walker{ctx: ctx, opt: opt.withDefaults(), yield: yield}
		for u, err := range urls {
			if err != nil {
				if !w.alive() || !yield(model.Raw{}, err) {
					return
				}
				continue
			}
			if !w.alive() || !w.url(c, u) {
				return
			}
		}
	}
}

func (w *walker) url(c *fetch.Client, u string) bool {
	resp, err := c.Get(w.ctx, u, fetch.Conditional{})
	if err != nil {
		if w.ctx.Err() != nil {
			return w.alive()
		}
		return w.fail(u, 0, errors.Unwrap(err)) // the *Error names the URL already
	}
	raw, err := Page(u, resp)
	if err != nil {
		return w.fail(u, 0, err)
	}
	return w.emit(raw)
}

// Page turns a fetched resource into a document keyed by its URL (as
// asked, before redirects): HTML becomes its main text, anything else
// must be plain text.
func Page(u string, resp *fetch.Response) (model.Raw, error) {
	raw := model.Raw{ID: u, Source: siteOf(resp.URL, u), URI: u, URL: resp.URL}
	if int64(len(resp.Body)) == 0 {
		return model.Raw{}, ErrEmpty
	}
	if isHTMLType(resp.ContentType) {
		return HTML(raw, resp.Body)
	}
	body, err := CleanText(resp.Body)
	if err != nil {
		return model.Raw{}, err
	}
	raw.Body, raw.ContentType = body, "text/plain"
	return raw, nil
}

// URLList yields the URLs of a list, one per line; blank lines and lines
// starting with # are skipped. Lines that are not http(s) URLs are
// yielded too, for ReadURLs to report. A line over 64 KiB, or a read
// error, ends the list with an *Error naming it (name) and the line.
func URLList(r io.Reader, name string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), maxURLLine)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if !yield(line, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("line longer than %d bytes: not a URL (the list is read no further)", maxURLLine)
			}
			yield("", &Error{Input: name, Line: n + 1, Err: err})
		}
	}
}

// maxURLLine caps a line of a URL list.
const maxURLLine = 64 << 10
