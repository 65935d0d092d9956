package serve

import (
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

// TestAnswerCache: a page or API answer asked twice is the same, with
// the same headers; once another process stores a document and the
// server loads the new snapshot, the answers show it (the cache is per
// snapshot); errors are not kept.
func TestAnswerCache(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{})
	paths := []string{"/", "/api/v1/incidents", "/search?q=Hobart", "/api/v1/search?q=Hobart", "/feeds/incidents.atom"}
	before := map[string]string{}
	for _, p := range paths {
		r1, b1 := f.get(p)
		r2, b2 := f.get(p)
		if r1.StatusCode != 200 || b1 != b2 || r1.Header.Get("Content-Type") != r2.Header.Get("Content-Type") ||
			r2.Header.Get("Content-Security-Policy") == "" || r2.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: second answer differs (%d, %q / %q, headers %v)", p, r1.StatusCode, r1.Header.Get("Content-Type"), r2.Header.Get("Content-Type"), r2.Header)
		}
		before[p] = b1
	}
	if r, _ := f.get("/api/v1/documents/hobart-bakery"); r.StatusCode != 404 {
		t.Fatalf("unknown document: %d", r.StatusCode)
	}
	ingestRaws(t, f.st, model.Raw{ID: "hobart-bakery", Title: "Hobart bakery ovens stop", Lang: "en",
		Body: []byte("A bakery in Hobart said its ovens stopped on Tuesday after ransomware hit the supplier that runs its ordering system.")})
	if _, err := f.srv.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The new snapshot's cache was warmed with the answers asked
	// before, rendered against the new snapshot.
	f.srv.cacheMu.Lock()
	warm := f.srv.cache
	f.srv.cacheMu.Unlock()
	if warm == nil || warm.view != f.srv.current() {
		t.Fatal("no cache for the new snapshot")
	}
	for _, p := range paths {
		if !slices.ContainsFunc(warm.lru.Keys(), func(k string) bool { return strings.HasSuffix(k, " "+p) }) {
			t.Errorf("%s: not warmed for the new snapshot (keys %q)", p, warm.lru.Keys())
		}
	}
	if _, b := f.get("/metrics"); !strings.Contains(b, "casefile_cache_warmed_answers_total 5") {
		t.Errorf("metrics do not count the 5 warmed answers")
	}
	if r, _ := f.get("/api/v1/documents/hobart-bakery"); r.StatusCode != 200 {
		t.Errorf("new document after the snapshot changed: %d, want 200 (a 404 was kept?)", r.StatusCode)
	}
	for _, p := range []string{"/search?q=Hobart", "/api/v1/search?q=Hobart"} {
		if _, b := f.get(p); b == before[p] || !strings.Contains(b, "hobart-bakery") {
			t.Errorf("%s: answer of the old snapshot after the new one was loaded: %.300s", p, b)
		}
	}
}
