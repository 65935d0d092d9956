package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/casefile/casefile/internal/model"
)

// What `casefile serve` keeps, on PostgreSQL: the same as serve.go does
// on SQLite, with the same validation (checkToken, checkWatch).

// Version counts the snapshots saved so far (see SQLite.Version).
func (p *Postgres) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := p.pool.QueryRow(ctx, "SELECT version FROM snapshot_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: version: %w", err)
	}
	return v, nil
}

// Raw returns the stored raw document id, or ErrNotFound.
func (p *Postgres) Raw(ctx context.Context, id string) (model.Raw, error) {
	var r model.Raw
	var published *time.Time
	err := p.pool.QueryRow(ctx, `
		SELECT id, source, uri, title, url, published, lang, content_type, body, author, site
		FROM raw WHERE id = $1`, id).Scan(&r.ID, &r.Source, &r.URI, &r.Title, &r.URL, &published, &r.Lang,
		&r.ContentType, &r.Body, &r.Author, &r.Site)
	if errors.Is(err, pgx.ErrNoRows) {
		return model.Raw{}, fmt.Errorf("store: raw %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return model.Raw{}, fmt.Errorf("store: raw %s: %w", id, err)
	}
	r.Published = fromPG(published)
	return r, nil
}

// isUnique reports a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// AddToken stores a token's name and hash. A name in use is refused.
func (p *Postgres) AddToken(ctx context.Context, name, hash string) error {
	if err := checkToken(name, hash); err != nil {
		return err
	}
	_, err := p.pool.Exec(ctx, "INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3)",
		name, hash, time.Now().UTC())
	if isUnique(err) {
		var n int
		if p.pool.QueryRow(ctx, "SELECT count(*) FROM api_tokens WHERE name = $1", name).Scan(&n) == nil && n > 0 {
			return fmt.Errorf("store: add token: a token named %q exists already", name)
		}
	}
	if err != nil {
		return fmt.Errorf("store: add token %s: %w", name, err)
	}
	return nil
}

// Tokens lists the stored tokens by name.
func (p *Postgres) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := p.pool.Query(ctx, "SELECT name, hash, created_at FROM api_tokens ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.Name, &t.Hash, &t.Created); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		t.Created = t.Created.UTC()
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	return out, nil
}

// RemoveToken deletes the token name, or returns ErrNotFound.
func (p *Postgres) RemoveToken(ctx context.Context, name string) error {
	tag, err := p.pool.Exec(ctx, "DELETE FROM api_tokens WHERE name = $1", name)
	if err != nil {
		return fmt.Errorf("store: remove token %s: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove token %s: %w", name, ErrNotFound)
	}
	return nil
}

// AddWatch puts name on the watch-list with its webhook (an absolute
// http or https URL). Incidents updated from now on are told.
func (p *Postgres) AddWatch(ctx context.Context, name, webhook string) (Watch, error) {
	name = strings.TrimSpace(name)
	if err := checkWatch(name, webhook); err != nil {
		return Watch{}, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond) // what timestamptz keeps
	w := Watch{Name: name, Webhook: webhook, Created: now, NotifiedThrough: now}
	err := p.pool.QueryRow(ctx, `INSERT INTO watchlist (name, webhook, created_at, notified_through)
		VALUES ($1, $2, $3, $3) RETURNING id`, name, webhook, now).Scan(&w.ID)
	if isUnique(err) {
		return Watch{}, fmt.Errorf("store: add watch: %q with webhook %s is on the watch-list already", name, webhook)
	}
	if err != nil {
		return Watch{}, fmt.Errorf("store: add watch %s: %w", name, err)
	}
	return w, nil
}

// Watches lists the watch-list by id.
func (p *Postgres) Watches(ctx context.Context) ([]Watch, error) {
	rows, err := p.pool.Query(ctx, "SELECT id, name, webhook, created_at, notified_through FROM watchlist ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: watches: %w", err)
	}
	defer rows.Close()
	var out []Watch
	for rows.Next() {
		var w Watch
		if err := rows.Scan(&w.ID, &w.Name, &w.Webhook, &w.Created, &w.NotifiedThrough); err != nil {
			return nil, fmt.Errorf("store: watches: %w", err)
		}
		w.Created, w.NotifiedThrough = w.Created.UTC(), w.NotifiedThrough.UTC()
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: watches: %w", err)
	}
	return out, nil
}

// RemoveWatch deletes the watch id, or returns ErrNotFound.
func (p *Postgres) RemoveWatch(ctx context.Context, id int64) error {
	tag, err := p.pool.Exec(ctx, "DELETE FROM watchlist WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("store: remove watch %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove watch %d: %w", id, ErrNotFound)
	}
	return nil
}

// MarkNotified records that the watch id has told every incident updated
// up to t. It never moves the mark back.
func (p *Postgres) MarkNotified(ctx context.Context, id int64, t time.Time) error {
	tag, err := p.pool.Exec(ctx, "UPDATE watchlist SET notified_through = GREATEST(notified_through, $2) WHERE id = $1", id, t.UTC())
	if err != nil {
		return fmt.Errorf("store: mark watch %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: mark watch %d: %w", id, ErrNotFound)
	}
	return nil
}
