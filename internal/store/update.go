package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// Updater is a store whose derived state can be changed in part: an
// incremental ingest replaces the stories a batch touches instead of
// saving a whole snapshot. SQLite and Postgres implement it.
type Updater interface {
	// LoadStories returns the named stories (unknown ids are skipped),
	// every document they list or that names one of them (Document
	// with Doc, Relation, Story and Stored filled, as Load does), and
	// their incidents (with Updated filled), as a partial Snapshot,
	// ordered as Load orders them, from one consistent view.
	LoadStories(ctx context.Context, ids []string) (Snapshot, error)
	// Update replaces part of the derived state in one transaction, all
	// or nothing: it deletes the stories named in remove (ids not
	// stored are skipped) with their memberships, merges and incidents,
	// then inserts or replaces part's documents and inserts part's
	// stories and incidents.
	//
	// part must be consistent in itself (the checks of Save: ids unique,
	// every story's documents in part), every story a document or
	// incident of part names must be in part or stored and not removed,
	// a story of part must not be stored unless removed, and an
	// incident of part must not be stored unless about a removed story.
	// After the update no stored document may be left in a story that no
	// longer exists: a document of a removed story (by membership or by
	// its story column) that part does not hold is an error naming
	// both. On any error nothing changes.
	//
	// An incident whose record equals the stored one of the same id
	// keeps its Updated time (as Save does); others get the time of the
	// update. It bumps the snapshot version as Save does, so that
	// servers notice; an Update with nothing to remove and an empty part
	// does nothing.
	Update(ctx context.Context, remove []string, part Snapshot) error
	// EachDocument calls fn with every stored document, in id order, as
	// Load would return them, reading them in pages (of 500), so
	// that they are never all in memory and no transaction is open
	// while fn runs (fn may use the store). It is not one consistent
	// view: a document an Update replaces meanwhile may be seen in
	// either version, but each id is seen at most once. An error from
	// fn stops it and is returned as it is.
	EachDocument(ctx context.Context, fn func(Document) error) error
	// EachRaw calls fn with every stored raw document in id order, as
	// Raws would return them, in pages likewise.
	EachRaw(ctx context.Context, fn func(model.Raw) error) error
}

var (
	_ Updater = (*SQLite)(nil)
	_ Updater = (*Postgres)(nil)
)

// eachPage is how many rows EachDocument and EachRaw read at a time.
const eachPage = 500

// maxOrphans is how many documents left without a story an Update error
// names.
const maxOrphans = 10

// orphan is a stored document a removal would leave in a story that no
// longer exists.
type orphan struct{ doc, story string }

// orphanError reports the documents of removed stories missing from an
// update (at most maxOrphans+1 given; the last one is only counted).
func orphanError(orphans []orphan) error {
	var b strings.Builder
	for i, o := range orphans {
		if i == maxOrphans {
			b.WriteString(", and more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "document %s of story %s", o.doc, o.story)
	}
	return fmt.Errorf("store: update: removed stories would leave documents without a story: %s is not in the update", b.String())
}

// scanIDSet reads rows of one id (the stored stories an update keeps).
func scanIDSet(rows rowReader) (map[string]bool, error) {
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: update: stored stories: %w", err)
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: update: stored stories: %w", err)
	}
	return ids, nil
}

// checkOrphans reads rows of (document, story), the documents of removed
// stories an update does not hold, and reports them if there are any.
func checkOrphans(rows rowReader) error {
	var left []orphan
	for rows.Next() {
		var o orphan
		if err := rows.Scan(&o.doc, &o.story); err != nil {
			return fmt.Errorf("store: update: documents of removed stories: %w", err)
		}
		left = append(left, o)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: update: documents of removed stories: %w", err)
	}
	if len(left) > 0 {
		return orphanError(left)
	}
	return nil
}

// storyConflict and incidentConflict report ids of part already stored
// and not removed.
func storyConflict(id string) error {
	return fmt.Errorf("store: update: story %s is stored and not removed: name it in remove to replace it", id)
}

func incidentConflict(id, story string) error {
	if story == "" {
		return fmt.Errorf("store: update: incident %s is stored (about no story) and its story is not removed", id)
	}
	return fmt.Errorf("store: update: incident %s is stored about story %s, which is not removed", id, story)
}

// partIDs are the ids of a part's stories, documents and incidents.
func partIDs(part Snapshot) (stories, docs, incidents []string) {
	stories, docs, incidents = []string{}, []string{}, []string{}
	for _, st := range part.Stories {
		stories = append(stories, st.ID)
	}
	for _, d := range part.Documents {
		docs = append(docs, d.ID)
	}
	for _, in := range part.Incidents {
		incidents = append(incidents, in.ID)
	}
	return stories, docs, incidents
}

// empty reports a snapshot without documents, stories or incidents.
func (snap Snapshot) empty() bool {
	return len(snap.Documents) == 0 && len(snap.Stories) == 0 && len(snap.Incidents) == 0
}

// idsJSON is ids as a JSON array, for SQLite's json_each.
func idsJSON(ids []string) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids) // a list of strings always encodes
	return string(b)
}

// LoadStories returns the named stories with their documents and
// incidents (see Updater).
func (s *SQLite) LoadStories(ctx context.Context, ids []string) (snap Snapshot, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load stories: %w", err)
	}
	defer func() { err = errors.Join(err, ignoreDone(tx.Rollback())) }()
	list := idsJSON(ids)
	rows, err := tx.QueryContext(ctx, `SELECT id, why, merges FROM stories
		WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load stories: %w", err)
	}
	stories, index, err := scanStories(rows)
	rows.Close()
	if err != nil {
		return Snapshot{}, err
	}
	members, err := tx.QueryContext(ctx, `SELECT story, document FROM story_documents
		WHERE story IN (SELECT value FROM json_each(?)) ORDER BY story, position`, list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load story documents: %w", err)
	}
	err = scanMembers(members, stories, index)
	members.Close()
	if err != nil {
		return Snapshot{}, err
	}
	snap.Stories = stories
	docs, err := tx.QueryContext(ctx, documentSelect+`
		WHERE d.id IN (SELECT document FROM story_documents WHERE story IN (SELECT value FROM json_each(?))
			UNION SELECT id FROM documents WHERE story IN (SELECT value FROM json_each(?)))
		ORDER BY d.id`, list, list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load documents: %w", err)
	}
	if snap.Documents, err = readDocuments(docs, nil); err != nil {
		return Snapshot{}, err
	}
	incidents, err := tx.QueryContext(ctx, `SELECT id, record, updated_at FROM incidents
		WHERE story IN (SELECT value FROM json_each(?)) ORDER BY id`, list)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load incidents: %w", err)
	}
	if snap.Incidents, snap.Updated, err = readIncidents(incidents); err != nil {
		return Snapshot{}, err
	}
	return snap, nil
}

// Update replaces part of the derived state (see Updater), in one write
// transaction.
func (s *SQLite) Update(ctx context.Context, remove []string, part Snapshot) (err error) {
	if len(remove) == 0 && part.empty() {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		return fmt.Errorf("store: update: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := sqliteUpdate(ctx, tx, remove, part); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: update: commit: %w", err)
	}
	return nil
}

// sqliteUpdate checks part against the stored state and applies the
// update inside tx.
func sqliteUpdate(ctx context.Context, tx *sql.Tx, remove []string, part Snapshot) error {
	removed := idsJSON(remove)
	storyIDs, docIDs, incidentIDs := partIDs(part)
	stories, docs, incidents := idsJSON(storyIDs), idsJSON(docIDs), idsJSON(incidentIDs)

	// The stories part names outside itself that are stored and kept.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM stories WHERE id IN (SELECT value FROM json_each(?))
		AND id NOT IN (SELECT value FROM json_each(?))`, idsJSON(part.outsideStories()), removed)
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

	var id, story string
	err = tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE id IN (SELECT value FROM json_each(?))
		AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1`, stories, removed).Scan(&id)
	if err == nil {
		return storyConflict(id)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: update: stored stories: %w", err)
	}
	err = tx.QueryRowContext(ctx, `SELECT id, coalesce(story, '') FROM incidents WHERE id IN (SELECT value FROM json_each(?))
		AND (story IS NULL OR story NOT IN (SELECT value FROM json_each(?))) ORDER BY id LIMIT 1`, incidents, removed).Scan(&id, &story)
	if err == nil {
		return incidentConflict(id, story)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}

	orphans, err := tx.QueryContext(ctx, `
		SELECT id, story FROM documents WHERE story IN (SELECT value FROM json_each(?1))
			AND id NOT IN (SELECT value FROM json_each(?2))
		UNION
		SELECT document, story FROM story_documents WHERE story IN (SELECT value FROM json_each(?1))
			AND document NOT IN (SELECT value FROM json_each(?2))
		ORDER BY 1, 2 LIMIT ?3`, removed, docs, maxOrphans+1)
	if err != nil {
		return fmt.Errorf("store: update: documents of removed stories: %w", err)
	}
	err = checkOrphans(orphans)
	orphans.Close()
	if err != nil {
		return err
	}

	prevRows, err := tx.QueryContext(ctx, "SELECT id, record, updated_at FROM incidents WHERE id IN (SELECT value FROM json_each(?))", incidents)
	if err != nil {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}
	previous, err := readIncidentRecords(prevRows)
	if err != nil {
		return fmt.Errorf("store: update: stored incidents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM incidents WHERE story IN (SELECT value FROM json_each(?))", removed); err != nil {
		return fmt.Errorf("store: update: delete incidents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM story_documents WHERE story IN (SELECT value FROM json_each(?))", removed); err != nil {
		return fmt.Errorf("store: update: delete story documents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?))", removed); err != nil {
		return fmt.Errorf("store: update: delete stories: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id IN (SELECT value FROM json_each(?))", docs); err != nil {
		return fmt.Errorf("store: update: delete documents: %w", err)
	}
	if err := saveStories(ctx, tx, part.Stories); err != nil {
		return err
	}
	if err := saveDocuments(ctx, tx, part.Documents); err != nil {
		return err
	}
	now := time.Now()
	if err := saveIncidents(ctx, tx, part.Incidents, previous, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE snapshot_version SET version = version + 1, saved_at = ? WHERE id = 1",
		timeText(now)); err != nil {
		return fmt.Errorf("store: update: version: %w", err)
	}
	return nil
}

// EachDocument calls fn with every stored document in id order (see
// Updater).
func (s *SQLite) EachDocument(ctx context.Context, fn func(Document) error) error {
	var page []Document
	return walkPages(func(after string) ([]Document, error) {
		rows, err := s.db.QueryContext(ctx, documentSelect+" WHERE d.id > ? ORDER BY d.id LIMIT ?", after, eachPage)
		if err != nil {
			return nil, fmt.Errorf("store: each document: %w", err)
		}
		page, err = readDocuments(rows, page[:0])
		return page, err
	}, func(d Document) string { return d.ID }, fn)
}

// EachRaw calls fn with every stored raw document in id order (see
// Updater).
func (s *SQLite) EachRaw(ctx context.Context, fn func(model.Raw) error) error {
	var page []model.Raw
	return walkPages(func(after string) ([]model.Raw, error) {
		rows, err := s.db.QueryContext(ctx, rawSelect+" WHERE id > ? ORDER BY id LIMIT ?", after, eachPage)
		if err != nil {
			return nil, fmt.Errorf("store: each raw: %w", err)
		}
		page, err = readRaws(rows, page[:0])
		return page, err
	}, func(r model.Raw) string { return r.ID }, fn)
}

// walkPages calls fn with every item of the pages fetch returns, each
// page the (at most eachPage) items after the last one's id, until a
// short page. No query is open while fn runs.
func walkPages[T any](fetch func(after string) ([]T, error), id func(T) string, fn func(T) error) error {
	after := ""
	for {
		page, err := fetch(after)
		if err != nil {
			return err
		}
		for _, x := range page {
			if err := fn(x); err != nil {
				return err
			}
		}
		if len(page) < eachPage {
			return nil
		}
		after = id(page[len(page)-1])
	}
}
