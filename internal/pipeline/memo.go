package pipeline

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/story"
)

// Memo lets a long-running process (the server, a stream worker, a feed
// watcher) reuse the work of its previous rebuild: a document whose
// clean article did not change keeps its analysis and its comparison
// features (dedup.Cache), a dedup group whose documents did not change
// keeps its text features for clustering (story.Cache), and a story whose documents (in order, by
// content) did not change keeps its incident record. A rebuild still looks at the whole corpus for boilerplate,
// relations and stories, so its result is exactly the result without a
// Memo; only analysis and incident extraction, most of a rebuild's CPU,
// are skipped for what did not change.
//
// A Memo holds what the last rebuild used and nothing older, so its
// memory is bounded by one snapshot (whose values it shares). It is safe
// for concurrent rebuilds: the one that finishes last leaves its
// entries. The zero value is ready to use.
type Memo struct {
	mu        sync.Mutex
	docs      map[[32]byte]model.Doc
	incidents map[[32]byte]model.Incident
	hits      MemoStats
	dedup     dedup.Cache // documents' comparison features
	story     story.Cache // units' bags of words, outlets and cues
}

// MemoStats counts what rebuilds found in a Memo.
type MemoStats struct {
	DocHits, DocMisses           int
	IncidentHits, IncidentMisses int
}

// Stats returns the counts since the Memo was made.
func (m *Memo) Stats() MemoStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

// generation is one rebuild's view of a Memo: the previous rebuild's
// entries, read-only, and the entries this rebuild uses, filled per slot
// by the parallel stages and gathered at the end.
type generation struct {
	m         *Memo
	docs      map[[32]byte]model.Doc
	incidents map[[32]byte]model.Incident
	opts      [32]byte // the incident options the records were made with
}

// begin starts a rebuild's generation; nil for a nil Memo.
func (m *Memo) begin(opt incident.Options) *generation {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return &generation{m: m, docs: m.docs, incidents: m.incidents, opts: optionsKey(opt)}
}

// end keeps the entries this rebuild used (and only those) for the next
// one.
func (g *generation) end(docs map[[32]byte]model.Doc, incidents map[[32]byte]model.Incident, st MemoStats) {
	if g == nil {
		return
	}
	g.m.mu.Lock()
	defer g.m.mu.Unlock()
	g.m.docs, g.m.incidents = docs, incidents
	g.m.hits.DocHits += st.DocHits
	g.m.hits.DocMisses += st.DocMisses
	g.m.hits.IncidentHits += st.IncidentHits
	g.m.hits.IncidentMisses += st.IncidentMisses
}

// articleKey fingerprints a clean article: everything analysis reads.
func articleKey(a model.Article) [32]byte {
	b, err := json.Marshal(a)
	if err != nil {
		panic(fmt.Sprintf("pipeline: article %s: %v", a.ID, err)) // plain data: cannot fail
	}
	return sha256.Sum256(b)
}

// storyKey fingerprints what incident.Extract reads: the story id, its
// documents in order, and the options. A document is named by its
// article key: its analysis is a function of its clean article.
func (g *generation) storyKey(storyID string, ids []string, docKeys map[string][32]byte) [32]byte {
	h := sha256.New()
	h.Write(g.opts[:])
	fmt.Fprintf(h, "%q", storyID)
	for _, id := range ids {
		k := docKeys[id]
		h.Write(k[:])
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// optionsKey fingerprints incident options: the alias table by content,
// the KEV catalogue by identity (a catalogue is not changed once
// loaded; a new one is a new value).
func optionsKey(opt incident.Options) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "kev %p\n", opt.KEV)
	for _, k := range slices.SortedFunc(maps.Keys(opt.Aliases), cmp.Compare) {
		fmt.Fprintf(h, "%q=%q\n", k, opt.Aliases[k])
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Seed fills the Memo from a saved snapshot (what a server or worker
// loads when it starts), so that its first rebuild already skips what
// did not change. An entry whose stored form does not match what a
// rebuild computes (another version of casefile, say) is never looked
// up: its key is computed from what the rebuild has.
func (m *Memo) Seed(snap store.Snapshot, opt incident.Options) {
	g := m.begin(opt)
	docs := make(map[[32]byte]model.Doc, len(snap.Documents))
	rel := make(map[string]model.Relation, len(snap.Documents))
	keys := make(map[string][32]byte, len(snap.Documents))
	for _, d := range snap.Documents {
		k := articleKey(d.Article)
		docs[k] = d.Doc
		keys[d.ID] = k
		rel[d.ID] = d.Relation
	}
	byStory := make(map[string]model.Incident, len(snap.Incidents))
	for _, in := range snap.Incidents {
		byStory[in.Story] = in
	}
	incidents := make(map[[32]byte]model.Incident, len(snap.Incidents))
	for _, s := range snap.Stories {
		in, ok := byStory[s.ID]
		if !ok {
			continue
		}
		incidents[g.storyKey(s.ID, StoryOrder(s, rel), keys)] = in
	}
	g.end(docs, incidents, MemoStats{})
}
