package incident

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// The rules that read a story told in German, French or Spanish with its
// language's cues (langcues.go).

// victimsByCues finds the victims of a story read in German, French or
// Spanish: a name right after or right before a victim cue, in the
// body or the headline, and the names that open a sentence of attack
// ("A, B und C erklärten, dass sie einen Cyber-Vorfall untersuchen").
// A town hit by the attack is its government, as with the English
// headline rule, though the story also names it as a place; a country
// is not.
func (x *extraction) victimsByCues(c *langCues) {
	// People's names: the cues that find them in English are English,
	// so the surname of a name shaped like a person's is kept out here
	// ("Pellworth-Sprecher Jon Brandt ... Brandt lehnte ab"). The
	// full name is not: German compounds have that shape too
	// ("Stadtverwaltung Kellbrunn").
	surnames := map[string]bool{}
	for _, e := range x.ents.all {
		if isPersonName(e.name()) && !orgSignals(e) {
			surnames[strings.ToLower(lastWord(e.name()))] = true
		}
	}
	ok := func(e *entity) bool {
		if e == nil || x.notVictimAs(e, true) || isCountryName(e.name()) {
			return false
		}
		return len(words(e.name())) > 1 || !surnames[strings.ToLower(e.name())]
	}
	for _, e := range x.ents.all {
		if !ok(e) {
			continue
		}
		for _, r := range e.refs {
			if r.s.doc.Lang != x.factLang || x.factLang == "de" && germanNoun(r.s.s.Text, r) {
				continue
			}
			t := r.s.s.Text
			before := tail(t[:r.i], 80)
			// "in der Grafschaft Wexmoor wurde Opfer": a place named
			// inside the victim's phrase is not what was hit.
			if c.victimAfter.MatchString(before) || c.victimBefore.MatchString(t[r.j:]) && !rePlacePrep.MatchString(before) {
				// "im vergangenen Jahr": an earlier incident's victim.
				if c.past.MatchString(t) {
					x.precedent[e] = append(x.precedent[e], r.s.evAt(r.i, r.j))
					continue
				}
				x.victims[e] = append(x.victims[e], r.s.evAt(r.i, r.j))
			}
		}
	}
	for _, s := range x.sents {
		if s.doc.Lang != x.factLang || !c.victimSentence.MatchString(s.s.Text) || c.past.MatchString(s.s.Text) {
			continue
		}
		for _, r := range x.openingList(s, c.listGap) {
			if e := x.ents.get(r.text); ok(e) {
				x.victims[e] = append(x.victims[e], s.evAt(r.i, r.j))
			}
		}
	}
	for _, d := range x.docs {
		if d.Lang != x.factLang || d.Title == "" {
			continue
		}
		for _, m := range mentions(d.Title) {
			e := x.ents.get(m.text)
			if !ok(e) || x.victims[e] != nil {
				continue
			}
			if c.victimAfter.MatchString(tail(d.Title[:m.i], 80)) || c.victimBefore.MatchString(d.Title[m.j:]) {
				x.victims[e] = e.evidence(2)
			}
		}
	}
}

// openingList is the run of names that opens a sentence, after an
// article, joined by list gaps: "Der Stadtrat von A, der Bezirksrat
// von B und der Bezirksrat von C".
func (x *extraction) openingList(s *sent, gap *textre.Regexp) []ref {
	refs := x.entityRefsIn(s)
	var out []ref
	for k := range openingRefs(s.s.Text, refs, gap) {
		out = append(out, refs[k])
	}
	return out
}

// openingRefs are the indexes of the refs, in order, that open the
// sentence t joined by list gaps.
func openingRefs(t string, refs []ref, gap *textre.Regexp) map[int]bool {
	out := map[int]bool{}
	if len(refs) == 0 || strings.TrimLeft(t[:refs[0].i], "\"“„«‘' ") != "" && !reOpeningArticle.MatchString(t[:refs[0].i]) {
		return out
	}
	out[0] = true
	for k := 1; k < len(refs); k++ {
		if !gap.MatchString(t[refs[k-1].j:refs[k].i]) {
			break
		}
		out[k] = true
	}
	return out
}

// reOpeningArticle is an article that opens a sentence before a name.
var reOpeningArticle = textre.MustCompile(`(?i)^["“„«‘' ]*(?:the|der|die|das|le|la|les|l’|l'|el|los|las)\s+$`)

// reEnListGap separates the names of an English list.
var reEnListGap = textre.MustCompile(`^(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$`)

// entityRefsIn lists the resolved entities of a sentence in order,
// those whose names are phrases the mention finder does not give
// ("conseil du district de Vessac") included.
func (x *extraction) entityRefsIn(s *sent) []ref {
	var out []ref
	for _, e := range x.ents.all {
		for _, r := range e.refs {
			if r.s == s {
				out = append(out, r)
			}
		}
	}
	// In order, the longer of two that start together first, and names
	// inside another left out ("Vessac" in "conseil du district de
	// Vessac").
	slices.SortFunc(out, func(a, b ref) int {
		if a.i != b.i {
			return cmp.Compare(a.i, b.i)
		}
		return cmp.Compare(b.j, a.j)
	})
	kept := out[:0]
	end := -1
	for _, r := range out {
		if r.i < end {
			continue
		}
		kept = append(kept, r)
		end = r.j
	}
	return kept
}

// sentsIn are the sentences of the documents in a language; those of
// English documents for "en", none for "".
func (x *extraction) sentsIn(lang string) []*sent {
	if lang == "en" {
		return x.en
	}
	var out []*sent
	for _, s := range x.sents {
		if s.doc.Lang == lang && lang != "" {
			out = append(out, s)
		}
	}
	return out
}

// rePlacePrep ends a text before a place: "in der ", "en ", "à ".
var rePlacePrep = textre.MustCompile(`(?i)(?:^|[^\p{L}])(?:in|im|aus|nach|en|à|au|aux|dans|desde)\s+(?:(?:der|dem|den|la|le|les|el|los|las)\s+)?$`)

// personByCues reads a person's role and organisation from a sentence in
// the story's fact language other than English; ok is false when no cue
// names the person.
func personByCues(c *langCues, t string, r ref) (role, org string, ok bool) {
	after, before := t[r.j:], t[:r.i]
	if m := c.personAppos.FindStringSubmatchIndex(after); m != nil {
		role = after[m[2]:m[3]]
		if m[4] >= 0 {
			if ms := mentions(after[m[4]:m[5]]); len(ms) > 0 {
				org = ms[len(ms)-1].text
			}
		}
		return role, org, true
	}
	if m := c.personPre.FindStringSubmatchIndex(before); m != nil {
		role = before[m[4]:m[5]]
		if m[2] >= 0 {
			org = before[m[2]:m[3]]
		}
		return role, org, true
	}
	return roleOfBefore(c.personRoleOf, before)
}

func wordSet(ws string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(ws) {
		out[w] = true
	}
	return out
}

// reSvcSplit splits a list of services.
var reSvcSplit = textre.MustCompile(`\s*,\s*|\s+(?:und|oder|sowie|et|ou|y|e|o)\s+`)

// reSvcEnd ends the text a list of services may take: sentence or
// clause punctuation.
var reSvcEnd = textre.MustCompile(`[.;:!?()„“”"«»–—]|,\s+(?:dass|weil|da|que|qui|car|porque|pues)\b`)

// servicesByCues finds the services a story told in German, French or
// Spanish reports disrupted: the list after a cue ("Probleme mit
// Online-Formularen und Online-Zahlungen") or before a state ("die
// Kfz-Zulassung und das Meldeamt nicht erreichbar").
func (x *extraction) servicesByCues(c *langCues, add func(s *sent, name string, i, j int)) {
	clean := func(it string) string {
		name := c.cleanSvc(it)
		// A name of the story ("Kessling", "NR Services"), a year or
		// a number, or the people served, is no service; nor, in
		// French and Spanish, where services are common nouns, is a
		// capitalised word.
		if name == "" || x.namesSomeone(x.ents.get(name)) || x.inRoleName(name) || strings.ContainsAny(name, "0123456789") || c.svcPeople[strings.ToLower(lastWord(name))] {
			return ""
		}
		if x.factLang != "de" {
			for _, w := range strings.Fields(name) {
				if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
					return ""
				}
			}
		}
		return name
	}
	for _, s := range x.facts {
		t := s.s.Text
		for _, loc := range c.svcAfter.FindAllStringIndex(t, -1) {
			seg := t[loc[1]:]
			if m := reSvcEnd.FindStringIndex(seg); m != nil {
				seg = seg[:m[0]]
			}
			items := svcItems(seg)
			for _, it := range items {
				if name := clean(seg[it[0]:it[1]]); name != "" {
					add(s, name, loc[1]+it[0], loc[1]+it[1])
				} else {
					break
				}
			}
		}
		for _, loc := range c.svcBefore.FindAllStringIndex(t, -1) {
			start := 0
			for _, m := range reSvcEnd.FindAllStringIndex(t[:loc[0]], -1) {
				start = m[1]
			}
			seg := t[start:loc[0]]
			items := svcItems(seg)
			// From the right, while they are services; the first item
			// starts after the clause's last stop word ("Nach Angaben
			// der Stadt sind die Kfz-Zulassung").
			for k := len(items) - 1; k >= 0; k-- {
				it := items[k]
				name := clean(c.afterStop(seg[it[0]:it[1]]))
				if name == "" {
					break
				}
				add(s, name, start+it[0], start+it[1])
			}
		}
	}
}

// svcItems are the byte ranges of a list's items.
func svcItems(seg string) [][2]int {
	var out [][2]int
	k := 0
	for _, m := range reSvcSplit.FindAllStringIndex(seg, -1) {
		out = append(out, [2]int{k, m[0]})
		k = m[1]
	}
	return append(out, [2]int{k, len(seg)})
}

// afterStop is the text after its last stop word.
func (c *langCues) afterStop(it string) string {
	ws := strings.Fields(it)
	for k := len(ws) - 1; k >= 0; k-- {
		if c.svcStop[strings.ToLower(ws[k])] {
			return strings.Join(ws[k+1:], " ")
		}
	}
	return it
}

// cleanSvc turns a list item into a service's name, or "": articles
// and possessives go, the item ends at a stop word, and it must have
// one to five words, not all generic.
func (c *langCues) cleanSvc(it string) string {
	ws := strings.Fields(it)
	for len(ws) > 0 && c.svcDet[strings.ToLower(ws[0])] {
		ws = ws[1:]
	}
	for k, w := range ws {
		if c.svcStop[strings.ToLower(w)] {
			ws = ws[:k]
			break
		}
	}
	// Five words: French and Spanish name services with prepositions
	// ("demandes de permis de construire").
	if len(ws) == 0 || len(ws) > 5 {
		return ""
	}
	generic := true
	for _, w := range ws {
		if !c.svcGener[strings.ToLower(w)] {
			generic = false
		}
	}
	if generic {
		return ""
	}
	return strings.Join(ws, " ")
}

// namesSomeone reports whether an entity has a role in the story: a
// place, a victim, a provider, an agency, an outlet, a person, a firm, a
// vendor, a product or an attacker. (German capitalises nouns, so a
// service's name may be an entity with none.)
func (x *extraction) namesSomeone(e *entity) bool {
	if e == nil {
		return false
	}
	_, agency := x.agencies[e]
	return x.places[e] || x.victims[e] != nil || x.providers[e] != "" || agency || x.outlets[e] || x.people[e] != nil || x.firms[e] || x.vendors[e] || x.products[e] || x.attackers[e] || x.precedent[e] != nil
}

// inRoleName reports whether a text is a whole word or words of a name
// of an entity with a role ("Kessling" of "Stadtrats von
// Kessling").
func (x *extraction) inRoleName(text string) bool {
	k := " " + strings.ToLower(text) + " "
	for _, e := range x.ents.all {
		if !x.namesSomeone(e) {
			continue
		}
		for sf := range e.surfaces {
			if strings.Contains(" "+strings.ToLower(sf)+" ", k) {
				return true
			}
		}
	}
	return false
}

// suppliersByCues marks the suppliers of a story told in German, French
// or Spanish: a name right after a supplier's noun or a passive "by",
// or right before an active verb of supplying; and its shared-service
// providers, bodies several set up together.
func (x *extraction) suppliersByCues(c *langCues, excluded func(*entity) bool) {
	for _, e := range x.ents.all {
		if excluded(e) || x.providers[e] != "" {
			continue
		}
		for _, r := range e.refs {
			if r.s.doc.Lang != x.factLang {
				continue
			}
			t := r.s.s.Text
			before, after := tail(t[:r.i], 60), t[r.j:]
			if c.sharedAfter.MatchString(after) {
				x.providers[e] = model.RoleSharedService
				break
			}
			if c.supplierAfter.MatchString(before) || c.supplierBefore.MatchString(after) ||
				c.supplierBy != nil && c.supplierBy.MatchString(before) && c.supplierByVerb.MatchString(after) {
				x.providers[e] = model.RoleSupplier
			}
		}
	}
}

// germanNoun reports whether a one-word name in German text is a common
// noun, capitalised as German writes them all: it follows an article or
// an inflected adjective ("im vergangenen Jahr", "auf die Stadt").
func germanNoun(t string, r ref) bool {
	return len(words(r.text)) == 1 && !isAcronym(r.text) && reGermanDetBefore.MatchString(tail(t[:r.i], 30))
}

var reGermanDetBefore = textre.MustCompile(`(?:^|\s)(?:der|die|das|dem|den|des|ein|eine|einem|einen|einer|eines|\p{Ll}+(?:e|en|em|er|es))\s+$`)
