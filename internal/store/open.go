package store

import (
	"context"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// Feeds is the feed polling state: each feed's validators and the items
// already read (source.FeedState).
type Feeds interface {
	FeedValidators(ctx context.Context, url string) (etag, lastModified string, err error)
	FeedSeen(ctx context.Context, url string, items []string) (map[string]bool, error)
	SaveFeedPoll(ctx context.Context, url, etag, lastModified string, items []string) error
}

// Backend is a complete store, as the commands use it: raws and
// snapshots, feed state, and rebuilds safe to run from several
// processes. SQLite and Postgres are backends.
type Backend interface {
	Store
	Feeds
	Rebuilder
	Serving
}

// Serving is what `casefile serve` keeps beside the pipeline's state:
// the snapshot version, raw documents by id, API tokens and the
// watch-list.
type Serving interface {
	Version(ctx context.Context) (int64, error)
	Raw(ctx context.Context, id string) (model.Raw, error)
	AddToken(ctx context.Context, name, hash string) error
	Tokens(ctx context.Context) ([]Token, error)
	RemoveToken(ctx context.Context, name string) error
	AddWatch(ctx context.Context, name, webhook string) (Watch, error)
	Watches(ctx context.Context) ([]Watch, error)
	RemoveWatch(ctx context.Context, id int64) error
	MarkNotified(ctx context.Context, id int64, t time.Time) error
}

var (
	_ Backend = (*SQLite)(nil)
	_ Backend = (*Postgres)(nil)
)

// IsPostgres reports whether target names a PostgreSQL database: a
// postgres:// or postgresql:// URL.
func IsPostgres(target string) bool {
	t := strings.ToLower(target)
	return strings.HasPrefix(t, "postgres://") || strings.HasPrefix(t, "postgresql://")
}

// OpenAny opens the store target names: a PostgreSQL database for a
// postgres:// or postgresql:// URL, else the SQLite database file at
// that path (":memory:" for a private in-memory one). Pending migrations
// are applied either way.
func OpenAny(ctx context.Context, target string) (Backend, error) {
	// (Not returned directly: a nil *SQLite in a Backend is not nil.)
	if IsPostgres(target) {
		p, err := OpenPostgres(ctx, target)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	s, err := Open(ctx, target)
	if err != nil {
		return nil, err
	}
	return s, nil
}
