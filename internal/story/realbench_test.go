package story

import (
	"testing"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sharedtest/realdocs"
)

// BenchmarkBagOf times the features of one real article (CASIE dev and
// the translation set, in turn).
func BenchmarkBagOf(b *testing.B) {
	docs := realdocs.Docs(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		BagOf([]*model.Doc{&docs[i%len(docs)]})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkCluster times clustering the real articles (1,275), dedup
// groups given, without a Cache: the units' features and the assignment.
func BenchmarkCluster(b *testing.B) {
	docs := realdocs.Docs(b)
	groups, _ := dedup.Link(docs, dedup.Options{NoDictionaries: true})
	b.ResetTimer()
	for b.Loop() {
		Cluster(docs, groups, Options{Workers: 1})
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
