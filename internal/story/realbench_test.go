package story

import (
	"sync"
	"testing"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/source"
)

var (
	realOnce sync.Once
	realDocs []model.Doc
)

// benchDocs reads CASIE dev and the translation set from ../shared and
// cleans and analyses them as the pipeline does.
func benchDocs(b *testing.B) []model.Doc {
	b.Helper()
	paths := []string{sharedtest.Path(b, "data", "casie-dev.jsonl"), sharedtest.Path(b, "data", "translations-dev.jsonl")}
	realOnce.Do(func() {
		var raws []model.Raw
		for r, err := range source.Read(b.Context(), paths, source.Options{}) {
			if err != nil {
				b.Fatal(err)
			}
			raws = append(raws, r)
		}
		rep := extract.NewRepeated()
		for _, r := range raws {
			rep.Add(r)
		}
		for _, r := range raws {
			realDocs = append(realDocs, analyze.Analyze(extract.Clean(r, rep)))
		}
	})
	return realDocs
}

// BenchmarkBagOf times the features of one real article (CASIE dev and
// the translation set, in turn).
func BenchmarkBagOf(b *testing.B) {
	docs := benchDocs(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		BagOf([]*model.Doc{&docs[i%len(docs)]})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkCluster times clustering the real articles (1,275), dedup
// groups given, without a Cache: the units' features and the assignment.
func BenchmarkCluster(b *testing.B) {
	docs := benchDocs(b)
	groups, _ := dedup.Link(docs, dedup.Options{NoDictionaries: true})
	b.ResetTimer()
	for b.Loop() {
		Cluster(docs, groups, Options{Workers: 1})
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
