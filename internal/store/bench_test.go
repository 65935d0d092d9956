package store

import (
	"fmt"
	"testing"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// Each benchmark runs on SQLite and on PostgreSQL (when
// CASEFILE_TEST_POSTGRES is set): go test ./internal/store -run '^$' -bench .
func BenchmarkPutRaw(b *testing.B) {
	for _, be := range storetest.Backends() {
		b.Run(be.Name, func(b *testing.B) { benchPutRaw(b, be) })
	}
}

func BenchmarkSave(b *testing.B) {
	for _, be := range storetest.Backends() {
		b.Run(be.Name, func(b *testing.B) { benchSave(b, be) })
	}
}

func openBench(b *testing.B, be storetest.Backend) Backend {
	b.Helper()
	s, err := OpenAny(b.Context(), be.New(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchPutRaw(b *testing.B, be storetest.Backend) {
	s := openBench(b, be)
	body := make([]byte, 3000)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	raws := make([]model.Raw, 1000)
	n := 0
	for b.Loop() {
		for i := range raws {
			n++
			raws[i] = model.Raw{ID: fmt.Sprintf("doc-%09d", n), Source: "bench", URI: "bench", Body: body}
		}
		if _, err := s.PutRaw(b.Context(), raws); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(raws))/b.Elapsed().Seconds(), "docs/s")
}

func benchSave(b *testing.B, be storetest.Backend) {
	s := openBench(b, be)
	base := sampleSnapshot().Documents[0]
	var snap Snapshot
	for i := range 5000 {
		d := base
		d.ID = fmt.Sprintf("doc-%06d", i)
		d.Story = fmt.Sprintf("s%d", i/5)
		snap.Documents = append(snap.Documents, d)
		if i%5 == 0 {
			snap.Stories = append(snap.Stories, model.Story{ID: d.Story})
			snap.Incidents = append(snap.Incidents, model.Incident{ID: "i-" + d.Story, Story: d.Story})
		}
		st := &snap.Stories[len(snap.Stories)-1]
		st.Docs = append(st.Docs, d.ID)
	}
	for b.Loop() {
		if err := s.Save(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(snap.Documents))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkUpdate measures an incremental ingest's store work: Update of
// one batch replacing 10 stories (20 documents, split between them
// anew) with their incidents, at two stored sizes, beside Save of the
// whole snapshot of the same size. Update's cost should not grow with
// the stored size; Save's does.
//
//	go test ./internal/store -run '^$' -bench Update
func BenchmarkUpdate(b *testing.B) {
	for _, be := range storetest.Backends() {
		for _, n := range []int{2000, 20000} {
			b.Run(fmt.Sprintf("%s/update/docs=%d", be.Name, n), func(b *testing.B) { benchUpdate(b, be, n) })
		}
		for _, n := range []int{2000, 20000} {
			b.Run(fmt.Sprintf("%s/save/docs=%d", be.Name, n), func(b *testing.B) { benchSaveWhole(b, be, n) })
		}
	}
}

// benchSnapshot is n documents in n/2 stories of two, each with an
// incident.
func benchSnapshot(n int) Snapshot {
	base := sampleSnapshot().Documents[0]
	var snap Snapshot
	for i := range n {
		d := base
		d.ID = fmt.Sprintf("doc-%07d", i)
		d.Story = fmt.Sprintf("s%07d", i/2)
		snap.Documents = append(snap.Documents, d)
		if i%2 == 0 {
			snap.Stories = append(snap.Stories, model.Story{ID: d.Story})
			snap.Incidents = append(snap.Incidents, model.Incident{ID: "i-" + d.Story, Story: d.Story, Title: "incident"})
		}
		st := &snap.Stories[len(snap.Stories)-1]
		st.Docs = append(st.Docs, d.ID)
	}
	return snap
}

func benchUpdate(b *testing.B, be storetest.Backend, n int) {
	s := openBench(b, be)
	snap := benchSnapshot(n)
	if err := s.Save(b.Context(), snap); err != nil {
		b.Fatal(err)
	}
	u := s.(Updater)
	docAt, storyAt := map[string]int{}, map[string]int{}
	for i, d := range snap.Documents {
		docAt[d.ID] = i
	}
	for i, st := range snap.Stories {
		storyAt[st.ID] = i
	}
	const batch = 10 // stories per Update
	round := 0
	for b.Loop() {
		// The next 10 stories, their 20 documents shifted by one
		// between them (story k gets the second document of k and the
		// first of k+1, wrapping), so every Update changes them all.
		first := (round * batch) % (len(snap.Stories) - batch)
		round++
		var remove []string
		var part Snapshot
		for k := first; k < first+batch; k++ {
			remove = append(remove, snap.Stories[k].ID)
		}
		for k := first; k < first+batch; k++ {
			next := first + (k-first+1)%batch
			st := model.Story{ID: snap.Stories[k].ID, Docs: []string{snap.Stories[k].Docs[1], snap.Stories[next].Docs[0]}}
			part.Stories = append(part.Stories, st)
			for _, id := range st.Docs {
				d := snap.Documents[docAt[id]]
				d.Story = st.ID
				part.Documents = append(part.Documents, d)
			}
			part.Incidents = append(part.Incidents, model.Incident{ID: "i-" + st.ID, Story: st.ID, Title: fmt.Sprintf("round %d", round)})
		}
		// Keep snap as the store has it, for the next rounds.
		for _, st := range part.Stories {
			snap.Stories[storyAt[st.ID]] = st
		}
		for _, d := range part.Documents {
			snap.Documents[docAt[d.ID]] = d
		}
		if err := u.Update(b.Context(), remove, part); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSaveWhole(b *testing.B, be storetest.Backend, n int) {
	s := openBench(b, be)
	snap := benchSnapshot(n)
	for b.Loop() {
		if err := s.Save(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
}
