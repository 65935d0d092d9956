// Package pipeline runs casefile's stages in order: it reads inputs,
// stores them, and rebuilds the derived state (clean text, analysis,
// relations, stories, incidents). It calls the stages; it does not do
// their work.
package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"runtime"
	"slices"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/parallel"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/story"
)

// Config holds the stages' options.
type Config struct {
	Dedup    dedup.Options
	Story    story.Options
	Incident incident.Options
	Log      *slog.Logger
	// Observe, if set, is told how long each stage took over how many
	// documents: StageExtract ... StageIncident for the analysis, and
	// StageStoreRaws, StageLoadRaws, StageSave for the store (StageStore
	// instead of the last two when the store rebuilds under its own
	// lock, as store.Rebuilder). Benchmarks use it; it must be cheap, and
	// safe to call from several goroutines if several ingests share cfg.
	Observe func(stage string, n int, d time.Duration)
	// Memo, if set, carries analysis and incident records from one
	// rebuild to the next, so that a long-running process redoes only
	// what changed (see Memo). Results are the same with or without.
	Memo *Memo
	// Workers caps the goroutines of the stages that run per document
	// or per story (0: GOMAXPROCS). A server answering readers while
	// it ingests keeps a thread for them this way.
	Workers int
}

// The stages Config.Observe is told about.
const (
	StageStoreRaws = "store raws" // PutRaw
	StageLoadRaws  = "load raws"  // Raws, before a rebuild
	// StageNeighbourhood is an incremental batch's lookup and loading
	// of the stored stories its documents may join.
	StageNeighbourhood = "neighbourhood"
	StageExtract       = "extract"         // repeated-line learning and cleaning
	StageAnalyze       = "analyze"         // language, sentences, anchors
	StageDedup         = "dedup"           // dedup.Link
	StageStory         = "story"           // story.Cluster
	StageIncident      = "incident"        // incident.Extract, every story
	StageSave          = "save snapshot"   // Save
	StageStore         = "rebuild (store)" // a store.Rebuilder's reading, locking and saving around the analysis
)

// observe times one stage when cfg asks for it: call the result when the
// stage is done.
func (cfg Config) observe(stage string, n int) func() {
	if cfg.Observe == nil {
		return func() {}
	}
	t0 := time.Now()
	return func() { cfg.Observe(stage, n, time.Since(t0)) }
}

// Report says what an ingest did.
type Report struct {
	Read      int     // documents read
	Changed   int     // documents added or replaced
	Rejected  []error // bad inputs, each a *source.Error naming file and line
	Documents int     // documents stored in all
	Stories   int
	Incidents int
}

// reject records a bad input (a *source.Error, which names it) and logs
// it; any other error stops the ingest and is returned.
func (rep *Report) reject(log *slog.Logger, err error) error {
	var se *source.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("ingest: %w", err)
	}
	log.Warn("input rejected", "input", se.Input, "line", se.Line, "err", se.Err)
	rep.Rejected = append(rep.Rejected, err)
	return nil
}

// Ingest stores every document the sequence yields and rebuilds the
// derived state. Bad inputs are collected in the report and do not stop
// the others; nothing stored before is lost when an input is bad.
func Ingest(ctx context.Context, st store.Store, in iter.Seq2[model.Raw, error], cfg Config) (Report, error) {
	log := logger(cfg)
	var rep Report
	var raws []model.Raw
	for raw, err := range in {
		if err != nil {
			if err := rep.reject(log, err); err != nil {
				return rep, err
			}
			continue
		}
		raws = append(raws, raw)
	}
	rep.Read = len(raws)
	done := cfg.observe(StageStoreRaws, len(raws))
	n, err := st.PutRaw(ctx, raws)
	done()
	if err != nil {
		return rep, fmt.Errorf("ingest: %w", err)
	}
	rep.Changed = n
	snap, err := Rebuild(ctx, st, cfg)
	if err != nil {
		return rep, err
	}
	rep.Documents, rep.Stories, rep.Incidents = len(snap.Documents), len(snap.Stories), len(snap.Incidents)
	log.Info("ingested", "read", rep.Read, "changed", rep.Changed, "rejected", len(rep.Rejected),
		"documents", rep.Documents, "stories", rep.Stories, "incidents", rep.Incidents)
	return rep, nil
}

// Rebuild recomputes the derived state from every stored raw document
// and saves it. Boilerplate learning, relations and stories look at the
// whole corpus, so the result does not depend on the order documents
// arrived in. A store.Rebuilder (SQLite, PostgreSQL) makes it safe for
// several processes sharing the store: the snapshot saved last is
// computed from all raws stored before it began.
func Rebuild(ctx context.Context, st store.Store, cfg Config) (store.Snapshot, error) {
	return rebuild(ctx, st, cfg, store.RebuildOptions{})
}

// Refresh is Rebuild, skipped when the saved snapshot was computed from
// exactly the stored raws (by another worker, say). Workers sharing a
// store call it after each batch they store.
func Refresh(ctx context.Context, st store.Store, cfg Config) (store.Snapshot, error) {
	return rebuild(ctx, st, cfg, store.RebuildOptions{IfStale: true})
}

func rebuild(ctx context.Context, st store.Store, cfg Config, opt store.RebuildOptions) (store.Snapshot, error) {
	if r, ok := st.(store.Rebuilder); ok {
		t0 := time.Now()
		var computing time.Duration
		n := 0
		snap, err := r.Rebuild(ctx, func(raws []model.Raw) store.Snapshot {
			t := time.Now()
			defer func() { computing += time.Since(t) }()
			n = len(raws)
			return Analyze(raws, cfg)
		}, opt)
		if err != nil {
			return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
		}
		if cfg.Observe != nil {
			cfg.Observe(StageStore, n, time.Since(t0)-computing)
		}
		return snap, nil
	}
	done := cfg.observe(StageLoadRaws, 0)
	raws, err := st.Raws(ctx)
	done()
	if err != nil {
		return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
	}
	snap := Analyze(raws, cfg)
	done = cfg.observe(StageSave, len(raws))
	err = st.Save(ctx, snap)
	done()
	if err != nil {
		return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
	}
	return snap, nil
}

// Analyze runs the stages over raw documents in memory: extract, analyze,
// dedup, story, incident.
func Analyze(raws []model.Raw, cfg Config) store.Snapshot {
	g := cfg.Memo.begin(cfg.Incident)
	var stats MemoStats
	docs, docKeys := docsOf(raws, cfg, g, &stats)
	done := cfg.observe(StageDedup, len(docs))
	dopt := cfg.Dedup
	if dopt.Workers == 0 {
		dopt.Workers = cfg.Workers
	}
	if cfg.Memo != nil && dopt.Cache == nil {
		dopt.Cache = &cfg.Memo.dedup
	}
	groups, _ := dedup.Link(docs, dopt)
	done()
	var keyOf map[string][32]byte // document id → article key, with a Memo
	if g != nil {
		keyOf = make(map[string][32]byte, len(docs))
		for i, d := range docs {
			keyOf[d.ID] = docKeys[i]
		}
	}
	done = cfg.observe(StageStory, len(docs))
	sopt := cfg.Story
	if sopt.Workers == 0 {
		sopt.Workers = cfg.Workers
	}
	if cfg.Memo != nil && sopt.Cache == nil {
		sopt.Cache = &cfg.Memo.story
		sopt.DocKeys = keyOf
	}
	res := story.Cluster(docs, groups, sopt)
	done()

	byID := map[string]model.Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	snap := store.Snapshot{Stories: res.Stories}
	for _, d := range docs {
		snap.Documents = append(snap.Documents, store.Document{Doc: d, Relation: res.Relations[d.ID], Story: res.StoryOf[d.ID]})
	}
	done = cfg.observe(StageIncident, len(docs))
	defer done()
	var keys [][32]byte
	var prior func(int, []string) (model.Incident, bool)
	if g != nil {
		keys = make([][32]byte, len(res.Stories))
		prior = func(i int, ordered []string) (model.Incident, bool) {
			keys[i] = g.storyKey(res.Stories[i].ID, ordered, keyOf)
			in, ok := g.incidents[keys[i]]
			return in, ok
		}
	}
	var hit []bool
	snap.Incidents, hit = extractIncidents(res, func(id string) model.Doc { return byID[id] }, cfg, prior)
	if g != nil {
		incidents := make(map[[32]byte]model.Incident, len(keys))
		for i, k := range keys {
			incidents[k] = snap.Incidents[i]
			if hit[i] {
				stats.IncidentHits++
			} else {
				stats.IncidentMisses++
			}
		}
		next := make(map[[32]byte]model.Doc, len(docKeys))
		for i, k := range docKeys {
			next[k] = docs[i]
		}
		g.end(next, incidents, stats)
	}
	return snap
}

// extractIncidents extracts each story's incident from its IncidentDocs,
// on cfg.Workers goroutines (nil for no stories). prior, if
// not nil, is asked first for a record to keep for story i, given its
// documents in order (from those goroutines); reused[i] says whether it
// gave one.
func extractIncidents(res story.Result, doc func(id string) model.Doc, cfg Config,
	prior func(i int, ordered []string) (model.Incident, bool)) (out []model.Incident, reused []bool) {
	if len(res.Stories) == 0 {
		return nil, nil
	}
	out, reused = make([]model.Incident, len(res.Stories)), make([]bool, len(res.Stories))
	parallel.For(cfg.Workers, len(res.Stories), func(_, i int) {
		s := res.Stories[i]
		ordered := IncidentDocs(s, res.Relations)
		if prior != nil {
			if in, ok := prior(i, ordered); ok {
				out[i], reused[i] = in, true
				return
			}
		}
		sdocs := make([]model.Doc, 0, len(ordered))
		for _, id := range ordered {
			sdocs = append(sdocs, doc(id))
		}
		out[i] = incident.Extract(s.ID, sdocs, cfg.Incident)
	})
	return out, reused
}

// Docs runs extract (learning repeated lines from all of raws) and
// analyze over raw documents, in id order.
func Docs(raws []model.Raw) []model.Doc {
	docs, _ := docsOf(raws, Config{}, nil, nil)
	return docs
}

// docsOf is Docs, taking from and counting in a Memo's generation g
// when there is one; it then also returns each document's article key.
func docsOf(raws []model.Raw, cfg Config, g *generation, stats *MemoStats) ([]model.Doc, [][32]byte) {
	done := cfg.observe(StageExtract, len(raws))
	raws = slices.Clone(raws)
	slices.SortFunc(raws, func(a, b model.Raw) int { return cmp.Compare(a.ID, b.ID) })
	rep := extract.NewRepeated()
	for _, r := range raws {
		runtime.Gosched() // a server answers beside its ingest: see dedup's compareAll
		rep.Add(r)
	}
	arts := make([]model.Article, len(raws))
	parallel.For(cfg.Workers, len(raws), func(_, i int) { arts[i] = extract.Clean(raws[i], rep) })
	done()
	done = cfg.observe(StageAnalyze, len(raws))
	defer done()
	docs := make([]model.Doc, len(raws))
	if g == nil {
		parallel.For(cfg.Workers, len(arts), func(_, i int) { docs[i] = analyze.Analyze(arts[i]) })
		return docs, nil
	}
	keys, hit := make([][32]byte, len(arts)), make([]bool, len(arts))
	parallel.For(cfg.Workers, len(arts), func(_, i int) {
		keys[i] = articleKey(arts[i])
		if d, ok := g.docs[keys[i]]; ok {
			docs[i], hit[i] = d, true
			return
		}
		docs[i] = analyze.Analyze(arts[i])
	})
	for _, h := range hit {
		if h {
			stats.DocHits++
		} else {
			stats.DocMisses++
		}
	}
	return docs, keys
}

// StoryOrder lists a story's documents lead first, then the lead's copies
// and translations, then follow-ups, then independent reports and their
// own copies, each by id.
func StoryOrder(s model.Story, rel map[string]model.Relation) []string {
	rank := func(id string) int {
		switch rel[id].Type {
		case model.RelOriginal:
			return 0
		case model.RelCopy, model.RelExcerpt, model.RelTranslation:
			if o := rel[rel[id].Of]; o.Type == model.RelOriginal {
				return 1
			}
			return 4
		case model.RelFollowUp:
			return 2
		case model.RelIndependent:
			return 3
		}
		return 5
	}
	out := slices.Clone(s.Docs)
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}

// IncidentDocs lists, in StoryOrder, the documents a story's incident is
// extracted from: all but copies and excerpts of another document of the
// story. A copy states what its original states (dedup found the same
// words), so it would add only the same evidence again; the story still
// lists it, as a copy of its original. A story that gains a copy keeps
// its incident record without extracting it again.
func IncidentDocs(s model.Story, rel map[string]model.Relation) []string {
	out := StoryOrder(s, rel)
	in := make(map[string]bool, len(out))
	for _, id := range out {
		in[id] = true
	}
	return slices.DeleteFunc(out, func(id string) bool {
		r := rel[id]
		return (r.Type == model.RelCopy || r.Type == model.RelExcerpt) && r.Of != id && in[r.Of]
	})
}

func logger(cfg Config) *slog.Logger {
	if cfg.Log != nil {
		return cfg.Log
	}
	return slog.Default()
}
