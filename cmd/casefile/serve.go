package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/casefile/casefile/internal/serve"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/taxii"
)

func init() {
	commands["serve"] = command{
		summary: "serve the web UI, the JSON API, the Atom feed, webhooks and metrics over HTTP",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.serve(ctx, args) },
	}
}

const serveUsage = `usage: casefile serve [--addr HOST:PORT] [--base-url URL] [--check D]
                      [--max-body N] [--ingest-rate R] [--ingest-burst N]

Serves the incidents in the store: the web UI at /, the JSON API under
/api/v1 (POST /api/v1/articles needs a token from 'casefile token
create'), the Atom feed at /feeds/incidents.atom and Prometheus metrics
at /metrics. New snapshots (from 'casefile ingest' or 'watch' in another
process) are picked up every --check; watch-list webhooks fire then.
`

func (e *env) serve(ctx context.Context, args []string) (int, error) {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	base := flags.String("base-url", "", "public URL of the server, for links in feeds and webhooks (default http://ADDR)")
	check := flags.Duration("check", 5*time.Second, "how often to look for a new snapshot in the store")
	maxBody := flags.Int64("max-body", 8<<20, "largest POST body in bytes (over it: 413)")
	ingestRate := flags.Float64("ingest-rate", 1, "POST /api/v1/articles requests per second per token (over it: 429)")
	ingestBurst := flags.Int("ingest-burst", 10, "bursts of POST /api/v1/articles requests allowed per token")
	flags.Usage = func() { fmt.Fprint(e.stderr, serveUsage); flags.PrintDefaults() }
	if err := flags.Parse(args); err != nil {
		return 2, nil
	}
	if flags.NArg() != 0 {
		flags.Usage()
		return 2, errors.New("serve takes no arguments")
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return 1, fmt.Errorf("serve: %w", err)
	}
	if *base == "" {
		*base = "http://" + ln.Addr().String()
	}
	// The TAXII 2.1 server under /taxii2/ serves the snapshot the UI shows.
	var srv *serve.Server
	tx, err := taxii.New(func(ctx context.Context) (store.Snapshot, error) { return srv.Snapshot(ctx) }, taxii.Options{Log: e.log})
	if err != nil {
		ln.Close()
		return 1, err
	}
	srv, err = serve.New(ctx, serve.Options{Store: st, Pipeline: e.config(), Log: e.log, BaseURL: *base, CheckEvery: *check,
		MaxBody: *maxBody, IngestRate: *ingestRate, IngestBurst: *ingestBurst,
		Handlers: map[string]http.Handler{"/taxii2/": tx}})
	if err != nil {
		ln.Close()
		return 1, err
	}
	defer srv.Close()
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	go srv.Run(ctx)
	e.log.Info("serving", "url", *base, "db", e.db)
	fmt.Fprintf(e.stdout, "casefile serving %s on %s\n", e.db, *base)
	if err := serveUntilDone(ctx, hs, ln, 10*time.Second); err != nil {
		return 1, fmt.Errorf("serve: %w", err)
	}
	return 0, nil
}

// serveUntilDone serves hs on ln until ctx ends, then shuts it down,
// giving requests in flight up to grace to finish.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
