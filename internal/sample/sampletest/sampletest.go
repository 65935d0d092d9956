// Package sampletest gives tests the bundled sample corpus as a stored
// snapshot: ingested as `casefile demo` ingests it, into an in-memory
// store, with the store's times (ingest, last change) fixed so that
// exports of it can be pinned by golden files.
package sampletest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

// Base is the fixed ingest time of the first document; the others follow
// a minute apart, and every incident last changed an hour after Base.
var Base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// Snapshot ingests the sample corpus and returns the stored snapshot with
// fixed times.
func Snapshot(ctx context.Context) (store.Snapshot, error) {
	st, err := store.Open(ctx, ":memory:")
	if err != nil {
		return store.Snapshot{}, err
	}
	defer st.Close()
	if _, err := pipeline.Ingest(ctx, st, source.ReadFS(ctx, sample.Corpus, sample.Dir, source.Options{}), pipeline.Config{}); err != nil {
		return store.Snapshot{}, fmt.Errorf("sampletest: %w", err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		return store.Snapshot{}, fmt.Errorf("sampletest: %w", err)
	}
	if len(snap.Incidents) == 0 {
		return store.Snapshot{}, errors.New("sampletest: the sample gives no incident")
	}
	for i := range snap.Documents {
		if snap.Documents[i].Stored.IsZero() {
			return store.Snapshot{}, fmt.Errorf("sampletest: document %s has no ingest time", snap.Documents[i].ID)
		}
		snap.Documents[i].Stored = Base.Add(time.Duration(i) * time.Minute)
	}
	for id := range snap.Updated {
		snap.Updated[id] = Base.Add(time.Hour)
	}
	return snap, nil
}
