package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	utf16std "unicode/utf16"

	"github.com/casefile/casefile/internal/model"
)

// writeFiles creates files (slash paths relative to dir) with contents.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// collect drains a sequence; non-*Error errors fail the test.
func collect(t *testing.T, seq func(func(model.Raw, error) bool)) ([]model.Raw, []*Error) {
	t.Helper()
	var raws []model.Raw
	var errs []*Error
	for raw, err := range seq {
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			errs = append(errs, e)
			continue
		}
		raws = append(raws, raw)
	}
	return raws, errs
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string // body, when no error is wanted
		err     error
		msg     string // part of the error message
	}{
		{name: "plain.txt", content: "Title\n\nBody text.\n", want: "Title\n\nBody text.\n"},
		{name: "crlf.txt", content: "a\r\nb\r\nc\rd", want: "a\nb\nc\nd"},
		{name: "bom.txt", content: "\uFEFFStörungen\n", want: "Störungen\n"},
		{name: "page.html", content: "<p>hi</p>", want: "hi"}, // main text of the page
		{name: "empty.txt", content: "", err: ErrEmpty},
		{name: "bom-only.txt", content: "\uFEFF", err: ErrEmpty},
		{name: "space.txt", content: " \n\t\r\n\u00a0\u2003", err: ErrEmpty},
		{name: "nul.bin", content: "PK\x03\x04\x00\x00abc", err: ErrBinary, msg: "NUL byte at offset 4"},
		{name: "late-nul.txt", content: strings.Repeat("text ", 3000) + "\x00", err: ErrBinary},
		{name: "control.bin", content: "\x01\x02\x03\x04abcdefgh", err: ErrBinary},
		{name: "latin1.txt", content: "Caf\xe9 au lait", err: ErrInvalidUTF8, msg: "byte offset 3"},
		{name: "bom-latin1.txt", content: "\uFEFFab\xff", err: ErrInvalidUTF8, msg: "byte offset 5"},
		{name: "truncated.txt", content: "ok \xe2\x82", err: ErrInvalidUTF8, msg: "byte offset 3"},
		{name: "utf16le.txt", content: utf16Bytes(binary.LittleEndian, "\uFEFFStörungen in Douvres \U0001F512\r\nzweite Zeile\n"), want: "Störungen in Douvres \U0001F512\nzweite Zeile\n"},
		{name: "utf16be.txt", content: utf16Bytes(binary.BigEndian, "\uFEFFStörungen in Douvres\n"), want: "Störungen in Douvres\n"},
		{name: "utf16-odd.txt", content: utf16Bytes(binary.LittleEndian, "\uFEFFab") + "c", err: ErrInvalidUTF16, msg: "odd number of bytes"},
		{name: "utf16-surrogate.txt", content: "\xff\xfea\x00\x00\xd8b\x00", err: ErrInvalidUTF16, msg: "unpaired surrogate at byte offset 4"},
		{name: "utf16-empty.txt", content: "\xff\xfe", err: ErrEmpty},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		writeFiles(t, dir, map[string]string{tt.name: tt.content})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			raws, errs := collect(t, Read(t.Context(), []string{p}, Options{}))
			if tt.err != nil {
				if len(raws) != 0 || len(errs) != 1 {
					t.Fatalf("got %d docs, %d errors; want 1 error", len(raws), len(errs))
				}
				e := errs[0]
				if !errors.Is(e, tt.err) || e.Input != p || e.Line != 0 {
					t.Errorf("error %q (input %q, line %d), want %v for %s", e, e.Input, e.Line, tt.err, p)
				}
				if !strings.HasPrefix(e.Error(), p+": ") || !strings.Contains(e.Error(), tt.msg) {
					t.Errorf("message %q, want it to start with the path and contain %q", e, tt.msg)
				}
				return
			}
			if len(raws) != 1 || len(errs) != 0 {
				t.Fatalf("got %d docs, errors %v; want 1 doc", len(raws), errs)
			}
			r := raws[0]
			if string(r.Body) != tt.want {
				t.Errorf("body %q, want %q", r.Body, tt.want)
			}
			wantType := "text/plain"
			if strings.HasSuffix(tt.name, ".html") {
				wantType = "text/html"
			}
			if r.ID != tt.name || r.Source != dir || r.URI != p || r.ContentType != wantType {
				t.Errorf("got ID %q Source %q URI %q type %q", r.ID, r.Source, r.URI, r.ContentType)
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file of NUL bytes: refused for its size, before any
	// read would find it binary.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	writeFiles(t, dir, map[string]string{"small.txt": "0123456789"})

	raws, errs := collect(t, Read(t.Context(), []string{dir}, Options{}))
	if len(raws) != 1 || raws[0].ID != "small.txt" {
		t.Errorf("docs %v, want small.txt", raws)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) || errs[0].Input != big {
		t.Fatalf("errors %v, want one ErrTooLarge for %s", errs, big)
	}

	_, errs = collect(t, Read(t.Context(), []string{filepath.Join(dir, "small.txt")}, Options{MaxDocBytes: 9}))
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("errors %v, want ErrTooLarge with MaxDocBytes 9", errs)
	}
	raws, _ = collect(t, Read(t.Context(), []string{filepath.Join(dir, "small.txt")}, Options{MaxDocBytes: 10}))
	if len(raws) != 1 {
		t.Errorf("a document of exactly MaxDocBytes was refused")
	}
}

const sampleJSONL = `{"id": "a1", "text": "First article.\r\nSecond line.", "title": " Hello ", "url": "https://www.Example.com/news/1", "published": "2024-03-05T10:00:00+01:00", "lang": "de", "author": " Mira Okonkwo ", "site": "The Harbour Ledger", "extra": [1, 2]}
{"id": "a2", "text": "broken"
{"id": "a3", "text": "Third.", "date": "2017_11_3"}

{"id": "a4"}
{"text": "no id"}
{"id": 5, "text": "number id"}
{"id": "a6", "text": "bad date", "published": "yesterday"}
{"id": "a7", "text": "   "}
[1, 2]
null
{"id": "a8", "text": "Last.", "published": "2024-02-29", "url": "example.org/x"}`

func TestReadGzipText(t *testing.T) {
	dir := t.TempDir()
	gz := func(name, content string) string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(content))
		zw.Close()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page := gz("page.html.gz", "<html>Caf\u00e9</html>\r\n")
	bomb := gz("bomb.txt.gz", strings.Repeat("a", 1<<20))
	notgz := filepath.Join(dir, "fake.txt.gz")
	writeFiles(t, dir, map[string]string{"fake.txt.gz": "plain text"})

	raws, errs := collect(t, Read(t.Context(), []string{page, bomb, notgz}, Options{MaxDocBytes: 1 << 16}))
	if len(raws) != 1 || raws[0].ID != "page.html.gz" || raws[0].ContentType != "text/html" || string(raws[0].Body) != "Caf\u00e9" {
		t.Errorf("docs %+v", raws)
	}
	if len(errs) != 2 || !errors.Is(errs[0], ErrTooLarge) || errs[0].Input != bomb || errs[1].Input != notgz {
		t.Errorf("errors %v, want too large for the bomb and a gzip error", errs)
	}
}

func TestReadJSONL(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"news.jsonl": sampleJSONL})
	p := filepath.Join(dir, "news.jsonl")
	raws, errs := collect(t, Read(t.Context(), []string{p}, Options{}))

	want := []model.Raw{
		{ID: "a1", Source: p + "#example.com", URI: p + ":1", Title: "Hello", URL: "https://www.Example.com/news/1",
			Published: time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC), Lang: "de", Author: "Mira Okonkwo", Site: "The Harbour Ledger",
			Body: []byte("First article.\nSecond line."), ContentType: "text/plain"},
		{ID: "a3", Source: p, URI: p + ":3", Published: time.Date(2017, 11, 3, 0, 0, 0, 0, time.UTC),
			Body: []byte("Third."), ContentType: "text/plain"},
		{ID: "a8", Source: p + "#example.org", URI: p + ":12", URL: "example.org/x",
			Published: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Body: []byte("Last."), ContentType: "text/plain"},
	}
	if len(raws) != len(want) {
		t.Fatalf("got %d docs %v, want %d", len(raws), raws, len(want))
	}
	for i := range want {
		g, w := raws[i], want[i]
		if g.ID != w.ID || g.Source != w.Source || g.URI != w.URI || g.Title != w.Title || g.URL != w.URL ||
			!g.Published.Equal(w.Published) || g.Published.Location() != time.UTC || g.Lang != w.Lang ||
			g.Author != w.Author || g.Site != w.Site ||
			!bytes.Equal(g.Body, w.Body) || g.ContentType != w.ContentType {
			t.Errorf("doc %d:\n got %+v\nwant %+v", i, g, w)
		}
	}

	wantErrs := []struct {
		line int
		err  error
		msg  string
	}{
		{2, ErrMalformed, ":2: malformed JSON"},
		{5, ErrMissing, `:5: missing "text"`},
		{6, ErrMissing, `:6: missing "id"`},
		{7, ErrWrongType, `:7: "id": wrong type: want a string, got a number`},
		{8, ErrBadDate, `:8: "published": bad date "yesterday"`},
		{9, ErrEmpty, `:9: empty "text"`},
		{10, ErrMalformed, ":10: malformed JSON: want an object, got array"},
		{11, ErrMalformed, ":11: malformed JSON: want an object, got null"},
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("got errors %v, want %d", errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		e := errs[i]
		if e.Input != p || e.Line != w.line || !errors.Is(e, w.err) || !strings.HasPrefix(e.Error(), p+w.msg) {
			t.Errorf("error %d: %q (line %d), want line %d %v %q", i, e, e.Line, w.line, w.err, w.msg)
		}
	}
}

func TestReadJSONLGzip(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("\uFEFF{\"id\":\"z1\",\"text\":\"one\"}\n{\"id\":\"z2\",\"text\":\"two\"}\n"))
	zw.Close()
	p := filepath.Join(dir, "feed.ndjson.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// A truncated archive: the complete lines come out, then an error.
	bad := filepath.Join(dir, "cut.jsonl.gz")
	if err := os.WriteFile(bad, buf.Bytes()[:buf.Len()-6], 0o644); err != nil {
		t.Fatal(err)
	}
	raws, errs := collect(t, Read(t.Context(), []string{p}, Options{}))
	if len(errs) != 0 || len(raws) != 2 || raws[0].ID != "z1" || raws[1].URI != p+":2" {
		t.Errorf("got %v, %v", raws, errs)
	}
	_, errs = collect(t, Read(t.Context(), []string{bad}, Options{}))
	if len(errs) != 1 || errs[0].Input != bad {
		t.Errorf("truncated gzip: errors %v, want one", errs)
	}
}

func TestReadJSONLLongLines(t *testing.T) {
	long := `{"id":"long","text":"` + strings.Repeat("x", 200<<10) + `"}`
	input := strings.Join([]string{
		`{"id":"s1","text":"short"}`,
		long,
		`{"id":"s2","text":"` + strings.Repeat("y", 70) + `"}`,
		`{"id":"s3","text":"short"}`,
	}, "\n") + "\n"
	tests := []struct {
		limit int
		ids   []string
		lines []int
	}{
		{limit: 100, ids: []string{"s1", "s2", "s3"}, lines: []int{2}},
		{limit: 60, ids: []string{"s1", "s3"}, lines: []int{2, 3}},
		{limit: 300 << 10, ids: []string{"s1", "long", "s2", "s3"}},
	}
	for _, tt := range tests {
		raws, errs := collect(t, ReadJSONL(t.Context(), strings.NewReader(input), "stdin", Options{MaxLineBytes: tt.limit}))
		var ids []string
		for _, r := range raws {
			ids = append(ids, r.ID)
		}
		var lines []int
		for _, e := range errs {
			if !errors.Is(e, ErrTooLarge) {
				t.Errorf("limit %d: unexpected error %v", tt.limit, e)
			}
			lines = append(lines, e.Line)
		}
		if strings.Join(ids, ",") != strings.Join(tt.ids, ",") || len(lines) != len(tt.lines) || (len(lines) > 0 && lines[0] != tt.lines[0]) {
			t.Errorf("limit %d: docs %v errors at lines %v; want %v and %v", tt.limit, ids, lines, tt.ids, tt.lines)
		}
		if len(raws) > 0 && raws[len(raws)-1].URI != "stdin:4" {
			t.Errorf("limit %d: last URI %q, want stdin:4", tt.limit, raws[len(raws)-1].URI)
		}
	}
}

func TestReadTree(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.txt":                "b",
		"a/z.txt":              "az",
		"a/b/c/deep.txt":       "deep",
		"a/b/feed.jsonl":       `{"id":"j1","text":"one"}` + "\n" + `{"id":"j2","text":"two"}`,
		"a/.hidden.txt":        "hidden",
		".git/config":          "hidden dir",
		"a/.cache/x.txt":       "hidden dir",
		"c/empty.txt":          "",
		"c/Upper.txt":          "upper sorts first",
		"a/b/c/.d/x.txt":       "hidden",
		"a/b/c/.hidden.jsonl":  `{"id":"h","text":"h"}`,
		"a/b/c/visible.ndjson": `{"id":"v","text":"v"}`,
	})
	// A symbolic link back up the tree must not loop; a link to a file is
	// read through.
	if err := os.Symlink("..", filepath.Join(dir, "a", "b", "up")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "b.txt"), filepath.Join(dir, "c", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "c", "broken.txt")); err != nil {
		t.Fatal(err)
	}
	raws, errs := collect(t, Read(t.Context(), []string{dir, filepath.Join(dir, "a", ".hidden.txt")}, Options{}))
	var got []string
	for _, r := range raws {
		rel, _ := filepath.Rel(dir, r.URI)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{
		"a/b/c/deep.txt", "a/b/c/visible.ndjson:1", "a/b/feed.jsonl:1", "a/b/feed.jsonl:2",
		"a/z.txt", "b.txt", "c/Upper.txt", "c/link.txt",
		"a/.hidden.txt", // named explicitly
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("documents\n got %v\nwant %v", got, want)
	}
	var bad []string
	for _, e := range errs {
		rel, _ := filepath.Rel(dir, e.Input)
		bad = append(bad, filepath.ToSlash(rel))
	}
	if strings.Join(bad, " ") != "c/broken.txt c/empty.txt" {
		t.Errorf("errors %v, want c/broken.txt and c/empty.txt", errs)
	}
	if raws[0].Source != filepath.Join(dir, "a", "b", "c") {
		t.Errorf("source %q, want the containing folder", raws[0].Source)
	}
}

func TestReadMissingAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.txt": "fine", "locked/x.txt": "x", "secret.txt": "s"})
	missing := filepath.Join(dir, "missing.txt")
	raws, errs := collect(t, Read(t.Context(), []string{missing, filepath.Join(dir, "ok.txt")}, Options{}))
	if len(raws) != 1 || len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) || errs[0].Input != missing {
		t.Fatalf("got %v, %v; want ok.txt and a not-exist error for %s", raws, errs, missing)
	}
	if got := errs[0].Error(); got != missing+": stat: no such file or directory" {
		t.Errorf("message %q", got)
	}

	if os.Geteuid() == 0 {
		t.Log("running as root: permission checks skipped")
		return
	}
	if err := os.Chmod(filepath.Join(dir, "secret.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	raws, errs = collect(t, Read(t.Context(), []string{dir}, Options{}))
	if len(raws) != 1 || len(errs) != 2 || !errors.Is(errs[0], fs.ErrPermission) || !errors.Is(errs[1], fs.ErrPermission) {
		t.Errorf("got %v, %v; want ok.txt and two permission errors", raws, errs)
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"corpus/001.txt":     {Data: []byte("one")},
		"corpus/sub/002.txt": {Data: []byte("two\r\n")},
		"corpus/.skip.txt":   {Data: []byte("hidden")},
		"corpus/bad.txt":     {Data: []byte{0x50, 0x4b, 0x03, 0x04, 0}},
		"corpus/x.jsonl":     {Data: []byte(`{"id":"x","text":"ex"}`)},
		"other.txt":          {Data: []byte("not under root")},
	}
	raws, errs := collect(t, ReadFS(t.Context(), fsys, "corpus", Options{}))
	var got []string
	for _, r := range raws {
		got = append(got, r.ID+"@"+r.Source+"="+string(r.Body))
	}
	want := "001.txt@corpus=one 002.txt@corpus/sub=two\n x@corpus/x.jsonl=ex"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	if len(errs) != 1 || errs[0].Input != "corpus/bad.txt" || !errors.Is(errs[0], ErrBinary) {
		t.Errorf("errors %v", errs)
	}
	_, errs = collect(t, ReadFS(t.Context(), fsys, "../etc", Options{}))
	if len(errs) != 1 {
		t.Errorf("invalid root: errors %v", errs)
	}
	raws, _ = collect(t, ReadFS(t.Context(), fsys, "", Options{}))
	if len(raws) != 4 {
		t.Errorf("whole FS: %d docs, want 4", len(raws))
	}
}

func TestReadStops(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a", "b.txt": "b", "c.jsonl": "{\"id\":\"c\",\"text\":\"c\"}\n{\"id\":\"d\",\"text\":\"d\"}"})
	n := 0
	for range Read(t.Context(), []string{dir, dir}, Options{}) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("n = %d", n)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var docs int
	var last error
	for _, err := range Read(ctx, []string{dir}, Options{}) {
		if err != nil {
			last = err
			continue
		}
		docs++
		cancel()
	}
	if docs != 1 || !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %d docs, last error %v; want 1 and context.Canceled", docs, last)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-03-05T10:00:00Z", time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC), true},
		{"2024-03-05T10:00:00.5-02:00", time.Date(2024, 3, 5, 12, 0, 0, 5e8, time.UTC), true},
		{"2024-03-05", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), true},
		{"2018_11_09", time.Date(2018, 11, 9, 0, 0, 0, 0, time.UTC), true},
		{"2017_11_3", time.Date(2017, 11, 3, 0, 0, 0, 0, time.UTC), true},
		{"2024-02-30", time.Time{}, false},
		{"05/03/2024", time.Time{}, false},
		{"2024-03-05 10:00:00", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSourceOf(t *testing.T) {
	tests := []struct{ url, want string }{
		{"", "f.jsonl"},
		{"https://www.Example.com:8080/a", "f.jsonl#example.com"},
		{"http://news.bbc.co.uk/x", "f.jsonl#news.bbc.co.uk"},
		{"example.org/path", "f.jsonl#example.org"},
		{"not a url %%", "f.jsonl"},
		{"/relative/only", "f.jsonl"},
	}
	for _, tt := range tests {
		if got := sourceOf("f.jsonl", tt.url); got != tt.want {
			t.Errorf("sourceOf(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestParseLineErrors(t *testing.T) {
	tests := []struct {
		line string
		err  error
		msg  string
	}{
		{`{"id":"a","text":"t","title":{"x":1}}`, ErrWrongType, `"title": wrong type: want a string, got an object`},
		{`{"id":"a","text":"t","published":1700000000}`, ErrWrongType, `"published": wrong type: want a string, got a number`},
		{`{"id":"a","text":"t","lang":true}`, ErrWrongType, `"lang": wrong type: want a string, got a boolean`},
		{`{"id":["a"],"text":"t"}`, ErrWrongType, `"id": wrong type: want a string, got an array`},
		{`{"id":"a","text":"t","date":"2017-13-01"}`, ErrBadDate, `"date": bad date "2017-13-01"`},
		{`{"id":"a","text":"t","published":"2017-01-01","date":"junk"}`, nil, ""},
		{`{"id":"a","text":null}`, ErrMissing, `missing "text"`},
		{`{"id":"","text":"t"}`, ErrEmpty, `empty "id"`},
		{`{"id":"a","text":"t\u0000x"}`, ErrBinary, `"text": binary: NUL byte at offset 1`},
		{"{\"id\":\"a\",\"text\":\"caf\xe9\"}", ErrInvalidUTF8, "invalid UTF-8 at byte offset 21"},
		{`"just a string"`, ErrMalformed, "want an object, got string"},
		{`{"id":"a","text":"t"} trailing`, ErrMalformed, "malformed JSON"},
		{`{"id":"a","text":"t","published":null,"title":null}`, nil, ""},
	}
	for _, tt := range tests {
		_, err := parseLine([]byte(tt.line), DefaultMaxDocBytes)
		if tt.err == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.line, err)
			}
			continue
		}
		if !errors.Is(err, tt.err) || !strings.Contains(fmt.Sprint(err), tt.msg) {
			t.Errorf("%s: error %v, want %v containing %q", tt.line, err, tt.err, tt.msg)
		}
	}
	if _, err := parseLine([]byte(`{"id":"a","text":"0123456789"}`), 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("text over MaxDocBytes: %v", err)
	}
}

// utf16Bytes encodes s as UTF-16 in the given byte order.
func utf16Bytes(order binary.AppendByteOrder, s string) string {
	var b []byte
	for _, u := range utf16std.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return string(b)
}
