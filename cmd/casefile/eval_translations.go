package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/model"
)

func init() {
	evalCommands["translations"] = command{
		summary: "score translation linking on a translations-dev.jsonl-style file",
		run:     runEvalTranslations,
	}
}

// transRecord is one line of a translations evaluation file.
type transRecord struct {
	ID    string `json:"id"`
	Lang  string `json:"lang"`
	Group string `json:"group"`
	Role  string `json:"role"`
	Text  string `json:"text"`
}

// transScores are the translation-linking figures.
type transScores struct {
	Docs    int
	Overall pairPRF
	ByPair  map[string]pairPRF
	// P1 counts translations whose best match in the original's language
	// is the original; Original counts groups whose chosen original is
	// the gold one.
	P1Hit, P1N             int
	OriginalHit, OriginalN int
	Elapsed                time.Duration
}

// pairPRF counts pairs for precision, recall and F1.
type pairPRF struct{ TP, FP, FN int }

func (p pairPRF) precision() float64 { return ratio(p.TP, p.TP+p.FP) }
func (p pairPRF) recall() float64    { return ratio(p.TP, p.TP+p.FN) }
func (p pairPRF) f1() float64 {
	pr, rc := p.precision(), p.recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func runEvalTranslations(ctx context.Context, e *env, args []string) (int, error) {
	fl := flag.NewFlagSet("eval translations", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	if err := fl.Parse(args); err != nil {
		return 2, nil
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(e.stderr, "usage: casefile eval translations FILE.jsonl")
		return 2, nil
	}
	recs, err := readTransRecords(fl.Arg(0))
	if err != nil {
		return 1, err
	}
	s := scoreTranslations(ctx, recs, dedup.Options{})
	printTransScores(e.stdout, s)
	return 0, nil
}

// readTransRecords reads a JSON Lines file of transRecords.
func readTransRecords(path string) ([]transRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval translations: %w", err)
	}
	defer f.Close()
	var recs []transRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r transRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("eval translations: %s:%d: %w", path, line, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval translations: reading %s: %w", path, err)
	}
	return recs, nil
}

// pairKey names an unordered language pair, "de-fr".
func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "-" + b
}

// scoreTranslations links the records' texts with dedup and compares the
// cross-language pairs casefile relates (same group) with the gold
// pairs (same "group" field).
func scoreTranslations(ctx context.Context, recs []transRecord, opt dedup.Options) transScores {
	_ = ctx
	start := time.Now()
	docs := make([]model.Doc, len(recs))
	for i, r := range recs {
		docs[i] = analyze.Analyze(model.Article{ID: r.ID, Text: r.Text, Lang: r.Lang})
	}
	res := dedup.LinkDetail(docs, opt)
	s := transScores{Docs: len(recs), ByPair: map[string]pairPRF{}, Elapsed: time.Since(start)}
	predGroup := map[string]int{}
	for gi, g := range res.Groups {
		for _, m := range g.Members {
			predGroup[m] = gi
		}
	}
	count := func(pair string, f func(*pairPRF)) {
		p := s.ByPair[pair]
		f(&p)
		s.ByPair[pair] = p
		f(&s.Overall)
	}
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			a, b := recs[i], recs[j]
			if a.Lang == b.Lang {
				continue
			}
			gold := a.Group == b.Group
			pred := predGroup[a.ID] == predGroup[b.ID]
			pair := pairKey(a.Lang, b.Lang)
			switch {
			case gold && pred:
				count(pair, func(p *pairPRF) { p.TP++ })
			case pred:
				count(pair, func(p *pairPRF) { p.FP++ })
			case gold:
				count(pair, func(p *pairPRF) { p.FN++ })
			}
		}
	}
	orig := map[string]transRecord{}
	for _, r := range recs {
		if r.Role == "original" {
			orig[r.Group] = r
		}
	}
	for _, r := range recs {
		o, ok := orig[r.Group]
		if r.Role != "translation" || !ok || o.Lang == r.Lang {
			continue
		}
		s.P1N++
		if best, ok := res.Best[r.ID][o.Lang]; ok && best.Other(r.ID) == o.ID {
			s.P1Hit++
		}
	}
	groupOf := map[string]string{}
	for _, r := range recs {
		groupOf[r.ID] = r.Group
	}
	for _, g := range res.Groups {
		o, ok := orig[groupOf[g.Members[0]]]
		if !ok || len(g.Members) < 2 {
			continue
		}
		s.OriginalN++
		if g.Original == o.ID {
			s.OriginalHit++
		}
	}
	return s
}

func printTransScores(w io.Writer, s transScores) {
	fmt.Fprintf(w, "translation linking: %d documents, %s\n", s.Docs, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "%-8s %6s %6s %6s %6s %5s %5s\n", "pair", "P", "R", "F1", "TP", "FP", "FN")
	pairs := make([]string, 0, len(s.ByPair))
	for k := range s.ByPair {
		pairs = append(pairs, k)
	}
	slices.SortFunc(pairs, cmp.Compare)
	line := func(name string, p pairPRF) {
		fmt.Fprintf(w, "%-8s %6.3f %6.3f %6.3f %6d %5d %5d\n", name, p.precision(), p.recall(), p.f1(), p.TP, p.FP, p.FN)
	}
	for _, k := range pairs {
		line(k, s.ByPair[k])
	}
	line("overall", s.Overall)
	fmt.Fprintf(w, "P@1 (translation's best match in the original's language is the original): %.3f (%d/%d)\n", ratio(s.P1Hit, s.P1N), s.P1Hit, s.P1N)
	fmt.Fprintf(w, "original chosen correctly in linked groups: %.3f (%d/%d)\n", ratio(s.OriginalHit, s.OriginalN), s.OriginalHit, s.OriginalN)
}
