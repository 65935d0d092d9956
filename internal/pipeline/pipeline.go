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
	"slices"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
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

// Ingest stores every document the sequence yields and rebuilds the
// derived state. Bad inputs are collected in the report and do not stop
// the others; nothing stored before is lost when an input is bad.
func Ingest(ctx context.Context, st store.Store, in iter.Seq2[model.Raw, error], cfg Config) (Report, error) {
	log := logger(cfg)
	var rep Report
	var raws []model.Raw
	for raw, err := range in {
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				return rep, fmt.Errorf("ingest: %w", err)
			}
			log.Warn("input rejected", "input", se.Input, "line", se.Line, "err", se.Err)
			rep.Rejected = append(rep.Rejected, err)
			continue
		}
		raws = append(raws, raw)
	}
	rep.Read = len(raws)
	n, err := st.PutRaw(ctx, raws)
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
		snap, err := r.Rebuild(ctx, func(raws []model.Raw) store.Snapshot { return Analyze(raws, cfg) }, opt)
		if err != nil {
			return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
		}
		return snap, nil
	}
	raws, err := st.Raws(ctx)
	if err != nil {
		return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
	}
	snap := Analyze(raws, cfg)
	if err := st.Save(ctx, snap); err != nil {
		return store.Snapshot{}, fmt.Errorf("rebuild: %w", err)
	}
	return snap, nil
}

// Analyze runs the stages over raw documents in memory: extract, analyze,
// dedup, story, incident.
func Analyze(raws []model.Raw, cfg Config) store.Snapshot {
	docs := Docs(raws)
	groups, _ := dedup.Link(docs, cfg.Dedup)
	res := story.Cluster(docs, groups, cfg.Story)

	byID := map[string]model.Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	snap := store.Snapshot{Stories: res.Stories}
	for _, d := range docs {
		snap.Documents = append(snap.Documents, store.Document{Doc: d, Relation: res.Relations[d.ID], Story: res.StoryOf[d.ID]})
	}
	for _, s := range res.Stories {
		ordered := StoryOrder(s, res.Relations)
		sdocs := make([]model.Doc, 0, len(ordered))
		for _, id := range ordered {
			sdocs = append(sdocs, byID[id])
		}
		snap.Incidents = append(snap.Incidents, incident.Extract(s.ID, sdocs, cfg.Incident))
	}
	return snap
}

// Docs runs extract (learning repeated lines from all of raws) and
// analyze over raw documents, in id order.
func Docs(raws []model.Raw) []model.Doc {
	raws = slices.Clone(raws)
	slices.SortFunc(raws, func(a, b model.Raw) int { return cmp.Compare(a.ID, b.ID) })
	rep := extract.NewRepeated()
	for _, r := range raws {
		rep.Add(r)
	}
	docs := make([]model.Doc, len(raws))
	for i, r := range raws {
		docs[i] = analyze.Analyze(extract.Clean(r, rep))
	}
	return docs
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

func logger(cfg Config) *slog.Logger {
	if cfg.Log != nil {
		return cfg.Log
	}
	return slog.Default()
}
