package story

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// cueWords are the pieces the random texts of TestReversed are made
// of: cue words of the victim patterns, names, the letters that fold
// outside ASCII (K, ſ), punctuation and spaces.
var cueWords = []string{
	"attack", "attacks", "on", "against", "of", "the", "city", "hit", "HIT", "by", "hackers", "stole", "$4m", "from",
	"broke", "into", "shut", "down", "knocked", "out", "paralyzed", "ransomware", "breach", "was", "has", "been",
	"your", "my", "Acme", "Saltmarsh", "council", "network", "’s", "'s", "systems", "again", "targeting", "seized",
	"hitſ", "\u212Anocked", "Stadt", "Störung", "x-hit", "hit2", "_on", "a", "in", "at", "€", "1,000",
}

var cuePunct = []string{" ", " ", " ", "  ", "\n", ", ", ". ", "-", "", "(", "\t"}

// randomText joins n random cue words with random separators.
func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(cueWords[rng.IntN(len(cueWords))])
		b.WriteString(cuePunct[rng.IntN(len(cuePunct))])
	}
	return b.String()
}

func backString(s string) []byte { return backwards(nil, []rune(s)) }

// checkReversed fails t when re and its reversal disagree on s.
func checkReversed(t *testing.T, re *regexp.Regexp, back anyOf, s string) {
	t.Helper()
	if got, want := back.Match(backString(s)), re.MatchString(s); got != want {
		t.Errorf("%v on %q: reversed %v, forward %v", re, s, got, want)
	}
}

// TestReversed: the reversed cue patterns match a text read backwards
// exactly where the patterns match it.
func TestReversed(t *testing.T) {
	cases := []string{
		"", " ", "a ransomware attack on ", "hackers broke into the ", "attacks on the city of the ",
		"stole $4m, files and more from ", "Acme said it was hit ", "how to know if your ", "my  ", "hit",
		"hitſ ", "x-hit ", "hit2 ", "the \u212Anocked out ", "paralyzed ", "paralyzed_2 ",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		cases = append(cases, randomText(rng, 1+rng.IntN(12)))
	}
	matched := 0
	for _, s := range cases {
		checkReversed(t, victimBefore.Regexp, victimBeforeBack, s)
		checkReversed(t, readerOwn, readerOwnBack, s)
		if victimBefore.MatchString(s) {
			matched++
		}
	}
	if matched < 100 {
		t.Errorf("only %d of %d texts end with a cue: the test says little", matched, len(cases))
	}
	// A pattern with every kind of node.
	re := regexp.MustCompile(`(?im)^(?:ab|c[d-f]+)\b\s*(x{2,3})?z*?$|\Aq(?:r|)\z`)
	back := reversed(re)
	for _, s := range append(cases, "ab", "cdd xx", "q", "qr", "ab\ncee", "zab") {
		checkReversed(t, re, back, s)
	}
}

func FuzzReversed(f *testing.F) {
	for _, s := range []string{"attack on ", "your ", "hackers stole data from the ", "hitſ "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = string([]rune(s)) // as victimsOf's windows: valid UTF-8
		checkReversed(t, victimBefore.Regexp, victimBeforeBack, s)
		checkReversed(t, readerOwn, readerOwnBack, s)
	})
}

// outletWords are pieces of the random texts of TestRunsOf.
var outletWords = []string{
	"told", "the", "Harbour", "Gazette", "Gazette’s", "understands", "has", "learned", "found", "asked", "said",
	"statement", "to", "emailed", "TechCrunch", "U.K.", "Hastings.", "a", "reporter", "last", "week", "earlier",
	"this", "month", "as", "previously", "reported", "Störung", "\u212Aelvin", "ſtatement", "x_told", "2told",
	"attack", "on", "years", "ago", "2016", "The", "Ledger", "ASKED",
}

var outletPunct = []string{" ", " ", " ", ", ", ". ", "\n\n", ": ", "; ", "(", ")", "\"", "“", "—", "-", "'", "’", ""}

// TestRunsOf: an expression's matches in a text are those found in the
// runs of its alphabet one by one.
func TestRunsOf(t *testing.T) {
	res := []*regexp.Regexp{outletPatterns[0].Regexp, outletPatterns[1].Regexp, laterRe.Regexp, pastRe.Regexp,
		regexp.MustCompile(`(?i)\bk[a-c]+\b`), regexp.MustCompile(`x\s+\p{Lu}\w*`)}
	for _, bad := range []string{`a.b`, `^ab`, `ab$`, `a*`, `\bx?`, `[^a]b`} {
		if a := alphabetOf(regexp.MustCompile(bad)); a != nil && bad != `[^a]b` {
			t.Errorf("alphabetOf(%s) is not nil", bad)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var texts []string
	for range 10000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(outletWords[rng.IntN(len(outletWords))])
			b.WriteString(outletPunct[rng.IntN(len(outletPunct))])
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, "", "kab", "Kab Kbc", "x  Émile", "x\tÉmile_2")
	found := 0
	for _, re := range res {
		a := alphabetOf(re)
		if a == nil {
			t.Fatalf("alphabetOf(%v) = nil", re)
		}
		for _, s := range texts {
			want := re.FindAllStringSubmatchIndex(s, -1)
			var got [][]int
			runsOf(s, a, func(at int, run string) {
				for _, m := range re.FindAllStringSubmatchIndex(run, -1) {
					for i := range m {
						if m[i] >= 0 {
							m[i] += at
						}
					}
					got = append(got, m)
				}
			})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v on %q: by runs %v, whole %v", re, s, got, want)
			}
			found += len(want)
		}
	}
	if found < 1000 {
		t.Errorf("only %d matches: the test says little", found)
	}
}

// yearRe is what earlierYear looks for.
var yearRe = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

// TestEarlierYear: earlierYear finds what yearRe finds.
func TestEarlierYear(t *testing.T) {
	pieces := []string{"1999", "2016", "2024", "2030", "1899", "20161", "x2016", "2016x", "_2016", "19", "20", "in", "é", "2015é", " ", ", ", "-", "(", "１９９９"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s, year := b.String(), 2010+rng.IntN(20)
		want := false
		for _, y := range yearRe.FindAllString(s, -1) {
			if atoi(y) < year {
				want = true
			}
		}
		if got := earlierYear(s, year); got != want {
			t.Fatalf("earlierYear(%q, %d) = %v, want %v", s, year, got, want)
		}
	}
}

// TestSplit: an expression split at its alternations matches where it
// does.
func TestSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var texts []string
	starts := []string{" ", " ", "’s ", "'", "\n", ""}
	for range 20000 {
		// As the text after a name: mostly a space first.
		texts = append(texts, starts[rng.IntN(len(starts))]+randomText(rng, 1+rng.IntN(6)))
	}
	if len(victimAfterParts) < 2 {
		t.Errorf("victimAfter in %d parts", len(victimAfterParts))
	}
	matched := 0
	for _, s := range texts {
		got, want := victimAfterParts.Match([]byte(s)), victimAfter.MatchString(s)
		if got != want {
			t.Fatalf("victimAfter on %q: split %v, whole %v", s, got, want)
		}
		if want {
			matched++
		}
	}
	if matched < 100 {
		t.Errorf("only %d of %d texts match: the test says little", matched, len(texts))
	}
}

// TestLiteralHits: a piece of an ASCII text holds one of an expression's
// literals exactly when literalHits says so.
func TestLiteralHits(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, re := range []*textre.Regexp{pastRe, outletPatterns[0], outletPatterns[1], laterRe} {
		lits := re.Literals()
		for range 300 {
			var b strings.Builder
			for range rng.IntN(30) {
				b.WriteString(outletWords[rng.IntN(len(outletWords))])
				b.WriteString(" ")
			}
			text := strings.ToValidUTF8(b.String(), "")
			text = strings.Map(func(r rune) rune {
				if r >= utf8.RuneSelf {
					return 'x'
				}
				return r
			}, text)
			c, _ := canonText(text)
			hits := newLiteralHits(c, lits)
			for range 20 {
				lo := rng.IntN(len(text) + 1)
				hi := lo + rng.IntN(len(text)-lo+1)
				want := slices.ContainsFunc(lits, func(l string) bool { return strings.Contains(strings.ToUpper(text[lo:hi]), l) })
				if got := hits.within(lo, hi); got != want {
					t.Fatalf("%v in %q[%d:%d]: %v, want %v", lits, text, lo, hi, got, want)
				}
			}
		}
	}
}

// TestOutletsWhole: Outlets finds what the outlet patterns find over
// the whole text.
func TestOutletsWhole(t *testing.T) {
	whole := func(text string) map[string]int {
		counts := map[string]int{}
		for i, re := range outletPatterns {
			for _, m := range re.Regexp.FindAllStringSubmatch(text, -1) {
				countOutlet(counts, m, i)
			}
		}
		return counts
	}
	rng := rand.New(rand.NewPCG(13, 14))
	texts := []string{smGazette, smGazetteDE, smFollowUp, smFollowUpShort, smCourier, smFR, brackenridge}
	for range 5000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(outletWords[rng.IntN(len(outletWords))])
			b.WriteString(outletPunct[rng.IntN(len(outletPunct))])
		}
		texts = append(texts, b.String())
	}
	found := 0
	for _, s := range texts {
		want := whole(s)
		if got := Outlets(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Outlets(%q) = %v, want %v", s, got, want)
		}
		found += len(want)
	}
	if found < 500 {
		t.Errorf("only %d outlets found: the test says little", found)
	}
}

// TestPastSentences: pastSentences is isPast of each sentence.
func TestPastSentences(t *testing.T) {
	texts := []string{smGazette, smFollowUp, smCourier, smFR, brackenridge,
		"Acme was hit on Monday. A similar attack last year hit Beta.\n\nIn 2016 Gamma was breached. Years ago, nothing.",
		"Der Angriff vor zwei Jahren traf Delta. Letztes Jahr auch.",
		"Éric a dit « c’est grave ». L'année dernière, Zeta avait été piratée. L'an dernier aussi, en 2019.",
		"Ölwerk “hit” again. A ſimilar attack last year hit Eta."}
	n := 0
	for _, text := range texts {
		d := analyze.Analyze(extract.Clean(model.Raw{ID: "x", Body: []byte(text), Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, nil))
		c, ok := canonText(d.Text)
		got := pastSentences(&d, 2020, c, ok)
		for i, s := range d.Sentences {
			if want := isPast(s.Text, 2020); got[i] != want {
				t.Errorf("sentence %q: past %v, want %v", s.Text, got[i], want)
			}
			if got[i] {
				n++
			}
		}
	}
	if n < 3 {
		t.Errorf("only %d past sentences: the test says little", n)
	}
}

// TestCanonText: canonText is textre's canonical form where it keeps
// every code point's length.
func TestCanonText(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"told the Gazette":       "TOLD THE GAZETTE",
		"l'année dernière, “ok”": "L'ANNÉE DERNIÈRE, “OK”",
		"Störung ÆØ ß":           "STÖRUNG ÆØ ß",
		"Ελλάδα":                 "ΕΛΛΆΔΑ",
	} {
		if got, ok := canonText(in); !ok || got != want {
			t.Errorf("canonText(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"ſtatement", "\u212Aelvin", "bad \xff byte"} {
		if _, ok := canonText(in); ok {
			t.Errorf("canonText(%q) is ok: its canonical form changes length", in)
		}
	}
}
