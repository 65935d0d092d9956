package store

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// derive is a stand-in for the pipeline's analysis: one document per raw
// (its id and content hash, as extract sets them), one story holding
// them all.
func derive(raws []model.Raw) Snapshot {
	var snap Snapshot
	var ids []string
	for _, r := range raws {
		snap.Documents = append(snap.Documents, Document{
			Doc:   model.Doc{Article: model.Article{ID: r.ID, Text: string(r.Body), Hash: Hash(r.Body)}},
			Story: "all",
		})
		ids = append(ids, r.ID)
	}
	if len(ids) > 0 {
		snap.Stories = []model.Story{{ID: "all", Docs: ids}}
		snap.Incidents = []model.Incident{{ID: "i-all", Story: "all", Title: fmt.Sprintf("%d documents", len(ids))}}
	}
	return snap
}

func docIDs(snap Snapshot) []string {
	var ids []string
	for _, d := range snap.Documents {
		ids = append(ids, d.ID)
	}
	return ids
}

func rawIDs(raws []model.Raw) []string {
	var ids []string
	for _, r := range raws {
		ids = append(ids, r.ID)
	}
	return ids
}

func testRebuild(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	if _, err := s.PutRaw(ctx, sampleRaws()); err != nil {
		t.Fatal(err)
	}
	var got []model.Raw
	snap, err := s.Rebuild(ctx, func(raws []model.Raw) Snapshot { got = raws; return derive(raws) }, RebuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := byID(sampleRaws()); !slices.EqualFunc(got, want, func(a, b model.Raw) bool { return a.ID == b.ID && string(a.Body) == string(b.Body) }) {
		t.Errorf("compute got %v, want %v", rawIDs(got), rawIDs(want))
	}
	loaded, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, loaded, snap)
	same(t, snap, derive(byID(sampleRaws())))

	// A snapshot the database refuses leaves the previous one.
	_, err = s.Rebuild(ctx, func(raws []model.Raw) Snapshot {
		bad := derive(raws)
		bad.Incidents[0].Story = "missing"
		return bad
	}, RebuildOptions{})
	if err == nil {
		t.Error("Rebuild saved an inconsistent snapshot")
	}
	if loaded, err := s.Load(ctx); err != nil || !slices.Equal(docIDs(loaded), docIDs(snap)) {
		t.Errorf("after a failed rebuild: %v, %v", docIDs(loaded), err)
	}
}

func testRebuildIfStale(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	var computed int
	compute := func(raws []model.Raw) Snapshot { computed++; return derive(raws) }
	steps := []struct {
		name    string
		put     []model.Raw
		ifStale bool
		want    int // computations so far
	}{
		{"empty store, nothing saved: current", nil, true, 0},
		{"first raws", sampleRaws(), true, 1},
		{"nothing new", nil, true, 1},
		{"same raws again", sampleRaws(), true, 1},
		{"not IfStale: always", nil, false, 2},
		{"a new raw", []model.Raw{{ID: "new", Body: []byte("new")}}, true, 3},
		{"a changed body", []model.Raw{{ID: "new", Body: []byte("newer")}}, true, 4},
		{"then current", nil, true, 4},
	}
	for _, st := range steps {
		if _, err := s.PutRaw(ctx, st.put); err != nil {
			t.Fatal(err)
		}
		snap, err := s.Rebuild(ctx, compute, RebuildOptions{IfStale: st.ifStale})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if computed != st.want {
			t.Errorf("%s: computed %d times, want %d", st.name, computed, st.want)
		}
		raws, err := s.Raws(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(docIDs(snap), rawIDs(raws)) {
			t.Errorf("%s: snapshot of %v, raws %v", st.name, docIDs(snap), rawIDs(raws))
		}
	}
	// A snapshot saved by other means (not from these raws) is stale.
	if err := s.Save(ctx, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(ctx, compute, RebuildOptions{IfStale: true}); err != nil || computed != 5 {
		t.Errorf("after a foreign Save: computed %d times, %v", computed, err)
	}
}

// testConcurrentRebuilds: workers on two handles each store raws and
// rebuild; every rebuild sees the worker's own raws, and the snapshot
// left at the end covers every raw.
func testConcurrentRebuilds(t *testing.T, b storetest.Backend) {
	target := b.New(t)
	ctx := t.Context()
	stores := []Backend{openTarget(t, target), openTarget(t, target)}
	compute := func(raws []model.Raw) Snapshot {
		time.Sleep(time.Millisecond) // widen the window for interleaving
		return derive(raws)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		s := stores[w%2]
		wg.Go(func() {
			var mine []string
			for i := range 5 {
				raw := model.Raw{ID: fmt.Sprintf("w%d-%d", w, i), Body: fmt.Appendf(nil, "worker %d item %d", w, i)}
				if _, err := s.PutRaw(ctx, []model.Raw{raw}); err != nil {
					errs <- err
					return
				}
				mine = append(mine, raw.ID)
				snap, err := s.Rebuild(ctx, compute, RebuildOptions{IfStale: i%2 == 0})
				if err != nil {
					errs <- err
					return
				}
				have := docIDs(snap)
				for _, id := range mine {
					if !slices.Contains(have, id) {
						errs <- fmt.Errorf("worker %d: rebuild after storing %s lacks it", w, id)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	final, err := stores[0].Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(final.Documents) != 20 {
		t.Errorf("final snapshot has %d documents, want 20", len(final.Documents))
	}
}

// TestRebuildWriteDuringCompute: a raw stored by another process while
// a rebuild computes is not lost. SQLite's optimistic rebuild notices it
// at save time and computes again; PostgreSQL's saves what it read, and
// the writer's own rebuild, which waits for the lock, adds the raw.
func TestRebuildWriteDuringCompute(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		target := b.New(t)
		ctx := t.Context()
		s, other := openTarget(t, target), openTarget(t, target)
		if _, err := s.PutRaw(ctx, sampleRaws()); err != nil {
			t.Fatal(err)
		}
		var computed atomic.Int32
		var wg sync.WaitGroup
		var otherErr error
		_, err := s.Rebuild(ctx, func(raws []model.Raw) Snapshot {
			if computed.Add(1) == 1 {
				if _, err := other.PutRaw(ctx, []model.Raw{{ID: "late", Body: []byte("late")}}); err != nil {
					t.Error(err)
				}
				wg.Go(func() { _, otherErr = other.Rebuild(ctx, derive, RebuildOptions{}) })
			}
			return derive(raws)
		}, RebuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if otherErr != nil {
			t.Fatal(otherErr)
		}
		want := map[string]int32{"sqlite": 2, "postgres": 1}[b.Name]
		if n := computed.Load(); n != want {
			t.Errorf("computed %d times, want %d", n, want)
		}
		final, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(docIDs(final), "late") || len(final.Documents) != len(sampleRaws())+1 {
			t.Errorf("final snapshot %v", docIDs(final))
		}
	})
}

// TestSQLiteRebuildLocked: after optimisticTries misses, SQLite computes
// holding the write lock, so the rebuild ends however busy the writers.
func TestSQLiteRebuildLocked(t *testing.T) {
	target := storetest.SQLite(t)
	ctx := t.Context()
	s, other := openTarget(t, target), openTarget(t, target)
	var computed int
	snap, err := s.Rebuild(ctx, func(raws []model.Raw) Snapshot {
		computed++
		if computed <= optimisticTries {
			if _, err := other.PutRaw(ctx, []model.Raw{{ID: fmt.Sprint("r", computed), Body: []byte{byte(computed)}}}); err != nil {
				t.Error(err)
			}
		}
		return derive(raws)
	}, RebuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if computed != optimisticTries+1 || len(snap.Documents) != optimisticTries {
		t.Errorf("computed %d times, %d documents", computed, len(snap.Documents))
	}
}

// testReopen: what was stored is there after closing and opening again.
func testReopen(t *testing.T, b storetest.Backend) {
	target := b.New(t)
	ctx := t.Context()
	s, err := OpenAny(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRaw(ctx, sampleRaws()); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTarget(t, target)
	raws, err := s.Raws(ctx)
	if err != nil || len(raws) != len(sampleRaws()) {
		t.Errorf("raws after reopening: %d, %v", len(raws), err)
	}
	snap, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, snap, sampleSnapshot())
}
