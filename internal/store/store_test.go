package store

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// The store suite: every test in it runs against each backend
// (storetest.Backends), on a fresh database of its own.
var suite = []struct {
	name string
	test func(t *testing.T, b storetest.Backend)
}{
	{"RawRoundTrip", testRawRoundTrip},
	{"PutRawIdempotent", testPutRawIdempotent},
	{"PutRawRollsBack", testPutRawRollsBack},
	{"SnapshotRoundTrip", testSnapshotRoundTrip},
	{"SaveReplaces", testSaveReplaces},
	{"SaveAllOrNothing", testSaveAllOrNothing},
	{"IncidentUpdated", testIncidentUpdated},
	{"ConcurrentWriters", testConcurrentWriters},
	{"FeedState", testFeedState},
	{"AuthorSite", testAuthorSite},
	{"Rebuild", testRebuild},
	{"RebuildIfStale", testRebuildIfStale},
	{"ConcurrentRebuilds", testConcurrentRebuilds},
	{"Reopen", testReopen},
	{"DocumentStored", testDocumentStored},
	{"Version", testVersion},
	{"RawByID", testRawByID},
	{"Tokens", testTokens},
	{"Watchlist", testWatchlist},
	{"LoadStories", testLoadStories},
	{"Update", testUpdate},
	{"UpdateRefused", testUpdateRefused},
	{"EachDocument", testEachDocument},
	{"ConcurrentUpdates", testConcurrentUpdates},
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		for _, tc := range suite {
			t.Run(tc.name, func(t *testing.T) { tc.test(t, b) })
		}
	})
}

// openNew opens a fresh database of b's kind, closed when t ends.
func openNew(t *testing.T, b storetest.Backend) Backend {
	t.Helper()
	return openTarget(t, b.New(t))
}

// openTarget opens target, closed when t ends.
func openTarget(t *testing.T, target string) Backend {
	t.Helper()
	s, err := OpenAny(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func sampleRaws() []model.Raw {
	return []model.Raw{
		{ID: "b.txt", Source: "data", URI: "data/b.txt", Body: []byte("Second\n"), ContentType: "text/plain"},
		{ID: "a/1", Source: "news.jsonl#example.com", URI: "news.jsonl:1", Title: "Cyberangriff",
			URL: "https://example.com/1", Published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC), Lang: "de",
			Body: []byte("Ein Cyberangriff auf Kommunen.\n"), ContentType: "text/plain"},
		{ID: "c.html", Source: "data", URI: "data/c.html", Body: []byte("<p>Störungen</p>"), ContentType: "text/html",
			Published: time.Date(2024, 3, 6, 23, 59, 59, 123456000, time.UTC)}, // microseconds: both stores keep them
		{ID: "B.txt", Body: []byte("Upper case.\n")}, // sorts before "a/1" in byte order
	}
}

func byID(raws []model.Raw) []model.Raw {
	out := append([]model.Raw(nil), raws...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].ID < out[i].ID {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func testRawRoundTrip(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	if got, err := s.Raws(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v, %v", got, err)
	}
	raws := sampleRaws()
	if n, err := s.PutRaw(ctx, raws); err != nil || n != len(raws) {
		t.Fatalf("PutRaw = %d, %v; want %d", n, err, len(raws))
	}
	got, err := s.Raws(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := byID(raws); !reflect.DeepEqual(got, want) {
		t.Errorf("Raws:\n got %+v\nwant %+v", got, want)
	}
}

func testPutRawIdempotent(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	raws := sampleRaws()
	steps := []struct {
		name string
		put  []model.Raw
		want int
	}{
		{"first", raws, len(raws)},
		{"again", raws, 0},
		{"metadata only", []model.Raw{{ID: "b.txt", URI: "elsewhere", Body: []byte("Second\n")}}, 0},
		{"changed body", []model.Raw{{ID: "b.txt", Source: "data", URI: "data/b.txt", Body: []byte("Second, corrected\n")}}, 1},
		{"one new among old", append([]model.Raw{{ID: "d", Body: []byte("new")}}, raws[1:]...), 1},
		{"empty batch", nil, 0},
		// An id given twice with different bodies counts twice; the later wins.
		{"twice in a batch", []model.Raw{{ID: "e", Body: []byte("v1")}, {ID: "a/1", Body: []byte("Ein Cyberangriff auf Kommunen.\n")}, {ID: "e", Body: []byte("v2")}}, 2},
	}
	for _, st := range steps {
		n, err := s.PutRaw(ctx, st.put)
		if err != nil || n != st.want {
			t.Fatalf("%s: PutRaw = %d, %v; want %d", st.name, n, err, st.want)
		}
	}
	got, err := s.Raws(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 || got[2].ID != "b.txt" || string(got[2].Body) != "Second, corrected\n" || got[2].URI != "data/b.txt" {
		t.Errorf("after replace: %+v", got)
	}
	if got[5].ID != "e" || string(got[5].Body) != "v2" {
		t.Errorf("twice in a batch: %+v", got[5])
	}
	if _, err := s.PutRaw(ctx, []model.Raw{{Body: []byte("x")}}); err == nil {
		t.Error("a raw without an id was stored")
	}
}

func testPutRawRollsBack(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	// The bad document comes last: the good ones before it must not stay.
	_, err := s.PutRaw(ctx, append(sampleRaws(), model.Raw{Body: []byte("no id")}))
	if err == nil {
		t.Fatal("no error")
	}
	if got, _ := s.Raws(ctx); len(got) != 0 {
		t.Errorf("%d raws stored by a failed PutRaw", len(got))
	}
}

func sampleSnapshot() Snapshot {
	ev := func(doc string, start, end int, text string) model.Evidence {
		return model.Evidence{Doc: doc, Start: start, End: end, Text: text, Lang: "en"}
	}
	doc := func(id, story string, rel model.Relation) Document {
		text := "Three councils were hit. The NCSC is investigating."
		return Document{
			Doc: model.Doc{
				Article: model.Article{
					ID: id, Source: "seeds", URI: "seeds/" + id, URL: "https://example.com/" + id,
					Published: time.Date(2023, 12, 8, 0, 0, 0, 0, time.UTC),
					Title:     "Cyber attack on councils", TitleLine: 1, Text: text,
					Removed: []model.Removal{{Line: 2, Text: "Source link", Rule: "source-link"}},
					Hash:    Hash([]byte(id)), Lang: "en",
				},
				Lang: "en",
				Sentences: []model.Sentence{
					{Span: model.Span{Start: 0, End: 24}, Text: "Three councils were hit."},
					{Span: model.Span{Start: 25, End: 51}, Text: "The NCSC is investigating."},
				},
				Anchors: []model.Anchor{
					{Kind: model.AnchorNumber, Key: "3", Surface: "Three", Span: model.Span{Start: 0, End: 5}},
					{Kind: model.AnchorAcronym, Key: "ncsc", Surface: "NCSC", Span: model.Span{Start: 29, End: 33}},
				},
			},
			Relation: rel,
			Story:    story,
		}
	}
	return Snapshot{
		Documents: []Document{
			doc("000.txt", "s1", model.Relation{Type: model.RelOriginal}),
			doc("001.txt", "s1", model.Relation{Type: model.RelTranslation, Of: "000.txt", Score: 0.93, Why: "12 shared anchors"}),
			doc("002.txt", "", model.Relation{Type: model.RelIndependent}),
		},
		Stories: []model.Story{
			{ID: "s1", Docs: []string{"001.txt", "000.txt"}, Why: map[string]string{"001.txt": "translation of 000.txt"}},
			{ID: "s2", Docs: []string{"002.txt"}},
		},
		Incidents: []model.Incident{{
			ID: "i1", Story: "s1", Title: "Kent councils cyber incident",
			Victims: []model.Entity{{Name: "Dover District Council", Aliases: []string{"Dover"}, Sector: "government", Country: "GB",
				Evidence: []model.Evidence{ev("000.txt", 0, 24, "Three councils were hit.")}}},
			Country: "GB", CountryEvidence: []model.Evidence{ev("000.txt", 0, 24, "Three councils were hit.")},
			Agencies: []model.Agency{{Name: "NCSC", Role: "investigating", Evidence: []model.Evidence{ev("001.txt", 25, 51, "The NCSC is investigating.")}}},
			Vector:   &model.Vector{Product: "Citrix", Confidence: "suspected", CVEs: []string{"CVE-2023-4966"}},
			Status:   "ongoing",
			Disputes: []model.Dispute{{Claim: "data stolen", By: "LockBit", Against: "no evidence", AgainstBy: "council",
				Evidence: []model.Evidence{ev("000.txt", 0, 5, "Three")}, AgainstEvidence: []model.Evidence{ev("001.txt", 0, 5, "Three")}}},
			People: []model.Person{{Name: "Jane Doe", Role: "spokesperson", Org: "Dover", Variants: []string{"Jane Dough"}}},
		}},
	}
}

// same compares snapshots, ignoring the Updated times.
func same(t *testing.T, got, want Snapshot) {
	t.Helper()
	// Load fills Updated and the documents' Stored times; Save ignores them.
	got.Updated, want.Updated = nil, nil
	got.Documents, want.Documents = withoutStored(got.Documents), withoutStored(want.Documents)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot:\n got %+v\nwant %+v", got, want)
	}
}

func withoutStored(docs []Document) []Document {
	out := slices.Clone(docs)
	for i := range out {
		out[i].Stored = time.Time{}
	}
	return out
}

func testSnapshotRoundTrip(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	empty, err := s.Load(ctx)
	if err != nil || len(empty.Documents)+len(empty.Stories)+len(empty.Incidents) != 0 {
		t.Fatalf("Load before Save: %+v, %v", empty, err)
	}
	before := time.Now()
	snap := sampleSnapshot()
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, snap)
	if u := got.Updated["i1"]; u.Before(before.Add(-time.Second)) || u.After(time.Now()) || len(got.Updated) != 1 {
		t.Errorf("Updated = %v", got.Updated)
	}
}

func testSaveReplaces(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	if err := s.Save(ctx, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	next := Snapshot{
		Documents: []Document{{Doc: model.Doc{Article: model.Article{ID: "009.txt", Text: "New."}, Lang: "fr"}, Story: "s9"}},
		Stories:   []model.Story{{ID: "s9", Docs: []string{"009.txt"}}},
		Incidents: []model.Incident{{ID: "i9", Story: "s9", Title: "Other"}},
	}
	if err := s.Save(ctx, next); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, next)
	if err := s.Save(ctx, Snapshot{}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, Snapshot{})
}

func testSaveAllOrNothing(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	snap := sampleSnapshot()
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	bad := func(change func(*Snapshot)) Snapshot {
		b := sampleSnapshot()
		b.Documents = append([]Document(nil), b.Documents...)
		b.Stories = append([]model.Story(nil), b.Stories...)
		change(&b)
		return b
	}
	tests := []struct {
		name string
		snap Snapshot
		msg  string
	}{
		{"document in a missing story", bad(func(b *Snapshot) { b.Documents[2].Story = "nope" }), "document 002.txt is in story nope"},
		{"story lists a missing document", bad(func(b *Snapshot) { b.Stories[1].Docs = []string{"404"} }), "story s2 lists document 404"},
		{"incident of a missing story", bad(func(b *Snapshot) { b.Incidents[0].Story = "gone" }), "incident i1 is about story gone"},
		{"duplicate document", bad(func(b *Snapshot) { b.Documents[1].ID = "000.txt" }), "document 000.txt given twice"},
		{"document without id", bad(func(b *Snapshot) { b.Documents[0].ID = "" }), "document without an id"},
		// Passes the checks; the database refuses it after the old
		// snapshot was cleared, so the rollback must restore it.
		{"NaN score", bad(func(b *Snapshot) { b.Documents[2].Relation.Score = math.NaN() }), "document 002.txt"},
	}
	for _, tt := range tests {
		err := s.Save(ctx, tt.snap)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: Save error %v, want one mentioning %q", tt.name, err, tt.msg)
		}
		got, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, snap)
	}
}

func testIncidentUpdated(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	snap := sampleSnapshot()
	snap.Incidents = append(snap.Incidents, model.Incident{ID: "i2", Story: "s2", Title: "Second"})
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	first, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	snap.Incidents[1].Status = "resolved"
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	second, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Updated["i1"].Equal(first.Updated["i1"]) {
		t.Errorf("unchanged incident i1: updated %v, then %v", first.Updated["i1"], second.Updated["i1"])
	}
	if !second.Updated["i2"].After(first.Updated["i2"]) {
		t.Errorf("changed incident i2: updated %v, then %v", first.Updated["i2"], second.Updated["i2"])
	}
}

// testConcurrentWriters: two handles on one database (two processes),
// four writers.
func testConcurrentWriters(t *testing.T, b storetest.Backend) {
	target := b.New(t)
	ctx := t.Context()
	stores := []Backend{openTarget(t, target), openTarget(t, target)}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		s := stores[w%2]
		wg.Go(func() {
			for i := range 10 {
				raw := model.Raw{ID: string(rune('a'+w)) + "-" + string(rune('0'+i)), Body: []byte{byte(w), byte(i)}}
				if _, err := s.PutRaw(ctx, []model.Raw{raw}); err != nil {
					errs <- err
				}
				if _, err := s.Load(ctx); err != nil {
					errs <- err
				}
				if i%3 == 0 {
					if err := s.Save(ctx, sampleSnapshot()); err != nil {
						errs <- err
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	raws, err := stores[0].Raws(ctx)
	if err != nil || len(raws) != 40 {
		t.Errorf("%d raws, %v; want 40", len(raws), err)
	}
}

func TestOpenSettings(t *testing.T) {
	// Parent folders are created; '?', '#', '%' and spaces in the path
	// are taken literally.
	dir := filepath.Join(t.TempDir(), "a?b#c%d e", "nested")
	path := filepath.Join(dir, "x.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not at %s: %v", path, err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.db.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
}

func TestOpenMemory(t *testing.T) {
	s, err := Open(t.Context(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.PutRaw(t.Context(), sampleRaws()); err != nil || n != 4 {
		t.Fatalf("PutRaw = %d, %v", n, err)
	}
	if err := s.Save(t.Context(), sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Raws(t.Context()); err != nil || len(got) != 4 {
		t.Errorf("Raws = %d, %v", len(got), err)
	}
}

func appliedMigrations(t *testing.T, s *SQLite) map[int]string {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), "SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int]string{}
	for rows.Next() {
		var v int
		var at string
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		m[v] = at
	}
	return m
}

func TestMigrations(t *testing.T) {
	ctx := t.Context()
	all, err := loadMigrations(migrations, sqliteMigrations)
	if err != nil || len(all) < 2 {
		t.Fatalf("migrations: %d, %v", len(all), err)
	}
	latest := all[len(all)-1].version

	t.Run("open twice", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		first := appliedMigrations(t, s)
		s.Close()
		if len(first) != len(all) {
			t.Fatalf("applied %v, want %d migrations", first, len(all))
		}
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if second := appliedMigrations(t, s); !reflect.DeepEqual(first, second) {
			t.Errorf("second open changed schema_migrations: %v, then %v", first, second)
		}
	})

	t.Run("older database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "old.db")
		// A database made by a casefile that knew only the first migration.
		old, err := open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := migrate(ctx, old.db, firstOnly(t)); err != nil {
			t.Fatal(err)
		}
		if v, _ := schemaVersion(ctx, old.db); v != all[0].version {
			t.Fatalf("old database at version %d", v)
		}
		// Raws as that casefile stored them (the columns of 0001 only).
		for _, r := range sampleRaws() {
			if _, err := old.db.ExecContext(ctx, `INSERT INTO raw (id, hash, source, uri, title, url, published, lang, content_type, body, stored_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, Hash(r.Body), r.Source, r.URI, r.Title, r.URL,
				timeText(r.Published), r.Lang, r.ContentType, r.Body, "2024-01-01T00:00:00Z"); err != nil {
				t.Fatal(err)
			}
		}
		if err := old.Save(ctx, sampleSnapshot()); err == nil {
			t.Fatal("Save worked without the derived tables")
		}
		old.Close()

		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if v, _ := schemaVersion(ctx, s.db); v != latest {
			t.Errorf("migrated to version %d, want %d", v, latest)
		}
		if raws, err := s.Raws(ctx); err != nil || len(raws) != len(sampleRaws()) {
			t.Errorf("raws after migration: %d, %v", len(raws), err)
		}
		if err := s.Save(ctx, sampleSnapshot()); err != nil {
			t.Errorf("Save after migration: %v", err)
		}
	})

	t.Run("newer database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", latest+1, "2030-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if s, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open of a newer database: %v", err)
			if s != nil {
				s.Close()
			}
		}
	})

	t.Run("failed migration rolls back", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bad.db")
		s, err := open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		err = migrate(ctx, s.db, fstest.MapFS{
			"migrations/0001_ok.sql":  {Data: []byte("CREATE TABLE ok (x INTEGER);")},
			"migrations/0002_bad.sql": {Data: []byte("CREATE TABLE half (x INTEGER); INSERT INTO missing VALUES (1);")},
			"migrations/README":       {Data: []byte("not a migration")},
		})
		if err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
			t.Fatalf("migrate error %v", err)
		}
		if v, _ := schemaVersion(ctx, s.db); v != 1 {
			t.Errorf("version %d after a failed second migration, want 1", v)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'").Scan(&n); err != nil || n != 0 {
			t.Errorf("table from the failed migration left behind (%d, %v)", n, err)
		}
	})
}

// firstOnly is the migrations folder as an early casefile had it: only
// the first of today's migrations.
func firstOnly(t *testing.T) fs.FS {
	t.Helper()
	all, err := loadMigrations(migrations, sqliteMigrations)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"migrations/" + all[0].name: {Data: []byte(all[0].sql)}}
}

func TestDefaultPath(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	got, err := DefaultPath()
	if err != nil || got != filepath.Join(xdg, "casefile", "casefile.db") {
		t.Errorf("DefaultPath() = %q, %v", got, err)
	}

	home := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		goos string
		env  map[string]string
		home func() (string, error)
		want string
	}{
		{"linux", nil, home, "/home/u/.local/share/casefile/casefile.db"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, home, "/data/casefile/casefile.db"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, home, "/home/u/.local/share/casefile/casefile.db"},
		{"darwin", nil, home, "/home/u/Library/Application Support/casefile/casefile.db"},
		{"windows", map[string]string{"LocalAppData": "/appdata"}, noHome, "/appdata/casefile/casefile.db"},
		{"windows", nil, home, ""},
		{"linux", nil, noHome, ""},
	}
	for _, tt := range tests {
		got, err := defaultPath(tt.goos, func(k string) string { return tt.env[k] }, tt.home)
		if got != filepath.FromSlash(tt.want) || (err == nil) != (tt.want != "") {
			t.Errorf("%s %v: %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
}

func TestHash(t *testing.T) {
	if got := Hash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
}

// testDocumentStored checks that Load gives each document the time its raw
// version was stored, and zero for a document without a raw.
func testDocumentStored(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	before := time.Now().Add(-time.Second)
	if _, err := s.PutRaw(ctx, []model.Raw{{ID: "000.txt", Body: []byte("Three councils were hit.")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]time.Time{}
	for _, d := range got.Documents {
		stored[d.ID] = d.Stored
	}
	if st := stored["000.txt"]; st.Before(before) || st.After(time.Now()) {
		t.Errorf("000.txt stored at %v, want about now", st)
	}
	if st := stored["001.txt"]; !st.IsZero() {
		t.Errorf("001.txt has no raw but stored at %v", st)
	}
}
