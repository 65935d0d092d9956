package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

func BenchmarkPutRaw(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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

func BenchmarkSave(b *testing.B) {
	s, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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
