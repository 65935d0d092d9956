package dedup

import (
	"testing"

	"github.com/casefile/casefile/internal/dict"
	"github.com/casefile/casefile/internal/sharedtest/realdocs"
)

// BenchmarkLinkReal links the real articles (CASIE dev and the
// translation set, 1,275) with the installed dictionaries, opened
// beforehand: "cold" computes every document's features, "cached" takes
// them from a Cache, as a long-running process does.
func BenchmarkLinkReal(b *testing.B) {
	docs := realdocs.Docs(b)
	lex := NewLexicons(dict.Dir())
	Link(docs, Options{Lexicons: lex}) // opens the dictionaries
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			Link(docs, Options{Lexicons: lex, Workers: 1})
		}
		b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	b.Run("cached", func(b *testing.B) {
		c := &Cache{}
		Link(docs, Options{Lexicons: lex, Workers: 1, Cache: c})
		b.ResetTimer()
		for b.Loop() {
			Link(docs, Options{Lexicons: lex, Workers: 1, Cache: c})
		}
		b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
}
