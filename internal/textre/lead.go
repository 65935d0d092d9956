package textre

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Leading literals. Go's regexp looks for a match by starting a thread
// at every position of the text, and with a large case-insensitive
// alternation each start walks the whole alternation: incident
// extraction's cue patterns cost a few microseconds a byte. When every
// match of a pattern starts with one of a few literal strings (its
// leads: "WAS HACKED", "HIT BY", ...), a match can only start where the
// canonical form of the text has one of them, and the leftmost match is
// the first of those places at which the pattern, anchored there,
// matches. Anchored, regexp follows only the threads started at that
// place, which die within a few bytes unless they match.
//
// This gives regexp's own results: regexp's match is the leftmost one,
// and among the matches starting there, the first in its order of
// preference, which is what the anchored pattern finds at that place.
// The anchored pattern runs on the text from that place on, so the end
// of the text is the same; what it cannot see is the rune before the
// place, which \b and \B read. Where that rune is an ASCII letter, digit
// or underscore (the only runes \b counts as word runes), the pattern
// runs instead from that rune, prefixed by a pattern that consumes it
// (ctx); elsewhere the rune before reads as no word rune, as the start
// of a text does. Patterns that read the start of the text or of a line
// (^, \A, (?m)^) get no leads. So does a text whose canonical form does
// not line up byte for byte with it (a rune whose fold has another
// length, invalid UTF-8): it is searched by regexp as a whole.

// maxLeads bounds a pattern's leads; leadLen is the length in bytes
// at which a lead is long enough not to be extended further.
const (
	maxLeads = 256
	leadLen  = 4
)

// leads holds a pattern's leading literals and its anchored forms.
type leads struct {
	set []string // canonical, none a prefix of another
	// tree is the parsed pattern; prunable: it has no capture groups,
	// so alternatives can be dropped without renumbering groups.
	tree     *syntax.Regexp
	prunable bool
	forms    [256]atomic.Pointer[forms] // by the canonical byte a match starts with
}

// forms are the anchored forms of the pattern for matches that start
// with one byte: ^(?:expr) and ^(?s:.)(?:expr) (the rune before, then a
// match), where expr keeps only the alternatives that can start with
// that byte (all of them, if the pattern has capture groups). Each is
// compiled on first use.
type forms struct {
	expr    string
	atOnce  sync.Once
	at      *regexp.Regexp
	ctxOnce sync.Once
	ctx     *regexp.Regexp
}

// lead is a string every match of a node starts with; full: every
// match equals it, so what follows the node may extend it.
type lead struct {
	s    string
	full bool
}

// leadsOf returns the leads of expr, or nil.
func leadsOf(expr string) *leads {
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	t = t.Simplify()
	if readsLineStart(t) {
		return nil
	}
	ls, ok := leading(t)
	if !ok || len(ls) == 0 {
		return nil
	}
	set := make([]string, 0, len(ls))
	for _, l := range ls {
		if l.s == "" {
			return nil
		}
		set = append(set, l.s)
	}
	// A lead that another lead begins adds no place to look at.
	slices.Sort(set)
	set = slices.Compact(set)
	out := set[:0]
	for _, s := range set {
		if len(out) > 0 && strings.HasPrefix(s, out[len(out)-1]) {
			continue
		}
		out = append(out, s)
	}
	return &leads{set: out, tree: t, prunable: !hasCapture(t)}
}

// readsLineStart reports whether re has ^, \A or (?m)^ anywhere.
func readsLineStart(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginLine || re.Op == syntax.OpBeginText {
		return true
	}
	for _, sub := range re.Sub {
		if readsLineStart(sub) {
			return true
		}
	}
	return false
}

// leading returns strings (canonical case) one of which every match of
// re starts with, and whether it found such.
func leading(re *syntax.Regexp) ([]lead, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []lead{{canon(string(re.Rune)), true}}, true
	case syntax.OpCharClass:
		// A small class ("[’']", "[- ]") is a few one-rune literals.
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > 16 {
				return nil, false
			}
		}
		var out []lead
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				out = append(out, lead{canon(string(r)), true})
			}
		}
		return dedupLeads(out), true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpEndLine, syntax.OpEndText:
		// Width zero: the empty string, exactly.
		return []lead{{"", true}}, true
	case syntax.OpCapture:
		return leading(re.Sub[0])
	case syntax.OpQuest:
		ls, ok := leading(re.Sub[0])
		if !ok {
			return nil, false
		}
		return dedupLeads(append(ls, lead{"", true})), true
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		ls, ok := leading(re.Sub[0])
		if !ok {
			return nil, false
		}
		// A match starts with one of the sub's matches, or is empty;
		// more may follow either way.
		out := make([]lead, 0, len(ls)+1)
		for _, l := range ls {
			out = append(out, lead{l.s, false})
		}
		if re.Op == syntax.OpStar || re.Op == syntax.OpRepeat && re.Min == 0 {
			out = append(out, lead{"", true})
		}
		return dedupLeads(out), true
	case syntax.OpConcat:
		acc := []lead{{"", true}}
		for _, sub := range re.Sub {
			if !anyFull(acc) {
				break
			}
			ls, ok := leading(sub)
			if !ok {
				ls = []lead{{"", false}}
			}
			acc = extend(acc, ls)
		}
		return acc, true
	case syntax.OpAlternate:
		var out []lead
		for _, sub := range re.Sub {
			ls, ok := leading(sub)
			if !ok {
				return nil, false
			}
			out = append(out, ls...)
			if len(out) > maxLeads {
				return nil, false
			}
		}
		return dedupLeads(out), true
	}
	return nil, false
}

func anyFull(ls []lead) bool {
	for _, l := range ls {
		if l.full && len(l.s) < leadLen {
			return true
		}
	}
	return false
}

// extend appends what follows (next) to the leads that are whole
// matches and still short; the others stay as they are (no longer
// whole). Past maxLeads it extends no more.
func extend(acc, next []lead) []lead {
	n := 0
	for _, a := range acc {
		if a.full && len(a.s) < leadLen {
			n += len(next)
		} else {
			n++
		}
	}
	if n > maxLeads {
		out := make([]lead, len(acc))
		for i, a := range acc {
			out[i] = lead{a.s, false}
		}
		return out
	}
	out := make([]lead, 0, n)
	for _, a := range acc {
		if !a.full || len(a.s) >= leadLen {
			out = append(out, lead{a.s, false})
			continue
		}
		for _, b := range next {
			out = append(out, lead{a.s + b.s, b.full})
		}
	}
	return dedupLeads(out)
}

func dedupLeads(ls []lead) []lead {
	slices.SortFunc(ls, func(a, b lead) int {
		if c := strings.Compare(a.s, b.s); c != 0 {
			return c
		}
		// A lead that is not whole covers the same lead that is.
		if a.full == b.full {
			return 0
		}
		if !a.full {
			return -1
		}
		return 1
	})
	return slices.CompactFunc(ls, func(a, b lead) bool { return a.s == b.s })
}

// formsFor returns the anchored forms for matches starting with b.
func (l *leads) formsFor(b byte) *forms {
	if !l.prunable {
		b = 0
	}
	if f := l.forms[b].Load(); f != nil {
		return f
	}
	t := l.tree
	if l.prunable {
		t = prune(t, b)
	}
	f := &forms{expr: t.String()}
	if !l.forms[b].CompareAndSwap(nil, f) {
		return l.forms[b].Load()
	}
	return f
}

func (f *forms) anchored() *regexp.Regexp {
	f.atOnce.Do(func() { f.at = regexp.MustCompile(`^(?:` + f.expr + `)`) })
	return f.at
}

func (f *forms) withContext() *regexp.Regexp {
	f.ctxOnce.Do(func() { f.ctx = regexp.MustCompile(`^(?s:.)(?:` + f.expr + `)`) })
	return f.ctx
}

// prune returns re without the alternatives that cannot match at a
// place whose canonical form starts with byte b: at such a place it
// has the matches of re, in the same order of preference. It drops
// alternatives only where they start at that place: in an alternation
// there, or in the first part of a sequence there that takes any room
// (parts of width zero, such as \b, leave the place where it was).
func prune(re *syntax.Regexp, b byte) *syntax.Regexp {
	switch re.Op {
	case syntax.OpAlternate:
		var subs []*syntax.Regexp
		for _, sub := range re.Sub {
			if canStart(sub, b) {
				subs = append(subs, prune(sub, b))
			}
		}
		switch len(subs) {
		case 0:
			return &syntax.Regexp{Op: syntax.OpNoMatch}
		case 1:
			return subs[0]
		}
		c := *re
		c.Sub = subs
		return &c
	case syntax.OpConcat:
		for i, sub := range re.Sub {
			switch sub.Op {
			case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
				continue
			}
			c := *re
			c.Sub = slices.Clone(re.Sub)
			c.Sub[i] = prune(sub, b)
			return &c
		}
	case syntax.OpQuest:
		c := *re
		c.Sub = []*syntax.Regexp{prune(re.Sub[0], b)}
		return &c
	}
	return re
}

// canStart reports whether re can have a match whose canonical form
// starts with byte b (or is empty).
func canStart(re *syntax.Regexp, b byte) bool {
	ls, ok := leading(re)
	if !ok {
		return true
	}
	for _, l := range ls {
		if l.s == "" || l.s[0] == b {
			return true
		}
	}
	return false
}

func hasCapture(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture {
		return true
	}
	for _, sub := range re.Sub {
		if hasCapture(sub) {
			return true
		}
	}
	return false
}

// isWordByte is \b's word rune.
func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// search returns the leftmost match of the pattern in s at or after
// pos, as regexp would find it searching from pos: f runs an anchored
// pattern on a text and returns its match indices there.
func (l *leads) search(s, c string, ps []int, pos int, f func(re *regexp.Regexp, t string) []int) []int {
	k, _ := slices.BinarySearch(ps, pos)
	for _, p := range ps[k:] {
		fs := l.formsFor(c[p])
		var re *regexp.Regexp
		off := p
		if p > 0 && isWordByte(s[p-1]) {
			re, off = fs.withContext(), p-1
		} else {
			re = fs.anchored()
		}
		loc := f(re, s[off:])
		if loc == nil {
			continue
		}
		for i, v := range loc {
			if v >= 0 {
				loc[i] = v + off
			}
		}
		loc[0] = p
		return loc
	}
	return nil
}

// Leads returns the literal strings (canonical case) one of which every
// match starts with, or nil if the pattern has none.
func (r *Regexp) Leads() []string {
	r.prepare()
	if r.lead == nil {
		return nil
	}
	return r.lead.set
}
