// Package dedup finds copies, excerpts and translations among documents.
//
// Same-language documents are compared by word shingles (Jaccard for
// copies, containment for excerpts). Documents in different languages are
// compared by their language-independent anchors (names, acronyms,
// numbers, phone numbers, quotes), as sets and as sequences, since those
// survive translation and keep their order. Each group of copies and
// translations gets one canonical original.
package dedup

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// Options tunes the thresholds; the zero value means the defaults.
type Options struct {
	CopyJaccard       float64 // shingle Jaccard for a copy (default 0.8)
	ExcerptContain    float64 // shingle containment for an excerpt (default 0.8)
	TranslationScore  float64 // anchor score for a translation (default 0.4)
	MinAnchors        int     // anchors a document needs for cross-language matching (default 5)
	ShingleSize       int     // words per shingle (default 5)
	MaxLengthRatio    float64 // longest/shortest text length for translations outside CJK (default 1.5)
	MinTranslationLen int     // minimum shared anchors for a translation (default 4)
}

func (o Options) withDefaults() Options {
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
	def(&o.CopyJaccard, 0.8)
	def(&o.ExcerptContain, 0.8)
	def(&o.TranslationScore, 0.4)
	def(&o.MaxLengthRatio, 1.5)
	defi(&o.MinAnchors, 5)
	defi(&o.ShingleSize, 5)
	defi(&o.MinTranslationLen, 4)
	return o
}

// Edge is a pairwise link found between two documents.
type Edge struct {
	A, B  string // document ids, A < B
	Kind  string // model.RelCopy, model.RelExcerpt or model.RelTranslation
	Score float64
	Why   string
}

// Group is a set of documents that are one article: an original and its
// copies, excerpts and translations.
type Group struct {
	Original string
	Members  []string // sorted, including Original
	// Rel maps each member other than Original to its relation.
	Rel map[string]model.Relation
}

// features holds what comparisons need from one document.
type features struct {
	id       string
	lang     string
	length   int // code points of text
	shingles map[uint64]struct{}
	anchors  []string       // anchor tokens in text order (name words, acronyms, numbers, phones, urls)
	aset     map[string]int // anchor token → count
	names    []string       // multi-word name surfaces, for guessing the source language
	junk     int
	pub      int64
}

// Link compares every document with the others that share anchors or
// shingles with it and returns the groups (each document in exactly one
// group, singletons included) and the edges found. The result does not
// depend on the order of docs.
func Link(docs []model.Doc, opt Options) ([]Group, []Edge) {
	opt = opt.withDefaults()
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b model.Doc) int { return cmp.Compare(a.ID, b.ID) })
	fs := make([]*features, len(sorted))
	for i, d := range sorted {
		fs[i] = featuresOf(d, opt)
	}
	edges := compareAll(fs, opt)
	return group(fs, edges), edges
}

func featuresOf(d model.Doc, opt Options) *features {
	f := &features{id: d.ID, lang: d.Lang, length: len([]rune(d.Text)), junk: len(d.Removed),
		shingles: shingles(d.Text, opt.ShingleSize), aset: map[string]int{}}
	if !d.Published.IsZero() {
		f.pub = d.Published.Unix()
	}
	for _, a := range d.Anchors {
		if a.Kind == model.AnchorQuote || a.Key == "" {
			continue
		}
		if a.Kind == model.AnchorName && strings.Contains(a.Surface, " ") {
			f.names = append(f.names, a.Surface)
		}
		for _, t := range anchorTokens(a) {
			f.anchors = append(f.anchors, t)
			f.aset[t]++
		}
	}
	return f
}

// connectors join the words of names in several languages; they are not
// compared ("Stadtrat von Canterbury" and "Canterbury City Council" share
// "canterbury").
var connectors = map[string]bool{"von": true, "de": true, "du": true, "des": true, "der": true,
	"la": true, "le": true, "les": true, "of": true, "the": true, "and": true, "et": true,
	"und": true, "del": true, "van": true, "den": true, "di": true, "da": true}

// anchorTokens splits an anchor into the tokens compared across
// languages: the words of a name (translations rename "City Council" but
// keep "Canterbury"), or the whole key of an acronym, number, phone or URL.
func anchorTokens(a model.Anchor) []string {
	if a.Kind != model.AnchorName {
		if len(a.Key) < 2 {
			return nil // single digits carry little
		}
		return []string{a.Key}
	}
	var out []string
	for _, w := range strings.Fields(a.Key) {
		if len(w) >= 3 && !connectors[w] {
			out = append(out, w)
		}
	}
	return out
}

// shingles hashes the runs of n folded words of text.
func shingles(text string, n int) map[uint64]struct{} {
	words := strings.Fields(fold.Key(text))
	out := make(map[uint64]struct{}, len(words))
	if len(words) < n {
		if len(words) > 0 {
			out[hash(strings.Join(words, " "))] = struct{}{}
		}
		return out
	}
	for i := 0; i+n <= len(words); i++ {
		out[hash(strings.Join(words[i:i+n], " "))] = struct{}{}
	}
	return out
}

// hash is FNV-1a 64.
func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// compareAll finds candidate pairs through an inverted index of anchor
// keys, so documents that share nothing are never compared, then scores
// each candidate pair.
func compareAll(fs []*features, opt Options) []Edge {
	index := map[string][]int{}
	for i, f := range fs {
		for k := range f.aset {
			index[k] = append(index[k], i)
		}
	}
	seen := map[[2]int]bool{}
	var edges []Edge
	var trans []Edge
	best := map[[2]any]float64{} // (document, other language) → best score
	pos := map[string]int{}
	bare := map[string][]int{} // language → documents without anchors
	for i, f := range fs {
		pos[f.id] = i
		if len(f.aset) == 0 {
			bare[f.lang] = append(bare[f.lang], i)
		}
	}
	for i, f := range fs {
		shared := map[int]int{}
		for k := range f.aset {
			for _, j := range index[k] {
				if j > i {
					shared[j]++
				}
			}
		}
		// Same-language copies may have few anchors: compare them by
		// shingles through any shared anchor or, lacking anchors, all.
		if len(f.aset) == 0 {
			for j := i + 1; j < len(fs); j++ {
				if fs[j].lang == f.lang {
					shared[j]++
				}
			}
		} else {
			for _, j := range bare[f.lang] {
				if j > i {
					shared[j]++
				}
			}
		}
		js := make([]int, 0, len(shared))
		for j := range shared {
			js = append(js, j)
		}
		slices.Sort(js)
		for _, j := range js {
			if seen[[2]int{i, j}] {
				continue
			}
			seen[[2]int{i, j}] = true
			e, ok := compare(fs[i], fs[j], opt)
			if !ok {
				continue
			}
			if e.Kind != model.RelTranslation {
				edges = append(edges, e)
				continue
			}
			trans = append(trans, e)
			ki, kj := [2]any{i, fs[j].lang}, [2]any{j, fs[i].lang}
			best[ki], best[kj] = max(best[ki], e.Score), max(best[kj], e.Score)
		}
	}
	// An article has one version per language: keep a translation pair
	// only when each document is the other's best match in its language.
	for _, e := range trans {
		i, j := pos[e.A], pos[e.B]
		if e.Score >= best[[2]any{i, fs[j].lang}] && e.Score >= best[[2]any{j, fs[i].lang}] {
			edges = append(edges, e)
		}
	}
	return edges
}

func compare(a, b *features, opt Options) (Edge, bool) {
	e := Edge{A: a.id, B: b.id}
	if a.lang == b.lang {
		inter := 0
		for h := range a.shingles {
			if _, ok := b.shingles[h]; ok {
				inter++
			}
		}
		if inter == 0 {
			return e, false
		}
		union := len(a.shingles) + len(b.shingles) - inter
		jac := float64(inter) / float64(union)
		small := min(len(a.shingles), len(b.shingles))
		contain := float64(inter) / float64(small)
		switch {
		case jac >= opt.CopyJaccard:
			e.Kind, e.Score = model.RelCopy, jac
			e.Why = fmt.Sprintf("shingle Jaccard %.2f", jac)
			return e, true
		case contain >= opt.ExcerptContain:
			e.Kind, e.Score = model.RelExcerpt, contain
			e.Why = fmt.Sprintf("%.0f%% of the shorter text's shingles are in the longer", 100*contain)
			return e, true
		}
		return e, false
	}
	if len(a.anchors) < opt.MinAnchors || len(b.anchors) < opt.MinAnchors {
		return e, false
	}
	la, lb := float64(max(a.length, 1)), float64(max(b.length, 1))
	if !cjk[a.lang] && !cjk[b.lang] && max(la, lb)/min(la, lb) > opt.MaxLengthRatio {
		return e, false
	}
	score, sharedN, why := anchorScore(a, b)
	if sharedN < opt.MinTranslationLen || score < opt.TranslationScore {
		return e, false
	}
	e.Kind, e.Score, e.Why = model.RelTranslation, score, why
	return e, true
}

// cjk languages write without spaces, so their texts are much shorter in
// code points than their translations.
var cjk = map[string]bool{"zh": true, "ja": true, "ko": true}

// anchorScore compares anchor token multisets and sequences. A
// translation keeps the anchors and, mostly, their order, but one side may
// carry extra capitalised words (German nouns), so the score is the mean
// of the containment of the larger multiset (the lower of the two
// containments) and the longest common subsequence over the shorter
// sequence.
func anchorScore(a, b *features) (float64, int, string) {
	inter := 0
	var sharedKeys []string
	for k, ca := range a.aset {
		if cb, ok := b.aset[k]; ok {
			inter += min(ca, cb)
			sharedKeys = append(sharedKeys, k)
		}
	}
	lo := float64(inter) / float64(max(len(a.anchors), len(b.anchors)))
	lcs := lcsLen(a.anchors, b.anchors)
	seq := float64(lcs) / float64(min(len(a.anchors), len(b.anchors)))
	score := (lo + seq) / 2
	slices.Sort(sharedKeys)
	show := sharedKeys
	if len(show) > 8 {
		show = show[:8]
	}
	why := fmt.Sprintf("anchors: containment %.2f, in order %.2f; shared %d (%s)", lo, seq, len(sharedKeys), strings.Join(show, ", "))
	return score, len(sharedKeys), why
}

// lcsLen is the length of the longest common subsequence of a and b.
func lcsLen(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// group joins documents linked by edges (union-find) and picks each
// group's original.
func group(fs []*features, edges []Edge) []Group {
	idx := map[string]int{}
	for i, f := range fs {
		idx[f.id] = i
	}
	parent := make([]int, len(fs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, e := range edges {
		a, b := find(idx[e.A]), find(idx[e.B])
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	members := map[int][]int{}
	for i := range fs {
		r := find(i)
		members[r] = append(members[r], i)
	}
	best := map[[2]string]Edge{}
	// excerpt marks the shorter side of each excerpt edge: it was taken
	// from the longer text, so it is never the group's original.
	excerpt := map[string]bool{}
	for _, e := range edges {
		best[[2]string{e.A, e.B}] = e
		if e.Kind == model.RelExcerpt {
			a, b := fs[idx[e.A]], fs[idx[e.B]]
			if len(a.shingles) < len(b.shingles) {
				excerpt[a.id] = true
			} else if len(b.shingles) < len(a.shingles) {
				excerpt[b.id] = true
			}
		}
	}
	var groups []Group
	for _, m := range members {
		g := Group{Rel: map[string]model.Relation{}}
		var fm []*features
		for _, i := range m {
			fm = append(fm, fs[i])
			g.Members = append(g.Members, fs[i].id)
		}
		slices.Sort(g.Members)
		orig := original(fm, excerpt)
		g.Original = orig.id
		for _, f := range fm {
			if f.id == orig.id {
				continue
			}
			kind := model.RelCopy
			if f.lang != orig.lang {
				kind = model.RelTranslation
			} else if excerpt[f.id] {
				kind = model.RelExcerpt
			}
			r := model.Relation{Type: kind, Of: orig.id}
			k := [2]string{min(f.id, orig.id), max(f.id, orig.id)}
			if e, ok := best[k]; ok {
				r.Score, r.Why = e.Score, e.Why
				if e.Kind == model.RelExcerpt {
					r.Type = model.RelExcerpt
				}
			} else {
				r.Why = "linked to " + orig.id + " through other members of its group"
			}
			g.Rel[f.id] = r
		}
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b Group) int { return cmp.Compare(a.Members[0], b.Members[0]) })
	return groups
}

// original picks the canonical original of a group: never an excerpt of
// another member when there is a member that is not; then the earliest
// published when every member has a date; otherwise a member written in
// the language of the multi-word names the members share (translations
// keep the source language's names), then the longest text with the
// least junk, then the smallest id.
func original(fm []*features, excerpt map[string]bool) *features {
	if len(fm) == 1 {
		return fm[0]
	}
	dated := true
	for _, f := range fm {
		if f.pub == 0 {
			dated = false
		}
	}
	c := slices.Clone(fm)
	srcLang := ""
	if !dated {
		srcLang = sharedNameLang(fm)
	}
	slices.SortFunc(c, func(a, b *features) int {
		if excerpt[a.id] != excerpt[b.id] {
			if excerpt[b.id] {
				return -1
			}
			return 1
		}
		if dated && a.pub != b.pub {
			return cmp.Compare(a.pub, b.pub)
		}
		if srcLang != "" && (a.lang == srcLang) != (b.lang == srcLang) {
			if a.lang == srcLang {
				return -1
			}
			return 1
		}
		if a.length != b.length {
			return cmp.Compare(b.length, a.length)
		}
		if a.junk != b.junk {
			return cmp.Compare(a.junk, b.junk)
		}
		return cmp.Compare(a.id, b.id)
	})
	return c[0]
}

// sharedNameLang guesses the source language of a translation group from
// the multi-word names found in at least two languages: translators keep
// names such as "National Cyber Security Centre" in the original's
// language. It returns "" when the guess does not point at a member's
// language.
func sharedNameLang(fm []*features) string {
	langsOf := map[string]map[string]bool{}
	surface := map[string]string{}
	for _, f := range fm {
		for _, n := range f.names {
			k := fold.Key(n)
			if langsOf[k] == nil {
				langsOf[k] = map[string]bool{}
			}
			langsOf[k][f.lang] = true
			if surface[k] == "" {
				surface[k] = n
			}
		}
	}
	var keys []string
	for k, ls := range langsOf {
		if len(ls) >= 2 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(surface[k])
		b.WriteString(". ")
	}
	if b.Len() < 20 {
		return ""
	}
	code := analyze.DetectLang(b.String())
	for _, f := range fm {
		if f.lang == code {
			return code
		}
	}
	return ""
}
