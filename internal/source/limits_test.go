package source

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/fetch"
)

// TestLimits runs every reader against an input just over one of its
// limits: each yields one *Error naming the input (and line or record),
// the limit and the reason (errors.Is), and still yields the documents
// within the limit.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	line := func(id string) string { return fmt.Sprintf(`{"id": %q, "text": "Text of %s."}`, id, id) }
	deep := `{"id": "deep", "text": "x", "extra": ` + strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth) + "}"
	warc := func(n int) []byte {
		var b bytes.Buffer
		for i := 1; i <= n; i++ {
			body := fmt.Sprintf("<html><head><title>Page %d</title></head><body><article><p>Page %d says the council systems were back online on Monday after the outage.</p></article></body></html>", i, i)
			b.Write(warcRecordBytes("response", fmt.Sprintf("https://a.example/%d", i), "application/http; msgtype=response",
				httpResponse(200, "text/html", "", []byte(body))))
		}
		return b.Bytes()
	}
	for _, c := range []struct {
		name    string
		file    string
		content []byte
		opt     Options
		want    error
		line    int      // the line or record the error names
		has     []string // in the error's text
		docs    int      // documents still read
	}{
		{"text file size", "big.txt", []byte("0123456789"), Options{MaxDocBytes: 9},
			ErrTooLarge, 0, []string{"big.txt", "10 bytes", "limit of 9"}, 0},
		{"JSON Lines line", "long.jsonl", []byte(line("a") + "\n" + line("long-line-id") + "\n"), Options{MaxLineBytes: 40},
			ErrTooLarge, 2, []string{"long.jsonl:2", "line over the limit of 40 bytes"}, 1},
		{"JSON Lines text", "text.jsonl", []byte(`{"id": "t", "text": "` + strings.Repeat("w", 20) + `"}`), Options{MaxDocBytes: 10},
			ErrTooLarge, 1, []string{"text.jsonl:1", `"text"`, "20 bytes", "limit of 10"}, 0},
		{"JSON Lines nesting", "deep.jsonl", []byte(line("a") + "\n" + deep + "\n"), Options{},
			ErrTooDeep, 2, []string{"deep.jsonl:2", fmt.Sprintf("nested %d deep", MaxJSONDepth+1), fmt.Sprintf("limit of %d", MaxJSONDepth)}, 1},
		{"JSON Lines records", "many.jsonl", []byte(line("a") + "\n\n" + line("b") + "\n" + line("c") + "\n" + line("d") + "\n"), Options{MaxRecords: 2},
			ErrTooMany, 4, []string{"many.jsonl:4", "limit of 2 records", "rest of the file is not read"}, 2},
		{"WARC records", "crawl.warc", warc(4), Options{MaxRecords: 3},
			ErrTooMany, 4, []string{"crawl.warc:4", "limit of 3 records"}, 3},
		{"WARC record size", "big.warc", warc(1), Options{MaxRecordBytes: 100},
			ErrTooLarge, 1, []string{"big.warc:1", "over the limit of 100"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			if err := os.WriteFile(p, c.content, 0o644); err != nil {
				t.Fatal(err)
			}
			raws, errs := collect(t, Read(t.Context(), []string{p}, c.opt))
			if len(raws) != c.docs {
				t.Errorf("%d documents, want %d", len(raws), c.docs)
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			e := errs[0]
			if !errors.Is(e, c.want) || e.Input != p || e.Line != c.line {
				t.Errorf("error %q (input %s, line %d), want %v at %s:%d", e, e.Input, e.Line, c.want, p, c.line)
			}
			for _, h := range c.has {
				if !strings.Contains(e.Error(), h) {
					t.Errorf("error %q lacks %q", e, h)
				}
			}
		})
	}
}

// TestFeedItemLimit: a poll reads at most MaxItems new items, reports
// the rest as one error naming the feed, and the next poll reads them.
func TestFeedItemLimit(t *testing.T) {
	var items []string
	for i := 1; i <= 5; i++ {
		items = append(items, rssItem(fmt.Sprintf("urn:item:%d", i), fmt.Sprintf("Story %d", i), "",
			fmt.Sprintf("<p>Summary of story %d: the council payment systems were restored on Friday after the incident.</p>", i)))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss(items...))
	}))
	defer srv.Close()
	st := newMemFeeds()
	client := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: -1, Accept: FeedTypes})
	feedURL := srv.URL + "/feed.xml"
	poll := func() (ids []string, errs []*Error) {
		p := PollFeed(client, st, feedURL, FeedOptions{MaxItems: 2})
		raws, errs := collect(t, p.Docs(t.Context()))
		for _, r := range raws {
			ids = append(ids, r.ID)
		}
		if err := p.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		return ids, errs
	}
	for i, want := range []string{"urn:item:1 urn:item:2", "urn:item:3 urn:item:4", "urn:item:5"} {
		ids, errs := poll()
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("poll %d read %q, want %q", i+1, got, want)
		}
		if i < 2 {
			if len(errs) != 1 || !errors.Is(errs[0], ErrTooMany) || errs[0].Input != feedURL ||
				!strings.Contains(errs[0].Error(), "limit of 2 new items") {
				t.Errorf("poll %d errors %v, want one ErrTooMany naming %s", i+1, errs, feedURL)
			}
		} else if len(errs) != 0 {
			t.Errorf("poll %d errors %v", i+1, errs)
		}
	}
	if ids, _ := poll(); len(ids) != 0 {
		t.Errorf("unchanged feed read %q again", ids)
	}
}

func TestJSONDepth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{`"x"`, 0},
		{`{}`, 1},
		{`{"a": [1, {"b": []}]}`, 4},
		{`{"a": "[[[[{{{"}`, 1},
		{`{"a": "\"[[["}`, 1},
		{`{"a": "\\", "b": [[]]}`, 3},
		{`[[[`, 3},
	} {
		if got := JSONDepth([]byte(c.in)); got != c.want {
			t.Errorf("JSONDepth(%s) = %d, want %d", c.in, got, c.want)
		}
	}
}
