package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"

	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/extract/htmltext"
	"github.com/casefile/casefile/internal/model"
)

func init() {
	evalCommands["extract"] = command{
		summary: "main-text extraction P/R/F1 on the article extraction benchmark, with go-trafilatura and go-readability as peers",
		run:     evalExtract,
	}
}

// defaultExtractionBenchmark is where the public article extraction
// benchmark lives, relative to the repository root.
const defaultExtractionBenchmark = "../shared/data/article-extraction-benchmark"

// benchPage is one page of the extraction benchmark.
type benchPage struct {
	id   string
	html []byte
	gold string
}

// loadExtractionBenchmark reads ground-truth.json and html/ID.html.gz.
func loadExtractionBenchmark(dir string) ([]benchPage, error) {
	data, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("extraction benchmark: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(data, &gt); err != nil {
		return nil, fmt.Errorf("extraction benchmark: ground-truth.json: %w", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pages := make([]benchPage, 0, len(ids))
	for _, id := range ids {
		p := filepath.Join(dir, "html", id+".html.gz")
		b, err := readGzip(p)
		if err != nil {
			return nil, fmt.Errorf("extraction benchmark: %w", err)
		}
		pages = append(pages, benchPage{id: id, html: b, gold: gt[id].ArticleBody})
	}
	return pages, nil
}

func readGzip(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return b, nil
}

// extractor is one main-text extractor under evaluation.
type extractor struct {
	name string
	fn   func(page []byte) string
}

// casefileHTML is casefile's whole HTML path: main text and metadata
// from htmltext, then the plain-text junk removal of package extract.
func casefileHTML(page []byte, opt htmltext.Options) (model.Article, error) {
	p, err := htmltext.Extract(page, opt)
	if err != nil {
		return model.Article{}, err
	}
	raw := model.Raw{ID: "page", Title: p.Title, URL: p.URL, Published: p.Published,
		Body: []byte(p.Text), ContentType: "text/html"}
	return extract.Clean(raw, nil), nil
}

// extractors returns casefile's HTML path and the two peers.
func extractors() []extractor {
	return []extractor{
		{"casefile", func(page []byte) string {
			a, err := casefileHTML(page, htmltext.Options{})
			if err != nil {
				return ""
			}
			return a.Text
		}},
		{"go-trafilatura", func(page []byte) string {
			res, err := trafilatura.Extract(bytes.NewReader(page), trafilaturaAlone())
			if err != nil || res == nil {
				return ""
			}
			return res.ContentText
		}},
		{"go-readability", func(page []byte) string {
			a, err := readability.FromReader(bytes.NewReader(page), nil)
			if err != nil {
				return ""
			}
			return a.TextContent
		}},
	}
}

// trafilaturaAlone is go-trafilatura as its README suggests using it:
// fallback extractors on, comments left out.
func trafilaturaAlone() trafilatura.Options {
	return trafilatura.Options{EnableFallback: true, ExcludeComments: true}
}

// prf is one page's score; a ratio is NaN-free: ok flags say whether it
// is defined.
type prf struct {
	p, r       float64
	pOK, rOK   bool
	tp, fp, fn float64
}

// wordTokens splits s into maximal runs of Unicode word characters
// (letters, numbers, underscore), as Python's \w+ does.
func wordTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// shingles counts the 4-token shingles of s (one shingle of all tokens
// when there are fewer than four).
func shingles(s string) map[string]int {
	toks := wordTokens(s)
	m := map[string]int{}
	const n = 4
	if len(toks) == 0 {
		return m
	}
	if len(toks) < n {
		m[strings.Join(toks, " ")]++
		return m
	}
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// scorePage scores a prediction against the gold text with the
// benchmark's metric: tp/fp/fn over shingle multisets, normalised to sum
// to 1; a page with no fp and no fn scores 1.
func scorePage(gold, pred string) prf {
	g, p := shingles(gold), shingles(pred)
	var tp, fp, fn float64
	for k, pc := range p {
		gc := g[k]
		tp += float64(min(pc, gc))
		fp += float64(max(pc-gc, 0))
	}
	for k, gc := range g {
		fn += float64(max(gc-p[k], 0))
	}
	if fp == 0 && fn == 0 {
		return prf{p: 1, r: 1, pOK: true, rOK: true, tp: 1}
	}
	sum := tp + fp + fn
	tp, fp, fn = tp/sum, fp/sum, fn/sum
	s := prf{tp: tp, fp: fp, fn: fn}
	if tp+fp > 0 {
		s.p, s.pOK = tp/(tp+fp), true
	}
	if tp+fn > 0 {
		s.r, s.rOK = tp/(tp+fn), true
	}
	return s
}

// summary is the mean precision and recall over pages and their F1.
type summary struct{ p, r, f1 float64 }

func summarise(scores []prf) summary {
	var ps, rs float64
	var np, nr int
	for _, s := range scores {
		if s.pOK {
			ps += s.p
			np++
		}
		if s.rOK {
			rs += s.r
			nr++
		}
	}
	var out summary
	if np > 0 {
		out.p = ps / float64(np)
	}
	if nr > 0 {
		out.r = rs / float64(nr)
	}
	if out.p+out.r > 0 {
		out.f1 = 2 * out.p * out.r / (out.p + out.r)
	}
	return out
}

// runExtractor runs ex over every page on workers goroutines and returns
// the texts in page order and the total CPU-bound wall time.
func runExtractor(ctx context.Context, ex extractor, pages []benchPage, workers int) ([]string, time.Duration, error) {
	out := make([]string, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = ex.fn(pages[i].html)
			}
		}()
	}
	var err error
	for i := range pages {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out, time.Since(start), err
}

func evalExtract(ctx context.Context, e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("eval extract", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("data", defaultExtractionBenchmark, "benchmark folder (ground-truth.json, html/*.html.gz)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "pages extracted in parallel")
	worst := fs.Int("worst", 0, "also list the N pages where casefile scores the lowest F1")
	dump := fs.String("dump", "", "also write each page's gold text and every extractor's text to this folder (ID.gold.txt, ID.EXTRACTOR.txt)")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	pages, err := loadExtractionBenchmark(*dir)
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(e.stdout, "article extraction benchmark: %d pages, metric of EVAL.md (4-token shingles)\n", len(pages))
	fmt.Fprintf(e.stdout, "%-16s %9s %9s %9s %10s\n", "extractor", "precision", "recall", "F1", "pages/s")
	var first []prf
	for _, ex := range extractors() {
		texts, took, err := runExtractor(ctx, ex, pages, max(1, *workers))
		if err != nil {
			return 1, err
		}
		scores := make([]prf, len(pages))
		for i, p := range pages {
			scores[i] = scorePage(p.gold, texts[i])
		}
		if first == nil {
			first = scores
		}
		if *dump != "" {
			if err := dumpTexts(*dump, ex.name, pages, texts); err != nil {
				return 1, err
			}
		}
		s := summarise(scores)
		fmt.Fprintf(e.stdout, "%-16s %9.3f %9.3f %9.3f %10.1f\n", ex.name, s.p, s.r, s.f1,
			float64(len(pages))/took.Seconds())
	}
	if *worst > 0 {
		idx := make([]int, len(pages))
		for i := range idx {
			idx[i] = i
		}
		f := func(s prf) float64 {
			if s.p+s.r == 0 {
				return 0
			}
			return 2 * s.p * s.r / (s.p + s.r)
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			fa, fb := f(first[a]), f(first[b])
			switch {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		})
		fmt.Fprintf(e.stdout, "\nworst pages for casefile (precision, recall):\n")
		for _, i := range idx[:min(*worst, len(idx))] {
			fmt.Fprintf(e.stdout, "  %s  P %.3f  R %.3f\n", pages[i].id, first[i].p, first[i].r)
		}
	}
	return 0, nil
}

// dumpTexts writes every page's gold text and one extractor's texts to
// dir, for looking at where the extractors differ.
func dumpTexts(dir, name string, pages []benchPage, texts []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("eval extract: dump: %w", err)
	}
	for i, p := range pages {
		files := map[string]string{p.id + "." + name + ".txt": texts[i], p.id + ".gold.txt": p.gold}
		for f, text := range files {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
				return fmt.Errorf("eval extract: dump: %w", err)
			}
		}
	}
	return nil
}
