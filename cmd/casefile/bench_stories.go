package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/story"
)

func init() {
	benchCommands["stories"] = command{
		summary: "story assignment latency (p50/p99) and memory with 10k, 100k and 1M stored articles built from FILE.jsonl",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.benchStories(ctx, args) },
	}
}

// benchStories fills an online story assigner with a synthetic corpus
// made from perturbed real articles and times the assignment of further
// articles at each size.
//
// Each synthetic article takes a real article's features, drops about a
// third of its terms, renames four in five of its anchors (names,
// acronyms) with a salt of its own synthetic story (so the corpus holds
// many distinct stories of one to six articles, not copies of the same
// few hundred), and gets a date that advances with the corpus (2,000
// articles a day).
func (e *env) benchStories(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("bench stories", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	sizesFlag := fs.String("sizes", "10000,100000,1000000", "stored article counts to measure at, ascending")
	probes := fs.Int("probes", 2000, "articles timed at each size")
	perDay := fs.Int("per-day", 2000, "synthetic articles per day")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	path, err := parseInterspersed(fs, args)
	if err != nil {
		return 2, nil
	}
	if path == "" {
		return 2, errors.New("bench stories: give a JSON Lines file of real articles (e.g. ../shared/data/casie-dev.jsonl)")
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return 2, fmt.Errorf("bench stories: bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	if !slices.IsSorted(sizes) {
		return 2, errors.New("bench stories: sizes must ascend")
	}
	var raws []model.Raw
	for raw, err := range source.Read(ctx, []string{path}, source.Options{}) {
		if err == nil {
			raws = append(raws, raw)
		}
	}
	if len(raws) == 0 {
		return 1, fmt.Errorf("bench stories: no articles in %s", path)
	}
	docs := pipeline.Docs(raws)
	bags := make([]story.Bag, len(docs))
	for i := range docs {
		bags[i] = story.BagOf([]*model.Doc{&docs[i]})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// A synthetic story has 1 to 6 articles a few days apart.
	var storySalt uint32
	left := 0
	synth := func(n int) story.Features {
		if left == 0 {
			storySalt = rng.Uint32() | 1
			left = 1 + rng.IntN(6)
		}
		left--
		src := bags[rng.IntN(len(bags))]
		b := make(story.Bag, 0, len(src))
		for _, t := range src {
			if rng.Float64() < 0.33 {
				continue
			}
			if t.Key&0x80000000 != 0 && rng.Float64() < 0.8 {
				// An anchor: keep the feature space (top two bits), rename
				// the rest. Words keep their keys, as a language's
				// vocabulary does; names grow with the stories.
				t.Key = t.Key&0xC0000000 | (t.Key^storySalt*2654435761)&^0xC0000000
			}
			b = append(b, t)
		}
		slices.SortFunc(b, func(x, y story.Term) int { return int(int64(x.Key) - int64(y.Key)) })
		b = slices.CompactFunc(b, func(x, y story.Term) bool { return x.Key == y.Key })
		return story.Features{Bag: b, Day: int32(n / *perDay), Langs: story.LangBit("en")}
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return 1, fmt.Errorf("bench stories: %w", err)
	}
	defer stop()
	stats := story.NewStats()
	as := story.NewAssigner(stats, story.AssignOptions{})
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	fmt.Fprintf(e.stdout, "real articles: %d from %s; synthetic: %d per day\n", len(docs), path, *perDay)
	fmt.Fprintf(e.stdout, "%10s %10s %10s %10s %10s %10s %10s %10s %12s\n", "stored", "stories", "p50", "p99", "max", "cpu p50", "cpu p99", "fill/s", "heap MB")
	n := 0
	for _, size := range sizes {
		start := time.Now()
		filled := 0
		for ; n < size; n++ {
			f := synth(n)
			stats.Observe(f.Bag)
			as.Add(f)
			filled++
			if n%100000 == 0 && ctx.Err() != nil {
				return 1, ctx.Err()
			}
		}
		fillRate := float64(filled) / time.Since(start).Seconds()
		// The probes are timed one by one and then counted as stored.
		// Wall time suffers from other processes on a shared machine, so
		// the CPU time of the thread is measured too.
		lat := make([]time.Duration, *probes)
		cpu := make([]time.Duration, *probes)
		runtime.LockOSThread()
		for i := range lat {
			f := synth(n)
			c0 := threadCPU()
			t0 := time.Now()
			stats.Observe(f.Bag)
			as.Add(f)
			lat[i] = time.Since(t0)
			cpu[i] = threadCPU() - c0
			n++
		}
		runtime.UnlockOSThread()
		slices.Sort(lat)
		slices.Sort(cpu)
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap := float64(ms.HeapAlloc-min(ms.HeapAlloc, base.HeapAlloc)) / (1 << 20)
		fmt.Fprintf(e.stdout, "%10d %10d %10s %10s %10s %10s %10s %10.0f %12.1f\n", size, as.Stories(),
			lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond),
			cpu[len(cpu)/2].Round(time.Microsecond), cpu[len(cpu)*99/100].Round(time.Microsecond), fillRate, heap)
	}
	return 0, nil
}

// startCPUProfile starts a CPU profile written to path (none when path
// is empty); stop ends it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
