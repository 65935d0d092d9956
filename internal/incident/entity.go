package incident

import (
	"cmp"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/model"
)

// entity is a cluster of mentions that name one thing.
type entity struct {
	key      string         // matchKey of the canonical name
	surfaces map[string]int // surface → count
	refs     []ref
	person   bool
}

// ref is one mention of an entity in a sentence.
type ref struct {
	s    *sent
	i, j int
	text string
}

// name is the entity's canonical name: among full (non-acronym) surfaces
// if any, the one with the most words, then the most frequent, then the
// first in sort order.
func (e *entity) name() string {
	var cands []string
	for s := range e.surfaces {
		if !isAcronym(s) {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		for s := range e.surfaces {
			cands = append(cands, s)
		}
	}
	slices.SortFunc(cands, func(a, b string) int {
		if c := cmp.Compare(len(words(b)), len(words(a))); c != 0 {
			return c
		}
		if c := cmp.Compare(e.surfaces[b], e.surfaces[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(cands) == 0 {
		return ""
	}
	return cands[0]
}

// aliases are the other surfaces, sorted.
func (e *entity) aliases() []string {
	n := e.name()
	seen := map[string]bool{matchKey(n): true}
	var out []string
	for s := range e.surfaces {
		k := matchKey(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// evidence lists one evidence per sentence mentioning the entity, lead
// document first.
func (e *entity) evidence(limit int) []model.Evidence {
	var out []model.Evidence
	seen := map[*sent]bool{}
	for _, r := range e.refs {
		if seen[r.s] {
			continue
		}
		seen[r.s] = true
		out = append(out, r.s.evAt(r.i, r.j))
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

// entities resolves the names of a story: same folded spelling, acronyms
// and their expansions (EKS = East Kent Services), partial acronyms (EK
// Services), explicit aliases ("EKS, or East Kent Services"; "National
// Cyber Security Centre (NCSC)"), short forms (Pellworth = Pellworth
// Systems) and councils of one place under different types (Canterbury
// City Council = Canterbury County Council).
type entities struct {
	byKey map[string]*entity // matchKey → entity (after merges, several keys point at one entity)
	all   []*entity
}

func resolve(sents []*sent, alias map[string]string) *entities {
	es := &entities{byKey: map[string]*entity{}}
	var order []string
	add := func(s *sent, m mention) {
		k := matchKey(m.text)
		if k == "" {
			return
		}
		e := es.byKey[k]
		if e == nil {
			e = &entity{key: k, surfaces: map[string]int{}}
			es.byKey[k] = e
			order = append(order, k)
		}
		e.surfaces[m.text]++
		e.refs = append(e.refs, ref{s: s, i: m.i, j: m.j, text: m.text})
	}
	for _, s := range sents {
		for _, m := range s.mentions() {
			add(s, m)
		}
	}
	// Union-find over keys.
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		for parent[k] != "" && parent[k] != k {
			k = parent[k]
		}
		return k
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		// Keep the longer key as root so the full name wins.
		if len(ra) < len(rb) || (len(ra) == len(rb) && ra > rb) {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	keys := slices.Clone(order)
	slices.Sort(keys)
	surf := func(k string) string {
		e := es.byKey[k]
		best := ""
		for s := range e.surfaces {
			if best == "" || s < best {
				best = s
			}
		}
		return best
	}
	// User and built-in aliases: alias key → canonical name key.
	for _, k := range keys {
		if c, ok := alias[k]; ok {
			if _, exists := es.byKey[c]; !exists {
				es.byKey[c] = &entity{key: c, surfaces: map[string]int{}}
			}
			union(c, k)
		}
	}
	for _, a := range keys {
		sa := surf(a)
		wa := words(sa)
		for _, b := range keys {
			if a == b {
				continue
			}
			sb := surf(b)
			wb := words(sb)
			switch {
			case isAcronym(sa) && len(wa) == 1 && len(wb) >= 2 && !isAcronym(sb) && strings.ReplaceAll(sa, "-", "") == initials(wb):
				union(a, b)
			case len(wa) >= 2 && isAcronym(wa[0]) && len(wb) > len(wa) && partialAcronym(wa, wb):
				union(a, b)
			case sameCouncil(wa, wb):
				union(a, b)
			}
		}
	}
	// Explicit aliases in text: "X, or Y" and "Y (X)".
	for _, s := range sents {
		ms := s.mentions()
		for i := 0; i+1 < len(ms); i++ {
			gap := s.s.Text[ms[i].j:ms[i+1].i]
			if gap == ", or " || gap == " (" || gap == " or " {
				a, b := ms[i].text, ms[i+1].text
				if isAcronym(a) || isAcronym(b) {
					union(matchKey(a), matchKey(b))
				}
			}
		}
	}
	// Short forms: a name whose words start exactly one longer
	// organisation name ("Pellworth" → "Pellworth Systems", "Kessling
	// Bay" → "Kessling Bay City Council").
	for _, a := range keys {
		sa := surf(a)
		wa := words(sa)
		if isAcronym(sa) {
			continue
		}
		var hit []string
		for _, b := range keys {
			wb := words(surf(b))
			if len(wb) > len(wa) && orgHeads[strings.ToLower(wb[len(wb)-1])] && prefixWords(wa, wb) {
				hit = append(hit, find(b))
			}
		}
		slices.Sort(hit)
		hit = slices.Compact(hit)
		if len(hit) == 1 {
			union(hit[0], a)
		}
	}
	// Merge clusters.
	roots := map[string]*entity{}
	for _, k := range order {
		r := find(k)
		if roots[r] == nil {
			roots[r] = &entity{key: r, surfaces: map[string]int{}}
		}
	}
	for k, e := range es.byKey {
		r := roots[find(k)]
		if r == nil {
			r = &entity{key: find(k), surfaces: map[string]int{}}
			roots[find(k)] = r
		}
		for s, n := range e.surfaces {
			r.surfaces[s] += n
		}
		r.refs = append(r.refs, e.refs...)
	}
	for k := range es.byKey {
		es.byKey[k] = roots[find(k)]
	}
	for _, e := range roots {
		if len(e.refs) == 0 {
			continue
		}
		slices.SortFunc(e.refs, func(a, b ref) int {
			if c := cmp.Compare(a.s.rank, b.s.rank); c != 0 {
				return c
			}
			if c := cmp.Compare(a.s.s.Start, b.s.s.Start); c != 0 {
				return c
			}
			return cmp.Compare(a.i, b.i)
		})
		e.key = matchKey(e.name())
		es.all = append(es.all, e)
	}
	slices.SortFunc(es.all, func(a, b *entity) int { return cmp.Compare(a.key, b.key) })
	return es
}

// get returns the entity a surface resolves to.
func (es *entities) get(surface string) *entity { return es.byKey[matchKey(surface)] }

func prefixWords(short, long []string) bool {
	for i := range short {
		if !strings.EqualFold(short[i], long[i]) {
			return false
		}
	}
	return true
}

func partialAcronym(short, long []string) bool {
	acr := short[0]
	n := len([]rune(acr))
	if n > len(long) || initials(long[:n]) != acr {
		return false
	}
	rest, lrest := short[1:], long[n:]
	if len(rest) > len(lrest) {
		return false
	}
	for i := range rest {
		if !strings.EqualFold(rest[len(rest)-1-i], lrest[len(lrest)-1-i]) {
			return false
		}
	}
	return true
}

var councilTypes = map[string]bool{"city": true, "county": true, "district": true, "borough": true,
	"town": true, "municipal": true, "regional": true, "shire": true, "metropolitan": true, "parish": true}

// sameCouncil reports whether two council names differ only in the type
// word: "Canterbury City Council" and "Canterbury County Council".
func sameCouncil(a, b []string) bool {
	if len(a) < 2 || len(b) < 2 || !strings.EqualFold(a[len(a)-1], "council") || !strings.EqualFold(b[len(b)-1], "council") {
		return false
	}
	strip := func(ws []string) string {
		var out []string
		for _, w := range ws[:len(ws)-1] {
			if !councilTypes[strings.ToLower(w)] {
				out = append(out, strings.ToLower(w))
			}
		}
		return strings.Join(out, " ")
	}
	sa, sb := strip(a), strip(b)
	return sa != "" && sa == sb && !slices.Equal(a, b)
}
