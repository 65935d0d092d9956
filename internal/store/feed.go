package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FeedValidators returns the ETag and Last-Modified values of the last
// answer from the feed at url ("" when never polled or not given).
func (s *SQLite) FeedValidators(ctx context.Context, url string) (etag, lastModified string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM feed WHERE url = ?`, url).Scan(&etag, &lastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("store: feed %s: %w", url, err)
	}
	return etag, lastModified, nil
}

// FeedSeen reports which of items (item keys) were already read from the
// feed at url.
func (s *SQLite) FeedSeen(ctx context.Context, url string, items []string) (map[string]bool, error) {
	seen := make(map[string]bool, len(items))
	stmt, err := s.db.PrepareContext(ctx, `SELECT 1 FROM feed_item WHERE feed = ? AND item = ?`)
	if err != nil {
		return nil, fmt.Errorf("store: feed %s: %w", url, err)
	}
	defer stmt.Close()
	for _, it := range items {
		var one int
		err := stmt.QueryRowContext(ctx, url, it).Scan(&one)
		switch {
		case err == nil:
			seen[it] = true
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("store: feed %s: %w", url, err)
		}
	}
	return seen, nil
}

// SaveFeedPoll records a poll of the feed at url in one transaction: the
// answer's validators and the items read.
func (s *SQLite) SaveFeedPoll(ctx context.Context, url, etag, lastModified string, items []string) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err = tx.ExecContext(ctx, `
		INSERT INTO feed (url, etag, last_modified, polled_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
			last_modified = excluded.last_modified, polled_at = excluded.polled_at`,
		url, etag, lastModified, now); err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	for _, it := range items {
		if _, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO feed_item (feed, item, seen_at) VALUES (?, ?, ?)`,
			url, it, now); err != nil {
			return fmt.Errorf("store: save feed %s: %w", url, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: save feed %s: %w", url, err)
	}
	return nil
}
