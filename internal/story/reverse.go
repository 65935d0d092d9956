package story

import (
	"cmp"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reversed compiles the mirror image of re: it matches a text read
// backwards exactly where re matches the text (as expressions small
// enough for backtracking, see splitRegexp). An expression anchored
// at the end of the text ("... $") becomes one anchored at its start,
// which Go's regexp tries at one position instead of at every one: the
// victim cues are asked whether a window of text just before a name
// ends with a cue, and most windows fail on their last few letters.
func reversed(re *regexp.Regexp) anyOf {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // re compiled from the same text
	}
	return splitRegexp(reverseSyntax(t))
}

// split is re as expressions small enough for backtracking (see
// splitRegexp).
func split(re *regexp.Regexp) anyOf {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // re compiled from the same text
	}
	return splitRegexp(t)
}

// reverseSyntax reverses t in place and returns it: concatenations and
// literals read backwards, text and line anchors trade ends. Word
// boundaries, classes and repetitions look the same both ways.
func reverseSyntax(t *syntax.Regexp) *syntax.Regexp {
	switch t.Op {
	case syntax.OpLiteral:
		for i, j := 0, len(t.Rune)-1; i < j; i, j = i+1, j-1 {
			t.Rune[i], t.Rune[j] = t.Rune[j], t.Rune[i]
		}
	case syntax.OpConcat:
		for i, j := 0, len(t.Sub)-1; i < j; i, j = i+1, j-1 {
			t.Sub[i], t.Sub[j] = t.Sub[j], t.Sub[i]
		}
	case syntax.OpBeginLine:
		t.Op = syntax.OpEndLine
	case syntax.OpEndLine:
		t.Op = syntax.OpBeginLine
	case syntax.OpBeginText:
		t.Op = syntax.OpEndText
	case syntax.OpEndText:
		t.Op = syntax.OpBeginText
		t.Flags &^= syntax.WasDollar
	}
	for _, s := range t.Sub {
		reverseSyntax(s)
	}
	return t
}

// backwards appends the runes of rs to buf in reverse order.
func backwards(buf []byte, rs []rune) []byte {
	for i := len(rs) - 1; i >= 0; i-- {
		buf = utf8.AppendRune(buf, rs[i])
	}
	return buf
}

// appendRunes appends the runes of rs to buf.
func appendRunes(buf []byte, rs []rune) []byte {
	for _, r := range rs {
		buf = utf8.AppendRune(buf, r)
	}
	return buf
}

// alphabet is the set of code points an expression's matches can be
// made of (see runsOf).
type alphabet struct {
	ascii [utf8.RuneSelf]bool
	other [][2]rune // sorted, disjoint inclusive ranges above ASCII
}

func (a *alphabet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && a.ascii[r]
	}
	for _, rg := range a.other {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}

func (a *alphabet) add(lo, hi rune) {
	for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
		a.ascii[r] = true
	}
	if hi >= utf8.RuneSelf {
		a.other = append(a.other, [2]rune{max(lo, utf8.RuneSelf), hi})
	}
}

// alphabetOf returns the code points re's matches can be made of, with
// the ASCII word characters (which \b looks at) added; nil when a match
// can be any text (. or a negated class), can be empty, or depends on
// where the text starts or ends (^, $): then a text cannot be cut into
// pieces matched alone.
func alphabetOf(re *regexp.Regexp) *alphabet {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // re compiled from the same text
	}
	if nullable(t) {
		return nil
	}
	a := &alphabet{}
	for _, r := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz" {
		a.add(r, r)
	}
	var walk func(t *syntax.Regexp) bool
	walk = func(t *syntax.Regexp) bool {
		switch t.Op {
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
			return false
		case syntax.OpLiteral:
			for _, r := range t.Rune {
				a.add(r, r)
				if t.Flags&syntax.FoldCase != 0 {
					for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
						a.add(f, f)
					}
				}
			}
		case syntax.OpCharClass:
			// Parse has folded the class already under (?i).
			for i := 0; i+1 < len(t.Rune); i += 2 {
				a.add(t.Rune[i], t.Rune[i+1])
			}
		}
		for _, s := range t.Sub {
			if !walk(s) {
				return false
			}
		}
		return true
	}
	if !walk(t) {
		return nil
	}
	slices.SortFunc(a.other, func(x, y [2]rune) int { return cmp.Compare(x[0], y[0]) })
	var merged [][2]rune // overlapping ranges merged
	for _, rg := range a.other {
		if n := len(merged); n > 0 && rg[0] <= merged[n-1][1]+1 {
			merged[n-1][1] = max(merged[n-1][1], rg[1])
			continue
		}
		merged = append(merged, rg)
	}
	a.other = merged
	return a
}

// nullable reports whether t may match the empty string somewhere (an
// empty-width assertion counting as empty).
func nullable(t *syntax.Regexp) bool {
	switch t.Op {
	case syntax.OpLiteral:
		return len(t.Rune) == 0
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpNoMatch:
		return false
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpRepeat:
		return t.Min == 0 || nullable(t.Sub[0])
	case syntax.OpPlus, syntax.OpCapture:
		return nullable(t.Sub[0])
	case syntax.OpConcat:
		for _, s := range t.Sub {
			if !nullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range t.Sub {
			if nullable(s) {
				return true
			}
		}
		return false
	}
	return true // empty match, assertions
}

// runsOf calls f with each maximal run of text made of a's code points
// and its offset in text, in order. Where a is alphabetOf(re), re's matches in text are those
// in the runs, found one run at a time: no match crosses a code point
// outside a, and \b sees such a code point as it sees the end of a
// text (neither is a word character). A nil a makes one run of text.
func runsOf(text string, a *alphabet, f func(at int, run string)) {
	if a == nil {
		f(0, text)
		return
	}
	start := -1
	for i, r := range text {
		if a.has(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(start, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(start, text[start:])
	}
}

// maxBacktrack is the most instructions for which Go's regexp matches
// short texts by backtracking (regexp's maxBacktrackProg) rather than
// with its much slower NFA simulation.
const maxBacktrack = 500

// anyOf is a list of expressions that match where one of them does.
type anyOf []*regexp.Regexp

// Match reports whether one of the expressions matches b.
func (rs anyOf) Match(b []byte) bool {
	for _, re := range rs {
		if re.Match(b) {
			return true
		}
	}
	return false
}

// splitRegexp compiles t as expressions that match a text together
// where t matches it (not necessarily at the same place), each small
// enough for backtracking when t can be split at its alternations.
func splitRegexp(t *syntax.Regexp) anyOf {
	var out anyOf
	for _, p := range splitSyntax(t) {
		out = append(out, regexp.MustCompile(p.String()))
	}
	return out
}

func splitSyntax(t *syntax.Regexp) []*syntax.Regexp {
	if prog, err := syntax.Compile(t.Simplify()); err != nil || len(prog.Inst) <= maxBacktrack {
		return []*syntax.Regexp{t}
	}
	switch t.Op {
	case syntax.OpCapture:
		return splitSyntax(t.Sub[0])
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, s := range t.Sub {
			out = append(out, splitSyntax(s)...)
		}
		return out
	case syntax.OpConcat:
		for i, c := range t.Sub {
			for c.Op == syntax.OpCapture {
				c = c.Sub[0]
			}
			if c.Op != syntax.OpAlternate {
				continue
			}
			var out []*syntax.Regexp
			for _, alt := range c.Sub {
				nt := *t
				nt.Sub = slices.Clone(t.Sub)
				nt.Sub[i] = alt
				out = append(out, splitSyntax(&nt)...)
			}
			return out
		}
	}
	return []*syntax.Regexp{t}
}

// literalHits finds where a textre expression's literals occur in a
// text, so that the text's pieces (runs, sentences) can be checked for
// them without folding each piece again: where the text's canonical form
// keeps each code point's length (canonText), a piece's canonical form
// holds a literal exactly when the literal occurs within the piece's
// bounds in the text's canonical form.
type literalHits struct {
	all   bool     // no literals: every piece may match
	spans [][2]int // occurrences, sorted by start
}

// newLiteralHits returns the occurrences of literals (textre's
// Literals: canonical, nil for none) in upper, a text's canonText.
func newLiteralHits(upper string, literals []string) *literalHits {
	if literals == nil {
		return &literalHits{all: true}
	}
	h := &literalHits{}
	for _, l := range literals {
		for at := 0; ; {
			i := strings.Index(upper[at:], l)
			if i < 0 || l == "" {
				break
			}
			h.spans = append(h.spans, [2]int{at + i, at + i + len(l)})
			at += i + 1
		}
	}
	slices.SortFunc(h.spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	return h
}

// within reports whether a literal occurs within bytes [lo, hi).
func (h *literalHits) within(lo, hi int) bool {
	if h.all {
		return true
	}
	i, _ := slices.BinarySearchFunc(h.spans, lo, func(s [2]int, lo int) int { return cmp.Compare(s[0], lo) })
	for ; i < len(h.spans) && h.spans[i][0] < hi; i++ {
		if h.spans[i][1] <= hi {
			return true
		}
	}
	return false
}

// canonText is textre's canonical form of text (each code point
// replaced by the smallest of its simple case folding orbit: upper case
// for ASCII letters) when that form keeps every code point's length in
// bytes, so that the canonical form of a piece of text is the same
// piece of it; ok is false otherwise (invalid UTF-8, or one of the few
// letters such as ſ or the Kelvin sign whose orbit's smallest is ASCII).
func canonText(text string) (c string, ok bool) {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(text), true
	}
	b := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		if r == utf8.RuneError || utf8.RuneLen(m) != n {
			return "", false
		}
		b = utf8.AppendRune(b, m)
		i += n
	}
	return string(b), true
}
