package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
)

const ingestUsage = `usage: casefile ingest [--allow-private] [--urls FILE] [--delay D] [--no-progress] [--incremental [--batch-size N]] INPUT...
       casefile ingest --from-kafka HOST:PORT[,...] --topic T [--group G] [--batch N] [--idle D] [--incremental]

INPUT is a file (text, .html, .jsonl, .warc; any of them .gz), a folder
(read recursively), an http(s) URL, or - for standard input (its kind is
told by its first bytes). --urls reads more URLs, one per line.

With --from-kafka, ingest is a worker reading a topic (written by
'casefile publish') in a consumer group: run several, on one PostgreSQL
--db, to share the partitions; offsets are committed once the articles
are stored. With --incremental, one worker at a time writes (it holds
the store's ingest lease) and the others wait to take over.

With --incremental, each batch of new articles updates only the stories
it touches, at a cost that does not grow with the store (see
docs/SCALING.md); without it, the whole derived state is recomputed
from every stored article, which gives stories that do not depend on
the order articles came in. 'casefile rebuild' recomputes it at any time.
`

func (e *env) ingest(ctx context.Context, args []string) (int, error) {
	flags := flag.NewFlagSet("ingest", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	allowPrivate := flags.Bool("allow-private", false, "let URLs reach loopback, private and link-local addresses (refused by default)")
	urlList := flags.String("urls", "", "file listing URLs to fetch, one per line (- for standard input)")
	noProgress := flags.Bool("no-progress", false, "no progress bar, even on a terminal")
	incremental := flags.Bool("incremental", false, "update only the stories each batch touches instead of recomputing everything")
	batchSize := flags.Int("batch-size", 1000, "with --incremental: articles per batch")
	delay := flags.Duration("delay", fetch.DefaultHostDelay, "least time between two requests to one host (robots.txt's Crawl-delay may ask more)")
	var kafka kafkaFlags
	kafka.register(flags)
	flags.Usage = func() { fmt.Fprint(e.stderr, ingestUsage); flags.PrintDefaults() }
	if err := flags.Parse(args); err != nil {
		return 2, nil
	}
	if kafka.brokers != "" {
		if flags.NArg() > 0 || *urlList != "" {
			return 2, errors.New("ingest: --from-kafka reads the topic only; give inputs to publish instead")
		}
		kafka.incremental = *incremental
		return e.ingestKafka(ctx, kafka)
	}
	if flags.NArg() == 0 && *urlList == "" {
		flags.Usage()
		return 2, errors.New("ingest: give at least one file, folder, URL or -")
	}
	var paths, urls []string
	stdin := false
	for _, a := range flags.Args() {
		switch {
		case a == "-":
			stdin = true
		case source.IsURL(a):
			urls = append(urls, a)
		default:
			paths = append(paths, a)
		}
	}
	if stdin && *urlList == "-" {
		return 2, errors.New("ingest: standard input cannot be both an input and the URL list")
	}
	var listed iter.Seq2[string, error] = func(func(string, error) bool) {}
	if *urlList != "" {
		if *urlList == "-" {
			listed = source.URLList(e.stdin, "stdin")
		} else {
			f, err := os.Open(*urlList)
			if err != nil {
				return 1, fmt.Errorf("ingest: URL list: %w", err)
			}
			defer f.Close()
			listed = source.URLList(f, *urlList)
		}
	}

	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()

	prog := e.newProgress(inputBytes(paths), *noProgress)
	opt := source.Options{Progress: prog.add, OnFile: func(string) { prog.files++ }}
	client := fetch.New(fetch.Options{AllowPrivate: *allowPrivate, Accept: source.PageTypes, Log: e.log, HostDelay: hostDelay(*delay)})
	in := concat(
		source.Read(ctx, paths, opt),
		func(yield func(model.Raw, error) bool) {
			if stdin {
				for r, err := range source.ReadStream(ctx, progressStdin(e, prog), "stdin", opt) {
					if !yield(r, err) {
						return
					}
				}
			}
		},
		source.ReadURLs(ctx, client, concatURLs(urls, listed), opt),
	)
	var rep pipeline.Report
	if *incremental {
		inc, ierr := pipeline.NewIncremental(st, e.config(), pipeline.IncrementalOptions{BatchSize: *batchSize})
		if ierr != nil {
			return 1, ierr
		}
		defer inc.Close()
		var irep pipeline.IncrementalReport
		irep, err = inc.Ingest(ctx, prog.wrap(in))
		rep = irep.Report
	} else {
		rep, err = pipeline.Ingest(ctx, st, prog.wrap(in), e.config())
	}
	prog.finish()
	if err != nil {
		return 1, err
	}
	return e.report(rep), nil
}

// hostDelay turns a --delay value into fetch.Options.HostDelay, where
// zero means the default and a negative value none.
func hostDelay(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// progressStdin counts standard input's bytes for the progress report.
func progressStdin(e *env, p *progress) *progressReader { return &progressReader{r: e.stdin, p: p} }

type progressReader struct {
	r interface{ Read([]byte) (int, error) }
	p *progress
}

func (r *progressReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.p.add(int64(n))
	return n, err
}

func concat(seqs ...iter.Seq2[model.Raw, error]) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		for _, s := range seqs {
			for r, err := range s {
				if !yield(r, err) {
					return
				}
			}
		}
	}
}

// concatURLs yields the URLs given as arguments, then those of a list.
func concatURLs(urls []string, listed iter.Seq2[string, error]) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for _, u := range urls {
			if !yield(u, nil) {
				return
			}
		}
		for u, err := range listed {
			if !yield(u, err) {
				return
			}
		}
	}
}

// inputBytes sums the sizes of the files under paths (hidden ones
// skipped, as source.Read does), for the progress bar's total.
func inputBytes(paths []string) int64 {
	var total int64
	for _, p := range paths {
		filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
				total += info.Size()
			}
			return nil
		})
	}
	return total
}

// progress reports a long ingest: a bar (files, documents, rejected
// records, MB, MB/s, ETA) on standard error when standard output is a terminal,
// else a structured log line every logEvery.
type progress struct {
	e        *env
	bar      *progressbar.ProgressBar
	start    time.Time
	total    int64
	bytes    atomic.Int64
	files    int
	docs     int
	rejected int
	lastLog  time.Time
	every    time.Duration // between log lines
}

const logEvery = 10 * time.Second

func (e *env) newProgress(total int64, off bool) *progress {
	p := &progress{e: e, start: time.Now(), total: total, lastLog: time.Now(), every: logEvery}
	if f, ok := e.stdout.(*os.File); ok && !off && term.IsTerminal(int(f.Fd())) {
		max := total
		if max <= 0 {
			max = -1
		}
		p.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("ingest"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	}
	return p
}

// add counts bytes read from the inputs.
func (p *progress) add(n int64) {
	p.bytes.Add(n)
	if p.bar != nil {
		p.bar.Add64(n)
	}
}

// wrap counts the documents and rejections flowing through in.
func (p *progress) wrap(in iter.Seq2[model.Raw, error]) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		for r, err := range in {
			if err != nil {
				p.rejected++
			} else {
				p.docs++
			}
			p.tick()
			if !yield(r, err) {
				return
			}
		}
	}
}

func (p *progress) tick() {
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("ingest: %d files, %d documents, %d rejected", p.files, p.docs, p.rejected))
		return
	}
	if time.Since(p.lastLog) >= p.every {
		p.lastLog = time.Now()
		p.log("ingest progress")
	}
}

func (p *progress) log(msg string) {
	secs := time.Since(p.start).Seconds()
	mb := float64(p.bytes.Load()) / 1e6
	args := []any{"files", p.files, "documents", p.docs, "rejected", p.rejected, "mb", fmt.Sprintf("%.1f", mb),
		"mb_per_s", fmt.Sprintf("%.2f", mb/max(secs, 1e-9))}
	if p.total > 0 {
		args = append(args, "done_pct", fmt.Sprintf("%.0f", 100*float64(p.bytes.Load())/float64(p.total)))
	}
	p.e.log.Info(msg, args...)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	if time.Since(p.start) >= p.every {
		p.log("inputs read")
	}
}

func init() {
	commands["rebuild"] = command{
		summary: "recompute stories and incidents from every stored article (after incremental ingests: the order-independent result)",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.rebuild(ctx, args) },
	}
}

func (e *env) rebuild(ctx context.Context, args []string) (int, error) {
	if len(args) != 0 {
		return 2, errors.New("rebuild takes no arguments")
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	snap, err := pipeline.Rebuild(ctx, st, e.config())
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(e.stdout, "store holds %d documents, %d stories, %d incidents\n", len(snap.Documents), len(snap.Stories), len(snap.Incidents))
	return 0, nil
}
