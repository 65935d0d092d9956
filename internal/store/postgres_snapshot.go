package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/casefile/casefile/internal/model"
)

// Save replaces the derived state with snap in one transaction, as
// SQLite.Save does. Readers see the previous snapshot until it commits.
func (p *Postgres) Save(ctx context.Context, snap Snapshot) (err error) {
	if err := snap.check(); err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if err := pgSave(ctx, tx, snap); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: save: commit: %w", err)
	}
	return nil
}

// Rebuild computes the derived state from all stored raws and saves it
// in one transaction that holds an advisory lock, so that rebuilds by
// any number of processes sharing the database run one at a time: each
// reads every raw committed before it began, and the snapshot saved last
// is computed from every raw stored before it began. Writers of raws do
// not wait; readers see the previous snapshot until the new one commits.
func (p *Postgres) Rebuild(ctx context.Context, compute func([]model.Raw) Snapshot, opt RebuildOptions) (snap Snapshot, err error) {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, "+lockKey+")", lockRebuild); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: lock: %w", err)
	}
	if opt.IfStale {
		var current bool
		if err := tx.QueryRow(ctx, currentQuery).Scan(&current); err != nil {
			return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
		}
		if current {
			if snap, err = pgLoad(ctx, tx); err != nil {
				return Snapshot{}, err
			}
			return snap, tx.Commit(ctx)
		}
	}
	raws, err := pgRaws(ctx, tx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	snap = compute(raws)
	if err := snap.check(); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	if err := pgSave(ctx, tx, snap); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: commit: %w", err)
	}
	return snap, nil
}

// pgSave replaces the derived state with snap (checked) inside tx. It
// takes the rebuild lock (again, in a Rebuild: it is reentrant), so
// saves run one at a time: two would each delete the old snapshot and
// then collide writing theirs.
func pgSave(ctx context.Context, tx pgx.Tx, snap Snapshot) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, "+lockKey+")", lockRebuild); err != nil {
		return fmt.Errorf("store: save: lock: %w", err)
	}
	previous, err := pgIncidentRecords(ctx, tx)
	if err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	// DELETE rather than TRUNCATE: TRUNCATE would lock readers out until
	// the commit.
	for _, clear := range []string{
		"DELETE FROM incidents", "DELETE FROM story_documents", "DELETE FROM documents", "DELETE FROM stories",
	} {
		if _, err := tx.Exec(ctx, clear); err != nil {
			return fmt.Errorf("store: save: %s: %w", clear, err)
		}
	}
	if err := pgSaveStories(ctx, tx, snap.Stories); err != nil {
		return err
	}
	if err := pgSaveDocuments(ctx, tx, snap.Documents); err != nil {
		return err
	}
	now := time.Now().UTC()
	if err := pgSaveIncidents(ctx, tx, snap.Incidents, previous, now); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE snapshot_version SET version = version + 1, saved_at = $1 WHERE id = 1", now); err != nil {
		return fmt.Errorf("store: save: version: %w", err)
	}
	return nil
}

// pgSaveStories writes stories and their documents' positions.
func pgSaveStories(ctx context.Context, tx pgx.Tx, stories []model.Story) error {
	var rows, members [][]any
	for _, st := range stories {
		why, err := json.Marshal(st.Why)
		if err != nil {
			return fmt.Errorf("store: save story %s: %w", st.ID, err)
		}
		merges, err := json.Marshal(st.Merges)
		if err != nil {
			return fmt.Errorf("store: save story %s: %w", st.ID, err)
		}
		rows = append(rows, []any{st.ID, why, merges})
		for i, doc := range st.Docs {
			members = append(members, []any{st.ID, doc, i})
		}
	}
	if err := copyRows(ctx, tx, "stories", []string{"id", "why", "merges"}, rows); err != nil {
		return err
	}
	return copyRows(ctx, tx, "story_documents", []string{"story", "document", "position"}, members)
}

// pgSaveDocuments writes docs.
func pgSaveDocuments(ctx context.Context, tx pgx.Tx, docs []Document) error {
	rows := make([][]any, 0, len(docs))
	for _, d := range docs {
		removed, sentences, anchors, err := docJSON(d)
		if err != nil {
			return err
		}
		a := d.Article
		rows = append(rows, []any{d.ID, a.Source, a.URI, a.URL, pgTime(a.Published), a.Title, a.TitleLine,
			a.Text, removed, a.Hash, a.Lang, d.Doc.Lang, sentences, anchors,
			d.Relation.Type, d.Relation.Of, d.Relation.Score, d.Relation.Why, nullable(d.Story), a.Author, a.Site})
	}
	return copyRows(ctx, tx, "documents", []string{"id", "source", "uri", "url", "published", "title", "title_line",
		"text", "removed", "hash", "source_lang", "lang", "sentences", "anchors",
		"relation_type", "relation_of", "relation_score", "relation_why", "story", "author", "site"}, rows)
}

// pgSaveIncidents writes incidents; one whose record is unchanged from
// previous keeps its update time, the others are stamped now.
func pgSaveIncidents(ctx context.Context, tx pgx.Tx, incidents []model.Incident, previous map[string]previousIncident, now time.Time) error {
	rows := make([][]any, 0, len(incidents))
	for _, in := range incidents {
		record, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("store: save incident %s: %w", in.ID, err)
		}
		updated := now
		if prev, ok := previous[in.ID]; ok && bytes.Equal(prev.record, record) {
			updated = prev.updated
		}
		rows = append(rows, []any{in.ID, nullable(in.Story), record, updated})
	}
	return copyRows(ctx, tx, "incidents", []string{"id", "story", "record", "updated_at"}, rows)
}

// copyRows writes rows into table with COPY, the fastest way in.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("store: save %s: %w", table, pgRowError(table, rows, err))
	}
	return nil
}

// pgRowError names the row a COPY failed on, from the line PostgreSQL
// reports ("COPY documents, line 3, column ..."; rows count from 1), so
// that the error names the document or incident, as SQLite's does.
func pgRowError(table string, rows [][]any, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	_, after, ok := strings.Cut(pe.Where, ", line ")
	if !ok {
		return err
	}
	end := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(after)
	}
	line, cerr := strconv.Atoi(after[:end])
	if cerr != nil || line < 1 || line > len(rows) {
		return err
	}
	what := map[string]string{"documents": "document", "incidents": "incident", "stories": "story", "story_documents": "story"}[table]
	return fmt.Errorf("%s %v: %w", what, rows[line-1][0], err)
}

// previousIncident is an incident as saved before.
type previousIncident struct {
	record  []byte // as json.Marshal writes it
	updated time.Time
}

// pgIncidentRecords returns the stored incidents by id. jsonb keeps its
// own form of JSON, so each record is decoded and encoded again to
// compare with a new one byte for byte.
func pgIncidentRecords(ctx context.Context, tx pgx.Tx) (map[string]previousIncident, error) {
	rows, err := tx.Query(ctx, "SELECT id, record, updated_at FROM incidents")
	if err != nil {
		return nil, err
	}
	return pgReadIncidentRecords(rows)
}

// pgReadIncidentRecords reads rows of (id, record, updated_at) by id, and
// closes them.
func pgReadIncidentRecords(rows pgx.Rows) (map[string]previousIncident, error) {
	defer rows.Close()
	m := make(map[string]previousIncident)
	for rows.Next() {
		var id string
		var record []byte
		var updated time.Time
		if err := rows.Scan(&id, &record, &updated); err != nil {
			return nil, err
		}
		var in model.Incident
		if err := json.Unmarshal(record, &in); err != nil {
			return nil, fmt.Errorf("incident %s: %w", id, err)
		}
		in.ID = id
		canon, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("incident %s: %w", id, err)
		}
		m[id] = previousIncident{record: canon, updated: updated.UTC()}
	}
	return m, rows.Err()
}

// Load returns the derived state last saved, as SQLite.Load does, from
// one consistent view of the database.
func (p *Postgres) Load(ctx context.Context) (snap Snapshot, err error) {
	tx, err := p.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load: %w", err)
	}
	defer func() { err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx)))) }()
	return pgLoad(ctx, tx)
}

func pgLoad(ctx context.Context, tx pgx.Tx) (snap Snapshot, err error) {
	if snap.Documents, err = pgLoadDocuments(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	if snap.Stories, err = pgLoadStories(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	if snap.Incidents, snap.Updated, err = pgLoadIncidents(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	return snap, nil
}

func pgLoadDocuments(ctx context.Context, tx pgx.Tx) ([]Document, error) {
	rows, err := tx.Query(ctx, documentSelect+" ORDER BY d.id")
	if err != nil {
		return nil, fmt.Errorf("store: load documents: %w", err)
	}
	return pgReadDocuments(rows, nil)
}

// pgReadDocuments decodes rows of documentSelect, appending to docs, and
// closes them.
func pgReadDocuments(rows pgx.Rows, docs []Document) ([]Document, error) {
	defer rows.Close()
	for rows.Next() {
		d, err := pgScanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load documents: %w", err)
	}
	return docs, nil
}

// pgScanDocument decodes the current row of documentSelect.
func pgScanDocument(rows pgx.Rows) (Document, error) {
	var d Document
	a := &d.Article
	var published, stored *time.Time
	var story *string
	var removed, sentences, anchors []byte
	if err := rows.Scan(&a.ID, &a.Source, &a.URI, &a.URL, &published, &a.Title, &a.TitleLine,
		&a.Text, &removed, &a.Hash, &a.Lang, &d.Doc.Lang, &sentences, &anchors,
		&d.Relation.Type, &d.Relation.Of, &d.Relation.Score, &d.Relation.Why, &story, &a.Author, &a.Site, &stored); err != nil {
		return Document{}, fmt.Errorf("store: load documents: %w", err)
	}
	a.Published = fromPG(published)
	d.Stored = fromPG(stored)
	if err := unmarshalDoc(&d, removed, sentences, anchors); err != nil {
		return Document{}, err
	}
	if story != nil {
		d.Story = *story
	}
	return d, nil
}

func pgLoadStories(ctx context.Context, tx pgx.Tx) ([]model.Story, error) {
	return readStories(func(q string) (rowReader, func(), error) {
		rows, err := tx.Query(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		return rows, rows.Close, nil
	})
}

func pgLoadIncidents(ctx context.Context, tx pgx.Tx) ([]model.Incident, map[string]time.Time, error) {
	rows, err := tx.Query(ctx, "SELECT id, record, updated_at FROM incidents ORDER BY id")
	if err != nil {
		return nil, nil, fmt.Errorf("store: load incidents: %w", err)
	}
	return pgReadIncidents(rows)
}

// pgReadIncidents decodes rows of (id, record, updated_at) and closes
// them.
func pgReadIncidents(rows pgx.Rows) ([]model.Incident, map[string]time.Time, error) {
	defer rows.Close()
	var incidents []model.Incident
	updated := make(map[string]time.Time)
	for rows.Next() {
		var id string
		var record []byte
		var at time.Time
		if err := rows.Scan(&id, &record, &at); err != nil {
			return nil, nil, fmt.Errorf("store: load incidents: %w", err)
		}
		var in model.Incident
		if err := json.Unmarshal(record, &in); err != nil {
			return nil, nil, fmt.Errorf("store: load incident %s: %w", id, err)
		}
		in.ID = id
		updated[id] = at.UTC()
		incidents = append(incidents, in)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: load incidents: %w", err)
	}
	return incidents, updated, nil
}
