package incident

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// classifyPlaces marks countries and region candidates.
func (x *extraction) classifyPlaces() {
	x.places = map[*entity]bool{}
	cm, _ := countries()
	for _, e := range x.ents.all {
		if _, ok := cm[fold.Key(e.name())]; ok {
			x.places[e] = true
		}
	}
	for _, c := range x.regionCandidates() {
		if e := x.ents.get(c.name); e != nil && len(words(c.name)) <= 2 {
			// A region is a place unless it names an organisation too.
			// "Wasaga Beach had their computer systems hacked": a town
			// the story treats as hit is its government, not a place.
			if !orgNamed(e) && !orgContext(e) {
				x.places[e] = true
			}
		}
	}
}

// headedOrg reports whether a name says it is an organisation: it ends
// in an organisation head ("Kessling Water") or names a municipality
// ("City of Kessling").
func headedOrg(name string) bool {
	if orgHeads[strings.ToLower(lastWord(name))] || reMunicipalOf.MatchString(name) {
		return true
	}
	// "Colorado Department of Transportation", "Bank of Tarn": the head
	// before "of".
	ws := words(name)
	for i := 0; i+2 < len(ws); i++ {
		if ws[i+1] == "of" && orgHeads[strings.ToLower(ws[i])] {
			return true
		}
	}
	return false
}

// orgNamed reports whether an entity's name says it is an organisation
// (headedOrg) or the story names it as a municipality ("the city of
// Atlanta's network").
func orgNamed(e *entity) bool {
	return headedOrg(e.name()) || municipality(e)
}

// municipality reports whether the story names the entity as a
// municipality: "City of Kessling", or "the city of Kessling" once.
func municipality(e *entity) bool {
	if reMunicipalOf.MatchString(e.name()) {
		return true
	}
	for _, r := range e.refs {
		if reMunicipalBefore.MatchString(tail(r.s.s.Text[:r.i], 30)) {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	ws := words(s)
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// knownOutlets are publications that cover cyber incidents whose names
// have no publication word ("according to Ars Technica"): each is an
// outlet where the story reports from it, as a name with such a word is.
var knownOutlets = map[string]bool{}

func init() {
	for _, n := range []string{"Ars Technica", "TechCrunch", "Motherboard", "ZDNet", "Register", "BleepingComputer",
		"Bleeping Computer", "Threatpost", "Wired", "Reuters", "Bloomberg", "Forbes", "CNET", "Verge", "Dark Reading",
		"SecurityWeek", "HackRead", "Record", "CyberScoop", "KrebsOnSecurity", "Naked Security", "Help Net Security",
		"Infosecurity Magazine", "Computer Weekly", "BBC", "CNN", "Associated Press", "Vice", "Fortune", "Axios",
		"Politico", "Gizmodo", "Engadget", "Heise", "Spiegel", "Le Monde", "Libération", "El País", "Bloomberg Law"} {
		knownOutlets[fold.Key(n)] = true
	}
}

// outletHeads are last words of publications' names.
var outletHeads = map[string]bool{
	"news": true, "times": true, "herald": true, "post": true, "echo": true, "courier": true,
	"gazette": true, "chronicle": true, "journal": true, "tribune": true, "telegraph": true,
	"guardian": true, "observer": true, "mirror": true, "express": true, "standard": true,
	"ledger": true, "beacon": true, "record": true, "review": true, "daily": true, "weekly": true,
	"radio": true, "tv": true, "television": true, "independent": true, "mail": true,
	"register": true, "bulletin": true, "argus": true, "examiner": true, "inquirer": true,
	"dispatch": true, "sentinel": true, "advertiser": true, "press": true,
}

var (
	reOutletBefore = textre.MustCompile(`(?i)\b(?:speaking to|according to|in an interview with|interviewed by|told|tells|quoted by|cited by|reported by|(?:statement|comment|comments) to|confirmed to)\s+(?:the\s+)?$`)
	rePublishedIn  = textre.MustCompile(`(?i)\b(?:(?:first |was |were |originally )?reported (?:by|on|in)|appeared (?:first )?in|published (?:by|in)|(?:news |tech |security |technology )?(?:blog|website|newspaper|magazine|tabloid|news site|news outlet)|(?:news |media )?(?:outlets|publications|news sites|newspapers|media sites)\s+(?:such as|like|including))\s+(?:the\s+)?$`)
	reOutletAppos  = textre.MustCompile(`^,\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}?(?:news site|news website|newspaper|magazine|news blog|publication|news outlet|broadcaster|news agency|tabloid)\b`)
	reOutletAfter  = textre.MustCompile(`^(?:[’']s?)?\s+(?:(?:has |had |first |previously )?reported|reports|revealed|has learned|has learnt|understands|contacted)\b`)
)

// reOwnSite ends a text before the name of an organisation's own site:
// "customers of its main website Debenhams.com".
var reOwnSite = textre.MustCompile(`(?i)\b(?:its|their|our|own)\s+(?:[\p{L}-]+\s+)?(?:website|blog)\s+$`)

// classifyNewspapers adds the publications story.Outlets does not see: a
// name with a publication's last word ("Coastal News", "Tarn Herald")
// that the story reports from ("according to the Tarn Herald", "Coastal
// News reported", "speaking to the Westbridge Times").
func (x *extraction) classifyNewspapers() {
	for _, e := range x.ents.all {
		if x.outlets[e] || isCouncil(e) {
			continue
		}
		// Whatever its name, what a story was first reported on or
		// appeared in, or what it calls a blog or magazine, is a
		// publication ("first reported on Hacked", "news blog Trzecia").
		for _, r := range e.refs {
			before := tail(r.s.s.Text[:r.i], 60)
			if rePublishedIn.MatchString(before) && !reOwnSite.MatchString(before) || reOutletAppos.MatchString(r.s.s.Text[r.j:]) {
				x.outlets[e] = true
				break
			}
		}
		if x.outlets[e] || !outletHeads[strings.ToLower(lastWord(e.name()))] && !knownOutlets[fold.Key(strings.TrimPrefix(e.name(), "The "))] {
			continue
		}
		for _, r := range e.refs {
			t := r.s.s.Text
			if reOutletBefore.MatchString(t[:r.i]) || reOutletAfter.MatchString(t[r.j:]) {
				x.outlets[e] = true
				break
			}
		}
	}
}

// isAgencyName reports whether a name has the shape of a government
// agency or regulator.
func isAgencyName(name string) bool {
	ws := strings.Fields(strings.ToLower(fold.String(stripPossessive(name))))
	if len(ws) < 2 {
		return false
	}
	head := false
	for _, w := range ws {
		if agencyHeads[stripPossessive(w)] {
			head = true
		}
	}
	if !head {
		return false
	}
	for _, w := range ws {
		if agencyWords[stripPossessive(w)] {
			return true
		}
	}
	return false
}

var (
	reNotified     = textre.MustCompile(`(?i)\b(?:received|notified|been told|informed)\b.{0,60}\b(?:breach|notification|report)|\bbreach (?:report|notification)s?\b|\b(?:been|has|have|had|was|were) (?:notified|informed)\b|\breported (?:it|this|the (?:incident|attack|breach)) to\b`)
	reInvestigate  = textre.MustCompile(`(?i)\b(?:investigat\w*|making (?:preliminary )?(?:enquiries|inquiries)|probe|looking into)\b`)
	reConfirming   = textre.MustCompile(`(?i)\b(?:confirm\w*|aware of)\b`)
	reSupporting   = textre.MustCompile(`(?i)\b(?:working (?:closely )?with|support\w*|assist\w*|help\w*|(?:providing|offering|giving) (?:\w+ )?(?:guidance|advice))\b`)
	reSpokesPerson = textre.MustCompile(`(?i)\bspokes(?:person|man|woman|people)\b`)
)

// classifyAgencies marks agencies and regulators and the role the
// sentences give them.
func (x *extraction) classifyAgencies() {
	x.agencies = map[*entity]string{}
	for _, e := range x.ents.all {
		ok := false
		for s := range e.surfaces {
			// A known agency's acronym, or its full name (knownAgencyName
			// also takes the name after a prefix: "U.S. Department of
			// ...").
			if isAgencyName(s) || knownAgencies[s] != "" && isAcronym(s) || knownAgencyName(s) {
				ok = true
			}
		}
		if !ok || x.outlets[e] {
			continue
		}
		role, rank := "", 5
		for _, r := range e.refs {
			t := r.s.s.Text
			cues := []struct {
				re   *textre.Regexp
				role string
			}{{reNotified, "notified"}, {reInvestigate, "investigating"}, {reConfirming, "confirming"}, {reSupporting, "supporting"}}
			if lang := r.s.doc.Lang; lang != "en" {
				// A sentence in the story's other fact language has its
				// own cues; one in a language not read for facts has none.
				c := cueLangs[lang]
				if c == nil || lang != x.factLang {
					continue
				}
				cues[0].re, cues[1].re, cues[2].re, cues[3].re = c.notified, c.investigating, c.confirming, c.supporting
			}
			for i, c := range cues {
				if i < rank && c.re.MatchString(t) {
					role, rank = c.role, i
				}
			}
		}
		x.agencies[e] = role
	}
}

func (x *extraction) agencyList() []model.Agency {
	var out []model.Agency
	for _, e := range sortedEntities(x.agencies) {
		name := e.name()
		// A known acronym names the agency when the text's own spelling is
		// no agency name: "NCSC" alone, or a fragment of a name written
		// in a language whose joining words nameRe does not know
		// ("Informationstechnik (BSI)").
		if !isAgencyName(name) {
			for _, s := range slices.Sorted(maps.Keys(e.surfaces)) {
				if isAcronym(s) && knownAgencies[s] != "" {
					name = knownAgencies[s]
					break
				}
			}
		}
		out = append(out, model.Agency{Name: name, Aliases: nonNil(e.aliases()), Role: x.agencies[e], Evidence: e.evidence(3)})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// personInfo is what the story says about a person.
type personInfo struct {
	role, org string
	orgEnt    *entity
	ev        []model.Evidence
}

// roleWords end a role description ("communications manager",
// "senior threat intelligence analyst").
var roleWords = `CEO|CTO|CFO|CIO|CISO|COO|CSO|CMO|blogger|journalist|author|spokesperson|spokesman|spokeswoman|manager|analyst|researcher|executive|director|officer|chief|head|president|chair|chairman|leader|minister|secretary|reporter|editor|founder|engineer|consultant|expert|professor|adviser|advisor|lead|partner|commissioner|mayor|administrator`

var (
	// "Marcus Feeney, communications manager at Kessling Bay City Council"
	// "Simon Achterberg, a Pellworth spokesperson"
	rePersonAppos = textre.MustCompile(`^,\s+(?:(?:a|an|the)\s+)?(?:[\p{L}\p{N}&\-]+(?:\s+[\p{L}\p{N}&\-]+){0,3}[’']s?\s+)?((?:[\p{L}\-]+\s+){0,5}?(?i:` + roleWords + `)(?:\s+(?i:` + roleWords + `))*)\b(?:\s+(?:at|for|of|with|from)\s+((?:[\p{L}\-]+\s+){0,3}?)(\p{Lu}[\p{L}\p{N}&’'\-]*(?:\s+(?:of the|of|for|&)?\s*\p{Lu}[\p{L}\p{N}&’'\-]*)*))?`)
	// "Pellworth spokesperson Simon Achterberg", "security researcher Imogen Tasker"
	// "Brackley Foods’ chief executive, Imogen Tallis"
	// A byline: "January 5, 2031 by Dana Pell", "Posted by Dana Pell".
	reByline       = textre.MustCompile(`(?:^|\b\d{4},?|\|)\s*(?i:(?:written|posted|published)\s+)?(?i:by)\s+$`)
	rePersonPre    = textre.MustCompile(`\b((?:\p{Ll}[\p{L}\-]*\s+){0,3}?(?i:` + roleWords + `)),?\s+$`)
	rePersonCue    = textre.MustCompile(`^\s*(?:,\s*)?(?:said|says|told|added|noted|explained|wrote|reiterated|confirmed|declined|did not|didn’t|shared|insisted)\b`)
	rePronounAfter = textre.MustCompile(`^\s+(?:(?:also|later|then)\s+)?(?:said|says|told \w+|added|explained|believes|believed|thinks|thought|commended|praised|thanked|stated|wrote)\s+(?:that\s+)?(?:he|she|his|her|him)\b`)
	// "Tessa, who was champion, had her photos stolen", "Hollis, the man
	// who hacked the console".
	rePersonWho = textre.MustCompile(`^(?:,\s+who\b[^.;:]{0,80}\b(?:he|she|his|her|him)\b|[”"]?,\s+(?:the|a|an)\s+(?:\p{Ll}+\s+){0,2}(?:man|woman|boy|girl|teen|teenager|person|guy|individual|student|hacker|researcher)\s+(?:who|that|behind|from)\b)`)
	reSaidName  = textre.MustCompile(`\b(?:said|says|according to)\s+$`)
)

// classifyPeople finds people by their role descriptions and speech,
// and resolves surnames used alone to the full name.
func (x *extraction) classifyPeople() {
	x.people = map[*entity]*personInfo{}
	for _, e := range x.ents.all {
		// A name the story calls a company is none, though shaped like a
		// person's and followed by a verb of saying ("the security firm
		// Trend Micro noted", "Check Point, a threat prevention software
		// company").
		if x.agencies[e] != "" || x.outlets[e] || x.places[e] || !isPersonName(e.name()) || orgSignals(e) || calledCompany(e) || calledCompanyAfter(e) {
			continue
		}
		var info *personInfo
		for _, r := range e.refs {
			if !isPersonName(r.text) {
				continue
			}
			t := r.s.s.Text
			// Other languages' sentences: their own cues in the story's
			// fact language, none in others.
			if lang := r.s.doc.Lang; lang != "en" {
				if c := cueLangs[lang]; c != nil && lang == x.factLang {
					if role, org, ok := personByCues(c, t, r); ok {
						info = orInfo(info)
						if info.role == "" {
							info.role, info.org = role, org
						}
						info.ev = append(info.ev, r.s.evAt(r.i, r.j))
					}
				}
				continue
			}
			after, before := t[r.j:], t[:r.i]
			cue := false
			if m := rePersonAppos.FindStringSubmatchIndex(after); m != nil {
				cue = true
				if info == nil || info.role == "" {
					info = orInfo(info)
					info.role = strings.TrimSpace(after[m[2]:m[3]])
					orgAt := m[6]
					// "head of threat research at X": the words before the
					// last preposition belong to the role.
					if m[4] >= 0 {
						fill := words(after[m[4]:m[5]])
						for k := len(fill) - 1; k > 0; k-- {
							if w := fill[k]; w == "at" || w == "for" || w == "with" || w == "from" {
								info.role = strings.TrimSpace(after[m[2]:m[4]]) + " " + strings.Join(fill[:k], " ")
								break
							}
						}
					}
					// "chief operating officer": the role goes on to the
					// last role word, over words that are not function
					// words; the organisation follows it.
					if end := extendRole(after, m[3]); end > m[3] {
						info.role = strings.TrimSpace(after[m[2]:end])
						orgAt = -1
						if om := reRoleOrg.FindStringSubmatchIndex(after[end:]); om != nil {
							orgAt = end + om[4]
						}
					}
					if orgAt >= 0 {
						// "at Hobart firm Harrow Lane Security": the last
						// name before the clause ends is the organisation.
						win := after[orgAt:]
						if k := strings.IndexAny(win, ",;.(:–—“\""); k >= 0 {
							win = win[:k]
						}
						// "director at SentinelOne said the cost to
						// British businesses": the clause ends at the
						// verb of saying.
						if k := reSaysIn.FindStringIndex(win); k != nil {
							win = win[:k[0]]
						}
						// "CEO of Web security firm High-Tech Bridge
						// praised Prince’s ...": so does any verb in
						// the past.
						if k := rePastVerbIn.FindStringIndex(win); k != nil {
							win = win[:k[0]]
						}
						// "of Tarn Solutions in Ostbury": not the place.
						ms := mentions(win)
						for len(ms) > 1 {
							if pe := x.ents.get(ms[len(ms)-1].text); pe != nil && x.places[pe] {
								ms = ms[:len(ms)-1]
								continue
							}
							break
						}
						if len(ms) > 0 {
							info.org = ms[len(ms)-1].text
						}
						// "Head of Research, Onapsis": a department
						// belongs to the role, and the organisation
						// follows it.
						if len(ms) == 1 && ms[0].i == 0 && deptWords[strings.ToLower(info.org)] {
							info.role += " of " + info.org
							info.org = ""
							rest := after[orgAt+ms[0].j:]
							if dm := reDeptOrg.FindStringIndex(rest); dm != nil {
								if ms := mentions(rest[dm[1]:]); len(ms) > 0 && ms[0].i == 0 {
									info.org = ms[0].text
								}
							}
						}
					}
					// "Brackley Foods’ chief executive": the possessor is
					// the organisation.
					if ms := mentions(after[:m[2]]); len(ms) > 0 && ms[len(ms)-1].poss && info.org == "" {
						info.org = ms[len(ms)-1].text
					}
					// "a Pellworth spokesperson": the name inside the role
					// is the organisation, less the title words at its end
					// ("Windows Corporate Vice President"); a title alone
					// ("Deputy Commissioner") names none.
					if ms := mentions(info.role); len(ms) > 0 && info.org == "" {
						last := ms[len(ms)-1]
						ws := words(last.text)
						if k := titleStart(ws); k > 0 {
							info.org = strings.Join(ws[:k], " ")
							info.role = strings.Join(ws[k:], " ") + info.role[last.j:]
						} else if k < 0 {
							info.org = last.text
							info.role = strings.TrimSpace(info.role[last.j:])
						}
					}
					// "Chief Executive" is a chief executive.
					info.role = roleCase(info.role)
				}
			}
			if role, org, ok := titleBefore(before, r.text); ok {
				// "Hancock Health CEO Steve Long", "Prime Minister Paolo
				// Gentiloni": the title mentions split off.
				cue = true
				info = orInfo(info)
				if info.role == "" || org != "" {
					info.role = role
					if org != "" {
						info.org = org
					}
				}
			} else if role, org, ok := roleOfBefore(reRoleOfBefore, before); ok {
				// "The mayor of Orrin, Ada Lund, said", "A spokesman
				// for the council, Ben Voss".
				cue = true
				info = orInfo(info)
				if info.role == "" {
					info.role, info.org = roleCase(role), org
				}
			} else if m := rePersonPre.FindStringSubmatch(before); m != nil {
				cue = true
				role := strings.TrimSpace(m[1])
				// "a post from security researcher": the role starts after
				// the last preposition or article.
				if rw := words(role); len(rw) > 1 {
					for k := len(rw) - 2; k >= 0; k-- {
						if roleBreak[strings.ToLower(rw[k])] {
							role = strings.Join(rw[k+1:], " ")
							break
						}
					}
				}
				org := ""
				// "Pellworth spokesperson": the organisation is the name
				// right before the role.
				pre := strings.TrimSpace(before[:strings.LastIndex(before, role)])
				if ms := mentions(pre); len(ms) > 0 {
					last := ms[len(ms)-1]
					switch strings.TrimSpace(pre[last.j:]) {
					case "", "’s", "'s", "’", "'": // "Pellworth spokesperson", "Pellworth’s spokesperson"
						org = last.text
					}
				}
				if strings.HasPrefix(strings.ToLower(role), "spokes") || org != "" || info == nil || info.role == "" {
					info = orInfo(info)
					if info.role == "" || org != "" {
						info.role = roleCase(role)
						if org != "" {
							info.org = org
						}
					}
				}
			}
			if rePersonCue.MatchString(after) || reSaidName.MatchString(before) && !strings.HasPrefix(after, "’") && !strings.HasPrefix(after, "'") {
				cue = true
			}
			if cue {
				info = orInfo(info)
				// "according to Tobias Renn of Quillon Security"
				if m := reOfOrg.FindStringIndex(after); m != nil && info.org == "" {
					if ms := mentions(after[m[1]:]); len(ms) > 0 && ms[0].i == 0 {
						info.org = ms[0].text
					}
				}
				info.ev = append(info.ev, r.s.evAt(r.i, r.j))
			}
		}
		if info != nil {
			x.people[e] = info
		}
	}
	x.respectivePeople()
	// A surname the story never gives in full is a person when it is
	// spoken of as he or she ("Tolley said he ...", "Tolley thanked his
	// staff").
	for _, e := range x.ents.all {
		if x.people[e] != nil || x.agencies[e] != "" || x.outlets[e] || x.places[e] || len(words(e.name())) != 1 || isAcronym(e.name()) {
			continue
		}
		for _, r := range e.refs {
			if rePronounAfter.MatchString(r.s.s.Text[r.j:]) || rePersonWho.MatchString(r.s.s.Text[r.j:]) {
				x.people[e] = &personInfo{ev: []model.Evidence{r.s.evAt(r.i, r.j)}}
				break
			}
		}
	}
	// Surnames used alone ("Davis said") join the full name's entity.
	for e := range x.people {
		sur := lastWord(e.name())
		if s := x.ents.get(sur); s != nil && s != e && len(words(s.name())) == 1 {
			x.people[s] = x.people[e]
		}
	}
	for _, info := range x.people {
		if info.org == "" {
			continue
		}
		// "Argentinean security researcher", "spokeswoman for Latin
		// America": a nationality or a place is no employer. (Not
		// x.places: not every name the story finds "in" is a place:
		// "included in Oracle product distributions".)
		if isCountryName(info.org) || regionNames[fold.Key(info.org)] || reDemonymWord.MatchString(info.org) {
			info.org = ""
			continue
		}
		info.orgEnt = x.ents.get(info.org)
	}
	// A person's organisation is no person ("Maya Orlov, an analyst at
	// Greyline Research, said": Greyline Research is followed by "said"
	// but is her employer).
	var orgs []*entity
	for _, info := range x.people {
		if info.orgEnt != nil && x.people[info.orgEnt] != nil && x.people[info.orgEnt] != info {
			orgs = append(orgs, info.orgEnt)
		}
	}
	for _, e := range orgs {
		delete(x.people, e)
	}
}

var (
	// reRespectively is the role of a list of people before the list of
	// those they speak for: ", spokespeople for ".
	reRespectively    = textre.MustCompile(`,\s+(?:the\s+)?((?:[\p{L}-]+\s+){0,3}?(?:spokespeople|spokespersons|spokesmen|spokeswomen|representatives|managers|officers|directors|heads|leaders|mayors|executives|chiefs))\s+(?:for|of|at)\s+(?:the\s+)?`)
	reRespectivelyEnd = textre.MustCompile(`\brespectively\b`)
	// reTypePlural follows the last of a list of places that names
	// their councils: "Kessling, Orrin and Wexmoor councils".
	reTypePlural = textre.MustCompile(`^\s+(?:councils|county councils|district councils|city councils|borough councils)\b`)
)

// respectivePeople reads "A, B and C, spokespeople for X, Y and Z
// councils respectively": the i-th person speaks for the i-th
// organisation, which is the council of a place named in a list of
// councils.
func (x *extraction) respectivePeople() {
	for _, s := range x.en {
		t := s.s.Text
		m := reRespectively.FindStringSubmatchIndex(t)
		if m == nil {
			continue
		}
		end := reRespectivelyEnd.FindStringIndex(t[m[1]:])
		if end == nil {
			continue
		}
		stop := m[1] + end[0]
		refs := x.entitiesIn(s)
		var people, orgs []ref
		for k := len(refs) - 1; k >= 0; k-- {
			r := refs[k]
			if r.j > m[0] {
				continue
			}
			next := m[0]
			if len(people) > 0 {
				next = people[0].i
			}
			if !reListGap.MatchString(t[r.j:next]) {
				break
			}
			people = append([]ref{r}, people...)
		}
		for _, r := range refs {
			if r.i >= m[1] && r.j <= stop && (len(orgs) == 0 || reListGap.MatchString(t[orgs[len(orgs)-1].j:r.i])) {
				orgs = append(orgs, r)
			}
		}
		if len(people) < 2 || len(people) != len(orgs) {
			continue
		}
		councils := reTypePlural.MatchString(t[orgs[len(orgs)-1].j:])
		role := singularRole(strings.ToLower(t[m[2]:m[3]]))
		for k, p := range people {
			pe := x.ents.get(p.text)
			if pe == nil || !isPersonName(pe.name()) || x.agencies[pe] != "" || x.outlets[pe] || x.places[pe] {
				continue
			}
			org := x.ents.get(orgs[k].text)
			if councils {
				if c := x.councilOf(orgs[k].text); c != nil {
					org = c
				}
			}
			if org == nil {
				continue
			}
			info := x.people[pe]
			if info == nil {
				info = &personInfo{}
				x.people[pe] = info
			}
			if info.role == "" {
				info.role = role
			}
			if info.org == "" {
				info.org = org.name()
			}
			info.ev = append(info.ev, s.evAt(p.i, p.j))
		}
	}
}

// singularRole is the role of one of a group: "spokespeople" →
// "spokesperson".
func singularRole(plural string) string {
	for _, p := range [][2]string{{"spokespeople", "spokesperson"}, {"spokesmen", "spokesman"}, {"spokeswomen", "spokeswoman"}} {
		if strings.HasSuffix(plural, p[0]) {
			return strings.TrimSuffix(plural, p[0]) + p[1]
		}
	}
	return strings.TrimSuffix(plural, "s")
}

// reOrgAfter is what follows an organisation's name and not a person's:
// a relative "which", being hit by the attack, its systems or customers,
// "said its".
var reOrgAfter = textre.MustCompile(`^(?:,?\s+which\b|\s+(?:was|were|has been|had been|have been)\s+(?:(?:also|first|reportedly)\s+)?(?:hit|struck|targeted|crippled|compromised|breached|hacked|attacked|infected|the victim|the target|a victim)\b|\s+(?:(?:has|have|had)\s+)?(?:fell|fallen) victim\b|\s+(?:acknowledged|admitted|acknowledges|admits)\s+(?:the|a|an)\s+(?:\w+\s+)?(?:leak|breach|hack|attack|incident|intrusion)s?\b|\s+(?:has|have|had)\s+(?:its|their)\s+(?:[\w-]+\s+){0,2}(?:systems?|networks?|servers?|files|data|computers?|websites?)\s+(?:[\w-]+\s+)?(?:hacked|encrypted|locked|breached|compromised|infected|stolen|accessed)\b|\s+(?:has |have |had )?(?:suffered|disclosed|confirmed|reported) (?:a |an )?(?:data |security |cyber[- ]?)?(?:breach|attack|hack|incident|intrusion)|[’']s?\s+(?:own\s+)?(?:systems?|networks?|servers?|websites?|customers|clients|staff|employees|services|IT|subsidiar\w+|headquarters|offices|stores|branches|premises|sites?)\b|\s+(?:said|says|confirmed|announced|stated)\s+(?:that\s+)?(?:its\b|it (?:was|had been|has been) (?:hit|targeted|the victim|affected|investigating|working))|\s+(?:has\s+|have\s+)?(?:said|says|confirmed|confirms|announced|announces|stated|revealed|reveals|disclosed|discloses|admitted|admits)\s+(?:on \w+\s+)?(?:that\s+)?(?:it|they)\s+(?:has\s+|had\s+|have\s+)?(?:suffered|experienced|was|were|been|detected|discovered|fell))`)

// orgSignals reports whether the story treats a name shaped like a
// person's ("Halden Water", "Brimley Foods") as an organisation: it has an
// acronym, or is followed by what only follows organisations.
func orgSignals(e *entity) bool {
	for s := range e.surfaces {
		if isAcronym(s) {
			return true
		}
	}
	return orgContext(e)
}

// orgContext reports whether the story writes a name where only an
// organisation goes: followed by being hit, its systems or customers, or
// after "attack on".
func orgContext(e *entity) bool {
	if e.orgCtx == 0 {
		e.orgCtx = 1
		for _, r := range e.refs {
			if reOrgAfter.MatchString(r.s.s.Text[r.j:]) || reOrgBefore.MatchString(r.s.s.Text[:r.i]) {
				e.orgCtx = 2
				break
			}
		}
	}
	return e.orgCtx == 2
}

// acronymOrg reports whether a bare abbreviation is used as an
// organisation: it speaks ("USPS said"; people are not named by
// abbreviations), an apposition says what it is ("ONWASA, a water
// utility company"), or it has systems ("ONWASA's internal computer
// system").
func acronymOrg(e *entity) bool {
	for _, r := range e.refs {
		if reAcronymOrgAfter.MatchString(r.s.s.Text[r.j:]) {
			return true
		}
	}
	return false
}

var reAcronymOrgAfter = textre.MustCompile(`^(?:\s+(?:said|says|confirmed|confirms|announced|announces|stated|states|declined to comment|refused to comment|did not respond)\b|,\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}?(?:company|firm|utility|provider|maker|retailer|bank|hospital|agency|organi[sz]ation|business|group|chain|operator|developer|manufacturer|service|startup|insurer|lender|university|school|college|council|authority|district|carrier|airline|publisher|network|exchange|marketplace|charity|broadcaster)\b|[’']s?\s+(?:[\p{Ll}-]+\s+){0,2}(?:systems?|networks?|servers?|computers?|databases?|websites?|customers|employees|staff)\b)`)

// reOrgBefore precedes the organisation an attack is on.
var reOrgBefore = textre.MustCompile(`(?i)\b(?:(?:cyber[- ]?attack|attack|breach|hack|intrusion|incident)s? (?:on|against|at)|(?:hackers|attackers|criminals|gang|group|they|who|that) (?:hit|targeted|attacked|breached|infiltrated|compromised|extorted|blackmailed)|(?:hacked|hacking|broke|breaking) into|(?:stolen|stole|taken|took|leaked) (?:[\w-]+ ){0,4}from) (?:the )?$|\b(?:party|company|group|organi[sz]ation|firm|movement|union|club|charity),? (?:known as|called|named) ["“]?$`)

var (
	reRoleMore = textre.MustCompile(`^((?:\s+[\p{L}\-]+){0,2}?\s+(?i:` + roleWords + `))\b`)
	reRoleOrg  = textre.MustCompile(`^\s+(?:at|for|of|with|from)\s+((?:[\p{L}\-]+\s+){0,3}?)(\p{Lu}[\p{L}\p{N}&’'\-]*)`)
)

// extendRole extends a role description that ends at byte end of t over
// up to two more words to a further role word ("chief" → "chief operating
// officer"), never over a function word ("manager at the head office").
func extendRole(t string, end int) int {
	for {
		m := reRoleMore.FindStringSubmatchIndex(t[end:])
		if m == nil {
			return end
		}
		for _, w := range words(t[end : end+m[3]]) {
			if roleBreak[w] || itemStop[w] {
				return end
			}
		}
		end += m[3]
	}
}

var reOfOrg = textre.MustCompile(`^\s+(?:of|from)\s+`)

// roleBreak words end what precedes a role description.
var roleBreak = map[string]bool{"from": true, "of": true, "in": true, "by": true, "at": true, "with": true,
	"to": true, "for": true, "and": true, "the": true, "a": true, "an": true, "post": true, "said": true,
	// "notes that security researcher", "a page where security
	// researcher", "Trustwave's security researcher" (the "s" of the
	// possessive).
	"that": true, "where": true, "which": true, "who": true, "whom": true, "notes": true, "says": true,
	"s": true, "when": true, "while": true}

// reDemonymWord is a nationality's adjective that the country table
// lacks: "Argentinean", "Maltese" (not "-ian": "Guardian", "Meridian").
var reDemonymWord = textre.MustCompile(`^\p{Lu}\p{Ll}+(?:ean|ese)$`)

// reSaysIn is a verb of saying inside a clause.
var reSaysIn = textre.MustCompile(`\s(?:said|says|told|tells|added|adds|explained|explains|warned|warns|noted|notes|wrote|writes)\b`)

var (
	// rePastVerbIn is a verb in the past inside a clause.
	rePastVerbIn = textre.MustCompile(`\s\p{Ll}{3,}ed\b`)
	// reDeptOrg goes between a department and its organisation: "Head
	// of Research, Onapsis", "Head of Research at ESET".
	reDeptOrg = textre.MustCompile(`^(?:,|\s+(?:at|for|with))\s+(?:the\s+)?`)
)

// deptWords are departments that a role names after "of": "Head of
// Research", "Director of Engineering".
var deptWords = map[string]bool{
	"research": true, "security": true, "marketing": true, "engineering": true, "communications": true,
	"operations": true, "product": true, "products": true, "sales": true, "technology": true,
	"strategy": true, "innovation": true, "intelligence": true, "it": true, "hr": true, "policy": true,
	"cybersecurity": true, "information security": true, "threat intelligence": true,
	"threat research": true, "security research": true, "human resources": true, "public affairs": true,
}

// reRoleOfBefore ends the text before a name in apposition to a role
// of an organisation: "The mayor of Orrin, ", "the CEO of Quillnet, ".
var reRoleOfBefore = textre.MustCompile(`(?:^|\s)(?i:the|a|an)\s+((?:[\p{Ll}-]+\s+){0,3}?(?i:` + roleWords + `))\s+(?:of|at|for)\s+([^,;.()“”"]{1,60}),\s+$`)

// roleOfBefore reads a role of an organisation that ends the text
// before a name in apposition (re is reRoleOfBefore or a language's
// personRoleOf: group 1 the role, group 2 the organisation's phrase);
// org is the last name in the phrase, if any.
func roleOfBefore(re *textre.Regexp, before string) (role, org string, ok bool) {
	b := tail(before, 120)
	m := re.FindStringSubmatchIndex(b)
	if m == nil {
		return "", "", false
	}
	if ms := mentions(b[m[4]:m[5]]); len(ms) > 0 {
		org = ms[len(ms)-1].text
	}
	return b[m[2]:m[3]], org, true
}

// titleBefore reads the job title that mentions parted from the person
// named after it (see titleSplit): before is the sentence up to the
// person's name. role is the title in lower case but for abbreviations
// ("CEO", "prime minister"), org the name written before it, if any.
func titleBefore(before, person string) (role, org string, ok bool) {
	ws := words(tail(before, 160))
	// "the group's Deputy Executive Director, Adam Benson": a comma may
	// part the title from the name.
	if k := len(ws) - 1; k >= 0 {
		ws[k] = strings.TrimSuffix(ws[k], ",")
	}
	n := 0
	for n < len(ws) && n < 8 && ok1(ws[len(ws)-1-n]) {
		// A word before a comma, a quote or a full stop ends another
		// clause ("JobStreet.com,” JobStreet CEO ...").
		if n > 0 && strings.ContainsAny(ws[len(ws)-1-n], ",;:”\"()") {
			break
		}
		n++
	}
	if n == 0 {
		return "", "", false
	}
	pre := ws[len(ws)-n:]
	k, l, ok := titleSplit(append(slices.Clip(pre), words(person)...))
	if !ok || l != len(pre) {
		return "", "", false
	}
	orgWs := pre[:k]
	for len(orgWs) > 0 && (leadWords[strings.ToLower(stripPossessive(orgWs[0]))] || calendarWords[strings.ToLower(orgWs[0])]) {
		orgWs = orgWs[1:]
	}
	if org = stripPossessive(strings.Join(orgWs, " ")); commonAcronyms[org] {
		org = ""
	}
	return roleCase(strings.Join(pre[k:l], " ")), org, true
}

// roleCase writes a role in lower case but for its abbreviations: "CEO",
// "chief information officer".
func roleCase(role string) string {
	ws := words(role)
	for i, w := range ws {
		// "Group-IB", "EMEA", "iOS" keep their capitals.
		if rest := strings.TrimLeftFunc(w, unicode.IsUpper); !isAcronym(w) && rest != "" && strings.ToLower(rest) == rest {
			ws[i] = strings.ToLower(w)
		}
	}
	return strings.Join(ws, " ")
}

func orInfo(p *personInfo) *personInfo {
	if p == nil {
		return &personInfo{}
	}
	return p
}

// reFirm precedes a security firm's name: "security firm X", "researchers
// at X", "an analyst at Hobart firm X" (but not "shipping firm X").
var (
	// "a ransomware gang calling itself BlackTallow", "the LockWren group"
	reAttackerBefore = textre.MustCompile(`(?i)\b(?:(?:gang|group|crew|actors?|operators?|hackers?|collective)\s+(?:calling (?:itself|themselves)|known as|called|named|dubbed|identified as|(?:(?:that|who) (?:goes|go|went)|going) by(?: the)?(?: (?:nick)?name| pseudonym| moniker| handle| alias)?(?: of)?|(?:(?:that|who) (?:operates?|operated)|operating) under the (?:(?:nick)?name|pseudonym|moniker|handle|alias)(?: of)?|(?:who|that) call(?:s|ed)? (?:itself|themselves))(?:\s+the)?|(?:ransomware|hacking|hacker|criminal|cybercriminal|extortion|threat)\s+(?:gang|group|crew|actor|operation|collective))\s+$`)
	// "BlackTallow has claimed responsibility", "the LockWren gang",
	// "Armada Wolves, a hacking group, ...", "Nightjar has hacked ...",
	// "Nightjar stole ..." (the subject of an active verb of attack).
	reAttackerAfter2 = textre.MustCompile(`^(?:,\s+an?\s+(?:\w+\s+)?(?:hacking|hacker|cybercriminal|criminal|extortion|cyber-?extortion|ransomware)\s+(?:group|gang|collective|crew|outfit),|\s+(?:(?:has |have |had )?(?:claimed|took|taken|admitted) (?:responsibility|credit)|(?:ransomware |hacking |hacker |extortion )?(?:gang|crew)\b|(?:ransomware|hacking|hacker|extortion) (?:group|operators)\b|(?:has |have |had |allegedly |reportedly )?(?:hacked|stole|infiltrated|hijacked|defaced|extorted)\s+(?:the\s+|an?\s+|around\s+|about\s+|more than\s+|over\s+|hundreds\s+|thousands\s+|millions\s+|\d|\p{Lu})))`)
)

// reAttributed is what comes before an attacker's or a campaign's name:
// "attributed to Fancy Bear", "blamed on Lazarus", "Operation Cloud
// Hopper".
var reAttributed = textre.MustCompile(`(?:\b(?i:attributed to|blamed on|traced (?:back )?to|(?:attacks?|hacks?|intrusions?|campaigns?) (?:carried out |launched |conducted |mounted )?by)(?:\s+the)?|\bOperation)\s+(?:\p{Ll}+-)?$`)

// reAttackerBeforeIntl and reAttackerAfterIntl are the attacker cues of
// German, French and Spanish news: "die Hackergruppe X", "le groupe de
// pirates X", "el grupo de ciberdelincuentes X"; "X bekannte sich zu dem
// Angriff", "X a revendiqué l'attaque", "X se atribuyó el ataque".
var (
	reAttackerBeforeIntl = textre.MustCompile(`(?i)\b(?:hackergruppe|hacker-gruppe|hackerbande|cyberbande|erpressergruppe|ransomware-(?:gruppe|bande)|groupe de (?:pirates|hackers|cybercriminels|rançongiciel)|gang de (?:pirates|hackers)|grupo de (?:hackers|piratas|ciberdelincuentes|cibercriminales))\s+(?:namens\s+|nommé\s+|appelé\s+|llamado\s+|denominado\s+)?["„“«]?\s*$`)
	reAttackerAfterIntl  = textre.MustCompile(`(?i)^["“”»]?\s+(?:bekannte sich|hat sich (?:zu dem|zum) (?:Angriff|Cyberangriff) bekannt|a revendiqué|revendique|se (?:atribuyó|atribuye)|reivindicó|reivindica)(?:[^\p{L}]|$)`)
)

// reNoneName is a German noun phrase of no one that reads as a name:
// "Keine Gruppe hat sich zu dem Angriff bekannt" (no group has claimed
// the attack).
var reNoneName = textre.MustCompile(`^(?:Kein|Keine|Keiner|Niemand)\b`)

// reAttackerAfter3 is what comes after an attacker's name: its APT
// number ("Fancy Bear/APT28", "Fancy Bear, also known as APT28") or
// its responsibility ("Lazarus was behind the attack"), or that it names
// a campaign ("the 'Cloud Hopper' campaign").
var reAttackerAfter3 = textre.MustCompile(`^(?:[’'"”]\s+(?:campaign|cyber-?espionage campaign)\b|\s*/\s*APT\s?\d+|,?\s+(?:also known as|aka|a\.k\.a\.)\s+APT\s?\d+|\s+(?:was|were|is|are)\s+(?:(?:likely|probably|believed to be)\s+)?(?:behind|responsible for)\s+(?:the|this|these)\s+(?:\w+\s+)?(?:attacks?|hacks?|breach|intrusions?|campaign)\b)`)

// classifyAttackers marks the names of the attackers (a gang, a group
// claiming responsibility), which are never victims.
func (x *extraction) classifyAttackers() {
	x.attackers = map[*entity]bool{}
	for _, e := range x.ents.all {
		for _, r := range e.refs {
			t := r.s.s.Text
			if reAttackerBefore.MatchString(t[:r.i]) || reAttackerAfter2.MatchString(t[r.j:]) ||
				reAttributed.MatchString(tail(t[:r.i], 40)) || reAttackerAfter3.MatchString(t[r.j:]) || strings.HasPrefix(r.text, "Operation ") ||
				reAttackerBeforeIntl.MatchString(tail(t[:r.i], 60)) || reAttackerAfterIntl.MatchString(t[r.j:]) && !reNoneName.MatchString(r.text) {
				x.attackers[e] = true
			}
		}
	}
}

var reFirm = textre.MustCompile(`(?i)\b(?:cyber\s?security|security|threat intelligence|intelligence|research)\s+(?:company|firm|vendor|provider|researchers?)\s+$|\b(?:at|from|with)\s+(?-i:\p{Lu}[\p{L}\-]*\s+)?firm\s+$|\b(?:researchers?|analysts?|experts?)\s+(?:at|from|with)\s+$`)

// classifyFirms marks security firms: named as such, or the employers of
// analysts and researchers quoted.
func (x *extraction) classifyFirms() {
	x.firms = map[*entity]bool{}
	for _, e := range x.ents.all {
		for _, r := range e.refs {
			if reFirm.MatchString(r.s.s.Text[:r.i]) {
				x.firms[e] = true
			}
		}
	}
	for _, p := range x.people {
		if p.orgEnt != nil && reResearchRole.MatchString(p.role) {
			x.firms[p.orgEnt] = true
		}
	}
}

var (
	reShared   = textre.MustCompile(`(?i)\b(?:set up by|established by|created by|founded by|partnership|partnering|shared[- ]services?|jointly (?:owned|run|set up|established)|joint venture)\b`)
	reSupplier = textre.MustCompile(`(?i)\b(?:outsourc\w*|contracted|contractor|under contract|supplier|run by|operated by|managed by|supplied by|provided by|hosted by|maintained by|operates|has provided|provides it|vendor to|(?:provides|provided|supplies|supplied) (?:[\w-]+ ){0,3}(?:services?|systems?|software|IT|support) (?:to|for))\b`)
)

// reOwnsAnd ends the text before "operates" said of an owner: "owns and".
var reOwnsAnd = textre.MustCompile(`(?i)\b(?:owns|owned|own)\s+and\s+$`)

// reBrandAfter follows "operates" said of a brand's owner: "the
// CloudPets brand", "brands such as".
var reBrandAfter = textre.MustCompile(`^\s+(?:the\s+|its\s+)?(?:[\p{L}\p{N}&'’-]+\s+){0,3}?brands?\b`)

// reActiveSupply is a supplier cue whose subject is the supplier.
var reActiveSupply = textre.MustCompile(`^(?:operates|has provided|provides|provided|supplies|supplied)\b`)

// reUtility is a public utility's service.
var reUtility = textre.MustCompile(`\b(?:water|sewer|sewage|wastewater|gas|electricity|electric|power|energy|heating|waste|trash|refuse|bus|transit|rail)\b`)

// reSharedName is the name of a shared service: "Northern Reach Shared
// Services", "Tarnside Shared IT", "... Partnership".
var reSharedName = textre.MustCompile(`(?i)\bshared\b|\bpartnership$`)

// classifyProviders finds the shared-service providers (a body the
// victims set up or share) and suppliers (a company contracted to run
// services), by the cue nearest each name.
func (x *extraction) classifyProviders() {
	x.providers = map[*entity]string{}
	excluded := func(e *entity) bool {
		return x.outlets[e] || x.agencies[e] != "" || x.places[e] || x.people[e] != nil || x.firms[e] || x.vendors[e] || x.attackers[e] || isCouncil(e)
	}
	// Names that say it: "Northern Reach Shared Services", "... Partnership".
	for _, e := range x.ents.all {
		if !excluded(e) && reSharedName.MatchString(e.name()) {
			x.providers[e] = model.RoleSharedService
		}
	}
	if c := cueLangs[x.factLang]; c != nil {
		x.suppliersByCues(c, excluded)
	}
	for _, s := range x.en {
		if s.past() && (s.match(reImpact) || rePastAttack.MatchString(s.s.Text)) {
			continue // about an earlier incident (a contract signed "in 2021" is not)
		}
		refs := x.entitiesIn(s)
		for _, c := range []struct {
			re   *textre.Regexp
			role string
		}{{reShared, model.RoleSharedService}, {reSupplier, model.RoleSupplier}} {
			for _, loc := range c.re.FindAllStringIndex(s.s.Text, -1) {
				cue := strings.ToLower(s.s.Text[loc[0]:loc[1]])
				// A utility serving the public ("provides water and
				// sewer service to Onslow County") supplies no victim.
				if c.role == model.RoleSupplier && reUtility.MatchString(cue) {
					continue
				}
				// "X, which also owns and operates Wrest Point casino":
				// an owner, not a supplier.
				if c.role == model.RoleSupplier && reOwnsAnd.MatchString(tail(s.s.Text[:loc[0]], 12)) {
					continue
				}
				// "Spiral Toys, which operates the CloudPets brand": a
				// brand's owner.
				if cue == "operates" && reBrandAfter.MatchString(s.s.Text[loc[1]:]) {
					continue
				}
				// A passive cue ("run by", "provided by") names its
				// agent right after it: in "information provided by
				// customers may have been accessed, ABTA said" ABTA
				// supplies nothing.
				passive := c.role == model.RoleSupplier && strings.HasSuffix(cue, " by")
				// An active one names it before: "Ecomnova also operates
				// Debenhams' websites".
				active := c.role == model.RoleSupplier && !passive && reActiveSupply.MatchString(cue)
				// "Spiral Toys had outsourced its server management to
				// a vendor", "outsourcing giant Pellworth": the supplier
				// comes after.
				after := c.role == model.RoleSupplier && strings.HasPrefix(cue, "outsourc")
				var best *entity
				bestD := 1 << 30
				for _, r := range refs {
					e := x.ents.get(r.text)
					if e == nil || excluded(e) || isAcronym(r.text) && len(words(e.name())) == 1 && commonAcronyms[r.text] || passive && (r.i < loc[1] || r.i > loc[1]+len(" the ")) || active && r.j > loc[0] || after && r.i < loc[1] {
						continue
					}
					if c.role == model.RoleSupplier && x.providers[e] == model.RoleSharedService {
						continue
					}
					d := distance(loc[0], loc[1], r.i, r.j)
					if d < bestD {
						best, bestD = e, d
					}
				}
				if best == nil || bestD > 60 {
					continue
				}
				if cur := x.providers[best]; cur == "" || c.role == model.RoleSharedService {
					x.providers[best] = c.role
				}
			}
		}
	}
}

// distance between two byte ranges (0 if they touch).
func distance(a0, a1, b0, b1 int) int {
	switch {
	case b1 <= a0:
		return a0 - b1
	case b0 >= a1:
		return b0 - a1
	}
	return 0
}

func isCouncil(e *entity) bool {
	return reCouncilName.MatchString(e.name())
}

// Patterns of classifyFirms, isCouncil and victimList, compiled once
// rather than per call.
var (
	reResearchRole = textre.MustCompile(`(?i)analyst|researcher|expert|consultant`)
	reCouncilName  = textre.MustCompile(`(?i)\bcouncils?$`)
	rePublicBody   = textre.MustCompile(`(?i)authority|ministry|department|agency|municipality`)
)

func (x *extraction) providerList() []model.Provider {
	var out []model.Provider
	for _, e := range sortedEntities(x.providers) {
		out = append(out, model.Provider{Name: e.name(), Aliases: nonNil(e.aliases()), Role: x.providers[e], Evidence: e.evidence(3)})
	}
	return out
}

// pastText reports whether a text says it is about an earlier time: a
// match of rePast other than "in 2017" or "in March 2017" for the
// report's own year or the one before. A report of 2017 saying "in
// 2017" is about its own year, and one saying that W-2 forms of staff
// "employed in 2016" leaked, or that a breach found in January began
// "in December 2016", is about the breach it reports; an earlier
// incident of the year before is usually "last year", which rePast
// keeps. Without the report's date every match counts.
func pastText(t string, published time.Time) bool {
	for _, l := range rePast.FindAllStringIndex(t, -1) {
		if published.IsZero() {
			return true
		}
		// "back in January": a month of the report's own timeline.
		if strings.EqualFold(t[l[0]:l[1]], "back in") {
			if m := reBackMonth.FindStringSubmatch(t[l[1]:]); m != nil {
				if y, _ := strconv.Atoi(m[1]); m[1] == "" || y >= published.Year()-1 {
					continue
				}
			}
		}
		m := reYearIn.FindStringSubmatch(t[l[0]:l[1]])
		if m == nil {
			return true
		}
		if y, _ := strconv.Atoi(m[1]); y < published.Year()-1 {
			return true
		}
	}
	return false
}

// reMunicipalBefore ends the text before a place named as a
// municipality: "the city of ".
var reMunicipalBefore = textre.MustCompile(`(?i)\b(?:city|town|village|borough|township|municipality) of\s+$`)

// reLossBefore ends the text before an owner whose data or systems were
// taken: "had broken in and stolen DocuSign’s list of customers",
// "accessed an exposed CloudPets' database".
var reLossBefore = textre.MustCompile(`(?i)\b(?:stole|stolen|steal|steals|stealing|leaked|exposed|accessed|breached|compromised|hacked|encrypted|downloaded|dumped|exfiltrated|wiped)\s+(?:an?\s+|the\s+)?(?:(?:exposed|unsecured|unprotected|misconfigured|publicly exposed|entire)\s+)?$`)

// reBackMonth follows "back in": a month, with its year if given.
var reBackMonth = textre.MustCompile(`^\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+\d{1,2}\b)?(?:,?\s+((?:19|20)\d\d)\b)?`)

// reYearIn is rePast's "in (month) year".
var reYearIn = textre.MustCompile(`(?i)^in (?:(?:early|late|mid-?)\s*)?(?:\p{L}+ )?((?:19|20)\d\d)$`)

var (
	reImpact = textre.MustCompile(`(?i)\b(?:investigating an? (?:cyber[- ]?)?(?:incident|attack|security incident)|(?:hit|struck|targeted|affected|impacted|crippled|disrupted|knocked offline|compromised) by an?\b|victims? of|(?:suffered|experienced|reported|confirmed|disclosed|announced) an? (?:cyber|ransomware|data breach|security incident|breach)|(?:cyber-?attack|ransomware attack|attack|breach|hack)s? (?:on|against|at)\b|breach (?:report|notification|notice)s?|(?:taken|take|took|taking) (?:(?:some|many|most|all|parts?|much) of )?(?:their|its) [\w\s-]{0,40}offline|(?:appear|appears) to have been (?:impacted|affected|hit)|were affected by|have been affected by|(?:cyber[- ]?attack|ransomware attack|attack|breach|hack|intrusion)s? (?:that |which )?(?:had |has |have )?(?:hit|struck|disrupted|affected|crippled|targeted|knocked out|compromised|impacted|paralysed|paralyzed)\b|(?:hit|struck|targeted|affected|impacted|crippled|disrupted|compromised) by (?:ransomware|cyber[- ]?attackers|hackers)\b|(?:ransomware|malware|virus|worm|strain|variant|trojan|wiper)s? (?:that |which )?(?:had |has |have )?(?:also )?(?:hit|struck|attacked|infected|crippled|paralysed|paralyzed|encrypted|locked)\b|(?:responding to|dealing with|recovering from|managing) an? (?:cyber[- ]?|ransomware |security |IT )?(?:incident|attack))`)
	// rePastAttack names an attack on someone, words apart: "a
	// cyberattack last year on Capita".
	rePastAttack = textre.MustCompile(`(?i)\b(?:cyber-?attacks?|attacks?|breach(?:es)?|hacks?|incidents?)\b(?:\s+[\w-]+){0,3}\s+(?:on|at|against)\s`)
	rePast       = textre.MustCompile(`(?i)\b(?:last year|years? ago|in (?:(?:early|late|mid-?)\s*)?(?:(?:jan|febr)uary |march |april |may |june |july |august |september |october |november |december )?(?:19|20)\d\d\b|back in|previous(?:ly)?|earlier attack|a year earlier|(?:two|three|four|five|several) years|last (?:(?:jan|febr)uary|march|april|may|june|july|august|september|october|november|december|spring|summer|fall|autumn|winter)|(?:19|20)\d\d\s+(?:[\w-]+\s+)?(?:attacks?|breach(?:es)?|hacks?|hacking|incidents?|leaks?)|(?:highly[- ])?publici[sz]ed|on the scale of|in contrast to|similar (?:incident|attack|breach)s?)\b`)
	// "the councils for Kessling, Orrin and Wexmoor"
	reCouncilList = textre.MustCompile(`(?i:\bcouncils (?:for|of|in)) ((?:\p{Lu}[\p{L}\-]*(?:\s\p{Lu}[\p{L}\-]*)*,?\s+)+and\s+\p{Lu}[\p{L}\-]*(?:\s\p{Lu}[\p{L}\-]*)*)`)
)

// classifyVictims finds the organisations hit: names in sentences that
// report the attack on them, minus every other role; names in sentences
// about an earlier attack ("last year", "two years ago") become related
// incidents instead.
func (x *extraction) classifyVictims() {
	x.victims = map[*entity][]model.Evidence{}
	x.precedent = map[*entity][]model.Evidence{}
	// Whether an entity can be a victim at all, decided once per entity
	// (the checks read all its mentions).
	memo := map[*entity]bool{}
	eligible := func(e *entity) bool {
		ok, seen := memo[e]
		if !seen {
			ok = !x.notVictim(e) && (isOrgLike(e) || orgSignals(e) || x.personShapedOrg(e))
			memo[e] = ok
		}
		return ok
	}
	commented := map[*entity][]model.Evidence{}
	for _, s := range x.en {
		t := s.s.Text
		// Cues in a clause of what could happen ("would only cost $122
		// to launch an attack on") are none.
		var strongSpans [][]int
		if s.match(reImpact) {
			strongSpans = dropHypothetical(t, reImpact.FindAllStringIndex(t, -1))
		}
		strong := strongSpans != nil
		// Weaker cues ("X was hacked", "breach at X", "X paid the
		// ransom") count only for names right next to them.
		near := impactNear(t)
		if strong {
			near = append(near, strongSpans...)
		}
		own := reOwnBreach.MatchString(t)
		if near == nil && !own {
			continue
		}
		past := s.past()
		sources := reSource.FindAllStringIndex(t, -1)
		// "…, the Tarn Chronicle reports.": the source that closes a
		// sentence.
		// (The pattern spans at most 200 bytes and ends the sentence.)
		end := tail(t, 200)
		if m := reSourceEnd.FindStringSubmatchIndex(end); m != nil {
			off := len(t) - len(end)
			sources = append(sources, []int{off + m[2], off + m[3]})
		}
		refs := x.entitiesIn(s)
		listed := victimList(t, refs)
		// "Dunmore says that it was not hacked, and it refused to pay
		// the ransom": a cue whose subject is "it" or "they" is about
		// the name that says so.
		subject := pronounSubject(t, refs, near, func(r ref) bool { return eligible(x.ents.get(r.text)) })
		// "A, B and C said on Friday that they are investigating a
		// cyber incident": the names of a list that opens a sentence of
		// impact.
		if strong {
			if listed == nil {
				listed = map[int]bool{}
			}
			// A list: one name opening a sentence is as often the
			// source ("Financial Fraud Action UK said the attack on").
			// Or one name whose systems or people open it ("The Onslow
			// Water and Sewer Authority's internal computer system ...
			// was hit").
			if open := openingRefs(t, refs, reEnListGap); len(open) >= 2 || len(open) == 1 && reHoldersAfter.MatchString(t[refs[0].j:]) {
				for k := range open {
					listed[k] = true
				}
			}
		}
		for k, r := range refs {
			e := x.ents.get(r.text)
			// A bare abbreviation in a list of victims ("companies,
			// including ABC, National Geographic and Fox") is one of
			// them, though nothing else in the story says it names an
			// organisation.
			listedAcronym := listed[k] && isAcronym(e.name()) && !commonAcronyms[e.name()] && !x.notVictimAs(e, true)
			if !eligible(e) && !listedAcronym || inSpans(sources, r.i, r.j) {
				continue
			}
			// "Wishbone, the social media-based quiz app for teens,
			// has been compromised": the cue is near the name's
			// apposition.
			j := r.j
			if m := reAppositive.FindStringIndex(t[r.j:]); m != nil {
				j = r.j + m[1]
			}
			// "The breach exposed ship drawings sent to suppliers, Tarrow
			// says.": an organisation that closes a sentence of its
			// breach by saying so (a person saying it is a source).
			saysOwn := own && reSaysEnd.MatchString(t[r.j:]) && sentenceEndsAfterComma(t, r) && orgSignals(e)
			if !nearCue(t, near, r.i, j, 60) && !(own && ownsBreach(t, r)) && !listed[k] && !lostOwner(t, r) && k != subject && !saysOwn {
				continue
			}
			// "Tom Rowe, chief operating officer of Elliptic Labs, says
			// it is unlikely the money taken from victims ...": the
			// employer of someone who comments is no victim of what the
			// comment is about. The sentence is evidence only for an
			// employer the story shows hit elsewhere ("Mark Fee,
			// communications manager at Kessling Council, told the Herald
			// that staff found encrypted files").
			if reCommenterRoleBefore.MatchString(tail(t[:r.i], 80)) && reCommentsAfter.MatchString(t[r.j:]) {
				if !past {
					commented[e] = append(commented[e], s.evAt(r.i, r.j))
				}
				continue
			}
			if past {
				// An earlier incident told in passing gives too little
				// to tell a person-shaped name from an organisation's
				// ("hit huge names, including Rafe Nolan"): only names
				// shaped or treated as organisations' are related.
				if isOrgLike(e) || orgSignals(e) || reAppositive.MatchString(t[r.j:]) {
					x.precedent[e] = append(x.precedent[e], s.evAt(r.i, r.j))
				}
				continue
			}
			x.victims[e] = append(x.victims[e], s.evAt(r.i, r.j))
		}
		if past {
			continue
		}
		// "the councils for A, B and C": each place's council.
		for _, m := range reCouncilList.FindAllStringSubmatchIndex(t, -1) {
			list := t[m[2]:m[3]]
			for _, place := range splitList(list) {
				if e := x.councilOf(place); e != nil && !x.notVictim(e) {
					k := m[2] + strings.Index(list, place)
					x.victims[e] = append(x.victims[e], s.evAt(k, k+len(place)))
				}
			}
		}
	}
	// Headlines name the victim ("Radisson Rewards confirms data
	// breach"): a name in an attack headline that the body also names is
	// a victim, with the body's sentences as evidence.
	for _, d := range x.docs {
		if d.Lang != "en" || d.Title == "" || !reTitleAttack.MatchString(d.Title) || pastText(d.Title, d.Published) {
			continue
		}
		// "Tarrow issues fix for flaw that could let hackers read your
		// email": a headline whose every word of attack is in a clause of
		// what could happen reports no attack.
		if dropHypothetical(d.Title, reTitleAttack.FindAllStringIndex(d.Title, -1)) == nil {
			continue
		}
		// A capitalised first word that opens a description of the
		// subject ("Foodie social network Tarrow warns ...") is no name:
		// the subject follows it.
		named := mentions(d.Title)
		if len(named) > 1 && named[0].i == 0 && len(words(named[0].text)) == 1 && x.ents.get(named[0].text) == nil && reLowerWordAfter.MatchString(d.Title[named[0].j:]) {
			named = named[1:]
		}
		near := impactNear(d.Title)
		for k, m := range named {
			// The headline's first name is its subject ("Eurostar forces
			// customers to reset passwords after breach"); later names
			// are the means, the channel or the reporter ("… spread
			// through Dropbox").
			if k > 0 && !nearAny(near, m.i, m.j, 20) {
				continue
			}
			e := x.ents.get(m.text)
			if e == nil || x.victims[e] != nil {
				continue
			}
			// "Atlanta hit by ransomware attack", "Spring Hill, Tenn.,
			// Hit with Ransomware": a town the headline says was hit is
			// its council or city government, though the story names
			// it as a place (a dateline, "in Atlanta").
			town := k == 0 && reTitleHit.MatchString(d.Title[m.j:]) && !isCountryName(e.name()) && !x.notVictimAs(e, true)
			if !town && !eligible(e) {
				continue
			}
			if reMalwareAfter.MatchString(d.Title[m.j:]) {
				continue
			}
			x.victims[e] = e.evidence(2)
		}
	}
	if c := cueLangs[x.factLang]; c != nil {
		x.victimsByCues(c)
	}
	for e, evs := range commented {
		if x.victims[e] != nil {
			x.victims[e] = append(x.victims[e], evs...)
		}
	}
	// A victim's evidence is every sentence reporting the attack that
	// names it, in story order, though only the names near the cue
	// decided who was hit: the lead's "A, B and C said ... had been hit
	// by ransomware" stays the first evidence of A, B and C.
	for e := range x.victims {
		var more []model.Evidence
		for _, r := range e.refs {
			if r.s.doc.Lang == "en" && r.s.match(reImpact) && !r.s.past() {
				more = append(more, r.s.evAt(r.i, r.j))
			}
		}
		x.victims[e] = x.storyOrder(append(more, x.victims[e]...))
	}
	// A name mentioned only as a past victim is related, not a victim.
	for e := range x.precedent {
		if _, ok := x.victims[e]; ok {
			delete(x.precedent, e)
		}
	}
}

// reAppositive is an apposition that says what an organisation is,
// after its name: ", the quiz app for teens,".
var reAppositive = textre.MustCompile(`^,\s+(?:the|a|an)\s+(?:[^,;.()]{0,60}\s)?(?:app|platform|site|website|company|firm|utility|provider|maker|retailer|bank|hospital|clinic|organi[sz]ation|business|chain|operator|developer|manufacturer|service|startup|insurer|lender|university|school|college|carrier|airline|publisher|exchange|marketplace|charity|broadcaster)s?\b[^,;.()]{0,40},`)

// reLowerWordAfter follows a word with a word in lower case.
var reLowerWordAfter = textre.MustCompile(`^\s+\p{Ll}`)

// reTitleHit follows a headline's subject that was hit.
var reTitleHit = textre.MustCompile(`^(?:,\s*[\p{L}.]+,?)?\s+(?i:(?:was|is|has been)\s+)?(?i:hit|struck|targeted|crippled|paralys\w+|paralyz\w+|attacked)\s+(?i:by|with)\b`)

// isCountryName reports whether a name is a country's.
func isCountryName(n string) bool {
	_, ok := countryKey(n)
	return ok
}

// reImpactNear are the weaker impact cues: passive and active verbs of
// attack and loss, valid only for a name within a few words.
var reImpactNear = textre.MustCompile(`(?i)\b(?:(?:was|were|been|is|are) subject(?:ed)? to (?:an? |the )?(?:[\w-]+ ){0,2}(?:cyber-?attacks?|attacks?|breach|hack|intrusion|ransomware)|(?:was|were|has been|have been|had been|got|been) (?:hacked|breached|attacked|compromised|infected|hit|targeted|struck|held to ransom|locked out|conned|scammed|defrauded|paralys\w+|paralyz\w+)|(?:(?:chose|agreed|decided|opted|had) to pay|paid|paying|pays) (?:[\w,]+ ){0,5}(?:ransom|\$[\d.,]+)|(?:infected|encrypted|hijacked|paralys\w+|paralyz\w+|crippled)|(?:impacted|affected|hit) by|victims? (?:to|of)|(?:institutions|organi[sz]ations|companies|firms|victims) (?:including|included|such as)|hack(?:ed|ers? (?:have |has |had )?(?:also )?(?:breached|hit|targeted|stole|compromised|attacked|accessed|infiltrated))|(?:attackers|cyber-?criminals|criminals|crooks|creators|operators|gangs?|perpetrators|fraudsters) (?:have |has |had )?(?:also )?(?:breached|hit|targeted|attacked|compromised|infiltrated|hacked)\b|(?:extort(?:ed|ing)?|extract(?:ed|ing)? (?:a |any )?(?:payments?|money|ransom)|(?:demanded|demanding|demands|sought|seeking) (?:a |the )?(?:ransom|payment|money)) from\b|breach(?:es)? (?:at|of|from|affecting|involving)|(?:paid|pays|paying|refused to pay|will not pay|won't pay|would not pay|wouldn't pay) (?:a |the )?(?:\$[\d.,]+ )?ransom|ransomware (?:attack|infection|outbreak)|(?:suffered|suffers|experienced|confirmed|confirms|disclosed|discloses|reported|reports|announced|announces|notified|notifies|detected|detects|sustained|repelled|faced|fended off|thwarted|acknowledged|acknowledges|admitted|admits) (?:a |an |the )?(?:\w+ ){0,2}(?:breach(?:es)?|attacks?|intrusions?|incidents?|compromise|hacks?|leaks?|unauthori[sz]ed access)|(?:the|a|latest) targets? of|coerc\w*|(?:notif(?:ied|ies|ying)|warn(?:ed|s|ing)|alert(?:ed|s|ing)) (?-i:[\p{Ll}\d]+ ){0,2}(?:customers|patients|users|employees|members|clients|guests|students)|(?:stole|stolen|leaked|exposed|accessed) (?:from|at)|fell victim|data (?:of|belonging to)|(?:attack|outage|breach|incident|infection|ransomware)s? (?:has |have |had )?(?:also )?affected|(?:data|information|details|records|documents|files) (?:related|relating) to|(?:stole|stolen|steal\w*|leaked|taken|downloaded|exfiltrated|obtained|looted|dumped|siphoned|harvest\w*|copied|grabbed)\s+(?:[\w,’'-]+\s+){0,8}?from(?: of)?|(?:was|were|has been|had been) leaking|(?:hack(?:ed|ing)?|broke|breaking|broken|got|sneaked|snuck|crept|slipped) into|(?:blackmail\w*|extort\w*|shake down|shook down)|refus\w+ to (?:pay|meet)|ransom (?:demand|note)s?|(?:cyber-?attacks?|attacks?|breach(?:es)?|hacks?|hacking|intrusions?|compromise) (?:of|on|against|at)|(?:disrupt|cripple|paralys|paralyz|strik|struck|hitt)\w* |(?:has|have|had) been compromised|(?:databases?|servers?|systems?|networks?|computers?|files) (?:of|at|belonging to)|customers of|victims? (?:includ\w+|such as|like)|(?:knocked|taken|forced|went|gone|kept|remain\w*|stay\w*|spen[dt]\w* (?:\w+ ){0,3})offline|(?:knocked|forced|took|taken|put) (?:[\w’'.-]+ ){1,6}offline|(?:admit\w*|confirm\w*|disclos\w*|report\w*) (?:to )?(?:the )?(?:compromised|stolen|leaked|exposed) (?:data|information|records|details|accounts))\b`)

// impactNear are the spans of the weaker impact cues in t, less those
// that only look like them: "struck a deal"; encryption that protects;
// "companies such as" in a sentence with no word of attack or harm
// ("streaming companies such as Vexflix"), where the list is of anything
// but victims; and cues in a clause of what could happen
// (dropHypothetical).
func impactNear(t string) [][]int {
	spans := reImpactNear.FindAllStringIndex(t, -1)
	attack := -1
	out := spans[:0]
	for _, sp := range spans {
		m := t[sp[0]:sp[1]]
		if reStruckNot.MatchString(m) && reNotAHit.MatchString(t[sp[1]:]) {
			continue
		}
		// "end-to-end encrypted messaging", "re-encrypted", "encrypted
		// passwords": encryption that protects, not ransomware's.
		if strings.EqualFold(m, "encrypted") && (reEncryptedBefore.MatchString(tail(t[:sp[0]], 12)) || reProtectedThing.MatchString(t[sp[1]:])) {
			continue
		}
		// "The Reserve Bank of India has been notified of the
		// breaches": who is told of a breach did not suffer it.
		if len(m) >= 8 && strings.EqualFold(m[:8], "notified") && reBeenBefore.MatchString(tail(t[:sp[0]], 12)) {
			continue
		}
		if reOrgsSuchAs.MatchString(m) {
			if attack < 0 {
				attack = 0
				if reTitleAttack.MatchString(t) || reHitWord.MatchString(t) {
					attack = 1
				}
			}
			if attack == 0 {
				continue
			}
		}
		out = append(out, sp)
	}
	return dropHypothetical(t, out)
}

// reBeenBefore ends the text before a verb in the passive: "has been ".
var reBeenBefore = textre.MustCompile(`(?i)\b(?:been|was|were|is|are|be|get|got)\s+$`)

// dropHypothetical drops the spans of t in a clause of what could happen
// (see hypothetical); nil if none is left.
func dropHypothetical(t string, spans [][]int) [][]int {
	out := spans[:0]
	for _, sp := range spans {
		// "a potential victim of", "possible targets of".
		if !hypothetical(t[:sp[0]]) && !rePotentialBefore.MatchString(tail(t[:sp[0]], 16)) {
			out = append(out, sp)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// hypothetical reports whether the clause that ends with before says
// what could happen, not what did: "would only cost $122 to launch an
// attack on", "can be accessed", "could let third parties read". A
// modal in the perfect ("could have been accessed") is a hedge on what
// happened and counts.
func hypothetical(before string) bool {
	c := tail(before, 60)
	if k := strings.LastIndexAny(c, ",;:()"); k >= 0 {
		c = c[k+1:]
	}
	m := reModal.FindStringSubmatchIndex(c)
	return m != nil && !reModalPerfect.MatchString(c[m[1]:]) && !reModalSay.MatchString(c[m[1]:])
}

var (
	// Lower case only: "May" is a month.
	// "will" too: what is to come has not happened ("will use data
	// that X collected to craft attacks"). A refusal is a cue of its
	// own, modal and all ("will not pay the ransom").
	reModal        = textre.MustCompile(`\b(?:could|would|can|cannot|can't|couldn't|wouldn't|may|might|will|won't)\b`)
	reModalPerfect = textre.MustCompile(`(?i)^\s+(?:not\s+|also\s+)?have\b`)
	// "would not say how hackers attacked": a modal of what someone
	// tells, not of what happened.
	reModalSay = textre.MustCompile(`(?i)^(?:\s+not|n't)?\s+(?:say|comment|confirm|disclose|reveal|specify|elaborate|discuss|explain|detail|share)\b`)
)

var (
	rePotentialBefore = textre.MustCompile(`(?i)\b(?:potential|possible|would-be|prospective|likely|future)\s+$`)
	reEncryptedBefore = textre.MustCompile(`(?i)(?:end-to-end\s+|end to end\s+|-|\bfully\s+|\bstrongly\s+|\bproperly\s+|\bnot\s+|\bun)$`)
	reProtectedThing  = textre.MustCompile(`(?i)^\s+(?:(?:and|or)\s+\w+\s+)?(?:passwords?|messag\w*|chats?|communications?|connections?|traffic|apps?|applications?|e-?mails?|channels?|tunnels?|hash\w*|format|form|versions?|backups?|storage|protocols?|calls?)\b`)
	reStruckNot       = textre.MustCompile(`(?i)^(?:struck|strik\w*) $`)
	reNotAHit         = textre.MustCompile(`(?i)^(?:a|an|the)\s+(?:\w+\s+)?(?:deal|agreement|balance|chord|bargain|partnership|settlement)\b`)
	reHitWord         = textre.MustCompile(`(?i)\b(?:affected|impacted|targeted|hit|victims?|disrupted|crippled)\b`)
	reOrgsSuchAs      = textre.MustCompile(`(?i)^(?:institutions|organi[sz]ations|companies|firms) `)
)

// An organisation's own breach: "the Tarrow Air data breach", "Tarrow's
// passenger data breach", or Tarrow reporting that data was stolen:
// "Tarrow Air said on Monday that data of 9 million passengers had been
// accessed". reOwnBreach finds the sentences worth the closer look of
// ownsBreach.
// lossWords are the words of data lost, shared by reOwnBreach and reLoss.
const lossWords = `stolen|accessed|compromised|exposed|breached|hacked|encrypted|leaked|leaking|exfiltrated|steal|steals|stealing|stole|looted|dumped|harvesting|harvested`

var (
	reOwnBreach = textre.MustCompile(`(?i)\b(?:breach|hack|cyber-?attack|attack|intrusion|leak)(?:es|s)?\b|\b(?:` + lossWords + `)\b`)
	reLoss      = textre.MustCompile(`(?i)\b(?:` + lossWords + `)\b`)
	// "passengers of Tarrow Air", "Tarrow's customers", "Tarrow user
	// credentials": those whose data a sentence of loss (reLoss) is
	// about.
	reHoldersBefore = textre.MustCompile(`(?i)\b(?:customers|passengers|patients|users|members|employees|staff|clients|guests|students|subscribers|admins|administrators|account holders)\s+(?:of|at)\s+(?:the\s+)?$`)
	reHoldersAfter  = textre.MustCompile(`^(?:[’']s?)?\s+(?:(?:nearly|about|around|over|almost|more than|up to|some|all|its|former|current|online|registered|affected|[\d,.]+(?: million)?)\s+){0,3}?(?:customers|passengers|patients|users|members|employees|staff|clients|guests|students|subscribers|admins|administrators|user (?:credentials|accounts|data)|accounts|credentials|password management|databases?|servers?|networks?|computer systems?|internal (?:computer )?systems?)\b`)
	reBreachAfter   = textre.MustCompile(`^(?:[’']s?)?\s+(?:(?:passenger|customer|user|employee|patient|data|security|cyber|ransomware|massive|recent|major|huge|network|system|email|e-mail|server|database|payment|card|credit card)\s+){0,2}(?:breach|hack|cyber-?attack|ransomware attack|intrusion)(?:es|s)?\b`)
	reReportsThat   = textre.MustCompile(`^\.?(?:,[^,]{1,60},)?\s+(?:\([^)]*\)\s+)?(?:has |have |had |also |later |publicly |first )*(?:said|says|revealed|reveals|confirmed|confirms|disclosed|discloses|admitted|admits|announced|announces|acknowledged|acknowledges)\b`)
	reYearBefore    = textre.MustCompile(`\b(?:19|20)\d\d\s+$`)
	reDataLost      = textre.MustCompile(`(?i)\b(?:data|details|information|records|files|accounts|emails|e-mails|credentials|passwords|numbers|systems|servers|networks|computers)\b.{0,120}?\b(?:stolen|accessed|compromised|exposed|breached|hacked|encrypted|leaked|exfiltrated)\b`)
)

// lostOwner reports whether r is the possessive owner of what the verb
// before it says was taken or exposed ("stolen DocuSign’s list").
func lostOwner(t string, r ref) bool {
	after := t[r.j:]
	poss := strings.HasPrefix(after, "'") || strings.HasPrefix(after, "’")
	return poss && reLossBefore.MatchString(tail(t[:r.i], 50))
}

// ownsBreach reports whether the sentence t of r names the breach after the
// name or has the name report that its data was lost.
func ownsBreach(t string, r ref) bool {
	after := t[r.j:]
	if reBreachAfter.MatchString(after) {
		// "the 2009 Tarrow hack" is an earlier incident.
		return !reYearBefore.MatchString(tail(t[:r.i], 12))
	}
	if (reHoldersBefore.MatchString(tail(t[:r.i], 40)) || reHoldersAfter.MatchString(after)) && r.s.match(reLoss) && dropHypothetical(t, reLoss.FindAllStringIndex(t, -1)) != nil {
		return !reYearBefore.MatchString(tail(t[:r.i], 12))
	}
	m := reReportsThat.FindStringIndex(after)
	return m != nil && reDataLost.MatchString(after[m[1]:])
}

// reVictimsIntro opens the list of those an attack hit: "providers caught
// by the breach include A, B and C", "victims such as A and B".
var reVictimsIntro = textre.MustCompile(`(?i)\b(?:include|includes|included|including|such as|among them)\s+`)

// reThingsBefore ends a text before a list of things rather than of
// those hit: "personal data such as", "tools such as", "vendors,
// including".
var reThingsBefore = textre.MustCompile(`(?i)\b(?:data|information|details|records|files|credentials|numbers|passwords|tools|devices|products|models|vendors|manufacturers|software|apps|applications|platforms|programs|brands|emails|messages|documents)\b[\s,(–—-]*$`)

// reListGap is what may separate two names of a list: commas, "and",
// "or", articles, a parenthesised note ("(acme.ca)"), the place of the
// name before ("the Health Service in Ostmark, Pellow Freight and …").
var reListGap = textre.MustCompile(`^(?:[\s,]|\band\b|\bor\b|\bthe\b|\bas well as\b|\([^()]{0,80}\)|\bin\s+(?:the\s+)?\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?\s*,)*$`)

// reSaysEnd closes a sentence with its speaker's verb: " says.".
var reSaysEnd = textre.MustCompile(`^\s+(?:says|said)\s*[.!?"”']*\s*$`)

// sentenceEndsAfterComma reports whether r is named right after the comma
// that ends a sentence's statement: "…, Tarrow says.".
func sentenceEndsAfterComma(t string, r ref) bool {
	b := strings.TrimRight(t[:r.i], " ")
	return strings.HasSuffix(b, ",") || strings.HasSuffix(b, ",”") || strings.HasSuffix(b, ",\"")
}

// victimList marks the refs of a list that follows an attack in a
// sentence ("Customers exposed by the data breach include at least one
// law firm, A, B and C"): the list runs from its first name, at most 40
// bytes after the intro, over names separated only by list gaps.
func victimList(t string, refs []ref) map[int]bool {
	var out map[int]bool
	for _, m := range reVictimsIntro.FindAllStringIndex(t, -1) {
		if !reOwnBreach.MatchString(t[:m[0]]) && !reImpactNear.MatchString(t[:m[0]]) && !reVictimsSubject.MatchString(tail(t[:m[0]], 24)) || reThingsBefore.MatchString(tail(t[:m[0]], 24)) {
			continue
		}
		prev := -1
		for k, r := range refs {
			// A nationality describes the next name ("the British
			// advertising multinational WPP").
			// So does the place after a name ("the Health Service in
			// Tarnland").
			if r.i < m[1] || isCountryName(r.text) || prev >= 0 && reInBefore.MatchString(tail(t[:r.i], 8)) {
				continue
			}
			// The first name within 40 bytes of the intro, or after a
			// description ("included the British advertising and
			// marketing multinational WPP and a shipping company, APM
			// Terminals"); the next ones after list gaps, which may
			// describe them too.
			if prev < 0 && r.i-m[1] > 40 && !(r.i-m[1] <= 90 && reDescribed.MatchString(t[m[1]:r.i])) ||
				prev >= 0 && !reListGap.MatchString(t[refs[prev].j:r.i]) && !reDescGap.MatchString(t[refs[prev].j:r.i]) {
				break
			}
			if out == nil {
				out = map[int]bool{}
			}
			out[k] = true
			prev = k
		}
	}
	return out
}

// reInBefore ends a text before a place: "in ", "in the ".
var reInBefore = textre.MustCompile(`\bin\s+(?:the\s+)?$`)

// reVictimsSubject ends the text before "included": "Victims included",
// "affected institutions including".
var reVictimsSubject = textre.MustCompile(`(?i)\b(?:victims|those (?:hit|affected)|targets|(?:affected|impacted|targeted|hit|compromised|breached|infected) (?:[\p{L}-]+ )?(?:institutions|organi[sz]ations|companies|firms|businesses|bodies|entities|hospitals|banks|agencies|retailers|websites|sites))\s+$`)

// reDescribed is a description before the first name of a list: an
// article and words, a nationality among them. reDescGap joins two names
// over one in lower case.
var (
	reDescribed = textre.MustCompile(`^(?:the|a|an)\s+(?:[\p{L}-]+\s+){1,7}$`)
	reDescGap   = textre.MustCompile(`^(?:,\s*|\s+(?:and|or)\s+|,\s+and\s+)(?:the|a|an)\s+(?:[\p{Ll}-]+\s+){0,6}?(?:[\p{Ll}-]+),?\s+$`)
)

// reTitleAttack is a headline about an attack, breach or scam.
var reTitleAttack = textre.MustCompile(`(?i)\b(?:hack\w*|breach\w*|ransom\w*|attack\w*|leak\w*|phish\w*|scam\w*|compromis\w*|stole\w*|stolen|expos\w+|infect\w*|malware|outage|cyber-?incident|data theft)\b`)

var (
	// reCommenterRoleBefore ends a person's role before the employer:
	// ", chief operating officer and co-founder of ".
	reCommenterRoleBefore = textre.MustCompile(`,\s+(?:(?:a|an|the)\s+)?(?:[\p{L}-]+\s+){0,5}?(?:co-)?(?:` + roleWords + `)(?:\s+(?:and|&)\s+(?:[\p{L}-]+\s+){0,2}?(?:co-)?(?:` + roleWords + `))?\s+(?:at|of|for|with)\s+(?:the\s+)?$`)
	// reCommentsAfter follows the employer with the person's verb of
	// saying or explaining: ", says", " in Greenvale, explained".
	reCommentsAfter = textre.MustCompile(`^(?:\s+in\s+\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?)?,\s+(?:says|said|explained|explains|told|tells|noted|notes|added|adds|warned|warns|believes|thinks|argued|argues|commented|comments)\b`)
)

// pronounSubject is the index among refs of the name whose statement a
// cue with a pronoun subject is about ("Dunmore says that ... it
// refused to pay"), or -1. The subject may also be a thing of the
// name's ("Dunmore, the studio behind the Fenwick series, released a
// statement claiming that early work from its next title had been
// stolen"), unless another name that may be hit stands between the
// pronoun and the cue ("Acme said its supplier, Brill, was hacked"):
// blocks tells which names may be.
func pronounSubject(t string, refs []ref, spans [][]int, blocks func(ref) bool) int {
	for _, sp := range spans {
		before := tail(t[:sp[0]], 120)
		m := rePronounBefore.FindStringSubmatchIndex(before)
		if m == nil {
			continue
		}
		if m[2] >= 0 { // a possessive: a passive cue, and no other name between
			if m[4] < 0 && !reAuxStart.MatchString(t[sp[0]:sp[1]]) {
				continue
			}
			from := sp[0] - len(before) + m[2]
			if slices.ContainsFunc(refs, func(r ref) bool { return r.i >= from && r.j <= sp[0] && blocks(r) }) {
				continue
			}
		}
		for k, r := range refs {
			if r.j < sp[0] && reStatesAfter.MatchString(t[r.j:sp[0]]) {
				return k
			}
		}
	}
	return -1
}

// pronounTail ends the text before a cue with its subject: a pronoun
// ("it has been"), or "its" and the thing, for a cue in the passive
// ("its next title, Starfall, had been"; the auxiliary may open the
// cue's span instead; "their" is more often people's: "account
// holders ... after their accounts were hijacked").
const pronounTail = `(?:\b(?:it|they)\s+(?:(?:has|have|had|was|were|is|are|also|then|later|had been|has been|have been)\s+)*|\b(its\s+(?:[\w-]+,?\s+){0,8}?)((?:has|have|had|was|were|is|are)\s+(?:been\s+)?)?)$`

var (
	rePronounBefore = textre.MustCompile(`(?i)` + pronounTail)
	reAuxStart      = textre.MustCompile(`(?i)^(?:has|have|had|was|were|is|are)\b`)
	// reStatesAfter runs from a name to the pronoun of what it says:
	// "says that", "said on Friday that", ", the studio behind the
	// Fenwick series, released a statement claiming that".
	reStatesAfter = textre.MustCompile(`^(?:[’']s?)?(?:,\s+(?:the|a|an)\s+[^,;.()]{0,100},)?\s+(?:[\w,]+\s+){0,3}?(?:said|says|confirmed|confirms|announced|announces|admitted|admits|acknowledged|acknowledges|stated|states|revealed|reveals|disclosed|discloses|claimed|claims|claiming|statement)\b[^.;]*` + pronounTail)
)

// nearCue is nearAny for the impact cues of a sentence t, except that a
// cue that points ahead to a name ("the breach at Tarrow Air", "an
// attack on Orrin") is about that name, not one before it: "The
// Assembly will act on the breach at Tarrow Air" is no breach of the
// Assembly. A cue followed by a pronoun, a common noun or a date still
// counts for the name before ("Tarrow said the attack on its systems",
// "a breach of security", "discovered the attack on May 24").
func nearCue(t string, spans [][]int, i, j, d int) bool {
	for _, sp := range spans {
		if distance(sp[0], sp[1], i, j) > d {
			continue
		}
		if j <= sp[0] && (reOwnedCue.MatchString(t[sp[0]:sp[1]]) || reAheadCue.MatchString(t[sp[0]:sp[1]]) && namesAhead(t[sp[1]:])) {
			continue
		}
		return true
	}
	return false
}

// namesAhead reports whether the text after a cue starts with a name
// other than a month's or a day's.
func namesAhead(after string) bool {
	m := reNameAhead.FindStringSubmatch(after)
	return m != nil && !calendarWords[strings.ToLower(m[1])]
}

// ownedCue is a cue that names what was hit by its owner after it:
// "the computers of", "customers of", "data belonging to".
const ownedCue = `(?:databases?|servers?|systems?|networks?|computers?|files)\s+(?:of|at|belonging to)|customers of|data (?:of|belonging to)`

var (
	// reOwnedCue is a cue span that is an ownedCue: it says nothing of
	// a name before it ("Tarrow shouldn't have computers of any kind").
	reOwnedCue  = textre.MustCompile(`(?i)^(?:` + ownedCue + `)$`)
	reNameAhead = textre.MustCompile(`^\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}&.-]*)`)
	reAheadCue  = textre.MustCompile(`(?i)(?:\b(?:attacks?|breach(?:es)?|hacks?|hacking|intrusions?|compromise)\s+(?:on|against|at|of|from|affecting|involving)|\b(?:` + ownedCue + `))$`)
)

// nearAny reports whether [i, j) lies within d bytes of one of the spans.
func nearAny(spans [][]int, i, j, d int) bool {
	for _, sp := range spans {
		if distance(sp[0], sp[1], i, j) <= d {
			return true
		}
	}
	return false
}

// reSource is an attribution clause: the names in it are sources of the
// report, not victims ("..., according to Wilma Stroud of Fenwick Labs").
var reSource = textre.MustCompile(`(?i)\baccording to [^,;.]*`)

// reSourceEnd is the source named after a comma at a sentence's end,
// with a verb of reporting or reckoning ("…, The Tarn Chronicle
// reports.", "…, Fenwick Insurance calculated."); its first group spans
// the source. "Said", "found" and "warned" are left out: a victim says,
// finds and warns what happened to it.
var reSourceEnd = textre.MustCompile(`,["”']?\s+((?:the\s+|The\s+)?\p{Lu}[^,;:]{0,60}?)\s+(?:reports|reported|writes|wrote|calculated|calculates|estimated|estimates|contends|contended|argues|argued|observed|observes)(?:\s+(?:in|on)\s+(?:a|an|its|the|his|her|their)\s+[^,;"“”]{0,60})?\s*[.!?"”']*\s*$`)

func inSpans(spans [][]int, i, j int) bool {
	for _, sp := range spans {
		if sp[0] <= i && j <= sp[1] {
			return true
		}
	}
	return false
}

// isOrgLike reports whether an entity can be a victim organisation: not
// a bare acronym of common use, and not shaped like a person's name
// unless an organisation's type word ends it (see also orgSignals).
func isOrgLike(e *entity) bool {
	n := e.name()
	if commonAcronyms[n] {
		return false
	}
	ws := words(n)
	if len(ws) >= 2 {
		return orgHeads[strings.ToLower(ws[len(ws)-1])] || !isPersonName(n)
	}
	return true
}

// titleFunctionWords are words a title capitalises and a name does not.
var titleFunctionWords = map[string]bool{
	"After": true, "Before": true, "Now": true, "With": true, "Without": true, "Into": true,
	"Is": true, "Are": true, "Was": true, "Were": true, "Has": true, "Have": true, "Had": true,
	"Will": true, "Can": true, "How": true, "Why": true, "What": true, "When": true, "Who": true,
	"Shift": true, "Shifts": true, "Says": true, "Said": true, "Gets": true, "Hit": true, "Hits": true,
	"Pays": true, "Paid": true, "Hacked": true, "Hacks": true, "Bricked": true, "Attack": true,
	"Attacks": true,
}

// techTerms are capitalised names of technologies, platforms and attack
// techniques that news writes next to attack verbs but that are never the
// organisation hit.
var techTerms = map[string]bool{
	"ddos": true, "dns": true, "xss": true, "url": true, "urls": true, "wifi": true, "wi-fi": true,
	"web": true, "internet": true, "android": true, "ios": true, "windows": true, "linux": true,
	"macos": true, "chrome": true, "firefox": true, "safari": true, "wordpress": true, "mongodb": true,
	"mysql": true, "sql": true, "bitcoin": true, "monero": true, "ethereum": true, "tor": true,
	"zero-day": true, "java": true, "javascript": true, "pdf": true, "smb": true, "rdp": true,
	"vpn": true, "api": true, "usb": true, "bluetooth": true, "iot": true, "cloud": true, "email": true,
	"e-mail": true, "ransomware": true, "malware": true, "botnet": true, "trojan": true, "phishing": true,
	"dark web": true, "deep web": true, "internet of things": true,
	"isp": true, "isps": true, "c&c": true, "command and control": true, "c2": true, "pos": true, "phi": true, "pii": true,
	"ssn": true, "irc": true, "ssid": true, "ole": true, "macro": true, "macros": true, "raas": true,
	"readme": true, "http": true, "https": true, "ssl": true, "tls": true, "ftp": true, "smtp": true,
	"sms": true, "gps": true, "nas": true, "cpu": true, "gpu": true, "bios": true, "uefi": true,
	"gdpr": true,
	// Number words are never a name ("1 Billion user accounts").
	"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true,
}

// rePronoun is the first pronoun after a name, within its sentence.
var rePronoun = textre.MustCompile(`(?i)\b(he|his|him|himself|she|her|herself|it|its|itself|they|their|them)\b`)

// personPronouns reports whether the first pronoun after a name is a
// person's ("he", "her") in some of its sentences and a thing's or a
// group's ("it", "their") in none, and nothing says the name was hit
// as an organisation.
func personPronouns(e *entity) bool {
	person := false
	for _, r := range e.refs {
		after := r.s.s.Text[r.j:]
		if len(after) > 120 {
			after = after[:120]
		}
		m := rePronoun.FindStringSubmatch(after)
		if m == nil {
			continue
		}
		switch strings.ToLower(m[1]) {
		case "it", "its", "itself", "they", "their", "them":
			return false
		}
		person = true
	}
	return person && !orgContext(e)
}

// malwareNouns are the nouns that, right after a name, call it malware
// ("WannaCry ransomware", "the Mirai botnet").
const malwareNouns = `ransomware|malware|botnet|virus|worm|trojan|strain|variant|cryptominer|spyware|backdoor|exploit kit`

// reMalwareAfter marks a name used as malware: "WannaCry ransomware",
// "the Mirai botnet", and, to keep it from the victims, "Mirai attacks".
var reMalwareAfter = textre.MustCompile(`^["”]?[’']?s?\s+(?i:` + malwareNouns + `|attacks?)\b`)

// notNameOfOrg reports entities that cannot name a victim organisation:
// a capitalised common word used only at the start of sentences
// ("Unfortunately", "Several"), a nationality adjective ("Lithuanian"),
// a technology or malware name.
func notNameOfOrg(e *entity) bool {
	n := e.name()
	ws := words(n)
	// A headline or report title run into the text ("Ransomware Actors
	// Shift Gears", "Screen Bricked After Infection Now"): names do not
	// capitalise these function words.
	if len(ws) >= 3 && slices.ContainsFunc(ws[1:], func(w string) bool { return titleFunctionWords[w] }) {
		return true
	}
	// A heading run into the paragraph it heads ("Lucrative Targets
	// While extortionists have ..."): every mention opens a sentence and
	// runs into a capitalised conjunction.
	if len(ws) >= 2 && !slices.ContainsFunc(e.refs, func(r ref) bool {
		return !sentenceStart(r.s.s.Text, r.i) || !reRunInConj.MatchString(r.s.s.Text[r.j:])
	}) {
		return true
	}
	if techTerms[strings.ToLower(n)] || regionNames[fold.Key(n)] || stateAbbrevs[strings.ToLower(strings.TrimSuffix(n, "."))] || reTechToken.MatchString(n) || hasTitleWord(ws) || hasAdjectiveWord(ws) {
		return true
	}
	if len(ws) == 1 && commonWordInStory(e) && !orgContext(e) {
		return true
	}
	// A one-word name the story refers to as "he" or "she" is a person
	// ("Trump keeps himself company", "Merrigan said ... via his Twitter
	// account").
	if len(ws) == 1 && !isAcronym(n) && personPronouns(e) {
		return true
	}
	// Plurals of abbreviations, of demonyms and of party members
	// ("PCs", "IPs", "Americans", "Democrats") name things and people,
	// not an organisation.
	if len(ws) == 1 && (rePluralAcronym.MatchString(n) || reDemonymPlural.MatchString(n)) {
		return true
	}
	// A bare abbreviation with no full form in the story ("PHI", "CPU",
	// "RCE", "EDT") names an organisation only when the story treats it
	// as one ("ONWASA was hit", "attack on ACME").
	if isAcronym(n) && len(e.surfaces) == 1 && !orgContext(e) && !acronymOrg(e) && !strings.ContainsAny(n, "&-") {
		return true
	}
	// Datelines ("MOSCOW —") and cities named with their state or
	// country ("Greenfield, Ind.", "Licking County, Ohio" is kept: it ends
	// in an organisation word).
	place := 0
	muni, named := municipality(e), orgNamed(e)
	for _, r := range e.refs {
		after := r.s.s.Text[r.j:]
		if sentenceStart(r.s.s.Text, r.i) && reDateline.MatchString(after) {
			// A dateline in capitals ("INDIANAPOLIS —") of a name the
			// story also writes in lower case is a place, whatever else
			// the story does with the name.
			if r.text == strings.ToUpper(r.text) && hasLowerSurface(e) {
				return true
			}
			place++
			continue
		}
		// "based in Kessling" names the place a "City of Kessling"
		// governs.
		if rePlaceBefore.MatchString(tail(r.s.s.Text[:r.i], 60)) && !muni {
			place++
			continue
		}
		// "the city of West Haven, Connecticut, paid": a municipality.
		if m := reCommaPlace.FindStringSubmatch(after); m != nil && !named {
			if _, ok := countryKey(m[1]); ok || regionNames[fold.Key(m[1])] || len(m[1]) <= 5 && strings.HasSuffix(m[1], ".") {
				place++
			}
		}
	}
	if place > 0 && place*2 >= len(e.refs) {
		return true
	}
	// "the Kentucky Methodist Hospital attack" is an attack on it.
	malware := 0
	for _, r := range e.refs {
		if !named && reMalwareAfter.MatchString(r.s.s.Text[r.j:]) {
			malware++
		}
	}
	if malware > 0 && malware*2 >= len(e.refs) {
		return true
	}
	// Products named with their kind ("Oracle Database", "Windows
	// Server", "Google Play") and demonyms of two words ("South
	// Korean", "Saudi Arabian").
	// A group named by a plural ("the Kent councils", "Ohio
	// hospitals") is no one organisation.
	if len(ws) >= 2 && groupPlurals[strings.ToLower(ws[len(ws)-1])] {
		return true
	}
	// A nationality before a common abbreviation ("Polish IT") names a
	// trade, not an organisation.
	if len(ws) == 2 && isCountryName(ws[0]) && (commonAcronyms[ws[1]] || techTerms[strings.ToLower(ws[1])]) {
		return true
	}
	// Events and buildings ("PGA Championship", "City Hall").
	if len(ws) >= 2 && eventWords[strings.ToLower(ws[len(ws)-1])] || reTownHall.MatchString(n) {
		return true
	}
	// What is held or kept, and teams ("SHA1 Encrypted Passwords", "VPN
	// PINs", "Global Research and Analysis Team"), are no organisation.
	// A team the story calls a company is one ("Italian company Hacking
	// Team").
	if last := ws[len(ws)-1]; len(ws) >= 2 && (partWords[strings.ToLower(last)] && !calledCompany(e) || rePluralAcronym.MatchString(last)) {
		return true
	}
	// A name only ever written in quotation marks is a work's title
	// ("ABC's “Shark Tank,”") unless the story treats it as hit.
	if allQuoted(e) && !orgContext(e) {
		return true
	}
	if len(ws) >= 2 && (productHeads[strings.ToLower(ws[len(ws)-1])] || len(ws) == 2 && compassWords[strings.ToLower(ws[0])] && reDemonym.MatchString(ws[1])) {
		return true
	}
	if len(ws) != 1 || isAcronym(n) {
		return false
	}
	if reDemonymEnd.MatchString(strings.ToLower(n)) {
		return true
	}
	for _, r := range e.refs {
		if !sentenceStart(r.s.s.Text, r.i) {
			return false
		}
	}
	// Only at sentence starts, yet followed by what follows an
	// organisation ("Travessa was hit by ...").
	return !orgSignals(e)
}

// reDemonymEnd ends a nationality word.
var reDemonymEnd = textre.MustCompile(`(?:ian|ean|ese|ish)$`)

// eventWords end names of events.
var eventWords = map[string]bool{"championship": true, "championships": true, "tournament": true,
	"conference": true, "summit": true, "festival": true, "expo": true, "convention": true, "awards": true}

// reTownHall is a town's building, not its government.
var reTownHall = textre.MustCompile(`^(?:City|Town|County|Village) Hall$`)

// partWords end names of what an organisation holds or of a part of it.
var partWords = map[string]bool{"team": true, "teams": true, "passwords": true, "credentials": true,
	"records": true, "emails": true, "files": true, "account": true, "accounts": true, "pc": true}

// reCompanyAppos is an apposition that calls the name before it a
// company: ", a threat prevention software company".
var reCompanyAppos = textre.MustCompile(`^,\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}?(?:company|firm|vendor|provider|maker|startup|corporation)(?:$|[\s,.;:)])`)

// calledCompanyAfter reports whether an apposition calls the name a
// company; one that gives a person's role and employer does not ("Ann
// Roe, a researcher with security firm X").
func calledCompanyAfter(e *entity) bool {
	return slices.ContainsFunc(e.refs, func(r ref) bool {
		m := reCompanyAppos.FindString(r.s.s.Text[r.j:])
		return m != "" && !slices.ContainsFunc(words(m)[1:], func(w string) bool {
			return roleBreak[w] && w != "a" && w != "an" && w != "the" || reRoleWord.MatchString(w)
		})
	})
}

// reRoleWord is a word of roleWords.
var reRoleWord = textre.MustCompile(`^(?i:` + roleWords + `)$`)

// reCompanyBefore ends the text before a name the story calls a
// company: "Italian company ", "spyware maker ".
var reCompanyBefore = textre.MustCompile(`\b(?:company|companies|firm|vendor|maker|startup|corporation)\s+$`)

// calledCompany reports whether the story calls the name a company
// right before it.
func calledCompany(e *entity) bool {
	return slices.ContainsFunc(e.refs, func(r ref) bool { return reCompanyBefore.MatchString(tail(r.s.s.Text[:r.i], 24)) })
}

// allQuoted reports whether every mention of a name sits inside
// quotation marks.
func allQuoted(e *entity) bool {
	for _, r := range e.refs {
		t := r.s.s.Text
		before, after := strings.TrimRight(t[:r.i], " "), t[r.j:]
		open := strings.HasSuffix(before, "\"") || strings.HasSuffix(before, "“") || strings.HasSuffix(before, "‘")
		end := strings.HasPrefix(after, "\"") || strings.HasPrefix(after, "”") || strings.HasPrefix(after, "’") || strings.HasPrefix(after, ",\"") || strings.HasPrefix(after, ",”") || strings.HasPrefix(after, ".”")
		if !open || !end {
			return false
		}
	}
	return len(e.refs) > 0
}

// hasLowerSurface reports whether the story writes the name with a
// lower-case letter somewhere.
func hasLowerSurface(e *entity) bool {
	for s := range e.surfaces {
		if s != strings.ToUpper(s) {
			return true
		}
	}
	return false
}

var (
	reDateline = textre.MustCompile(`^\s*(?:,\s*[\p{L}.]+\s*)?(?:\([^)]*\)\s*)?[—–-]{1,2}\s`)
	// "15 miles east of X", "outside X", "a hospital in X": only places
	// are located so.
	rePlaceBefore = textre.MustCompile(`(?i)\b(?:(?:miles|kilometres|kilometers|km)\s+(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|(?:just\s+)?(?:outside|north of|south of|east of|west of|suburbs of|outskirts of)|\b(?:hospital|hospitals|clinic|clinics|school|schools|firm|company|office|offices|branch|branches|plant|factory|facility|headquarters|headquartered|based|located)\s+in)\s+$`)
	reCommaPlace  = textre.MustCompile(`^,\s+(\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?)`)
)

// countryKey looks a name up in the country gazetteer.
func countryKey(name string) (string, bool) {
	cm, _ := countries()
	c, ok := cm[fold.Key(name)]
	return c, ok
}

// sentenceStart reports whether byte i of t starts the sentence, allowing
// opening quotes and brackets before it.
func sentenceStart(t string, i int) bool {
	if strings.TrimLeft(t[:i], " “\"‘'([") == "" {
		return true
	}
	// A sentence glued to the one before it by a missing space
	// ("December 29.Havelock - ...").
	if b := t[:i]; len(b) >= 2 && b[len(b)-1] == '.' && unicode.IsLower(rune(b[len(b)-2])) || len(b) >= 2 && b[len(b)-1] == '.' && unicode.IsDigit(rune(b[len(b)-2])) {
		return true
	}
	// A colon opens a clause of its own ("The threat was clear: Transfer
	// bitcoin ...", "[Update: ...").
	if b := strings.TrimRight(t[:i], " “\"‘'(["); strings.HasSuffix(b, ":") || strings.HasSuffix(strings.TrimRight(t[:i], " "), "[") {
		return true
	}
	// A quotation opens a sentence of its own: `said: "Unfortunately, …`.
	b := strings.TrimRight(t[:i], " ")
	return strings.HasSuffix(b, "“") || strings.HasSuffix(b, ": \"") || strings.HasSuffix(b, ", \"") || strings.HasSuffix(b, ":\"")
}

// councilOf finds the council entity of a place name.
func (x *extraction) councilOf(place string) *entity {
	var hit *entity
	for _, e := range x.ents.all {
		ws := words(e.name())
		if len(ws) >= 2 && isCouncil(e) && strings.EqualFold(ws[0], words(place)[0]) && strings.HasPrefix(strings.ToLower(e.name()), strings.ToLower(place)+" ") {
			if hit != nil && hit != e {
				return nil
			}
			hit = e
		}
	}
	return hit
}

// splitList splits "A, B and C" into its items.
func splitList(s string) []string {
	s = strings.ReplaceAll(s, ", and ", ", ")
	s = strings.ReplaceAll(s, " and ", ", ")
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (x *extraction) victimList() []model.Entity {
	var es []*entity
	for e := range x.victims {
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b *entity) int { return strings.Compare(a.name(), b.name()) })
	var out []model.Entity
	for _, e := range es {
		ent := model.Entity{Name: e.name(), Aliases: nonNil(e.aliases()), Evidence: dedupEv(x.victims[e], 5),
			Sector: x.victimSector(e), Country: x.victimCountry(e)}
		out = append(out, ent)
	}
	return out
}

func dedupEv(evs []model.Evidence, limit int) []model.Evidence {
	var out []model.Evidence
	seen := map[[3]any]bool{}
	for _, e := range evs {
		k := [3]any{e.Doc, e.Start, e.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	if out == nil {
		out = []model.Evidence{}
	}
	return out
}

// reTechToken is a capitalised token of letters and digits that names a
// standard, format, form or identifier rather than an organisation
// ("W-2", "RSA-2048", "SHA-1", "MP3", "SS7", "CVE-2018-1002105").
var reTechToken = textre.MustCompile(`^(?:[A-Z]+-?\d+|CVE-\d{4}-\d+|[A-Z][a-z]*-[A-Z]{2,}\d*)$`)

// titleWords are job titles written before a person's name ("Mayor Jane
// Roe", "Acme CEO John Doe"): a name holding one is a person.
var titleWords = map[string]bool{
	"ceo": true, "cfo": true, "cto": true, "ciso": true, "coo": true, "mayor": true, "deputy": true,
	"governor": true, "senator": true, "congressman": true, "congresswoman": true, "minister": true,
	"chairman": true, "chairwoman": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"attorney": true, "judge": true, "sheriff": true, "detective": true, "sergeant": true,
	"lieutenant": true, "captain": true, "councillor": true, "councilman": true, "councilwoman": true,
	"rep": true, "sen": true, "gov": true, "president": true, "founder": true, "cofounder": true,
	"champion": true,
}

func hasTitleWord(ws []string) bool {
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		if titleWords[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return true
		}
	}
	return false
}

// reAdjectiveWord is a capitalised compound adjective ("Kremlin-backed",
// "Internet-exposed", "Ecomnova-run", "PGP-encrypted"): a name that starts
// or ends with one is a description, not an organisation's name.
var reAdjectiveWord = textre.MustCompile(`^[\p{L}\p{N}]+-(?:\p{Ll}+(?:ed|ing)|run|led|made|owned|held|based|born|linked|related|themed|style|like|free|only|wide|connected|specific|centric|focused|friendly|facing|proof|grade|level|sized)$`)

func hasAdjectiveWord(ws []string) bool {
	return len(ws) > 0 && (reAdjectiveWord.MatchString(ws[0]) || reAdjectiveWord.MatchString(ws[len(ws)-1]))
}

// commonWordInStory reports whether a one-word name is a common word
// that the story itself also writes in lower case mid-sentence
// ("Information", "Billion", "Library", "Last", "Due"): capitalised only
// at the start of a sentence or heading, it names nothing. The story is
// its own dictionary, so the rule needs no word list and works for any
// language whose common nouns are written in lower case.
func commonWordInStory(e *entity) bool {
	n := e.name()
	low := strings.ToLower(n)
	if n == "" || low == n {
		return false
	}
	// A capital inside the word ("CloudPets") makes it a name even where
	// the story writes it in lower case (a password, a handle).
	if _, size := utf8.DecodeRuneInString(n); strings.ToLower(n[size:]) != n[size:] {
		return false
	}
	for _, r := range e.refs {
		if r.s.lower[low] {
			return true
		}
	}
	return false
}

// lowerWords are the words a text writes in lower case between spaces
// or punctuation; a domain, address or handle ("eurostar.com", "@acme")
// is no use of a common word.
func lowerWords(text string) map[string]bool {
	out := map[string]bool{}
	for _, tok := range strings.Fields(text) {
		tok = strings.TrimLeft(tok, "(“\"‘")
		tok = strings.TrimRight(tok, ",;:!?)”\"’.")
		if tok == "" || strings.ContainsAny(tok, "./@") {
			continue
		}
		if tok == strings.ToLower(tok) {
			out[tok] = true
		}
	}
	return out
}

var (
	rePluralAcronym = textre.MustCompile(`^\p{Lu}{2,}s$`)
	// Members of a party are people too ("hacks against top Democrats").
	reDemonymPlural = textre.MustCompile(`^\p{Lu}\p{Ll}+(?:ians|eans|icans|ese|ites|ots|ishes)$|^(?:Brits|Democrats)$`)
)

// reRunInConj is a capitalised conjunction that starts a sentence after
// a heading run into it.
var reRunInConj = textre.MustCompile(`^\s+(?:While|When|Whereas|Although|Though|But|However|If|Since|Because|Unlike|Despite|Once)\b`)

// stateAbbrevs are the abbreviations of US states that news styles
// write after a city ("Greenfield, Ind.", "Nashville, Tenn").
var stateAbbrevs = map[string]bool{
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "del": true,
	"fla": true, "ga": true, "ill": true, "ind": true, "kan": true, "kans": true, "ky": true, "la": true,
	"md": true, "mass": true, "mich": true, "minn": true, "miss": true, "mo": true, "mont": true,
	"neb": true, "nev": true, "okla": true, "ore": true, "pa": true, "penn": true, "tenn": true,
	"tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true,
}

// personParts marks one-word names that are a part of a person's full
// name in the story ("Hotz" of "George Hotz", "Wise" of "Scott Wise"):
// news refers to people by surname, and sometimes by first name.
func (x *extraction) personParts() {
	parts := map[string]bool{}
	for _, e := range x.ents.all {
		n := e.name()
		// A possessive inside ("Tesla’s Kubernetes") makes no person.
		// A name shaped like a person's that nobody is said to bear
		// counts with two words only ("George Hotz"): three capitalised
		// words are as often a team or a unit ("Atlanta Information
		// Management").
		// A name written where an organisation's is ("CEO at Walt
		// Dunmore", "studios like Walt Dunmore") is a company named
		// after its founder.
		if (x.people[e] != nil || len(words(n)) == 2 && isPersonName(n) && !orgSignals(e) && !isOrgLike(e) && !strings.ContainsAny(n, "’'") && !employerContext(e)) && len(words(n)) >= 2 {
			for _, w := range words(n) {
				parts[fold.Key(stripPossessive(w))] = true
			}
		}
	}
	for _, e := range x.ents.all {
		n := e.name()
		if len(words(n)) == 1 && !isAcronym(n) && parts[fold.Key(n)] && !orgContext(e) {
			if x.bystanders[e] == "" {
				x.bystanders[e] = "person"
			}
		}
	}
}

// employerContext reports whether a name is written where an employer's
// or a company's is: after "CEO at", "spokesman for", "companies like".
func employerContext(e *entity) bool {
	for _, r := range e.refs {
		if reEmployerBefore.MatchString(tail(r.s.s.Text[:r.i], 40)) {
			return true
		}
	}
	return false
}

var reEmployerBefore = textre.MustCompile(`(?i)\b(?:(?:CEO|chief executive(?: officer)?|chairman|chairwoman|co-?founder|spokes(?:person|man|woman)|employees?|executives?)\s+(?:at|of|for)|(?:companies|firms|corporations|studios|giants|businesses)\s+(?:like|such as|including))\s+(?:the\s+)?$`)

// personShapedOrg reports whether a name shaped like a person's
// ("Wasaga Beach", "Spiral Toys") is no person in the story: nobody by
// that name is quoted, given a role or a title, and no word of it is a
// given name the story uses for someone else.
func (x *extraction) personShapedOrg(e *entity) bool {
	if x.people[e] != nil {
		return false
	}
	// News calls a person by surname after the first mention ("Vasil
	// Mavrou ... Mavrou said"), an organisation rarely by its last word.
	if ws := words(e.name()); len(ws) >= 2 {
		if s := x.ents.get(ws[len(ws)-1]); s != nil && s != e {
			return false
		}
	}
	for _, r := range e.refs {
		t := r.s.s.Text
		if rePersonCue.MatchString(t[r.j:]) || reSaidName.MatchString(t[:r.i]) || reByline.MatchString(t[:r.i]) || rePersonAppos.MatchString(t[r.j:]) || rePersonPre.MatchString(t[:r.i]) || reHumanAfter.MatchString(t[r.j:]) {
			return false
		}
	}
	return true
}

// reHumanAfter follows a person's name: an age, a pronoun clause.
var reHumanAfter = textre.MustCompile(`^(?:,\s+\d{1,3},|\s+\(\d{1,3}\)|,\s+who\b|\s+(?:told|clicked|opened)\b)`)

// reDemonym is the shape of nationality words ("Korean", "Koreans",
// "Arabian", "Chinese", "Polish").
var reDemonym = textre.MustCompile(`^\p{Lu}\p{Ll}+(?:ians?|eans?|icans?|ese|ish)$`)

// productHeads end the names of software and device products, which are
// the means of an attack, not the organisation hit.
var productHeads = map[string]bool{
	"server": true, "database": true, "store": true, "play": true, "flash": true, "safari": true,
	"browser": true, "os": true, "app": true, "apps": true, "phone": true, "phones": true, "pcs": true,
	"tv": true, "tvs": true, "router": true, "routers": true, "camera": true, "cameras": true,
	"player": true, "reader": true, "explorer": true, "messenger": true, "drive": true, "id": true,
	"web": true, "keychain": true, "struts": true, "switches": true, "workspace": true, "plugin": true,
	"extension": true, "firmware": true, "kernel": true, "edition": true, "sdk": true,
	"api": true, "protocol": true, "toolkit": true, "framework": true, "survey": true,
	// Loyalty programmes ("Radisson Rewards members").
	"rewards": true,
}

// compassWords start two-word demonyms ("South Korean", "North American").
var compassWords = map[string]bool{"north": true, "south": true, "east": true, "west": true,
	"central": true, "saudi": true, "latin": true, "northern": true, "southern": true, "eastern": true, "western": true}

// groupPlurals end names of groups of organisations.
var groupPlurals = map[string]bool{"councils": true, "authorities": true, "companies": true,
	"firms": true, "governments": true, "municipalities": true, "organisations": true,
	"organizations": true, "businesses": true, "agencies": true, "banks": true, "ministries": true,
	// People named by whom they belong to ("ABTA Members", "Kelmar
	// Customers").
	"members": true, "customers": true, "users": true, "clients": true, "employees": true}

// storyOrder sorts evidence by document (lead first) then position,
// keeping the first of equal spans.
func (x *extraction) storyOrder(evs []model.Evidence) []model.Evidence {
	rank := map[string]int{}
	for i, d := range x.docs {
		rank[d.ID] = i
	}
	slices.SortStableFunc(evs, func(a, b model.Evidence) int {
		if c := rank[a.Doc] - rank[b.Doc]; c != 0 {
			return c
		}
		return a.Start - b.Start
	})
	return evs
}
