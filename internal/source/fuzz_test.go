package source

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// checkBody holds for every document body a reader returns.
func checkBody(t *testing.T, body []byte) {
	t.Helper()
	switch {
	case !utf8.Valid(body):
		t.Fatalf("body %q is not valid UTF-8", body)
	case bytes.IndexByte(body, '\r') >= 0:
		t.Fatalf("body %q has a CR", body)
	case bytes.IndexByte(body, 0) >= 0:
		t.Fatalf("body %q has a NUL", body)
	case len(bytes.TrimFunc(body, unicode.IsSpace)) == 0:
		t.Fatalf("body %q is blank", body)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "hello", "\uFEFFhi\r\n", "a\rb", "\xff", "ok \xe2\x82", "\x00", "\x01\x02x",
		"  \n\t", "\uFEFF\uFEFFx", "Störungen", "\r\r\n\n", strings.Repeat("\r\n", 5000) + "\x01",
		"\xff\xfeS\x00t\x00\xf6\x00r\x00\r\x00\n\x00", "\xfe\xff\x00a\xd8\x3d\xde\x00", "\xff\xfea", "\xff\xfe\x00\xdc",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		body, err := CleanText(in)
		if !bytes.Equal(in, orig) {
			t.Fatal("CleanText modified its input")
		}
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrInvalidUTF8) && !errors.Is(err, ErrInvalidUTF16) {
				t.Fatalf("unexpected error kind %v", err)
			}
			if body != nil {
				t.Fatal("body returned with an error")
			}
			if errors.Is(err, ErrInvalidUTF8) && utf8.Valid(in) {
				t.Fatal("valid UTF-8 refused as invalid")
			}
			return
		}
		checkBody(t, body)
		// UTF-16 is decoded first (and may grow: two bytes of UTF-16 can
		// be three of UTF-8); then only the BOM and CRs are removed, the
		// rest kept in order.
		src := in
		if utf16(in) {
			if src, err = decodeUTF16(in); err != nil {
				t.Fatalf("CleanText read UTF-16 that decodeUTF16 refuses: %v", err)
			}
		} else if len(body) > len(in) {
			t.Fatalf("body grew from %d to %d bytes", len(in), len(body))
		}
		want := bytes.TrimPrefix(src, bom)
		want = bytes.ReplaceAll(want, []byte("\r\n"), []byte("\n"))
		want = bytes.ReplaceAll(want, []byte("\r"), []byte("\n"))
		if !bytes.Equal(body, want) {
			t.Fatalf("body %q, want %q", body, want)
		}
		// Cleaning is idempotent, unless a second BOM follows the first or
		// removing CRs brought more control bytes into the sniffed head.
		if again, err := CleanText(body); !bytes.HasPrefix(body, bom) && !errors.Is(err, ErrBinary) && !bytes.Equal(again, body) {
			t.Fatalf("second pass: %q, %v", again, err)
		}
	})
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"b"}`,
		`{"id":"a","text":"b","published":"2024-03-05","url":"https://www.x.org/1","title":"t","lang":"en"}`,
		`{"id":"a","text":"b","date":"2017_11_3"}`,
		`{"id":"a","text":"b","published":"2024-03-05T10:00:00+02:00"}`,
		`{"id":"a"}`, `{"id":1,"text":"x"}`, `[]`, `null`, `{`, `{"id":"a","text":"\u0000"}`,
		"\uFEFF{\"id\":\"a\",\"text\":\"b\"}\n\n{\"id\":\"c\",\"text\":\"d\"}\r\n",
		"{\"id\":\"a\",\"text\":\"b\xff\"}",
		`{"id":"a","text":"b","published":"soon"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// The line parser on its own.
		raw, err := parseLine(in, DefaultMaxDocBytes)
		if err != nil {
			kinds := []error{ErrMalformed, ErrMissing, ErrWrongType, ErrBadDate, ErrEmpty, ErrBinary, ErrInvalidUTF8, ErrTooLarge, ErrTooDeep}
			known := false
			for _, k := range kinds {
				known = known || errors.Is(err, k)
			}
			if !known || err.Error() == "" {
				t.Fatalf("unexpected error %v", err)
			}
		} else {
			if strings.TrimSpace(raw.ID) == "" {
				t.Fatalf("blank id from %q", in)
			}
			checkBody(t, raw.Body)
			if !raw.Published.IsZero() && raw.Published.Location() != time.UTC {
				t.Fatalf("published %v not in UTC", raw.Published)
			}
			if raw.ContentType != "text/plain" {
				t.Fatalf("content type %q", raw.ContentType)
			}
		}

		// The whole input as a JSON Lines stream with a small line cap:
		// every document and error has a line number, in increasing order,
		// and never beyond the input's line count.
		lines := bytes.Count(in, []byte("\n")) + 1
		last := 0
		for raw, err := range ReadJSONL(t.Context(), bytes.NewReader(in), "in", Options{MaxLineBytes: 64}) {
			var line int
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Input != "in" {
					t.Fatalf("error %v is not a *Error for the input", err)
				}
				line = e.Line
			} else {
				checkBody(t, raw.Body)
				if _, err := fmtSscanLine(raw.URI, &line); err != nil {
					t.Fatalf("URI %q: %v", raw.URI, err)
				}
				if raw.Source != "in" && !strings.HasPrefix(raw.Source, "in#") {
					t.Fatalf("source %q", raw.Source)
				}
			}
			if line <= last || line > lines {
				t.Fatalf("line %d after %d (of %d)", line, last, lines)
			}
			last = line
		}
	})
}

// fmtSscanLine reads the line number from a "in:LINE" URI.
func fmtSscanLine(uri string, line *int) (int, error) {
	rest, ok := strings.CutPrefix(uri, "in:")
	if !ok {
		return 0, errors.New("no in: prefix")
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int(c-'0')
	}
	*line = n
	return 1, nil
}
