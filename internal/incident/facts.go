package incident

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// country is the ISO code named most in the story: country names weigh
// 2, adjectives ("British") 1, and "in <country>" 3.
func (x *extraction) country() (string, []model.Evidence) {
	score := map[string]int{}
	evs := map[string][]model.Evidence{}
	for _, s := range x.sents {
		for _, h := range x.countriesIn(s) {
			score[h.code] += h.weight
			evs[h.code] = append(evs[h.code], s.evAt(h.i, h.j))
		}
	}
	best := topScore(score, 0)
	if best == "" {
		return "", nil
	}
	return best, dedupEv(evs[best], 3)
}

// topScore is the key with the highest score above floor, the first in
// order of keys among equals; "" when none is above floor.
func topScore(score map[string]int, floor int) string {
	best, bs := "", floor
	for k, v := range score {
		if v > bs || v == bs && best != "" && k < best {
			best, bs = k, v
		}
	}
	return best
}

// countryHit is a country a sentence names at [i, j), weighed: 3 after
// "in", 2 for a name, 1 for an adjective.
type countryHit struct {
	code   string
	weight int
	i, j   int
}

// countriesIn are the countries a sentence names, found once per
// sentence: not in a person's name ("Jordan Duffy"), not inside a longer
// name that is not in the country ("Long Island"), not the attackers'
// ("Russian hackers").
func (x *extraction) countriesIn(s *sent) []countryHit {
	if s.countriesDone {
		return s.countries
	}
	s.countriesDone = true
	cm, maxW := countries()
	t := s.s.Text
	// People's names: "Jordan Duffy" is no one's country. (Found only
	// for a sentence that names a country: most name none.)
	var people [][]int
	peopleDone := false
	inPerson := func(i, j int) bool {
		if !peopleDone {
			peopleDone = true
			for _, r := range x.entitiesIn(s) {
				if e := x.ents.get(r.text); x.people[e] != nil && len(words(r.text)) >= 2 {
					people = append(people, []int{r.i, r.j})
				}
			}
		}
		return inSpans(people, i, j)
	}
	// Token windows over the folded sentence, with byte offsets.
	toks := tokenize(t)
	// Each token's key, found when a window starting at a capitalised
	// token reaches it.
	keys := make([]string, len(toks))
	keyed := make([]bool, len(toks))
	for i := 0; i < len(toks); i++ {
		if r, _ := utf8.DecodeRuneInString(t[toks[i][0]:]); !unicode.IsUpper(r) {
			continue // country names are capitalised
		}
		for n := min(maxW, len(toks)-i); n >= 1; n-- {
			for j := i; j < i+n; j++ {
				if !keyed[j] {
					keys[j], keyed[j] = fold.Key(t[toks[j][0]:toks[j][1]]), true
				}
			}
			k := strings.Join(keys[i:i+n], " ")
			code, ok := cm[k]
			if !ok {
				continue
			}
			adjective := countryAdj[k] && !strings.Contains(k, " ") && len(k) > 3 && k != "england" && k != "britain" && k != "wales" && k != "scotland" && k != "america"
			// "Michael Jordan", "Long Island", "Latin America": a
			// country's name inside a longer name is not the country (an
			// adjective may follow another: "Jewish Israeli"), nor is
			// one inside a person's ("Jordan Duffy").
			if i > 0 && !adjective && partOfName(t, toks[i-1], toks[i]) || inPerson(toks[i][0], toks[i+n-1][1]) {
				i += n - 1
				break
			}
			w := 2
			if adjective {
				w = 1
			}
			if i > 0 && strings.EqualFold(t[toks[i-1][0]:toks[i-1][1]], "in") {
				w = 3
			}
			// "pro-Russian group", "Russian-speaking hackers": the
			// attackers' country, not where the incident happened.
			if toks[i][0] > 0 && t[toks[i][0]-1] == '-' || reAttackerAfter.MatchString(t[toks[i+n-1][1]:]) {
				i += n - 1
				break
			}
			s.countries = append(s.countries, countryHit{code: code, weight: w, i: toks[i][0], j: toks[i+n-1][1]})
			i += n - 1
			break
		}
	}
	return s.countries
}

// partOfName reports whether the word prev, right before word w, joins
// it into a longer name that is not in the country: capitalised, one
// space apart, and neither a word that merely opens a sentence or a
// phrase ("In Germany", "The UK"), nor a part of the country ("Western
// Australia"), nor the head of one of its bodies ("Police Scotland").
func partOfName(t string, prev, w [2]int) bool {
	p := t[prev[0]:prev[1]]
	if r, _ := utf8.DecodeRuneInString(p); !unicode.IsUpper(r) || t[prev[1]:w[0]] != " " {
		return false
	}
	lp := strings.ToLower(p)
	return !leadWords[lp] && !isAcronym(p) && !countryParts[lp] && !orgHeads[lp] && !agencyHeads[lp]
}

// countryParts name a part of the country they come before.
var countryParts = map[string]bool{
	"western": true, "eastern": true, "northern": true, "southern": true, "central": true,
	"north": true, "south": true, "east": true, "west": true, "greater": true, "upper": true,
	"lower": true, "mainland": true, "rural": true, "coastal": true, "metropolitan": true,
}

// reAttackerAfter follows a country or its adjective that describes the
// attackers rather than the place of the incident.
var reAttackerAfter = textre.MustCompile(`(?i)^(?:-\p{L}+)?\s+(?:(?:state|criminal|cyber|ransomware)[- ]?\w*\s+)?(?:hack\w*|gangs?|groups?|actors?|threat actors?|crimin\w*|cybercrimin\w*|operators?|spies|intelligence|military|APT\w*)\b`)

// tokenize returns the byte ranges of the words of s.
func tokenize(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' && start >= 0
		if w && start < 0 {
			start = i
		} else if !w && start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	for k := range out { // "U.K." keeps its dots, a sentence's last word does not
		for out[k][1] > out[k][0]+1 && s[out[k][1]-1] == '.' && strings.Count(s[out[k][0]:out[k][1]], ".") == 1 {
			out[k][1]--
		}
	}
	return out
}

type regionCand struct {
	name   string
	weight int
	ev     model.Evidence
}

var (
	// "department of" in lower case only: "Department of Homeland
	// Security" is an agency.
	reRegionOf = textre.MustCompile(`(?:(?i:county|state|province|region|prefecture|canton|territory) of|department of|(?i:Grafschaft|Bundesland|Provinz|Region|comté de|province de|région de|état de|condado de|provincia de)) (\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)`)
	// "in X", not "built-in X".
	reRegionIn = textre.MustCompile(`(?:^|[\s(])in ((?:north|south|east|west|north-west|north-east|south-west|south-east|northern|southern|eastern|western|central|rural|regional)\s+)?(\p{Lu}[\p{L}\-]+)\b`)
	reCountyX  = textre.MustCompile(`\bCounty (\p{Lu}[\p{L}\-]+)\b`)
	// reNameBefore ends a text with a capitalised word: "Erie County
	// Medical Center" is the American order, no Irish "County Medical".
	reNameBefore = textre.MustCompile(`\p{Lu}[\p{L}.\-]*\s+$`)
	// reThingBefore ends a text before "in" and a product, a platform or
	// a figure, not a region: "a flaw in Flash Player", "turned up in
	// Google Play", "shown in Figure 1".
	reThingBefore = textre.MustCompile(`(?i)\b(?:` + flawNouns + `|issues?|errors?|pop-ups?|features?|escapes?|turned up|showed up|shown|available|built|hosted|published)\s*(?:\([^)]*\)\s*)?$`)
	// reNumberAfter follows a name with a number: "Figure 1", "Firefox
	// 62" are no places.
	reNumberAfter = textre.MustCompile(`^\s+\d`)
)

func (x *extraction) regionCandidates() []regionCand {
	if x.rdone {
		return x.regions
	}
	x.rdone = true
	cm, _ := countries()
	var out []regionCand
	for _, s := range x.sents {
		t := s.s.Text
		for _, c := range []struct {
			re *textre.Regexp
			w  int
		}{{reRegionOf, 3}, {reRegionIn, 1}, {reCountyX, 3}} {
			for _, m := range c.re.FindAllStringSubmatchIndex(t, -1) {
				w := c.w
				i, j := m[2], m[3]
				if c.re == reRegionIn {
					if m[2] >= 0 {
						w = 2 // "in north-west Tarvania" names a region
					}
					i, j = m[4], m[5]
					if reThingBefore.MatchString(tail(t[:m[0]], 40)) {
						continue
					}
				}
				if c.re == reCountyX && reNameBefore.MatchString(tail(t[:m[0]], 30)) {
					continue
				}
				name := t[i:j]
				// "a hole in KMart's defenses": what is in a thing
				// owned by a name is in no region.
				if rest := t[j:]; c.re == reRegionIn && (strings.HasPrefix(rest, "'s ") || strings.HasPrefix(rest, "’s ")) {
					continue
				}
				if c.re == reRegionIn {
					// "in Navi Mumbai", "in Microsoft Word": the place is
					// the whole name that starts there, and so is each
					// name listed with it ("in Vilnius and Kaunas").
					for _, mn := range s.mentions() {
						if mn.i == i && mn.j > j {
							j = mn.j
						}
					}
					name = t[i:j]
					if reNumberAfter.MatchString(t[j:]) {
						continue
					}
					if a := reAndPlace.FindStringSubmatchIndex(t[j:]); a != nil {
						out = appendRegion(out, cm, t[j+a[2]:j+a[3]], w, s.evAt(j+a[2], j+a[3]))
					}
				}
				out = appendRegion(out, cm, name, w, s.evAt(i, j))
			}
		}
	}
	x.regions = out
	return out
}

// reAndPlace is a second place listed after one: "in Vilnius and
// Kaunas".
var reAndPlace = textre.MustCompile(`^\s+(?:and|or)\s+(\p{Lu}[\p{L}\-]+)(?:[.,;]|\s+\p{Ll}|$)`)

// appendRegion adds a region candidate unless it is a country, a
// calendar or lead word, an abbreviation ("the state of MFS"), or ends
// in the head of an organisation ("Center", "State of Cyber Security").
func appendRegion(out []regionCand, cm map[string]string, name string, w int, ev model.Evidence) []regionCand {
	k := fold.Key(name)
	last := strings.ToLower(lastWord(name))
	if _, isCountry := cm[k]; isCountry || calendarWords[k] || leadWords[k] || isAcronym(name) || orgHeads[last] || agencyHeads[last] {
		return out
	}
	return append(out, regionCand{name: name, weight: w, ev: ev})
}

// region is the most supported region candidate; names of
// organisations, people, products, platforms and currencies are not
// regions. (A bystander "person" may be a place: the name a
// person-shaped phrase of another language runs into, "Grafschaft
// Wexmoor".)
func (x *extraction) region() (string, []model.Evidence) {
	score := map[string]int{}
	surface := map[string]string{}
	evs := map[string][]model.Evidence{}
	for _, c := range x.regionCandidates() {
		if e := x.ents.get(c.name); e != nil && (x.people[e] != nil || x.outlets[e] || x.agencies[e] != "" || x.providers[e] != "" || x.victims[e] != nil || x.firms[e] || x.vendors[e] || x.products[e] || x.attackers[e] || x.bystanders[e] != "" && x.bystanders[e] != "person") {
			continue
		}
		k := fold.Key(c.name)
		score[k] += c.weight
		if surface[k] == "" {
			surface[k] = c.name
		}
		evs[k] = append(evs[k], c.ev)
	}
	// Adjectives count for their place ("Tasmanian" → Tasmania).
	for k := range score {
		for _, s := range x.en {
			for _, w := range strings.Fields(fold.Key(s.s.Text)) {
				if w != k && (w == k+"n" || w == strings.TrimSuffix(k, "a")+"an" || w == k+"ian") {
					score[k]++
				}
			}
		}
	}
	best := topScore(score, 1)
	if best == "" {
		return "", nil
	}
	return surface[best], dedupEv(evs[best], 3)
}

// Services.

var (
	// Cues after which a list of disrupted services follows.
	reSvcAfter = textre.MustCompile(`(?i)\b(?:disrupted|disrupting|disrupts|disruption (?:to|of)|issues (?:with|affecting)|problems (?:with|affecting)|difficulties[”"’]?\s+with|outages? (?:of|to|affecting|hitting)|affecting|impacting|took down|taken down|take down|knocked out|shut down|switched off|closed|suspended|halted|downed|(?:has|have|had)(?: also)? (?:affected|impacted|hit)|(?:affected|disrupted|impacted) (?:include|includes|included))\s+`)
	// States that follow a list of disrupted services.
	reSvcBefore = textre.MustCompile(`(?i)\s+(?:(?:is|are|was|were|remains?|(?:has|have)(?:\s+(?:now|also|still))?\s+been)(?:\s+(?:still|also|all|currently|now|temporarily|largely))*\s+(?:down|offline|unavailable|inaccessible|suspended|disrupted|out of action|on hold|put on hold|not working|closed)|(?:cannot|can't|could not) be (?:made|used|accessed|processed|paid|submitted)|(?:have|has) been (?:put on hold|paused|halted|suspended|taken offline|taken down|shut down|switched off))\b`)
	reListJoin  = textre.MustCompile(`^(?:,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)`)
	reListIntro = textre.MustCompile(`^,?\s*(?:including|such as|which include|which includes|like)\s+`)
	reItem      = textre.MustCompile(`^[\p{L}\-]+(?:\s+[\p{L}\-]+){0,4}`)
	reClauseCut = textre.MustCompile(`(?i)(?:^|\s)(?:but|because|while|whereas|although|though|so|since|when|after|which|that|as|where|whose|who|said|says|told|added|warned|explained|confirmed|noted)\s`)
)

// flawNouns name a flaw in a product: what is "in" them is a product,
// what they affect is one.
const flawNouns = `flaws?|bugs?|vulnerabilit(?:y|ies)|holes?|weakness(?:es)?|exploits?`

// reFlawBefore ends a text whose subject is a flaw, not an attack.
var reFlawBefore = textre.MustCompile(`(?i)\b(?:` + flawNouns + `|CVE-\d{4}-\d+)\b(?:\s*\([^)]*\))?(?:\s+[\w-]+){0,6}\s*$`)

var itemStop = map[string]bool{
	// Quantities, particles and adverbs: "affecting over 2,000", "shut
	// down immediately", "closed off", "affecting almost 50%".
	"over": true, "up": true, "off": true, "almost": true, "nearly": true, "around": true,
	"immediately": true, "urgently": true, "yet": true, "everything": true, "everyone": true,
	"anything": true, "nothing": true, "them": true, "if": true, "including": true,
	"associated": true, "running": true, "within": true, "caused": true, "plenty": true, "number": true,
	"hundreds": true, "thousands": true, "millions": true, "dozens": true,
	"have": true, "has": true, "had": true, "been": true, "be": true, "is": true, "are": true, "was": true, "were": true,
	"will": true, "would": true, "can": true, "cannot": true, "could": true, "may": true, "might": true, "must": true,
	"should": true, "not": true, "no": true, "on": true, "in": true, "at": true, "by": true, "to": true, "from": true,
	"with": true, "and": true, "or": true, "but": true, "because": true, "that": true, "which": true, "who": true,
	"while": true, "when": true, "as": true, "so": true, "made": true, "put": true, "hold": true, "after": true,
	"since": true, "until": true, "during": true, "about": true, "into": true, "than": true, "potentially": true,
	"remain": true, "remains": true, "resumed": true, "still": true, "also": true, "now": true,
	"whose": true, "much": true, "more": true, "less": true, "very": true, "too": true, "such": true,
}

var itemDet = map[string]bool{"the": true, "its": true, "their": true, "our": true, "his": true, "her": true,
	"some": true, "many": true, "multiple": true, "several": true, "all": true, "these": true, "those": true,
	"other": true, "key": true, "various": true, "certain": true, "most": true, "both": true, "a": true, "an": true}

var genericWords = map[string]bool{"online": true, "public": true, "public-facing": true, "digital": true,
	"council": true, "it": true, "services": true, "service": true, "systems": true, "system": true,
	"website": true, "websites": true, "site": true, "sites": true, "network": true, "networks": true,
	"computer": true, "computers": true, "servers": true, "server": true, "files": true, "data": true,
	"operations": true, "portal": true, "portals": true, "platform": true, "platforms": true, "internal": true,
	"customer-facing": true, "core": true, "critical": true, "essential": true, "local": true}

var orgWordsInItem = map[string]bool{"provider": true, "providers": true, "agency": true, "company": true,
	"council": true, "councils": true, "authority": true, "supplier": true, "organisation": true,
	"organization": true, "body": true, "bodies": true, "firm": true, "residents": true, "customers": true,
	"staff": true, "people": true, "individuals": true, "users": true,
	// Those hit, not what they run: "disrupting car factories",
	// "affecting organisations", "has hit government ministries".
	"organisations": true, "organizations": true, "companies": true, "firms": true, "businesses": true,
	"hospitals": true, "factories": true, "ministries": true, "banks": true, "schools": true,
	"universities": true, "governments": true, "agencies": true, "city": true, "user": true, "receiver": true,
	// Products and their parts: "affecting versions", "networks
	// running Linux", "PCs".
	"versions": true, "version": true, "software": true, "tool": true, "tools": true, "design": true,
	"functionality": true, "nodes": true, "devices": true, "pcs": true, "sensors": true, "account": true,
	// What was taken, not what went down: "affected the personal
	// information of", "stolen databases".
	"information": true, "databases": true,
	// What defenders take down: "shut down the attacker's efforts",
	// "took down the domains".
	"efforts": true, "domains": true, "portion": true, "analysis": true}

// userNouns are the users a service is named after.
var userNouns = map[string]bool{"customer": true, "resident": true, "staff": true, "patient": true,
	"user": true, "member": true, "student": true, "pupil": true, "citizen": true, "employee": true,
	"client": true, "partner": true, "supplier": true, "public": true, "visitor": true, "tenant": true}

var trailingPreps = map[string]bool{"of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "with": true, "from": true}

// namedItem reports whether an item's first word after its
// determiners is capitalised.
func namedItem(it string) bool {
	for _, w := range strings.Fields(it) {
		if itemDet[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return false
}

// cleanItem turns a list item into a service name, or "" when it is not
// one: common nouns only, no verbs or function words, not generic.
func cleanItem(it string) string {
	ws := strings.Fields(it)
	// Determiners and possessors go: "the hospital's patient records".
	for len(ws) > 0 && (itemDet[strings.ToLower(ws[0])] || strings.EqualFold(ws[0], "of") || stripPossessive(ws[0]) != ws[0]) {
		ws = ws[1:]
	}
	// "the personal information of": a preposition that ends the item
	// belongs to what follows.
	for len(ws) > 0 && trailingPreps[strings.ToLower(ws[len(ws)-1])] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 || len(ws) > 4 {
		return ""
	}
	for i, w := range ws {
		lw := strings.ToLower(w)
		if itemStop[lw] && !(lw == "for" && i > 0) {
			return ""
		}
		// "all four sites", "closed Sunday".
		if calendarWords[lw] || numberWords[lw] > 0 && lw != "a" && lw != "an" {
			return ""
		}
		if orgWordsInItem[lw] && i == len(ws)-1 {
			return "" // "the provider", "residents": not a service
		}
		r := []rune(w)
		if unicode.IsUpper(r[0]) && (i > 0 || isAcronym(w)) {
			return "" // a name, not a service
		}
		ws[i] = lw
	}
	// "applications for parking permits" → "parking permits"
	if len(ws) >= 3 && ws[1] == "for" && (ws[0] == "applications" || ws[0] == "requests") {
		ws = ws[2:]
	}
	if slices.Contains(ws, "for") {
		return ""
	}
	// Drop a generic head after a specific service: "business rates
	// portal"; but "customer portal" and "staff systems" name their users,
	// not a service, without their head.
	for len(ws) > 1 && genericWords[ws[len(ws)-1]] && ws[len(ws)-1] != "online" && !(len(ws) == 2 && userNouns[ws[0]]) {
		ws = ws[:len(ws)-1]
	}
	if orgWordsInItem[ws[len(ws)-1]] {
		return "" // "city operations" is the city's
	}
	generic := true
	for _, w := range ws {
		if !genericWords[w] {
			generic = false
		}
	}
	if generic {
		return ""
	}
	return strings.Join(ws, " ")
}

// services finds the services reported disrupted: lists that follow a
// disruption cue ("issues with A and B", "difficulties with its systems,
// including A, B and C") or precede a state ("A and B remain offline").
func (x *extraction) services() []model.Service {
	found := map[string][]model.Evidence{}
	var order []string
	add := func(s *sent, name string, i, j int) {
		if name == "" {
			return
		}
		if _, ok := found[name]; !ok {
			order = append(order, name)
		}
		found[name] = append(found[name], s.evAt(i, j))
	}
	if c := cueLangs[x.factLang]; c != nil {
		x.servicesByCues(c, add)
		return mergeServices(order, found)
	}
	for _, s := range x.en {
		t := s.s.Text
		for _, loc := range reSvcAfter.FindAllStringIndex(t, -1) {
			// "a flaw affecting LibreOffice", "bugs impacting versions
			// 4.7 and earlier": what a flaw affects is a product.
			if reFlawBefore.MatchString(tail(t[:loc[0]], 80)) {
				continue
			}
			for _, it := range listAfter(t, loc[1]) {
				// After a cue no item opens a sentence: a capital
				// starts a name ("including LinkedIn and Dropbox",
				// "impacting all Windows operating systems").
				if namedItem(it.text) {
					continue
				}
				add(s, cleanItem(it.text), it.i, it.j)
			}
		}
		for _, loc := range reSvcBefore.FindAllStringIndex(t, -1) {
			before := t[:loc[0]]
			// Cut at the last clause boundary or sentence punctuation.
			cut := 0
			// Matches may share a space: "said that".
			for k := 0; k < len(before); {
				m := reClauseCut.FindStringIndex(before[k:])
				if m == nil {
					break
				}
				cut = k + m[1]
				k += m[1] - 1
			}
			if k := strings.LastIndexAny(before, ";:—–(“”\""); k+1 > cut {
				cut = k + 1
			}
			seg := before[cut:]
			items := splitItems(seg)
			// Take items from the right while they are services; items
			// joined only by commas need an "and" or "or" to be a list.
			for k := len(items) - 1; k >= 0; k-- {
				name := cleanItem(items[k].text)
				if name == "" || k < len(items)-1 && !items[k+1].conj && !anyConj(items[k+1:]) {
					break
				}
				add(s, name, cut+items[k].i, cut+items[k].j)
			}
		}
	}
	return mergeServices(order, found)
}

type item struct {
	text string
	i, j int
	conj bool // joined to the item before by "and" or "or"
}

func anyConj(items []item) bool {
	for _, it := range items {
		if it.conj {
			return true
		}
	}
	return false
}

var (
	reJoin     = textre.MustCompile(`^(?:,\s*(?:and|or)\s+|\s+(?:and|or)\s+|,\s*)`)
	reWordsRun = textre.MustCompile(`^[\p{L}\-]+(?:[’']s?)?(?:\s+[\p{L}\-]+(?:[’']s?)?)*`) // possessors included: "the council’s phone lines"
)

// listAfter reads the list of noun phrases that starts at byte k of t:
// "A and B", "A, B, and C", or a generic phrase followed by "including
// A, B and C". Items joined by commas alone count only when an "and" or
// "or" closes the list.
func listAfter(t string, k int) []item {
	var items []item
	conj := false
	first := true
	for k < len(t) {
		m := reWordsRun.FindStringIndex(t[k:])
		if m == nil {
			break
		}
		ws := strings.Fields(t[k : k+m[1]])
		n := 0
		for n < len(ws) && n < 5 && !(itemStop[strings.ToLower(ws[n])] && !(strings.EqualFold(ws[n], "for") && n > 0 && (strings.EqualFold(ws[n-1], "applications") || strings.EqualFold(ws[n-1], "requests")))) {
			n++
		}
		if n == 0 {
			break
		}
		phrase := strings.Join(ws[:n], " ")
		end := k + strings.Index(t[k:], ws[n-1]) + len(ws[n-1])
		it := item{text: phrase, i: k, j: end, conj: conj}
		rest := t[end:]
		if first && cleanItem(phrase) == "" {
			// "some of its systems, including ...": skip the generic head.
			if im := reListIntro.FindStringIndex(rest); im != nil {
				k = end + im[1]
				first = false
				continue
			}
			break
		}
		first = false
		items = append(items, it)
		jm := reJoin.FindStringSubmatchIndex(rest)
		if jm == nil {
			break
		}
		conj = strings.Contains(rest[:jm[1]], "and") || strings.Contains(rest[:jm[1]], "or")
		k = end + jm[1]
	}
	// Keep the items up to the last one joined by and/or; with none, the
	// first item alone.
	last := 0
	for i, it := range items {
		if it.conj {
			last = i
		}
	}
	if len(items) == 0 {
		return nil
	}
	return items[:last+1]
}

var reSplit = textre.MustCompile(`,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+`)

// splitItems splits "A, B and C" into items with byte ranges.
func splitItems(seg string) []item {
	var out []item
	start := 0
	conjNext := false
	for start < len(seg) {
		loc := reSplit.FindStringIndex(seg[start:])
		end := len(seg)
		next := len(seg)
		if loc != nil {
			end = start + loc[0]
			next = start + loc[1]
		}
		txt := strings.TrimSpace(seg[start:end])
		if txt != "" {
			i := start + strings.Index(seg[start:end], txt)
			out = append(out, item{text: txt, i: i, j: i + len(txt), conj: conjNext})
		}
		conjNext = loc != nil && strings.ContainsAny(strings.TrimSpace(seg[start+loc[0]:start+loc[1]]), "ao")
		start = next
	}
	return out
}

// mergeServices folds variants: "payments" into "online payments",
// "council tax payments" into "council tax".
func mergeServices(order []string, found map[string][]model.Evidence) []model.Service {
	into := map[string]string{}
	for _, a := range order {
		for _, b := range order {
			if a == b {
				continue
			}
			if b == "online "+a || b == strings.TrimSuffix("online "+a, "s") {
				into[a] = b
			}
			if strings.HasPrefix(a, b+" ") && genericTail(strings.TrimPrefix(a, b+" ")) {
				into[a] = b
			}
		}
	}
	var out []model.Service
	idx := map[string]int{}
	for _, n := range order {
		t := n
		for into[t] != "" {
			t = into[t]
		}
		if _, ok := idx[t]; !ok {
			idx[t] = len(out)
			out = append(out, model.Service{Name: t})
		}
		out[idx[t]].Evidence = append(out[idx[t]].Evidence, found[n]...)
	}
	for i := range out {
		out[i].Evidence = dedupEv(out[i].Evidence, 5)
	}
	slices.SortFunc(out, func(a, b model.Service) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func genericTail(s string) bool {
	return s == "payments" || s == "payment" || genericWords[s]
}
