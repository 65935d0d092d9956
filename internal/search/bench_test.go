package search

import (
	"fmt"
	"testing"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
)

// benchDocs is the sample corpus analysed once and repeated n times under
// new ids (the texts repeat; the index sizes are what a corpus of n × 4
// documents of this length gives).
func benchDocs(b *testing.B, n int) []Doc {
	b.Helper()
	var raws []model.Raw
	for r, err := range source.ReadFS(b.Context(), sample.Corpus, sample.Dir, source.Options{}) {
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, r)
	}
	base := Docs(pipeline.Analyze(raws, pipeline.Config{}))
	out := make([]Doc, 0, n*len(base))
	for i := range n {
		for _, d := range base {
			d.ID = fmt.Sprintf("%s-%d", d.ID, i)
			out = append(out, d)
		}
	}
	return out
}

// BenchmarkBuild indexes 1,000 documents; it reports documents per second.
func BenchmarkBuild(b *testing.B) {
	docs := benchDocs(b, benchN)
	b.ResetTimer()
	for b.Loop() {
		ix, err := New(b.Context(), docs)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch runs a two-word query over 1,000 documents, 20 hits with
// their marks.
func BenchmarkSearch(b *testing.B) {
	ix, err := New(b.Context(), benchDocs(b, benchN))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for b.Loop() {
		if _, err := ix.Search(b.Context(), Query{Text: "Orrin Valley"}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchN copies of the 4 sample documents are indexed.
const benchN = 250

// BenchmarkUpdate updates an index of 1,000 documents with the next
// snapshot's: 20 new documents (an ingest's batch), the rest unchanged.
// Compare its time per operation with BenchmarkBuild's, what the server
// paid per snapshot before Update.
func BenchmarkUpdate(b *testing.B) {
	docs := benchDocs(b, benchN)
	base, err := New(b.Context(), docs)
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	extra := benchDocs(b, 5) // 20 documents
	for i := range extra {
		extra[i].ID = "new-" + extra[i].ID
	}
	next := append(append([]Doc(nil), docs...), extra...)
	for b.Loop() {
		ix, err := base.Update(b.Context(), next)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
