package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/fetch"
)

// memFeeds is an in-memory FeedState.
type memFeeds struct {
	mu    sync.Mutex
	etag  map[string]string
	lm    map[string]string
	seen  map[string]bool
	saves int
}

func newMemFeeds() *memFeeds {
	return &memFeeds{etag: map[string]string{}, lm: map[string]string{}, seen: map[string]bool{}}
}

func (m *memFeeds) FeedValidators(_ context.Context, url string) (string, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.etag[url], m.lm[url], nil
}

func (m *memFeeds) FeedSeen(_ context.Context, url string, items []string) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]bool{}
	for _, it := range items {
		out[it] = m.seen[url+" "+it]
	}
	return out, nil
}

func (m *memFeeds) SaveFeedPoll(_ context.Context, url, etag, lm string, items []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves++
	m.etag[url], m.lm[url] = etag, lm
	for _, it := range items {
		m.seen[url+" "+it] = true
	}
	return nil
}

func rssItem(guid, title, link, body string) string {
	return fmt.Sprintf("<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate><description><![CDATA[%s]]></description></item>", guid, title, link, body)
}

func rss(items ...string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title><link>https://wire.example/</link>` +
		strings.Join(items, "") + `</channel></rss>`
}

// feedServer serves a feed whose content the test changes between polls,
// with an ETag, and the pages its items link to.
type feedServer struct {
	mu       sync.Mutex
	feed     string
	version  int
	requests map[string]int
}

func (s *feedServer) set(feed string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed = feed
	s.version++
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[r.URL.Path]++
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case r.URL.Path == "/feed.xml":
		etag := fmt.Sprintf(`"v%d"`, s.version)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, s.feed)
	case strings.HasPrefix(r.URL.Path, "/news/"):
		name := strings.TrimPrefix(r.URL.Path, "/news/")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><title>Story %[1]s</title></head><body><nav>Home | News</nav><article><h1>Story %[1]s</h1>
<p>Full text of story %[1]s: the Wexmoor council said its payment systems were disrupted by a cyber incident on Monday and that staff were working to restore them.</p>
<p>Residents were asked to pay by telephone in the meantime, and the council said no personal data appeared to have been taken.</p></article></body></html>`, name)
	default:
		http.NotFound(w, r)
	}
}

func TestPollFeed(t *testing.T) {
	fs := &feedServer{requests: map[string]int{}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	item := func(n string) string {
		return rssItem("urn:item:"+n, "Story "+n, srv.URL+"/news/"+n, "<p>Summary of story "+n+" about the Wexmoor council payment systems outage after a cyber incident.</p>")
	}
	st := newMemFeeds()
	feedURL := srv.URL + "/feed.xml"
	client := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: -1, Accept: FeedTypes})
	pages := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: -1, Accept: PageTypes})

	pollOnly := func(opt FeedOptions) ([]string, *FeedPoll) {
		t.Helper()
		var ids []string
		p := PollFeed(client, st, feedURL, opt)
		for raw, err := range p.Docs(t.Context()) {
			if err != nil {
				t.Fatalf("poll: %v", err)
			}
			checkBody(t, raw.Body)
			ids = append(ids, strings.TrimPrefix(raw.ID, srv.URL))
		}
		return ids, p
	}
	poll := func(opt FeedOptions) []string {
		t.Helper()
		ids, p := pollOnly(opt)
		if err := p.Commit(t.Context()); err != nil {
			t.Fatalf("commit: %v", err)
		}
		return ids
	}
	fs.set(rss(item("1"), item("2")))
	// A poll whose documents were not stored (no Commit) is read again.
	if got, _ := pollOnly(FeedOptions{}); strings.Join(got, " ") != "/news/1 /news/2" {
		t.Errorf("uncommitted poll %q", got)
	}
	if got := poll(FeedOptions{Pages: pages}); strings.Join(got, " ") != "/news/1 /news/2" {
		t.Errorf("first poll %q", got)
	}
	// Unchanged: a conditional request, answered 304.
	if got := poll(FeedOptions{Pages: pages}); len(got) != 0 {
		t.Errorf("unchanged feed yielded %q", got)
	}
	// Changed: a new item on top, an old one gone, one kept.
	fs.set(rss(item("3"), item("2")))
	if got := poll(FeedOptions{Pages: pages}); strings.Join(got, " ") != "/news/3" {
		t.Errorf("third poll %q, want the new item only", got)
	}
	// Changed again, with an item repeated in the feed and one without a
	// page: its summary is the document.
	fs.set(rss(item("4"), item("4"), item("3"),
		rssItem("urn:item:5", "Story 5", "", "<p>Summary only: the Wexmoor council said its payment systems were restored on Friday after the incident.</p>")))
	if got := poll(FeedOptions{}); strings.Join(got, " ") != "/news/4 urn:item:5" {
		t.Errorf("fourth poll %q", got)
	}
	if fs.requests["/news/1"] != 1 || fs.requests["/news/3"] != 1 {
		t.Errorf("pages fetched more than once: %v", fs.requests)
	}
	if fs.requests["/news/4"] != 0 {
		t.Errorf("page fetched without FeedOptions.Pages")
	}
}

func TestPollFeedErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bad.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, "<html>not a feed")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	client := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: -1})
	for _, path := range []string{"/bad.xml", "/gone.xml"} {
		var errs []error
		for _, err := range PollFeed(client, newMemFeeds(), srv.URL+path, FeedOptions{}).Docs(t.Context()) {
			errs = append(errs, err)
		}
		var e *Error
		if len(errs) != 1 || !errors.As(errs[0], &e) {
			t.Errorf("%s: errors %v, want one *Error", path, errs)
		}
	}
	// Without AllowPrivate the feed on loopback is refused.
	strict := fetch.New(fetch.Options{HostDelay: -1})
	for _, err := range PollFeed(strict, newMemFeeds(), srv.URL+"/feed.xml", FeedOptions{}).Docs(t.Context()) {
		if !errors.Is(err, fetch.ErrBlocked) {
			t.Errorf("err %v, want %v", err, fetch.ErrBlocked)
		}
	}
}

// FuzzFeed feeds arbitrary bytes to the feed parser: no panics, every
// item has a key, and keys are unique enough to remember items by. (Item
// content goes through the HTML path, which FuzzExtract in
// extract/htmltext covers.)
func FuzzFeed(f *testing.F) {
	f.Add([]byte(rss(rssItem("g", "T", "https://a.example/1", "<p>Body text of the item, long enough.</p>"))))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>T</title><content type="html">&lt;p&gt;Hi there&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte(`<rss><channel><item><title>&bogus;</title></item>`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>A</title><link>https://a.example/</link></item></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		items, err := ParseFeed(in)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Key == "" {
				t.Fatal("item without a key")
			}
			if !it.Published.IsZero() && it.Published.Location() != time.UTC {
				t.Fatalf("published %v not in UTC", it.Published)
			}
		}
	})
}
