package textre

import "slices"

// An Aho-Corasick automaton over a pattern's leads and required
// literals, as a DFA on byte classes, which finds both in one pass over
// a text (the literals' own scans, one per literal, cost more than
// regexp itself on most sentences).
//
// Written here rather than taken from a module: the one at hand
// (github.com/petar-dambovaliev/aho-corasick) measured some 30 ns a
// byte here, through an interface call per byte, a copy of each text
// and an allocation per match, where this table walk takes one or two.

type automaton struct {
	class [256]uint8 // byte → its class; 0: a byte no literal has
	k     int        // number of classes
	next  []int32    // state*k + class → state
	out   []int32    // state → index into outs, or -1
	outs  []output
}

// output is what ends at a state: lengths of the leads (of the first
// kind of literals) ending there, and whether a literal of the second
// kind does.
type output struct {
	leads []int
	other bool
}

// newAutomaton builds the automaton of lits; those before nfirst are
// leads (the scan reports where they start), the rest are the other
// kind (the scan reports whether any occurs). It returns nil if the
// literals have more than 255 distinct bytes.
func newAutomaton(lits []string, nfirst int) *automaton {
	a := &automaton{}
	for _, l := range lits {
		for i := 0; i < len(l); i++ {
			if a.class[l[i]] == 0 {
				if a.k == 255 {
					return nil
				}
				a.k++
				a.class[l[i]] = uint8(a.k)
			}
		}
	}
	a.k++
	// The trie: goto[state*k+class], 0 (the root) for none yet.
	type node struct {
		leads []int
		other bool
	}
	next := make([]int32, a.k)
	var nodes []node
	nodes = append(nodes, node{})
	for n, l := range lits {
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := int(a.class[l[i]])
			t := next[int(s)*a.k+c]
			if t == 0 {
				t = int32(len(nodes))
				nodes = append(nodes, node{})
				next = append(next, make([]int32, a.k)...)
				next[int(s)*a.k+c] = t
			}
			s = t
		}
		if n < nfirst {
			nodes[s].leads = append(nodes[s].leads, len(l))
		} else {
			nodes[s].other = true
		}
	}
	// Breadth first: each state's failure state is done before it, so
	// its missing moves are its failure state's moves, and its outputs
	// include its failure state's.
	fail := make([]int32, len(nodes))
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < a.k; c++ {
		if t := next[c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := fail[s]
		nodes[s].leads = append(nodes[s].leads, nodes[f].leads...)
		nodes[s].other = nodes[s].other || nodes[f].other
		for c := 0; c < a.k; c++ {
			t := next[int(s)*a.k+c]
			if t == 0 {
				next[int(s)*a.k+c] = next[int(f)*a.k+c]
				continue
			}
			fail[t] = next[int(f)*a.k+c]
			queue = append(queue, t)
		}
	}
	a.next = next
	a.out = make([]int32, len(nodes))
	for s, n := range nodes {
		a.out[s] = -1
		if len(n.leads) > 0 || n.other {
			a.out[s] = int32(len(a.outs))
			a.outs = append(a.outs, output{n.leads, n.other})
		}
	}
	return a
}

// scan walks c: it returns the places where leads start, sorted and
// without repeats (if leads is set; else nil), and whether one of the
// other literals occurs. Without leads it stops at the first of those.
func (a *automaton) scan(c string, leads bool) (places []int, other bool) {
	s := int32(0)
	k := int32(a.k)
	for i := 0; i < len(c); i++ {
		s = a.next[s*k+int32(a.class[c[i]])]
		o := a.out[s]
		if o < 0 {
			continue
		}
		out := &a.outs[o]
		if out.other {
			other = true
			if !leads {
				return nil, true
			}
		}
		if leads {
			for _, n := range out.leads {
				places = append(places, i+1-n)
			}
		}
	}
	// A longer lead found later may start earlier.
	slices.Sort(places)
	return slices.Compact(places), other
}
