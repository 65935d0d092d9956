package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/store/storetest"
)

// TestBackendsAgree ingests the same input into a SQLite file and into
// a PostgreSQL database (--db postgres://...) through the command line,
// in a different order of batches, and expects byte-identical JSON
// exports: the same documents, relations, stories and incidents. The
// input is the bundled sample corpus, plus ../shared/seeds when present.
func TestBackendsAgree(t *testing.T) {
	pg := storetest.Postgres(t)
	lite := storetest.SQLite(t)
	// No KEV catalogue from the user's data folder (where a postgres://
	// --db would look for one).
	kev := filepath.Join(t.TempDir(), "kev.json")
	batches := [][]string{{"demo"}}
	if seeds := seedsDir(t); seeds != "" {
		batches = append(batches, []string{"ingest", seeds})
	}
	ingest := func(db string, order []int) {
		t.Helper()
		for _, i := range order {
			args := append([]string{"--db", db, "--kev", kev, "--quiet"}, batches[i]...)
			if out, code := casefile(t, args...); code != 0 {
				t.Fatalf("casefile %s: exit %d: %s", strings.Join(args, " "), code, out)
			}
		}
	}
	var forward, backward []int
	for i := range batches {
		forward = append(forward, i)
		backward = append([]int{i}, backward...)
	}
	ingest(lite, forward)
	ingest(pg, backward)

	export := func(db string) []byte {
		t.Helper()
		out, code := casefile(t, "--db", db, "--kev", kev, "--quiet", "export", "--format", "json")
		if code != 0 {
			t.Fatalf("export from %s exited %d", db, code)
		}
		return []byte(out)
	}
	a, b := export(lite), export(pg)
	if len(a) < 1000 || !bytes.Contains(a, []byte(`"incidents": [`)) {
		t.Fatalf("SQLite export is too small to compare: %s", a)
	}
	if !bytes.Equal(a, b) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "sqlite.json"), a, 0o644)
		os.WriteFile(filepath.Join(dir, "postgres.json"), b, 0o644)
		t.Errorf("exports differ (%d and %d bytes); compare %s/sqlite.json and postgres.json", len(a), len(b), dir)
	}
	bundle := exportBundle(t, pg)
	t.Logf("%d documents, %d stories, %d incidents on both", len(bundle.Documents), len(bundle.Stories), len(bundle.Incidents))
}

// seedsDir is ../shared/seeds, or "" when it is absent (a failure when
// CI=true): then only the sample corpus is compared.
func seedsDir(t *testing.T) string {
	t.Helper()
	dir, _ := sharedtest.Lookup(t, "seeds")
	return dir
}

// TestBackendsAgreeIncremental: 'ingest --incremental', one article per
// batch, leaves byte-identical exports in SQLite and PostgreSQL.
func TestBackendsAgreeIncremental(t *testing.T) {
	seeds := seedsDir(t)
	if seeds == "" {
		t.Skip("no ../shared/seeds")
	}
	pg := storetest.Postgres(t)
	lite := storetest.SQLite(t)
	kev := filepath.Join(t.TempDir(), "kev.json")
	export := func(db string) []byte {
		t.Helper()
		if out, code := casefile(t, "--db", db, "--kev", kev, "--quiet", "ingest", "--incremental", "--batch-size", "1", seeds); code != 0 {
			t.Fatalf("ingest --incremental into %s: exit %d: %s", db, code, out)
		}
		out, code := casefile(t, "--db", db, "--kev", kev, "--quiet", "export", "--format", "json")
		if code != 0 {
			t.Fatalf("export from %s exited %d", db, code)
		}
		return []byte(out)
	}
	a, b := export(lite), export(pg)
	if len(a) < 1000 || !bytes.Equal(a, b) {
		t.Errorf("exports differ or are empty (%d and %d bytes)", len(a), len(b))
	}
}
