package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// Hash is the content hash PutRaw keys raw documents by: the hex SHA-256
// of body.
func Hash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// PutRaw stores raw documents idempotently in one transaction: a document
// whose id is stored with the same body hash is skipped; one stored with
// a different hash is replaced (the new version wins). It reports how many
// documents were added or replaced. An id given twice with different
// bodies counts twice, and the later one wins.
func (s *SQLite) PutRaw(ctx context.Context, raws []model.Raw) (changed int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: put raw: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	stmt, err := tx.PrepareContext(ctx, `
		INSERT INTO raw (id, hash, source, uri, title, url, published, lang, content_type, body, stored_at, author, site)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			hash = excluded.hash, source = excluded.source, uri = excluded.uri,
			title = excluded.title, url = excluded.url, published = excluded.published,
			lang = excluded.lang, content_type = excluded.content_type,
			body = excluded.body, stored_at = excluded.stored_at,
			author = excluded.author, site = excluded.site
		WHERE raw.hash <> excluded.hash`)
	if err != nil {
		return 0, fmt.Errorf("store: put raw: %w", err)
	}
	defer stmt.Close()
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for _, r := range raws {
		if r.ID == "" {
			return 0, errors.New("store: put raw: document without an id")
		}
		body := r.Body
		if body == nil {
			body = []byte{} // the column is NOT NULL
		}
		res, err := stmt.ExecContext(ctx, r.ID, Hash(body), r.Source, r.URI, r.Title, r.URL,
			timeText(r.Published), r.Lang, r.ContentType, body, now, r.Author, r.Site)
		if err != nil {
			return 0, fmt.Errorf("store: put raw %s: %w", r.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("store: put raw %s: %w", r.ID, err)
		}
		changed += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: put raw: commit: %w", err)
	}
	return changed, nil
}

// Raws returns every stored raw document, ordered by id.
func (s *SQLite) Raws(ctx context.Context) ([]model.Raw, error) {
	return sqliteRaws(ctx, s.db)
}

// sqliteRaws reads every raw document through q, a database or a
// transaction.
func sqliteRaws(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]model.Raw, error) {
	rows, err := q.QueryContext(ctx, rawSelect+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: raws: %w", err)
	}
	return readRaws(rows, nil)
}

// rawSelect reads raw documents as Raws returns them (readRaws and
// pgReadRaws decode its rows); the same SQL in both dialects.
const rawSelect = `SELECT id, source, uri, title, url, published, lang, content_type, body, author, site FROM raw`

// readRaws decodes rows of rawSelect, appending to raws, and closes them.
func readRaws(rows *sql.Rows, raws []model.Raw) ([]model.Raw, error) {
	defer rows.Close()
	for rows.Next() {
		var r model.Raw
		var published sql.NullString
		if err := rows.Scan(&r.ID, &r.Source, &r.URI, &r.Title, &r.URL, &published, &r.Lang, &r.ContentType, &r.Body, &r.Author, &r.Site); err != nil {
			return nil, fmt.Errorf("store: raws: %w", err)
		}
		var err error
		if r.Published, err = parseTime(published); err != nil {
			return nil, fmt.Errorf("store: raw %s: %w", r.ID, err)
		}
		raws = append(raws, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: raws: %w", err)
	}
	return raws, nil
}
