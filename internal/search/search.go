// Package search is casefile's full-text search across languages: an
// in-memory bleve index of the stored documents, each analysed with the
// analyser of its own language (stemming, stop words, elision) and once
// more with a language-independent folding analyser (case, accents,
// German digraphs through internal/fold), and indexed together with the
// canonical names and aliases of the entities its incident resolves. A
// query for one spelling of a name ("Dover") therefore finds the documents
// written with another ("Douvres"), and each hit says which entity brought
// it in and where that entity is named in the text.
//
// The index lives in memory and is rebuilt from the store's snapshot;
// that suits a laptop corpus (tens of thousands of documents). A large
// deployment would keep a bleve index on disk and update it per document.
package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"

	// The language analysers the index uses, by ISO 639-1 code.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// analyzers maps a document language (ISO 639-1, as analyze gives it) to
// the bleve analyser for it. Documents in other languages are searched
// through the folding analyser only.
var analyzers = map[string]string{
	"ar": "ar", "ckb": "ckb", "da": "da", "de": "de", "en": "en", "es": "es", "fa": "fa", "fi": "fi",
	"fr": "fr", "hi": "hi", "hr": "hr", "hu": "hu", "it": "it", "nl": "nl", "no": "no", "nb": "no",
	"nn": "no", "pl": "pl", "pt": "pt", "ro": "ro", "ru": "ru", "sv": "sv", "tr": "tr",
	"zh": "cjk", "ja": "cjk", "ko": "cjk",
}

// foldAnalyzer is the language-independent analyser: Unicode words, lower
// case, French/Italian-style elisions dropped (l', d'), then casefile's
// folding.
const (
	foldAnalyzer = "casefile_fold"
	foldFilter   = "casefile_fold"
)

// Field names.
const (
	fieldText     = "text"  // clean text, folding analyser
	fieldTitle    = "title" // title, folding analyser
	fieldNames    = "names" // entity names and aliases, folding analyser
	fieldLang     = "lang"
	fieldIncident = "incident"
)

func langField(base, lang string) string { return base + "_" + lang }

func init() {
	// bleve finds token filters by name in a registry filled at init;
	// the name is ours alone, so this cannot collide.
	if err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	}); err != nil {
		panic(fmt.Sprintf("search: register %s: %v", foldFilter, err))
	}
}

// foldTokens folds each token with fold.Key. A token with inner
// punctuation ("council’s", "U.K") becomes one token per part, all at the
// token's position, so that both "council" and "council’s" match it.
type foldTokens struct{}

func (foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0:0]
	for _, t := range in {
		key := fold.Key(string(t.Term))
		if key == "" {
			continue
		}
		parts := strings.Split(key, " ")
		for _, p := range parts {
			c := *t
			c.Term = []byte(p)
			out = append(out, &c)
		}
	}
	return out
}

// Name is one spelling of an entity an indexed document's incident
// resolves.
type Name struct {
	Entity string `json:"entity"` // the entity's canonical name
	Role   string `json:"role"`   // victim, provider, supplier, agency, product, vendor, person
	Name   string `json:"name"`   // this spelling: the canonical name or an alias
}

// Doc is one document to index.
type Doc struct {
	ID       string
	Lang     string
	Title    string
	Text     string
	Incident string // the incident of the document's story, "" if none
	Names    []Name // the incident's entities, every spelling
}

// Docs turns a snapshot into the documents to index: each with the
// names of the entities its story's incident resolves.
func Docs(snap store.Snapshot) []Doc {
	byStory := map[string]*model.Incident{}
	for i := range snap.Incidents {
		if s := snap.Incidents[i].Story; s != "" {
			byStory[s] = &snap.Incidents[i]
		}
	}
	names := map[string][]Name{}
	out := make([]Doc, 0, len(snap.Documents))
	for _, d := range snap.Documents {
		doc := Doc{ID: d.ID, Lang: d.Lang, Title: d.Title, Text: d.Text}
		if inc := byStory[d.Story]; inc != nil && d.Story != "" {
			doc.Incident = inc.ID
			ns, ok := names[inc.ID]
			if !ok {
				ns = IncidentNames(*inc)
				names[inc.ID] = ns
			}
			doc.Names = ns
		}
		out = append(out, doc)
	}
	return out
}

// IncidentNames lists every spelling of the entities an incident
// resolves: victims, providers and suppliers, agencies, the vector's
// product and vendor, and people (with their variant spellings).
func IncidentNames(inc model.Incident) []Name {
	var out []Name
	add := func(entity, role string, spellings ...string) {
		seen := map[string]bool{}
		for _, s := range append([]string{entity}, spellings...) {
			k := fold.Key(s)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Name{Entity: entity, Role: role, Name: s})
		}
	}
	for _, v := range inc.Victims {
		add(v.Name, "victim", v.Aliases...)
	}
	for _, p := range inc.Providers {
		role := "provider"
		if p.Role == model.RoleSupplier {
			role = "supplier"
		}
		add(p.Name, role, p.Aliases...)
	}
	for _, a := range inc.Agencies {
		add(a.Name, "agency", a.Aliases...)
	}
	if v := inc.Vector; v != nil {
		if v.Product != "" {
			add(v.Product, "product")
		}
		if v.Vendor != "" {
			add(v.Vendor, "vendor")
		}
	}
	for _, p := range inc.People {
		add(p.Name, "person", p.Variants...)
	}
	return out
}

// Index is an in-memory search index over documents. It is safe for
// concurrent searches.
//
// Update makes the index of a later set of documents by indexing only
// what changed into the same bleve index, which the two Index values
// then share (closed with the last of them). A search on the earlier
// Index after that does not find the documents the update deleted, and
// skips those it indexed again (their text may have changed), though
// the total it reports may count them: a server answers from the
// earlier Index only until it swaps the later one in.
type Index struct {
	sh    *shared
	gen   int64            // this Index's generation in sh
	docs  map[string]*Doc  // the documents of this generation
	fps   map[string]docFP // their content fingerprints
	langs []string         // languages with their own fields in the index
	// textSlots memoises each document's text as the folding analyser
	// sees it (id → []slot, read-only once stored): marking a hit's
	// entity spellings needs it on every search, and the text of an
	// indexed document never changes.
	textSlots sync.Map

	close    sync.Once
	closeErr error
}

// docFP fingerprints what is indexed of a document.
type docFP [32]byte

func fingerprint(d *Doc) docFP {
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %q %q", d.ID, d.Lang, d.Title, d.Text, d.Incident)
	for _, n := range d.Names {
		fmt.Fprintf(h, " %q %q %q", n.Entity, n.Role, n.Name)
	}
	var fp docFP
	h.Sum(fp[:0])
	return fp
}

// shared is a bleve index and the Index generations over it.
type shared struct {
	idx     bleve.Index
	im      *mapping.IndexMappingImpl
	mu      sync.RWMutex
	refs    int              // open Index values
	gen     int64            // generations made (New is 1)
	indexed map[string]int64 // document → generation it was last indexed in
}

// maxUpdates is how many Updates share one bleve index before the next
// builds a fresh one: each Update adds a segment, which in-memory scorch
// never merges, and every search reads every segment.
const maxUpdates = 32

// indexedIn reports whether document id's content in the bleve index is
// the one generation gen indexed.
func (sh *shared) indexedIn(id string, gen int64) bool {
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	return sh.indexed[id] <= gen
}

// newMapping builds the index mapping: the folding analyser, and per
// language text and title fields analysed in that language.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(foldAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, fr.ElisionName, foldFilter},
	}); err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	dm := bleve.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = false
		f.IncludeTermVectors = true // term locations for the highlights
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	dm.AddFieldMappingsAt(fieldText, text(foldAnalyzer))
	dm.AddFieldMappingsAt(fieldTitle, text(foldAnalyzer))
	dm.AddFieldMappingsAt(fieldNames, text(foldAnalyzer))
	dm.AddFieldMappingsAt(fieldLang, keyword())
	dm.AddFieldMappingsAt(fieldIncident, keyword())
	seen := map[string]bool{}
	for _, a := range analyzers {
		if seen[a] {
			continue
		}
		seen[a] = true
		dm.AddFieldMappingsAt(langField(fieldText, a), text(a))
		dm.AddFieldMappingsAt(langField(fieldTitle, a), text(a))
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = foldAnalyzer
	return im, nil
}

// SetAnalysisWorkers sets how many goroutines analyse documents for
// every index of the process (bleve's analysis queue, 4 by default). A
// server that indexes each new snapshot beside its readers keeps a
// thread for them this way.
func SetAnalysisWorkers(n int) {
	if n > 0 {
		bleve.Config.SetAnalysisQueueSize(n)
	}
}

// New indexes docs in memory.
func New(ctx context.Context, docs []Doc) (*Index, error) {
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	// Scorch with no path keeps its segments in memory; it indexes in
	// time linear in the corpus, where NewMemOnly's upsidedown/gtreap
	// store grows superlinearly (BenchmarkBuild).
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: new index: %w", err)
	}
	sh := &shared{idx: idx, im: im, refs: 1, gen: 1, indexed: make(map[string]int64, len(docs))}
	ix := newIndex(sh, docs)
	all := make([]*Doc, len(docs))
	for i := range docs {
		all[i] = &docs[i]
	}
	if err := ix.index(ctx, all, nil); err != nil {
		idx.Close()
		return nil, err
	}
	return ix, nil
}

// newIndex is the Index of generation sh.gen over docs.
func newIndex(sh *shared, docs []Doc) *Index {
	ix := &Index{sh: sh, gen: sh.gen, docs: make(map[string]*Doc, len(docs)), fps: make(map[string]docFP, len(docs))}
	langs := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		ix.docs[d.ID] = d
		ix.fps[d.ID] = fingerprint(d)
		if a, ok := analyzers[d.Lang]; ok {
			langs[a] = true
		}
	}
	for a := range langs {
		ix.langs = append(ix.langs, a)
	}
	slices.Sort(ix.langs)
	return ix
}

// Update returns the index of docs, a later version of ix's documents:
// it indexes the documents that are new or changed and deletes those
// gone, in ix's bleve index (or builds a fresh one every maxUpdates
// updates). ix stays open and searchable; close both.
func (ix *Index) Update(ctx context.Context, docs []Doc) (*Index, error) {
	sh := ix.sh
	sh.mu.Lock()
	fresh := sh.gen >= maxUpdates
	if !fresh {
		sh.gen++
		sh.refs++
	}
	sh.mu.Unlock()
	if fresh {
		return New(ctx, docs)
	}
	next := newIndex(sh, docs)
	var changed []*Doc
	for id, fp := range next.fps {
		if old, ok := ix.fps[id]; !ok || old != fp {
			changed = append(changed, next.docs[id])
		}
	}
	var gone []string
	for id := range ix.docs {
		if _, ok := next.docs[id]; !ok {
			gone = append(gone, id)
		}
	}
	slices.SortFunc(changed, func(a, b *Doc) int { return cmp.Compare(a.ID, b.ID) })
	slices.Sort(gone)
	if err := next.index(ctx, changed, gone); err != nil {
		next.Close()
		return nil, err
	}
	return next, nil
}

// index adds (or replaces) docs and deletes the documents gone, in
// batches, marking them as of ix's generation.
func (ix *Index) index(ctx context.Context, docs []*Doc, gone []string) error {
	sh := ix.sh
	sh.mu.Lock()
	for _, d := range docs {
		sh.indexed[d.ID] = ix.gen
	}
	for _, id := range gone {
		sh.indexed[id] = ix.gen
	}
	sh.mu.Unlock()
	const batchSize = 500
	b := sh.idx.NewBatch()
	flush := func() error {
		if err := sh.idx.Batch(b); err != nil {
			return fmt.Errorf("search: build: %w", err)
		}
		b.Reset()
		return nil
	}
	for _, id := range gone {
		b.Delete(id)
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("search: build: %w", err)
		}
		fields := map[string]any{
			fieldText: d.Text, fieldTitle: d.Title, fieldLang: d.Lang, fieldIncident: d.Incident,
		}
		if len(d.Names) > 0 {
			names := make([]string, len(d.Names))
			for j, n := range d.Names {
				names[j] = n.Name
			}
			fields[fieldNames] = names
		}
		if a, ok := analyzers[d.Lang]; ok {
			fields[langField(fieldText, a)] = d.Text
			fields[langField(fieldTitle, a)] = d.Title
		}
		if err := b.Index(d.ID, fields); err != nil {
			return fmt.Errorf("search: index document %s: %w", d.ID, err)
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if b.Size() > 0 {
		return flush()
	}
	return nil
}

// Close releases the index (the bleve index once every Index sharing it
// is closed); closing twice is harmless.
func (ix *Index) Close() error {
	ix.close.Do(func() {
		sh := ix.sh
		sh.mu.Lock()
		sh.refs--
		last := sh.refs == 0
		sh.mu.Unlock()
		if last {
			ix.closeErr = sh.idx.Close()
		}
	})
	return ix.closeErr
}

// Len is the number of documents indexed.
func (ix *Index) Len() int { return len(ix.docs) }

// Query is a search request.
type Query struct {
	Text string // words to find, all of them (in any of the fields)
	Lang string // only documents in this language, if set
	Size int    // hits to return; 0 means 20, at most 100
	From int    // hits to skip
}

// MaxSize is the most hits one search returns.
const MaxSize = 100

// Result is a page of hits, best first.
type Result struct {
	Total int   `json:"total"`
	Hits  []Hit `json:"hits"`
}

// Hit is one document found.
type Hit struct {
	Doc      string  `json:"document"`
	Incident string  `json:"incident,omitempty"`
	Score    float64 `json:"score"`
	// Marks are the spans (Unicode code points of the clean text) where
	// the query's words, or the names of the entities in Via, stand.
	Marks []model.Span `json:"marks"`
	// TitleMarks are the query's words in the title.
	TitleMarks []model.Span `json:"title_marks,omitempty"`
	// Via lists the entity spellings the query matched through the
	// incident's names (a document found by an alias of an entity it
	// names another way).
	Via []Name `json:"via,omitempty"`
}

// Search finds the documents with all of q's words in their text or
// title (in their language's analysis or folded), or among the names of
// their incident's entities.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return Result{Hits: []Hit{}}, nil
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	size = min(size, MaxSize)
	from := max(q.From, 0)

	match := func(field string, boost float64) query.Query {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetOperator(query.MatchQueryOperatorAnd)
		m.SetBoost(boost)
		return m
	}
	fields := []query.Query{match(fieldText, 1), match(fieldTitle, 2), match(fieldNames, 0.5)}
	for _, a := range ix.langs {
		fields = append(fields, match(langField(fieldText, a), 1), match(langField(fieldTitle, a), 2))
	}
	var qq query.Query = bleve.NewDisjunctionQuery(fields...)
	if q.Lang != "" {
		lang := bleve.NewTermQuery(q.Lang)
		lang.SetField(fieldLang)
		qq = bleve.NewConjunctionQuery(qq, lang)
	}
	req := bleve.NewSearchRequestOptions(qq, size, from, false)
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"}) // ties in a stable order
	res, err := ix.sh.idx.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: %w", text, err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		d := ix.docs[h.ID]
		if d == nil || !ix.sh.indexedIn(h.ID, ix.gen) {
			continue // indexed for a later generation
		}
		hit := Hit{Doc: d.ID, Incident: d.Incident, Score: h.Score}
		var textMarks, titleMarks []byteSpan
		via := map[int]bool{}
		for field, terms := range h.Locations {
			for _, locs := range terms {
				for _, l := range locs {
					switch {
					case field == fieldNames:
						if len(l.ArrayPositions) > 0 && int(l.ArrayPositions[0]) < len(d.Names) {
							via[int(l.ArrayPositions[0])] = true
						}
					case field == fieldTitle || strings.HasPrefix(field, fieldTitle+"_"):
						titleMarks = append(titleMarks, byteSpan{int(l.Start), int(l.End)})
					default:
						textMarks = append(textMarks, byteSpan{int(l.Start), int(l.End)})
					}
				}
			}
		}
		// The entities matched through their names: every spelling of
		// them found in the text is marked too. The names field holds
		// all names of the incident, so the query's words may have come
		// from different names; the names holding the most of them win.
		via = ix.bestNames(d, via, text)
		entities := map[string]bool{}
		for i := range via {
			hit.Via = append(hit.Via, d.Names[i])
			entities[d.Names[i].Entity+"\x00"+d.Names[i].Role] = true
		}
		slices.SortFunc(hit.Via, func(a, b Name) int {
			return cmp.Or(cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.Name, b.Name))
		})
		if len(entities) > 0 {
			var spellings []string
			for _, n := range d.Names {
				if entities[n.Entity+"\x00"+n.Role] {
					spellings = append(spellings, n.Name)
				}
			}
			textMarks = append(textMarks, ix.find(d, spellings)...)
		}
		hit.Marks = codePointSpans(d.Text, textMarks)
		hit.TitleMarks = codePointSpans(d.Title, titleMarks)
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// bestNames keeps, of the names of d matched (by index), those that hold
// the most of the query's words.
func (ix *Index) bestNames(d *Doc, matched map[int]bool, text string) map[int]bool {
	if len(matched) < 2 {
		return matched
	}
	terms := func(s string) map[string]bool {
		out := map[string]bool{}
		toks, err := ix.sh.im.AnalyzeText(foldAnalyzer, []byte(s))
		if err != nil {
			return out
		}
		for _, t := range toks {
			out[string(t.Term)] = true
		}
		return out
	}
	want := terms(text)
	score := map[int]int{}
	best := 0
	for i := range matched {
		have := terms(d.Names[i].Name)
		for w := range want {
			if have[w] {
				score[i]++
			}
		}
		best = max(best, score[i])
	}
	out := map[int]bool{}
	for i := range matched {
		if score[i] == best {
			out[i] = true
		}
	}
	return out
}

// byteSpan is a half-open range of bytes.
type byteSpan struct{ start, end int }

// slot is the folded terms at one position of a text (a token split at
// inner punctuation gives several terms at one position).
type slot struct {
	terms      []string
	start, end int
}

// find returns where any of the spellings stands in d's text, as the
// folding analyser sees both: the same folded words in a row.
func (ix *Index) find(d *Doc, spellings []string) []byteSpan {
	var slots []slot
	if v, ok := ix.textSlots.Load(d.ID); ok {
		slots = v.([]slot)
	} else {
		toks, err := ix.sh.im.AnalyzeText(foldAnalyzer, []byte(d.Text))
		if err != nil {
			return nil
		}
		for _, t := range toks {
			if n := len(slots); n > 0 && slots[n-1].start == t.Start && slots[n-1].end == t.End {
				slots[n-1].terms = append(slots[n-1].terms, string(t.Term))
				continue
			}
			slots = append(slots, slot{terms: []string{string(t.Term)}, start: t.Start, end: t.End})
		}
		ix.textSlots.Store(d.ID, slots)
	}
	if len(slots) == 0 {
		return nil
	}
	has := func(s slot, term string) bool { return slices.Contains(s.terms, term) }
	var out []byteSpan
	for _, sp := range spellings {
		st, err := ix.sh.im.AnalyzeText(foldAnalyzer, []byte(sp))
		if err != nil || len(st) == 0 {
			continue
		}
		// One term per position of the spelling: the first.
		var want []string
		last := -1
		for _, t := range st {
			if t.Start != last {
				want = append(want, string(t.Term))
				last = t.Start
			}
		}
		for i := 0; i+len(want) <= len(slots); i++ {
			ok := true
			for j, w := range want {
				if !has(slots[i+j], w) {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, byteSpan{slots[i].start, slots[i+len(want)-1].end})
			}
		}
	}
	return out
}

// codePointSpans turns byte spans of s into merged, sorted code point
// spans; spans outside s or not on character boundaries are dropped.
func codePointSpans(s string, spans []byteSpan) []model.Span {
	spans = slices.DeleteFunc(spans, func(b byteSpan) bool {
		return b.start < 0 || b.end > len(s) || b.start >= b.end ||
			!utf8.RuneStart(s[b.start]) || (b.end < len(s) && !utf8.RuneStart(s[b.end]))
	})
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b byteSpan) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	merged := spans[:1]
	for _, b := range spans[1:] {
		if last := &merged[len(merged)-1]; b.start <= last.end {
			last.end = max(last.end, b.end)
			continue
		}
		merged = append(merged, b)
	}
	out := make([]model.Span, 0, len(merged))
	pos, cp := 0, 0 // byte position and its code point offset
	for _, b := range merged {
		cp += utf8.RuneCountInString(s[pos:b.start])
		start := cp
		cp += utf8.RuneCountInString(s[b.start:b.end])
		pos = b.end
		out = append(out, model.Span{Start: start, End: cp})
	}
	return out
}
