package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/casefile/casefile/internal/dict/dicttest"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestRoutes(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{Handlers: map[string]http.Handler{
		"/taxii2/": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "taxii here") }),
	}})
	inc := f.onlyIncident()
	for _, c := range []struct {
		method, path string
		status       int
		ctype        string
		has          []string
	}{
		{"GET", "/", 200, "text/html", []string{inc.Title, "Kessling Bay City Council", `href="/incidents/` + inc.ID}},
		{"GET", "/?country=au", 200, "text/html", []string{inc.Title}},
		{"GET", "/?country=NZ", 200, "text/html", []string{"No incident matches"}},
		{"GET", "/?since=tomorrow", 400, "text/html", []string{"parameter since"}},
		{"GET", "/incidents/" + inc.ID, 200, "text/html", []string{`id="victims"`, "<mark>", "<svg", "Northern Reach Shared Services", "Disputed", "Timeline", "Data accessed: <strong>disputed</strong>"}},
		{"GET", "/incidents/nope", 404, "text/html", []string{"no incident"}},
		{"GET", "/documents/harbour-en-original.txt", 200, "text/html", []string{"<del>", "As received", "Clean text", "harbour-de-translation.txt"}},
		{"GET", "/documents/harbour-en-original.txt?mark=0-5", 200, "text/html", []string{`id="ev"`}},
		{"GET", "/documents/missing.txt", 404, "text/html", nil},
		{"GET", "/search?q=Wexmoor", 200, "text/html", []string{"<mark>Wexmoor"}},
		{"GET", "/search?q=Wexmoor&page=0", 400, "text/html", nil},
		{"GET", "/search", 200, "text/html", []string{"<h1>Search"}},
		{"GET", "/exposure", 200, "text/html", []string{"Pellworth Systems"}},
		{"GET", "/exposure?name=Pellworth", 200, "text/html", []string{"Orrin Valley Council", "<svg"}},
		{"GET", "/static/style.css", 200, "text/css", []string{"mark"}},
		{"GET", "/static/nothing.css", 404, "", nil},
		{"GET", "/feeds/incidents.atom", 200, "application/atom+xml", []string{"urn:casefile:incident:" + inc.ID}},
		{"GET", "/feeds/incidents.atom?until=nope", 400, "", nil},
		{"GET", "/metrics", 200, "text/plain", []string{"casefile_incidents 1"}},
		{"GET", "/api/v1/incidents", 200, "application/json", []string{`"total": 1`}},
		{"GET", "/api/v1/incidents?lang=fr", 200, "application/json", []string{`"total": 1`}},
		{"GET", "/api/v1/incidents?lang=ja", 200, "application/json", []string{`"total": 0`}},
		{"GET", "/api/v1/incidents?page=x", 400, "application/json", []string{`"error": "parameter page`}},
		{"GET", "/api/v1/incidents/" + inc.ID, 200, "application/json", []string{`"sources"`, `"timeline"`, `"graph"`}},
		{"GET", "/api/v1/incidents/nope", 404, "application/json", []string{`"error": "no incident \"nope\""`}},
		{"GET", "/api/v1/documents/harbour-fr-report.txt", 200, "application/json", []string{`"lang": "fr"`, `"lines"`}},
		{"GET", "/api/v1/search?q=NRSS", 200, "application/json", []string{`"hits"`}},
		{"GET", "/api/v1/exposure", 400, "application/json", []string{"parameter name"}},
		{"GET", "/api/v1/exposure?name=Arvenna", 200, "application/json", []string{`"victims"`}},
		{"GET", "/api/v1/suppliers", 200, "application/json", []string{"Pellworth Systems"}},
		{"GET", "/api/v1/nothing", 404, "application/json", []string{"no such API endpoint"}},
		{"DELETE", "/api/v1/incidents", 405, "application/json", []string{"method DELETE"}},
		{"GET", "/api/v1/articles", 405, "application/json", []string{"POST"}},
		{"POST", "/api/v1/articles", 401, "application/json", []string{"Bearer"}},
		{"GET", "/taxii2/collections/", 200, "", []string{"taxii here"}},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			resp, body := f.do(c.method, c.path, "", nil, nil)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, c.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, c.ctype)
			}
			for _, h := range c.has {
				if !strings.Contains(body, h) {
					t.Errorf("body lacks %q", h)
				}
			}
			if c.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
			// Every response carries the security headers, the mounted
			// handler's too.
			if csp := resp.Header.Get("Content-Security-Policy"); !contains(csp, "default-src 'none'", "frame-ancestors 'none'") ||
				strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no X-Content-Type-Options: nosniff")
			}
			if strings.HasPrefix(c.ctype, "text/html") && regexp.MustCompile(`<script|\son[a-z]+=`).MatchString(body) {
				t.Errorf("page has script or an event handler attribute")
			}
		})
	}
}

// scrub replaces the values that depend on when the test ran, and
// search scores (their order stays in the golden files).
func scrub(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if k == "updated" {
				x[k] = "(time)"
				continue
			}
			if k == "score" { // bleve's scores; the order of the hits is checked
				x[k] = "(score)"
				continue
			}
			x[k] = scrub(val)
		}
	case []any:
		for i := range x {
			x[i] = scrub(x[i])
		}
	}
	return v
}

// TestAPIGolden compares the API's answers for the sample corpus with
// testdata/*.golden.json (go test -run TestAPIGolden -update rewrites
// them).
func TestAPIGolden(t *testing.T) {
	dicttest.Require(t, dicttest.Sample...) // the golden files have the dictionary scores
	f := newFixture(t, ingestSample(t), Options{})
	inc := f.onlyIncident()
	for _, c := range []struct{ name, path string }{
		{"incidents", "/api/v1/incidents"},
		{"incidents-filtered", "/api/v1/incidents?country=AU&provider=pellworth&lang=de&attack=ransomware"},
		{"incident", "/api/v1/incidents/" + inc.ID},
		{"document", "/api/v1/documents/harbour-de-translation.txt"},
		{"search", "/api/v1/search?q=" + url.QueryEscape("conseil d’Orrin Valley")},
		{"search-lang", "/api/v1/search?q=ransomware&lang=de"},
		{"exposure", "/api/v1/exposure?name=" + url.QueryEscape("Quaystone Secure Gateway")},
		{"suppliers", "/api/v1/suppliers"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v any
			f.getJSON(c.path, 200, &v)
			got, err := json.MarshalIndent(scrub(v), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", c.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("GET %s differs from %s (go test -run TestAPIGolden -update rewrites it):\n%s", c.path, path, firstDiff(string(got), string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, a, b)
		}
	}
	return ""
}

// TestEscaping stores a document full of markup: every page shows it as
// text.
func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> The Brackwater Water Board said <img src=x onerror=alert(1)> its billing portal was hit by ransomware on Monday.`
	f := newFixture(t, func(st *store.SQLite) {
		ingestRaws(t, st, model.Raw{ID: "evil.txt", Source: "t", Body: []byte("A <b>bold</b> headline\n\n" + evil + "\n"), ContentType: "text/plain",
			URL: "javascript:alert(1)"})
	}, Options{})
	inc := f.onlyIncident()
	for _, path := range []string{"/documents/evil.txt", "/search?q=" + url.QueryEscape("<script>alert</script> Brackwater"), "/",
		"/incidents/" + inc.ID, "/exposure?name=" + url.QueryEscape("<script>alert(2)</script>")} {
		resp, body := f.get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if contains(body, "<script", "<img") || strings.Contains(body, "<b>bold") || strings.Contains(body, `href="javascript:`) {
			t.Errorf("GET %s: markup from the article came through:\n%s", path, body)
		}
	}
	if _, body := f.get("/incidents/" + inc.ID); !contains(body, "Brackwater Water Board", "&lt;b&gt;bold&lt;/b&gt;") {
		t.Errorf("incident page does not show the article's text escaped")
	}
	_, body := f.get("/documents/evil.txt")
	if !contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("escaped text missing from the document page")
	}
}

func TestAtomFeed(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{BaseURL: "https://casefile.test/"})
	inc := f.onlyIncident()
	parse := func(path string) *gofeed.Feed {
		t.Helper()
		resp, body := f.get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		feed, err := gofeed.NewParser().ParseString(body)
		if err != nil {
			t.Fatalf("GET %s: not a feed: %v\n%s", path, err, body)
		}
		if feed.FeedType != "atom" {
			t.Fatalf("feed type %q", feed.FeedType)
		}
		return feed
	}
	feed := parse("/feeds/incidents.atom")
	if len(feed.Items) != 1 {
		t.Fatalf("%d entries, want 1", len(feed.Items))
	}
	e := feed.Items[0]
	if e.GUID != "urn:casefile:incident:"+inc.ID || e.Link != "https://casefile.test/incidents/"+inc.ID || e.Title != inc.Title ||
		!strings.Contains(e.Description, "Kessling Bay City Council") || e.UpdatedParsed == nil {
		t.Errorf("entry %+v", e)
	}
	if got := parse("/feeds/incidents.atom?country=AU&lang=fr"); len(got.Items) != 1 {
		t.Errorf("filtered feed: %d entries, want 1", len(got.Items))
	}
	if got := parse("/feeds/incidents.atom?provider=nobody"); len(got.Items) != 0 || !strings.Contains(got.Description, "provider nobody") {
		t.Errorf("feed for an unknown provider: %d entries, %q", len(got.Items), got.Description)
	}

	// A new document changes the incident: same entry id, later update.
	before := *e.UpdatedParsed
	time.Sleep(1100 * time.Millisecond) // Atom times have whole seconds
	ingestRaws(t, f.st, model.Raw{ID: "harbour-en-update.txt", Source: "corpus", ContentType: "text/plain",
		Body: []byte("Kessling Bay City Council and Orrin Valley Council said on Friday that rates payments through Northern Reach Shared Services had been restored after the ransomware attack, while the Wexmoor Harbour Authority reopened berth bookings.\n")})
	if changed, err := f.srv.Refresh(t.Context()); err != nil || !changed {
		t.Fatalf("Refresh after an ingest: %v, %v", changed, err)
	}
	feed = parse("/feeds/incidents.atom")
	var again *gofeed.Item
	for _, it := range feed.Items {
		if it.GUID == e.GUID {
			again = it
		}
	}
	if again == nil || !again.UpdatedParsed.After(before) {
		t.Errorf("after an update the entry is %+v, want id %s updated after %v", again, e.GUID, before)
	}
}

func TestIngestAPI(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{MaxBody: 4096})
	token := "cf_test_token"
	if err := f.st.AddToken(t.Context(), "ci", sha256Hex(token)); err != nil {
		t.Fatal(err)
	}
	auth := map[string]string{"Authorization": "Bearer " + token}
	article := `{"id": "api-1", "title": "Orrin Valley restores services", "text": "Orrin Valley Council said its rates payments and parking permits were back online after the ransomware attack on Northern Reach Shared Services, the agency it shares with Kessling Bay City Council and the Wexmoor Harbour Authority.", "published": "2026-03-20", "lang": "en"}`
	for _, c := range []struct {
		name, ctype, body string
		header            map[string]string
		status            int
		has               []string
	}{
		{"no token", "application/json", article, nil, 401, []string{"Authorization: Bearer"}},
		{"wrong token", "application/json", article, map[string]string{"Authorization": "Bearer nope"}, 401, []string{"unknown API token"}},
		{"basic auth", "application/json", article, map[string]string{"Authorization": "Basic eDp5"}, 401, nil},
		{"not JSON", "application/json", "{oops", auth, 400, []string{"not JSON"}},
		{"empty array", "application/json", "[]", auth, 400, []string{"no articles"}},
		{"wrong type", "text/plain", article, auth, 415, []string{"Content-Type"}},
		{"too large", "application/json", `{"id": "big", "text": "` + strings.Repeat("a", 5000) + `"}`, auth, 413, []string{"limit"}},
		{"nested too deep", "application/json", `[{"id": "d", "text": "t", "x": ` + strings.Repeat("[", 80) + strings.Repeat("]", 80) + `}]`, auth, 400,
			[]string{"nested 82 deep", "limit of 65"}},
		{"JSON Lines nested too deep", "application/x-ndjson", `{"id": "d", "text": "t", "x": ` + strings.Repeat("{\"a\": ", 70) + "1" + strings.Repeat("}", 70) + "}\n",
			auth, 422, []string{`"item": 1`, "nested 71 deep", "limit of 64"}},
		{"all rejected", "application/json", `[{"id": "x"}, {"text": "y"}]`, auth, 422, []string{`"item": 1`, `missing \"text\"`, `"item": 2`}},
		{"one article", "application/json", article, auth, 200, []string{`"read": 1`, `"changed": 1`, `"id": "api-1"`, `"incident": "i-`}},
		{"same again", "application/json", article, auth, 200, []string{`"read": 1`, `"changed": 0`}},
		{"JSON Lines, one bad", "application/x-ndjson", `{"id": "api-2", "text": "A bakery in Hobart reported that its ovens stopped after a power cut."}` + "\n" + `{"id": 3, "text": "x"}` + "\n",
			auth, 200, []string{`"read": 1`, `"item": 2`, `want a string`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := f.do("POST", "/api/v1/articles", c.ctype, []byte(c.body), c.header)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			for _, h := range c.has {
				if !strings.Contains(body, h) {
					t.Errorf("body lacks %q: %s", h, body)
				}
			}
			if c.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
	// The article is served at once and joined the sample's incident.
	var d DocumentDetail
	f.getJSON("/api/v1/documents/api-1", 200, &d)
	inc := f.onlyIncidentOf("api-1")
	if d.Incident == nil || d.Incident.ID != inc {
		t.Errorf("api-1 in incident %+v, want %s", d.Incident, inc)
	}
	_, metrics := f.get("/metrics")
	for _, m := range []string{`casefile_ingests_total{result="ok"} 3`, `casefile_ingests_total{result="unauthorized"} 3`,
		`casefile_ingested_articles_total{result="changed"} 2`, `casefile_ingested_articles_total{result="unchanged"} 1`} {
		if !strings.Contains(metrics, m) {
			t.Errorf("metrics lack %s", m)
		}
	}
}

// TestIngestRateLimit: each token has its own budget of ingest
// requests; over it the answer is 429 with Retry-After and a message
// naming the token and the limit.
func TestIngestRateLimit(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{IngestRate: 0.01, IngestBurst: 2})
	for _, name := range []string{"a", "b"} {
		if err := f.st.AddToken(t.Context(), name, sha256Hex("cf_"+name)); err != nil {
			t.Fatal(err)
		}
	}
	post := func(token string) (*http.Response, string) {
		return f.do("POST", "/api/v1/articles", "application/json", []byte("[]"), map[string]string{"Authorization": "Bearer cf_" + token})
	}
	for i, c := range []struct {
		token  string
		status int
	}{{"a", 400}, {"a", 400}, {"a", 429}, {"a", 429}, {"b", 400}, {"b", 400}, {"b", 429}} {
		resp, body := post(c.token)
		if resp.StatusCode != c.status {
			t.Fatalf("request %d with token %s: status %d, want %d: %s", i+1, c.token, resp.StatusCode, c.status, body)
		}
		if c.status != 429 {
			continue
		}
		if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("429 with Retry-After %q", resp.Header.Get("Retry-After"))
		}
		if !contains(body, `token \"`+c.token+`\"`, "0.01 ingest requests per second", "bursts of 2") {
			t.Errorf("429 body %s", body)
		}
	}
	// A request without a valid token is refused before the limit.
	if resp, _ := f.do("POST", "/api/v1/articles", "application/json", []byte("[]"), nil); resp.StatusCode != 401 {
		t.Errorf("no token: %d, want 401", resp.StatusCode)
	}
}

// onlyIncidentOf is the incident of a document, by the API.
func (f *fixture) onlyIncidentOf(doc string) string {
	var d DocumentDetail
	f.getJSON("/api/v1/documents/"+url.PathEscape(doc), 200, &d)
	if d.Incident == nil {
		return ""
	}
	return d.Incident.ID
}

func TestMetricsAndLogs(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{})
	f.get("/")
	f.get("/")
	f.get("/incidents/nope")
	f.get("/no/such/page")
	_, body := f.get("/metrics")
	for _, m := range []string{
		`casefile_http_requests_total{code="200",method="GET",route="GET /{$}"} 2`,
		`casefile_http_requests_total{code="404",method="GET",route="GET /incidents/{id}"} 1`,
		`casefile_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`casefile_http_request_duration_seconds_count{route="GET /{$}"} 2`,
		`casefile_snapshot_loads_total 1`, `casefile_documents 4`, `go_goroutines`,
	} {
		if !strings.Contains(body, m) {
			t.Errorf("metrics lack %s", m)
		}
	}
	logs := f.logs.String()
	if !contains(logs, `msg=request method=GET path=/incidents/nope route="GET /incidents/{id}" status=404`, "duration_ms=") {
		t.Errorf("request log lines missing:\n%s", logs)
	}
}

// TestRefresh: a snapshot saved by another process (casefile ingest) is
// picked up by Refresh, and only then.
func TestRefresh(t *testing.T) {
	f := newFixture(t, nil, Options{CheckEvery: 10 * time.Millisecond})
	var list IncidentList
	f.getJSON("/api/v1/incidents", 200, &list)
	if list.Total != 0 {
		t.Fatalf("empty store: %d incidents", list.Total)
	}
	if changed, err := f.srv.Refresh(t.Context()); err != nil || changed {
		t.Fatalf("Refresh of an unchanged store: %v, %v", changed, err)
	}
	ingestSample(t)(f.st)
	done := make(chan error)
	go func() { done <- f.srv.Run(t.Context()) }()
	waitFor(t, "Run to load the new snapshot", func() bool {
		f.getJSON("/api/v1/incidents", 200, &list)
		return list.Total == 1
	})
	f.srv.Close()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestFilter(t *testing.T) {
	for _, c := range []struct {
		query string
		ok    bool
	}{
		{"", true},
		{"country=GB&sector=government&attack=ransomware&provider=Acme&lang=de&since=2024-01-01&until=2024-12-31&page=2", true},
		{"since=2024-13-01", false},
		{"until=yesterday", false},
		{"since=2024-02-01&until=2024-01-01", false},
		{"page=0", false},
		{"page=-1", false},
		{"country=" + strings.Repeat("x", 201), false},
		{"country=%ff", false},
		{"unknown=1", true},
	} {
		q, _ := url.ParseQuery(c.query)
		f, err := ParseFilter(q)
		if (err == nil) != c.ok {
			t.Errorf("ParseFilter(%q) = %+v, %v; want ok=%v", c.query, f, err, c.ok)
			continue
		}
		if err != nil {
			continue
		}
		again, err := ParseFilter(f.Values())
		f.Page = 0
		if err != nil || again != f {
			t.Errorf("ParseFilter(Values()) = %+v, %v; want %+v", again, err, f)
		}
	}
	d := time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)
	in := &incidentInfo{Incident: &model.Incident{Country: "GB", AttackType: "ransomware",
		Providers: []model.Provider{{Name: "Fenwick Data Services", Aliases: []string{"FDS"}}},
		Vector:    &model.Vector{Product: "Gate VPN", Vendor: "Gatewright"}},
		FirstSeen: d, Langs: []string{"en", "fr"}, Sectors: []string{"government"}}
	for _, c := range []struct {
		f    Filter
		want bool
	}{
		{Filter{}, true},
		{Filter{Country: "gb"}, true},
		{Filter{Country: "FR"}, false},
		{Filter{Attack: "Ransomware"}, true},
		{Filter{Attack: "phishing"}, false},
		{Filter{Sector: "Government"}, true},
		{Filter{Sector: "health"}, false},
		{Filter{Lang: "fr"}, true},
		{Filter{Lang: "de"}, false},
		{Filter{Provider: "fds"}, true},
		{Filter{Provider: "Fenwick Data"}, true},
		{Filter{Provider: "gate vpn"}, true},
		{Filter{Provider: "Gatewright"}, true},
		{Filter{Provider: "Fen"}, false},
		{Filter{Since: d.Truncate(24 * time.Hour)}, true},
		{Filter{Since: d.Add(24 * time.Hour)}, false},
		{Filter{Until: d.Truncate(24 * time.Hour)}, true},
		{Filter{Until: d.Add(-24 * time.Hour)}, false},
	} {
		if got := c.f.match(in); got != c.want {
			t.Errorf("%+v.match = %v, want %v", c.f, got, c.want)
		}
	}
}

func TestSegments(t *testing.T) {
	text := []rune("Alpha beta.\n\nGamma délta epsilon.")
	got := paragraphs(string(text), []mark{{start: 6, end: 10, label: "b"}, {start: 19, end: 24, label: "d", selected: true},
		{start: 21, end: 27, label: "e"}, {start: 40, end: 50}})
	want := [][]Segment{
		{{Text: "Alpha "}, {Text: "beta", Mark: true, Label: "b"}, {Text: "."}},
		{{Text: "Gamma "}, {Text: "délta ep", Mark: true, Label: "d; e", Selected: true}, {Text: "silon."}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paragraphs:\n got %v\nwant %v", got, want)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestMovedIncident: when a later snapshot gives an incident another id
// (an earlier article of its story arrived and leads it now), links to
// the old id redirect to the new one, on the page and in the API.
func TestMovedIncident(t *testing.T) {
	body, err := fs.ReadFile(sample.Corpus, sample.Dir+"/harbour-en-followup.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, func(st *store.SQLite) {
		ingestRaws(t, st, model.Raw{ID: "harbour-en-followup.txt", Source: "t", Body: body, ContentType: "text/plain"})
	}, Options{})
	old := f.onlyIncident()
	ingestSample(t)(f.st)
	if _, err := f.srv.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	cur := f.onlyIncident()
	if cur.ID == old.ID {
		t.Fatalf("premise: the incident kept its id %s", old.ID)
	}
	client := *f.http.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, c := range []struct{ path, want string }{
		{"/incidents/" + old.ID, "/incidents/" + cur.ID},
		{"/api/v1/incidents/" + old.ID + "?x=1", "/api/v1/incidents/" + cur.ID + "?x=1"},
	} {
		resp, err := client.Get(f.http.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != c.want {
			t.Errorf("GET %s: %d to %q, want 301 to %q", c.path, resp.StatusCode, resp.Header.Get("Location"), c.want)
		}
	}
	if resp, _ := f.get("/incidents/i-000000000000"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown incident: %d, want 404", resp.StatusCode)
	}
	if resp, body := f.get("/incidents/" + old.ID); resp.StatusCode != 200 || !strings.Contains(body, cur.Title) {
		t.Errorf("following the redirect: %d", resp.StatusCode)
	}
}
