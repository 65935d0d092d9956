package analyze

import (
	"strings"
	"testing"
	"unicode"

	"github.com/casefile/casefile/internal/model"
)

// checkSentences asserts the invariants of Sentences: spans in range, in
// order, not overlapping, trimmed, Text equal to the span's runes, and
// every non-space rune inside a sentence.
func checkSentences(t *testing.T, text string, ss []model.Sentence) {
	t.Helper()
	rs := []rune(text)
	prev := 0
	for _, s := range ss {
		if s.Start < prev || s.End <= s.Start || s.End > len(rs) {
			t.Fatalf("sentence span %v out of order or range (prev end %d, %d runes)", s.Span, prev, len(rs))
		}
		for _, r := range rs[prev:s.Start] {
			if !unicode.IsSpace(r) {
				t.Fatalf("rune %q before %v in no sentence", r, s.Span)
			}
		}
		if got := string(rs[s.Start:s.End]); got != s.Text {
			t.Fatalf("sentence text %q, span runes %q", s.Text, got)
		}
		if unicode.IsSpace(rs[s.Start]) || unicode.IsSpace(rs[s.End-1]) {
			t.Fatalf("sentence %q not trimmed", s.Text)
		}
		prev = s.End
	}
	if strings.TrimFunc(string(rs[prev:]), unicode.IsSpace) != "" {
		t.Fatalf("text after the last sentence: %q", string(rs[prev:]))
	}
}

// checkAnchors asserts the invariants of Anchors: spans in range and
// ordered by start, Surface equal to the span's runes, keys not empty.
func checkAnchors(t *testing.T, text string, as []model.Anchor) {
	t.Helper()
	rs := []rune(text)
	prev := 0
	for _, a := range as {
		if a.Start < prev || a.End <= a.Start || a.End > len(rs) {
			t.Fatalf("anchor %+v out of order or range (prev start %d, %d runes)", a, prev, len(rs))
		}
		if got := string(rs[a.Start:a.End]); got != a.Surface {
			t.Fatalf("anchor surface %q, span runes %q", a.Surface, got)
		}
		if a.Key == "" {
			t.Fatalf("anchor %+v without key", a)
		}
		if (a.Kind == model.AnchorNumber || a.Kind == model.AnchorPhone) && strings.TrimFunc(a.Key, unicode.IsDigit) != "" {
			t.Fatalf("%s key %q is not digits", a.Kind, a.Key)
		}
		prev = a.Start
	}
}

var fuzzSeeds = []string{
	"Dr. Jane Roe met Mr. Smith. They talked about the U.K. and 3.5 percent.",
	"Er sagte: „Das ist falsch.“ Danach am 5. März… Nr. 5!\n\nNeuer Absatz",
	"« C’est faux. » Ensuite, l’ICO a appelé +44 20 7946 0018 ou 0800 123 4567.",
	"See https://www.example.org/a_(b). Mail a@b.co, visit ncsc.gov.uk; CVE-2024-21887, 500 000 and 500,000.",
	"攻撃があった。市は調査している。\"quoted\" ‘single’ ‚low‘ »german« «",
	"\xff\xfe. A. B.\n\n\n. ? ! … “",
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSentences(t, text, Sentences(text))
	})
}

func FuzzAnchors(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "")
		f.Add(s, "de")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		checkAnchors(t, text, AnchorsLang(text, lang))
	})
}
