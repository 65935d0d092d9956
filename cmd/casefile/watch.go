package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
)

func init() {
	commands["watch"] = command{
		summary: "poll the RSS/Atom feeds listed in FEEDS.txt on an interval and ingest new items",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.watch(ctx, args) },
	}
}

const watchUsage = `usage: casefile watch [--interval D] [--once] [--summaries] [--allow-private] [--delay D] FEEDS.txt

FEEDS.txt lists feed URLs, one per line (# starts a comment). Every
interval, each feed is fetched (conditionally: ETag, Last-Modified) and
its new items are ingested; an item is never read twice.
`

func (e *env) watch(ctx context.Context, args []string) (int, error) {
	flags := flag.NewFlagSet("watch", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	interval := flags.Duration("interval", 15*time.Minute, "time between polls")
	once := flags.Bool("once", false, "poll once and exit")
	summaries := flags.Bool("summaries", false, "ingest the items' own content instead of fetching their pages")
	allowPrivate := flags.Bool("allow-private", false, "let feeds and pages on loopback, private and link-local addresses be fetched (refused by default)")
	delay := flags.Duration("delay", fetch.DefaultHostDelay, "least time between two requests to one host")
	flags.Usage = func() { fmt.Fprint(e.stderr, watchUsage); flags.PrintDefaults() }
	if err := flags.Parse(args); err != nil {
		return 2, nil
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2, errors.New("watch: give one file of feed URLs")
	}
	f, err := os.Open(flags.Arg(0))
	if err != nil {
		return 1, fmt.Errorf("watch: %w", err)
	}
	var feeds []string
	for u, err := range source.URLList(f, flags.Arg(0)) {
		if err != nil {
			f.Close()
			return 1, fmt.Errorf("watch: %w", err)
		}
		feeds = append(feeds, u)
	}
	f.Close()
	if len(feeds) == 0 {
		return 2, errors.New("watch: no feed URLs in " + flags.Arg(0))
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	fo := fetch.Options{AllowPrivate: *allowPrivate, HostDelay: hostDelay(*delay), Log: e.log}
	fo.Accept = source.FeedTypes
	feedClient := fetch.New(fo)
	opt := source.FeedOptions{}
	if !*summaries {
		fo.Accept = source.PageTypes
		opt.Pages = fetch.New(fo)
	}
	code := 0
	// One configuration (KEV catalogue included, as every other
	// ingest) for all polls; its Memo spares each poll's rebuild the
	// analysis of what did not change.
	cfg := e.config()
	cfg.Memo = &pipeline.Memo{}
	for {
		polls := make([]*source.FeedPoll, len(feeds))
		for i, u := range feeds {
			polls[i] = source.PollFeed(feedClient, st, u, opt)
		}
		in := func(yield func(model.Raw, error) bool) {
			for _, p := range polls {
				for r, err := range p.Docs(ctx) {
					if !yield(r, err) {
						return
					}
				}
			}
		}
		rep, err := pipeline.Ingest(ctx, st, iter.Seq2[model.Raw, error](in), cfg)
		if err != nil {
			if ctx.Err() != nil {
				return code, nil
			}
			return 1, err
		}
		// Items count as read only once they are stored.
		for _, p := range polls {
			if err := p.Commit(ctx); err != nil {
				return 1, err
			}
		}
		if c := e.report(rep); c != 0 {
			code = c
		}
		if *once {
			return code, nil
		}
		t := time.NewTimer(*interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return code, nil
		case <-t.C:
		}
	}
}
