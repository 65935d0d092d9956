package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/story"
)

// textPathIncremental measures the corpus of n articles through
// 'casefile ingest --incremental' in batches of batch articles: stage
// times, articles/s end to end and per tenth of the corpus (does a
// batch cost more as the store grows?), batch latency (an article's
// incident is saved when its batch ends) and peak memory.
//
// With keep, the SQLite store lives in that folder and stays: a run
// continues the corpus from the articles it holds (the generator is
// deterministic), so that a large store can be filled over several runs
// and the figures are those of the articles this run adds.
func (pb *pipelineBench) textPathIncremental(ctx context.Context, backend string, n, batch int, agree bool, keep string) error {
	e := pb.e
	var (
		file, target string
		st           store.Backend
		cleanup      func()
		err          error
	)
	if keep == "" {
		file, target, st, cleanup, err = pb.textSetup(ctx, backend, fmt.Sprintf("inc-%d", n), n)
	} else {
		file, target, st, cleanup, err = pb.keptSetup(ctx, keep)
	}
	if err != nil {
		return err
	}
	defer cleanup()

	mem := startMemPeak()
	stages := newStageTimes()
	cfg := pb.cfg
	cfg.Observe = stages.add
	inc, err := pipeline.NewIncremental(st, cfg, pipeline.IncrementalOptions{BatchSize: batch})
	if err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	defer func() { // (inc is dropped before the end to measure what it keeps)
		if inc != nil {
			inc.Close()
		}
	}()
	from := 0
	if keep != "" {
		t, c := time.Now(), cpuTime()
		if from, err = inc.Stored(ctx); err != nil {
			return fmt.Errorf("bench pipeline: %w", err)
		}
		if from >= n {
			return fmt.Errorf("bench pipeline: %s holds %d articles already, not fewer than %d", target, from, n)
		}
		if err := pb.sameCorpus(keep, from); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\n%s holds %d articles: read its state in %s (%.1f CPU-s); adding %d → %d\n",
			target, from, time.Since(t).Round(time.Second), (cpuTime() - c).Seconds(), from, n)
		if err := pb.writeCorpus(file, from, n); err != nil {
			return err
		}
	}
	total0 := n
	n -= from // the articles this run adds
	t0, c0 := time.Now(), cpuTime()
	stages.lastCPU = c0
	var (
		raws      []model.Raw
		latencies []time.Duration
		read      int
		rep       pipeline.IncrementalReport
		neigh     int
		decode    time.Duration
	)
	type tenth struct {
		at       time.Duration
		cpu      time.Duration
		articles int
	}
	var tenths []tenth
	tDecode := time.Now()
	flush := func() error {
		decode += time.Since(tDecode)
		b0 := time.Now()
		r, err := inc.Add(ctx, raws)
		if err != nil {
			return fmt.Errorf("bench pipeline: %w", err)
		}
		latencies = append(latencies, time.Since(b0))
		neigh += r.Neighbours
		rep = r
		read += len(raws)
		raws = raws[:0]
		if len(tenths) < read*10/n {
			tenths = append(tenths, tenth{time.Since(t0), cpuTime() - c0, read})
		}
		// Progress of a long run, on standard error.
		fmt.Fprintf(e.stderr, "bench pipeline: %d of %d stored, batch of %d in %s, %.0f articles/s so far\n",
			from+read, total0, r.Read, latencies[len(latencies)-1].Round(time.Millisecond), float64(read)/time.Since(t0).Seconds())
		tDecode = time.Now()
		return nil
	}
	for raw, err := range source.Read(ctx, []string{file}, source.Options{}) {
		if err != nil {
			return fmt.Errorf("bench pipeline: corpus: %w", err)
		}
		raws = append(raws, raw)
		if len(raws) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(raws) > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	stages.add("decode", n, decode)
	total, cpu := time.Since(t0), cpuTime()-c0
	peak := mem.end()
	// What the ingester keeps between batches: the live heap with it,
	// with it less the last batch's caches, and without it.
	raws = nil
	heap := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	withCaches := heap()
	inc.ReleaseCaches()
	withState := heap()
	if p := os.Getenv("CASEFILE_BENCH_HEAPPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	if err := inc.Close(); err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	inc = nil
	without := heap()
	kept, caches := withState-without, withCaches-withState
	fmt.Fprintf(e.stdout, "\ntext path, incremental, %s, %d articles in batches of %d (casefile ingest --incremental --batch-size %d FILE.jsonl), %d stored before:\n",
		backend, n, batch, batch, from)
	stages.write(e.stdout, n, total, cpu, "decode", pipeline.StageStoreRaws, pipeline.StageExtract, pipeline.StageAnalyze,
		pipeline.StageNeighbourhood, pipeline.StageDedup, pipeline.StageStory, pipeline.StageIncident, pipeline.StageSave)
	fmt.Fprintf(e.stdout, "  per tenth of the corpus (stored before → after: articles/s, articles/CPU-s):\n")
	var prev tenth
	for _, t := range tenths {
		a := t.articles - prev.articles
		fmt.Fprintf(e.stdout, "    %8d → %8d: %7.0f/s %7.0f/CPU-s\n", from+prev.articles, from+t.articles,
			float64(a)/(t.at-prev.at).Seconds(), float64(a)/(t.cpu-prev.cpu).Seconds())
		prev = t
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	fmt.Fprintf(e.stdout, "  batch latency (an article's incident is saved when its batch ends): p50 %s, p99 %s, max %s over %d batches\n",
		q(0.5).Round(time.Millisecond), q(0.99).Round(time.Millisecond), latencies[len(latencies)-1].Round(time.Millisecond), len(latencies))
	fmt.Fprintf(e.stdout, "  neighbourhood: %.1f stored documents re-clustered per new one\n", float64(neigh)/float64(n))
	fmt.Fprintf(e.stdout, "  CPU %.1f s (%.2f cores busy on average); peak Go memory %s (%.1f KiB per article), process max RSS so far %s\n",
		cpu.Seconds(), cpu.Seconds()/total.Seconds(), mib(peak), float64(peak)/1024/float64(n), mib(maxRSS()))
	fmt.Fprintf(e.stdout, "  kept in memory between batches: %s, %.0f bytes per stored article (names' postings, term statistics, repeated lines, document → story), and %s of the last batch's dedup and clustering features\n",
		mib(kept), float64(kept)/float64(total0), mib(caches))
	fmt.Fprintf(e.stdout, "  result: %d documents, %d stories, %d incidents\n", rep.Documents, rep.Stories, rep.Incidents)
	if size, err := storeSize(ctx, backend, target); err != nil {
		pb.quiet.Warn("store size not measured", "err", err)
	} else {
		fmt.Fprintf(e.stdout, "  store size: %s, %.1f KiB per article (raws, derived state and indexes)\n", mib(size), float64(size)/1024/float64(total0))
	}
	if rep.Documents != total0 {
		return fmt.Errorf("bench pipeline: %d documents stored of %d", rep.Documents, total0)
	}
	if agree {
		return pb.agreement(ctx, st)
	}
	return nil
}

// keptSetup opens (or makes) the SQLite store kept in dir for -keep; the
// corpus file is written once the store says how many articles it holds.
func (pb *pipelineBench) keptSetup(ctx context.Context, dir string) (file, target string, st store.Backend, cleanup func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", nil, nil, fmt.Errorf("bench pipeline: -keep: %w", err)
	}
	file = filepath.Join(pb.dir, "corpus.jsonl")
	target = filepath.Join(dir, "bench-incremental.db")
	st, err = store.OpenAny(ctx, target)
	if err != nil {
		return "", "", nil, nil, fmt.Errorf("bench pipeline: -keep: %w", err)
	}
	return file, target, st, func() { st.Close(); os.Remove(file) }, nil
}

// sameCorpus checks that the store kept in dir, holding n articles, was
// filled with the corpus this run generates (the generator's version and
// articles a day, recorded in dir/bench-corpus when it was empty), and
// records it for an empty store.
func (pb *pipelineBench) sameCorpus(dir string, n int) error {
	file := filepath.Join(dir, "bench-corpus")
	want := fmt.Sprintf("corpus version %d, %d articles a day\n", corpusVersion, pb.perDay)
	if n == 0 {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			return fmt.Errorf("bench pipeline: -keep: %w", err)
		}
		return nil
	}
	got, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		got = []byte("corpus version 1 (no bench-corpus file)")
	} else if err != nil {
		return fmt.Errorf("bench pipeline: -keep: %w", err)
	}
	if string(got) != want {
		return fmt.Errorf("bench pipeline: -keep: %s holds %d articles of another corpus (%s), not of %s: use another folder",
			dir, n, strings.TrimSpace(string(got)), strings.TrimSpace(want))
	}
	return nil
}

// agreement scores the stories st holds against those of a rebuild of
// its stored articles (saved back into st: it runs last).
func (pb *pipelineBench) agreement(ctx context.Context, st store.Backend) error {
	partition := func(snap store.Snapshot) map[string]string {
		p := make(map[string]string, len(snap.Documents))
		for _, d := range snap.Documents {
			p[d.ID] = d.Story
		}
		return p
	}
	before, err := st.Load(ctx)
	if err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	t0 := time.Now()
	after, err := pipeline.Rebuild(ctx, st, pb.cfg)
	if err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	s := story.Score(partition(before), partition(after))
	fmt.Fprintf(pb.e.stdout, "  against a rebuild of the same articles (%s): BCubed P %.3f R %.3f F1 %.3f, pairwise F1 %.3f; %d stories incremental, %d rebuilt\n",
		time.Since(t0).Round(time.Second), s.BCubedP, s.BCubedR, s.BCubedF1, s.PairF1, len(before.Stories), len(after.Stories))
	return nil
}
