package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
)

// fixture is a server over a temporary store, behind httptest.
type fixture struct {
	t    *testing.T
	st   *store.SQLite
	srv  *Server
	http *httptest.Server
	logs *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newFixture opens a store in a temporary folder, lets fill store
// documents in it, and starts a server on it.
func newFixture(t *testing.T, fill func(*store.SQLite), opt Options) *fixture {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "casefile.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if fill != nil {
		fill(st)
	}
	logs := &syncBuffer{}
	opt.Store = st
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(logs, nil))
	}
	srv, err := New(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	return &fixture{t: t, st: st, srv: srv, http: hs, logs: logs}
}

// ingestSample stores the bundled sample corpus.
func ingestSample(t *testing.T) func(*store.SQLite) {
	return func(st *store.SQLite) {
		t.Helper()
		rep, err := pipeline.Ingest(t.Context(), st, source.ReadFS(t.Context(), sample.Corpus, sample.Dir, source.Options{}),
			pipeline.Config{Log: quietLog()})
		if err != nil || len(rep.Rejected) > 0 {
			t.Fatalf("ingest sample: %v %v", err, rep.Rejected)
		}
	}
}

// ingestDir stores the text files of a folder.
func ingestDir(t *testing.T, dir string) func(*store.SQLite) {
	return func(st *store.SQLite) {
		t.Helper()
		rep, err := pipeline.Ingest(t.Context(), st, source.Read(t.Context(), []string{dir}, source.Options{}),
			pipeline.Config{Log: quietLog()})
		if err != nil || len(rep.Rejected) > 0 {
			t.Fatalf("ingest %s: %v %v", dir, err, rep.Rejected)
		}
	}
}

// ingestRaws stores raw documents.
func ingestRaws(t *testing.T, st *store.SQLite, raws ...model.Raw) {
	t.Helper()
	_, err := pipeline.Ingest(t.Context(), st, func(yield func(model.Raw, error) bool) {
		for _, r := range raws {
			if !yield(r, nil) {
				return
			}
		}
	}, pipeline.Config{Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// get fetches a path and returns the response and its body.
func (f *fixture) get(path string) (*http.Response, string) {
	f.t.Helper()
	return f.do(http.MethodGet, path, "", nil, nil)
}

func (f *fixture) do(method, path, contentType string, body []byte, header map[string]string) (*http.Response, string) {
	f.t.Helper()
	req, err := http.NewRequestWithContext(f.t.Context(), method, f.http.URL+path, bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := f.http.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, string(b)
}

// getJSON fetches a path and decodes its JSON into v, failing unless the
// status is want.
func (f *fixture) getJSON(path string, want int, v any) {
	f.t.Helper()
	resp, body := f.get(path)
	if resp.StatusCode != want {
		f.t.Fatalf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		f.t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// onlyIncident is the one incident of the sample corpus.
func (f *fixture) onlyIncident() IncidentSummary {
	f.t.Helper()
	var list IncidentList
	f.getJSON("/api/v1/incidents", 200, &list)
	if len(list.Incidents) != 1 {
		f.t.Fatalf("%d incidents, want 1", len(list.Incidents))
	}
	return list.Incidents[0]
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
