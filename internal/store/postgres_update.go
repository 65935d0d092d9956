package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/casefile/casefile/internal/model"
)

// The Updater methods on PostgreSQL: the same checks and changes as
// update.go makes on SQLite, with id lists as text arrays (= ANY($1)).

// LoadStories returns the named stories with their documents and
// incidents (see Updater), from one consistent view.
func (p *Postgres) LoadStories(ctx context.Context, ids []string) (snap Snapshot, err error) {
	tx, err := p.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load stories: %w", err)
	}
	defer func() { err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx)))) }()
	list := nonNil(ids)
	rows, err := tx.Query(ctx, "SELECT id, why, merges FROM stories WHERE id = ANY($1) ORDER BY id", list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load stories: %w", err)
	}
	stories, index, err := scanStories(rows)
	rows.Close()
	if err != nil {
		return Snapshot{}, err
	}
	members, err := tx.Query(ctx, "SELECT story, document FROM story_documents WHERE story = ANY($1) ORDER BY story, position", list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load story documents: %w", err)
	}
	err = scanMembers(members, stories, index)
	members.Close()
	if err != nil {
		return Snapshot{}, err
	}
	snap.Stories = stories
	docs, err := tx.Query(ctx, documentSelect+`
		WHERE d.id IN (SELECT document FROM story_documents WHERE story = ANY($1)
			UNION SELECT id FROM documents WHERE story = ANY($1))
		ORDER BY d.id`, list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load documents: %w", err)
	}
	if snap.Documents, err = pgReadDocuments(docs, nil); err != nil {
		return Snapshot{}, err
	}
	incidents, err := tx.Query(ctx, "SELECT id, record, updated_at FROM incidents WHERE story = ANY($1) ORDER BY id", list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load incidents: %w", err)
	}
	if snap.Incidents, snap.Updated, err = pgReadIncidents(incidents); err != nil {
		return Snapshot{}, err
	}
	return snap, nil
}

// nonNil is ids, or an empty list for nil: pgx sends a nil slice as
// NULL, and x = ANY(NULL) is NULL, not false.
func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// Update replaces part of the derived state (see Updater) in one
// transaction that holds the rebuild lock, so that it runs one at a
// time with Save, Rebuild and other Updates of any process.
func (p *Postgres) Update(ctx context.Context, remove []string, part Snapshot) (err error) {
	if len(remove) == 0 && part.empty() {
		return nil
	}
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if err := pgUpdate(ctx, tx, nonNil(remove), part); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: update: commit: %w", err)
	}
	return nil
}

// pgUpdate checks part against the stored state and applies the update
// inside tx.
func pgUpdate(ctx context.Context, tx pgx.Tx, removed []string, part Snapshot) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, "+lockKey+")", lockRebuild); err != nil {
		return fmt.Errorf("store: update: lock: %w", err)
	}
	stories, docs, incidents := partIDs(part)

	// The stories part names outside itself that are stored and kept.
	rows, err := tx.Query(ctx, "SELECT id FROM stories WHERE id = ANY($1) AND NOT (id = ANY($2))",
		nonNil(part.outsideStories()), removed)
	if err != nil {
		return fmt.Errorf("store: update: stored stories: %w", err)
	}
	kept, err := scanIDSet(rows)
	rows.Close()
	if err != nil {
		return err
	}
	if err := part.checkWith(kept); err != nil {
		return fmt.Errorf("store: update: %w", err)
	}

	var id string
	var story *string
	err = tx.QueryRow(ctx, "SELECT id FROM stories WHERE id = ANY($1) AND NOT (id = ANY($2)) ORDER BY id LIMIT 1",
		stories, removed).Scan(&id)
	if err == nil {
		return storyConflict(id)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: update: stored stories: %w", err)
	}
	err = tx.QueryRow(ctx, `SELECT id, story FROM incidents WHERE id = ANY($1)
		AND (story IS NULL OR NOT (story = ANY($2))) ORDER BY id LIMIT 1`, incidents, removed).Scan(&id, &story)
	if err == nil {
		if story == nil {
			return incidentConflict(id, "")
		}
		return incidentConflict(id, *story)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}

	orphans, err := tx.Query(ctx, `
		SELECT id, story FROM documents WHERE story = ANY($1) AND NOT (id = ANY($2))
		UNION
		SELECT document, story FROM story_documents WHERE story = ANY($1) AND NOT (document = ANY($2))
		ORDER BY 1, 2 LIMIT $3`, removed, docs, maxOrphans+1)
	if err != nil {
		return fmt.Errorf("store: update: documents of removed stories: %w", err)
	}
	err = checkOrphans(orphans)
	orphans.Close()
	if err != nil {
		return err
	}

	prevRows, err := tx.Query(ctx, "SELECT id, record, updated_at FROM incidents WHERE id = ANY($1)", incidents)
	if err != nil {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}
	previous, err := pgReadIncidentRecords(prevRows)
	if err != nil {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM incidents WHERE story = ANY($1)", removed); err != nil {
		return fmt.Errorf("store: update: delete incidents: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM story_documents WHERE story = ANY($1)", removed); err != nil {
		return fmt.Errorf("store: update: delete story documents: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM stories WHERE id = ANY($1)", removed); err != nil {
		return fmt.Errorf("store: update: delete stories: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM documents WHERE id = ANY($1)", docs); err != nil {
		return fmt.Errorf("store: update: delete documents: %w", err)
	}
	if err := pgSaveStories(ctx, tx, part.Stories); err != nil {
		return err
	}
	if err := pgSaveDocuments(ctx, tx, part.Documents); err != nil {
		return err
	}
	now := time.Now().UTC()
	if err := pgSaveIncidents(ctx, tx, part.Incidents, previous, now); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE snapshot_version SET version = version + 1, saved_at = $1 WHERE id = 1", now); err != nil {
		return fmt.Errorf("store: update: version: %w", err)
	}
	return nil
}

// EachDocument calls fn with every stored document in id order (see
// Updater).
func (p *Postgres) EachDocument(ctx context.Context, fn func(Document) error) error {
	var page []Document
	return walkPages(func(after string) ([]Document, error) {
		rows, err := p.pool.Query(ctx, documentSelect+" WHERE d.id > $1 ORDER BY d.id LIMIT $2", after, eachPage)
		if err != nil {
			return nil, fmt.Errorf("store: each document: %w", err)
		}
		page, err = pgReadDocuments(rows, page[:0])
		return page, err
	}, func(d Document) string { return d.ID }, fn)
}

// EachRaw calls fn with every stored raw document in id order (see
// Updater).
func (p *Postgres) EachRaw(ctx context.Context, fn func(model.Raw) error) error {
	var page []model.Raw
	return walkPages(func(after string) ([]model.Raw, error) {
		rows, err := p.pool.Query(ctx, rawSelect+" WHERE id > $1 ORDER BY id LIMIT $2", after, eachPage)
		if err != nil {
			return nil, fmt.Errorf("store: each raw: %w", err)
		}
		page, err = pgReadRaws(rows, page[:0])
		return page, err
	}, func(r model.Raw) string { return r.ID }, fn)
}
