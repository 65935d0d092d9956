package htmltext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract feeds arbitrary bytes to the HTML path: it must not panic,
// and any text it returns is valid UTF-8 with paragraphs on one line each.
func FuzzExtract(f *testing.F) {
	f.Add([]byte("<p>Hello world, this is a page.</p>"))
	f.Add([]byte("<html><head><title>T</title></head><body><article><h1>T</h1><p>Body text.</p></article></body></html>"))
	f.Add([]byte("<table><tr><td>a<td>b</table><ul><li>x"))
	f.Add([]byte("\xff\xfe<\x00p\x00>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		p, err := Extract(page, Options{NoFallback: len(page)%2 == 0})
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("invalid UTF-8 in %q / %q", p.Title, p.Text)
		}
		for _, para := range strings.Split(p.Text, "\n\n") {
			if para == "" || strings.Contains(para, "\n") {
				t.Fatalf("bad paragraph %q in %q", para, p.Text)
			}
		}
	})
}
