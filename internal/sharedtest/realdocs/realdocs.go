// Package realdocs gives benchmarks the real articles of ../shared (CASIE
// dev and the translation set, 1,275), cleaned and analysed as the
// pipeline does. It is a package of its own, not part of sharedtest,
// because it imports analyze and extract, whose tests use sharedtest.
package realdocs

import (
	"sync"
	"testing"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/source"
)

var (
	once sync.Once
	docs []model.Doc
	err  error
)

// Docs reads CASIE dev and the translation set from ../shared (skipping
// tb as sharedtest does when they are missing) and cleans and analyses
// them, once per process.
func Docs(tb testing.TB) []model.Doc {
	tb.Helper()
	paths := []string{sharedtest.Path(tb, "data", "casie-dev.jsonl"), sharedtest.Path(tb, "data", "translations-dev.jsonl")}
	once.Do(func() {
		var raws []model.Raw
		for r, rerr := range source.Read(tb.Context(), paths, source.Options{}) {
			if rerr != nil {
				err = rerr
				return
			}
			raws = append(raws, r)
		}
		rep := extract.NewRepeated()
		for _, r := range raws {
			rep.Add(r)
		}
		for _, r := range raws {
			docs = append(docs, analyze.Analyze(extract.Clean(r, rep)))
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}
