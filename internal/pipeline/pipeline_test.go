package pipeline

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

func sampleRaws(t *testing.T) []model.Raw {
	t.Helper()
	var raws []model.Raw
	for r, err := range source.ReadFS(context.Background(), sample.Corpus, sample.Dir, source.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, r)
	}
	if len(raws) < 4 {
		t.Fatalf("sample has %d documents", len(raws))
	}
	return raws
}

// TestAnalyzeOrder: the derived state does not depend on input order.
func TestAnalyzeOrder(t *testing.T) {
	raws := sampleRaws(t)
	want := Analyze(raws, Config{})
	for seed := range uint64(5) {
		r := rand.New(rand.NewPCG(seed, 1))
		shuffled := append([]model.Raw(nil), raws...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := Analyze(shuffled, Config{}); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d changed the result", seed)
		}
	}
}

func TestStoryOrder(t *testing.T) {
	rel := map[string]model.Relation{
		"a": {Type: model.RelOriginal},
		"b": {Type: model.RelTranslation, Of: "a"},
		"c": {Type: model.RelIndependent},
		"d": {Type: model.RelFollowUp, Of: "a"},
		"e": {Type: model.RelCopy, Of: "c"},
	}
	got := StoryOrder(model.Story{Docs: []string{"e", "d", "c", "b", "a"}}, rel)
	want := []string{"a", "b", "d", "c", "e"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("StoryOrder = %v, want %v", got, want)
	}
}

// TestIngest stores good documents, reports bad ones, and keeps what was
// stored when a later batch is bad.
func TestIngest(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	raws := sampleRaws(t)
	seq := func(items []model.Raw, bad ...error) iter.Seq2[model.Raw, error] {
		return func(yield func(model.Raw, error) bool) {
			for _, r := range items {
				if !yield(r, nil) {
					return
				}
			}
			for _, e := range bad {
				if !yield(model.Raw{}, e) {
					return
				}
			}
		}
	}
	rep, err := Ingest(ctx, st, seq(raws[:2]), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 2 || rep.Documents != 2 {
		t.Errorf("first ingest: %+v", rep)
	}
	bad := &source.Error{Input: "x.jsonl", Line: 3, Err: source.ErrMalformed}
	rep, err = Ingest(ctx, st, seq(raws[2:], bad), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 1 || rep.Documents != len(raws) || rep.Stories != 1 || rep.Incidents != 1 {
		t.Errorf("second ingest: %+v", rep)
	}
	// Again: nothing changes.
	rep, err = Ingest(ctx, st, seq(raws), Config{})
	if err != nil || rep.Changed != 0 {
		t.Errorf("third ingest: %+v, %v", rep, err)
	}
	// A context error ends the ingest with an error and stores nothing new.
	stop := errors.New("stopped")
	if _, err := Ingest(ctx, st, seq(nil, stop), Config{}); !errors.Is(err, stop) {
		t.Errorf("ingest with a non-source error: %v", err)
	}
}

// TestParallelSameAsSerial: the stages run on all cores give what one
// core gives.
func TestParallelSameAsSerial(t *testing.T) {
	raws := sampleRaws(t)
	want := Analyze(raws, Config{})
	prev := runtime.GOMAXPROCS(1)
	serial := Analyze(raws, Config{})
	runtime.GOMAXPROCS(max(prev, 4))
	wide := Analyze(raws, Config{})
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(serial, want) || !reflect.DeepEqual(wide, want) {
		t.Error("the result depends on how many threads run the stages")
	}
}

// plain hides the store's Rebuild.
type plain struct{ store.Store }

// TestObserve: Config.Observe hears of every stage, with the number of
// documents, on a store that rebuilds under its own lock and on one
// that does not.
func TestObserve(t *testing.T) {
	raws := sampleRaws(t)
	for _, tc := range []struct {
		name  string
		wrap  func(store.Store) store.Store
		store []string
	}{
		{"rebuilder", func(s store.Store) store.Store { return s }, []string{StageStore}},
		{"plain", func(s store.Store) store.Store { return plain{s} }, []string{StageLoadRaws, StageSave}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			seen := map[string]int{}
			cfg := Config{Observe: func(stage string, n int, d time.Duration) {
				if d < 0 {
					t.Errorf("%s: negative duration %v", stage, d)
				}
				seen[stage] = n
			}}
			if _, err := Ingest(context.Background(), tc.wrap(st), sliceOf(raws), cfg); err != nil {
				t.Fatal(err)
			}
			want := []string{StageStoreRaws, StageExtract, StageAnalyze, StageDedup, StageStory, StageIncident}
			for _, s := range append(want, tc.store...) {
				n, ok := seen[s]
				if !ok {
					t.Errorf("stage %q not observed", s)
				} else if s != StageLoadRaws && n != len(raws) {
					t.Errorf("stage %q: %d documents, want %d", s, n, len(raws))
				}
			}
			if len(seen) != len(want)+len(tc.store) {
				t.Errorf("observed %v, want %v and %v only", seen, want, tc.store)
			}
		})
	}
}

func sliceOf(raws []model.Raw) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		for _, r := range raws {
			if !yield(r, nil) {
				return
			}
		}
	}
}
