package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/stream"
)

func init() {
	benchCommands["pipeline"] = command{
		summary: "articles/s per stage and end to end, peak memory and article→incident latency on N perturbed real articles: SQLite, PostgreSQL, 1/2/4 Kafka workers",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.benchPipeline(ctx, args) },
	}
}

const benchPipelineUsage = `usage: casefile bench pipeline [flags] [N]

Builds a corpus of N articles from the real texts in -data (CASIE and the
translation set: whole articles, their names renamed per story, half of
them perturbed copies of recent ones) and measures:

  text path   the corpus as one JSON Lines file through 'casefile ingest'
              (decode, store raws, extract, analyze, dedup, story,
              incident, save): seconds and articles/s per stage, end to
              end, peak memory; per backend and per size.
              With -incremental B, 'casefile ingest --incremental' in
              batches of B instead: the same stages per batch, the rate
              per tenth of the corpus as the store grows, batch latency.
  Kafka       -kafka-n articles published to a topic, then read by 1, 2
              and 4 workers in one consumer group (articles/s to drain
              the backlog); then -live more articles published at -rate
              per second while the workers run: latency from an
              article's publication to its incident record being saved
              (p50, p99, max). In-process kfake unless -brokers is given.

N (or -sizes) is the text path's corpus size. PostgreSQL runs when -pg
or CASEFILE_TEST_POSTGRES gives a database URL; each run gets a schema
of its own, dropped afterwards.
`

type pipelineBench struct {
	e       *env
	gen     *corpusGen
	perDay  int
	dir     string // SQLite files and the JSON Lines corpus
	pg      string // PostgreSQL URL, "" for none
	brokers []string
	// kafkaIncremental runs the Kafka workers with --incremental.
	kafkaIncremental bool
	cfg              pipeline.Config
	quiet            *slog.Logger
}

func (e *env) benchPipeline(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("bench pipeline", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, benchPipelineUsage); fs.PrintDefaults() }
	sizesFlag := fs.String("sizes", "10000", "text path corpus sizes, comma-separated (N, if given, replaces them)")
	backendsFlag := fs.String("backends", "sqlite,postgres", "stores to measure (postgres only with -pg or CASEFILE_TEST_POSTGRES)")
	pg := fs.String("pg", os.Getenv("CASEFILE_TEST_POSTGRES"), "PostgreSQL URL (postgres://...) to create schemas in")
	workersFlag := fs.String("workers", "1,2,4", "Kafka worker counts; empty skips Kafka")
	kafkaN := fs.Int("kafka-n", 2000, "articles in the Kafka backlog")
	live := fs.Int("live", 200, "articles published while the Kafka workers run, for latency")
	rate := fs.Float64("rate", 20, "articles per second published in the live phase")
	batch := fs.Int("batch", 1000, "most records a Kafka worker stores and rebuilds at once")
	partitions := fs.Int("partitions", 8, "partitions of the Kafka topic (in-process cluster)")
	brokers := fs.String("brokers", "", "Kafka brokers of a real cluster (default: an in-process kfake cluster)")
	perDay := fs.Int("per-day", 2000, "synthetic articles per day of publication dates")
	data := fs.String("data", filepath.Join("..", "shared", "data"), "folder with casie-dev.jsonl and translations-dev.jsonl")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	incremental := fs.Int("incremental", 0, "run the text path as 'ingest --incremental' in batches of this many articles (0: one batch, full rebuild)")
	kafkaIncremental := fs.Bool("kafka-incremental", false, "run the Kafka workers as 'ingest --from-kafka --incremental': one writes at a time (the store's ingest lease), the others wait")
	keep := fs.String("keep", "", "with -incremental and sqlite: keep the store in this folder, and continue the corpus from the articles it holds already (a 1M-article store can be filled over several runs)")
	agree := fs.Bool("agree", false, "with -incremental: also rebuild the stored corpus and score the incremental stories against the rebuild's (BCubed and pairwise F1)")
	arg, err := parseInterspersed(fs, args)
	if err != nil {
		return 2, nil
	}
	if arg != "" {
		*sizesFlag = arg
	}
	sizes, err := intList(*sizesFlag)
	if err != nil {
		return 2, fmt.Errorf("bench pipeline: sizes: %w", err)
	}
	workers, err := intList(*workersFlag)
	if err != nil {
		return 2, fmt.Errorf("bench pipeline: workers: %w", err)
	}
	var backends []string
	for _, b := range splitList(*backendsFlag) {
		switch b {
		case "sqlite":
			backends = append(backends, b)
		case "postgres":
			if *pg == "" {
				fmt.Fprintln(e.stdout, "postgres: skipped (no -pg and no CASEFILE_TEST_POSTGRES)")
				continue
			}
			if u, err := url.Parse(*pg); err != nil || !store.IsPostgres(*pg) || u.Host == "" && u.Query().Get("host") == "" {
				return 2, fmt.Errorf("bench pipeline: -pg %q is not a postgres:// URL with a host", *pg)
			}
			backends = append(backends, b)
		default:
			return 2, fmt.Errorf("bench pipeline: unknown backend %q (sqlite, postgres)", b)
		}
	}
	if *keep != "" && (*incremental == 0 || len(backends) != 1 || backends[0] != "sqlite") {
		return 2, errors.New("bench pipeline: -keep needs -incremental and -backends sqlite")
	}
	if *kafkaN < 1 || *live < 0 || *rate <= 0 || *batch < 1 || *partitions < 1 || *perDay < 1 {
		return 2, errors.New("bench pipeline: -kafka-n, -rate, -batch, -partitions and -per-day must be positive, -live not negative")
	}
	texts, err := readTexts(*data)
	if err != nil {
		return 1, err
	}
	pool, err := sentencePool(*data)
	if err != nil {
		return 1, err
	}
	dir, err := os.MkdirTemp("", "casefile-bench-")
	if err != nil {
		return 1, fmt.Errorf("bench pipeline: %w", err)
	}
	defer os.RemoveAll(dir)
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return 1, fmt.Errorf("bench pipeline: %w", err)
	}
	defer stopProfile()
	quiet := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// No KEV catalogue: the figures should not depend on the user's
	// data folder.
	// Copies come within five days of their original (10,000 articles
	// at the default 2,000 a day).
	gen := &corpusGen{pool: pool, texts: texts, copyWindow: min(10_000, 5**perDay)}
	pb := &pipelineBench{e: e, gen: gen, perDay: *perDay, dir: dir, pg: *pg,
		brokers: splitList(*brokers), kafkaIncremental: *kafkaIncremental, cfg: pipeline.Config{Log: quiet}, quiet: quiet}
	fmt.Fprintf(e.stdout, "corpus: whole articles from %d real texts in %s, renamed per story, half of them perturbed copies of articles of the five days before; %d articles a day\n",
		len(texts), *data, *perDay)
	for _, b := range backends {
		for _, n := range sizes {
			run := func() error { return pb.textPath(ctx, b, n) }
			if *incremental > 0 {
				run = func() error { return pb.textPathIncremental(ctx, b, n, *incremental, *agree, *keep) }
			}
			if err := run(); err != nil {
				return 1, err
			}
		}
	}
	for _, b := range backends {
		var rows []kafkaResult
		for _, w := range workers {
			r, err := pb.kafka(ctx, b, w, *kafkaN, *live, *rate, *batch, *partitions)
			if err != nil {
				return 1, err
			}
			rows = append(rows, r)
		}
		if len(rows) > 0 {
			printKafka(e, b, *kafkaN, *live, *rate, *batch, *partitions, pb.brokers != nil, pb.kafkaIncremental, rows)
		}
	}
	return 0, nil
}

// intList parses "1,2,4".
func intList(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// target makes a fresh, empty database for one run: a SQLite file, or a
// schema in the PostgreSQL database. drop removes it.
func (pb *pipelineBench) target(ctx context.Context, backend, name string) (target string, drop func(), err error) {
	if backend == "sqlite" {
		p := filepath.Join(pb.dir, name+".db")
		return p, func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(p + suffix)
			}
		}, nil
	}
	schema := fmt.Sprintf("casefile_bench_%s_%d", strings.ReplaceAll(name, "-", "_"), time.Now().UnixNano())
	conn, err := pgx.Connect(ctx, pb.pg)
	if err != nil {
		return "", nil, fmt.Errorf("bench pipeline: postgres: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, fmt.Errorf("bench pipeline: create schema %s: %w", schema, err)
	}
	u, err := url.Parse(pb.pg)
	if err != nil {
		return "", nil, fmt.Errorf("bench pipeline: -pg: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		ctx := context.WithoutCancel(ctx)
		conn, err := pgx.Connect(ctx, pb.pg)
		if err == nil {
			_, err = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			conn.Close(ctx)
		}
		if err != nil {
			pb.quiet.Warn("bench schema not dropped", "schema", schema, "err", err)
		}
	}, nil
}

// plainStore hides a store's Rebuild, so that the pipeline reads the
// raws, analyses and saves in steps it can time one by one. Within one
// process nothing else writes meanwhile, so the result is the same.
type plainStore struct{ store.Store }

// stageTimes sums Config.Observe's reports.
// When the stages run one after the other (the text path), each is
// also charged the process CPU time used since the previous report.
type stageTimes struct {
	mu      sync.Mutex
	d       map[string]time.Duration
	cpu     map[string]time.Duration
	n       map[string]int // calls
	lastCPU time.Duration
}

func newStageTimes() *stageTimes {
	return &stageTimes{d: map[string]time.Duration{}, cpu: map[string]time.Duration{}, n: map[string]int{}, lastCPU: cpuTime()}
}

func (s *stageTimes) add(stage string, _ int, d time.Duration) {
	c := cpuTime()
	s.mu.Lock()
	s.d[stage] += d
	s.cpu[stage] += c - s.lastCPU
	s.lastCPU = c
	s.n[stage]++
	s.mu.Unlock()
}

// write prints the table of the stages named, in that order, and the
// end-to-end row: seconds, articles/s, share of the total, CPU seconds
// and articles per CPU-second, for n articles.
func (s *stageTimes) write(w io.Writer, n int, total, cpu time.Duration, order ...string) {
	fmt.Fprintf(w, "  %-16s %9s %12s %6s %9s %16s\n", "stage", "seconds", "articles/s", "share", "CPU s", "articles/CPU-s")
	row := func(name string, d, c time.Duration) {
		fmt.Fprintf(w, "  %-16s %9.2f %12.0f %5.1f%% %9.2f %16.0f\n", name, d.Seconds(), float64(n)/d.Seconds(), 100*d.Seconds()/total.Seconds(),
			c.Seconds(), float64(n)/c.Seconds())
	}
	for _, stage := range order {
		row(stage, s.d[stage], s.cpu[stage])
	}
	row("end to end", total, cpu)
}

// memPeak samples the memory the Go runtime holds (heap, stacks,
// runtime structures; not what it has returned to the system) until
// stopped, and keeps the largest value.
type memPeak struct {
	stop chan struct{}
	done chan int64
}

func startMemPeak() *memPeak {
	// Start from what this run needs, not what an earlier run left.
	debug.FreeOSMemory()
	m := &memPeak{stop: make(chan struct{}), done: make(chan int64, 1)}
	go func() {
		// Mapped memory less the heap returned to the system.
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		var peak int64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, int64(sample[0].Value.Uint64()-sample[1].Value.Uint64()))
			select {
			case <-m.stop:
				m.done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

func (m *memPeak) end() int64 {
	close(m.stop)
	return <-m.done
}

// textSetup writes the corpus of n articles as a JSON Lines file and
// opens a fresh store named name on backend; cleanup removes both.
func (pb *pipelineBench) textSetup(ctx context.Context, backend, name string, n int) (file, target string, st store.Backend, cleanup func(), err error) {
	file = filepath.Join(pb.dir, "corpus.jsonl")
	if err := pb.writeCorpus(file, 0, n); err != nil {
		return "", "", nil, nil, err
	}
	target, drop, err := pb.target(ctx, backend, name)
	if err != nil {
		os.Remove(file)
		return "", "", nil, nil, err
	}
	st, err = store.OpenAny(ctx, target)
	if err != nil {
		drop()
		os.Remove(file)
		return "", "", nil, nil, fmt.Errorf("bench pipeline: %w", err)
	}
	return file, target, st, func() { st.Close(); drop(); os.Remove(file) }, nil
}

// textPath measures one JSON Lines file of n articles through the ingest
// path, each stage timed.
func (pb *pipelineBench) textPath(ctx context.Context, backend string, n int) error {
	e := pb.e
	file, target, st, cleanup, err := pb.textSetup(ctx, backend, fmt.Sprintf("text-%d", n), n)
	if err != nil {
		return err
	}
	defer cleanup()

	mem := startMemPeak()
	stages := newStageTimes()
	cfg := pb.cfg
	cfg.Observe = stages.add
	t0, c0 := time.Now(), cpuTime()
	stages.lastCPU = c0
	var raws []model.Raw
	for raw, err := range source.Read(ctx, []string{file}, source.Options{}) {
		if err != nil {
			return fmt.Errorf("bench pipeline: corpus: %w", err)
		}
		raws = append(raws, raw)
	}
	decode := time.Since(t0)
	stages.add("decode", n, decode)
	rep, err := pipeline.Ingest(ctx, plainStore{st}, slices2(raws), cfg)
	if err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	total, cpu := time.Since(t0), cpuTime()-c0
	peak := mem.end()
	raws = nil

	fmt.Fprintf(e.stdout, "\ntext path, %s, %d articles in one batch (casefile ingest FILE.jsonl):\n", backend, n)
	stages.write(e.stdout, n, total, cpu, "decode", pipeline.StageStoreRaws, pipeline.StageLoadRaws, pipeline.StageExtract,
		pipeline.StageAnalyze, pipeline.StageDedup, pipeline.StageStory, pipeline.StageIncident, pipeline.StageSave)
	fmt.Fprintf(e.stdout, "  CPU %.1f s (%.2f cores busy on average); peak Go memory %s, process max RSS so far %s\n",
		cpu.Seconds(), cpu.Seconds()/total.Seconds(), mib(peak), mib(maxRSS()))
	fmt.Fprintf(e.stdout, "  result: %d documents, %d stories, %d incidents; every incident is saved at the end of the batch (article→incident latency = end to end)\n",
		rep.Documents, rep.Stories, rep.Incidents)
	if size, err := storeSize(ctx, backend, target); err != nil {
		pb.quiet.Warn("store size not measured", "err", err)
	} else {
		fmt.Fprintf(e.stdout, "  store size: %s, %.1f KiB per article (raws, derived state and indexes)\n", mib(size), float64(size)/1024/float64(n))
	}
	if rep.Documents != n {
		return fmt.Errorf("bench pipeline: %d documents stored of %d", rep.Documents, n)
	}
	return nil
}

// storeSize is the space a database takes: a SQLite file with its
// write-ahead log, or a PostgreSQL schema's tables with their indexes
// and TOAST.
func storeSize(ctx context.Context, backend, target string) (int64, error) {
	if backend == "sqlite" {
		var size int64
		for _, suffix := range []string{"", "-wal"} {
			if fi, err := os.Stat(target + suffix); err == nil {
				size += fi.Size()
			}
		}
		return size, nil
	}
	conn, err := pgx.Connect(ctx, target)
	if err != nil {
		return 0, fmt.Errorf("store size: %w", err)
	}
	defer conn.Close(ctx)
	var size int64
	err = conn.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&size)
	if err != nil {
		return 0, fmt.Errorf("store size: %w", err)
	}
	return size, nil
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// slices2 yields raws without errors, as a source would.
func slices2(raws []model.Raw) func(func(model.Raw, error) bool) {
	return func(yield func(model.Raw, error) bool) {
		for _, r := range raws {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// writeCorpus writes articles 0..n-1 as a JSON Lines file.
func (pb *pipelineBench) writeCorpus(path string, from, n int) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("bench pipeline: %w", cerr)
		}
	}()
	w := bufio.NewWriter(f)
	for start := from; start < n; start += benchBatch {
		for _, r := range pb.gen.raws(start, min(benchBatch, n-start), pb.perDay) {
			line, err := source.MarshalJSONL(r)
			if err != nil {
				return fmt.Errorf("bench pipeline: %w", err)
			}
			w.Write(line)
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("bench pipeline: %w", err)
	}
	return nil
}

// kafkaResult is one Kafka run's figures.
type kafkaResult struct {
	workers        int
	backlog        time.Duration // to drain the backlog
	rebuilds       int           // rebuilds computed (others were skipped as current)
	analysis       time.Duration // time in the analysis stages, all workers
	p50, p99, maxL time.Duration // live phase latency
	liveTook       time.Duration
	documents      int
	peak           int64
	restarts       int // workers started again after an error
}

// kafka runs workers on a topic: first a backlog of n articles, then
// live articles published at rate per second.
func (pb *pipelineBench) kafka(ctx context.Context, backend string, workers, n, live int, rate float64, batch, partitions int) (kafkaResult, error) {
	r := kafkaResult{workers: workers}
	topic := fmt.Sprintf("bench-%s-%d-%d", backend, workers, time.Now().UnixNano())
	brokers := pb.brokers
	var clientOpts []kgo.Opt
	if brokers == nil {
		c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(int32(partitions), topic))
		if err != nil {
			return r, fmt.Errorf("bench pipeline: kfake: %w", err)
		}
		defer c.Close()
		brokers = c.ListenAddrs()
		// Quick group membership in process, as the stream tests do.
		clientOpts = []kgo.Opt{kgo.HeartbeatInterval(100 * time.Millisecond), kgo.FetchMaxWait(100 * time.Millisecond)}
	}
	target, drop, err := pb.target(ctx, backend, fmt.Sprintf("kafka-%d", workers))
	if err != nil {
		return r, err
	}
	defer drop()
	prod, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic), kgo.AllowAutoTopicCreation())
	if err != nil {
		return r, fmt.Errorf("bench pipeline: producer: %w", err)
	}
	defer prod.Close()
	encode := func(raws []model.Raw) ([]*kgo.Record, error) {
		recs := make([]*kgo.Record, len(raws))
		for i, raw := range raws {
			rec, err := stream.Encode(raw)
			if err != nil {
				return nil, fmt.Errorf("bench pipeline: %w", err)
			}
			recs[i] = rec
		}
		return recs, nil
	}
	for start := 0; start < n; start += publishChunk {
		recs, err := encode(pb.gen.raws(start, min(publishChunk, n-start), pb.perDay))
		if err != nil {
			return r, err
		}
		if err := prod.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return r, fmt.Errorf("bench pipeline: publish: %w", err)
		}
	}

	var mu sync.Mutex
	done := map[stream.Offset]time.Time{}
	var count atomic.Int64
	stages := newStageTimes()
	cfg := pb.cfg
	cfg.Observe = stages.add
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	mem := startMemPeak()
	t0 := time.Now()
	var restarts atomic.Int64
	onBatch := func(b stream.Batch) {
		now := time.Now()
		mu.Lock()
		for _, o := range b.Records {
			if _, ok := done[o]; !ok {
				done[o] = now
				count.Add(1)
			}
		}
		mu.Unlock()
	}
	// A worker that fails (a store error ends Consume) is started again,
	// as a service manager would; its batch is read again.
	worker := func() error {
		st, err := store.OpenAny(wctx, target)
		if err != nil {
			return fmt.Errorf("bench pipeline: worker: %w", err)
		}
		defer st.Close()
		_, err = stream.Consume(wctx, st, stream.ConsumeOptions{
			Brokers: brokers, Topic: topic, Group: topic, Batch: batch, Pipeline: cfg, Log: pb.quiet, Client: clientOpts,
			OnBatch: onBatch, Incremental: pb.kafkaIncremental,
		})
		return err
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tries := 0; wctx.Err() == nil; tries++ {
				err := worker()
				if err == nil || wctx.Err() != nil {
					return
				}
				if tries == 10 {
					errs <- fmt.Errorf("bench pipeline: a worker failed 10 times: %w", err)
					return
				}
				pb.quiet.Warn("worker failed; starting it again", "err", err)
				restarts.Add(1)
			}
		}()
	}
	wait := func(want int64) error {
		deadline := time.Now().Add(30 * time.Minute)
		for count.Load() < want {
			select {
			case err := <-errs:
				return err
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("bench pipeline: %d of %d records handled after 30 minutes", count.Load(), want)
			}
		}
		return nil
	}
	finish := func() { stop(); wg.Wait(); r.peak = mem.end() }
	if err := wait(int64(n)); err != nil {
		finish()
		return r, err
	}
	r.backlog = time.Since(t0)

	// Live: one article every 1/rate seconds; its latency runs from just
	// before it is handed to the producer to the end of the batch that
	// stored it and brought the derived state up to date.
	sent := map[stream.Offset]time.Time{}
	var perr error
	tl := time.Now()
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	for i := range live {
		recs, err := encode(pb.gen.raws(n+i, 1, pb.perDay))
		if err != nil {
			tick.Stop()
			finish()
			return r, err
		}
		at := time.Now()
		prod.Produce(ctx, recs[0], func(rec *kgo.Record, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				perr = err
				return
			}
			sent[stream.Offset{Partition: rec.Partition, Offset: rec.Offset}] = at
		})
		<-tick.C
	}
	tick.Stop()
	if err := prod.Flush(ctx); err != nil {
		finish()
		return r, fmt.Errorf("bench pipeline: publish: %w", err)
	}
	err = wait(int64(n + live))
	r.liveTook = time.Since(tl)
	finish()
	if err != nil {
		return r, err
	}
	if perr != nil {
		return r, fmt.Errorf("bench pipeline: publish: %w", perr)
	}
	var lat []time.Duration
	for o, at := range sent {
		lat = append(lat, done[o].Sub(at))
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		r.p50, r.p99, r.maxL = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)], lat[len(lat)-1]
	}
	r.rebuilds = stages.n[pipeline.StageStory]
	r.restarts = int(restarts.Load())
	for _, s := range []string{pipeline.StageExtract, pipeline.StageAnalyze, pipeline.StageDedup, pipeline.StageStory, pipeline.StageIncident} {
		r.analysis += stages.d[s]
	}
	st, err := store.OpenAny(ctx, target)
	if err != nil {
		return r, fmt.Errorf("bench pipeline: %w", err)
	}
	defer st.Close()
	snap, err := st.Load(ctx)
	if err != nil {
		return r, fmt.Errorf("bench pipeline: %w", err)
	}
	r.documents = len(snap.Documents)
	if r.documents != n+live {
		return r, fmt.Errorf("bench pipeline: %d workers left %d documents of %d", workers, r.documents, n+live)
	}
	return r, nil
}

// publishChunk is how many backlog records are produced at once.
const publishChunk = 1000

func printKafka(e *env, backend string, n, live int, rate float64, batch, partitions int, real, incremental bool, rows []kafkaResult) {
	where := fmt.Sprintf("in-process kfake, %d partitions", partitions)
	if real {
		where = "brokers given"
	}
	mode := "each batch rebuilt from every stored article"
	if incremental {
		mode = "incremental: one worker writes at a time, the others wait"
	}
	fmt.Fprintf(e.stdout, "\nKafka, %s (%s; batches of up to %d; %s; workers are goroutines of this process, each with its own store connection):\n", backend, where, batch, mode)
	fmt.Fprintf(e.stdout, "  %-7s %11s %10s %9s %10s | %-22s %8s %8s %8s\n", "workers", "backlog", "articles/s", map[bool]string{false: "rebuilds", true: "updates"}[incremental], "analysis", fmt.Sprintf("live %d at %g/s: took", live, rate), "p50", "p99", "max")
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "  %-7d %10.1fs %10.0f %9d %9.1fs | %21.1fs %7.3fs %7.3fs %7.3fs   peak Go memory %s, %d restarts, %d documents\n",
			r.workers, r.backlog.Seconds(), float64(n)/r.backlog.Seconds(), r.rebuilds, r.analysis.Seconds(),
			r.liveTook.Seconds(), r.p50.Seconds(), r.p99.Seconds(), r.maxL.Seconds(), mib(r.peak), r.restarts, r.documents)
	}
}
