package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestWatchOnce polls a local feed twice with `watch --once`; the second
// poll, after the feed changed, ingests the new item only.
func TestWatchOnce(t *testing.T) {
	var mu sync.Mutex
	items := []string{"1"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.URL.Path == "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>`)
			for _, n := range items {
				fmt.Fprintf(w, `<item><guid>post-%s</guid><title>Update %s</title><link>http://%s/post/%s</link></item>`, n, n, r.Host, n)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case strings.HasPrefix(r.URL.Path, "/post/"):
			n := strings.TrimPrefix(r.URL.Path, "/post/")
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><body><article><h1>Update %[1]s</h1><p>Update %[1]s: the Fernbrook clinic network said its booking line was disrupted by a ransomware attack and that patient records had not been accessed.</p><p>Patients were asked to attend appointments as planned unless contacted.</p></article></body></html>`, n)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(list, []byte("# feeds\n"+srv.URL+"/feed.xml\n"), 0o644)
	db := filepath.Join(t.TempDir(), "w.db")
	watch := func() string {
		var out, errb bytes.Buffer
		code, err := runIO(t.Context(), []string{"--db", db, "--quiet", "watch", "--once", "--allow-private", "--delay", "0", list},
			strings.NewReader(""), &out, &errb)
		if err != nil || code != 0 {
			t.Fatalf("watch: exit %d, %v, %s", code, err, errb.String())
		}
		return out.String()
	}
	if out := watch(); !strings.HasPrefix(out, "read 1 documents (1 new") {
		t.Errorf("first poll: %s", out)
	}
	mu.Lock()
	items = []string{"2", "1"}
	mu.Unlock()
	if out := watch(); !strings.HasPrefix(out, "read 1 documents (1 new") {
		t.Errorf("second poll: %s", out)
	}
	if out := watch(); !strings.HasPrefix(out, "read 0 documents") {
		t.Errorf("third poll: %s", out)
	}
	b := exportBundle(t, db)
	if len(b.Documents) != 2 {
		t.Errorf("%d documents, want 2", len(b.Documents))
	}
}
