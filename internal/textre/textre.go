// Package textre is Go's regexp with a literal prefilter: before running
// a regular expression over a text, it checks that the text contains one
// of the literal strings every match must contain (found in the parsed
// expression), comparing case-insensitively by Unicode simple folding.
// Most sentences contain none of the cue words of most of incident
// extraction's patterns, and Go's regexp scans case-insensitive
// alternations slowly (tens of microseconds a sentence), so most calls
// end at a substring search.
//
// Written here because the Go regexp engines at hand (the standard
// library, its grafana/regexp fork) do not prefilter by required
// literals, and RE2's FilteredRE2 is not exposed by the Go ports. The
// filter is sound: it only rejects texts the expression cannot match,
// so results are those of regexp (TestSound, FuzzSound).
package textre

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Regexp is a *regexp.Regexp whose matching and finding methods on
// strings skip texts without any of its required literals. Its other
// methods are regexp's own.
type Regexp struct {
	*regexp.Regexp
	any []string // canonical literals, one of which every match contains; nil: no filter
}

// MustCompile is regexp.MustCompile with the prefilter.
func MustCompile(expr string) *Regexp {
	re := regexp.MustCompile(expr)
	return &Regexp{Regexp: re, any: literals(expr)}
}

// Literals returns the literal strings (folded to canonical case) of
// which every match contains one; nil if none could be found.
func (r *Regexp) Literals() []string { return r.any }

// may reports whether s can match: it contains one of the literals.
func (r *Regexp) may(s string) bool {
	if r.any == nil {
		return true
	}
	c := canon(s)
	for _, l := range r.any {
		if strings.Contains(c, l) {
			return true
		}
	}
	return false
}

func (r *Regexp) MatchString(s string) bool {
	return r.may(s) && r.Regexp.MatchString(s)
}

func (r *Regexp) FindStringIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringIndex(s)
}

func (r *Regexp) FindStringSubmatch(s string) []string {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringSubmatch(s)
}

func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringSubmatchIndex(s)
}

func (r *Regexp) FindAllString(s string, n int) []string {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindAllString(s, n)
}

func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindAllStringIndex(s, n)
}

func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindAllStringSubmatch(s, n)
}

func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindAllStringSubmatchIndex(s, n)
}

func (r *Regexp) ReplaceAllString(src, repl string) string {
	if !r.may(src) {
		return src
	}
	return r.Regexp.ReplaceAllString(src, repl)
}

// literals finds the required literals of expr, or nil.
func literals(expr string) []string {
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil // regexp.MustCompile accepted it; no filter then
	}
	set, ok := required(t.Simplify())
	if !ok {
		return nil
	}
	for _, l := range set {
		if l == "" {
			return nil
		}
	}
	return set
}

// required returns strings (canonical case) one of which every match of
// re contains, and whether there are such.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{canon(string(re.Rune))}, true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Every match contains a match of each part: take the part
		// whose literals are most selective (longest shortest one,
		// then fewest).
		var best []string
		for _, sub := range re.Sub {
			if s, ok := required(sub); ok && better(s, best) {
				best = s
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok {
				return nil, false
			}
			all = append(all, s...)
		}
		return all, true
	}
	return nil, false
}

// better reports whether literal set a filters more than b.
func better(a, b []string) bool {
	if b == nil {
		return true
	}
	ma, mb := minLen(a), minLen(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func minLen(set []string) int {
	m := -1
	for _, s := range set {
		if n := utf8.RuneCountInString(s); m < 0 || n < m {
			m = n
		}
	}
	return m
}

// canon maps every rune to the smallest rune of its simple case-folding
// orbit, the equivalence (?i) matches by: two texts are equal under
// case folding exactly when their canon forms are equal, and a text
// contains a literal (with or without (?i)) only if its canon form
// contains the literal's.
func canon(s string) string {
	slot := &canonCache[(uintptr(unsafe.Pointer(unsafe.StringData(s)))>>4^uintptr(len(s)))%canonSlots]
	if e := slot.Load(); e != nil && e.s == s { // same text: equal pointers compare fast
		return e.c
	}
	c := canonOf(s)
	slot.Store(&canonEntry{s, c})
	return c
}

// canonCache keeps recent texts' canonical forms: incident extraction
// runs some eighty patterns over each sentence, and each would fold the
// sentence again. Slots are picked by the text's address and length;
// an entry holds its text, so a hit compares equal strings and is
// always right, whatever the slot.
var canonCache [canonSlots]atomic.Pointer[canonEntry]

const canonSlots = 256

type canonEntry struct{ s, c string }

func canonOf(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// The orbit of an ASCII letter is its two cases (plus the
		// Kelvin sign for k and the long s for s, both above ASCII):
		// its smallest rune is the capital.
		return strings.ToUpper(s)
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		b = utf8.AppendRune(b, orbitMin(r))
	}
	return string(b)
}

// smallOrbits holds orbitMin of the runes below 0x800 (Latin, Greek,
// Cyrillic...), which make most of the non-ASCII text news holds.
var smallOrbits = func() (t [0x800]rune) {
	for r := range t {
		t[r] = slowOrbitMin(rune(r))
	}
	return t
}()

func orbitMin(r rune) rune {
	if 0 <= r && int(r) < len(smallOrbits) {
		return smallOrbits[r]
	}
	return slowOrbitMin(r)
}

func slowOrbitMin(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}
