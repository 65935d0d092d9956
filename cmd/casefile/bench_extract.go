package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"

	"github.com/casefile/casefile/internal/extract/htmltext"
)

func init() {
	benchCommands["extract"] = command{
		summary: "HTML extraction throughput of casefile's HTML path and of go-trafilatura alone on DIR's pages",
		run:     benchExtract,
	}
}

// benchExtract times casefile's whole HTML path (main text, paragraphs,
// text-level cleaning) and go-trafilatura alone, with the same options,
// on the same pages in the same run, one core each, in alternating
// rounds so that both see the same machine load.
func benchExtract(ctx context.Context, e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("bench extract", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rounds := fs.Int("rounds", 5, "timed rounds per extractor (after one warm-up round)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return 1, fmt.Errorf("bench extract: %w", err)
	}
	defer stop()
	dir := defaultExtractionBenchmark + "/html"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	pages, size, err := loadPages(dir)
	if err != nil {
		return 1, err
	}
	if len(pages) == 0 {
		return 1, fmt.Errorf("bench extract: no .html or .html.gz files in %s", dir)
	}
	systems := []struct {
		name string
		fn   func([]byte)
	}{
		{"casefile", func(p []byte) { casefileHTML(p, htmltext.Options{}) }},
		{"go-trafilatura", func(p []byte) {
			trafilatura.Extract(bytes.NewReader(p), htmltext.TrafilaturaOptions(htmltext.Options{}))
		}},
	}
	// Systems take turns page by page (first one, then the other,
	// swapping each round), so a change in machine load during the run
	// weighs on both alike. CPU time of the whole process is summed
	// beside wall time: only one system runs at a time, and work it
	// hands to other goroutines (chardet's detectors in dom.Parse, the
	// garbage collector) is its cost too.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	times := make([][]time.Duration, len(systems))
	cpus := make([][]time.Duration, len(systems))
	for r := 0; r <= max(1, *rounds); r++ {
		wall := make([]time.Duration, len(systems))
		cpu := make([]time.Duration, len(systems))
		for _, p := range pages {
			if err := ctx.Err(); err != nil {
				return 1, err
			}
			for k := range systems {
				i := k
				if r%2 == 1 {
					i = len(systems) - 1 - k
				}
				c0, w0 := cpuTime(), time.Now()
				systems[i].fn(p)
				wall[i] += time.Since(w0)
				cpu[i] += cpuTime() - c0
			}
		}
		if r > 0 { // round 0 warms up caches and compiled patterns
			for i := range systems {
				times[i] = append(times[i], wall[i])
				cpus[i] = append(cpus[i], cpu[i])
			}
		}
	}
	fmt.Fprintf(e.stdout, "%d pages, %.1f MB of HTML, %d rounds, one goroutine\n", len(pages), float64(size)/1e6, len(times[0]))
	fmt.Fprintf(e.stdout, "%-16s %10s %10s %12s %12s\n", "extractor", "pages/s", "MB/s", "median round", "median CPU")
	med := make([]time.Duration, len(systems))
	medCPU := make([]time.Duration, len(systems))
	for i, s := range systems {
		slices.Sort(times[i])
		slices.Sort(cpus[i])
		med[i] = times[i][len(times[i])/2]
		medCPU[i] = cpus[i][len(cpus[i])/2]
		secs := med[i].Seconds()
		fmt.Fprintf(e.stdout, "%-16s %10.1f %10.2f %12s %12s\n", s.name, float64(len(pages))/secs, float64(size)/1e6/secs,
			med[i].Round(time.Millisecond), medCPU[i].Round(time.Millisecond))
	}
	fmt.Fprintf(e.stdout, "casefile / go-trafilatura time: %.3f× wall, %.3f× CPU of the process\n",
		med[0].Seconds()/med[1].Seconds(), medCPU[0].Seconds()/medCPU[1].Seconds())
	return 0, nil
}

// loadPages reads every .html, .htm and .html.gz file in dir.
func loadPages(dir string) ([][]byte, int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, fmt.Errorf("bench extract: %w", err)
	}
	var pages [][]byte
	var size int64
	for _, en := range entries {
		name := strings.ToLower(en.Name())
		p := filepath.Join(dir, en.Name())
		var b []byte
		switch {
		case strings.HasSuffix(name, ".html.gz") || strings.HasSuffix(name, ".htm.gz"):
			b, err = readGzip(p)
		case strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm"):
			b, err = os.ReadFile(p)
		default:
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("bench extract: %w", err)
		}
		pages = append(pages, b)
		size += int64(len(b))
	}
	return pages, size, nil
}
