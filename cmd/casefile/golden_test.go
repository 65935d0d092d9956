package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/casefile/casefile/internal/dict/dicttest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestSampleGolden pins the whole JSON export of the bundled sample corpus
// (our own text): any change in cleaning, relations, stories or incident
// records shows up as a diff. Refresh with: go test ./cmd/casefile -run Golden -update
func TestSampleGolden(t *testing.T) {
	dicttest.Require(t, dicttest.Sample...) // the golden file has the dictionary scores
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	got, code := casefile(t, "--db", db, "--quiet", "export", "--format", "json")
	if code != 0 {
		t.Fatalf("export exited %d", code)
	}
	path := filepath.Join("testdata", "sample-export.golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("export of the sample differs from %s; if the change is intended, rerun with -update and review the diff", path)
	}
}
