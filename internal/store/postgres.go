package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/casefile/casefile/internal/model"
)

// Postgres is a store in a PostgreSQL database (jackc/pgx), for several
// casefile processes sharing one state: workers reading a Kafka topic,
// servers reading what they stored. It is safe for concurrent use.
//
// It keeps the same tables as SQLite, made by migrations of the same
// numbers, with PostgreSQL's types: timestamptz for times (kept to the
// microsecond), bytea for bodies, jsonb for JSON. Keys are compared in
// byte order (COLLATE "C"), as in SQLite and Go. Unlike SQLite's, its text
// columns refuse NUL bytes (which the sources refuse too).
type Postgres struct {
	pool *pgxpool.Pool
	name string // the URL without its password, for messages
}

// OpenPostgres connects to the PostgreSQL database at url (a postgres://
// or postgresql:// URL, or a key=value connection string) and applies
// pending migrations. The URL's search_path parameter, if given, picks
// the schema casefile's tables live in.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	p, err := openPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := p.migrate(ctx, migrations, postgresMigrations); err != nil {
		p.pool.Close()
		return nil, fmt.Errorf("store: open %s: %w", p.name, err)
	}
	return p, nil
}

// openPostgres connects without migrating.
func openPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	name := redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the connection string, password and all.
		return nil, fmt.Errorf("store: open %s: not a valid PostgreSQL URL", name)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "casefile"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	return &Postgres{pool: pool, name: name}, nil
}

// redact is dsn with the password of a URL replaced by "xxxxx".
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		if strings.Contains(dsn, "password") {
			return "(connection string)"
		}
		return dsn
	}
	return u.Redacted()
}

// Close closes the connections.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

// pgTime is t for a timestamptz column, NULL for the zero time.
func pgTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// fromPG reads a nullable timestamptz as UTC, the zero time for NULL.
func fromPG(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// PutRaw stores raw documents idempotently in one transaction, as
// SQLite.PutRaw does. Rows are written in id order (a stable sort, so
// the later of two versions of an id still wins), so that concurrent
// writers lock rows in the same order and cannot deadlock.
func (p *Postgres) PutRaw(ctx context.Context, raws []model.Raw) (changed int, err error) {
	for _, r := range raws {
		if r.ID == "" {
			return 0, errors.New("store: put raw: document without an id")
		}
	}
	sorted := slices.Clone(raws)
	slices.SortStableFunc(sorted, func(a, b model.Raw) int { return strings.Compare(a.ID, b.ID) })
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: put raw: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	const put = `
		INSERT INTO raw (id, hash, source, uri, title, url, published, lang, content_type, body, stored_at, author, site)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (id) DO UPDATE SET
			hash = excluded.hash, source = excluded.source, uri = excluded.uri,
			title = excluded.title, url = excluded.url, published = excluded.published,
			lang = excluded.lang, content_type = excluded.content_type,
			body = excluded.body, stored_at = excluded.stored_at,
			author = excluded.author, site = excluded.site
		WHERE raw.hash <> excluded.hash`
	now := time.Now().UTC()
	b := &pgx.Batch{}
	for _, r := range sorted {
		body := r.Body
		if body == nil {
			body = []byte{}
		}
		b.Queue(put, r.ID, Hash(body), r.Source, r.URI, r.Title, r.URL, pgTime(r.Published), r.Lang,
			r.ContentType, body, now, r.Author, r.Site)
	}
	br := tx.SendBatch(ctx, b)
	for _, r := range sorted {
		tag, err := br.Exec()
		if err != nil {
			return 0, errors.Join(fmt.Errorf("store: put raw %s: %w", r.ID, err), br.Close())
		}
		changed += int(tag.RowsAffected())
	}
	if err := br.Close(); err != nil {
		return 0, fmt.Errorf("store: put raw: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("store: put raw: commit: %w", err)
	}
	return changed, nil
}

// Raws returns every stored raw document, ordered by id.
func (p *Postgres) Raws(ctx context.Context) ([]model.Raw, error) {
	return pgRaws(ctx, p.pool)
}

// querier is a pool, a connection or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func pgRaws(ctx context.Context, q querier) ([]model.Raw, error) {
	rows, err := q.Query(ctx, rawSelect+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: raws: %w", err)
	}
	return pgReadRaws(rows, nil)
}

// pgReadRaws decodes rows of rawSelect, appending to raws, and closes
// them.
func pgReadRaws(rows pgx.Rows, raws []model.Raw) ([]model.Raw, error) {
	defer rows.Close()
	for rows.Next() {
		var r model.Raw
		var published *time.Time
		if err := rows.Scan(&r.ID, &r.Source, &r.URI, &r.Title, &r.URL, &published, &r.Lang, &r.ContentType, &r.Body, &r.Author, &r.Site); err != nil {
			return nil, fmt.Errorf("store: raws: %w", err)
		}
		r.Published = fromPG(published)
		raws = append(raws, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: raws: %w", err)
	}
	return raws, nil
}

// ignoreClosed drops the error of rolling back a transaction that
// already ended.
func ignoreClosed(err error) error {
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}
