package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/casefile/casefile/internal/kev"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

const usage = `casefile turns news about cyber incidents into one sourced record per incident.

Usage:
  casefile [--db PATH|postgres://...] [--quiet] COMMAND [ARGS]

Commands:
  ingest INPUT...          ingest files (text, HTML, JSON Lines, WARC; .gz too), folders, URLs, - (stdin)
  ingest --incremental INPUT...    update only the stories each batch touches (large stores)
  ingest --from-kafka B --topic T   be a worker: read articles from a Kafka topic
  rebuild                  recompute stories and incidents from every stored article
  publish --brokers B --topic T INPUT...   write articles to a Kafka topic
  watch FEEDS.txt          poll RSS/Atom feeds and ingest new items
  demo                     ingest the bundled sample corpus and show its incident
  incidents                list incidents
  show ID                  show an incident (or story) with the evidence for every field
  export --format json     write documents, stories and incidents to stdout
  serve                    web UI, JSON API, Atom feed, webhooks and metrics over HTTP
  token create NAME        a token for POST /api/v1/articles (also: token list, token revoke NAME)
  watchlist add NAME --webhook URL   tell URL when an incident names NAME
  export --format stix     write a STIX 2.1 bundle (--tlp LEVEL, --out FILE)
  export --format misp --out DIR   write a MISP feed folder (events, manifest.json, hashes.csv)
  taxii [--addr HOST:PORT] serve the incidents as a read-only TAXII 2.1 server (STIX 2.1)
  eval NAME [ARGS]         score casefile on evaluation data (casefile eval lists them)
  bench NAME [ARGS]        print performance figures (casefile bench lists them)

Flags:
`

// command is a subcommand added by its own file (eval_*.go, bench_*.go,
// serve.go...) to one of the tables below.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) (int, error)
}

// commands, evalCommands and benchCommands list the subcommands that
// files register in their init functions, so that each feature keeps its
// flags and wiring in a file of its own.
var (
	commands      = map[string]command{}
	evalCommands  = map[string]command{}
	benchCommands = map[string]command{}
)

// group runs "casefile eval NAME" or "casefile bench NAME".
func (e *env) group(ctx context.Context, name string, table map[string]command, args []string) (int, error) {
	if len(args) == 0 || table[args[0]].run == nil {
		fmt.Fprintf(e.stderr, "usage: casefile %s NAME [ARGS]\n", name)
		var names []string
		for n := range table {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			fmt.Fprintf(e.stderr, "  %-14s %s\n", n, table[n].summary)
		}
		return 2, nil
	}
	return table[args[0]].run(ctx, e, args[1:])
}

// env is what commands share.
type env struct {
	db     string
	kev    string // KEV catalogue path
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

// run parses args and runs one command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	return runIO(ctx, args, os.Stdin, stdout, stderr)
}

// runIO is run with the standard input given.
func runIO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	flags := flag.NewFlagSet("casefile", flag.ContinueOnError)
	flags.SetOutput(stderr)
	db := flags.String("db", "", "database: a SQLite file, or a postgres:// URL (default: casefile.db in the user's data directory)")
	quiet := flags.Bool("quiet", false, "log warnings and errors only")
	kevPath := flags.String("kev", "", "CISA KEV catalogue (default: kev.json beside the database, written by 'casefile kev sync')")
	flags.Usage = func() {
		fmt.Fprint(stderr, usage)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil
		}
		return 2, nil
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return 2, nil
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	e := &env{db: *db, kev: *kevPath, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	if e.db == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return 1, err
		}
		e.db = p
	}
	if e.kev == "" {
		dir := filepath.Dir(e.db)
		if store.IsPostgres(e.db) {
			// No folder beside a database server: the user's data folder.
			p, err := store.DefaultPath()
			if err != nil {
				return 1, err
			}
			dir = filepath.Dir(p)
		}
		e.kev = filepath.Join(dir, "kev.json")
	}
	cmd, rest := flags.Arg(0), flags.Args()[1:]
	switch cmd {
	case "ingest":
		return e.ingest(ctx, rest)
	case "demo":
		return e.demo(ctx, rest)
	case "incidents":
		return e.incidents(ctx, rest)
	case "show":
		return e.show(ctx, rest)
	case "export":
		return e.export(ctx, rest)
	case "eval":
		return e.group(ctx, "eval", evalCommands, rest)
	case "bench":
		return e.group(ctx, "bench", benchCommands, rest)
	case "help":
		flags.Usage()
		return 0, nil
	}
	if c, ok := commands[cmd]; ok {
		return c.run(ctx, e, rest)
	}
	fmt.Fprintf(stderr, "casefile: unknown command %q\n", cmd)
	flags.Usage()
	return 2, nil
}

// config is the pipeline configuration: the logger, and the KEV
// catalogue when one has been synced (or given with --kev).
func (e *env) config() pipeline.Config {
	cfg := pipeline.Config{Log: e.log}
	if _, err := os.Stat(e.kev); err == nil {
		cat, err := kev.Load(e.kev)
		if err != nil {
			e.log.Warn("KEV catalogue not used", "path", e.kev, "err", err)
		} else {
			cfg.Incident.KEV = cat
		}
	}
	return cfg
}

// open opens the store --db names: a SQLite file, or a PostgreSQL
// database for a postgres:// URL.
func (e *env) open(ctx context.Context) (store.Backend, error) {
	st, err := store.OpenAny(ctx, e.db)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

// report prints an ingest report; the exit code is 1 when some inputs
// were rejected (the others are stored all the same).
func (e *env) report(rep pipeline.Report) int {
	for _, err := range rep.Rejected {
		fmt.Fprintln(e.stderr, "rejected:", err)
	}
	fmt.Fprintf(e.stdout, "read %d documents (%d new or changed, %d rejected); store holds %d documents, %d stories, %d incidents\n",
		rep.Read, rep.Changed, len(rep.Rejected), rep.Documents, rep.Stories, rep.Incidents)
	if len(rep.Rejected) > 0 {
		return 1
	}
	return 0
}

func (e *env) demo(ctx context.Context, args []string) (int, error) {
	if len(args) != 0 {
		return 2, errors.New("demo takes no arguments")
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	rep, err := pipeline.Ingest(ctx, st, source.ReadFS(ctx, sample.Corpus, sample.Dir, source.Options{}), e.config())
	if err != nil {
		return 1, err
	}
	if code := e.report(rep); code != 0 {
		return code, nil
	}
	snap, err := st.Load(ctx)
	if err != nil {
		return 1, err
	}
	fmt.Fprintln(e.stdout)
	writeIncidents(e.stdout, snap)
	// Show the incidents the sample documents belong to.
	entries, err := fs.ReadDir(sample.Corpus, sample.Dir)
	if err != nil {
		return 1, fmt.Errorf("demo: %w", err)
	}
	stories := map[string]bool{}
	for _, en := range entries {
		for _, d := range snap.Documents {
			if d.ID == en.Name() {
				stories[d.Story] = true
			}
		}
	}
	for _, inc := range snap.Incidents {
		if stories[inc.Story] {
			fmt.Fprintln(e.stdout)
			writeIncident(e.stdout, snap, inc)
		}
	}
	return 0, nil
}
