package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/parallel"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/story"
)

// Incremental ingests batches of articles at a cost that depends on the
// batch, not on the corpus stored: where Rebuild recomputes everything
// from every raw document, Incremental analyses the batch's new
// documents only, finds the stored stories they may belong to (its
// neighbourhood: the stories sharing the rarest terms with them, within
// the story time window), runs dedup, story clustering and incident
// extraction over the neighbourhood and the batch together, and
// replaces just those stories in the store (store.Updater).
//
// The neighbourhood is clustered with the whole corpus's term
// statistics, which Incremental keeps, so a batch is judged as the full
// rebuild would judge it. What differs from Rebuild, by design:
//   - documents are cleaned with the repeated lines learnt up to their
//     batch; a line that becomes boilerplate later is not removed from
//     documents stored before;
//   - a stored story that is not among the 8 sharing the most of a new
//     document's terms within the window (nor, beyond it, holds most
//     of its heaviest terms) is not looked at, so a follow-up with
//     little of its story's wording can start a story of its own;
//   - stories depend on the batches' order as online clustering does.
//
// `casefile rebuild` (Rebuild) recomputes the order-independent result
// at any time; the tests compare the two.
//
// One Incremental writes to a store at a time. It keeps in memory, per
// stored document, its story and content hash and the postings of its
// heaviest terms, per story its dates, and the term statistics (a few
// hundred bytes per stored document in all); it reads the rest from the
// store.
type Incremental struct {
	st  store.Store
	up  store.Updater
	cfg Config
	opt IncrementalOptions

	mu      sync.Mutex // one batch at a time
	seeded  bool
	pending []model.Raw // stored raws without an up-to-date document, found when seeding
	rep     *extract.Repeated
	stats   *story.Stats
	docs    map[string]docEntry // stored raw id → its content hash and story
	stories []storyEntry        // by handle; a replaced story's id is ""
	byID    map[string]int32    // live story id → handle
	index   postings            // name key → stories
	// Consecutive batches' neighbourhoods overlap (news of the same
	// days): dedup's features and clustering's unit bags are kept from
	// one batch to the next.
	dedupCache dedup.Cache
	storyCache story.Cache
	// bags holds the terms of the last batch's documents (new and
	// neighbours) by id, with the article key they were computed from:
	// a neighbour is filed again after every batch that touches it.
	bags map[string]keptBag

	// lease is the store's ingest lease, taken on the first batch and
	// held until Close: one incremental writer per store at a time.
	lease store.Lease
	// version is the store's snapshot version after this Incremental's
	// last update: another value means that someone else (a rebuild)
	// replaced the stories, and what is kept in memory is stale.
	version int64
}

// versioned is a store that numbers its derived state's versions.
type versioned interface {
	Version(ctx context.Context) (int64, error)
}

// keptBag is a document's bag of terms and the key of the article it
// was computed from (a document stored again with a new text has a new
// key).
type keptBag struct {
	key [32]byte
	bag story.Bag
}

// IncrementalOptions tunes the neighbourhood of a batch.
type IncrementalOptions struct {
	// Stories is the most stored stories looked at per new document
	// (default 8): those sharing the most (IDF-weighted) terms with it.
	Stories int
	// PostingCap is the most stories remembered per name, newest first
	// (default 64): a name in thousands of stories ("Microsoft") then
	// finds the recent ones, which the time window keeps anyway.
	PostingCap int
	// IndexKeys is the number of terms each stored document files its
	// story under: its rarest (default 16). A new document looks its
	// stories up by all its terms.
	IndexKeys int
	// BatchSize is the most documents analysed and stored at once by
	// Ingest (default 1,000).
	BatchSize int
}

func (o IncrementalOptions) withDefaults() IncrementalOptions {
	if o.Stories <= 0 {
		o.Stories = 8
	}
	if o.PostingCap <= 0 {
		o.PostingCap = 64
	}
	if o.IndexKeys <= 0 {
		o.IndexKeys = 16
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	return o
}

// docEntry is what Incremental keeps per stored document: 16 bytes
// besides its id.
type docEntry struct {
	hash  uint64 // the first 64 bits of its raw content hash (store.Hash)
	story int32  // handle, -1 while the document is not analysed
}

type storyEntry struct {
	id          string
	first, last int32 // publication days of its dated documents; story.NoDay if none
	posted      int32 // postings filed under it
}

// NewIncremental returns an Incremental over st, which must implement
// store.Updater. It reads what it keeps in memory from st on the first
// batch.
func NewIncremental(st store.Store, cfg Config, opt IncrementalOptions) (*Incremental, error) {
	up, ok := st.(store.Updater)
	if !ok {
		return nil, fmt.Errorf("incremental ingest: the store (%T) cannot update its state in part", st)
	}
	return &Incremental{st: st, up: up, cfg: cfg, opt: opt.withDefaults()}, nil
}

// ReleaseCaches drops the dedup features and clustering bags kept from
// the last batch (memory bounded by a batch's neighbourhood, not by the
// store); the next batch computes them again.
func (in *Incremental) ReleaseCaches() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.dedupCache = dedup.Cache{}
	in.storyCache = story.Cache{}
	in.bags = nil
}

// begin prepares a batch: it takes the store's ingest lease (waiting
// while another incremental writer holds it) or checks that it is still
// held, and reads the store's state into memory the first time, or
// again when someone else changed the stories since this Incremental's
// last update (a 'casefile rebuild' beside it).
func (in *Incremental) begin(ctx context.Context) error {
	if in.lease != nil {
		if err := in.lease.Check(ctx); err != nil {
			in.lease.Release()
			in.lease, in.seeded = nil, false
			return fmt.Errorf("ingest: %w", err)
		}
	} else if l, ok := in.st.(store.Leaser); ok {
		short, cancel := context.WithTimeout(ctx, time.Second)
		lease, err := l.Lease(short)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			logger(in.cfg).Warn("waiting for the store's ingest lease: another incremental writer holds it")
			lease, err = l.Lease(ctx)
		}
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		// What was read before the lease was held may be stale.
		in.lease, in.seeded = lease, false
	}
	v, ok := in.st.(versioned)
	if !ok {
		return in.seed(ctx)
	}
	cur, err := v.Version(ctx)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if in.seeded && cur != in.version {
		logger(in.cfg).Warn("the stored stories changed beside this incremental ingester (a rebuild?): reading them again")
		in.seeded = false
	}
	if err := in.seed(ctx); err != nil {
		return err
	}
	in.version = cur
	return nil
}

// Close gives up the store's ingest lease, so that another incremental
// writer may take over. The Incremental may be used again: it takes the
// lease again.
func (in *Incremental) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.lease == nil {
		return nil
	}
	err := in.lease.Release()
	in.lease, in.seeded = nil, false
	return err
}

// Stored reads what Incremental keeps in memory from the store, if it
// has not yet (the first batch would), and returns how many articles
// the store holds.
func (in *Incremental) Stored(ctx context.Context) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if err := in.begin(ctx); err != nil {
		return 0, err
	}
	return len(in.docs), nil
}

// IncrementalReport adds to Report what the neighbourhoods held.
type IncrementalReport struct {
	Report
	Batches int
	// Neighbours counts the stored documents re-clustered with the new
	// ones, over all batches; Reused the incident records kept because
	// their story did not change.
	Neighbours, Reused int
}

// Ingest reads the sequence and ingests it in batches of
// IncrementalOptions.BatchSize. Bad inputs are collected in the report
// and do not stop the others.
func (in *Incremental) Ingest(ctx context.Context, src iter.Seq2[model.Raw, error]) (IncrementalReport, error) {
	log := logger(in.cfg)
	var rep IncrementalReport
	var batch []model.Raw
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		b, err := in.Add(ctx, batch)
		batch = batch[:0]
		if err != nil {
			return err
		}
		rep.Batches++
		rep.Changed += b.Changed
		rep.Neighbours += b.Neighbours
		rep.Reused += b.Reused
		rep.Documents, rep.Stories, rep.Incidents = b.Documents, b.Stories, b.Incidents
		log.Info("batch ingested", "batch", rep.Batches, "read", rep.Read, "changed", b.Changed,
			"neighbours", b.Neighbours, "documents", b.Documents, "stories", b.Stories)
		return nil
	}
	for raw, err := range src {
		if err != nil {
			if err := rep.reject(log, err); err != nil {
				return rep, err
			}
			continue
		}
		rep.Read++
		batch = append(batch, raw)
		if len(batch) >= in.opt.BatchSize {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	if rep.Batches == 0 { // nothing new read: still bring the state up to date
		b, err := in.Add(ctx, nil)
		if err != nil {
			return rep, err
		}
		rep.Changed, rep.Documents, rep.Stories, rep.Incidents = b.Changed, b.Documents, b.Stories, b.Incidents
	}
	log.Info("ingested", "read", rep.Read, "changed", rep.Changed, "rejected", len(rep.Rejected),
		"batches", rep.Batches, "documents", rep.Documents, "stories", rep.Stories)
	return rep, nil
}

// Add stores raws and updates the derived state of the stories they
// touch. Raws whose id is stored with the same content are skipped.
func (in *Incremental) Add(ctx context.Context, raws []model.Raw) (IncrementalReport, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	var rep IncrementalReport
	rep.Read = len(raws)
	if err := in.begin(ctx); err != nil {
		return rep, err
	}
	// The batch: the last version of each id, unless stored already.
	last := make(map[string]int, len(raws))
	for i, r := range raws {
		last[r.ID] = i
	}
	var batch []model.Raw
	hashes := make(map[string]uint64, len(raws))
	for i, r := range raws {
		if last[r.ID] != i {
			continue
		}
		h := hash64(store.Hash(bodyOf(r)))
		if e, ok := in.docs[r.ID]; ok && e.hash == h && e.story >= 0 { // stored and analysed
			continue
		}
		batch = append(batch, r)
		hashes[r.ID] = h
	}
	done := in.cfg.observe(StageStoreRaws, len(batch))
	if _, err := in.st.PutRaw(ctx, batch); err != nil {
		done()
		return rep, fmt.Errorf("ingest: %w", err)
	}
	done()
	for _, r := range in.pending { // stored before, not analysed yet: unless this batch replaces them
		if _, ok := last[r.ID]; !ok {
			batch = append(batch, r)
		}
	}
	in.pending = nil
	rep.Changed = len(batch)
	for _, r := range batch {
		e, ok := in.docs[r.ID]
		if !ok {
			e.story = -1
		}
		if h, ok := hashes[r.ID]; ok { // pending articles keep the hash read when seeding
			e.hash = h
		}
		in.docs[r.ID] = e
	}
	if len(batch) > 0 {
		if err := in.update(ctx, batch, &rep); err != nil {
			// What is stored stays consistent (the update is one
			// transaction), but this Incremental's memory may not be:
			// read it again on the next batch.
			in.seeded = false
			return rep, err
		}
		if v, ok := in.st.(versioned); ok {
			var err error
			if in.version, err = v.Version(ctx); err != nil {
				in.seeded = false
				return rep, fmt.Errorf("ingest: %w", err)
			}
		}
	}
	rep.Documents, rep.Stories, rep.Incidents = len(in.docs), len(in.byID), len(in.byID)
	return rep, nil
}

// hash64 is the first 64 bits of a hex content hash (store.Hash): what
// Incremental keeps per document to tell a changed article from one
// stored already, at an eighth of the memory.
func hash64(hex string) uint64 {
	v, err := strconv.ParseUint(hex[:min(len(hex), 16)], 16, 64)
	if err != nil {
		return 0 // not a store hash: never equal to one
	}
	return v
}

func bodyOf(r model.Raw) []byte {
	if r.Body == nil {
		return []byte{}
	}
	return r.Body
}

// update analyses batch (stored already) and replaces the stories of
// its neighbourhood.
func (in *Incremental) update(ctx context.Context, batch []model.Raw, rep *IncrementalReport) error {
	cfg := in.cfg
	slices.SortFunc(batch, func(a, b model.Raw) int { return cmp.Compare(a.ID, b.ID) })
	done := cfg.observe(StageExtract, len(batch))
	for _, r := range batch {
		in.rep.Add(r)
	}
	arts := make([]model.Article, len(batch))
	parallel.For(cfg.Workers, len(batch), func(_, i int) { arts[i] = extract.Clean(batch[i], in.rep) })
	done()
	done = cfg.observe(StageAnalyze, len(batch))
	fresh := make([]model.Doc, len(batch))
	bags := make([]story.Bag, len(batch)) // each new document's terms, once
	parallel.For(cfg.Workers, len(batch), func(_, i int) {
		fresh[i] = analyze.Analyze(arts[i])
		bags[i] = story.BagOf([]*model.Doc{&fresh[i]})
	})
	done()

	done = cfg.observe(StageNeighbourhood, len(batch))
	isNew := make(map[string]bool, len(batch))
	for _, d := range fresh {
		isNew[d.ID] = true
	}
	near := in.neighbourhood(fresh, bags)
	ids := make([]string, 0, len(near))
	for _, h := range near {
		ids = append(ids, in.stories[h].id)
	}
	old, err := in.up.LoadStories(ctx, ids)
	done()
	if err != nil {
		return fmt.Errorf("ingest: neighbourhood: %w", err)
	}
	docs := slices.Clone(fresh)
	for _, d := range old.Documents {
		if !isNew[d.ID] {
			docs = append(docs, d.Doc)
		}
	}
	rep.Neighbours += len(docs) - len(fresh)

	done = cfg.observe(StageDedup, len(docs))
	dopt := cfg.Dedup
	if dopt.Workers == 0 {
		dopt.Workers = cfg.Workers
	}
	if dopt.Cache == nil {
		dopt.Cache = &in.dedupCache
	}
	groups, _ := dedup.Link(docs, dopt)
	done()
	done = cfg.observe(StageStory, len(docs))
	byID := make(map[string]*model.Doc, len(docs))
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	docKeys := make(map[string][32]byte, len(docs))
	for _, d := range docs {
		docKeys[d.ID] = articleKey(d.Article)
	}
	// Every document's own bag, once: the new ones' were made with
	// their analysis, a neighbour's is kept from the last batch that
	// touched it when its article is the same.
	docBags := make(map[string]story.Bag, len(docs))
	for i, d := range fresh {
		docBags[d.ID] = bags[i]
	}
	var missing []int // neighbours whose bag is not kept: made on all cores
	for i := range docs {
		id := docs[i].ID
		if isNew[id] {
			continue
		}
		if k, ok := in.bags[id]; ok && k.key == docKeys[id] {
			docBags[id] = k.bag
		} else {
			missing = append(missing, i)
		}
	}
	made := make([]story.Bag, len(missing))
	parallel.For(cfg.Workers, len(missing), func(_, j int) { made[j] = story.BagOf([]*model.Doc{&docs[missing[j]]}) })
	for j, i := range missing {
		docBags[docs[i].ID] = made[j]
	}
	for _, g := range groups {
		// A unit made of new documents only is new to the corpus: count
		// it in the statistics, as Rebuild counts every unit.
		if !slices.ContainsFunc(g.Members, func(id string) bool { return !isNew[id] }) {
			if len(g.Members) == 1 {
				in.stats.Observe(docBags[g.Members[0]])
				continue
			}
			members := make([]*model.Doc, 0, len(g.Members))
			for _, id := range g.Members {
				members = append(members, byID[id])
			}
			in.stats.Observe(story.BagOf(members))
		}
	}
	sopt := cfg.Story
	if sopt.Workers == 0 {
		sopt.Workers = cfg.Workers
	}
	sopt.Stats = in.stats
	sopt.Cache = &in.storyCache
	sopt.DocKeys = docKeys
	res := story.Cluster(docs, groups, sopt)
	done()

	done = cfg.observe(StageIncident, len(docs))
	reuse := make(map[string][]string, len(old.Stories)) // story id → ordered documents
	oldRel := make(map[string]model.Relation, len(old.Documents))
	for _, d := range old.Documents {
		oldRel[d.ID] = d.Relation
	}
	for _, s := range old.Stories {
		// A story whose incident documents are stored ones, the same as
		// before (it may have gained copies), keeps its record.
		if ids := IncidentDocs(s, oldRel); !slices.ContainsFunc(ids, func(id string) bool { return isNew[id] }) {
			reuse[s.ID] = ids
		}
	}
	oldIncident := make(map[string]model.Incident, len(old.Incidents))
	for _, i := range old.Incidents {
		oldIncident[i.Story] = i
	}
	part := store.Snapshot{Stories: res.Stories}
	var reused []bool
	part.Incidents, reused = extractIncidents(res, func(id string) model.Doc { return *byID[id] }, cfg,
		func(i int, ordered []string) (model.Incident, bool) {
			id := res.Stories[i].ID
			if prev, ok := reuse[id]; ok && slices.Equal(prev, ordered) {
				in, ok := oldIncident[id]
				return in, ok
			}
			return model.Incident{}, false
		})
	for _, r := range reused {
		if r {
			rep.Reused++
		}
	}
	done()
	for _, d := range docs {
		part.Documents = append(part.Documents, store.Document{Doc: d, Relation: res.Relations[d.ID], Story: res.StoryOf[d.ID]})
	}

	done = cfg.observe(StageSave, len(docs))
	removed := make([]string, 0, len(old.Stories))
	for _, s := range old.Stories {
		removed = append(removed, s.ID)
	}
	err = in.up.Update(ctx, removed, part)
	done()
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}

	// Remember what was saved: the removed stories' handles die (their
	// postings are dropped lazily), the new stories are filed under
	// their documents' heaviest terms.
	for _, id := range removed {
		in.retire(id)
	}
	// Each document files its story under its heaviest terms, as IDF
	// stands now.
	filed := make(map[string][]uint32, len(docs))
	kept := make(map[string]keptBag, len(docs))
	for id, b := range docBags {
		filed[id] = in.heaviest(b)
		kept[id] = keptBag{docKeys[id], b}
	}
	in.bags = kept
	for _, s := range res.Stories {
		in.file(s.ID, s.Docs, byID, filed)
	}
	return nil
}

// file records a saved story: its handle, its documents' story and the
// postings of their terms (keys, by document id).
func (in *Incremental) file(id string, docIDs []string, byID map[string]*model.Doc, keys map[string][]uint32) {
	h := int32(len(in.stories))
	in.stories = append(in.stories, storyEntry{id: id, first: story.NoDay, last: story.NoDay})
	in.byID[id] = h
	e := &in.stories[h]
	for _, did := range docIDs {
		if d := byID[did]; d != nil && !d.Published.IsZero() {
			e.widen(dayOf(d))
		}
		de := in.docs[did]
		de.story = h
		in.docs[did] = de
		for _, k := range keys[did] {
			if in.index.add(k, h, in.opt.PostingCap, in.alive) {
				e.posted++
			}
		}
	}
}

func (e *storyEntry) widen(day int32) {
	if e.first == story.NoDay || day < e.first {
		e.first = day
	}
	if e.last == story.NoDay || day > e.last {
		e.last = day
	}
}

func (in *Incremental) alive(h int32) bool { return in.stories[h].id != "" }

// retire marks a story replaced: its postings become garbage, reclaimed
// when they are half the index.
func (in *Incremental) retire(id string) {
	h, ok := in.byID[id]
	if !ok {
		return
	}
	in.stories[h].id = ""
	delete(in.byID, id)
	in.index.garbage += int(in.stories[h].posted)
	if in.index.garbage > len(in.index.arena)/2 && len(in.index.arena) > 1024 {
		in.index.compact(in.alive)
	}
}

// postings maps a term's key to the stories filed under it, newest
// first, as singly linked lists in one arena: 8 bytes a posting and one
// map entry a name, where a slice per name would cost a slice header
// and an allocation each (most terms are in few stories). Written here
// because it is a few lines over a map and a slice; no library
// inverted index keeps postings this small.
type postings struct {
	head    map[uint32]int32 // key → arena index of its newest posting
	arena   []posting
	garbage int // postings of replaced stories or cut off, reclaimed by compact
}

type posting struct{ story, next int32 } // next -1: the list ends

// add files story h under key k unless it is the key's newest posting
// already, and cuts the key's list after cap live postings. It reports
// whether it added.
func (p *postings) add(k uint32, h int32, cap int, alive func(int32) bool) bool {
	first, ok := p.head[k]
	if ok && p.arena[first].story == h {
		return false
	}
	next := int32(-1)
	if ok {
		next = first
	}
	p.arena = append(p.arena, posting{story: h, next: next})
	at := int32(len(p.arena) - 1)
	p.head[k] = at
	live := 0
	for i := at; i >= 0; i = p.arena[i].next {
		if alive(p.arena[i].story) {
			live++
		}
		if live == cap {
			for j := p.arena[i].next; j >= 0; j = p.arena[j].next {
				p.garbage++
			}
			p.arena[i].next = -1
			break
		}
	}
	return true
}

// each calls f with the stories filed under k, newest first (replaced
// ones included: the caller skips them).
func (p *postings) each(k uint32, f func(h int32)) {
	i, ok := p.head[k]
	if !ok {
		return
	}
	for ; i >= 0; i = p.arena[i].next {
		f(p.arena[i].story)
	}
}

// compact rebuilds the arena with the live postings only.
func (p *postings) compact(alive func(int32) bool) {
	arena := make([]posting, 0, len(p.arena)-p.garbage+len(p.arena)/8)
	for k, i := range p.head {
		var list []int32
		for ; i >= 0; i = p.arena[i].next {
			if alive(p.arena[i].story) {
				list = append(list, p.arena[i].story)
			}
		}
		if len(list) == 0 {
			delete(p.head, k)
			continue
		}
		next := int32(-1)
		for j := len(list) - 1; j >= 0; j-- {
			arena = append(arena, posting{story: list[j], next: next})
			next = int32(len(arena) - 1)
		}
		p.head[k] = next
	}
	p.arena, p.garbage = arena, 0
}

// neighbourhood returns the live stories the new documents may join:
// per document, the opt.Stories stories within the time window that
// share the most IDF-weighted terms with it, and the story a replaced
// document was in.
func (in *Incremental) neighbourhood(fresh []model.Doc, bags []story.Bag) []int32 {
	window := int32(math.Ceil(in.cfg.Story.Window()))
	victims := int32(math.Ceil(in.cfg.Story.VictimWindow()))
	set := map[int32]bool{}
	score, late := map[int32]float64{}, map[int32]float64{}
	for i := range fresh {
		if e, ok := in.docs[fresh[i].ID]; ok && e.story >= 0 && in.alive(e.story) {
			set[e.story] = true
		}
		day := int32(story.NoDay)
		if !fresh[i].Published.IsZero() {
			day = dayOf(&fresh[i])
		}
		clear(score)
		clear(late)
		for _, t := range bags[i] {
			if t.W <= 0 {
				continue
			}
			k := t.Key
			if story.IsVictim(k) {
				// A story naming the same (rare) victim is compared
				// across months (story.AssignOptions.VictimDays).
				if victims > 0 && day != story.NoDay && in.cfg.Story.RareVictim(in.stats, k) {
					in.index.each(k, func(h int32) {
						if s := &in.stories[h]; s.id != "" && s.first != story.NoDay && day >= s.first-victims && day <= s.last+victims {
							set[h] = true
						}
					})
				}
				continue
			}
			w := in.stats.IDF(k)
			in.index.each(k, func(h int32) {
				s := &in.stories[h]
				if s.id == "" {
					return
				}
				if day != story.NoDay && s.first != story.NoDay && (day < s.first-window || day > s.last+window) {
					if story.Anchored(k) {
						late[h] += w
					}
					return
				}
				score[h] += w
			})
		}
		// Dedup links copies whatever their dates, and a rebuild keeps a
		// copy with its original: a story beyond the window joins the
		// neighbourhood when it holds most of the names among the
		// document's heaviest terms, as a copy's story does. Names, not
		// words: another article on the same subject shares wording but
		// not the names of its incident.
		var own float64
		for _, k := range in.heaviest(bags[i]) {
			if story.Anchored(k) {
				own += in.stats.IDF(k)
			}
		}
		for h, w := range late {
			if own > 0 && w >= lateCopyShare*own {
				set[h] = true
			}
		}
		best := make([]int32, 0, len(score))
		for h := range score {
			best = append(best, h)
		}
		slices.SortFunc(best, func(a, b int32) int {
			if c := cmp.Compare(score[b], score[a]); c != 0 {
				return c
			}
			return cmp.Compare(b, a) // newer first
		})
		for _, h := range best[:min(len(best), in.opt.Stories)] {
			set[h] = true
		}
	}
	out := make([]int32, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

// lateCopyShare is the share of the names among a new document's
// heaviest terms (by IDF) that a story beyond the time window must hold
// to be looked at.
const lateCopyShare = 0.6

// heaviest returns the opt.IndexKeys terms of a document's bag that
// weigh most in it by count times IDF, the keys its story is filed
// under (as the story assigner files a story under its heaviest terms,
// words or names), and the keys of the victims it names, under which
// the assigner files stories too.
func (in *Incremental) heaviest(bag story.Bag) []uint32 {
	type kw struct {
		k uint32
		w float64
	}
	all := make([]kw, 0, len(bag))
	var victims []uint32
	for _, t := range bag {
		if story.IsVictim(t.Key) {
			victims = append(victims, t.Key)
		} else if t.W > 0 {
			all = append(all, kw{t.Key, float64(t.W) * in.stats.IDF(t.Key)})
		}
	}
	slices.SortFunc(all, func(a, b kw) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.k, b.k)
	})
	out := make([]uint32, 0, min(len(all), in.opt.IndexKeys)+len(victims))
	for _, x := range all[:min(len(all), in.opt.IndexKeys)] {
		out = append(out, x.k)
	}
	return append(out, victims...)
}

func dayOf(d *model.Doc) int32 {
	return int32(math.Floor(float64(d.Published.Unix()) / 86400))
}

// seed reads from the store what Incremental keeps in memory: the
// repeated lines of every source, the raws' hashes, every document's
// story and heaviest terms, the term statistics. Raws without an up-to-date
// document (stored by a process that did not rebuild) become part of
// the next batch.
// seedPage is how many stored documents seed analyses at once.
const seedPage = 512

func (in *Incremental) seed(ctx context.Context) error {
	if in.seeded {
		return nil
	}
	in.rep = extract.NewRepeated()
	in.stats = story.NewStats()
	in.docs = map[string]docEntry{}
	in.stories = nil
	in.byID = map[string]int32{}
	in.index = postings{head: map[uint32]int32{}}
	in.pending = nil
	err := in.up.EachRaw(ctx, func(r model.Raw) error {
		in.rep.Add(r)
		in.docs[r.ID] = docEntry{hash: hash64(store.Hash(bodyOf(r))), story: -1}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ingest: read raws: %w", err)
	}
	type member struct {
		id   string
		day  int32
		keys []uint32
	}
	members := map[string][]member{} // story id → documents
	current := map[string]bool{}     // documents analysed from the stored raw
	// Bags are computed a page at a time on all workers (they depend on
	// the document only); the statistics and each document's heaviest
	// terms are then taken in id order, as one at a time would.
	var page []store.Document
	flush := func() {
		bags := make([]story.Bag, len(page))
		parallel.For(in.cfg.Workers, len(page), func(_, i int) { bags[i] = story.BagOf([]*model.Doc{&page[i].Doc}) })
		for i, d := range page {
			switch d.Relation.Type {
			case model.RelCopy, model.RelExcerpt, model.RelTranslation:
			default: // a unit's lead: count the unit once
				in.stats.Observe(bags[i])
			}
			day := int32(story.NoDay)
			if !d.Published.IsZero() {
				day = dayOf(&d.Doc)
			}
			members[d.Story] = append(members[d.Story], member{d.ID, day, in.heaviest(bags[i])})
		}
		page = page[:0]
	}
	err = in.up.EachDocument(ctx, func(d store.Document) error {
		e, ok := in.docs[d.ID]
		if !ok || d.Story == "" {
			return nil // no raw (cannot be: Update keeps them together), or no story: analysed again below
		}
		if e.hash == hash64(d.Hash) {
			current[d.ID] = true
		}
		if page = append(page, d); len(page) == seedPage {
			flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ingest: read documents: %w", err)
	}
	flush()
	for _, id := range slices.Sorted(maps.Keys(members)) {
		h := int32(len(in.stories))
		in.stories = append(in.stories, storyEntry{id: id, first: story.NoDay, last: story.NoDay})
		in.byID[id] = h
		e := &in.stories[h]
		for _, m := range members[id] {
			if m.day != story.NoDay {
				e.widen(m.day)
			}
			de := in.docs[m.id]
			de.story = h
			in.docs[m.id] = de
			for _, k := range m.keys {
				if in.index.add(k, h, in.opt.PostingCap, in.alive) {
					e.posted++
				}
			}
		}
		delete(members, id)
	}
	if len(current) < len(in.docs) {
		err := in.up.EachRaw(ctx, func(r model.Raw) error {
			if !current[r.ID] {
				in.pending = append(in.pending, r)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("ingest: read raws: %w", err)
		}
	}
	in.seeded = true
	return nil
}
