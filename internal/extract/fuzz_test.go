package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
)

func FuzzClean(f *testing.F) {
	f.Add([]byte("Headline of a story\n\n3 hours ago\nADVERTISEMENT\n\nThe first sentence is here. And another.\n\nRead more\n\nfeed-1\n"), "")
	f.Add([]byte("HomeNewsHeadline of a story\r\n\r\nHeadline of a story\r\n\r\nBody text, a sentence.\r\n"), "Headline of a story")
	f.Add([]byte("Do you know more? Reach me on Signal at +1 555 0100 or by email.\n"), "")
	f.Add([]byte("\xff\xfe\n\n\n\u00a0\n- item\n1. x"), "")
	f.Fuzz(func(t *testing.T, body []byte, title string) {
		raw := model.Raw{ID: "f", Source: "fuzz", Title: title, Body: body}
		rep := NewRepeated()
		rep.Add(raw)
		rep.Add(model.Raw{ID: "g", Source: "fuzz", Body: append([]byte("other document\n"), body...)})
		for _, r := range []*Repeated{nil, rep} {
			a := Clean(raw, r)
			lines := splitLines(body)
			prev := 0
			for _, rm := range a.Removed {
				if rm.Line <= prev || rm.Line > len(lines) {
					t.Fatalf("removed line %d out of order or range (prev %d, %d lines)", rm.Line, prev, len(lines))
				}
				prev = rm.Line
				l := lines[rm.Line-1]
				if rm.Text != l.raw || l.blank() || rm.Rule == "" {
					t.Fatalf("removal %+v does not match raw line %q", rm, l.raw)
				}
				if rm.Line == a.TitleLine {
					t.Fatalf("title line %d also removed", rm.Line)
				}
			}
			if a.TitleLine < 0 || a.TitleLine > len(lines) || (a.TitleLine > 0 && lines[a.TitleLine-1].blank()) {
				t.Fatalf("title line %d invalid", a.TitleLine)
			}
			if !utf8.ValidString(a.Text) || strings.Contains(a.Text, "\n\n\n") || a.Text != strings.TrimSpace(a.Text) {
				t.Fatalf("bad text %q", a.Text)
			}
			if len(a.Hash) != 64 {
				t.Fatalf("hash %q", a.Hash)
			}
		}
	})
}
