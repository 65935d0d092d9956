// Package textre is Go's regexp with a literal prefilter: before running
// a regular expression over a text, it checks that the text contains one
// of the literal strings every match must contain (found in the parsed
// expression), comparing case-insensitively by Unicode simple folding.
// Most sentences contain none of the cue words of most of incident
// extraction's patterns, and Go's regexp scans case-insensitive
// alternations slowly (tens of microseconds a sentence), so most calls
// end at that check. Where every match starts with one of a few literals
// (its leads), the pattern runs anchored only at the places that have
// one (lead.go). One pass of an Aho-Corasick automaton over the text
// finds both the required literals and the leads (ac.go).
//
// Written here because the Go regexp engines at hand (the standard
// library, its grafana/regexp fork) do not prefilter by required
// literals, and RE2's FilteredRE2 is not exposed by the Go ports. The
// filter is sound: it only rejects texts the expression cannot match,
// and the search from the leads finds the match regexp finds, so results
// are those of regexp (TestSound, FuzzSound, and incident's
// TestPatternsSound over all its patterns).
package textre

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
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
	longest bool
	expr    string
	once    sync.Once // sets filter, on first use
	filter
}

// filter is what a Regexp knows of its matches' literals.
type filter struct {
	any  []string // canonical literals, one of which every match contains; nil: no filter
	lead *leads   // literals every match starts with; nil: none
	// ac finds the leads (patterns [0, nlead)) and the required
	// literals (the rest); nil if there are neither.
	ac    *automaton
	nlead int
}

// MustCompile is regexp.MustCompile with the prefilter.
func MustCompile(expr string) *Regexp {
	re := regexp.MustCompile(expr)
	compiled.Store(expr, true)
	return &Regexp{Regexp: re, expr: expr}
}

// prepare sets the filter on first use: a program compiles many
// patterns and uses some.
func (r *Regexp) prepare() {
	r.once.Do(func() { r.filter = filterOf(r.expr) })
}

func filterOf(expr string) filter {
	var f filter
	if anchoredAtStart(expr) {
		// regexp tries such a pattern at the start only, and gives up
		// within a few bytes: cheaper than any pass over the text.
		return f
	}
	f.any, f.lead = literals(expr), leadsOf(expr)
	var pats []string
	if f.lead != nil {
		pats = append(pats, f.lead.set...)
		f.nlead = len(pats)
	}
	pats = append(pats, f.any...)
	if len(pats) > 0 {
		f.ac = newAutomaton(pats, f.nlead)
	}
	if f.ac == nil {
		f.any, f.lead = nil, nil
	}
	return f
}

// compiled holds every expression compiled, for Exprs.
var compiled sync.Map

// Exprs returns the expressions compiled so far (after the packages'
// initialisation, those of their package-level patterns), in no order,
// for tests that check them all against regexp.
func Exprs() []string {
	var out []string
	compiled.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	return out
}

// Literals returns the literal strings (folded to canonical case) of
// which every match contains one; nil if none could be found.
func (r *Regexp) Literals() []string {
	r.prepare()
	return r.any
}

// scan reports whether s can match (it contains one of the required
// literals) and, when lead, the places where a match can start (where
// it has one of the leads), in order. One pass of an Aho-Corasick
// automaton over the canonical form of s finds both.
func (r *Regexp) scan(s string) (ok bool, c string, ps []int, lead bool) {
	r.prepare()
	if r.ac == nil {
		return true, "", nil, false
	}
	c, aligned := canonAligned(s)
	lead = aligned && r.lead != nil && !r.longest
	if r.any == nil && !lead {
		return true, "", nil, false
	}
	ps, seen := r.ac.scan(c, lead)
	if !seen && r.any != nil {
		return false, "", nil, false
	}
	return true, c, ps, lead
}

func (r *Regexp) MatchString(s string) bool {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return false
	}
	if lead {
		return r.lead.search(s, c, ps, 0, func(re *regexp.Regexp, t string) []int {
			if re.MatchString(t) {
				return []int{0, 0}
			}
			return nil
		}) != nil
	}
	return r.Regexp.MatchString(s)
}

func (r *Regexp) FindStringIndex(s string) []int {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		return r.lead.search(s, c, ps, 0, (*regexp.Regexp).FindStringIndex)
	}
	return r.Regexp.FindStringIndex(s)
}

func (r *Regexp) FindStringSubmatch(s string) []string {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		loc := r.lead.search(s, c, ps, 0, (*regexp.Regexp).FindStringSubmatchIndex)
		if loc == nil {
			return nil
		}
		return substrings(s, loc)
	}
	return r.Regexp.FindStringSubmatch(s)
}

func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		return r.lead.search(s, c, ps, 0, (*regexp.Regexp).FindStringSubmatchIndex)
	}
	return r.Regexp.FindStringSubmatchIndex(s)
}

func (r *Regexp) FindAllString(s string, n int) []string {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		var out []string
		for _, loc := range r.all(s, c, ps, n, (*regexp.Regexp).FindStringIndex) {
			out = append(out, s[loc[0]:loc[1]])
		}
		return out
	}
	return r.Regexp.FindAllString(s, n)
}

func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		return r.all(s, c, ps, n, (*regexp.Regexp).FindStringIndex)
	}
	return r.Regexp.FindAllStringIndex(s, n)
}

func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		var out [][]string
		for _, loc := range r.all(s, c, ps, n, (*regexp.Regexp).FindStringSubmatchIndex) {
			out = append(out, substrings(s, loc))
		}
		return out
	}
	return r.Regexp.FindAllStringSubmatch(s, n)
}

func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	ok, c, ps, lead := r.scan(s)
	if !ok {
		return nil
	}
	if lead {
		return r.all(s, c, ps, n, (*regexp.Regexp).FindStringSubmatchIndex)
	}
	return r.Regexp.FindAllStringSubmatchIndex(s, n)
}

// all is regexp's FindAll loop over the leads: each search starts where
// the last match ended (matches are never empty: each has a lead).
func (r *Regexp) all(s, c string, ps []int, n int, f func(re *regexp.Regexp, t string) []int) [][]int {
	if n < 0 {
		n = len(s) + 1
	}
	var out [][]int
	for pos := 0; len(out) < n && pos <= len(s); {
		loc := r.lead.search(s, c, ps, pos, f)
		if loc == nil {
			break
		}
		out = append(out, loc)
		pos = loc[1]
	}
	return out
}

// substrings are the texts of a match's groups, as FindStringSubmatch
// gives them.
func substrings(s string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return out
}

// Longest makes future searches leftmost-longest, as regexp's does; the
// leads, which find regexp's leftmost-first match, are then not used.
func (r *Regexp) Longest() {
	r.Regexp.Longest()
	r.longest = true
}

func (r *Regexp) ReplaceAllString(src, repl string) string {
	if ok, _, _, _ := r.scan(src); !ok {
		return src
	}
	return r.Regexp.ReplaceAllString(src, repl)
}

// anchoredAtStart reports whether every match of expr starts at the
// start of the text (^ or \A without (?m)).
func anchoredAtStart(expr string) bool {
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false
	}
	p, err := syntax.Compile(t.Simplify())
	return err == nil && p.StartCond()&syntax.EmptyBeginText != 0
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
	c, _ := canonAligned(s)
	return c
}

// canonAligned returns the canonical form of s and whether it lines up
// with s byte for byte: s is valid UTF-8 and every rune's canonical rune
// has its length.
func canonAligned(s string) (string, bool) {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	slot := &canonCache[(p>>4^uintptr(len(s)))%canonSlots]
	if e := slot.Load(); e != nil && e.s == s { // same text: equal pointers compare fast
		return e.c, e.aligned
	}
	if c, ok := canonWithin(s, p); ok {
		slot.Store(&canonEntry{s, c, true})
		return c, true
	}
	c, aligned := canonOf(s)
	e := &canonEntry{s, c, aligned}
	slot.Store(e)
	if aligned && len(s) >= 16 {
		byStart[(p>>4)%partSlots].Store(e)
		byEnd[((p+uintptr(len(s)))>>4)%partSlots].Store(e)
	}
	return c, aligned
}

// canonWithin finds the canonical form of s in that of a recent text
// that s begins or ends (rules run patterns on the text before a name
// and the text after it): the canonical form goes rune by rune, so the
// part of a text that lines up with its canonical form and starts and
// ends on its runes has the matching part of the canonical form.
func canonWithin(s string, p uintptr) (string, bool) {
	if s == "" {
		return "", false
	}
	if e := byStart[(p>>4)%partSlots].Load(); e != nil && len(s) <= len(e.s) &&
		(len(s) == len(e.s) || utf8.RuneStart(e.s[len(s)])) && e.s[:len(s)] == s {
		return e.c[:len(s)], true
	}
	end := p + uintptr(len(s))
	if e := byEnd[(end>>4)%partSlots].Load(); e != nil && len(s) <= len(e.s) {
		off := len(e.s) - len(s)
		if utf8.RuneStart(e.s[off]) && e.s[off:] == s {
			return e.c[off:], true
		}
	}
	return "", false
}

// canonCache keeps recent texts' canonical forms: incident extraction
// runs some eighty patterns over each sentence, and each would fold the
// sentence again. Slots are picked by the text's address and length;
// an entry holds its text, so a hit compares equal strings and is
// always right, whatever the slot.
var canonCache [canonSlots]atomic.Pointer[canonEntry]

const canonSlots = 256

// byStart and byEnd index recent texts that line up with their
// canonical forms, by the address of their first byte and of the byte
// after their last, for canonWithin. A hit compares its text with the
// entry's (equal addresses compare fast), so it is always right.
var byStart, byEnd [partSlots]atomic.Pointer[canonEntry]

const partSlots = 1024

type canonEntry struct {
	s, c    string
	aligned bool
}

func canonOf(s string) (string, bool) {
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
		return strings.ToUpper(s), true
	}
	aligned := true
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
		m := orbitMin(r)
		if r == utf8.RuneError && n == 1 || utf8.RuneLen(m) != n {
			aligned = false
		}
		b = utf8.AppendRune(b, m)
	}
	return string(b), aligned
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
