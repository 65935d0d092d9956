// Package dedup finds copies, excerpts and translations among documents.
//
// Same-language documents are found through MinHash LSH (NearIndex, with
// an exact hash of the normalised words) and shared anchors, and compared
// by word shingles (Jaccard for copies, containment for excerpts).
// Documents in different languages are compared without any translation
// service, by cross-language keys (names, acronyms and numbers,
// transliterated from Cyrillic and katakana and reduced to consonant
// skeletons so that exonyms and inflections meet): tf-idf cosine of the
// key multisets, and the share of keys in the same order; where FreeDict
// dictionaries are installed for both languages, also by the cosine of
// their content words translated to English (lexicon.go). A pair is a
// translation when it stands out among each document's candidates in the
// other's language; groups join only when every cross-language pair
// across them scores (complete linkage), and keep one version per
// language except for several translations of one original. Each group
// gets one canonical original.
package dedup

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/parallel"
)

// Options tunes the thresholds; the zero value means the defaults.
type Options struct {
	CopyJaccard      float64 // shingle Jaccard for a copy (default 0.8)
	ExcerptContain   float64 // shingle containment for an excerpt (default 0.8)
	TranslationScore float64 // cosine of cross-language keys for a translation (default 0.15)
	// TranslationMargin is how close to each document's best match in
	// the other's language a translation must score (default 0.5).
	TranslationMargin float64
	// SiblingMargin is how close to the best of them each of several
	// translations of one document into one language must score
	// (default 0.8): a follow-up or another report in that language
	// usually scores well below the translation.
	SiblingMargin float64
	// SiblingMarginCJK is SiblingMargin for translations into Chinese,
	// Japanese or Korean (default 0.5): translators there keep foreign
	// names in Latin letters or transliterate them at will, so two
	// translations of one text share far fewer cross-language keys with
	// the original than two European translations do.
	SiblingMarginCJK float64
	// SiblingBigrams is the least Dice coefficient of ideograph pairs
	// between two translations of one document into Chinese, Japanese
	// or Korean whose cross-language keys disagree (default 0.3; two
	// translations of one text score 0.45 and more on translations-dev,
	// unrelated texts 0.15 and less).
	SiblingBigrams float64
	// SiblingScore is the least cosine of cross-language keys between
	// two translations of one document into one language (default 0.5).
	SiblingScore float64
	// TranslationZ is how many standard deviations above the mean of
	// each document's scores against the documents of the other's
	// language a translation must score, unless it is above
	// TranslationSure (default 3).
	TranslationZ float64
	// TranslationSure is the score above which a translation need not
	// stand out among the candidates (same-story articles share names;
	// default 0.4).
	TranslationSure float64
	// GroupScore is the score every pair of documents in different
	// languages must reach for two groups to join (default 0.4).
	GroupScore float64
	// TranslationFew is the score a translation needs when the other
	// language has too few documents for TranslationZ (default 0.4).
	TranslationFew float64
	ShingleSize    int // words per shingle (default 5)
	// MaxLengthRatio is the longest/shortest text length for
	// translations outside CJK (default 1.5).
	MaxLengthRatio float64
	// MaxKeyDocs is the least document frequency above which a key no
	// longer finds candidates (default 50). It is fixed, not a share of
	// the corpus, so that the candidates of one document (at most
	// MaxKeyDocs per key it has) do not grow with the corpus: a share
	// made Link quadratic (at 5,000 articles, 60% of a rebuild's CPU).
	MaxKeyDocs int
	// Lexicons are the bilingual dictionaries that map content words
	// to English (nil: those of CASEFILE_DICTD, else /usr/share/dictd).
	Lexicons *Lexicons
	// NoDictionaries leaves dictionaries out even when installed.
	NoDictionaries bool
	// DictScale is the cosine of dictionary keys that counts as full
	// agreement (default 0.3). Each word brings up to six English
	// stems of which the translator used one at best, and many words
	// are missing, so even a translation's dictionary cosine stays far
	// below 1: on translations-dev translations score 0.1 to 0.45
	// (median 0.2 between European languages, 0.3 en-ja), unrelated
	// texts below 0.15. The cosine divided by DictScale (at most 1) and
	// the score of the names, numbers and their order count half each;
	// results are the same for DictScale from 0.3 to 0.5.
	DictScale float64
	// Cache, if set, keeps documents' features from one Link to the
	// next (see Cache).
	Cache *Cache
	// Workers caps the goroutines that score candidate pairs (0:
	// GOMAXPROCS). The result does not depend on it.
	Workers int
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
	def(&o.TranslationScore, 0.15)
	def(&o.TranslationMargin, 0.5)
	def(&o.TranslationZ, 3)
	def(&o.SiblingScore, 0.5)
	def(&o.SiblingMargin, 0.8)
	def(&o.SiblingMarginCJK, 0.5)
	def(&o.SiblingBigrams, 0.3)
	def(&o.TranslationFew, 0.4)
	def(&o.GroupScore, 0.4)
	def(&o.TranslationSure, 0.6)
	defi(&o.ShingleSize, 5)
	def(&o.MaxLengthRatio, 1.5)
	defi(&o.MaxKeyDocs, 50)
	def(&o.DictScale, 0.3)
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
	length   int             // code points of text
	shingles []uint64        // distinct shingle hashes, sorted
	aset     map[string]int  // anchor token → count
	names    []string        // multi-word name surfaces, for guessing the source language
	nameKeys map[string]bool // its names (keys of anchors of kind name)
	junk     int
	pub      int64
	sig      Signature           // MinHash signature of the text
	kcount   map[string]int      // cross-language key → count
	kkeys    []string            // the keys of kcount, sorted (shared: read-only)
	akeys    []string            // the keys of aset prefixed by the language and a 0 byte, sorted (shared: read-only)
	seq      []string            // short and number keys in text order
	seqID    []int32             // seq interned over the corpus (LinkDetail), for lcsLen
	seqSet   []int32             // the distinct values of seqID, sorted
	surface  map[string]string   // cross-language key → its first word or number, folded
	vec      vector              // kcount weighted by tf-idf
	dcount   map[string]int      // dictionary key → count; nil without a dictionary
	dvec     vector              // dcount weighted by tf-idf
	drare    []string            // the rarest dictionary keys, which find candidates
	bigrams  map[uint64]struct{} // CJK documents only: pairs of adjacent ideographs or kana
	units    int                 // CJK documents only: characters, a run of Latin letters or digits counting one
}

// Link compares every document with the others that share anchors or
// shingles with it and returns the groups (each document in exactly one
// group, singletons included) and the edges found. The result does not
// depend on the order of docs.
func Link(docs []model.Doc, opt Options) ([]Group, []Edge) {
	r := LinkDetail(docs, opt)
	return r.Groups, r.Edges
}

// Result is what LinkDetail finds.
type Result struct {
	Groups []Group
	Edges  []Edge
	// Best maps a document id and another language to the document's
	// best-scoring translation candidate in that language, kept or not.
	Best map[string]map[string]Edge
	// Second maps a document id and another language to the score of
	// the document's second-best candidate in that language.
	Second map[string]map[string]float64
}

// Other returns the document of e that is not id.
func (e Edge) Other(id string) string {
	if e.A == id {
		return e.B
	}
	return e.A
}

// LinkDetail is Link with every document's best translation candidate
// per language.
func LinkDetail(docs []model.Doc, opt Options) Result {
	opt = opt.withDefaults()
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b model.Doc) int { return cmp.Compare(a.ID, b.ID) })
	fs := make([]*features, len(sorted))
	lex := lexiconsFor(sorted, opt)
	words := make([][]string, len(sorted))
	byLang := map[string][]string{}
	ids := map[string]int32{}
	prev := opt.Cache.take()
	var next map[[32]byte]*cached
	if opt.Cache != nil {
		next = make(map[[32]byte]*cached, len(sorted))
	}
	// Each document's features, on all cores (featuresOf and words only
	// read the document and the dictionaries); the cache and the
	// interning below take them in document order.
	cs := make([]*cached, len(sorted))
	keys := make([][32]byte, len(sorted))
	parallel.For(opt.Workers, len(sorted), func(_, i int) {
		d := sorted[i]
		var c *cached
		if opt.Cache != nil {
			keys[i] = featureKey(d, opt)
			c = prev[keys[i]]
		}
		if c == nil {
			c = &cached{f: featuresOf(d, opt)}
		}
		if l := lex[d.Lang]; l != nil && !c.hasWords {
			// A new entry: a cached one may be read by another Link.
			c = &cached{f: c.f, words: l.words(d.Title + "\n" + d.Text), hasWords: true}
		}
		cs[i] = c
	})
	for i, d := range sorted {
		c := cs[i]
		if next != nil {
			next[keys[i]] = c
		}
		f := *c.f // the per-Link fields are set on the copy
		fs[i] = &f
		fs[i].seqID = intern(fs[i].seq, ids)
		fs[i].seqSet = slices.Compact(slices.Sorted(slices.Values(fs[i].seqID)))
		if lex[d.Lang] != nil {
			words[i] = c.words
			byLang[d.Lang] = append(byLang[d.Lang], words[i]...)
		}
	}
	opt.Cache.put(next)
	stems := map[string]map[string][]string{} // language → word → English stems
	for lang, ws := range byLang {
		l := lex[lang]
		got := l.prepare(ws) // one pass over each dictionary
		found := 0
		for _, w := range ws {
			s, ok := got[w]
			if !ok {
				s = l.pivot(w) // translated by an earlier call
				got[w] = s
			}
			if len(s) > 0 {
				found++
			}
		}
		stems[lang] = got
		if float64(found) < minCoverage*float64(len(ws)) {
			delete(lex, lang)
		}
	}
	if !pivots(lex) {
		lex = nil
	}
	for i, d := range sorted {
		if l := lex[d.Lang]; l != nil {
			fs[i].dcount = map[string]int{}
			for _, w := range words[i] {
				for _, s := range stems[d.Lang][w] {
					fs[i].dcount[string(keyDict)+s]++
				}
			}
		}
	}
	c := compareAll(fs, opt)
	return Result{Groups: group(fs, c.edges, c.scores, opt), Edges: c.edges, Best: c.best, Second: c.second}
}

// minCopyNames is the fewest names the text with fewer of them must
// have for sameNames to judge; copyNameShare is the share of them the
// other text must have.
const (
	minCopyNames  = 3
	copyNameShare = 0.5
)

// sameNames reports whether two texts of one language may be copies by
// their names: the one with fewer names (when it has minCopyNames)
// shares at least copyNameShare of them with the other. A copy or an
// excerpt keeps the names of its original; two reports written from one
// template about different victims ("X hit by ransomware") share their
// wording but not their names, and are two incidents.
func sameNames(a, b *features) bool {
	if len(a.nameKeys) > len(b.nameKeys) {
		a, b = b, a
	}
	if len(a.nameKeys) < minCopyNames {
		return true
	}
	shared := 0
	for t := range a.nameKeys {
		if b.nameKeys[t] {
			shared++
		}
	}
	return float64(shared) >= copyNameShare*float64(len(a.nameKeys))
}

// NamesAllowCopy reports whether two documents of one language may be
// copies or excerpts of each other by their names (see sameNames): the
// test 'bench pipeline' uses to draw its stories only from texts whose
// renamed reuses dedup keeps apart.
func NamesAllowCopy(a, b model.Doc) bool {
	return sameNames(&features{nameKeys: nameKeysOf(a)}, &features{nameKeys: nameKeysOf(b)})
}

// nameKeysOf is the set of a document's name anchors' keys (nil if none).
func nameKeysOf(d model.Doc) map[string]bool {
	var out map[string]bool
	for _, a := range d.Anchors {
		if a.Kind == model.AnchorName && a.Key != "" {
			if out == nil {
				out = map[string]bool{}
			}
			out[a.Key] = true
		}
	}
	return out
}

func featuresOf(d model.Doc, opt Options) *features {
	f := &features{id: d.ID, lang: d.Lang, length: len([]rune(d.Text)), junk: len(d.Removed),
		shingles: shingles(d.Text, opt.ShingleSize), aset: map[string]int{}, kcount: map[string]int{},
		sig: Sign(d.Text)}
	if cjk[d.Lang] {
		f.bigrams, f.units = cjkBigrams(d.Text)
	}
	f.surface = map[string]string{}
	var names map[string]bool
	if d.Lang == "de" {
		names = map[string]bool{}
		for _, a := range d.Anchors {
			if a.Kind == model.AnchorName || a.Kind == model.AnchorAcronym {
				for _, w := range strings.Fields(a.Key) {
					names[w] = true
				}
			}
		}
	}
	for _, k := range crossKeys(d.Title+"\n"+d.Text, names) {
		f.kcount[k.key]++
		if k.key[0] != keyLong {
			f.seq = append(f.seq, k.key)
		}
		if _, ok := f.surface[k.key]; !ok {
			f.surface[k.key] = k.surface
		}
	}
	f.kkeys = sortedKeys(f.kcount)
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
			f.aset[t]++
		}
	}
	f.nameKeys = nameKeysOf(d)
	for k := range f.aset {
		f.akeys = append(f.akeys, d.Lang+"\x00"+k)
	}
	slices.Sort(f.akeys)
	return f
}

// connectors join the words of names in several languages; they are not
// compared ("Stadtrat von Kessling" and "Kessling City Council" share
// "canterbury").
var connectors = map[string]bool{"von": true, "de": true, "du": true, "des": true, "der": true,
	"la": true, "le": true, "les": true, "of": true, "the": true, "and": true, "et": true,
	"und": true, "del": true, "van": true, "den": true, "di": true, "da": true}

// anchorTokens splits an anchor into the tokens compared across
// languages: the words of a name (translations rename "City Council" but
// keep "Kessling"), or the whole key of an acronym, number, phone or URL.
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

// shingles hashes the runs of n folded words of text: the distinct
// hashes, sorted, so that two documents' shingles intersect by a merge
// (several times faster than probing a map, in compare's inner loop).
func shingles(text string, n int) []uint64 {
	words := strings.Fields(fold.Key(text))
	if len(words) < n {
		if len(words) > 0 {
			return []uint64{hash(strings.Join(words, " "))}
		}
		return nil
	}
	out := make([]uint64, 0, len(words)-n+1)
	for i := 0; i+n <= len(words); i++ {
		out = append(out, joinedHash(words[i:i+n]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect counts the values sorted slices a and b share.
func intersect(a, b []uint64) int {
	n, _ := intersectAtLeast(a, b, 0)
	return n
}

// intersectAtLeast is intersect when a and b share at least need
// elements; otherwise it may stop early and return false.
func intersectAtLeast(a, b []uint64, need int) (int, bool) {
	// Each element found missing from the other side lowers what the
	// intersection can reach.
	missA, missB := len(a)-need, len(b)-need
	if missA < 0 || missB < 0 {
		return 0, false
	}
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
			if missA--; missA < 0 {
				return n, false
			}
		default:
			j++
			if missB--; missB < 0 {
				return n, false
			}
		}
	}
	return n, true
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

// joinedHash is hash(strings.Join(words, " ")) without joining them.
func joinedHash(words []string) uint64 {
	h := uint64(14695981039346656037)
	for i, w := range words {
		if i > 0 {
			h ^= ' '
			h *= 1099511628211
		}
		for j := 0; j < len(w); j++ {
			h ^= uint64(w[j])
			h *= 1099511628211
		}
	}
	return h
}

// compareAll finds candidate pairs through an inverted index of
// keys, so documents that share nothing are never compared, then scores
// each candidate pair: same-language pairs by shingles, cross-language
// pairs by the cosine of their tf-idf weighted cross-language keys. It
// returns the edges kept and every document's best translation
// candidate per language.
func compareAll(fs []*features, opt Options) comparison {
	df := map[string]int{}
	for _, f := range fs {
		for k := range f.kcount {
			df[k]++
		}
	}
	ddf := map[string]int{}
	for _, f := range fs {
		for k := range f.dcount {
			ddf[k]++
		}
	}
	rank, drank := ranks(df), ranks(ddf)
	for _, f := range fs {
		f.vec = newVector(f.kcount, f.kkeys, len(fs), df, rank)
		if f.dcount != nil {
			f.dvec = newVector(f.dcount, nil, len(fs), ddf, drank)
		}
	}
	// Keys in many documents link everything to everything and weigh
	// little: they are not used to find candidates.
	maxDF := opt.MaxKeyDocs
	index := map[string][]int{}
	for i, f := range fs {
		for _, k := range f.kkeys {
			if df[k] <= maxDF {
				index[k] = append(index[k], i)
			}
		}
	}
	adf := map[string]int{}
	for _, f := range fs {
		for _, k := range f.akeys {
			adf[k]++
		}
	}
	for i, f := range fs {
		for _, k := range f.akeys {
			if adf[k] <= maxDF {
				index[k] = append(index[k], i)
			}
		}
	}
	// A translation without names or numbers shares no key above; it
	// is found through the rarest of its dictionary keys, which its
	// translation shares among its own rarest.
	for i, f := range fs {
		f.drare = rarest(f.dcount, ddf, maxDF)
		for _, k := range f.drare {
			index[k] = append(index[k], i)
		}
	}
	// Same-language copies and excerpts are also found by MinHash LSH,
	// which needs no shared anchor: near[i] lists the later documents
	// near document i.
	near := map[int][]int{}
	lsh := map[string]*NearIndex{}
	numbered := map[string][]int{} // language → index documents in fs
	for i, f := range fs {
		x := lsh[f.lang]
		if x == nil {
			x = NewNearIndex(0)
			lsh[f.lang] = x
		}
		_, found := x.Add(f.sig, nearJaccard, nearContain)
		for _, n := range found {
			j := numbered[f.lang][n.Doc]
			near[j] = append(near[j], i)
		}
		numbered[f.lang] = append(numbered[f.lang], i)
	}
	// Each document is scored against its later candidates on its own
	// goroutine (compare only reads features); the results are then
	// gathered in document order, so they are those of a loop.
	type found struct {
		edges []Edge
		trans []candidate
	}
	results := make([]found, len(fs))
	parallel.For(opt.Workers, len(fs), func(_, i int) {
		results[i] = candidates(i, fs, index, df, adf, near, maxDF, opt)
	})
	var edges []Edge
	var trans []candidate
	scores := map[[2]int]float64{}
	best := map[string]map[string]int{}        // document → other language → best edge (in trans)
	sums := map[string]map[string][2]float64{} // document → other language → sum and sum of squares of scores
	note := func(id, lang string, c int) {
		e := trans[c].e
		m := best[id]
		if m == nil {
			m = map[string]int{}
			best[id] = m
			sums[id] = map[string][2]float64{}
		}
		if old, ok := m[lang]; !ok || e.Score > trans[old].e.Score {
			m[lang] = c
		}
		t := sums[id][lang]
		sums[id][lang] = [2]float64{t[0] + e.Score, t[1] + e.Score*e.Score}
	}
	perLang := map[string]int{}
	for _, f := range fs {
		perLang[f.lang]++
	}
	pos := map[string]int{}
	for i, f := range fs {
		pos[f.id] = i
	}
	for i, r := range results {
		edges = append(edges, r.edges...)
		for _, c := range r.trans {
			e := c.e
			j := pos[e.B]
			trans = append(trans, c)
			scores[[2]int{i, j}], scores[[2]int{j, i}] = e.Score, e.Score
			note(fs[i].id, fs[j].lang, len(trans)-1)
			note(fs[j].id, fs[i].lang, len(trans)-1)
		}
	}
	// An article has about one version per language: keep a translation
	// pair only when it scores close to each document's best match in
	// the other's language (two translations of one original into one
	// language both stay).
	for _, c := range trans {
		e := c.e
		a, b := fs[pos[e.A]], fs[pos[e.B]]
		if e.Score < opt.TranslationScore {
			continue
		}
		// A pair is kept when its score stands out among each
		// document's scores against all documents in the other's
		// language (z ≥ TranslationZ: a document without a version
		// in that language has a best match like the rest), or is sure
		// in itself; and when it is close to each document's best match
		// in the other's language.
		standsOut := func(x, y *features) bool {
			if e.Score < opt.TranslationMargin*trans[best[x.id][y.lang]].e.Score {
				return false
			}
			if perLang[y.lang] < minZDocs {
				// Too few documents in y's language to tell what
				// stands out.
				return e.Score >= opt.TranslationFew
			}
			return e.Score >= opt.TranslationSure || zScore(e.Score, sums[x.id][y.lang], perLang[y.lang]) >= opt.TranslationZ
		}
		if standsOut(a, b) && standsOut(b, a) {
			edges = append(edges, c.edge())
		}
	}
	second := map[string]map[string]float64{}
	bestEdges := make(map[string]map[string]Edge, len(best))
	for id, m := range best {
		second[id] = map[string]float64{}
		bestEdges[id] = make(map[string]Edge, len(m))
		for l, c := range m {
			second[id][l] = zScore(trans[c].e.Score, sums[id][l], perLang[l])
			bestEdges[id][l] = trans[c].edge()
		}
	}
	return comparison{edges: edges, best: bestEdges, second: second, scores: scores}
}

// candidates scores document i against the later documents that share
// a candidate key with it or are near it, and returns the edges found:
// copies and excerpts, and translation candidates (B is the later
// document), in the order of the later documents.
func candidates(i int, fs []*features, index map[string][]int, df, adf map[string]int, near map[int][]int, maxDF int, opt Options) (r struct {
	edges []Edge
	trans []candidate
}) {
	f := fs[i]
	var js []int // the candidates, with repeats until sorted and compacted
	later := func(docs []int) {
		for _, j := range docs {
			if j > i {
				js = append(js, j)
			}
		}
	}
	for _, k := range f.kkeys {
		if df[k] > maxDF {
			continue
		}
		later(index[k])
	}
	for _, k := range f.akeys {
		if adf[k] <= maxDF {
			later(index[k])
		}
	}
	for _, k := range f.drare {
		for _, j := range index[k] {
			if j > i && fs[j].lang != f.lang {
				js = append(js, j)
			}
		}
	}
	js = append(js, near[i]...)
	slices.Sort(js)
	js = slices.Compact(js)
	for _, j := range js {
		c, ok := compare(f, fs[j], opt)
		if !ok {
			continue
		}
		if c.e.Kind != model.RelTranslation {
			r.edges = append(r.edges, c.e)
			continue
		}
		r.trans = append(r.trans, c)
	}
	return r
}

// dictCandidateKeys is how many of a document's dictionary keys find
// candidates: the rarest, so that a document meets few others through
// them (at most this many times the key document limit).
const dictCandidateKeys = 8

// rarest returns the dictCandidateKeys keys of counts with the lowest
// document frequency in df, among those in 2 to maxDF documents (a key
// in one document finds nothing), ties broken by key.
func rarest(counts map[string]int, df map[string]int, maxDF int) []string {
	var ks []string
	for k := range counts {
		if n := df[k]; n >= 2 && n <= maxDF {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b string) int {
		if c := cmp.Compare(df[a], df[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return ks[:min(len(ks), dictCandidateKeys)]
}

// comparison is what compareAll finds.
type comparison struct {
	edges  []Edge
	best   map[string]map[string]Edge
	second map[string]map[string]float64
	scores map[[2]int]float64 // every translation candidate pair's score, both ways
}

// candidate is a pair compare found, with what explains a translation
// candidate's score: its Why is written (by edge) only for the edges
// that are kept or are a document's best, most candidates being
// neither.
type candidate struct {
	e            Edge
	a, b         *features
	cos, inOrder float64
	dict         float64 // the dictionary cosine, when hasDict
	hasDict      bool
}

// edge returns c's edge with its Why.
func (c *candidate) edge() Edge {
	e := c.e
	if e.Kind != model.RelTranslation {
		return e
	}
	e.Why = why(c.a, c.b, c.cos, c.inOrder)
	if c.hasDict {
		e.Why += fmt.Sprintf("; dictionary cosine %.2f", c.dict)
	}
	return e
}

// compare compares two documents; a translation candidate's Why is left
// to candidate.edge.
func compare(a, b *features, opt Options) (candidate, bool) {
	e := Edge{A: a.id, B: b.id}
	c := candidate{a: a, b: b}
	if a.lang == b.lang {
		small := min(len(a.shingles), len(b.shingles))
		// kept reports whether sharing inter shingles makes a copy or
		// an excerpt; it grows with inter.
		kept := func(inter int) bool {
			union := len(a.shingles) + len(b.shingles) - inter
			return float64(inter)/float64(union) >= opt.CopyJaccard || float64(inter)/float64(small) >= opt.ExcerptContain
		}
		// The least count of shared shingles that is kept: most
		// candidates share few, and the count stops as soon as they
		// cannot reach it.
		need := 1 + sort.Search(small, func(k int) bool { return kept(k + 1) })
		inter, ok := intersectAtLeast(a.shingles, b.shingles, need)
		if !ok || inter == 0 || !sameNames(a, b) {
			return c, false
		}
		union := len(a.shingles) + len(b.shingles) - inter
		jac := float64(inter) / float64(union)
		contain := float64(inter) / float64(small)
		switch {
		case jac >= opt.CopyJaccard:
			e.Kind, e.Score = model.RelCopy, jac
			e.Why = fmt.Sprintf("shingle Jaccard %.2f", jac)
			c.e = e
			return c, true
		case contain >= opt.ExcerptContain:
			e.Kind, e.Score = model.RelExcerpt, contain
			e.Why = fmt.Sprintf("%.0f%% of the shorter text's shingles are in the longer", 100*contain)
			c.e = e
			return c, true
		}
		return c, false
	}
	la, lb := float64(max(a.length, 1)), float64(max(b.length, 1))
	if !cjk[a.lang] && !cjk[b.lang] && max(la, lb)/min(la, lb) > opt.MaxLengthRatio {
		return c, false
	}
	cos, shared := cosineShared(a.vec, b.vec)
	dictionaries := a.dcount != nil && b.dcount != nil
	if cos == 0 && !dictionaries {
		return c, false
	}
	// A translation keeps the order of its names and numbers; another
	// article on the same story names the same things in another order.
	// One key is always in order: the share is taken over at least
	// minOrderKeys keys, so that two texts sharing one name or number
	// do not score half the way to a translation on that alone.
	lcs := 0
	if shared > 0 { // else the sequences (of keys of the vectors) share nothing
		lcs = sharedLCS(a, b)
	}
	inOrder := float64(lcs) / float64(max(minOrderKeys, min(len(a.seqID), len(b.seqID))))
	score := (cos + inOrder) / 2
	// Without dictionaries, one shared key is all the evidence there
	// is: short texts that name one common thing ("40", "Samsung")
	// would stand out among unrelated candidates. Such a pair must be
	// sure in itself.
	if !dictionaries && score < opt.TranslationSure && shared < 2 {
		return c, false
	}
	e.Kind, e.Score = model.RelTranslation, score
	c.cos, c.inOrder = cos, inOrder
	// With dictionaries for both languages, the content words are a
	// second, independent witness: a translation of a text without
	// names scores through them, and another article on the same
	// story, with the same names but other words, scores lower.
	if dictionaries {
		d := cosine(a.dvec, b.dvec)
		if d == 0 && cos == 0 {
			return c, false
		}
		e.Score = (score + min(1, d/opt.DictScale)) / 2
		c.dict, c.hasDict = d, true
	}
	c.e = e
	return c, true
}

// why explains a translation score by the keys the documents share.
func why(a, b *features, cos, inOrder float64) string {
	type kw struct {
		k string
		w float64
	}
	var shared []kw
	for i, j := 0, 0; i < len(a.vec.keys) && j < len(b.vec.keys); {
		switch x, y := a.vec.ids[i], b.vec.ids[j]; {
		case x == y:
			if k := a.vec.keys[i]; k[0] != keyLong {
				shared = append(shared, kw{a.surface[k], a.vec.w[i] * b.vec.w[j]})
			}
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	slices.SortFunc(shared, func(p, q kw) int {
		if c := cmp.Compare(q.w, p.w); c != 0 {
			return c
		}
		return cmp.Compare(p.k, q.k)
	})
	var show []string
	for i, s := range shared {
		if i == 12 {
			break
		}
		show = append(show, s.k)
	}
	return fmt.Sprintf("cross-language keys: cosine %.2f, in order %.2f; shared %d (%s)", cos, inOrder, len(shared), strings.Join(show, ", "))
}

// cjk languages write without spaces, so their texts are much shorter in
// code points than their translations.
var cjk = map[string]bool{"zh": true, "ja": true, "ko": true}

// LSH candidate thresholds for same-language documents: loose, since
// compare then measures the shingles themselves.
const (
	nearJaccard = 0.3
	nearContain = 0.5
)

// minZDocs is the least number of documents in a language for scores
// against them to have a meaningful spread.
const minZDocs = 10

// zScore is how many standard deviations s lies above the mean of n
// scores of which sum holds the sum and the sum of squares (the scores
// not given are 0).
func zScore(s float64, sum [2]float64, n int) float64 {
	if n < 2 {
		return 0
	}
	mean := sum[0] / float64(n)
	sd := math.Sqrt(max(sum[1]/float64(n)-mean*mean, 0))
	return (s - mean) / max(sd, 0.01)
}

// siblingShape reports whether two documents in one language can be two
// translations of one text: of about the same length, and, when both
// are dated, published within days of each other (a follow-up by the
// same outlet names the same things a week later).
// siblingText reports whether two documents in one language name the
// same things as two translations of one text do: their cross-language
// keys agree, or, in Chinese, Japanese or Korean (where translators
// transliterate names at will), their ideograph pairs do.
func siblingText(a, b *features, opt Options) bool {
	if cosine(a.vec, b.vec) >= opt.SiblingScore {
		return true
	}
	return a.bigrams != nil && b.bigrams != nil && dice(a.bigrams, b.bigrams) >= opt.SiblingBigrams
}

// cjkBigrams returns the hashes of the pairs of adjacent Han, Hiragana,
// Katakana or Hangul characters in text, and the text's length in units:
// characters, with a run of Latin letters or digits counting as one (a
// name kept in Latin letters is as long as the same name transliterated).
func cjkBigrams(text string) (map[uint64]struct{}, int) {
	out := map[uint64]struct{}{}
	var prev rune
	units, inWord := 0, false
	for _, r := range text {
		word := r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !word || !inWord {
			units++
		}
		inWord = word
		if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			prev = 0
			continue
		}
		if prev != 0 {
			out[uint64(prev)<<32|uint64(r)] = struct{}{}
		}
		prev = r
	}
	return out, units
}

// dice is the Dice coefficient of two sets.
func dice(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	inter := 0
	for h := range small {
		if _, ok := large[h]; ok {
			inter++
		}
	}
	return 2 * float64(inter) / float64(len(a)+len(b))
}

func siblingShape(a, b *features) bool {
	const window = 3 * 24 * 3600
	if a.pub != 0 && b.pub != 0 && (a.pub-b.pub > window || b.pub-a.pub > window) {
		return false
	}
	la, lb := float64(max(a.length, 1)), float64(max(b.length, 1))
	if a.units > 0 && b.units > 0 {
		la, lb = float64(a.units), float64(b.units)
	}
	return max(la, lb)/min(la, lb) <= 1.3
}

// intern numbers keys by ids (adding new ones), so that lcsLen compares
// integers, not strings.
func intern(keys []string, ids map[string]int32) []int32 {
	out := make([]int32, len(keys))
	for i, k := range keys {
		id, ok := ids[k]
		if !ok {
			id = int32(len(ids))
			ids[k] = id
		}
		out[i] = id
	}
	return out
}

// sharedLCS is lcsLen of a's and b's interned key sequences, computed
// on the keys both have only: a key one of them lacks is in no common
// subsequence, and two documents share few keys.
func sharedLCS(a, b *features) int {
	var buf [16]int32
	common := buf[:0]
	for i, j := 0, 0; i < len(a.seqSet) && j < len(b.seqSet); {
		switch x, y := a.seqSet[i], b.seqSet[j]; {
		case x == y:
			common = append(common, x)
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	if len(common) == 0 {
		return 0
	}
	// Two documents share one or two keys more often than not.
	lo, hi := common[0], common[len(common)-1]
	only := func(seq []int32) []int32 {
		out := make([]int32, 0, len(seq))
		for _, k := range seq {
			if k < lo || k > hi {
				continue
			}
			if _, ok := slices.BinarySearch(common, k); ok {
				out = append(out, k)
			}
		}
		return out
	}
	return lcsLen(only(a.seqID), only(b.seqID))
}

// lcsLen is the length of the longest common subsequence of a and b.
func lcsLen[T comparable](a, b []T) int {
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
func group(fs []*features, edges []Edge, scores map[[2]int]float64, opt Options) []Group {
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
	// Copies and excerpts join first; then translations, best first, and
	// only when the result keeps one version per language, except for
	// several translations of one document into one language.
	order := slices.Clone(edges)
	slices.SortStableFunc(order, func(x, y Edge) int {
		if tx, ty := x.Kind == model.RelTranslation, y.Kind == model.RelTranslation; tx != ty {
			if ty {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return cmp.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B)
	})
	adj := map[[2]int]bool{}
	for _, e := range edges {
		a, b := idx[e.A], idx[e.B]
		adj[[2]int{a, b}], adj[[2]int{b, a}] = true, true
	}
	cluster := make([][]int, len(fs))
	for i := range cluster {
		cluster[i] = []int{i}
	}
	// allowed reports whether a's and b's clusters may join through the
	// edge a–b: every language in both clusters must be one whose
	// members there are all linked to a, or all to b.
	allowed := func(a, b int) bool {
		ca, cb := cluster[find(a)], cluster[find(b)]
		// Every version of an article translates every other: each
		// pair of documents in different languages across the two
		// clusters must itself score as a translation candidate.
		for _, x := range ca {
			for _, y := range cb {
				if (x != a || y != b) && fs[x].lang != fs[y].lang && scores[[2]int{x, y}] < opt.GroupScore {
					return false
				}
			}
		}
		langs := map[string]bool{}
		for _, i := range ca {
			langs[fs[i].lang] = true
		}
		for l := range langs {
			shared := false
			for _, j := range cb {
				if fs[j].lang == l {
					shared = true
					break
				}
			}
			if !shared {
				continue
			}
			// ok: the members in l are all translations of center, each
			// scoring close to the best of them.
			margin := opt.SiblingMargin
			if cjk[l] {
				margin = opt.SiblingMarginCJK
			}
			ok := func(center int) bool {
				top := 0.0
				for _, m := range slices.Concat(ca, cb) {
					if fs[m].lang == l && m != center {
						if !adj[[2]int{m, center}] {
							return false
						}
						top = max(top, scores[[2]int{m, center}])
					}
				}
				for _, m := range slices.Concat(ca, cb) {
					if fs[m].lang == l && m != center && scores[[2]int{m, center}] < margin*top {
						return false
					}
				}
				return true
			}
			if !ok(a) && !ok(b) {
				return false
			}
			// Two translations of one text into one language name the
			// same things as each other; a follow-up does not.
			for _, x := range ca {
				for _, y := range cb {
					if fs[x].lang != l || fs[y].lang != l {
						continue
					}
					if !siblingText(fs[x], fs[y], opt) || !siblingShape(fs[x], fs[y]) {
						return false
					}
				}
			}
		}
		return true
	}
	for _, e := range order {
		a, b := idx[e.A], idx[e.B]
		ra, rb := find(a), find(b)
		if ra == rb {
			continue
		}
		if e.Kind == model.RelTranslation && !allowed(a, b) {
			continue
		}
		root, other := min(ra, rb), max(ra, rb)
		parent[other] = root
		cluster[root] = append(cluster[root], cluster[other]...)
		cluster[other] = nil
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

// minOrderKeys is the least number of keys the in-order share of a
// translation candidate is measured over (see compare).
const minOrderKeys = 2
