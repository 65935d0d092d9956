package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// FeedValidators returns the ETag and Last-Modified values of the last
// answer from the feed at url ("" when never polled or not given).
func (p *Postgres) FeedValidators(ctx context.Context, url string) (etag, lastModified string, err error) {
	err = p.pool.QueryRow(ctx, `SELECT etag, last_modified FROM feed WHERE url = $1`, url).Scan(&etag, &lastModified)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("store: feed %s: %w", url, err)
	}
	return etag, lastModified, nil
}

// FeedSeen reports which of items (item keys) were already read from the
// feed at url.
func (p *Postgres) FeedSeen(ctx context.Context, url string, items []string) (map[string]bool, error) {
	seen := make(map[string]bool, len(items))
	rows, err := p.pool.Query(ctx, `SELECT item FROM feed_item WHERE feed = $1 AND item = ANY($2)`, url, items)
	if err != nil {
		return nil, fmt.Errorf("store: feed %s: %w", url, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it string
		if err := rows.Scan(&it); err != nil {
			return nil, fmt.Errorf("store: feed %s: %w", url, err)
		}
		seen[it] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: feed %s: %w", url, err)
	}
	return seen, nil
}

// SaveFeedPoll records a poll of the feed at url in one transaction: the
// answer's validators and the items read.
func (p *Postgres) SaveFeedPoll(ctx context.Context, url, etag, lastModified string, items []string) (err error) {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if _, err = tx.Exec(ctx, `
		INSERT INTO feed (url, etag, last_modified, polled_at) VALUES ($1, $2, $3, now())
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
			last_modified = excluded.last_modified, polled_at = excluded.polled_at`,
		url, etag, lastModified); err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	if _, err = tx.Exec(ctx, `
		INSERT INTO feed_item (feed, item, seen_at) SELECT $1, unnest($2::text[]), now()
		ON CONFLICT DO NOTHING`, url, items); err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	if err = tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	return nil
}
