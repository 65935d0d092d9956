package incident

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// entity is a cluster of mentions that name one thing.
type entity struct {
	key      string         // matchKey of the canonical name
	surfaces map[string]int // surface → count
	refs     []ref
	person   bool
	// named caches name(); cleared wherever surfaces change.
	named string
	// orgCtx caches orgContext(): 0 not known, 1 false, 2 true;
	// cleared wherever refs change.
	orgCtx int8
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
	if e.named == "" {
		e.named = e.chooseName()
	}
	return e.named
}

func (e *entity) chooseName() string {
	var cands []string
	for s := range e.surfaces {
		// Translated forms ("Stadtrat von X", "Douvres") are aliases, not
		// the name the record uses.
		if !isAcronym(s) && !reForeignCouncil.MatchString(s) && exonyms[matchKey(s)] == "" {
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
	// In sorted order, so that of two spellings with one key ("Hong
	// Kong", "HONG KONG") the same one is kept whatever the map's order.
	var out []string
	for _, s := range slices.Sorted(maps.Keys(e.surfaces)) {
		k := matchKey(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
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
// Systems) and councils of one place under different types (Kessling
// City Council = Kessling County Council).
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
		e.named = ""
		e.refs = append(e.refs, ref{s: s, i: m.i, j: m.j, text: m.text})
		e.orgCtx = 0
	}
	for _, s := range sents {
		for _, m := range s.mentions() {
			add(s, m)
		}
	}
	order = dropSentenceStarters(es, order, sents)
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
	// User aliases: alias key → canonical name. A canonical name the
	// story never writes still names the entity (a surface seen 0 times).
	for _, k := range keys {
		if cs, ok := alias[k]; ok {
			c := matchKey(cs)
			if c == "" || c == k {
				continue
			}
			if _, exists := es.byKey[c]; !exists {
				es.byKey[c] = &entity{key: c, surfaces: map[string]int{cs: 0}}
			}
			union(c, k)
		}
	}
	// Each key's surface and words, computed once: the pairwise passes
	// below are quadratic in the names of the story.
	type keyInfo struct {
		surf, initials, council string
		letters                 string // acronymLetters of the words
		all                     string // every word's initial, upper case ("CDOT")
		words                   []string
		acronym                 bool
	}
	info := make([]keyInfo, len(keys))
	surfOf := make(map[string]string, len(keys))
	wordsOf := make(map[string][]string, len(keys))
	for n, k := range keys {
		sk := surf(k)
		ws := words(sk)
		info[n] = keyInfo{surf: sk, words: ws, initials: initials(ws), council: councilKey(ws), acronym: isAcronym(sk), letters: acronymLetters(ws), all: strings.ToUpper(allInitials(ws))}
		surfOf[k], wordsOf[k] = sk, ws
	}
	for ia, a := range keys {
		ka := info[ia]
		sa, wa := ka.surf, ka.words
		for ib, b := range keys {
			if a == b {
				continue
			}
			kb := info[ib]
			wb := kb.words
			switch {
			case ka.acronym && len(wa) == 1 && len(wb) >= 2 && !kb.acronym && (strings.ReplaceAll(sa, "-", "") == kb.initials || sa == kb.letters || len(sa) >= 4 && sa == kb.all):
				union(a, b)
			case len(wa) >= 2 && len(wb) > len(wa) && partialAcronym(wa, wb):
				union(a, b)
			case ka.council != "" && ka.council == kb.council && !slices.Equal(wa, wb): // one council, other type words
				union(a, b)
			}
		}
	}
	// Explicit aliases in text: "X, or Y" and "Y (X)" where one is an
	// abbreviation, and "X (also known as A, B and C)" whatever they are.
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
			if !reAlsoKnownAs.MatchString(gap) {
				continue
			}
			for k := i + 1; k < len(ms); k++ {
				union(matchKey(ms[i].text), matchKey(ms[k].text))
				if k+1 < len(ms) && !reAliasListJoin.MatchString(s.s.Text[ms[k].j:ms[k+1].i]) {
					break
				}
			}
		}
	}
	// Keys by their first and last words, lower case: the forms below
	// compare a name only with names that share its first or last word.
	byFirst, byLast := map[string][]string{}, map[string][]string{}
	for _, k := range keys {
		if ws := wordsOf[k]; len(ws) > 0 {
			f, l := strings.ToLower(ws[0]), strings.ToLower(ws[len(ws)-1])
			byFirst[f] = append(byFirst[f], k)
			if p := strings.ToLower(stripPossessive(ws[0])); p != f && len(ws) >= 2 {
				byFirst[p] = append(byFirst[p], k)
			}
			byLast[l] = append(byLast[l], k)
		}
	}
	// unionUnique joins a to the one cluster among cands whose keys
	// match, if there is exactly one.
	unionUnique := func(a string, cands []string, match func(b string) bool) {
		var hit []string
		for _, b := range cands {
			if b != a && match(b) {
				hit = append(hit, find(b))
			}
		}
		slices.Sort(hit)
		if hit = slices.Compact(hit); len(hit) == 1 {
			union(hit[0], a)
		}
	}
	for _, a := range keys {
		sa, wa := surfOf[a], wordsOf[a]
		// Short forms: a name whose words start exactly one longer
		// organisation name ("Pellworth" → "Pellworth Systems", "Kessling
		// Bay" → "Kessling Bay City Council"), or its possessive does
		// ("Aunt Rosa" → "Aunt Rosa’s Marketplace").
		if !isAcronym(sa) && len(wa) > 0 {
			// A county or city is its government, not one of its
			// agencies ("Licking County" is not the "Licking County
			// Emergency Management Agency"), though it is its council.
			local := len(wa) >= 2 && councilTypes[strings.ToLower(wa[len(wa)-1])]
			unionUnique(a, byFirst[strings.ToLower(wa[0])], func(b string) bool {
				wb := wordsOf[b]
				last := strings.ToLower(wb[len(wb)-1])
				return len(wb) > len(wa) && orgHeads[last] && (prefixWords(wa, wb) || possessivePrefix(wa, wb)) && (!local || localGovHeads[last])
			})
		}
		// Tail forms: a name of two words or more ending in an
		// organisation head that ends exactly one longer name written at
		// least as often ("Louis Public Library" for "St. Louis Public
		// Library", "National Bank" for "Qatar National Bank"). A longer
		// name written less often is more likely a name run into the
		// words before it ("Geschäftsführerin der Wexmoor Harbour
		// Authority").
		if len(wa) >= 2 && orgHeads[strings.ToLower(wa[len(wa)-1])] {
			unionUnique(a, byLast[strings.ToLower(wa[len(wa)-1])], func(b string) bool {
				wb := wordsOf[b]
				return len(wb) > len(wa) && suffixWords(wa, wb) && len(es.byKey[b].refs) >= len(es.byKey[a].refs)
			})
		}
		// Clipped forms: "Mat-Su" for "Matanuska-Susitna Borough", each
		// part of a hyphenated short name starting the same part of the
		// first word of exactly one longer name.
		if parts := strings.Split(sa, "-"); len(wa) == 1 && len(parts) >= 2 && !isAcronym(sa) {
			unionUnique(a, keys, func(b string) bool {
				wb := wordsOf[b]
				return len(wb) >= 2 && clipped(parts, strings.Split(wb[0], "-"))
			})
		}
	}
	// Departments: "Homeland Security" is the "Department of Homeland
	// Security" the story also names (two words or more: a one-word
	// "Justice" may be anything).
	for _, a := range keys {
		if len(wordsOf[a]) >= 2 && es.byKey["department of "+a] != nil {
			union("department of "+a, a)
		}
	}
	// Municipal forms: "City of Kessling" and "Town of Orrin" are the
	// government of the place the story also names alone.
	for _, a := range keys {
		m := reMunicipalOf.FindStringSubmatch(surfOf[a])
		if m == nil {
			continue
		}
		if pk := matchKey(m[1]); pk != "" && es.byKey[pk] != nil {
			union(a, pk)
		}
	}
	// Exonyms: "Douvres" is Orrin, "München" is Munich.
	for _, k := range slices.Clone(order) {
		if c, ok := exonyms[k]; ok {
			if _, present := es.byKey[c]; present {
				union(c, k)
			}
		}
	}
	// Council names translated around a place: "Stadtrat von Kessling",
	// "conseil du district de Vessac" name the place's council. In a
	// story with no council named in English, the phrases of one place
	// are one council of their own.
	byPlace := map[string]string{} // place key → first phrase key
	for _, s := range sents {
		for _, m := range reForeignCouncil.FindAllStringSubmatchIndex(s.s.Text, -1) {
			place := s.s.Text[m[2]:m[3]]
			pk := matchKey(place)
			if c, ok := exonyms[pk]; ok {
				pk = c
			}
			var hit string
			for _, k := range keys {
				ws := words(k)
				if len(ws) >= 2 && ws[len(ws)-1] == "council" && strings.HasPrefix(k, pk+" ") {
					if hit != "" && find(hit) != find(k) {
						hit = "-"
						break
					}
					hit = k
				}
			}
			if hit == "-" {
				continue
			}
			phrase := s.s.Text[m[0]:m[1]]
			add(s, mention{text: phrase, i: m[0], j: m[1]})
			if hit == "" {
				if first, ok := byPlace[pk]; ok {
					union(first, matchKey(phrase))
				} else {
					byPlace[pk] = matchKey(phrase)
				}
				continue
			}
			union(hit, matchKey(phrase))
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
			r.named = ""
		}
		r.refs = append(r.refs, e.refs...)
		r.orgCtx = 0
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

// possessivePrefix reports whether short starts long with its last word
// in the possessive: "Aunt Rosa" and "Aunt Rosa’s Marketplace".
func possessivePrefix(short, long []string) bool {
	n := len(short)
	if n == 0 || len(long) <= n {
		return false
	}
	w := stripPossessive(long[n-1])
	return w != long[n-1] && strings.EqualFold(w, short[n-1]) && prefixWords(short[:n-1], long)
}

func prefixWords(short, long []string) bool {
	for i := range short {
		if !strings.EqualFold(short[i], long[i]) {
			return false
		}
	}
	return true
}

func suffixWords(short, long []string) bool {
	return prefixWords(short, long[len(long)-len(short):])
}

// partialAcronym reports whether short is long with a run of its words
// written as their initials: "WV Services" for "Westmere Valley Services" or
// "Westmere Valley Shared Services",
// "Colorado DOT" for "Colorado Department of Transportation" (the
// initials of the run's capitalised words, or of all its words).
func partialAcronym(short, long []string) bool {
	for p, acr := range short {
		if !isAcronym(acr) || len([]rune(acr)) < 2 {
			continue
		}
		pre, suf := short[:p], short[p+1:]
		if len(pre)+len(suf) >= len(long) || !prefixWords(pre, long) || !suffixWords(suf, long) {
			continue
		}
		// The initials spell a run of words after the prefix; words may
		// be left out between the run and the suffix ("NR Services" for
		// "Northern Reach Shared Services").
		for k := 2; len(pre)+k+len(suf) <= len(long); k++ {
			mid := long[len(pre) : len(pre)+k]
			if initials(mid) == acr || strings.ToUpper(allInitials(mid)) == acr {
				return true
			}
		}
	}
	return false
}

// acronymLetters spells a name's abbreviation keeping the abbreviations
// inside it whole: "NR Services" → "NRS".
func acronymLetters(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		if isAcronym(w) {
			b.WriteString(w)
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// allInitials are the first letters of all the words.
func allInitials(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// clipped reports whether each short part starts the long part at its
// place, by two letters or more, and is shorter than it.
func clipped(short, long []string) bool {
	if len(short) != len(long) {
		return false
	}
	for i := range short {
		s, l := strings.ToLower(short[i]), strings.ToLower(long[i])
		if len(s) < 2 || len(s) >= len(l) || !strings.HasPrefix(l, s) {
			return false
		}
	}
	return true
}

// reAlsoKnownAs introduces a name's other names: "WanaCypt0r (also known
// as WCry, WannaCry and WannaCryptor)", "Grey Otter, aka APT99".
var reAlsoKnownAs = textre.MustCompile(`^(?:,|\s\()?\s*(?:also known as|aka|a\.k\.a\.|otherwise known as|formerly known as)\s+(?:the\s+)?$`)

// reAliasListJoin joins the names of such a list.
var reAliasListJoin = textre.MustCompile(`^(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$`)

// reMunicipalOf is a municipality named as the government of a place
// ("City of Kessling", "Town of Orrin").
var reMunicipalOf = textre.MustCompile(`^(?:City|Town|County|Borough|Village|Township|Municipality) of (\p{Lu}.*)$`)

// localGovHeads end the names of a place's own government.
var localGovHeads = map[string]bool{"council": true, "government": true, "commissioners": true, "administration": true}

var councilTypes = map[string]bool{"city": true, "county": true, "district": true, "borough": true,
	"town": true, "municipal": true, "regional": true, "shire": true, "metropolitan": true, "parish": true}

// councilKey is a council's name without its type words ("Kessling
// City Council" → "canterbury"), "" for other names: councils of one
// place under different type words share it.
func councilKey(ws []string) string {
	if len(ws) < 2 || !strings.EqualFold(ws[len(ws)-1], "council") {
		return ""
	}
	var out []string
	for _, w := range ws[:len(ws)-1] {
		if !councilTypes[strings.ToLower(w)] {
			out = append(out, strings.ToLower(w))
		}
	}
	return strings.Join(out, " ")
}

// rePeopleNoun is the shape of plural nouns for people ("Hackers",
// "Officials", "Researchers", "Residents").
var rePeopleNoun = textre.MustCompile(`(?:ers|ors|ists|ials|ians|ents|ants)$`)

// dropSentenceStarters removes the names that are common words
// capitalised only because they start sentences ("Hackers hit ...",
// "Officials said ..."): one word, only ever written at the start of a
// sentence, not part of a longer name of the story (a surname used alone
// is kept), and either written in lower case elsewhere in the story or
// shaped like a plural noun for people. It returns the remaining keys.
func dropSentenceStarters(es *entities, order []string, sents []*sent) []string {
	lower := map[string]bool{}   // words the story writes in lower case
	inNames := map[string]bool{} // words of names of several words
	for _, s := range sents {
		for _, tok := range strings.Fields(s.s.Text) {
			// A domain, address or handle ("eurostar.com", "@acme") is
			// no use of a common word.
			tok = strings.TrimRight(tok, ".,;:!?)”’\"'")
			if strings.ContainsAny(tok, "./@") {
				continue
			}
			for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
				if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
					lower[w] = true
				}
			}
		}
		for _, m := range s.mentions() {
			if ws := words(m.text); len(ws) > 1 {
				for _, w := range ws {
					inNames[strings.ToLower(w)] = true
				}
			}
		}
	}
	starter := func(e *entity) bool {
		for _, r := range e.refs {
			if strings.Contains(r.text, " ") || isAcronym(r.text) || strings.TrimLeft(r.s.s.Text[:r.i], "\"“‘'([ ") != "" {
				return false
			}
		}
		w := strings.ToLower(e.refs[0].text)
		return !inNames[w] && (lower[w] || rePeopleNoun.MatchString(w))
	}
	kept := order[:0]
	for _, k := range order {
		if starter(es.byKey[k]) {
			delete(es.byKey, k)
			continue
		}
		kept = append(kept, k)
	}
	return kept
}
