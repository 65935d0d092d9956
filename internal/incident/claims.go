package incident

import (
	"cmp"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

var (
	reVulnCue    = textre.MustCompile(`(?i)\b(?:vulnerabilit\w*|exploit\w*|zero-day|flaw|CVE-\d{4}-\d+|patched|unpatched|entered through|got in through|broke in through|way in|gained access through|firmware)\b`)
	reProductEnd = textre.MustCompile(`(?i)^(?:vpn|gateway|firewall|appliance|server|router|switch|platform|software|suite|client|portal|exchange|transfer|connect|secure)$`)
	reProdNext   = textre.MustCompile(`^[’']?\s*(?i:vpn|gateway|firewall|appliance|servers?|routers?|devices?|software|platform|portal)\b`)
	reVendorBy   = textre.MustCompile(`(?i)\b(?:sold|made|built|developed|manufactured|supplied|marketed) by\s+$`)
	reHedge      = textre.MustCompile(`(?i)\b(?:suggest\w*|possibl\w*|probabl\w*|suspect\w*|likely|may|might|could|believed|thought to|reportedly|appears?|potential\w*)\b`)
	reCVE        = textre.MustCompile(`\bCVE-\d{4}-\d{4,7}\b`)
)

var reVendorPoss = textre.MustCompile(`^[’']s?\s+(?:[\p{L}\-]+\s+){0,4}(?i:(?:vpn|gateway|firewall|appliance|server|router|software|platform|product|device)s?)\b`)

// inImpact reports whether an entity is named in a sentence that reports
// an attack.
func (x *extraction) inImpact(e *entity) bool {
	for _, r := range e.refs {
		if r.s.match(reImpact) {
			return true
		}
	}
	return false
}

type vectorFound struct {
	product    string
	vendor     *entity
	vendorName string // a vendor the story names only inside the product's name
	by         string
	conf       string
	ev         []model.Evidence
	cves       []string
}

// findVector finds the product named as the way in, its vendor, and who
// says so.
func (x *extraction) findVector() *vectorFound {
	var v *vectorFound
	vulnCue, hedge, vendorBy := reVulnCue, reHedge, reVendorBy
	if c := cueLangs[x.factLang]; c != nil {
		vulnCue, hedge, vendorBy = c.vulnCue, c.hedge, c.vendorBy
	}
	for _, s := range x.facts {
		t := s.s.Text
		if !vulnCue.MatchString(t) {
			continue
		}
		ms := s.mentions()
		product, pi, pj := "", 0, 0
		for _, m := range ms {
			ws := words(m.text)
			if len(ws) < 2 && !reProdNext.MatchString(t[m.j:]) {
				continue
			}
			e := x.ents.get(m.text)
			if e != nil && (x.people[e] != nil || x.agencies[e] != "" || x.outlets[e]) {
				continue
			}
			if reProductEnd.MatchString(ws[len(ws)-1]) || reProdNext.MatchString(t[m.j:]) {
				product, pi, pj = m.text, m.i, m.j
				break
			}
		}
		if product == "" {
			continue
		}
		cur := &vectorFound{product: product, conf: "confirmed"}
		if hedge.MatchString(t) {
			cur.conf = "suspected"
		}
		cur.ev = append(cur.ev, s.evAt(pi, pj))
		// Vendor: "sold by X", or a possessive name before a product word
		// ("Ivanti’s widely used corporate VPN appliance").
		for _, m := range ms {
			e := x.ents.get(m.text)
			if e == nil || m.text == product || x.people[e] != nil || x.outlets[e] || x.agencies[e] != "" {
				continue
			}
			if vendorBy.MatchString(t[:m.i]) {
				cur.vendor = e
				break
			}
			// Before the product, a possessive is the vendor unless the
			// story says it was attacked ("Harwick Clinic’s Meridian
			// Gateway" is the victim's).
			if m.poss && (m.i > pj || m.j <= pi && !x.inImpact(e)) && reVendorPoss.MatchString(t[m.j:]) {
				cur.vendor = e
				break
			}
		}
		if cur.vendor == nil {
			cur.vendor, cur.vendorName = x.vendorPrefix(product)
		}
		cur.by = x.claimant(s)
		cur.cves = reCVE.FindAllString(t, -1)
		v = cur
		break
	}
	return v
}

// vendorPrefix is the vendor whose name opens a product's ("Cisco ASA
// Software", "Oracle Database Server") when the story also names it
// alone. The short name may have been resolved into the product's own
// entity (a one-word name that starts exactly one longer name is its
// short form); then only the name is returned.
func (x *extraction) vendorPrefix(product string) (*entity, string) {
	ws := words(product)
	pe := x.ents.get(product)
	// The shortest prefix: "Oracle", not "Oracle Database", of "Oracle
	// Database Server". A product or technology is no vendor ("Windows
	// Server", "SMB Server").
	for n := 1; n < len(ws); n++ {
		prefix := strings.Join(ws[:n], " ")
		e := x.ents.get(prefix)
		switch {
		case e == nil || x.people[e] != nil || x.outlets[e] || x.agencies[e] != "" || x.places[e] || techTerms[strings.ToLower(prefix)]:
		case e != pe && (x.products[e] || e.name() != prefix && !isAcronym(e.name())):
		case e != pe:
			return e, ""
		case e.surfaces[prefix] > 0:
			return nil, prefix
		}
	}
	return nil, ""
}

// claimant is the person (or organisation) a sentence attributes its
// statement to: "according to ... X", "X said", "said X", "X, ..., said".
func (x *extraction) claimant(s *sent) string {
	t := s.s.Text
	var persons []ref
	for _, r := range x.entitiesIn(s) {
		if e := x.ents.get(r.text); e != nil && x.people[e] != nil {
			persons = append(persons, r)
		}
	}
	if k := strings.Index(strings.ToLower(t), "according to"); k >= 0 {
		clause := t[k:]
		if c := strings.IndexAny(clause, ","); c > 0 {
			clause = clause[:c]
		}
		for i := len(persons) - 1; i >= 0; i-- {
			if persons[i].i >= k && persons[i].j <= k+len(clause) {
				return x.personName(persons[i].text)
			}
		}
	}
	if len(persons) > 0 {
		return x.personName(persons[0].text)
	}
	// "Researchers at Tenbury Security said ...": a security firm or an
	// agency named in the sentence.
	for _, r := range x.entitiesIn(s) {
		if e := x.ents.get(r.text); e != nil && (x.firms[e] || x.agencies[e] != "") {
			return e.name()
		}
	}
	return x.paragraphSpeaker(s)
}

// personName is the full name of the person a mention resolves to.
func (x *extraction) personName(surface string) string {
	e := x.ents.get(surface)
	if e == nil {
		return surface
	}
	p := x.people[e]
	for f, q := range x.people {
		if q == p && len(words(f.name())) > len(words(e.name())) {
			return f.name()
		}
	}
	return e.name()
}

// paragraphSpeaker is the last person named before s in its paragraph,
// for "he said" and quotes without a name.
func (x *extraction) paragraphSpeaker(s *sent) string {
	best := ""
	for _, o := range x.sents {
		if o.doc != s.doc || o.para != s.para || o.s.Start > s.s.Start {
			continue
		}
		for _, r := range x.entitiesIn(o) {
			if e := x.ents.get(r.text); e != nil && x.people[e] != nil {
				best = x.personName(r.text)
			}
		}
	}
	return best
}

// orgOf is the organisation a person speaks for, or the name itself when
// it names an organisation.
func (x *extraction) orgOf(name string) string {
	e := x.ents.get(name)
	if e == nil {
		return ""
	}
	if p := x.people[e]; p != nil {
		if p.orgEnt != nil {
			return p.orgEnt.name()
		}
		return p.org
	}
	return e.name()
}

func (x *extraction) vector() *model.Vector {
	v := x.findVector()
	if v == nil {
		return nil
	}
	out := &model.Vector{Product: v.product, ClaimedBy: v.by, Confidence: v.conf, Evidence: v.ev, CVEs: v.cves}
	if v.vendor != nil {
		out.Vendor = v.vendor.name()
	} else {
		out.Vendor = v.vendorName
	}
	return out
}

var (
	reOngoing  = textre.MustCompile(`(?i)\b(?:ongoing|continues? to|continuing|remains? (?:down|offline|unavailable|unable|disrupted|ongoing)|still (?:experiencing|down|offline|unavailable|investigating|handling|supporting)|currently limiting|are still|is still|(?:is|are) (?:currently )?(?:down|offline|unavailable|inaccessible|not working))\b`)
	reResolved = textre.MustCompile(`(?i)\b(?:all (?:services|systems) (?:have been |are |were )?(?:restored|back online|back to normal)|fully (?:restored|operational|recovered)|back to normal|incident (?:has been|is|was) (?:resolved|closed))\b`)
	reContain  = textre.MustCompile(`(?i)\b(?:contained|under control|containment)\b`)
)

// sentStatus is the status a sentence of facts states by the cues of
// the story's fact language: "resolved", "ongoing", "contained" or "".
// (status and statusHistory both ask; s.match remembers the answers.)
func (x *extraction) sentStatus(s *sent) string {
	resolved, ongoing, contain := reResolved, reOngoing, reContain
	if c := cueLangs[x.factLang]; c != nil {
		resolved, ongoing, contain = c.resolved, c.ongoing, c.contained
	}
	switch {
	case s.match(resolved):
		return "resolved"
	case s.match(ongoing):
		return "ongoing"
	case s.match(contain):
		return "contained"
	}
	return ""
}

// status reads the latest documents: resolved when they say everything is
// restored and nothing is still down; ongoing when something continues;
// contained when contained; unknown otherwise.
func (x *extraction) status() (string, []model.Evidence) {
	var on, res, con []model.Evidence
	for _, s := range x.facts {
		switch x.sentStatus(s) {
		case "resolved":
			res = append(res, s.ev())
		case "ongoing":
			on = append(on, s.ev())
		case "contained":
			con = append(con, s.ev())
		}
	}
	latest := func(evs []model.Evidence) []model.Evidence {
		slices.SortStableFunc(evs, func(a, b model.Evidence) int { return cmp.Compare(x.rankOf(b.Doc), x.rankOf(a.Doc)) })
		return dedupEv(evs, 3)
	}
	switch {
	case len(res) > 0 && (len(on) == 0 || x.rankOf(latest(res)[0].Doc) > x.rankOf(latest(on)[0].Doc)):
		return "resolved", latest(res)
	case len(on) > 0:
		return "ongoing", latest(on)
	case len(con) > 0:
		return "contained", latest(con)
	}
	return "unknown", nil
}

// rankOf is a document's lateness: the later in the story, the higher.
// Follow-ups rank above the lead and its copies.
// statusHistory is the status each document reports by the cues of
// status (a document that says things are restored and nothing is still
// down is resolved), in order of publication, undated documents last in
// story order; a document that repeats the status before it adds
// nothing.
func (x *extraction) statusHistory() []model.StatusChange {
	type docStatus struct {
		doc      *model.Doc
		res, on  []model.Evidence
		con      []model.Evidence
		position int
	}
	byDoc := map[*model.Doc]*docStatus{}
	var order []*docStatus
	for _, s := range x.facts {
		ds := byDoc[s.doc]
		if ds == nil {
			ds = &docStatus{doc: s.doc, position: len(order)}
			byDoc[s.doc] = ds
			order = append(order, ds)
		}
		switch x.sentStatus(s) {
		case "resolved":
			ds.res = append(ds.res, s.ev())
		case "ongoing":
			ds.on = append(ds.on, s.ev())
		case "contained":
			ds.con = append(ds.con, s.ev())
		}
	}
	slices.SortStableFunc(order, func(a, b *docStatus) int {
		ta, tb := a.doc.Published, b.doc.Published
		switch {
		case ta.IsZero() != tb.IsZero():
			if ta.IsZero() {
				return 1
			}
			return -1
		case !ta.Equal(tb):
			return ta.Compare(tb)
		}
		return cmp.Compare(a.position, b.position)
	})
	var out []model.StatusChange
	for _, ds := range order {
		st, evs := "", []model.Evidence(nil)
		switch {
		case len(ds.res) > 0 && len(ds.on) == 0:
			st, evs = "resolved", ds.res
		case len(ds.on) > 0:
			st, evs = "ongoing", ds.on
		case len(ds.con) > 0:
			st, evs = "contained", ds.con
		default:
			continue
		}
		if n := len(out); n > 0 && out[n-1].Status == st {
			continue
		}
		date := ""
		if !ds.doc.Published.IsZero() {
			date = ds.doc.Published.UTC().Format("2006-01-02")
		}
		out = append(out, model.StatusChange{Date: date, Doc: ds.doc.ID, Status: st, Evidence: dedupEv(evs, 2)})
	}
	return out
}

func (x *extraction) rankOf(doc string) int {
	for i, d := range x.docs {
		if d.ID == doc {
			return i
		}
	}
	return -1
}

func (x *extraction) peopleList() []model.Person {
	type pe struct {
		e *entity
		p *personInfo
	}
	var ps []pe
	seen := map[*personInfo]bool{}
	// Full names first so surname entities fold into them.
	var es []*entity
	for e := range x.people {
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b *entity) int {
		if c := cmp.Compare(len(words(b.name())), len(words(a.name()))); c != 0 {
			return c
		}
		return cmp.Compare(a.name(), b.name())
	})
	for _, e := range es {
		p := x.people[e]
		if seen[p] || len(words(e.name())) < 2 {
			continue
		}
		seen[p] = true
		ps = append(ps, pe{e, p})
	}
	// Most mentioned first, so the common spelling leads a conflict.
	slices.SortStableFunc(ps, func(a, b pe) int { return cmp.Compare(len(b.e.refs), len(a.e.refs)) })
	var out []model.Person
	for _, q := range ps {
		org := q.p.org
		if q.p.orgEnt != nil {
			org = q.p.orgEnt.name()
		}
		out = append(out, model.Person{Name: q.e.name(), Role: q.p.role, Org: org, Evidence: dedupEv(q.p.ev, 3)})
	}
	// Spelling conflicts: two people of one organisation whose names are
	// near (Robert Davis / Rob Davies) are one person spelt two ways; the
	// spelling with more evidence leads.
	var merged []model.Person
	for _, p := range out {
		dup := false
		for i := range merged {
			m := &merged[i]
			if m.Org != "" && strings.EqualFold(m.Org, p.Org) && similarNames(m.Name, p.Name) {
				m.Variants = append(m.Variants, p.Name)
				m.Evidence = append(m.Evidence, p.Evidence...)
				dup = true
				break
			}
		}
		if !dup {
			merged = append(merged, p)
		}
	}
	slices.SortFunc(merged, func(a, b model.Person) int { return cmp.Compare(a.Name, b.Name) })
	return merged
}

// similarNames reports whether two full names are likely one person:
// first names share a prefix of three letters and surnames are within
// two edits.
func similarNames(a, b string) bool {
	wa, wb := words(strings.ToLower(a)), words(strings.ToLower(b))
	if len(wa) < 2 || len(wb) < 2 {
		return false
	}
	fa, fb := wa[0], wb[0]
	if len(fa) < 3 || len(fb) < 3 || fa[:3] != fb[:3] {
		return false
	}
	return editDistance(wa[len(wa)-1], wb[len(wb)-1]) <= 2
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(rb)]
}

var (
	reNoData = textre.MustCompile(`(?i)\bno (?:\w+ ){0,2}(?:data|information|details)(?: \w+){0,3}? (?:was|were|has been|have been|had been) (?:accessed|stolen|compromised|taken|exfiltrated|leaked)`)
	reBreach = textre.MustCompile(`(?i)\b(?:received (?:\w+ ){0,3}breach (?:report|notification|notice)s?|breach (?:report|notification|notice)s? (?:form )?(?:from|by)|(?:data|files|documents|records) (?:was|were|has been|have been|had been) (?:stolen|exfiltrated|leaked)|(?:published|leaked|posted|dumped) (?:the |some |a cache of )?(?:stolen |internal )?(?:data|files|documents|records)|(?:data|files|documents|records) (?:stolen|taken|exfiltrated) from)`)
	reDeny   = textre.MustCompile(`(?i)(?:(?:this|the) incident was not caused by (?:any of )?(?:our|its|their) (?:own )?systems|none of [\p{L}’']+ (?:own )?systems (?:were|was) (?:involved|affected|compromised)(?: in (?:this|the) incident)?|[\p{L}’']+ systems were unaffected|(?:was|were) not (?:to blame|responsible)|denies (?:blame|responsibility|involvement))`)
	reOrigin = textre.MustCompile(`(?i)\b(?:(?:very |most )?likely (?:that )?(?:this|it|that) is where the (?:incident|attack|breach) (?:occurred|started|began|happened)|(?:likely|probable) (?:point|source) of (?:entry|compromise)|is where the (?:incident|attack|breach) (?:occurred|originated))`)
)

// disputes pairs denials with what contradicts them: "no data was
// accessed" against breach reports or stolen data; "not caused by our
// systems" against an expert naming the provider as the point of entry.
func (x *extraction) disputes() []model.Dispute {
	var out []model.Dispute
	pair := func(claims, against []factHit, fixClaim func(string, string) string) {
		if len(claims) == 0 || len(against) == 0 {
			return
		}
		byOrg := map[string][]factHit{}
		var orgs []string
		for _, c := range claims {
			by := x.claimOrg(c.s, c.s.s.Text[c.i:c.j])
			if by == "" {
				continue
			}
			if _, ok := byOrg[by]; !ok {
				orgs = append(orgs, by)
			}
			byOrg[by] = append(byOrg[by], c)
		}
		for _, by := range orgs {
			// What contradicts a claim is told in a document that names
			// the claimant: a story that joined two incidents must not
			// set one's denial against the other's leak.
			var ag []factHit
			if ce := x.ents.get(by); ce != nil {
				for _, h := range against {
					if slices.ContainsFunc(ce.refs, func(r ref) bool { return r.s.doc == h.s.doc }) {
						ag = append(ag, h)
					}
				}
			}
			if len(ag) == 0 {
				continue
			}
			a := ag[0]
			aBy := x.claimOrg(a.s, a.s.s.Text[a.i:a.j])
			if strings.EqualFold(by, aBy) {
				continue
			}
			hs := byOrg[by]
			d := model.Dispute{
				Claim:     fixClaim(hs[0].s.s.Text[hs[0].i:hs[0].j], by),
				By:        by,
				Against:   a.s.s.Text,
				AgainstBy: aBy,
			}
			for _, h := range hs {
				d.Evidence = append(d.Evidence, h.s.evAt(h.i, h.j))
			}
			for _, h := range ag {
				d.AgainstEvidence = append(d.AgainstEvidence, h.s.evAt(h.i, h.j))
			}
			d.Evidence, d.AgainstEvidence = dedupEv(d.Evidence, 5), dedupEv(d.AgainstEvidence, 5)
			out = append(out, d)
		}
	}
	lower := func(s, _ string) string { return lowerFirst(s) }
	dc := englishDisputes
	fixDeny := func(s, by string) string {
		s = reOwnSystems.ReplaceAllString(s, by+"'s$1 systems")
		s = reThisIncident.ReplaceAllString(s, "the incident")
		return lowerFirst(strings.ReplaceAll(s, "’", "'"))
	}
	if c := cueLangs[x.factLang]; c != nil {
		dc, fixDeny = c.disputes, lower
	}
	// A denial is no breach report: "no data was stolen from its systems"
	// contradicts nothing.
	var breaches []factHit
	for _, h := range x.findFacts(dc.breach) {
		if !dc.negated(h.s.s.Text, h.i, h.j) {
			breaches = append(breaches, h)
		}
	}
	pair(x.findFacts(dc.noData), breaches, lower)
	pair(x.findFacts(dc.deny), x.findFacts(dc.origin), fixDeny)
	return out
}

// disputeCues are a language's cues of the disputes casefile keeps: a
// denial that data was taken against a breach report, a denial of blame
// against an expert naming the point of entry.
type disputeCues struct {
	noData, breach, deny, origin, negBefore *textre.Regexp
}

var englishDisputes = disputeCues{noData: reNoData, breach: reBreach, deny: reDeny, origin: reOrigin, negBefore: reNegBefore}

// Compiled once: these ran in the functions below, compiled per call.
var (
	reOwnSystems    = textre.MustCompile(`(?i)\b(?:our|its|their)( own)? systems`)
	reThisIncident  = textre.MustCompile(`(?i)^this incident`)
	reUnknownNature = textre.MustCompile(`(?i)nature of which remains unknown|unspecified`)
	reCyberAttack   = textre.MustCompile(`(?i)cyber[- ]?(?:attack|incident)`)
)

var reNegBefore = textre.MustCompile(`(?i)(?:\b(?:no|not|never|any|without|den(?:y|ies|ied))|n[’']t)(?:\s+[\p{L}’']+){0,3}\s+$`)

// negated reports whether the phrase at [i, j) of t is denied: inside a
// "no data was accessed" claim, or after a negation ("denied that any
// data was stolen").
func (dc disputeCues) negated(t string, i, j int) bool {
	for _, m := range dc.noData.FindAllStringIndex(t, -1) {
		if m[0] < j && i < m[1] {
			return true
		}
	}
	return dc.negBefore.MatchString(t[:i])
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && !isAcronym(string(r[:2])) {
		r[0] = []rune(strings.ToLower(string(r[0])))[0]
	}
	return string(r)
}

// claimOrg is the organisation behind a statement: a victim, provider
// or agency named in the sentence, the organisation whose systems the
// claim names, or the speaker's organisation.
func (x *extraction) claimOrg(s *sent, claim string) string {
	// "none of Pellworth’s own systems": the claim names its owner.
	for _, m := range mentions(claim) {
		if e := x.ents.get(m.text); e != nil && m.poss && x.people[e] == nil {
			return e.name()
		}
	}
	// A person quoted in the sentence speaks for their organisation,
	// whatever organisations the sentence is about ("files stolen from
	// Halden Water, said Oskar Lindqvist, an analyst at Fenwick Labs").
	refs := x.entitiesIn(s)
	for _, r := range refs {
		if e := x.ents.get(r.text); e != nil && x.people[e] != nil && !strings.Contains(claim, r.text) {
			if o := x.orgOf(r.text); o != "" {
				return o
			}
		}
	}
	for _, r := range refs {
		if strings.Contains(claim, r.text) {
			continue
		}
		e := x.ents.get(r.text)
		if e == nil || x.people[e] != nil {
			continue
		}
		if x.victims[e] != nil || x.providers[e] != "" || x.agencies[e] != "" || x.firms[e] {
			return e.name()
		}
	}
	// "the company said", "he said": the paragraph's speaker or the
	// organisation the paragraph is about.
	if p := x.paragraphSpeaker(s); p != "" {
		if o := x.orgOf(p); o != "" {
			return o
		}
	}
	for _, o := range x.sents {
		if o.doc != s.doc || o.para != s.para || o.s.Start > s.s.Start {
			continue
		}
		for _, r := range x.entitiesIn(o) {
			if e := x.ents.get(r.text); e != nil && (x.providers[e] != "" || x.victims[e] != nil || x.agencies[e] != "") {
				return e.name()
			}
		}
	}
	return ""
}

var (
	rePopulation = textre.MustCompile(`(?i)\b(?:population of|home to|serving|serve|affecting)\s+((?:(?:almost|about|around|nearly|roughly|just under|more than|over|some|up to)\s+)?\d[\d,.]*(?:\s+(?:million|thousand))?\s+(?:residents|people|citizens|customers|patients|users|inhabitants))`)
)

// affected is the stated number of people affected.
func (x *extraction) affected() (string, []model.Evidence) {
	for _, s := range x.en {
		if m := rePopulation.FindStringSubmatchIndex(s.s.Text); m != nil {
			return s.s.Text[m[2]:m[3]], []model.Evidence{s.evAt(m[2], m[3])}
		}
	}
	return "", nil
}

func (x *extraction) related() []model.Related {
	var out []model.Related
	for e, evs := range x.precedent {
		out = append(out, model.Related{Victim: e.name(), Evidence: dedupEv(evs, 3)})
	}
	slices.SortFunc(out, func(a, b model.Related) int { return cmp.Compare(a.Victim, b.Victim) })
	return out
}

var attackTypes = []struct {
	name string
	re   *textre.Regexp
}{
	{"ransomware", textre.MustCompile(`(?i)\bransomware\b`)},
	{"ddos", textre.MustCompile(`(?i)\b(?:ddos|denial[- ]of[- ]service)\b`)},
	{"phishing", textre.MustCompile(`(?i)\bphishing\b`)},
	{"vulnerability exploitation", textre.MustCompile(`(?i)\bexploit(?:ation|ed)\b`)},
	{"data breach", textre.MustCompile(`(?i)\bdata breach\b|\bbreach report`)},
}

// attackType is the first attack type the story names, in order of
// specificity; "unknown" when the story says the nature is unknown.
func (x *extraction) attackType() string {
	var all strings.Builder
	for _, s := range x.facts {
		all.WriteString(s.s.Text)
		all.WriteByte(' ')
	}
	t := all.String()
	if c := cueLangs[x.factLang]; c != nil {
		for _, a := range c.attackTypes {
			if a.re.MatchString(t) {
				return a.name
			}
		}
		if c.cyberAttack.MatchString(t) {
			return "unknown"
		}
		return ""
	}
	for _, a := range attackTypes {
		if a.re.MatchString(t) && (a.name != "vulnerability exploitation" || !reUnknownNature.MatchString(t)) {
			return a.name
		}
	}
	if reCyberAttack.MatchString(t) {
		return "unknown"
	}
	return ""
}
