package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// Save replaces the derived state — documents, relations, stories and
// incidents — with snap, in one transaction: all or nothing. The snapshot
// must be consistent: ids unique, and every story a document or incident
// names, and every document a story lists, present in it.
func (s *SQLite) Save(ctx context.Context, snap Snapshot) (err error) {
	if err := snap.check(); err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := saveSnapshot(ctx, tx, snap); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save: commit: %w", err)
	}
	return nil
}

// saveSnapshot replaces the derived state with snap (checked) inside tx.
func saveSnapshot(ctx context.Context, tx *sql.Tx, snap Snapshot) error {
	previous, err := incidentRecords(ctx, tx)
	if err != nil {
		return fmt.Errorf("store: save: %w", err)
	}
	for _, clear := range []string{
		"DELETE FROM incidents", "DELETE FROM story_documents", "DELETE FROM documents", "DELETE FROM stories",
	} {
		if _, err := tx.ExecContext(ctx, clear); err != nil {
			return fmt.Errorf("store: save: %s: %w", clear, err)
		}
	}
	if err := saveStories(ctx, tx, snap.Stories); err != nil {
		return err
	}
	if err := saveDocuments(ctx, tx, snap.Documents); err != nil {
		return err
	}
	now := time.Now()
	if err := saveIncidents(ctx, tx, snap.Incidents, previous, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE snapshot_version SET version = version + 1, saved_at = ? WHERE id = 1",
		timeText(now)); err != nil {
		return fmt.Errorf("store: save: version: %w", err)
	}
	return nil
}

// check reports the first inconsistency in snap that the database's
// constraints would refuse, with names a person can act on.
func (snap Snapshot) check() error {
	return snap.checkWith(nil)
}

// checkWith is check for a snapshot that may also name the stories in
// kept, which are stored already (Update's part). With kept nil, every
// story named must be in snap.
func (snap Snapshot) checkWith(kept map[string]bool) error {
	whole, missing := "snapshot", "which is not in the snapshot"
	if kept != nil {
		whole, missing = "update", "which is neither in the update nor stored and kept"
	}
	docs := make(map[string]bool, len(snap.Documents))
	for _, d := range snap.Documents {
		if d.ID == "" {
			return errors.New("document without an id")
		}
		if docs[d.ID] {
			return fmt.Errorf("document %s given twice", d.ID)
		}
		docs[d.ID] = true
	}
	stories := make(map[string]bool, len(snap.Stories))
	for _, st := range snap.Stories {
		if st.ID == "" {
			return errors.New("story without an id")
		}
		if stories[st.ID] {
			return fmt.Errorf("story %s given twice", st.ID)
		}
		stories[st.ID] = true
		members := make(map[string]bool, len(st.Docs))
		for _, id := range st.Docs {
			if !docs[id] {
				return fmt.Errorf("story %s lists document %s, which is not in the %s", st.ID, id, whole)
			}
			if members[id] {
				return fmt.Errorf("story %s lists document %s twice", st.ID, id)
			}
			members[id] = true
		}
	}
	for _, d := range snap.Documents {
		if d.Story != "" && !stories[d.Story] && !kept[d.Story] {
			return fmt.Errorf("document %s is in story %s, %s", d.ID, d.Story, missing)
		}
	}
	incidents := make(map[string]bool, len(snap.Incidents))
	for _, in := range snap.Incidents {
		if in.ID == "" {
			return errors.New("incident without an id")
		}
		if incidents[in.ID] {
			return fmt.Errorf("incident %s given twice", in.ID)
		}
		incidents[in.ID] = true
		if in.Story != "" && !stories[in.Story] && !kept[in.Story] {
			return fmt.Errorf("incident %s is about story %s, %s", in.ID, in.Story, missing)
		}
	}
	return nil
}

// outsideStories returns the stories snap's documents and incidents name
// that are not among its own, sorted.
func (snap Snapshot) outsideStories() []string {
	own := make(map[string]bool, len(snap.Stories))
	for _, st := range snap.Stories {
		own[st.ID] = true
	}
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !own[id] && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, d := range snap.Documents {
		add(d.Story)
	}
	for _, in := range snap.Incidents {
		add(in.Story)
	}
	slices.Sort(out)
	return out
}

func saveStories(ctx context.Context, tx *sql.Tx, stories []model.Story) error {
	st, err := tx.PrepareContext(ctx, "INSERT INTO stories (id, why, merges) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("store: save stories: %w", err)
	}
	defer st.Close()
	member, err := tx.PrepareContext(ctx, "INSERT INTO story_documents (story, document, position) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("store: save stories: %w", err)
	}
	defer member.Close()
	for _, story := range stories {
		why, err := json.Marshal(story.Why)
		if err != nil {
			return fmt.Errorf("store: save story %s: %w", story.ID, err)
		}
		merges, err := json.Marshal(story.Merges)
		if err != nil {
			return fmt.Errorf("store: save story %s: %w", story.ID, err)
		}
		if _, err := st.ExecContext(ctx, story.ID, string(why), string(merges)); err != nil {
			return fmt.Errorf("store: save story %s: %w", story.ID, err)
		}
		for i, doc := range story.Docs {
			if _, err := member.ExecContext(ctx, story.ID, doc, i); err != nil {
				return fmt.Errorf("store: save story %s: document %s: %w", story.ID, doc, err)
			}
		}
	}
	return nil
}

func saveDocuments(ctx context.Context, tx *sql.Tx, docs []Document) error {
	st, err := tx.PrepareContext(ctx, `
		INSERT INTO documents (id, source, uri, url, published, title, title_line, text, removed, hash,
			source_lang, lang, sentences, anchors,
			relation_type, relation_of, relation_score, relation_why, story, author, site)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: save documents: %w", err)
	}
	defer st.Close()
	for _, d := range docs {
		removed, sentences, anchors, err := docJSON(d)
		if err != nil {
			return err
		}
		a := d.Article
		if _, err := st.ExecContext(ctx, d.ID, a.Source, a.URI, a.URL, timeText(a.Published), a.Title, a.TitleLine,
			a.Text, string(removed), a.Hash, a.Lang, d.Doc.Lang, string(sentences), string(anchors),
			d.Relation.Type, d.Relation.Of, d.Relation.Score, d.Relation.Why, nullable(d.Story), a.Author, a.Site); err != nil {
			return fmt.Errorf("store: save document %s: %w", d.ID, err)
		}
	}
	return nil
}

// incidentRecords returns the stored incidents' JSON records and update
// times by id.
func incidentRecords(ctx context.Context, tx *sql.Tx) (map[string][2]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, record, updated_at FROM incidents")
	if err != nil {
		return nil, err
	}
	return readIncidentRecords(rows)
}

// readIncidentRecords reads rows of (id, record, updated_at) by id, and
// closes them.
func readIncidentRecords(rows *sql.Rows) (map[string][2]string, error) {
	defer rows.Close()
	m := make(map[string][2]string)
	for rows.Next() {
		var id, record, updated string
		if err := rows.Scan(&id, &record, &updated); err != nil {
			return nil, err
		}
		m[id] = [2]string{record, updated}
	}
	return m, rows.Err()
}

// saveIncidents writes incidents; one whose record is unchanged from
// previous keeps its update time, the others are stamped now.
func saveIncidents(ctx context.Context, tx *sql.Tx, incidents []model.Incident, previous map[string][2]string, now time.Time) error {
	st, err := tx.PrepareContext(ctx, "INSERT INTO incidents (id, story, record, updated_at) VALUES (?, ?, ?, ?)")
	if err != nil {
		return fmt.Errorf("store: save incidents: %w", err)
	}
	defer st.Close()
	stamp := now.UTC().Format(time.RFC3339Nano)
	for _, in := range incidents {
		record, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("store: save incident %s: %w", in.ID, err)
		}
		updated := stamp
		if p, ok := previous[in.ID]; ok && p[0] == string(record) {
			updated = p[1]
		}
		if _, err := st.ExecContext(ctx, in.ID, nullable(in.Story), string(record), updated); err != nil {
			return fmt.Errorf("store: save incident %s: %w", in.ID, err)
		}
	}
	return nil
}

// Load returns the derived state last saved: documents ordered by id,
// stories by id (their documents in the order saved) and incidents by id.
// Before any Save it returns an empty snapshot.
func (s *SQLite) Load(ctx context.Context) (snap Snapshot, err error) {
	// One read transaction: a consistent view while a Save may run.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: load: %w", err)
	}
	defer func() { err = errors.Join(err, ignoreDone(tx.Rollback())) }()
	if snap.Documents, err = loadDocuments(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	if snap.Stories, err = loadStories(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	if snap.Incidents, snap.Updated, err = loadIncidents(ctx, tx); err != nil {
		return Snapshot{}, err
	}
	return snap, nil
}

// documentSelect reads documents as Load returns them (scanDocument and
// pgScanDocument decode its rows); the same SQL in both dialects, which
// callers complete with a WHERE and ORDER BY.
const documentSelect = `
	SELECT d.id, d.source, d.uri, d.url, d.published, d.title, d.title_line, d.text, d.removed, d.hash,
		d.source_lang, d.lang, d.sentences, d.anchors,
		d.relation_type, d.relation_of, d.relation_score, d.relation_why, d.story, d.author, d.site, r.stored_at
	FROM documents d LEFT JOIN raw r ON r.id = d.id`

func loadDocuments(ctx context.Context, tx *sql.Tx) ([]Document, error) {
	rows, err := tx.QueryContext(ctx, documentSelect+" ORDER BY d.id")
	if err != nil {
		return nil, fmt.Errorf("store: load documents: %w", err)
	}
	return readDocuments(rows, nil)
}

// readDocuments decodes rows of documentSelect, appending to docs, and
// closes them.
func readDocuments(rows *sql.Rows, docs []Document) ([]Document, error) {
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
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

// scanDocument decodes the current row of documentSelect.
func scanDocument(rows *sql.Rows) (Document, error) {
	var d Document
	a := &d.Article
	var published, story, stored sql.NullString
	var removed, sentences, anchors []byte
	if err := rows.Scan(&a.ID, &a.Source, &a.URI, &a.URL, &published, &a.Title, &a.TitleLine,
		&a.Text, &removed, &a.Hash, &a.Lang, &d.Doc.Lang, &sentences, &anchors,
		&d.Relation.Type, &d.Relation.Of, &d.Relation.Score, &d.Relation.Why, &story, &a.Author, &a.Site, &stored); err != nil {
		return Document{}, fmt.Errorf("store: load documents: %w", err)
	}
	var err error
	if a.Published, err = parseTime(published); err != nil {
		return Document{}, fmt.Errorf("store: load document %s: %w", a.ID, err)
	}
	if d.Stored, err = parseTime(stored); err != nil {
		return Document{}, fmt.Errorf("store: load document %s: stored at: %w", a.ID, err)
	}
	if err := unmarshalDoc(&d, removed, sentences, anchors); err != nil {
		return Document{}, err
	}
	d.Story = story.String
	return d, nil
}

func loadStories(ctx context.Context, tx *sql.Tx) ([]model.Story, error) {
	return readStories(func(q string) (rowReader, func(), error) {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		return rows, func() { rows.Close() }, nil
	})
}

// rowReader is what the loaders read from a query: *sql.Rows and
// pgx.Rows both are one.
type rowReader interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// readStories loads the stories and their documents in order through
// query, which runs a statement (the same SQL on both databases) and
// returns its rows and how to close them.
func readStories(query func(string) (rowReader, func(), error)) ([]model.Story, error) {
	rows, done, err := query("SELECT id, why, merges FROM stories ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: load stories: %w", err)
	}
	defer done()
	stories, index, err := scanStories(rows)
	if err != nil {
		return nil, err
	}
	done()
	members, doneMembers, err := query("SELECT story, document FROM story_documents ORDER BY story, position")
	if err != nil {
		return nil, fmt.Errorf("store: load story documents: %w", err)
	}
	defer doneMembers()
	if err := scanMembers(members, stories, index); err != nil {
		return nil, err
	}
	return stories, nil
}

// scanStories decodes rows of (id, why, merges) and returns the stories
// with their positions by id.
func scanStories(rows rowReader) ([]model.Story, map[string]int, error) {
	var stories []model.Story
	index := make(map[string]int)
	for rows.Next() {
		var st model.Story
		var why, merges []byte
		if err := rows.Scan(&st.ID, &why, &merges); err != nil {
			return nil, nil, fmt.Errorf("store: load stories: %w", err)
		}
		if err := unmarshalStory(&st, why, merges); err != nil {
			return nil, nil, err
		}
		index[st.ID] = len(stories)
		stories = append(stories, st)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: load stories: %w", err)
	}
	return stories, index, nil
}

// scanMembers reads rows of (story, document), ordered by story and
// position, into the stories' Docs.
func scanMembers(members rowReader, stories []model.Story, index map[string]int) error {
	for members.Next() {
		var story, doc string
		if err := members.Scan(&story, &doc); err != nil {
			return fmt.Errorf("store: load story documents: %w", err)
		}
		i, ok := index[story]
		if !ok {
			return fmt.Errorf("store: load story documents: unknown story %s", story)
		}
		stories[i].Docs = append(stories[i].Docs, doc)
	}
	if err := members.Err(); err != nil {
		return fmt.Errorf("store: load story documents: %w", err)
	}
	return nil
}

func loadIncidents(ctx context.Context, tx *sql.Tx) ([]model.Incident, map[string]time.Time, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, record, updated_at FROM incidents ORDER BY id")
	if err != nil {
		return nil, nil, fmt.Errorf("store: load incidents: %w", err)
	}
	return readIncidents(rows)
}

// readIncidents decodes rows of (id, record, updated_at) and closes them.
func readIncidents(rows *sql.Rows) ([]model.Incident, map[string]time.Time, error) {
	defer rows.Close()
	var incidents []model.Incident
	updated := make(map[string]time.Time)
	for rows.Next() {
		var id string
		var record []byte
		var at sql.NullString
		if err := rows.Scan(&id, &record, &at); err != nil {
			return nil, nil, fmt.Errorf("store: load incidents: %w", err)
		}
		var in model.Incident
		if err := json.Unmarshal(record, &in); err != nil {
			return nil, nil, fmt.Errorf("store: load incident %s: %w", id, err)
		}
		in.ID = id
		t, err := parseTime(at)
		if err != nil {
			return nil, nil, fmt.Errorf("store: load incident %s: %w", id, err)
		}
		updated[id] = t
		incidents = append(incidents, in)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: load incidents: %w", err)
	}
	return incidents, updated, nil
}

// docJSON encodes a document's JSON columns.
func docJSON(d Document) (removed, sentences, anchors []byte, err error) {
	if removed, err = json.Marshal(d.Removed); err != nil {
		return nil, nil, nil, fmt.Errorf("store: save document %s: removed lines: %w", d.ID, err)
	}
	if sentences, err = json.Marshal(d.Sentences); err != nil {
		return nil, nil, nil, fmt.Errorf("store: save document %s: sentences: %w", d.ID, err)
	}
	if anchors, err = json.Marshal(d.Anchors); err != nil {
		return nil, nil, nil, fmt.Errorf("store: save document %s: anchors: %w", d.ID, err)
	}
	return removed, sentences, anchors, nil
}

// unmarshalDoc decodes a document's JSON columns into d.
func unmarshalDoc(d *Document, removed, sentences, anchors []byte) error {
	if err := json.Unmarshal(removed, &d.Removed); err != nil {
		return fmt.Errorf("store: load document %s: removed lines: %w", d.ID, err)
	}
	if err := json.Unmarshal(sentences, &d.Sentences); err != nil {
		return fmt.Errorf("store: load document %s: sentences: %w", d.ID, err)
	}
	if err := json.Unmarshal(anchors, &d.Anchors); err != nil {
		return fmt.Errorf("store: load document %s: anchors: %w", d.ID, err)
	}
	return nil
}

// unmarshalStory decodes a story's JSON columns into st.
func unmarshalStory(st *model.Story, why, merges []byte) error {
	if err := json.Unmarshal(why, &st.Why); err != nil {
		return fmt.Errorf("store: load story %s: %w", st.ID, err)
	}
	if err := json.Unmarshal(merges, &st.Merges); err != nil {
		return fmt.Errorf("store: load story %s merges: %w", st.ID, err)
	}
	return nil
}
