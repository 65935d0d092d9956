package store

import (
	"testing"

	"github.com/casefile/casefile/internal/store/storetest"
)

func testFeedState(t *testing.T, b storetest.Backend) {
	ctx := t.Context()
	path := b.New(t)
	s, err := OpenAny(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	const feed = "https://wire.example/feed.xml"
	if e, lm, err := s.FeedValidators(ctx, feed); err != nil || e != "" || lm != "" {
		t.Fatalf("new feed: %q %q %v", e, lm, err)
	}
	if err := s.SaveFeedPoll(ctx, feed, `"v1"`, "Mon, 06 May 2024 09:00:00 GMT", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFeedPoll(ctx, feed, `"v2"`, "", []string{"b", "c"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The state survives reopening.
	s, err = OpenAny(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if e, lm, err := s.FeedValidators(ctx, feed); err != nil || e != `"v2"` || lm != "" {
		t.Errorf("validators %q %q %v", e, lm, err)
	}
	// Items given twice in one poll are kept once.
	if err := s.SaveFeedPoll(ctx, feed, `"v2"`, "", []string{"x", "x"}); err != nil {
		t.Fatal(err)
	}
	seen, err := s.FeedSeen(ctx, feed, []string{"a", "b", "c", "d"})
	if err != nil {
		t.Fatal(err)
	}
	if !seen["a"] || !seen["b"] || !seen["c"] || seen["d"] {
		t.Errorf("seen %v", seen)
	}
	if other, _ := s.FeedSeen(ctx, "https://other.example/rss", []string{"a"}); other["a"] {
		t.Error("items are per feed")
	}
}
