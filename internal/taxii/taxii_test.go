package taxii

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/export/stix/stixcheck"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

var t0 = time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)

func ev(doc string, text string) []model.Evidence {
	return []model.Evidence{{Doc: doc, Start: 0, End: 4, Text: text, Lang: "en"}}
}

// snapshot holds n incidents, each told by two articles; incident k was
// last changed at t0 + k hours and its articles ingested a minute apart
// before that.
func snapshot(n int) store.Snapshot {
	var s store.Snapshot
	s.Updated = map[string]time.Time{}
	for k := range n {
		story, inc := fmt.Sprintf("s%d", k), fmt.Sprintf("i-%d", k)
		a, b := fmt.Sprintf("%d-a.txt", k), fmt.Sprintf("%d-b.txt", k)
		for j, d := range []string{a, b} {
			rel := model.Relation{Type: model.RelOriginal}
			if j == 1 {
				rel = model.Relation{Type: model.RelCopy, Of: a}
			}
			s.Documents = append(s.Documents, store.Document{Doc: model.Doc{Article: model.Article{ID: d, Title: "Title " + d,
				Text: "Text.", Published: t0.Add(-48 * time.Hour)}, Lang: "en"}, Relation: rel, Story: story,
				Stored: t0.Add(time.Duration(k)*time.Hour - time.Duration(2-j)*time.Minute)})
		}
		s.Stories = append(s.Stories, model.Story{ID: story, Docs: []string{a, b}})
		s.Incidents = append(s.Incidents, model.Incident{ID: inc, Story: story, Title: fmt.Sprintf("Incident %d", k),
			Victims:  []model.Entity{{Name: fmt.Sprintf("Council %d", k), Evidence: ev(a, "Hit.")}, {Name: "Shared Port Authority", Evidence: ev(b, "Also hit.")}},
			Services: []model.Service{{Name: "payments", Evidence: ev(a, "Down.")}},
			Country:  "GB", CountryEvidence: ev(a, "In Kent."),
			Status: "ongoing", StatusEvidence: ev(b, "Still down."),
			Vulnerabilities: []model.Vulnerability{{ID: fmt.Sprintf("CVE-2025-%04d", 1000+k), Source: "stated", Evidence: ev(b, "Flaw.")}},
		})
		s.Updated[inc] = t0.Add(time.Duration(k) * time.Hour)
	}
	return s
}

// fakeStore is a source whose snapshot a test can change.
type fakeStore struct {
	mu   sync.Mutex
	snap store.Snapshot
	err  error
}

func (f *fakeStore) get(context.Context) (store.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap, f.err
}

func (f *fakeStore) set(s store.Snapshot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.snap = s
}

func server(t *testing.T, f *fakeStore, opt Options) *httptest.Server {
	t.Helper()
	h, err := New(f.get, opt)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/taxii2/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// client is a small TAXII 2.1 client.
type client struct {
	t      *testing.T
	accept string
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func (c client) get(u string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", c.accept)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != MediaType {
		c.t.Errorf("GET %s: Content-Type %q", u, ct)
	}
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		c.t.Fatalf("GET %s: %v: %s", u, err, b)
	}
	return response{res.StatusCode, res.Header, body}
}

func (c client) ok(u string) response {
	c.t.Helper()
	r := c.get(u)
	if r.status != http.StatusOK {
		c.t.Fatalf("GET %s: %d %v", u, r.status, r.body)
	}
	return r
}

func with(u string, params url.Values) string {
	if len(params) == 0 {
		return u
	}
	return u + "?" + params.Encode()
}

// walk follows next until more is false, returning every object and the
// date-added headers of each page.
func (c client) walk(u string, params url.Values, key string) (items []map[string]any, firsts, lasts []string) {
	c.t.Helper()
	p := url.Values{}
	for k, v := range params {
		p[k] = v
	}
	for range 1000 {
		r := c.ok(with(u, p))
		list, _ := r.body[key].([]any)
		for _, o := range list {
			if m, ok := o.(map[string]any); ok {
				items = append(items, m)
			} else {
				items = append(items, map[string]any{"version": o})
			}
		}
		if len(list) > 0 {
			firsts = append(firsts, r.header.Get("X-TAXII-Date-Added-First"))
			lasts = append(lasts, r.header.Get("X-TAXII-Date-Added-Last"))
		}
		if more, _ := r.body["more"].(bool); !more {
			return items, firsts, lasts
		}
		next, _ := r.body["next"].(string)
		if next == "" {
			c.t.Fatalf("GET %s: more without next", u)
		}
		p.Set("next", next)
	}
	c.t.Fatal("paging does not end")
	return
}

// discover walks discovery → API root → collections → the collection and
// returns the collection's URL.
func (c client) discover(srv *httptest.Server) string {
	c.t.Helper()
	d := c.ok(srv.URL + "/taxii2/").body
	roots, _ := d["api_roots"].([]any)
	if len(roots) != 1 || d["default"] != roots[0] {
		c.t.Fatalf("discovery = %v", d)
	}
	root := roots[0].(string)
	ar := c.ok(root).body
	if vs, _ := ar["versions"].([]any); !slices.Contains(vs, any(MediaType)) {
		c.t.Errorf("API root versions %v", ar["versions"])
	}
	if _, ok := ar["max_content_length"]; !ok || ar["title"] == nil {
		c.t.Errorf("API root %v", ar)
	}
	cs := c.ok(root + "collections/").body["collections"].([]any)
	if len(cs) != 1 {
		c.t.Fatalf("collections %v", cs)
	}
	coll := cs[0].(map[string]any)
	if coll["can_read"] != true || coll["can_write"] != false || coll["title"] != "casefile incidents" {
		c.t.Errorf("collection %v", coll)
	}
	u := root + "collections/" + coll["id"].(string) + "/"
	if got := c.ok(u).body; got["id"] != coll["id"] {
		c.t.Errorf("collection endpoint %v", got)
	}
	return u
}

// want is the collection the server should serve: the STIX objects of
// the snapshot, by id.
func want(t *testing.T, s store.Snapshot) map[string]stix.Object {
	t.Helper()
	b, err := stix.Build(s, stix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]stix.Object{}
	for _, o := range b.Objects {
		o.Added = o.Added.Truncate(time.Microsecond)
		out[o.ID] = o
	}
	return out
}

// TestClientWalk is a TAXII 2.1 client going from discovery to the
// objects, page by page, and checking the pages against the collection.
func TestClientWalk(t *testing.T) {
	snap := snapshot(4)
	f := &fakeStore{snap: snap}
	srv := server(t, f, Options{})
	c := client{t: t, accept: MediaType}
	coll := c.discover(srv)
	all := want(t, snap)

	objs, firsts, lasts := c.walk(coll+"objects/", url.Values{"limit": {"7"}}, "objects")
	if len(objs) != len(all) {
		t.Errorf("walked %d objects, collection has %d", len(objs), len(all))
	}
	seen := map[string]bool{}
	for _, o := range objs {
		id := o["id"].(string)
		if seen[id] {
			t.Errorf("%s served twice", id)
		}
		seen[id] = true
		if _, ok := all[id]; !ok {
			t.Errorf("%s is not in the collection", id)
		}
	}
	if want := (len(all) + 6) / 7; len(firsts) != want {
		t.Errorf("%d pages of 7, want %d", len(firsts), want)
	}
	for i := range firsts {
		if firsts[i] == "" || firsts[i] > lasts[i] || (i > 0 && firsts[i] < lasts[i-1]) {
			t.Errorf("page %d: date added %s..%s after %v", i, firsts[i], lasts[i], lasts[:i])
		}
	}

	// The manifest lists the same objects, with their dates and versions.
	man, _, _ := c.walk(coll+"manifest/", url.Values{"limit": {"5"}}, "objects")
	if len(man) != len(all) {
		t.Errorf("manifest has %d records, want %d", len(man), len(all))
	}
	for _, m := range man {
		o := all[m["id"].(string)]
		if m["date_added"] != timestamp(o.Added) || m["version"] != o.Version || m["media_type"] != "application/stix+json;version=2.1" {
			t.Errorf("manifest record %v, object added %v version %s", m, o.Added, o.Version)
		}
	}

	// added_after: exactly the objects added later, across pages.
	cut := t0.Add(90 * time.Minute)
	later, _, _ := c.walk(coll+"objects/", url.Values{"added_after": {timestamp(cut)}, "limit": {"3"}}, "objects")
	var wantLater []string
	for id, o := range all {
		if o.Added.After(cut) {
			wantLater = append(wantLater, id)
		}
	}
	if got := ids(later); !slices.Equal(got, sorted(wantLater)) || len(got) == 0 || len(got) == len(all) {
		t.Errorf("added_after %s: %d objects, want %d of %d", timestamp(cut), len(got), len(wantLater), len(all))
	}

	// Filters.
	incs, _, _ := c.walk(coll+"objects/", url.Values{"match[type]": {"incident,vulnerability"}}, "objects")
	for _, o := range incs {
		if o["type"] != "incident" && o["type"] != "vulnerability" {
			t.Errorf("match[type] gave a %v", o["type"])
		}
	}
	if len(incs) != 8 {
		t.Errorf("match[type]=incident,vulnerability gave %d objects, want 8", len(incs))
	}
	one := incs[0]
	for _, v := range []string{"last", "first", "all", one["modified"].(string)} {
		got, _, _ := c.walk(coll+"objects/", url.Values{"match[id]": {one["id"].(string)}, "match[version]": {v}}, "objects")
		if len(got) != 1 || got[0]["id"] != one["id"] {
			t.Errorf("match[id] with match[version]=%s: %v", v, ids(got))
		}
	}
	if got, _, _ := c.walk(coll+"objects/", url.Values{"match[id]": {one["id"].(string)}, "match[version]": {"2001-01-01T00:00:00.000Z"}}, "objects"); len(got) != 0 {
		t.Errorf("another version matched: %v", ids(got))
	}
	if got, _, _ := c.walk(coll+"objects/", url.Values{"match[spec_version]": {"2.0"}}, "objects"); len(got) != 0 {
		t.Errorf("match[spec_version]=2.0 gave %d objects", len(got))
	}

	// One object, and its versions.
	r := c.ok(coll + "objects/" + one["id"].(string) + "/")
	if list := r.body["objects"].([]any); len(list) != 1 || list[0].(map[string]any)["id"] != one["id"] || r.header.Get("X-TAXII-Date-Added-First") == "" {
		t.Errorf("object endpoint: %v", r.body)
	}
	vs := c.ok(coll + "objects/" + one["id"].(string) + "/versions/").body["versions"].([]any)
	if len(vs) != 1 || vs[0] != one["modified"] {
		t.Errorf("versions %v, want [%v]", vs, one["modified"])
	}

	// What was walked is a valid STIX bundle.
	if ck := checker(t); ck != nil {
		b, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--6b6f4b1c-1c1e-4c8e-9d38-61e0f0b1a7a2", "objects": objs})
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range ck.Check(b) {
			t.Error(err)
		}
	}
}

func ids(objs []map[string]any) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o["id"].(string))
	}
	return sorted(out)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func checker(t *testing.T) *stixcheck.Checker {
	dir, ok := sharedtest.Lookup(t, "data", "stix2-schemas", "schemas")
	if !ok {
		return nil // objects not validated
	}
	ck, err := stixcheck.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// TestPagingWhileChanging: the store changes between pages (an incident
// changes, one is added); following next neither repeats an unchanged
// object nor skips anything, and the changed objects come again, in their
// new version, at the end.
func TestPagingWhileChanging(t *testing.T) {
	f := &fakeStore{snap: snapshot(3)}
	srv := server(t, f, Options{})
	c := client{t: t, accept: MediaType}
	coll := c.discover(srv)
	first := c.ok(with(coll+"objects/", url.Values{"limit": {"10"}}))
	next := first.body["next"].(string)
	changed := snapshot(4)
	changed.Incidents[0].Status = "resolved"
	changed.Updated["i-0"] = t0.Add(10 * time.Hour)
	f.set(changed)
	rest, _, _ := c.walk(coll+"objects/", url.Values{"limit": {"10"}, "next": {next}}, "objects")
	got := map[string]int{}
	for _, o := range first.body["objects"].([]any) {
		m := o.(map[string]any)
		got[m["id"].(string)+"@"+fmt.Sprint(m["modified"], m["created"])]++
	}
	for _, m := range rest {
		got[m["id"].(string)+"@"+fmt.Sprint(m["modified"], m["created"])]++
	}
	for k, n := range got {
		if n > 1 {
			t.Errorf("%s served %d times", k, n)
		}
	}
	for id, o := range want(t, changed) {
		var found bool
		for k := range got {
			found = found || strings.HasPrefix(k, id+"@")
		}
		if !found {
			t.Errorf("%s (%s, added %v) skipped", id, o.Type, o.Added)
		}
	}
}

// TestErrors: every failure is a TAXII error message with its status.
func TestErrors(t *testing.T) {
	f := &fakeStore{snap: snapshot(1)}
	srv := server(t, f, Options{})
	coll := client{t: t, accept: MediaType}.discover(srv)
	for _, tc := range []struct {
		name, method, url, accept string
		status                    int
	}{
		{"JSON is not TAXII", "GET", coll + "objects/", "application/json", 406},
		{"TAXII 2.0", "GET", srv.URL + "/taxii2/", "application/taxii+json;version=2.0", 406},
		{"unknown collection", "GET", srv.URL + "/taxii2/casefile/collections/0d7e1c1e-0000-4000-8000-000000000000/objects/", MediaType, 404},
		{"unknown API root", "GET", srv.URL + "/taxii2/other/", MediaType, 404},
		{"unknown object", "GET", coll + "objects/indicator--0d7e1c1e-0000-4000-8000-000000000000/", MediaType, 404},
		{"unknown object versions", "GET", coll + "objects/indicator--0d7e1c1e-0000-4000-8000-000000000000/versions/", MediaType, 404},
		{"status", "GET", srv.URL + "/taxii2/casefile/status/0d7e1c1e-0000-4000-8000-000000000000/", MediaType, 404},
		{"zero limit", "GET", coll + "objects/?limit=0", MediaType, 400},
		{"bad added_after", "GET", coll + "manifest/?added_after=yesterday", MediaType, 400},
		{"forged next", "GET", coll + "objects/?next=abc", MediaType, 400},
		{"unsupported filter", "GET", coll + "objects/?match[relationship_type]=uses", MediaType, 400},
		{"bad type", "GET", coll + "objects/?match[type]=Incident", MediaType, 400},
		{"write", "POST", coll + "objects/", MediaType, 403},
		{"put", "PUT", coll + "objects/", MediaType, 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, tc.url, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept", tc.accept)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var e map[string]any
			if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.status || e["http_status"] != fmt.Sprint(tc.status) || e["title"] == "" || res.Header.Get("Content-Type") != MediaType {
				t.Errorf("%s %s: %d %v", tc.method, tc.url, res.StatusCode, e)
			}
		})
	}
	// A store that cannot be read is a server error.
	f.err = fmt.Errorf("disk gone")
	if r := (client{t: t, accept: MediaType}).get(coll + "objects/"); r.status != 500 || r.body["http_status"] != "500" {
		t.Errorf("broken store: %d %v", r.status, r.body)
	}
}

// TestAccept: what Accept headers admit TAXII 2.1 JSON.
func TestAccept(t *testing.T) {
	for _, tc := range []struct {
		accept []string
		ok     bool
	}{
		{nil, true},
		{[]string{MediaType}, true},
		{[]string{"application/taxii+json"}, true},
		{[]string{"application/taxii+json; version=2.1"}, true},
		{[]string{"text/html, */*;q=0.8"}, true},
		{[]string{"application/json"}, false},
		{[]string{"application/taxii+json;version=2.0"}, false},
		{[]string{"application/taxii+json;version=2.1;q=0"}, false},
		{[]string{"text/html", "application/stix+json;version=2.1"}, false},
		{[]string{";;;"}, false},
	} {
		if got := acceptable(tc.accept); got != tc.ok {
			t.Errorf("Accept %q: %v, want %v", tc.accept, got, tc.ok)
		}
	}
}

// TestPrefix: the handler mounted elsewhere names its API root there.
func TestPrefix(t *testing.T) {
	h, err := New((&fakeStore{snap: snapshot(1)}).get, Options{Prefix: "/cti/taxii/"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := client{t: t, accept: MediaType}
	d := c.ok(srv.URL + "/cti/taxii").body
	if roots := d["api_roots"].([]any); len(roots) != 1 || roots[0] != srv.URL+"/cti/taxii/casefile/" {
		t.Errorf("api_roots %v", roots)
	}
	if _, err := New((&fakeStore{}).get, Options{Prefix: "taxii"}); err == nil {
		t.Error("a prefix without slashes is accepted")
	}
	if _, err := New((&fakeStore{}).get, Options{STIX: stix.Options{TLP: "white"}}); err == nil {
		t.Error("TLP white is accepted")
	}
}
