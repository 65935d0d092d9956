// Package serve is casefile's HTTP server: the web UI (html/template
// pages and static files embedded with embed.FS, no JavaScript), the JSON
// API under /api/v1 (documented in docs/API.md), full-text search, the
// Atom feed of new and updated incidents, token-protected ingest, webhooks
// for watch-lists and Prometheus metrics.
//
// The server keeps the loaded snapshot and its search index in memory
// and swaps in a new one when the store's snapshot version changes
// (checked by Run every Options.CheckEvery, and at once after an ingest
// through the API), so requests never reload the store.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/search"
	"github.com/casefile/casefile/internal/store"
)

// Store is what the server needs from the store: the pipeline's store,
// the snapshot version, raw documents by id, API tokens and the
// watch-list.
type Store interface {
	store.Store
	Version(ctx context.Context) (int64, error)
	Raw(ctx context.Context, id string) (model.Raw, error)
	Tokens(ctx context.Context) ([]store.Token, error)
	Watches(ctx context.Context) ([]store.Watch, error)
	MarkNotified(ctx context.Context, id int64, t time.Time) error
}

var (
	_ Store = (*store.SQLite)(nil)
	_ Store = (*store.Postgres)(nil)
)

// Options configure a Server. Store is required; the zero value of every
// other field is a sensible default.
type Options struct {
	Store Store
	// Pipeline configures ingests through POST /api/v1/articles.
	Pipeline pipeline.Config
	Log      *slog.Logger
	// Registry receives the server's metrics and is served at /metrics;
	// nil means a new registry with the Go and process collectors.
	Registry *prometheus.Registry
	// Handlers are mounted by path prefix beside the server's own routes
	// ("/taxii2/" → a TAXII handler); they get the same request logs,
	// metrics and security headers.
	Handlers map[string]http.Handler
	// BaseURL is the server's public URL ("https://casefile.example"),
	// used for absolute links in the Atom feed and webhook payloads;
	// empty means the Host of each request (and http://localhost for
	// webhooks).
	BaseURL string
	// CheckEvery is how often Run looks for a new snapshot (default 5 s).
	CheckEvery time.Duration
	// MaxBody caps the body of a POST (default 8 MiB); over it the
	// answer is 413.
	MaxBody int64
	// IngestRate caps POST /api/v1/articles per API token, in requests
	// per second (default 1), with bursts of up to IngestBurst requests
	// (default 10); over it the answer is 429 with Retry-After.
	IngestRate  float64
	IngestBurst int
	// Webhook configures webhook deliveries.
	Webhook WebhookOptions
}

// Server serves the UI, the API and the feeds.
type Server struct {
	opt     Options
	log     *slog.Logger
	view    atomic.Pointer[view]
	refresh sync.Mutex // one snapshot load at a time
	ingest  sync.Mutex // one ingest at a time
	limits  tokenLimits
	cache   *answerCache // rendered answers of the current snapshot
	cacheMu sync.Mutex
	handler http.Handler
	pages   *pages
	metrics *metrics
	hooks   sync.WaitGroup // webhook deliveries in flight
	seeding sync.WaitGroup // the pipeline's Memo being seeded
	closing chan struct{}
	closed  sync.Once
	retired []*view // views replaced, whose indexes close with the server
	retMu   sync.Mutex
	moved   movedIDs // incident ids a rebuild dropped → one of their documents
}

// setAnalysisWorkers sizes the search indexes' analysis queue, a
// setting of the whole process, once.
var setAnalysisWorkers sync.Once

// New loads the current snapshot and returns a server for it.
func New(ctx context.Context, opt Options) (*Server, error) {
	if opt.Store == nil {
		return nil, errors.New("serve: no store")
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.CheckEvery <= 0 {
		opt.CheckEvery = 5 * time.Second
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 8 << 20
	}
	if opt.IngestRate <= 0 {
		opt.IngestRate = 1
	}
	if opt.IngestBurst <= 0 {
		opt.IngestBurst = 10
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	opt.Webhook = opt.Webhook.withDefaults()
	if opt.Pipeline.Log == nil {
		opt.Pipeline.Log = opt.Log
	}
	if opt.Pipeline.Workers == 0 && runtime.GOMAXPROCS(0) > 1 {
		// Readers keep a thread while the server ingests and indexes.
		opt.Pipeline.Workers = runtime.GOMAXPROCS(0) - 1
		setAnalysisWorkers.Do(func() { search.SetAnalysisWorkers(opt.Pipeline.Workers) })
	}
	if opt.Pipeline.Memo == nil {
		// Each ingest through the API rebuilds: what did not change is
		// not analysed again.
		opt.Pipeline.Memo = &pipeline.Memo{}
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, log: opt.Log, pages: p, closing: make(chan struct{})}
	s.metrics = newMetrics(opt.Registry)
	if _, err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	// The first ingest through the server then analyses only what
	// changed since the snapshot it starts from.
	s.seeding.Add(1)
	go func(snap store.Snapshot) {
		defer s.seeding.Done()
		s.opt.Pipeline.Memo.Seed(snap, s.opt.Pipeline.Incident)
	}(s.current().snap)
	s.handler = s.routes()
	return s, nil
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Refresh loads the store's snapshot if its version changed since the
// last load, swaps it in, and starts telling the watch-list's webhooks
// about incidents that are new or changed. It reports whether it loaded
// a new snapshot.
func (s *Server) Refresh(ctx context.Context) (bool, error) {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	version, err := s.opt.Store.Version(ctx)
	if err != nil {
		return false, fmt.Errorf("serve: refresh: %w", err)
	}
	old := s.view.Load()
	if old != nil && old.version == version {
		return false, nil
	}
	start := time.Now()
	snap, err := s.opt.Store.Load(ctx)
	if err != nil {
		return false, fmt.Errorf("serve: refresh: %w", err)
	}
	v, err := newView(ctx, version, snap, old)
	if err != nil {
		return false, err
	}
	if old != nil {
		for _, in := range old.incidents {
			if v.byID[in.ID] == nil && len(in.Docs) > 0 {
				s.moved.add(in.ID, in.Docs[0].ID)
			}
		}
	}
	warmed := s.warm(v)
	s.swapIn(v, warmed)
	if old != nil {
		s.retMu.Lock()
		s.retired = append(s.retired, old)
		s.retMu.Unlock()
		s.retire(old)
	}
	s.metrics.loaded(v)
	s.log.Info("snapshot loaded", "version", version, "documents", len(snap.Documents), "cached_answers", warmed.lru.Len(),
		"incidents", len(snap.Incidents), "took_ms", time.Since(start).Milliseconds())
	s.notify(ctx, old, v)
	return true, nil
}

// retire closes a replaced view's search index once searches that began
// on it have had time to finish.
func (s *Server) retire(old *view) {
	time.AfterFunc(time.Minute, func() {
		s.retMu.Lock()
		defer s.retMu.Unlock()
		for i, r := range s.retired {
			if r == old {
				r.index.Close()
				s.retired = append(s.retired[:i], s.retired[i+1:]...)
				return
			}
		}
	})
}

// Run checks the store for a new snapshot every CheckEvery until ctx is
// done; errors are logged and retried at the next tick.
func (s *Server) Run(ctx context.Context) error {
	t := time.NewTicker(s.opt.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.closing:
			return nil
		case <-t.C:
			if _, err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("refresh failed", "err", err)
			}
		}
	}
}

// Close waits for webhook deliveries in flight and releases the search
// indexes.
// Closing twice is harmless.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		close(s.closing)
		s.hooks.Wait()
		s.seeding.Wait()
		s.retMu.Lock()
		defer s.retMu.Unlock()
		var errs []error
		for _, r := range s.retired {
			errs = append(errs, r.index.Close())
		}
		s.retired = nil
		if v := s.view.Load(); v != nil {
			errs = append(errs, v.index.Close())
		}
		err = errors.Join(errs...)
	})
	return err
}

// current is the view requests read.
func (s *Server) current() *view { return s.view.Load() }

// Snapshot returns the snapshot the server currently shows (a
// taxii.Source, so the TAXII handler serves what the UI and API show
// without loading the store per request).
func (s *Server) Snapshot(context.Context) (store.Snapshot, error) {
	v := s.current()
	if v == nil {
		return store.Snapshot{}, errors.New("serve: no snapshot loaded")
	}
	return v.snap, nil
}

// routes builds the mux: UI pages, JSON API, feed, metrics, static files
// and the extra handlers, all behind the logging, metrics and
// security-header middleware.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// UI
	mux.HandleFunc("GET /{$}", s.cached(s.page(s.listPage)))
	mux.HandleFunc("GET /incidents/{id}", s.cached(s.page(s.incidentPage)))
	mux.HandleFunc("GET /documents/{id...}", s.cached(s.page(s.documentPage)))
	mux.HandleFunc("GET /search", s.cached(s.page(s.searchPage)))
	mux.HandleFunc("GET /exposure", s.cached(s.page(s.exposurePage)))
	mux.Handle("GET /static/", staticHandler())
	// JSON API
	mux.HandleFunc("GET /api/v1/incidents", s.cached(s.api(s.apiIncidents)))
	mux.HandleFunc("GET /api/v1/incidents/{id}", s.cached(s.api(s.apiIncident)))
	mux.HandleFunc("GET /api/v1/documents/{id...}", s.cached(s.api(s.apiDocument)))
	mux.HandleFunc("GET /api/v1/search", s.cached(s.api(s.apiSearch)))
	mux.HandleFunc("GET /api/v1/exposure", s.cached(s.api(s.apiExposure)))
	mux.HandleFunc("GET /api/v1/suppliers", s.cached(s.api(s.apiSuppliers)))
	mux.HandleFunc("POST /api/v1/articles", s.api(s.apiIngest))
	// A known endpoint asked with another method is a 405 that names
	// the methods it takes in an Allow header.
	allowed := func(r *http.Request) []string {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pat := mux.Handler(probe); pat != "/api/" && pat != "" {
				allow = append(allow, m)
			}
		}
		return allow
	}
	fallback := s.api(func(r *http.Request) (any, error) {
		if allow := allowed(r); len(allow) > 0 {
			return nil, &apiError{status: http.StatusMethodNotAllowed,
				msg: fmt.Sprintf("method %s not allowed for %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))}
		}
		return nil, errNotFound("no such API endpoint: %s %s", r.Method, r.URL.Path)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if allow := allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
		}
		fallback(w, r)
	})
	// Feed and metrics
	mux.HandleFunc("GET /feeds/incidents.atom", s.cached(s.atom))
	mux.Handle("GET /metrics", s.metrics.handler())
	for prefix, h := range s.opt.Handlers {
		mux.Handle(prefix, h)
	}
	return s.middleware(mux)
}

// incident is the incident id of view v; an id an earlier snapshot had is
// an error that redirects to the incident now holding its documents.
func (s *Server) incident(r *http.Request, v *view) (IncidentDetail, error) {
	id := r.PathValue("id")
	d, err := v.incident(id)
	if err == nil {
		return d, nil
	}
	doc, ok := s.moved.lookup(id)
	if in := v.incidentOf(v.docs[doc]); ok && in != nil && in.ID != id {
		loc := strings.TrimSuffix(r.URL.Path, id) + in.ID
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		return d, &apiError{status: http.StatusMovedPermanently, msg: fmt.Sprintf("incident %q is now %q", id, in.ID), location: loc}
	}
	return d, err
}
