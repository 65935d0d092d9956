// Package story clusters documents about the same incident across
// languages and time, and says how each one relates to the story's lead:
// original, copy or translation (from dedup), follow-up by the same
// outlet, or an independent report by another.
package story

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/parallel"
	"github.com/casefile/casefile/internal/textre"
)

// Options tunes clustering; the zero value means the defaults.
type Options struct {
	// Threshold is the similarity a unit (a dedup group) needs to join a
	// story (default 0.25); see AssignOptions.
	Threshold float64
	// MaxDays is the largest gap between a dated unit and a dated story
	// (default 60).
	MaxDays float64
	// Assign holds the assigner's other options; Threshold and MaxDays
	// above take precedence when set.
	Assign AssignOptions
	// Cache, if set, keeps units' text features from one Cluster to the
	// next (see Cache).
	Cache *Cache
	// DocKeys, with Cache, fingerprints each document's content (by id),
	// as the caller knows it; units are then keyed by them instead of by
	// encoding their documents.
	DocKeys map[string][32]byte
	// Workers caps the goroutines that extract units' features (0:
	// GOMAXPROCS). The result does not depend on it.
	Workers int
	// Stats, if set, gives the term statistics (IDF) instead of the
	// units clustered: an incremental ingest clusters a neighbourhood of
	// the corpus with the statistics of the whole corpus, which it keeps
	// (and counts new units into) itself. Cluster only reads it.
	Stats *Stats
}

func (o Options) assign() AssignOptions {
	a := o.Assign
	if o.Threshold != 0 {
		a.Threshold = o.Threshold
	}
	if o.MaxDays != 0 {
		a.MaxDays = o.MaxDays
	}
	return a.withDefaults()
}

// Window is the largest gap in days between a dated unit and a dated
// story for them to be compared (MaxDays with its default).
func (o Options) Window() float64 { return o.assign().MaxDays }

// VictimWindow is the largest gap in days over which a unit and a
// story naming the same victim are compared (0 when that is off); see
// AssignOptions.VictimDays.
func (o Options) VictimWindow() float64 { return max(o.assign().VictimDays, 0) }

// RareVictim reports whether victim key k (see IsVictim) is rare enough
// under stats to link a unit and a story across time, as the assigner
// judges it.
func (o Options) RareVictim(stats *Stats, k uint32) bool {
	return rareVictim(stats, k, o.assign().VictimDocShare)
}

// Result is the clustering of a document set.
type Result struct {
	Stories   []model.Story
	StoryOf   map[string]string         // document id → story id
	Relations map[string]model.Relation // document id → relation
	// Merges lists, in the order they happened, the stories that were
	// merged into others when a later unit brought them together.
	Merges []model.StoryMerge
}

// unit is one dedup group: an article and its copies and translations.
type unit struct {
	g      dedup.Group
	docs   []*model.Doc
	lead   *model.Doc
	outlet string
	later  int   // count of cues that the text follows earlier reports
	pub    int64 // earliest publication (unix), 0 if unknown
	f      Features
	vec    []Term  // weighted vector
	score  float64 // similarity to its story when it joined (0 if it started one)
}

// Cluster groups docs into stories. Groups from dedup stay whole. Units
// (dedup groups) go through an online Assigner in a canonical order
// (dated units by date, then undated ones, ties by id), so the result does
// not depend on the order of docs; the same assigner fed in arrival order
// gives nearly the same stories (see docs/ARCHITECTURE.md).
func Cluster(docs []model.Doc, groups []dedup.Group, opt Options) Result {
	return clusterUnits(docs, groups, opt, nil, false)
}

// ClusterArrival is Cluster as if the units had arrived one by one in the
// order of arrival (document id → position; a unit arrives with its
// first member), each assigned before the next: what an online
// deployment would compute. With cold set, term statistics grow as units
// arrive too (a deployment starting empty); otherwise they are those of
// the whole set (a deployment warmed on a background corpus). Comparing
// it with Cluster measures how much arrival order matters.
func ClusterArrival(docs []model.Doc, groups []dedup.Group, opt Options, arrival map[string]int, cold bool) Result {
	return clusterUnits(docs, groups, opt, arrival, cold)
}

func clusterUnits(docs []model.Doc, groups []dedup.Group, opt Options, arrival map[string]int, cold bool) Result {
	byID := map[string]*model.Doc{}
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	units := make([]*unit, 0, len(groups))
	stats, observe := opt.Stats, opt.Stats == nil
	if observe {
		stats = NewStats()
	}
	prev := opt.Cache.take()
	var next map[[32]byte]*unitText
	if opt.Cache != nil {
		next = make(map[[32]byte]*unitText, len(groups))
	}
	var keys [][32]byte
	var texts []*unitText
	for _, g := range groups {
		u := &unit{g: g}
		for _, id := range g.Members {
			if d := byID[id]; d != nil {
				u.docs = append(u.docs, d)
			}
		}
		u.lead = byID[g.Original]
		if u.lead == nil {
			continue
		}
		for _, d := range u.docs {
			if !d.Published.IsZero() {
				p := d.Published.Unix()
				if u.pub == 0 || p < u.pub {
					u.pub = p
				}
			}
		}
		var key [32]byte
		var text *unitText
		if opt.Cache != nil {
			key = unitKey(u.lead, u.docs, opt.DocKeys)
			text = prev[key]
		}
		units = append(units, u)
		keys = append(keys, key)
		texts = append(texts, text)
	}
	// The units' features, on Workers goroutines: each unit's slot is
	// written by one.
	parallel.For(opt.Workers, len(units), func(_, i int) {
		if texts[i] == nil {
			texts[i] = textOf(units[i])
		}
	})
	for i, u := range units {
		text := texts[i]
		if next != nil {
			next[keys[i]] = text
		}
		u.f = Features{Bag: text.bag, Day: NoDay}
		for _, d := range u.docs {
			u.f.Langs |= LangBit(d.Lang)
		}
		if u.pub != 0 {
			u.f.Day = int32(math.Floor(float64(u.pub) / 86400))
		}
		if observe && !cold {
			stats.Observe(u.f.Bag)
		}
		u.outlet, u.later = text.outlet, text.later
	}
	opt.Cache.put(next)
	slices.SortFunc(units, func(a, b *unit) int {
		if (a.pub == 0) != (b.pub == 0) {
			if a.pub == 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(a.f.Day, b.f.Day); c != 0 {
			return c
		}
		return cmp.Compare(a.lead.ID, b.lead.ID)
	})
	if arrival != nil {
		first := func(u *unit) int {
			r := math.MaxInt
			for _, id := range u.g.Members {
				if p, ok := arrival[id]; ok {
					r = min(r, p)
				}
			}
			return r
		}
		slices.SortStableFunc(units, func(a, b *unit) int { return cmp.Compare(first(a), first(b)) })
	}
	as := NewAssigner(stats, opt.assign())
	storyOf := make([]int, len(units))
	type merge struct {
		m     Merge
		into  []*unit // members of each side when merged
		from  []*unit
		byDoc string
	}
	var merges []merge
	members := map[int][]*unit{}
	for i, u := range units {
		runtime.Gosched() // as above
		if observe && cold {
			stats.Observe(u.f.Bag)
		}
		dec := as.Add(u.f)
		u.vec = as.Vector(u.f)
		u.score = dec.Score
		for _, m := range dec.Merged {
			merges = append(merges, merge{m: m, into: slices.Clone(members[m.Into]), from: slices.Clone(members[m.From]), byDoc: u.lead.ID})
			members[m.Into] = append(members[m.Into], members[m.From]...)
			delete(members, m.From)
		}
		storyOf[i] = dec.Story
		members[dec.Story] = append(members[dec.Story], u)
	}
	res := Result{StoryOf: map[string]string{}, Relations: map[string]model.Relation{}}
	for _, us := range members {
		res.Stories = append(res.Stories, relate(us, as, &res))
	}
	slices.SortFunc(res.Stories, func(a, b model.Story) int { return cmp.Compare(a.ID, b.ID) })
	index := map[string]int{}
	for i, st := range res.Stories {
		index[st.ID] = i
	}
	for _, m := range merges {
		lead := func(us []*unit) string { return storyID(leadOf(us).lead.ID) }
		sm := model.StoryMerge{
			Into: lead(m.into), From: lead(m.from), Story: res.StoryOf[m.byDoc], By: m.byDoc, Score: round2(m.m.Score),
			Why: fmt.Sprintf("%s matched both stories; their centroids are alike (%.2f)", m.byDoc, m.m.Score),
		}
		res.Merges = append(res.Merges, sm)
		st := &res.Stories[index[sm.Story]]
		st.Merges = append(st.Merges, sm)
	}
	return res
}

// textOf computes a unit's text features.
func textOf(u *unit) *unitText {
	outlets := make([]map[string]int, len(u.docs))
	text := &unitText{bag: bagOf(u.docs, outlets)}
	// The outlet of a group is the one its original names, else any
	// member's (a scraper may have renamed it in a translation).
	if i := slices.Index(u.docs, u.lead); i >= 0 {
		text.outlet = outletOf(outlets[i])
	} else {
		text.outlet = Outlet(u.lead.Text)
	}
	for i := range u.docs {
		if text.outlet == "" {
			text.outlet = outletOf(outlets[i])
		}
	}
	text.later = laterCues(u.lead.Text)
	return text
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// leadOf sorts a story's units, lead first, and returns the lead: the
// earliest published if all are dated; otherwise the one with the fewest
// signs of following earlier reports, then the most copies and
// translations (the article that spread), then the longest.
func leadOf(us []*unit) *unit {
	dated := true
	for _, u := range us {
		if u.pub == 0 {
			dated = false
		}
	}
	slices.SortFunc(us, func(a, b *unit) int {
		if dated && a.pub != b.pub {
			return cmp.Compare(a.pub, b.pub)
		}
		if a.later != b.later {
			return cmp.Compare(a.later, b.later)
		}
		if len(a.g.Members) != len(b.g.Members) {
			return cmp.Compare(len(b.g.Members), len(a.g.Members))
		}
		if la, lb := len(a.lead.Text), len(b.lead.Text); la != lb {
			return cmp.Compare(lb, la)
		}
		return cmp.Compare(a.lead.ID, b.lead.ID)
	})
	return us[0]
}

// relate orders a story's units, picks its lead and sets each document's
// relation and the story's explanations.
func relate(us []*unit, as *Assigner, res *Result) model.Story {
	lead := leadOf(us)
	st := model.Story{ID: storyID(lead.lead.ID), Why: map[string]string{}}
	for k, u := range us {
		for _, id := range u.g.Members {
			st.Docs = append(st.Docs, id)
			res.StoryOf[id] = st.ID
		}
		for id, r := range u.g.Rel {
			res.Relations[id] = r
			st.Why[id] = fmt.Sprintf("%s of %s: %s", r.Type, r.Of, r.Why)
		}
		if k == 0 {
			res.Relations[u.lead.ID] = model.Relation{Type: model.RelOriginal}
			st.Why[u.lead.ID] = "lead article of the story"
			continue
		}
		r := model.Relation{Type: model.RelIndependent}
		if sameOutlet(u.outlet, lead.outlet) {
			r = model.Relation{Type: model.RelFollowUp, Of: lead.lead.ID,
				Why: fmt.Sprintf("same outlet (%s), later report with new text", u.outlet)}
		} else if u.outlet != "" {
			r.Why = fmt.Sprintf("another outlet (%s) on the same story", u.outlet)
		}
		res.Relations[u.lead.ID] = r
		st.Why[u.lead.ID] = fmt.Sprintf("%s; %s", r.Type, explain(u, us, as))
	}
	slices.Sort(st.Docs)
	return st
}

// explain says why unit u is in the story of us: its similarity to the
// story when it joined, and its closest fellow member with the anchors
// and words they share.
func explain(u *unit, us []*unit, as *Assigner) string {
	var best *unit
	bs := -1.0
	for _, v := range us {
		if v == u {
			continue
		}
		if s := as.Similarity(u.vec, v.vec, u.f.Day, v.f.Day); s > bs || s == bs && v.lead.ID < best.lead.ID {
			best, bs = v, s
		}
	}
	var b strings.Builder
	if u.score > 0 {
		fmt.Fprintf(&b, "joined at similarity %.2f; ", u.score)
	} else {
		b.WriteString("arrived before the lead (undated, or a merge of stories); ")
	}
	fmt.Fprintf(&b, "closest: %s (%.2f", best.lead.ID, bs)
	if u.pub != 0 && best.pub != 0 {
		fmt.Fprintf(&b, ", %.0f days apart", math.Abs(float64(u.pub-best.pub))/86400)
	}
	b.WriteString(")")
	names, words := shared(u, best, 6)
	if len(names) > 0 {
		fmt.Fprintf(&b, "; shared names: %s", strings.Join(names, ", "))
	}
	if len(words) > 0 {
		fmt.Fprintf(&b, "; shared words: %s", strings.Join(words, ", "))
	}
	return b.String()
}

// shared lists the heaviest anchors and words two units share, as
// written in u.
func shared(u, v *unit, n int) (names, words []string) {
	inV := map[uint32]float32{}
	for _, t := range v.vec {
		inV[t.Key] = t.W
	}
	type kw struct {
		k uint32
		w float32
	}
	var common []kw
	for _, t := range u.vec {
		if w, ok := inV[t.Key]; ok {
			common = append(common, kw{t.Key, t.W * w})
		}
	}
	slices.SortFunc(common, func(a, b kw) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.k, b.k)
	})
	surf := surfaces(u.docs)
	for _, c := range common {
		s, ok := surf[c.k]
		if !ok {
			continue
		}
		if space(c.k) == 1 && len(names) < n {
			names = append(names, s)
		} else if space(c.k) == 0 && len(words) < n {
			words = append(words, s)
		}
	}
	return names, words
}

// surfaces maps feature keys back to a form as written, for explanations.
func surfaces(docs []*model.Doc) map[uint32]string {
	out := map[uint32]string{}
	for _, d := range docs {
		stem := stemmer(d.Lang)
		for t := range strings.FieldsSeq(fold.Words(d.Title + " " + d.Text)) {
			k := wordKey(d.Lang, stem, t)
			if _, ok := out[k]; !ok {
				out[k] = t
			}
		}
		for _, a := range d.Anchors {
			if _, ok := out[AnchorKey(a.Key)]; !ok {
				out[AnchorKey(a.Key)] = a.Surface
			}
		}
		for _, w := range analyzeTitle(d) {
			if _, ok := out[AnchorKey(w)]; !ok {
				out[AnchorKey(w)] = w
			}
		}
	}
	return out
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func storyID(lead string) string {
	h := sha256.Sum256([]byte(lead))
	return "s-" + hex.EncodeToString(h[:6])
}

// outletPatterns find the publication that reports a story: the name
// that statements are made to, or that reports what it "understands".
var outletPatterns = []*textre.Regexp{
	textre.MustCompile(`\b(?:told|telling|confirmed to|contacted by|reached by|questions from|statement with|(?:statement|email|e-mail|comment|response)s?(?:\s+(?:given|sent|provided|emailed))?\s+to)\s+(?:the\s+)?((?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}?)(?:[’']s)?(?:\s*[:,.;]|\s+[a-z])`),
	textre.MustCompile(`\b((?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:understands|has learned|has learnt|found|has contacted|contacted|reached out|has reached out|was unable|has asked|asked)\b`),
}

// outletAlphabets are the alphabets of outletPatterns (see runsOf).
var outletAlphabets = func() (as []*alphabet) {
	for _, re := range outletPatterns {
		a := alphabetOf(re.Regexp)
		if a == nil {
			panic("story: an outlet pattern matches any text")
		}
		as = append(as, a)
	}
	return as
}()

// Outlet guesses which publication wrote text from how it refers to
// itself ("told TechCrunch", "the Ledger understands"): the name used that
// way most often, a short form counting for the full name the text also
// uses ("the Gazette" for "the Harbour Gazette"). It returns "" when no
// name is.
func Outlet(text string) string { return outletOf(Outlets(text)) }

// outletOf is Outlet of the counts Outlets returns.
func outletOf(counts map[string]int) string {
	best, bn := "", 0
	for name, c := range counts {
		longer := false
		for other, oc := range counts {
			if shortForm(other, name) {
				c += oc
			}
			longer = longer || shortForm(name, other)
		}
		if longer {
			continue
		}
		if c > bn || (c == bn && name < best) {
			best, bn = name, c
		}
	}
	return best
}

// sameOutlet reports whether two outlet names name one publication: equal
// but for case, or one the short form of the other.
func sameOutlet(a, b string) bool {
	return a != "" && b != "" && (strings.EqualFold(a, b) || shortForm(a, b) || shortForm(b, a))
}

// shortForm reports whether short is the last words of long ("Gazette"
// of "Harbour Gazette").
func shortForm(short, long string) bool {
	return len(short) < len(long) && strings.HasSuffix(strings.ToLower(long), " "+strings.ToLower(short))
}

// Outlets counts the names text uses the way a publication refers to
// itself or to other publications ("told X", "X understands").
func Outlets(text string) map[string]int {
	c, ok := canonText(text)
	return outletCounts(text, c, ok)
}

// outletCounts is Outlets, given canonText of text.
func outletCounts(text, canon string, canonOK bool) map[string]int {
	counts := map[string]int{}
	for i, re := range outletPatterns {
		var ms [][]string
		// The matches in each run of the characters a match can hold:
		// those in text, found on less text. The runs without any of
		// re's literals are known from one search of the whole text
		// (see literalHits).
		var hits *literalHits
		if canonOK {
			hits = newLiteralHits(canon, re.Literals())
		}
		runsOf(text, outletAlphabets[i], func(at int, run string) {
			if hits == nil {
				ms = append(ms, re.FindAllStringSubmatch(run, -1)...)
			} else if hits.within(at, at+len(run)) {
				ms = append(ms, re.Regexp.FindAllStringSubmatch(run, -1)...)
			}
		})
		for _, m := range ms {
			countOutlet(counts, m, i)
		}
	}
	return counts
}

// countOutlet counts in counts the publication that m, a match of
// outletPatterns[i], names, unless it names none.
func countOutlet(counts map[string]int, m []string, i int) {
	name := outletName(m[1], i == 0)
	words := strings.Fields(name)
	if len(words) > 1 && words[0] == "The" && selfRef.MatchString(m[0]) {
		// "The Ledger understands" opens a sentence.
		words = words[1:]
	}
	if len(words) == 0 || outletStop[strings.ToLower(words[0])] {
		return
	}
	counts[strings.Join(words, " ")]++
}

// selfRef ends the matches of the second pattern in which a publication
// speaks of itself.
var selfRef = regexp.MustCompile(`(?:understands|has learned|has learnt)$`)

// paraBreak separates paragraphs.
var paraBreak = regexp.MustCompile(`\n[ \t]*\n`)

// outletName cleans the name a pattern caught: names do not run across a
// paragraph or a sentence ("Hastings.\n\nTechCrunch understands"), so it
// keeps the part before the first break when the name follows its cue
// ("told X"), else the part after the last one; and it drops a
// possessive ("the Gazette's reporter").
func outletName(s string, first bool) string {
	parts := paraBreak.Split(s, -1)
	part := parts[len(parts)-1]
	if first {
		part = parts[0]
	}
	words := strings.Fields(part)
	// A word that ends a sentence: "Hastings." but not "U.K.".
	ends := func(w string) bool { return strings.HasSuffix(w, ".") && strings.Count(w, ".") == 1 }
	if first {
		for i, w := range words[:max(len(words)-1, 0)] {
			if ends(w) {
				words[i] = strings.TrimSuffix(w, ".")
				words = words[:i+1]
				break
			}
		}
	} else {
		for i := len(words) - 2; i >= 0; i-- {
			if ends(words[i]) {
				words = words[i+1:]
				break
			}
		}
	}
	if n := len(words); n > 0 {
		words[n-1] = strings.TrimSuffix(strings.TrimSuffix(words[n-1], "'s"), "’s")
	}
	return strings.Join(words, " ")
}

var outletStop = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "the": true,
	"this": true, "that": true, "a": true, "an": true, "who": true, "which": true, "police": true,
}

// laterCues counts phrases showing that a text follows earlier reports.
var laterRe = textre.MustCompile(`(?i)\b(?:last week|a week (?:after|later|on)|days (?:after|later)|weeks (?:after|later)|(?:has|have) now been|remains? (?:down|offline|unavailable|unable|disrupted)|continues? to (?:experience|cause|investigate)|reiterated|updated (?:notice|statement)|earlier this (?:week|month)|as previously reported|previously reported|follow(?:s|ed)? (?:up|our report))\b`)

func laterCues(text string) int {
	n := 0
	runsOf(text, laterAlphabet, func(_ int, run string) { n += len(laterRe.FindAllStringIndex(run, -1)) })
	return n
}

// laterAlphabet is laterRe's (see runsOf).
var laterAlphabet = alphabetOf(laterRe.Regexp)
