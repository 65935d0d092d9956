package dedup

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/casefile/casefile/internal/model"
)

func TestSignExact(t *testing.T) {
	base := "Eastmere Water Authority said on Tuesday that its billing portal was offline after a cyber attack."
	tests := []struct {
		name string
		text string
		same bool
	}{
		{"identical", base, true},
		{"case and spacing", strings.ToUpper(base[:20]) + base[20:] + "\r\n", true},
		{"punctuation and line breaks", strings.ReplaceAll(base, " ", "\n  ") + "!!", true},
		{"decomposed accents", "Cafe\u0301 de la Gare", false}, // compared with the composed form below
		{"full-width digits", "Ｒｅｐｏｒｔ ２０２４", false},
		{"one word changed", strings.Replace(base, "Tuesday", "Monday", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.same != (Sign(tt.text).Exact == Sign(base).Exact) {
				t.Errorf("exact hash equal to the base: %v, want %v", !tt.same, tt.same)
			}
		})
	}
	pairs := [][2]string{
		{"Café de la Gare", "Cafe\u0301 de la Gare"},
		{"Report 2024", "Ｒｅｐｏｒｔ ２０２４"},
		{"Störungen", "STÖRUNGEN"},
	}
	for _, p := range pairs {
		if Sign(p[0]).Exact != Sign(p[1]).Exact {
			t.Errorf("%q and %q: exact hashes differ", p[0], p[1])
		}
	}
}

// paragraphs returns n distinct synthetic paragraphs of made-up words.
func paragraphs(seed, n int) []string {
	out := make([]string, n)
	for p := range out {
		var b strings.Builder
		for w := 0; w < 40; w++ {
			fmt.Fprintf(&b, "w%dx%dy%d ", seed, p, (w*7919+seed*31+p)%97)
		}
		out[p] = b.String()
	}
	return out
}

func TestNearIndex(t *testing.T) {
	orig := paragraphs(1, 8)
	text := strings.Join(orig, "\n\n")
	reordered := append([]string{}, orig[4:]...)
	reordered = append(reordered, orig[:4]...)
	tests := []struct {
		name        string
		text        string
		want        bool // found as a near-duplicate of the original
		minJ, maxJ  float64
		minContains float64 // estimated fraction of the query in the original
	}{
		{"exact copy", text, true, 1, 1, 1},
		{"copy with junk lines", "Advertisement\n\n" + text + "\n\nShare this article", true, 0.85, 1, 0.9},
		{"reordered paragraphs", strings.Join(reordered, "\n\n"), true, 0.75, 1, 0.75},
		{"excerpt: first half", strings.Join(orig[:4], "\n\n"), true, 0.3, 0.7, 0.8},
		{"unrelated", strings.Join(paragraphs(2, 8), "\n\n"), false, 0, 0.1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := NewNearIndex(0)
			// Unrelated documents around the original, to fill buckets.
			for i := 10; i < 60; i++ {
				idx.Add(Sign(strings.Join(paragraphs(i, 6), "\n\n")), 0.5, 0.8)
			}
			od, _ := idx.Add(Sign(text), 0.5, 0.8)
			sig := Sign(tt.text)
			found := idx.Query(&sig, 0.5, 0.8)
			var hit *Near
			for i := range found {
				if found[i].Doc == od {
					hit = &found[i]
				} else {
					t.Errorf("found unrelated document %d: %+v", found[i].Doc, found[i])
				}
			}
			if (hit != nil) != tt.want {
				t.Fatalf("found the original: %v, want %v (%+v)", hit != nil, tt.want, found)
			}
			o := idx.Signature(od)
			if j := sig.Jaccard(&o); j < tt.minJ || j > tt.maxJ {
				t.Errorf("estimated Jaccard %.2f, want in [%.2f, %.2f]", j, tt.minJ, tt.maxJ)
			}
			if c := sig.Containment(&o); c < tt.minContains {
				t.Errorf("estimated containment %.2f, want at least %.2f", c, tt.minContains)
			}
		})
	}
}

func TestNearIndexGrows(t *testing.T) {
	idx := NewNearIndex(0)
	const n = 3000 // several doublings of the 1024-slot tables
	for i := range n {
		if _, found := idx.Add(Sign(strings.Join(paragraphs(i, 2), "\n")), 0.5, 0.8); len(found) != 0 {
			t.Fatalf("document %d: found %v among unrelated documents", i, found)
		}
	}
	if idx.Len() != n {
		t.Fatalf("Len = %d, want %d", idx.Len(), n)
	}
	for _, i := range []int{0, 1, 1023, 2047, n - 1} {
		sig := Sign(strings.Join(paragraphs(i, 2), "\n"))
		found := idx.Query(&sig, 0.5, 0.8)
		if len(found) != 1 || found[0].Doc != uint32(i) || !found[0].Exact {
			t.Errorf("document %d: found %+v, want itself, exactly", i, found)
		}
	}
}

func FuzzSign(f *testing.F) {
	for _, s := range []string{"", "a", "Störungen im Müllheizkraftwerk", "Ｒｅｐｏｒｔ ２０２４", "one two three four five six", "\xff\xfe", "e\u0301\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := Sign(s), Sign(s)
		if a != b {
			t.Fatalf("Sign is not deterministic on %q", s)
		}
		if j := a.Jaccard(&b); j != 1 {
			t.Fatalf("Jaccard with itself %v", j)
		}
		if utf8.ValidString(s) && a.Exact != Sign(strings.ToUpper(s)).Exact && strings.ToLower(strings.ToUpper(s)) == strings.ToLower(s) && !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) {
			t.Fatalf("case changes the exact hash of %q", s)
		}
		idx := NewNearIndex(0)
		idx.Add(a, 0.5, 0.8)
		if found := idx.Query(&b, 0.5, 0.8); len(found) == 0 || !found[0].Exact {
			t.Fatalf("a text does not find itself: %+v", found)
		}
	})
}

func TestLinkSameArticleTwoEncodings(t *testing.T) {
	text := testdata(t, "water-de")
	nfd := norm.NFD.String(strings.ReplaceAll(text, "\n", "\r\n"))
	if nfd == text {
		t.Fatal("premise: the NFD, CRLF form should differ byte for byte")
	}
	docs := []model.Doc{doc("utf8-nfc", "a", text, time.Time{}), doc("utf8-nfd-crlf", "b", nfd, time.Time{})}
	if Sign(text).Exact != Sign(nfd).Exact {
		t.Errorf("exact hashes differ")
	}
	groups, edges := Link(docs, Options{})
	if len(groups) != 1 || len(edges) != 1 || edges[0].Kind != model.RelCopy || edges[0].Score != 1 {
		t.Errorf("got groups %v, edges %v; want one group joined by a copy edge scoring 1", relations(groups), edges)
	}
}
