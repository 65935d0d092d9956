package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// ErrNotFound is returned when a named row (a raw document, a token, a
// watch) does not exist.
var ErrNotFound = errors.New("not found")

// Version counts the snapshots saved so far: it changes with every Save,
// so a reader holding a loaded snapshot can tell cheaply whether it is
// still current.
func (s *SQLite) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, "SELECT version FROM snapshot_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: version: %w", err)
	}
	return v, nil
}

// Raw returns the stored raw document id, or ErrNotFound.
func (s *SQLite) Raw(ctx context.Context, id string) (model.Raw, error) {
	var r model.Raw
	var published sql.NullString
	err := s.db.QueryRowContext(ctx, `
		SELECT id, source, uri, title, url, published, lang, content_type, body, author, site
		FROM raw WHERE id = ?`, id).Scan(&r.ID, &r.Source, &r.URI, &r.Title, &r.URL, &published, &r.Lang,
		&r.ContentType, &r.Body, &r.Author, &r.Site)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Raw{}, fmt.Errorf("store: raw %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return model.Raw{}, fmt.Errorf("store: raw %s: %w", id, err)
	}
	if r.Published, err = parseTime(published); err != nil {
		return model.Raw{}, fmt.Errorf("store: raw %s: %w", id, err)
	}
	return r, nil
}

// Token is a named API token; only the hex SHA-256 of the token is kept.
type Token struct {
	Name    string
	Hash    string
	Created time.Time
}

// AddToken stores a token's name and hash. A name in use is refused.
func (s *SQLite) AddToken(ctx context.Context, name, hash string) error {
	if err := checkToken(name, hash); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO api_tokens (name, hash, created_at) VALUES (?, ?, ?)",
		name, hash, timeText(time.Now()))
	if err != nil {
		var n int
		if s.db.QueryRowContext(ctx, "SELECT count(*) FROM api_tokens WHERE name = ?", name).Scan(&n) == nil && n > 0 {
			return fmt.Errorf("store: add token: a token named %q exists already", name)
		}
		return fmt.Errorf("store: add token %s: %w", name, err)
	}
	return nil
}

// Tokens lists the stored tokens by name.
func (s *SQLite) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, hash, created_at FROM api_tokens ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created sql.NullString
		if err := rows.Scan(&t.Name, &t.Hash, &created); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		if t.Created, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("store: token %s: %w", t.Name, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	return out, nil
}

// RemoveToken deletes the token name, or returns ErrNotFound.
func (s *SQLite) RemoveToken(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM api_tokens WHERE name = ?", name)
	if err != nil {
		return fmt.Errorf("store: remove token %s: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: remove token %s: %w", name, errors.Join(ErrNotFound, err))
	}
	return nil
}

// Watch is a name on the watch-list (a provider, product, vendor or
// victim) and the webhook to tell when an incident naming it appears or
// changes.
type Watch struct {
	ID      int64
	Name    string
	Webhook string
	Created time.Time
	// NotifiedThrough is the update time of the newest incident already
	// told; incidents updated after it are still to tell.
	NotifiedThrough time.Time
}

// AddWatch puts name on the watch-list with its webhook (an absolute
// http or https URL). Incidents updated from now on are told.
func (s *SQLite) AddWatch(ctx context.Context, name, webhook string) (Watch, error) {
	name = strings.TrimSpace(name)
	if err := checkWatch(name, webhook); err != nil {
		return Watch{}, err
	}
	now := time.Now().UTC()
	w := Watch{Name: name, Webhook: webhook, Created: now, NotifiedThrough: now}
	res, err := s.db.ExecContext(ctx, "INSERT INTO watchlist (name, webhook, created_at, notified_through) VALUES (?, ?, ?, ?)",
		name, webhook, timeText(now), timeText(now))
	if err != nil {
		var n int
		if s.db.QueryRowContext(ctx, "SELECT count(*) FROM watchlist WHERE name = ? AND webhook = ?", name, webhook).Scan(&n) == nil && n > 0 {
			return Watch{}, fmt.Errorf("store: add watch: %q with webhook %s is on the watch-list already", name, webhook)
		}
		return Watch{}, fmt.Errorf("store: add watch %s: %w", name, err)
	}
	if w.ID, err = res.LastInsertId(); err != nil {
		return Watch{}, fmt.Errorf("store: add watch %s: %w", name, err)
	}
	return w, nil
}

// Watches lists the watch-list by id.
func (s *SQLite) Watches(ctx context.Context) ([]Watch, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, webhook, created_at, notified_through FROM watchlist ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: watches: %w", err)
	}
	defer rows.Close()
	var out []Watch
	for rows.Next() {
		var w Watch
		var created, through sql.NullString
		if err := rows.Scan(&w.ID, &w.Name, &w.Webhook, &created, &through); err != nil {
			return nil, fmt.Errorf("store: watches: %w", err)
		}
		if w.Created, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("store: watch %d: %w", w.ID, err)
		}
		if w.NotifiedThrough, err = parseTime(through); err != nil {
			return nil, fmt.Errorf("store: watch %d: %w", w.ID, err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: watches: %w", err)
	}
	return out, nil
}

// RemoveWatch deletes the watch id, or returns ErrNotFound.
func (s *SQLite) RemoveWatch(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM watchlist WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("store: remove watch %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: remove watch %d: %w", id, errors.Join(ErrNotFound, err))
	}
	return nil
}

// MarkNotified records that the watch id has told every incident updated
// up to t. It never moves the mark back.
func (s *SQLite) MarkNotified(ctx context.Context, id int64, t time.Time) error {
	// RFC 3339 UTC text with a fixed number of fraction digits would
	// compare as text; timeText trims zeros, so compare in Go instead.
	var cur sql.NullString
	if err := s.db.QueryRowContext(ctx, "SELECT notified_through FROM watchlist WHERE id = ?", id).Scan(&cur); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: mark watch %d: %w", id, ErrNotFound)
		}
		return fmt.Errorf("store: mark watch %d: %w", id, err)
	}
	old, err := parseTime(cur)
	if err != nil {
		return fmt.Errorf("store: mark watch %d: %w", id, err)
	}
	if !t.After(old) {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE watchlist SET notified_through = ? WHERE id = ?", timeText(t), id); err != nil {
		return fmt.Errorf("store: mark watch %d: %w", id, err)
	}
	return nil
}

// checkToken validates a token's name and hash before they are stored.
func checkToken(name, hash string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("store: add token: empty name")
	}
	if len(hash) != 64 {
		return fmt.Errorf("store: add token %s: want a hex SHA-256, got %d characters", name, len(hash))
	}
	return nil
}

// checkWatch validates a watch-list entry: a name and an absolute http
// or https webhook URL.
func checkWatch(name, webhook string) error {
	if name == "" {
		return errors.New("store: add watch: empty name")
	}
	u, err := url.Parse(webhook)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("store: add watch %s: webhook %q is not an absolute http(s) URL", name, webhook)
	}
	return nil
}
