package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/serve"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

func init() {
	benchCommands["load"] = command{
		summary: "latency of the read API and UI on loopback at a fixed request rate while ingesting at full speed",
		run:     benchLoad,
	}
	benchCommands["load-client"] = command{
		summary: "the request sender bench load starts in a process of its own",
		run:     benchLoadClient,
	}
}

const benchLoadUsage = `usage: casefile bench load [--rate N] [--duration D] [--batch N] [--check D] [--client process|inline] [--ingester inline|process] [--ingest=false] [--cpuprofile F] [INPUT...]

Serves a fresh SQLite store (in a temporary folder; --db is not used) on
loopback, holding the bundled sample and the first --preload articles
of INPUT, and for --duration: sends GET requests to the JSON API and the
UI pages of those (lists, searches, every incident and document) at
--rate requests per second,
open loop (each request leaves at its scheduled time, whatever the
answers before it; its latency counts from that time), from a casefile
process of its own (--client process; the serving process's own
goroutines with --client inline), while another
goroutine ingests the rest of INPUT's articles (files, folders) in batches of
--batch, one batch after another: through the server's own ingest (what
POST /api/v1/articles does: the server's pipeline, then the new
snapshot loaded at once; --ingester inline), or by starting a 'casefile
ingest' process per batch on the same store (--ingester process; the
server finds each new snapshot when it checks the store, every
--check). Without INPUT, it
ingests renamed copies of the sample. Prints latency percentiles, errors
(transport errors and answers other than 2xx), the rate achieved and the
articles ingested per second.
`

// loadResult is one request's outcome.
type loadResult struct {
	latency time.Duration
	err     bool
	status  int // 0 for a transport error
}

func benchLoad(ctx context.Context, e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rate := fs.Int("rate", 1000, "requests per second")
	duration := fs.Duration("duration", 20*time.Second, "how long to send requests")
	batch := fs.Int("batch", 20, "articles per ingest")
	check := fs.Duration("check", time.Second, "how often the server looks for a new snapshot")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	doIngest := fs.Bool("ingest", true, "ingest during the load (false: the read load alone, for comparison)")
	ingester := fs.String("ingester", "inline", "who ingests: \"inline\", the serving process (as POST /api/v1/articles does), or \"process\", a 'casefile ingest' process per batch on the same store")
	client := fs.String("client", "process", "who sends the requests: \"process\", a casefile process of its own, or \"inline\", goroutines of this one")
	preload := fs.Int("preload", -1, "INPUT's articles stored before the load starts, whose pages the load asks for (default: half)")
	fs.Usage = func() { fmt.Fprint(e.stderr, benchLoadUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *rate < 1 || *duration <= 0 || *batch < 1 {
		return 2, errors.New("bench load: --rate, --duration and --batch must be positive")
	}
	if *client != "process" && *client != "inline" {
		return 2, fmt.Errorf("bench load: --client %q: want process or inline", *client)
	}
	if *ingester != "process" && *ingester != "inline" {
		return 2, fmt.Errorf("bench load: --ingester %q: want process or inline", *ingester)
	}
	articles, err := loadArticles(ctx, fs.Args())
	if err != nil {
		return 1, err
	}
	dir, err := os.MkdirTemp("", "casefile-bench-load-")
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "casefile.db")
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	defer st.Close()
	quiet := slog.New(slog.DiscardHandler)
	cfg := e.config()
	cfg.Log = quiet
	if _, err := pipeline.Ingest(ctx, st, source.ReadFS(ctx, sample.Corpus, sample.Dir, source.Options{}), cfg); err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	if len(fs.Args()) > 0 {
		n := *preload
		if n < 0 || n > len(articles) {
			n = len(articles) / 2
		}
		if n > 0 {
			if _, err := pipeline.Ingest(ctx, st, rawSeq(articles[:n]), cfg); err != nil {
				return 1, fmt.Errorf("bench load: %w", err)
			}
		}
		articles = articles[n:]
	}
	cfg.Memo = &pipeline.Memo{} // the server's, given here to report on it
	srv, err := serve.New(ctx, serve.Options{Store: st, Pipeline: cfg, Log: quiet, CheckEvery: *check})
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	paths, err := loadPaths(ctx, srv)
	if err != nil {
		return 1, err
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Run(runCtx)
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	defer stopProfile()

	// The ingester: batch after batch until the time is up.
	var ingested, ingests atomic.Int64
	var ingestErr error
	ingestDone := make(chan struct{})
	go func() {
		defer close(ingestDone)
		if !*doIngest {
			return
		}
		for round := 0; runCtx.Err() == nil; round++ {
			for i := 0; i < len(articles) && runCtx.Err() == nil; i += *batch {
				part := articles[i:min(i+*batch, len(articles))]
				if len(fs.Args()) == 0 {
					part = renamed(part, round) // new documents each round
				} else if round > 0 {
					return // every article of INPUT is in
				}
				var err error
				if *ingester == "process" {
					err = ingestInProcess(context.WithoutCancel(runCtx), e, dbPath, part)
				} else {
					_, err = srv.Ingest(context.WithoutCancel(runCtx), part)
				}
				if err != nil {
					ingestErr = err
					return
				}
				ingested.Add(int64(len(part)))
				ingests.Add(1)
			}
		}
	}()

	// The load: one request every 1/rate, sent by a process of its own
	// (as a load tool would be) or by this one.
	var results []loadResult
	var sent time.Duration
	start := time.Now()
	if *client == "process" {
		results, sent, err = sendFromProcess(ctx, base, paths, *rate, *duration)
	} else {
		results, sent = sendLoad(ctx, base, paths, *rate, *duration)
	}
	stop()
	<-ingestDone
	elapsed := time.Since(start)
	if err != nil {
		return 1, fmt.Errorf("bench load: %w", err)
	}
	if ingestErr != nil {
		return 1, fmt.Errorf("bench load: ingest: %w", ingestErr)
	}

	lat := make([]time.Duration, 0, len(results))
	errs := 0
	kinds := map[string]int{}
	for _, r := range results {
		lat = append(lat, r.latency)
		if r.err {
			errs++
			if r.status == 0 {
				kinds["transport"]++
			} else {
				kinds[strconv.Itoa(r.status)]++
			}
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	snap, _ := srv.Snapshot(ctx)
	fmt.Fprintf(e.stdout, "load: %d requests over %d paths in %.1fs (%.0f/s asked, %.0f/s sent), %d errors\n",
		len(results), len(paths), sent.Seconds(), float64(*rate), float64(len(results))/sent.Seconds(), errs)
	if errs > 0 {
		fmt.Fprintf(e.stdout, "errors by kind: %v (a 404 is a page of the first snapshot gone from a later one)\n", kinds)
	}
	fmt.Fprintf(e.stdout, "latency: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s\n",
		ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(pct(0.999)), ms(pct(1)))
	fmt.Fprintf(e.stdout, "ingest: %d articles in %d ingests by %s, %.1f articles/s; store now %d documents, %d incidents\n",
		ingested.Load(), ingests.Load(), map[string]string{"inline": "the serving process", "process": "a casefile ingest process each"}[*ingester],
		float64(ingested.Load())/elapsed.Seconds(), len(snap.Documents), len(snap.Incidents))
	if memo := cfg.Memo.Stats(); memo.DocHits+memo.DocMisses > 0 {
		fmt.Fprintf(e.stdout, "rebuilds reused the analysis of %d of %d documents and the record of %d of %d incidents\n",
			memo.DocHits, memo.DocHits+memo.DocMisses, memo.IncidentHits, memo.IncidentHits+memo.IncidentMisses)
	}
	fmt.Fprintf(e.stdout, "machine: %d CPUs, GOMAXPROCS %d; requests sent by %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0),
		map[string]string{"process": "a process of their own", "inline": "the serving process"}[*client])
	if errs > 0 {
		return 1, nil
	}
	return 0, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// loadRequest GETs u, counting latency from at, its scheduled time.
func loadRequest(client *http.Client, u string, at time.Time) loadResult {
	resp, err := client.Get(u)
	if err != nil {
		return loadResult{latency: time.Since(at), err: true}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	status := resp.StatusCode
	if err != nil {
		status = 0
	}
	return loadResult{latency: time.Since(at), err: err != nil || status/100 != 2, status: status}
}

// loadPaths are the pages and API answers the load asks for in turn:
// lists, an incident and a document of each incident, and searches.
func loadPaths(ctx context.Context, srv *serve.Server) ([]string, error) {
	snap, err := srv.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if len(snap.Incidents) == 0 {
		return nil, errors.New("bench load: the store has no incident")
	}
	paths := []string{"/", "/api/v1/incidents", "/search?q=ransomware", "/api/v1/search?q=council",
		"/api/v1/suppliers", "/feeds/incidents.atom"}
	for _, in := range snap.Incidents {
		paths = append(paths, "/incidents/"+url.PathEscape(in.ID), "/api/v1/incidents/"+url.PathEscape(in.ID))
	}
	for _, d := range snap.Documents {
		paths = append(paths, "/documents/"+url.PathEscape(d.ID), "/api/v1/documents/"+url.PathEscape(d.ID))
	}
	return paths, nil
}

// loadArticles reads INPUT, or the bundled sample without it.
func loadArticles(ctx context.Context, inputs []string) ([]model.Raw, error) {
	seq := source.ReadFS(ctx, sample.Corpus, sample.Dir, source.Options{})
	if len(inputs) > 0 {
		seq = source.Read(ctx, inputs, source.Options{})
	}
	var raws []model.Raw
	for r, err := range seq {
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) {
				continue // a bad input is left out of the load
			}
			return nil, fmt.Errorf("bench load: %w", err)
		}
		raws = append(raws, r)
	}
	if len(raws) == 0 {
		return nil, errors.New("bench load: no articles in the input")
	}
	return raws, nil
}

// rawSeq yields raws as a source does.
func rawSeq(raws []model.Raw) func(func(model.Raw, error) bool) {
	return func(yield func(model.Raw, error) bool) {
		for _, r := range raws {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// renamed copies raws with ids of round n, so each round adds documents.
func renamed(raws []model.Raw, n int) []model.Raw {
	out := slices.Clone(raws)
	for i := range out {
		out[i].ID = fmt.Sprintf("%s#%d", out[i].ID, n)
	}
	return out
}

// sendLoad sends GETs of paths in turn to base at rate per second for
// duration, open loop: one request every 1/rate on its own goroutine,
// each request's latency counted from its scheduled time. It returns the
// results and how long the sending took.
func sendLoad(ctx context.Context, base string, paths []string, rate int, duration time.Duration) ([]loadResult, time.Duration) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}}
	n := int(float64(rate) * duration.Seconds())
	results := make([]loadResult, n)
	interval := time.Second / time.Duration(rate)
	var wg sync.WaitGroup
	start := time.Now()
	sentN := n
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > 0 {
			time.Sleep(d)
		}
		if ctx.Err() != nil {
			sentN = i
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = loadRequest(client, base+paths[i%len(paths)], at)
		}()
	}
	sent := time.Since(start)
	wg.Wait()
	return results[:sentN], sent
}

// sendFromProcess runs sendLoad in a casefile process of its own (bench
// load-client), so that the sender does not share the server's threads,
// scheduler and garbage collector, and reads its results.
func sendFromProcess(ctx context.Context, base string, paths []string, rate int, duration time.Duration) ([]loadResult, time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, 0, fmt.Errorf("load client: %w", err)
	}
	cmd := exec.CommandContext(ctx, exe, "bench", "load-client", "--base", base,
		"--rate", strconv.Itoa(rate), "--duration", duration.String())
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("load client %s: %w", exe, err)
	}
	var results []loadResult
	var sent time.Duration
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var lat, status int64
		if k, _ := fmt.Sscanf(sc.Text(), "sent %d", &lat); k == 1 {
			sent = time.Duration(lat)
			continue
		}
		if k, err := fmt.Sscanf(sc.Text(), "%d %d", &lat, &status); k != 2 || err != nil {
			return nil, 0, fmt.Errorf("load client: bad line %q", sc.Text())
		}
		results = append(results, loadResult{latency: time.Duration(lat), status: int(status), err: status/100 != 2})
	}
	if sent == 0 {
		return nil, 0, errors.New("load client: no summary line")
	}
	return results, sent, nil
}

// benchLoadClient is the sender bench load starts: paths on stdin, one
// line per request on stdout ("latency_ns status", status 0 for a
// transport error), then "sent NS".
func benchLoadClient(ctx context.Context, e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("bench load-client", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	base := fs.String("base", "", "server URL")
	rate := fs.Int("rate", 1000, "requests per second")
	duration := fs.Duration("duration", 20*time.Second, "how long to send requests")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if *base == "" || *rate < 1 || *duration <= 0 {
		return 2, errors.New("bench load-client: --base, --rate and --duration are required")
	}
	var paths []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return 2, errors.New("bench load-client: no paths on stdin")
	}
	results, sent := sendLoad(ctx, *base, paths, *rate, *duration)
	w := bufio.NewWriter(e.stdout)
	for _, r := range results {
		status := r.status
		if r.err && status/100 == 2 {
			status = 0 // a body cut short
		}
		fmt.Fprintf(w, "%d %d\n", r.latency.Nanoseconds(), status)
	}
	fmt.Fprintf(w, "sent %d\n", sent.Nanoseconds())
	return 0, w.Flush()
}

// ingestInProcess ingests raws with a 'casefile ingest' process of its
// own on the store at db, as JSON Lines on its standard input.
func ingestInProcess(ctx context.Context, e *env, db string, raws []model.Raw) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("ingest process: %w", err)
	}
	var in bytes.Buffer
	for _, r := range raws {
		line, err := source.MarshalJSONL(r)
		if err != nil {
			return fmt.Errorf("ingest process: %w", err)
		}
		in.Write(line)
		in.WriteByte('\n')
	}
	cmd := exec.CommandContext(ctx, exe, "--db", db, "--kev", e.kev, "--quiet", "ingest", "--no-progress", "-")
	cmd.Stdin = &in
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ingest process: %w: %s", err, out)
	}
	return nil
}
