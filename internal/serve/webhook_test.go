package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// hookReceiver is a webhook endpoint that answers with the statuses
// given, in turn (200 once they run out), and keeps what it received.
type hookReceiver struct {
	mu       sync.Mutex
	statuses []int
	delay    time.Duration
	got      []Notification
	attempts int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.attempts++
	status := http.StatusOK
	if len(h.statuses) > 0 {
		status, h.statuses = h.statuses[0], h.statuses[1:]
	}
	delay := h.delay
	h.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad request", 400)
		return
	}
	if status == http.StatusOK {
		var n Notification
		if err := json.Unmarshal(body, &n); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		h.mu.Lock()
		h.got = append(h.got, n)
		h.mu.Unlock()
	}
	w.WriteHeader(status)
}

func (h *hookReceiver) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.attempts
}

func (h *hookReceiver) received() []Notification {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Notification(nil), h.got...)
}

func fastHooks() WebhookOptions {
	return WebhookOptions{Timeout: 300 * time.Millisecond, Attempts: 3, Backoff: 10 * time.Millisecond}
}

func TestWebhooks(t *testing.T) {
	ok := &hookReceiver{}
	flaky := &hookReceiver{statuses: []int{500, 503}} // succeeds on the third attempt
	dead := &hookReceiver{statuses: []int{500, 500, 500, 500}}
	slow := &hookReceiver{delay: 2 * time.Second}
	gone := &hookReceiver{statuses: []int{410}} // not retried
	other := &hookReceiver{}
	servers := map[string]*httptest.Server{}
	for name, h := range map[string]*hookReceiver{"ok": ok, "flaky": flaky, "dead": dead, "slow": slow, "gone": gone, "other": other} {
		servers[name] = httptest.NewServer(h)
		defer servers[name].Close()
	}
	f := newFixture(t, nil, Options{BaseURL: "https://casefile.test", Webhook: fastHooks()})
	watch := func(name, hook string) {
		if _, err := f.st.AddWatch(t.Context(), name, servers[hook].URL+"/hook"); err != nil {
			t.Fatal(err)
		}
	}
	watch("pellworth", "ok")                // a supplier, by a short form
	watch("Quaystone Secure Gateway", "ok") // a product
	watch("Orrin Valley", "flaky")          // a victim, by its alias
	watch("Pellworth Systems", "dead")
	watch("Pellworth Systems", "slow")
	watch("Pellworth Systems", "gone")
	watch("Brackwater Water Board", "other") // named nowhere
	time.Sleep(5 * time.Millisecond)         // incidents saved from now on are newer than the watches

	ingestSample(t)(f.st)
	if changed, err := f.srv.Refresh(t.Context()); err != nil || !changed {
		t.Fatalf("Refresh: %v, %v", changed, err)
	}
	f.srv.hooks.Wait()
	inc := f.onlyIncident()
	got := ok.received()
	if len(got) != 2 {
		t.Fatalf("ok hook got %d notifications, want 2: %+v", len(got), got)
	}
	byWatched := map[string]Notification{}
	for _, n := range got {
		byWatched[n.Watched] = n
	}
	if n := byWatched["pellworth"]; n.Matched != "Pellworth Systems" || n.Role != model.RoleSupplier || n.Incident != inc.ID ||
		n.Change != "new" || n.Link != "https://casefile.test/incidents/"+inc.ID || n.API != "https://casefile.test/api/v1/incidents/"+inc.ID ||
		n.Event != "incident" || n.Title != inc.Title || n.Updated.IsZero() {
		t.Errorf("supplier notification %+v", n)
	}
	if n := byWatched["Quaystone Secure Gateway"]; n.Role != "product" {
		t.Errorf("product notification %+v", n)
	}
	if g := flaky.received(); len(g) != 1 || g[0].Matched != "Orrin Valley Council" || g[0].Role != "victim" || flaky.count() != 3 {
		t.Errorf("flaky hook: %+v after %d attempts", g, flaky.count())
	}
	if dead.count() != 3 || len(dead.received()) != 0 {
		t.Errorf("dead hook: %d attempts, want 3", dead.count())
	}
	if slow.count() != 3 || len(slow.received()) != 0 {
		t.Errorf("slow hook: %d attempts, want 3 (each timed out)", slow.count())
	}
	if gone.count() != 1 {
		t.Errorf("hook answering 410: %d attempts, want 1", gone.count())
	}
	if other.count() != 0 {
		t.Errorf("a watch naming nothing was called %d times", other.count())
	}
	_, metrics := f.get("/metrics")
	if !contains(metrics, `casefile_webhook_deliveries_total{result="ok"} 3`, `casefile_webhook_deliveries_total{result="failed"} 3`) {
		t.Errorf("webhook metrics:\n%s", grep(metrics, "webhook"))
	}

	// The marks moved: nothing is told twice, and an unchanged reload
	// tells nothing.
	ws, err := f.st.Watches(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Name != "Brackwater Water Board" && !w.NotifiedThrough.Equal(inc.Updated) {
			t.Errorf("watch %d (%s) marked through %v, want %v", w.ID, w.Name, w.NotifiedThrough, inc.Updated)
		}
	}
	// A change to the incident is told again, as an update.
	ingestRaws(t, f.st, model.Raw{ID: "harbour-en-update.txt", Source: "corpus", ContentType: "text/plain",
		Body: []byte("Pellworth Systems said on Friday that rates payments through Northern Reach Shared Services had been restored for Kessling Bay City Council and Orrin Valley Council after the ransomware attack.\n")})
	if _, err := f.srv.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.srv.hooks.Wait()
	got = ok.received()
	if len(got) != 4 || got[2].Change != "updated" || got[3].Change != "updated" {
		t.Errorf("after an update the ok hook has %d notifications: %+v", len(got), got)
	}
}

// TestWebhookAfterRestart: a server started after incidents changed
// tells them (the watch's mark is in the store, not in memory).
func TestWebhookAfterRestart(t *testing.T) {
	ok := &hookReceiver{}
	hs := httptest.NewServer(ok)
	defer hs.Close()
	f := newFixture(t, func(st *store.SQLite) {
		if _, err := st.AddWatch(t.Context(), "Northern Reach Shared Services", hs.URL); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
		ingestSample(t)(st)
	}, Options{Webhook: fastHooks()})
	f.srv.hooks.Wait()
	if got := ok.received(); len(got) != 1 || got[0].Change != "changed" || got[0].Role != model.RoleSharedService ||
		!strings.HasPrefix(got[0].Link, "http://localhost/incidents/") {
		t.Errorf("got %+v", got)
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
