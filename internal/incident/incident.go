// Package incident writes the sourced record of one story: who was hit,
// where, through which provider, with what, which services went down,
// which agencies are involved, what is disputed and by whom, and the
// people quoted. Every field carries the sentences that state it.
//
// Extraction is rule-based over the story's sentences (English patterns
// first; the other languages contribute names and aliases). It resolves
// names across documents before deciding roles, so one organisation is
// one entry whatever spelling, acronym or short form a document used.
package incident

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/kev"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/story"
	"github.com/casefile/casefile/internal/textre"
)

// Options configures extraction; the zero value is usable.
type Options struct {
	// Aliases maps an alias to the canonical name of an entity ("EKS" →
	// "East Kent Services"); users extend it to teach casefile names it
	// cannot resolve by itself.
	Aliases map[string]string
	// KEV, when set, links a vector named without CVE ids to CISA's Known
	// Exploited Vulnerabilities catalogue ("suspected, via KEV").
	KEV *kev.Catalogue
}

// ID is the incident id of a story.
func ID(storyID string) string {
	h := sha256.Sum256([]byte("incident:" + storyID))
	return "i-" + hex.EncodeToString(h[:6])
}

// Extract writes the incident record of one story. docs must be the
// story's documents with the lead first (the order sets evidence order);
// the result depends only on that order and the documents' content.
func Extract(storyID string, docs []model.Doc, opt Options) model.Incident {
	x := newExtraction(docs, opt)
	inc := model.Incident{ID: ID(storyID), Story: storyID}
	inc.Title = x.title()
	x.classify()
	inc.Victims = x.victimList()
	inc.Providers = x.providerList()
	inc.Agencies = x.agencyList()
	inc.Country, inc.CountryEvidence = x.country()
	inc.Region, inc.RegionEvidence = x.region()
	inc.Services = x.services()
	inc.Vector = x.vector()
	inc.Status, inc.StatusEvidence = x.status()
	inc.StatusHistory = x.statusHistory()
	inc.People = x.peopleList()
	inc.Disputes = x.disputes()
	inc.Affected, inc.AffectedEvidence = x.affected()
	inc.Records, inc.RecordsEvidence = x.records()
	inc.Ransom, inc.RansomEvidence = x.ransom()
	inc.DataAccessed, inc.DataAccessedEvidence = x.dataAccessed()
	inc.Actors = x.actors()
	inc.Related = x.related()
	inc.AttackType = x.attackType()
	inc.Vulnerabilities = x.vulnerabilities()
	if opt.KEV != nil && inc.Vector != nil && len(inc.Vector.CVEs) == 0 {
		x.linkKEV(opt.KEV, &inc)
	}
	inc.Events = x.events()
	ensureSlices(&inc)
	return inc
}

// ensureSlices makes empty lists encode as [] rather than null.
func ensureSlices(inc *model.Incident) {
	if inc.Victims == nil {
		inc.Victims = []model.Entity{}
	}
	if inc.Providers == nil {
		inc.Providers = []model.Provider{}
	}
	if inc.Agencies == nil {
		inc.Agencies = []model.Agency{}
	}
	if inc.Services == nil {
		inc.Services = []model.Service{}
	}
	if inc.Disputes == nil {
		inc.Disputes = []model.Dispute{}
	}
	if inc.People == nil {
		inc.People = []model.Person{}
	}
	if inc.CountryEvidence == nil {
		inc.CountryEvidence = []model.Evidence{}
	}
	if inc.RegionEvidence == nil {
		inc.RegionEvidence = []model.Evidence{}
	}
	if inc.StatusEvidence == nil {
		inc.StatusEvidence = []model.Evidence{}
	}
}

// extraction holds the state of one story's extraction.
type extraction struct {
	docs  []model.Doc
	sents []*sent
	en    []*sent // sentences of English documents
	// factLang is the language facts are read in (factLangOf), and
	// facts the sentences of its documents, found once.
	factLang string
	facts    []*sent
	// factHits are findFacts' answers: disputes and dataAccessed ask
	// for the same patterns.
	factHits map[*textre.Regexp][]factHit
	ents     *entities

	outlets   map[*entity]bool
	agencies  map[*entity]string // → role
	places    map[*entity]bool
	people    map[*entity]*personInfo
	firms     map[*entity]bool // security firms, researchers' employers
	vendors   map[*entity]bool
	products  map[*entity]bool // the product named as the way in
	attackers map[*entity]bool // gangs and groups behind the attack
	// bystanders are named beside the attack but not hit by it (see
	// classifyBystanders) → why.
	bystanders map[*entity]string
	providers  map[*entity]string // → role
	victims    map[*entity][]model.Evidence
	precedent  map[*entity][]model.Evidence

	regions []regionCand // cached regionCandidates
	rdone   bool
}

func newExtraction(docs []model.Doc, opt Options) *extraction {
	x := &extraction{docs: docs}
	for r := range docs {
		d := &x.docs[r]
		lower := lowerWords(d.Text)
		// A sentence's paragraph is the number of blank lines ("\n\n",
		// counted without overlap) before it. The blank lines are found
		// once and the text walked once, sentences coming in text order,
		// rather than from the start of the text for each sentence.
		var blanks []int // byte offset where each blank line ends
		for i := 0; ; {
			k := strings.Index(d.Text[i:], "\n\n")
			if k < 0 {
				break
			}
			i += k + 2
			blanks = append(blanks, i)
		}
		pos, runes := 0, 0
		for _, s := range d.Sentences {
			if s.Start < runes {
				pos, runes = 0, 0
			}
			pos += len(prefixRunes(d.Text[pos:], s.Start-runes))
			runes = s.Start
			para, _ := slices.BinarySearch(blanks, pos+1)
			st := &sent{doc: d, s: s, rank: r, para: para, lower: lower}
			x.sents = append(x.sents, st)
			if d.Lang == "en" {
				x.en = append(x.en, st)
			}
		}
	}
	alias := map[string]string{} // alias key → canonical name as the user wrote it
	for a, c := range opt.Aliases {
		alias[matchKey(a)] = strings.TrimSpace(c)
	}
	x.ents = resolve(x.sents, alias)
	x.factLang = factLangOf(x.docs)
	x.facts = x.sentsIn(x.factLang)
	return x
}

func prefixRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// title is the lead's title, else a title in the lead's language, else
// the lead's first sentence.
func (x *extraction) title() string {
	if len(x.docs) == 0 {
		return ""
	}
	lead := x.docs[0]
	if lead.Title != "" {
		return lead.Title
	}
	for _, d := range x.docs[1:] {
		if d.Title != "" && d.Lang == lead.Lang {
			return d.Title
		}
	}
	if len(lead.Sentences) > 0 {
		t := lead.Sentences[0].Text
		if r := []rune(t); len(r) > 120 {
			t = string(r[:117]) + "…"
		}
		return t
	}
	return ""
}

// entitiesIn lists the resolved entities mentioned in a sentence with
// their byte ranges, in order.
func (x *extraction) entitiesIn(s *sent) []ref {
	var out []ref
	for _, m := range s.mentions() {
		if e := x.ents.get(m.text); e != nil {
			out = append(out, ref{s: s, i: m.i, j: m.j, text: m.text})
		}
	}
	return out
}

// role excluded from victims.
func (x *extraction) notVictim(e *entity) bool { return x.notVictimAs(e, false) }

// notVictimAs is notVictim, except that when placeToo is set neither
// the story's places nor notNameOfOrg (which also rejects datelines,
// places named with their state and one-word names only at sentence
// starts) rule a name out: the headline rule of classifyVictims sets it
// for a town the headline says was hit.
func (x *extraction) notVictimAs(e *entity, placeToo bool) bool {
	_, agency := x.agencies[e] // an agency is no victim, whatever its role
	return notNameOfOrg(e) && !placeToo || x.outlets[e] || agency || x.bystanders[e] != "" || x.places[e] && !placeToo || x.people[e] != nil || x.firms[e] || x.vendors[e] || x.products[e] || x.attackers[e] || x.providers[e] != ""
}

func sortedEntities(m map[*entity]string) []*entity {
	var out []*entity
	for e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *entity) int { return cmp.Compare(a.name(), b.name()) })
	return out
}

// classify decides what each entity is: outlet, agency, place, person,
// security firm, attacker, vendor, product, provider, victim or
// precedent.
func (x *extraction) classify() {
	x.outlets = map[*entity]bool{}
	for _, d := range x.docs {
		for o, n := range story.Outlets(d.Text) {
			// A name used once or twice the way outlets are ("customers
			// have been contacted by Debenhams", "X has contacted the
			// police") that the story treats as an organisation hit is
			// no outlet.
			if e := x.ents.get(o); e != nil && !isCouncil(e) && !(n <= 2 && orgContext(e)) {
				x.outlets[e] = true
			}
		}
	}
	x.classifyNewspapers()
	x.classifyPlaces()
	x.classifyAgencies()
	x.classifyPeople()
	x.classifyFirms()
	x.classifyAttackers()
	x.classifyBystanders()
	x.personParts()
	x.vendors = map[*entity]bool{}
	x.products = map[*entity]bool{}
	if v := x.findVector(); v != nil {
		if v.vendor != nil {
			x.vendors[v.vendor] = true
		}
		if e := x.ents.get(v.product); e != nil {
			x.products[e] = true
		}
	}
	x.classifyProviders()
	x.classifyVictims()
}
