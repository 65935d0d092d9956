package pipeline

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

// TestMemoSameResult: rebuilds that reuse a Memo give exactly what fresh
// rebuilds give, as documents arrive, change and leave, and as the
// incident options change; and they do reuse work.
func TestMemoSameResult(t *testing.T) {
	raws := sampleRaws(t)
	changed := append([]model.Raw(nil), raws...)
	changed[0].Body = append(append([]byte(nil), changed[0].Body...), "\n\nA sentence added later by the outlet.\n"...)
	aliases := incident.Options{Aliases: map[string]string{"EKS": "East Kent Services"}}
	steps := []struct {
		name      string
		raws      []model.Raw
		opt       incident.Options
		wantHits  bool // some documents or incidents come from the Memo
		wantFresh bool // some incident is extracted again
	}{
		{"first half", raws[:len(raws)/2], incident.Options{}, false, true},
		{"all", raws, incident.Options{}, true, true},
		{"all again", raws, incident.Options{}, true, false},
		{"one document changed", changed, incident.Options{}, true, true},
		{"one document gone", changed[1:], incident.Options{}, true, true},
		{"new alias table", changed[1:], aliases, true, true},
		{"same alias table", changed[1:], incident.Options{Aliases: map[string]string{"EKS": "East Kent Services"}}, true, false},
	}
	m := &Memo{}
	for _, st := range steps {
		before := m.Stats()
		want := Analyze(st.raws, Config{Incident: st.opt})
		got := Analyze(st.raws, Config{Incident: st.opt, Memo: m})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the rebuild with a Memo differs from a fresh one", st.name)
		}
		after := m.Stats()
		hits := after.DocHits - before.DocHits + after.IncidentHits - before.IncidentHits
		fresh := after.IncidentMisses - before.IncidentMisses
		if (hits > 0) != st.wantHits || (fresh > 0) != st.wantFresh {
			t.Errorf("%s: %d reused, %d incidents extracted again; want reuse %v, extraction %v",
				st.name, hits, fresh, st.wantHits, st.wantFresh)
		}
		if n := after.DocHits + after.DocMisses - before.DocHits - before.DocMisses; n != len(st.raws) {
			t.Errorf("%s: %d documents counted, want %d", st.name, n, len(st.raws))
		}
	}
	// The Memo keeps the last rebuild's entries only.
	if len(m.docs) != len(raws)-1 {
		t.Errorf("memo holds %d documents after a rebuild of %d", len(m.docs), len(raws)-1)
	}
}

// TestMemoSeed: a Memo seeded from a snapshot saved to and loaded from
// the store (what a restarted server starts from) reuses all of it, and
// the rebuild still equals a fresh one.
func TestMemoSeed(t *testing.T) {
	ctx := t.Context()
	raws := sampleRaws(t)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "casefile.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Ingest(ctx, st, sliceOf(raws), Config{}); err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := &Memo{}
	m.Seed(snap, incident.Options{})
	want := Analyze(raws, Config{})
	if got := Analyze(raws, Config{Memo: m}); !reflect.DeepEqual(got, want) {
		t.Fatal("the rebuild with a seeded Memo differs from a fresh one")
	}
	if s := m.Stats(); s.DocMisses != 0 || s.IncidentMisses != 0 || s.DocHits != len(raws) || s.IncidentHits != len(want.Incidents) {
		t.Errorf("seeded from the stored snapshot: %+v, want every document and incident reused", s)
	}
}

// TestMemoSameResultCASIE: on real news (CASIE dev), a rebuild of all
// articles that reuses a Memo filled by a rebuild of half of them equals
// a fresh rebuild.
func TestMemoSameResultCASIE(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilds 561 articles three times")
	}
	raws := casieRaws(t)
	m := &Memo{}
	Analyze(raws[:len(raws)/2], Config{Memo: m})
	got := Analyze(raws, Config{Memo: m})
	want := Analyze(raws, Config{})
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the rebuild with a Memo differs from a fresh one")
	}
	if s := m.Stats(); s.DocHits < len(raws)/2 || s.IncidentHits == 0 {
		t.Errorf("little reused: %+v", s)
	}
}

// casieRaws reads ../shared/data/casie-dev.jsonl.
func casieRaws(t *testing.T) []model.Raw {
	t.Helper()
	path := sharedtest.Path(t, "data", "casie-dev.jsonl")
	var raws []model.Raw
	for r, err := range source.Read(t.Context(), []string{path}, source.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, r)
	}
	return raws
}
