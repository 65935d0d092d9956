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
