package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
)

// FeedTypes are the media types a feed may be served as.
var FeedTypes = []string{"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/json", "application/xml", "text/xml", "application/rdf+xml", "text/plain", "text/html"}

// FeedItem is one entry of an RSS, Atom or JSON feed.
type FeedItem struct {
	Key       string // guid, else link, else a hash of title and date: what "seen" is about
	Title     string
	Link      string
	Published time.Time
	Author    string
	Content   string // HTML or text: the item's content, else its description
}

// ParseFeed reads an RSS, Atom or JSON feed.
func ParseFeed(body []byte) ([]FeedItem, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	items := make([]FeedItem, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		fi := FeedItem{Title: strings.TrimSpace(it.Title), Link: strings.TrimSpace(it.Link), Content: it.Content}
		if fi.Content == "" {
			fi.Content = it.Description
		}
		if it.PublishedParsed != nil {
			fi.Published = it.PublishedParsed.UTC()
		} else if it.UpdatedParsed != nil {
			fi.Published = it.UpdatedParsed.UTC()
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			fi.Author = it.Authors[0].Name
		}
		switch {
		case strings.TrimSpace(it.GUID) != "":
			fi.Key = strings.TrimSpace(it.GUID)
		case fi.Link != "":
			fi.Key = fi.Link
		default:
			sum := sha256.Sum256([]byte(fi.Title + "\x00" + fi.Published.Format(time.RFC3339) + "\x00" + fi.Content))
			fi.Key = "sha256:" + hex.EncodeToString(sum[:])
		}
		items = append(items, fi)
	}
	return items, nil
}

// FeedState remembers, per feed, the validators of its last answer and
// the items already read (store.SQLite and store.Postgres implement it).
type FeedState interface {
	FeedValidators(ctx context.Context, url string) (etag, lastModified string, err error)
	FeedSeen(ctx context.Context, url string, items []string) (map[string]bool, error)
	SaveFeedPoll(ctx context.Context, url, etag, lastModified string, items []string) error
}

// FeedOptions tunes PollFeed.
type FeedOptions struct {
	Options
	// Pages, if set, fetches each new item's linked page (with the
	// client given to PollFeed) and keeps its main text; the item's own
	// content is used when the page cannot be had. Otherwise the item's
	// content (or description) is the document.
	Pages *fetch.Client
	// MaxItems caps the new items read in one poll (default
	// DefaultMaxFeedItems). The rest are reported as one *Error and
	// read at the next poll, which fetches the feed again in full.
	MaxItems int
}

// FeedPoll is one poll of a feed: Docs yields the documents of the items
// not read before, and Commit, called once they are stored, remembers
// the answer's validators and those items. A poll that is not committed
// (the store failed, the process died) leaves the feed as it was: the
// next poll reads the same items again, and storing them twice changes
// nothing, since documents are keyed by id.
type FeedPoll struct {
	c   *fetch.Client
	st  FeedState
	url string
	opt FeedOptions

	answered           bool // the feed answered with items (not 304, no error)
	etag, lastModified string
	read               []string
}

// PollFeed prepares a poll of the feed at feedURL with c, conditional on
// the validators remembered in st.
func PollFeed(c *fetch.Client, st FeedState, feedURL string, opt FeedOptions) *FeedPoll {
	return &FeedPoll{c: c, st: st, url: feedURL, opt: opt}
}

// Docs fetches the feed and yields a document for every item not read
// before. An item that fails is yielded as its *Error and counts as read.
// A feed that has not changed (304) yields nothing.
//
// Documents are keyed by the item's link (else its key); their Source is
// the feed's URL, so that boilerplate is learnt per feed.
func (p *FeedPoll) Docs(ctx context.Context) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		p.answered, p.read = false, nil
		opt := p.opt
		w := &walker{ctx: ctx, opt: opt.withDefaults(), yield: yield}
		etag, lastMod, err := p.st.FeedValidators(ctx, p.url)
		if err != nil {
			w.yield(model.Raw{}, err)
			return
		}
		resp, err := p.c.Get(ctx, p.url, fetch.Conditional{ETag: etag, LastModified: lastMod})
		if err != nil {
			w.fail(p.url, 0, err)
			return
		}
		if resp.NotModified {
			return
		}
		items, err := ParseFeed(resp.Body)
		if err != nil {
			w.fail(p.url, 0, err)
			return
		}
		keys := make([]string, len(items))
		for i, it := range items {
			keys[i] = it.Key
		}
		seen, err := p.st.FeedSeen(ctx, p.url, keys)
		if err != nil {
			w.yield(model.Raw{}, err)
			return
		}
		p.answered, p.etag, p.lastModified = true, resp.ETag, resp.LastModified
		maxItems := opt.MaxItems
		if maxItems <= 0 {
			maxItems = DefaultMaxFeedItems
		}
		taken := 0
		for i, it := range items {
			if seen[it.Key] {
				continue
			}
			seen[it.Key] = true // a key twice in one feed counts once
			if !w.alive() {
				break
			}
			if taken++; taken > maxItems {
				// Validators are not kept, so the next poll fetches the
				// feed in full and reads the items left.
				p.etag, p.lastModified = "", ""
				w.fail(p.url, 0, fmt.Errorf("%w: over the limit of %d new items in one poll; item %d and those after it are left for the next poll",
					ErrTooMany, maxItems, i+1))
				break
			}
			raw, err := feedDoc(ctx, p.url, it, opt)
			p.read = append(p.read, it.Key)
			var ok bool
			if err != nil {
				ok = w.fail(p.url+" "+it.Key, 0, err)
			} else {
				ok = w.emit(raw)
			}
			if !ok {
				// The consumer stopped: validators are not kept, so the
				// items after this one are read at the next poll.
				p.etag, p.lastModified = "", ""
				break
			}
		}
	}
}

// Commit remembers the last Docs answer: its validators and the items it
// yielded. Call it after those documents are stored.
func (p *FeedPoll) Commit(ctx context.Context) error {
	if !p.answered {
		return nil
	}
	if err := p.st.SaveFeedPoll(ctx, p.url, p.etag, p.lastModified, p.read); err != nil {
		return fmt.Errorf("feed %s: %w", p.url, err)
	}
	p.answered, p.read = false, nil
	return nil
}

// feedDoc turns an item into a document.
func feedDoc(ctx context.Context, feedURL string, it FeedItem, opt FeedOptions) (model.Raw, error) {
	id := it.Link
	if id == "" {
		id = it.Key
	}
	raw := model.Raw{ID: id, Source: feedURL, URI: feedURL + "#" + it.Key, URL: it.Link,
		Title: it.Title, Published: it.Published}
	if opt.Pages != nil && IsURL(it.Link) {
		if resp, err := opt.Pages.Get(ctx, it.Link, fetch.Conditional{}); err == nil {
			if doc, err := Page(it.Link, resp); err == nil {
				doc.ID, doc.Source, doc.URI = raw.ID, raw.Source, raw.URI
				if it.Title != "" {
					doc.Title = it.Title
				}
				if !it.Published.IsZero() {
					doc.Published = it.Published
				}
				return doc, nil
			}
		}
	}
	if strings.TrimSpace(it.Content) == "" {
		return model.Raw{}, fmt.Errorf("%w: item has no content and its page could not be read", ErrEmpty)
	}
	doc, err := HTML(raw, []byte("<html><body><article>"+it.Content+"</article></body></html>"))
	if err != nil {
		return model.Raw{}, err
	}
	return doc, nil
}
