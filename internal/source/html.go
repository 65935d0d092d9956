package source

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/casefile/casefile/internal/extract/htmltext"
	"github.com/casefile/casefile/internal/model"
)

// ErrNoText is the reason an HTML page is refused when no main text can
// be found in it.
var ErrNoText = errors.New("no main text")

// HTML turns a web page into a document: r names it (ID, Source, URI, and
// URL if known), page holds the HTML in any character set. The result's
// Body is the page's main text, one paragraph per block, with the title,
// canonical URL and publication date the page gives filled in
// where r has none; ContentType is "text/html", which tells package
// extract that the text came from a page.
func HTML(r model.Raw, page []byte) (model.Raw, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return model.Raw{}, ErrEmpty
	}
	if i := bytes.IndexByte(page, 0); i >= 0 && !utf16(page) {
		return model.Raw{}, fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
	}
	p, err := htmltext.Extract(page, htmltext.Options{URL: r.URL})
	if err != nil {
		return model.Raw{}, fmt.Errorf("%w: %v", ErrNoText, err)
	}
	body, err := CleanText([]byte(p.Text))
	if err != nil {
		return model.Raw{}, err
	}
	r.Body = body
	r.ContentType = "text/html"
	if r.Title == "" {
		r.Title = p.Title
	}
	if r.URL == "" {
		r.URL = p.URL
	}
	if r.Published.IsZero() {
		r.Published = p.Published
	}
	return r, nil
}

// utf16 reports a UTF-16 byte order mark, the one case where NUL bytes
// belong in a page.
func utf16(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}
