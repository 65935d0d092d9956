package incident_test

import (
	"reflect"
	"regexp"
	"regexp/syntax"
	"sync"
	"testing"
	"unicode"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
	"github.com/casefile/casefile/internal/textre/textretest"
)

// TestPatternsSound: every pattern of the package finds with textre's
// prefilter and leads what Go's regexp finds, in the sentences of the
// test stories and in the texts before and after each word of them,
// which is what the rules run the patterns on.
func TestPatternsSound(t *testing.T) {
	var texts []string
	for _, dir := range []string{"testdata/harbour", "testdata/waterboard"} {
		for _, d := range docsOf(storyBodies(t, dir)...) {
			texts = append(texts, d.Title)
			for _, s := range d.Sentences {
				texts = append(texts, s.Text)
			}
		}
	}
	exprs := textre.Exprs()
	for _, e := range exprs {
		f, r := textre.MustCompile(e), regexp.MustCompile(e)
		for _, s := range texts {
			if err := textretest.Compare(f, r, s); err != nil {
				t.Fatal(err)
			}
			if testing.Short() {
				continue
			}
			for i := 0; i < len(s); i++ {
				if s[i] != ' ' {
					continue
				}
				// before a name (ending in a space), after it (from the space on)
				for _, sub := range []string{s[:i+1], s[i:]} {
					if err := textretest.Quick(f, r, sub); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if len(exprs) < 100 {
		t.Errorf("only %d patterns compiled", len(exprs))
	}
}

// TestExtractConcurrent: stories extracted at once on several goroutines
// (as the pipeline does) get the records they get one at a time; the
// patterns' caches are shared.
func TestExtractConcurrent(t *testing.T) {
	var stories [][]model.Doc
	for _, dir := range []string{"testdata/harbour", "testdata/waterboard"} {
		stories = append(stories, docsOf(storyBodies(t, dir)...))
	}
	// At once first, so that the patterns' first uses race too.
	var wg sync.WaitGroup
	got := make([]model.Incident, 8)
	for k := range got {
		wg.Go(func() { got[k] = incident.Extract("s", stories[k%len(stories)], incident.Options{}) })
	}
	wg.Wait()
	want := make([]model.Incident, len(stories))
	for i, docs := range stories {
		want[i] = incident.Extract("s", docs, incident.Options{})
	}
	for k, inc := range got {
		if !reflect.DeepEqual(inc, want[k%len(stories)]) {
			t.Errorf("goroutine %d: record differs from the one extracted alone", k)
		}
	}
}

// TestPatternsWordBoundaries: Go's \b knows only ASCII word characters,
// so a \b next to a letter such as "é" or "ü" never matches where it is
// meant to ("touchée\b" fails before a space). No pattern of the package
// may put one there.
func TestPatternsWordBoundaries(t *testing.T) {
	for _, e := range textre.Exprs() {
		re, err := syntax.Parse(e, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if where := boundaryByNonASCII(re.Simplify()); where != "" {
			t.Errorf("%s: \\b beside a non-ASCII letter (%s)", e, where)
		}
	}
}

// edge is what a subexpression may start or end with.
type edge struct{ nonASCII, empty bool }

func (a edge) or(b edge) edge { return edge{a.nonASCII || b.nonASCII, a.empty || b.empty} }

func nonASCIILetter(r rune) bool {
	return r > 127 && unicode.IsLetter(r) && r != 'ſ' && r != '\u212a'
}

// ends reports what re may start (first) or end (!first) with.
func ends(re *syntax.Regexp, first bool) edge {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return edge{empty: true}
		}
		r := re.Rune[len(re.Rune)-1]
		if first {
			r = re.Rune[0]
		}
		return edge{nonASCII: nonASCIILetter(r)}
	case syntax.OpCharClass:
		// Letters written out ("[uú]"), not the broad classes (\p{L})
		// nor the letters case folding adds to \w (ſ, the Kelvin sign).
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		if len(re.Rune) > 8 || n > 1000 {
			return edge{}
		}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := max(re.Rune[i], 128); r <= re.Rune[i+1]; r++ {
				if nonASCIILetter(r) {
					return edge{nonASCII: true}
				}
			}
		}
		return edge{}
	case syntax.OpCapture:
		return ends(re.Sub[0], first)
	case syntax.OpStar, syntax.OpQuest:
		e := ends(re.Sub[0], first)
		e.empty = true
		return e
	case syntax.OpPlus, syntax.OpRepeat:
		e := ends(re.Sub[0], first)
		if re.Op == syntax.OpRepeat && re.Min == 0 {
			e.empty = true
		}
		return e
	case syntax.OpAlternate:
		var e edge
		for _, s := range re.Sub {
			e = e.or(ends(s, first))
		}
		return e
	case syntax.OpConcat:
		subs := re.Sub
		out := edge{empty: true}
		for k := range subs {
			s := subs[k]
			if !first {
				s = subs[len(subs)-1-k]
			}
			e := ends(s, first)
			out.nonASCII = out.nonASCII || e.nonASCII
			if !e.empty {
				out.empty = false
				return out
			}
		}
		return out
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return edge{empty: true}
	}
	return edge{}
}

// boundaryByNonASCII finds a \b that a non-ASCII letter may precede or
// follow, and describes it; "" if there is none.
func boundaryByNonASCII(re *syntax.Regexp) string {
	if re.Op == syntax.OpConcat {
		for k, s := range re.Sub {
			if s.Op != syntax.OpWordBoundary {
				continue
			}
			if k > 0 && ends(&syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[:k]}, false).nonASCII {
				return "after " + re.Sub[k-1].String()
			}
			if k+1 < len(re.Sub) && ends(&syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[k+1:]}, true).nonASCII {
				return "before " + re.Sub[k+1].String()
			}
		}
	}
	for _, s := range re.Sub {
		if w := boundaryByNonASCII(s); w != "" {
			return w
		}
	}
	return ""
}

// TestPatternsCaseClasses fails on a pattern where case-insensitive
// matching widens \p{Lu} or \p{Ll}: under (?i) Go folds them into every
// cased letter, so "(?i)in \p{Lu}\w+" takes "in the" for a name. Such a
// class must sit in a (?-i:…) group. A folded class is told by holding
// both cases of ASCII letters and many letters beyond ASCII, but no
// uncased letter (the ones \p{L} has, such as あ).
func TestPatternsCaseClasses(t *testing.T) {
	for _, e := range textre.Exprs() {
		re, err := syntax.Parse(e, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if where := foldedCaseClass(re); where != "" {
			t.Errorf("%s: (?i) widens a case class (%s)", e, where)
		}
	}
}

func foldedCaseClass(re *syntax.Regexp) string {
	if re.Op == syntax.OpCharClass {
		has := func(r rune) bool {
			for i := 0; i+1 < len(re.Rune); i += 2 {
				if re.Rune[i] <= r && r <= re.Rune[i+1] {
					return true
				}
			}
			return false
		}
		if has('a') && has('A') && has('é') && has('É') && !has('あ') {
			return re.String()
		}
	}
	for _, s := range re.Sub {
		if w := foldedCaseClass(s); w != "" {
			return w
		}
	}
	return ""
}
