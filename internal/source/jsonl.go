package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// ReadJSONL reads JSON Lines documents from r (an upload, standard input),
// as Read does for a .jsonl file; name stands for the input in the
// documents' URI and Source and in errors.
func ReadJSONL(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		w := &walker{ctx: ctx, opt: opt.withDefaults(), yield: yield}
		w.jsonl(r, name)
	}
}

// jsonlFile reads one JSON Lines file, gzip-compressed if its name ends
// in .gz.
func (w *walker) jsonlFile(p string) bool {
	f, r, err := w.openFile(p)
	if err != nil {
		return w.fail(p, 0, err)
	}
	defer f.Close()
	if strings.HasSuffix(strings.ToLower(p), ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return w.fail(p, 0, fmt.Errorf("gzip: %w", err))
		}
		defer zr.Close()
		r = zr
	}
	return w.jsonl(r, p)
}

// jsonl yields one document per non-blank line of r.
func (w *walker) jsonl(r io.Reader, name string) bool {
	lr := lineReader{br: bufio.NewReaderSize(r, 64<<10), limit: w.opt.MaxLineBytes}
	records := 0
	for n := 1; ; n++ {
		if !w.alive() {
			return false
		}
		line, tooLong, err := lr.next()
		if err != nil && err != io.EOF {
			return w.fail(name, n, err)
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			return true
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		ok := true
		if tooLong || len(bytes.TrimSpace(line)) > 0 {
			if records++; records > w.opt.MaxRecords {
				return w.fail(name, n, fmt.Errorf("%w: over the limit of %d records in one file; the rest of the file is not read",
					ErrTooMany, w.opt.MaxRecords))
			}
		}
		switch {
		case tooLong:
			ok = w.fail(name, n, fmt.Errorf("%w: line over the limit of %d bytes", ErrTooLarge, lr.limit))
		case len(bytes.TrimSpace(line)) == 0:
			// blank lines are skipped
		default:
			raw, perr := parseLine(line, w.opt.MaxDocBytes)
			if perr != nil {
				ok = w.fail(name, n, perr)
				break
			}
			raw.URI = fmt.Sprintf("%s:%d", name, n)
			raw.Source = sourceOf(name, raw.URL)
			ok = w.emit(raw)
		}
		if !ok {
			return false
		}
		if err == io.EOF {
			return true
		}
	}
}

// lineReader reads lines of at most limit bytes (without the line end),
// skipping over longer ones without holding them in memory.
type lineReader struct {
	br    *bufio.Reader
	limit int
	buf   []byte
}

// next returns the next line without its LF or CRLF ending, valid until
// the next call; tooLong reports a line over the limit (line is then nil).
// At the end of input err is io.EOF, possibly with a last line.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	frag, err := lr.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		line = trimEOL(frag)
		if len(line) > lr.limit {
			return nil, true, err
		}
		return line, false, err
	}
	// A line longer than the buffer: gather it, or skip it once it is
	// known to be over the limit.
	tooLong = len(frag) > lr.limit+2
	lr.buf = lr.buf[:0]
	if !tooLong {
		lr.buf = append(lr.buf, frag...)
	}
	for err == bufio.ErrBufferFull {
		frag, err = lr.br.ReadSlice('\n')
		if tooLong {
			continue
		}
		if len(lr.buf)+len(frag) > lr.limit+2 {
			tooLong, lr.buf = true, lr.buf[:0]
			continue
		}
		lr.buf = append(lr.buf, frag...)
	}
	if tooLong {
		return nil, true, err
	}
	line = trimEOL(lr.buf)
	if len(line) > lr.limit {
		return nil, true, err
	}
	return line, false, err
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// parseLine parses one JSON Lines record into a document without URI and
// Source. Fields: "id" and "text" (required, non-empty strings), "title",
// "url", "published" (or "date"), "lang", "author", "site"; other fields
// are ignored.
func parseLine(line []byte, maxDocBytes int64) (model.Raw, error) {
	if i := invalidUTF8(line); i >= 0 {
		return model.Raw{}, fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, i)
	}
	if d := JSONDepth(line); d > MaxJSONDepth {
		return model.Raw{}, fmt.Errorf("%w: arrays and objects nested %d deep, over the limit of %d", ErrTooDeep, d, MaxJSONDepth)
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return model.Raw{}, fmt.Errorf("%w: want an object, got %s", ErrMalformed, te.Value)
			}
			return model.Raw{}, fmt.Errorf("%q: %w: want a string, got %s", te.Field, ErrWrongType, article(te.Value))
		}
		return model.Raw{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if string(bytes.TrimSpace(line)) == "null" {
		return model.Raw{}, fmt.Errorf("%w: want an object, got null", ErrMalformed)
	}
	for _, f := range []struct {
		key string
		val *string
	}{{"id", rec.ID}, {"text", rec.Text}} {
		if f.val == nil {
			return model.Raw{}, fmt.Errorf("%w %q", ErrMissing, f.key)
		}
		if strings.TrimSpace(*f.val) == "" {
			return model.Raw{}, fmt.Errorf("%w %q", ErrEmpty, f.key)
		}
	}
	text := *rec.Text
	if int64(len(text)) > maxDocBytes {
		return model.Raw{}, fmt.Errorf("%q: %w: %d bytes, over the limit of %d", "text", ErrTooLarge, len(text), maxDocBytes)
	}
	body, err := CleanText([]byte(text))
	if err != nil {
		return model.Raw{}, fmt.Errorf("%q: %w", "text", err)
	}
	raw := model.Raw{
		ID:          *rec.ID,
		Title:       strings.TrimSpace(deref(rec.Title)),
		URL:         strings.TrimSpace(deref(rec.URL)),
		Lang:        strings.TrimSpace(deref(rec.Lang)),
		Author:      strings.TrimSpace(deref(rec.Author)),
		Site:        strings.TrimSpace(deref(rec.Site)),
		Body:        body,
		ContentType: "text/plain",
	}
	key, date := "published", rec.Published
	if date == nil {
		key, date = "date", rec.Date
	}
	if d := strings.TrimSpace(deref(date)); d != "" {
		t, err := parseDate(d)
		if err != nil {
			return model.Raw{}, fmt.Errorf("%q: %w", key, err)
		}
		raw.Published = t
	}
	return raw, nil
}

// record is one JSON Lines line; absent and null fields are nil.
type record struct {
	ID        *string `json:"id"`
	Text      *string `json:"text"`
	Title     *string `json:"title"`
	URL       *string `json:"url"`
	Published *string `json:"published"`
	Date      *string `json:"date"` // CASIE's name for published
	Lang      *string `json:"lang"`
	Author    *string `json:"author"`
	Site      *string `json:"site"`
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// article puts "a" or "an" before a JSON kind from json.UnmarshalTypeError
// ("number" → "a number").
func article(kind string) string {
	switch kind {
	case "object", "array":
		return "an " + kind
	case "bool":
		return "a boolean"
	}
	if strings.HasPrefix(kind, "number") {
		return "a number"
	}
	return "a " + kind
}

// parseDate parses RFC 3339, YYYY-MM-DD or YYYY_MM_DD into UTC.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	// YYYY-MM-DD or YYYY_MM_DD, single-digit months and days accepted.
	// ("_2" in a layout means a space-padded day, so swap the separator.)
	d := s
	if !strings.Contains(d, "-") {
		d = strings.ReplaceAll(d, "_", "-")
	}
	if t, err := time.Parse("2006-1-2", d); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w %q: want RFC 3339, YYYY-MM-DD or YYYY_MM_DD", ErrBadDate, s)
}

// sourceOf is the JSONL file name joined with the URL's host, if any:
// "news.jsonl#example.com" (lower case, without "www.").
func sourceOf(name, rawURL string) string {
	if rawURL == "" {
		return name
	}
	u, err := url.Parse(rawURL)
	if err == nil && u.Host == "" && !strings.Contains(rawURL, "://") {
		u, err = url.Parse("//" + rawURL) // "example.com/a" without a scheme
	}
	if err != nil || u.Hostname() == "" {
		return name
	}
	return name + "#" + strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// JSONDepth is the deepest nesting of arrays and objects in a JSON text
// (0 for a scalar, 1 for a flat object), counting brackets outside
// strings; it does not validate the text. encoding/json refuses only
// past 10,000 levels and takes no limit, so this scan, linear and
// allocation-free, lets callers refuse deep records with a clear error
// before decoding them.
func JSONDepth(b []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > deepest {
				deepest = depth
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// jsonlArticle is one line of casefile's JSON Lines format as written.
type jsonlArticle struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Author    string `json:"author,omitempty"`
	Site      string `json:"site,omitempty"`
}

// MarshalJSONL writes raw as one line of casefile's JSON Lines format
// (without the newline), as ReadJSONL reads it back: id, text (the
// body), title, url, published (RFC 3339, UTC), lang, author, site.
// Source and ContentType are not part of the format.
func MarshalJSONL(raw model.Raw) ([]byte, error) {
	a := jsonlArticle{ID: raw.ID, Text: string(raw.Body), Title: raw.Title, URL: raw.URL, Lang: raw.Lang,
		Author: raw.Author, Site: raw.Site}
	if !raw.Published.IsZero() {
		a.Published = raw.Published.UTC().Format(time.RFC3339Nano)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("article %s: %w", raw.ID, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
