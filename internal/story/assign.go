package story

import (
	"cmp"
	"math"
	"slices"
)

// AssignOptions tunes the online assigner; the zero value means the
// defaults.
type AssignOptions struct {
	// Threshold is the similarity (cosine of IDF-weighted words and
	// anchors, times the time decay) a unit needs to join a story
	// (default 0.25).
	Threshold float64
	// UndatedThreshold replaces Threshold when the unit or the story is
	// undated: without time to corroborate, the text must say more
	// (default Threshold + 0.15).
	UndatedThreshold float64
	// MergeThreshold is the similarity two stories' centroids need to
	// merge when a unit matches both (default Threshold + 0.05).
	MergeThreshold float64
	// BridgeMargin is how far below the joining threshold a unit's
	// similarity to a second story may be for the unit to count as
	// matching both, so that the two stories' centroids are compared
	// for a merge (default 0.1; negative for none). The centroids must
	// still reach MergeThreshold: the unit is a hint that two stories
	// may be one, the centroids decide.
	BridgeMargin float64
	// MaxDays is the largest gap between a dated unit and a dated story's
	// date range for them to be compared at all (default 60).
	MaxDays float64
	// GraceDays is the gap that costs nothing; beyond it the similarity
	// decays exponentially with DecayDays (defaults 7 and 30).
	GraceDays, DecayDays float64
	// VectorTerms is the number of terms kept per unit and per story
	// centroid (default 64); IndexTerms the number under which a story is
	// indexed and with which a unit queries (default 16); PostingCap the
	// most stories kept per index key, newest first (default 128);
	// Candidates the most stories scored per unit (default 64). Together
	// they bound the cost of one assignment whatever the number of stories.
	VectorTerms, IndexTerms, PostingCap, Candidates int
	// MinShared is the number of terms a unit must share with a story
	// (and two stories with each other) to be compared (default 4): one or
	// two common words must not tie short texts together.
	MinShared int
	// Weights weigh the cosines of words, anchors and salient anchors
	// (default 1, 2, 1: anchors are what stories share most reliably,
	// and all that is shared across languages).
	Weights [numSpaces]float64
	// VictimDays is the largest gap in days over which a unit and a
	// story that report the same name as attacked, or name the same
	// CVE id (see IsVictim), are compared without time decay (default
	// 400): an indictment, a settlement or a cost estimate months after
	// an attack is about that attack, and a report on a flaw's
	// exploitation weeks after its disclosure is about that flaw. Their similarity must then reach VictimThreshold
	// (default MergeThreshold), as two stories must to merge. Negative turns
	// this off.
	VictimDays      float64
	VictimThreshold float64
	// VictimDocShare is the largest share of units that may name a
	// victim for it to link a unit and a story across time (default
	// 0.03, with IDF's smoothing).
	VictimDocShare float64
	// SalientBreadth is the effective number of shared salient anchors
	// at which their cosine counts in full (default 2); with fewer it
	// shrinks in proportion (see cosine). Negative turns this off.
	SalientBreadth float64
}

func (o AssignOptions) withDefaults() AssignOptions {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	defi := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if o.Weights == [numSpaces]float64{} {
		o.Weights = [numSpaces]float64{1, 2, 1}
	}
	def(&o.Threshold, 0.25)
	def(&o.SalientBreadth, 2)
	def(&o.UndatedThreshold, o.Threshold+0.15)
	def(&o.MergeThreshold, o.Threshold+0.05)
	def(&o.VictimDays, 400)
	def(&o.VictimThreshold, o.MergeThreshold)
	def(&o.VictimDocShare, 0.03)
	def(&o.BridgeMargin, 0.1)
	def(&o.MaxDays, 60)
	def(&o.GraceDays, 7)
	def(&o.DecayDays, 30)
	defi(&o.VectorTerms, 64)
	defi(&o.MinShared, 4)
	defi(&o.IndexTerms, 16)
	defi(&o.PostingCap, 128)
	defi(&o.Candidates, 64)
	return o
}

// Stats holds document frequencies of terms, for IDF weights.
type Stats struct {
	df map[uint32]int32
	n  int
}

// NewStats returns empty statistics.
func NewStats() *Stats { return &Stats{df: map[uint32]int32{}} }

// Observe counts a unit's terms.
func (s *Stats) Observe(b Bag) {
	s.n++
	for _, t := range b {
		s.df[t.Key]++
	}
}

// Units is the number of units observed.
func (s *Stats) Units() int { return s.n }

// minDF is the document frequency a term needs to count.
const minDF = 2

// priorUnits is a pseudo-count of units that have none of the terms: a
// small corpus (the five documents of one incident) must not make the
// terms its documents share worthless.
const priorUnits = 50

// IDF is the smoothed inverse document frequency of a term's key.
func (s *Stats) IDF(k uint32) float64 { return s.idf(k) }

// idf is the smoothed inverse document frequency of a key.
func (s *Stats) idf(k uint32) float64 {
	return math.Log(float64(s.n+priorUnits+1) / float64(s.df[k]+1))
}

// Weigh turns a bag into a vector: counts times IDF, the k heaviest
// words, k/2 heaviest anchors and k/4 heaviest salient anchors, sorted by
// key. Each space is scaled so that the unit's weight in it has norm 1,
// terms no other unit has included: those are left out of the vector,
// as they match nothing, but they still count in the norm, so that a
// unit sharing one name among many of its own (a city named in passing
// by a report about something else) matches others less than one that
// shares most of its names. The vector's norm in a space is thus the
// share of the unit's weight that other units can match (see own below
// for small corpora).
func (s *Stats) Weigh(b Bag, k int) []Term {
	v := make([]Term, 0, len(b))
	var n [numSpaces]float64
	// In a small corpus most terms are any unit's own, and say little
	// about whether others could match them: their weight in the norm
	// shrinks with the same prior as IDF, n/(n+priorUnits).
	own := float64(s.n) / float64(s.n+priorUnits)
	for _, t := range b {
		if t.Key&spaceMask == victimSpace {
			continue // victims and renewKey: not weighed
		}
		w := float64(t.W) * s.idf(t.Key)
		if w <= 0 {
			continue
		}
		if s.df[t.Key] < minDF {
			u := w * own
			n[space(t.Key)] += u * u
			continue
		}
		v = append(v, Term{t.Key, float32(w)})
	}
	v = truncate(v, k)
	for _, t := range v {
		n[space(t.Key)] += float64(t.W) * float64(t.W)
	}
	for i := range v {
		v[i].W = float32(float64(v[i].W) / math.Sqrt(n[space(v[i].Key)]))
	}
	return v
}

// unitNorms is the norm of each space of a vector from Weigh, as
// cosine needs it: 1 where the vector has terms (its whole weight,
// unmatched terms included), 0 elsewhere.
func unitNorms(v []Term) [numSpaces]float64 {
	var n [numSpaces]float64
	for _, t := range v {
		n[space(t.Key)] = 1
	}
	return n
}

// truncate keeps the heaviest terms of each space of a key-sorted
// vector: k words, k/2 anchors, k/4 salient anchors.
func truncate(v []Term, k int) []Term {
	limits := [numSpaces]int{k, max(k/2, 1), max(k/4, 1)}
	out := v[:0:0]
	for i := 0; i < len(v); {
		sp := space(v[i].Key)
		j := i
		for j < len(v) && space(v[j].Key) == sp {
			j++
		}
		part := slices.Clone(v[i:j])
		out = append(out, topTerms(part, limits[sp])...)
		i = j
	}
	return out
}

// norms returns the L2 norm of each space of a vector.
func norms(v []Term) [numSpaces]float64 {
	var n [numSpaces]float64
	for _, t := range v {
		n[space(t.Key)] += float64(t.W) * float64(t.W)
	}
	for i := range n {
		n[i] = math.Sqrt(n[i])
	}
	return n
}

// cosine is the weighted mean over spaces of the cosine of a and b in
// each space, given their norms per space.
//
// When words cannot match (no language in common) their space is left
// out: a report in another language is judged by its anchors alone.
//
// The salient-anchor cosine is scaled down when it rests on fewer than
// breadth anchors (counted as the effective number of terms its dot
// product is made of): one shared salient name, such as the country,
// the vendor or the research firm two reports lead with, makes that
// cosine high on its own, and is what unrelated stories share most
// often.
func cosine(a, b []Term, na, nb [numSpaces]float64, w [numSpaces]float64, words bool, breadth float64) (float64, int) {
	d, sq, shared := dots(a, b, words)
	var s, sw float64
	for i := range d {
		if i == 0 && !words {
			continue
		}
		sw += w[i]
		if na[i] > 0 && nb[i] > 0 {
			c := d[i] / na[i] / nb[i]
			if i == 2 {
				c *= breadthFactor(d[i], sq[i], breadth)
			}
			s += w[i] * c
		}
	}
	if sw == 0 {
		return 0, shared
	}
	return s / sw, shared
}

// breadthFactor is min(1, n/breadth) for the effective number n of
// terms a dot product is made of, (Σp)²/Σp² over the products p of the
// shared terms: 1 for one shared term, k for k equal contributions.
func breadthFactor(dot, sumSq, breadth float64) float64 {
	if breadth <= 0 || sumSq <= 0 {
		return 1
	}
	return min(1, dot*dot/sumSq/breadth)
}

// topTerms keeps the k heaviest terms (ties by key), sorted by key.
func topTerms(v []Term, k int) []Term {
	if len(v) > k {
		slices.SortFunc(v, func(a, b Term) int {
			if c := cmp.Compare(b.W, a.W); c != 0 {
				return c
			}
			return cmp.Compare(a.Key, b.Key)
		})
		v = v[:k]
	}
	slices.SortFunc(v, func(a, b Term) int { return cmp.Compare(a.Key, b.Key) })
	return v
}

// dots is the dot product of two key-sorted vectors in each space, the
// sum of the squares of its products in each space, and the number of
// terms they share: anchors, and words when they can match (salient
// anchors repeat anchors and are not counted again).
func dots(a, b []Term, words bool) (dot, sumSq [numSpaces]float64, shared int) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Key < b[j].Key:
			i++
		case a[i].Key > b[j].Key:
			j++
		default:
			sp := space(a[i].Key)
			p := float64(a[i].W) * float64(b[j].W)
			dot[sp] += p
			sumSq[sp] += p * p
			if sp == 1 || sp == 0 && words {
				shared++
			}
			i++
			j++
		}
	}
	return dot, sumSq, shared
}

// add returns a+b for key-sorted vectors.
func add(a, b []Term) []Term {
	out := make([]Term, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].Key < b[j].Key:
			out = append(out, a[i])
			i++
		case i == len(a) || a[i].Key > b[j].Key:
			out = append(out, b[j])
			j++
		default:
			out = append(out, Term{a[i].Key, a[i].W + b[j].W})
			i++
			j++
		}
	}
	return out
}

// storyState is one story in the assigner.
type storyState struct {
	sum         []Term // sum of member vectors, truncated as unit vectors are
	norm        [numSpaces]float64
	first, last int32 // date range of dated members, NoDay if none
	size        int32
	indexed     []uint32 // keys the story is filed under
	langs       uint64   // languages of its members (see LangBit)
	victims     []uint32 // victim keys of its members, sorted (at most maxVictims)
	// spans are the date ranges of its dated members, sorted, each more
	// than MaxDays from the next: one, unless a shared victim brought in
	// a report months apart (see VictimDays). Time decay counts from the
	// nearest span, so that the months between are not the story's.
	spans [][2]int32
}

// maxVictims bounds the victim keys kept per story.
const maxVictims = 16

// Merge records that one story was merged into another.
type Merge struct {
	Into, From int // story numbers (From no longer exists after)
	// Unit is the unit whose arrival brought the stories together.
	Unit int
	// Score is the similarity of the two stories' centroids.
	Score float64
}

// Decision is where the assigner put a unit.
type Decision struct {
	Story int     // story number
	Score float64 // similarity to that story; 0 for a new story
	// Merged lists the merges the unit caused.
	Merged []Merge
}

// Assigner clusters units into stories online: each unit joins the most
// similar story or starts one, in time bounded by the options and not by
// the number of stories. Stories are found through an inverted index of
// their heaviest terms, each posting list capped at the newest stories.
type Assigner struct {
	opt      AssignOptions
	stats    *Stats
	clusters []storyState
	parent   []int32
	post     map[uint32][]int32
	victims  map[uint32][]int32 // victim key → stories reporting it
	units    int
	// scratch
	hits map[int32]float64
}

// NewAssigner returns an empty assigner weighing terms with stats. The
// caller observes units in stats (all of them first for a batch, each
// before Add when online).
func NewAssigner(stats *Stats, opt AssignOptions) *Assigner {
	return &Assigner{opt: opt.withDefaults(), stats: stats, post: map[uint32][]int32{}, victims: map[uint32][]int32{}, hits: map[int32]float64{}}
}

// Stories is the number of stories created so far (merged ones included).
func (a *Assigner) Stories() int { return len(a.clusters) }

// Find returns the story a story number now belongs to, after merges.
func (a *Assigner) Find(s int) int {
	i := int32(s)
	for a.parent[i] != i {
		a.parent[i] = a.parent[a.parent[i]]
		i = a.parent[i]
	}
	return int(i)
}

// decay is the time factor between a unit's day and a story's range, and
// whether they may be compared at all.
func (a *Assigner) decay(day int32, c *storyState) (float64, bool) {
	if day == NoDay || len(c.spans) == 0 {
		return 1, true
	}
	if len(c.spans) == 1 {
		return a.decayRange(day, day, c.spans[0][0], c.spans[0][1])
	}
	best := math.Inf(1)
	for _, y := range c.spans {
		best = min(best, gapDays(day, day, y[0], y[1]))
	}
	return a.decayGap(best)
}

// decaySpans is decayRange between the nearest of two sets of spans
// (NoDay when either is empty: undated).
func (a *Assigner) decaySpans(s1, s2 [][2]int32) (float64, bool) {
	if len(s1) == 0 || len(s2) == 0 {
		return 1, true
	}
	best := math.Inf(1)
	for _, x := range s1 {
		for _, y := range s2 {
			best = min(best, gapDays(x[0], x[1], y[0], y[1]))
		}
	}
	return a.decayGap(best)
}

// decayGap is the time factor for a gap in days, and whether it is
// within the window.
func (a *Assigner) decayGap(gap float64) (float64, bool) {
	if gap > a.opt.MaxDays {
		return 0, false
	}
	return math.Exp(-max(0, gap-a.opt.GraceDays) / a.opt.DecayDays), true
}

// addSpan adds the range [f, l] to sorted spans, joining those that come
// within maxDays of each other.
func addSpan(spans [][2]int32, f, l int32, maxDays float64) [][2]int32 {
	out := append(spans, [2]int32{f, l})
	slices.SortFunc(out, func(x, y [2]int32) int { return cmp.Compare(x[0], y[0]) })
	j := 0
	for _, sp := range out[1:] {
		if float64(sp[0]-out[j][1]) <= maxDays {
			out[j][1] = max(out[j][1], sp[1])
			continue
		}
		j++
		out[j] = sp
	}
	return out[:j+1]
}

func (a *Assigner) decayRange(f1, l1, f2, l2 int32) (float64, bool) {
	if f1 == NoDay || f2 == NoDay {
		return 1, true
	}
	gap := gapDays(f1, l1, f2, l2)
	if gap > a.opt.MaxDays {
		return 0, false
	}
	return math.Exp(-max(0, gap-a.opt.GraceDays) / a.opt.DecayDays), true
}

// gapDays is the gap in days between two dated ranges (0 if they
// overlap).
func gapDays(f1, l1, f2, l2 int32) float64 {
	if l1 < f2 {
		return float64(f2 - l1)
	} else if l2 < f1 {
		return float64(f1 - l2)
	}
	return 0
}

// victimLink reports whether two things dated [f1, l1] and [f2, l2]
// with victim keys v1 and v2 name the same victim within VictimDays:
// then their similarity is taken without time decay, if it reaches
// VictimThreshold (see score).
func (a *Assigner) victimLink(f1, l1 int32, v1 []uint32, f2, l2 int32, v2 []uint32) bool {
	if a.opt.VictimDays < 0 || len(v1) == 0 || len(v2) == 0 || v1[0] == renewKey || v2[0] == renewKey {
		return false
	}
	if f1 != NoDay && f2 != NoDay && gapDays(f1, l1, f2, l2) > a.opt.VictimDays {
		return false
	}
	for i, j := 0, 0; i < len(v1) && j < len(v2); {
		switch {
		case v1[i] < v2[j]:
			i++
		case v1[i] > v2[j]:
			j++
		default:
			if a.rareName(v1[i]) {
				return true
			}
			i++
			j++
		}
	}
	return false
}

// rareName reports whether the name of victim key k is rare enough to
// identify an incident across months: named in at most
// VictimDocShare of the units (smoothed as IDF is). A platform or a
// vendor that "attacks on Windows" or "hits Google users" name is in
// too many reports to tie two of them together.
func (a *Assigner) rareName(k uint32) bool { return rareVictim(a.stats, k, a.opt.VictimDocShare) }

func rareVictim(stats *Stats, k uint32, share float64) bool {
	return stats.idf(k&^spaceMask|anchorSpace) >= -math.Log(share)
}

// renewed reports whether a unit or story first dated f1 with victim
// keys v1 and one first dated f2 with v2 must stay apart: one reports
// another attack on its victim ("hit again") and they began more than
// MaxDays apart. A report on the earlier attack (charges, a fine) may
// have joined the earlier story through the victim rule; the new
// attack is not folded into it through that report.
func (a *Assigner) renewed(f1 int32, v1 []uint32, f2 int32, v2 []uint32) bool {
	if f1 == NoDay || f2 == NoDay || a.opt.VictimDays < 0 {
		return false
	}
	r1 := len(v1) > 0 && v1[0] == renewKey
	r2 := len(v2) > 0 && v2[0] == renewKey
	return (r1 || r2) && math.Abs(float64(f1)-float64(f2)) > a.opt.MaxDays
}

// score is a cosine c between things whose time factor is d (ok false
// beyond the window): c·d, or c itself when they name the same victim
// (victim) and c reaches VictimThreshold.
func (a *Assigner) score(c, d float64, ok, victim bool) float64 {
	s := 0.0
	if ok {
		s = c * d
	}
	if victim && c >= a.opt.VictimThreshold {
		s = max(s, c)
	}
	return s
}

// victimKeys returns the victim keys of a bag, renewKey included (sorted,
// as the bag is: renewKey first).
func victimKeys(b Bag) []uint32 {
	var out []uint32
	for _, t := range b {
		if t.Key&spaceMask == victimSpace {
			out = append(out, t.Key)
		}
	}
	return out
}

// Vector weighs a unit's features as Add does.
func (a *Assigner) Vector(f Features) []Term { return a.stats.Weigh(f.Bag, a.opt.VectorTerms) }

// Similarity is the score of two weighted vectors a and b dated da and db.
func (a *Assigner) Similarity(va, vb []Term, da, db int32) float64 {
	d, ok := a.decayRange(da, da, db, db)
	if !ok {
		return 0
	}
	c, _ := cosine(va, vb, norms(va), norms(vb), a.opt.Weights, true, a.opt.SalientBreadth)
	return c * d
}

// Add assigns a unit to a story and returns the decision.
func (a *Assigner) Add(f Features) Decision {
	unit := a.units
	a.units++
	v := a.Vector(f)
	vn := unitNorms(v)
	vict := victimKeys(f.Bag)
	type cand struct {
		s     int32
		hits  float64
		score float64
	}
	clear(a.hits)
	for _, t := range topTerms(slices.Clone(v), a.opt.IndexTerms) {
		for _, s := range a.post[t.Key] {
			r := int32(a.Find(int(s)))
			if _, ok := a.decay(f.Day, &a.clusters[r]); ok {
				a.hits[r] += float64(t.W)
			}
		}
	}
	cands := make([]cand, 0, len(a.hits))
	for s, h := range a.hits {
		cands = append(cands, cand{s: s, hits: h})
	}
	slices.SortFunc(cands, func(x, y cand) int {
		if c := cmp.Compare(y.hits, x.hits); c != 0 {
			return c
		}
		return cmp.Compare(x.s, y.s)
	})
	if len(cands) > a.opt.Candidates {
		cands = cands[:a.opt.Candidates]
	}
	// Stories reporting one of the unit's victims are candidates too,
	// whatever their date (within VictimDays).
	if a.opt.VictimDays >= 0 {
		n := len(cands)
		for _, k := range vict {
			for _, s := range a.victims[k] {
				r := int32(a.Find(int(s)))
				if !slices.ContainsFunc(cands, func(c cand) bool { return c.s == r }) && len(cands) < n+a.opt.Candidates {
					cands = append(cands, cand{s: r})
				}
			}
		}
	}
	best := -1
	for i := range cands {
		c := &a.clusters[cands[i].s]
		d, ok := a.decay(f.Day, c)
		victim := a.victimLink(f.Day, f.Day, vict, c.first, c.last, c.victims)
		if !ok && !victim || a.renewed(f.Day, vict, c.first, c.victims) {
			continue
		}
		cos, shared := cosine(v, c.sum, vn, c.norm, a.opt.Weights, comparable(f.Langs, c.langs), a.opt.SalientBreadth)
		if shared < a.opt.MinShared {
			continue
		}
		cands[i].score = a.score(cos, d, ok, victim)
		if cands[i].score >= a.threshold(f.Day, c.first) && (best < 0 || cands[i].score > cands[best].score ||
			cands[i].score == cands[best].score && cands[i].s < cands[best].s) {
			best = i
		}
	}
	if best < 0 {
		s := a.newCluster()
		a.join(s, v, f.Day, f.Langs, vict)
		return Decision{Story: int(s)}
	}
	s := cands[best].s
	dec := Decision{Story: int(s), Score: cands[best].score}
	a.join(s, v, f.Day, f.Langs, vict)
	// The unit may bridge stories that are one: merge those whose
	// centroids are now alike.
	for _, c := range cands {
		if c.s == s || c.score == 0 || a.Find(int(c.s)) != int(c.s) {
			continue
		}
		if y := &a.clusters[c.s]; c.score < a.threshold(f.Day, y.first)-max(a.opt.BridgeMargin, 0) {
			continue
		}
		x, y := &a.clusters[s], &a.clusters[c.s]
		d, ok := a.decaySpans(x.spans, y.spans)
		victim := a.victimLink(x.first, x.last, x.victims, y.first, y.last, y.victims)
		if !ok && !victim || a.renewed(x.first, x.victims, y.first, y.victims) {
			continue
		}
		cos, shared := cosine(x.sum, y.sum, x.norm, y.norm, a.opt.Weights, comparable(x.langs, y.langs), a.opt.SalientBreadth)
		score := a.score(cos, d, ok, victim)
		if score < max(a.opt.MergeThreshold, a.threshold(x.first, y.first)) || shared < a.opt.MinShared {
			continue
		}
		into, from := min(s, c.s), max(s, c.s)
		a.merge(into, from)
		dec.Merged = append(dec.Merged, Merge{Into: int(into), From: int(from), Unit: unit, Score: score})
		s = into
		dec.Story = int(s)
	}
	return dec
}

// comparable reports whether words can match between two language sets
// (unknown languages are assumed to).
func comparable(a, b uint64) bool { return a == 0 || b == 0 || a&b != 0 }

// threshold is the similarity needed between things dated d1 and d2.
func (a *Assigner) threshold(d1, d2 int32) float64 {
	if d1 == NoDay || d2 == NoDay {
		return a.opt.UndatedThreshold
	}
	return a.opt.Threshold
}

func (a *Assigner) newCluster() int32 {
	s := int32(len(a.clusters))
	a.clusters = append(a.clusters, storyState{first: NoDay, last: NoDay})
	a.parent = append(a.parent, s)
	return s
}

// join adds a unit vector to story s and files the story under its
// heaviest terms.
func (a *Assigner) join(s int32, v []Term, day int32, langs uint64, victims []uint32) {
	c := &a.clusters[s]
	c.langs |= langs
	a.addVictims(s, victims)
	c.sum = truncate(add(c.sum, v), a.opt.VectorTerms)
	c.norm = norms(c.sum)
	c.size++
	if day != NoDay {
		if c.first == NoDay || day < c.first {
			c.first = day
		}
		if c.last == NoDay || day > c.last {
			c.last = day
		}
		c.spans = addSpan(c.spans, day, day, a.opt.MaxDays)
	}
	a.file(s)
}

func (a *Assigner) file(s int32) {
	c := &a.clusters[s]
	for _, t := range topTerms(slices.Clone(c.sum), a.opt.IndexTerms) {
		if slices.Contains(c.indexed, t.Key) {
			continue
		}
		c.indexed = append(c.indexed, t.Key)
		p := append(a.post[t.Key], s)
		if len(p) > a.opt.PostingCap {
			// Drop the oldest half: amortised O(1), and old stories stay
			// findable through their rarer terms.
			p = append(p[:0:0], p[len(p)-a.opt.PostingCap/2:]...)
		}
		a.post[t.Key] = p
	}
}

// addVictims records victim keys on story s and files it under them.
func (a *Assigner) addVictims(s int32, victims []uint32) {
	c := &a.clusters[s]
	for _, k := range victims {
		i, found := slices.BinarySearch(c.victims, k)
		if found || len(c.victims) >= maxVictims && k != renewKey {
			continue
		}
		c.victims = slices.Insert(c.victims, i, k)
		if k == renewKey {
			continue // a mark, not filed
		}
		p := append(a.victims[k], s)
		if len(p) > a.opt.PostingCap {
			p = append(p[:0:0], p[len(p)-a.opt.PostingCap/2:]...)
		}
		a.victims[k] = p
	}
}

// merge folds story from into story into.
func (a *Assigner) merge(into, from int32) {
	x, y := &a.clusters[into], &a.clusters[from]
	x.sum = truncate(add(x.sum, y.sum), a.opt.VectorTerms)
	x.norm = norms(x.sum)
	x.size += y.size
	x.langs |= y.langs
	victims := y.victims
	if y.first != NoDay {
		if x.first == NoDay || y.first < x.first {
			x.first = y.first
		}
		if x.last == NoDay || y.last > x.last {
			x.last = y.last
		}
		for _, sp := range y.spans {
			x.spans = addSpan(x.spans, sp[0], sp[1], a.opt.MaxDays)
		}
	}
	*y = storyState{}
	a.parent[from] = into
	a.addVictims(into, victims)
	a.file(into)
}
