package dedup

import (
	"sync"
	"testing"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dict"
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

// BenchmarkLinkReal links the real articles (CASIE dev and the
// translation set, 1,275) with the installed dictionaries, opened
// beforehand: "cold" computes every document's features, "cached" takes
// them from a Cache, as a long-running process does.
func BenchmarkLinkReal(b *testing.B) {
	docs := benchDocs(b)
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
