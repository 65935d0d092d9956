package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/export/stix/stixcheck"
)

// stixChecker compiles the OASIS STIX 2.1 schemas from ../shared.
func stixChecker(t *testing.T) *stixcheck.Checker {
	t.Helper()
	ck, err := stixcheck.New(filepath.Join(sharedtest.Path(t), "data", "stix2-schemas", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// TestExportSTIX: the sample's bundle, to stdout and to a file, is the
// same and valid; a bad TLP level is refused.
func TestExportSTIX(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	out, code := casefile(t, "--db", db, "--quiet", "export", "--format", "stix", "--tlp", "amber")
	if code != 0 {
		t.Fatalf("export exited %d", code)
	}
	file := filepath.Join(t.TempDir(), "bundle.json")
	if _, code := casefile(t, "--db", db, "--quiet", "export", "--format", "stix", "--tlp", "amber", "--out", file); code != 0 {
		t.Fatalf("export --out exited %d", code)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != out {
		t.Error("the bundle written to a file differs from the one written to stdout")
	}
	if _, code := casefile(t, "--db", db, "--quiet", "export", "--format", "stix", "--tlp", "purple"); code != 2 {
		t.Errorf("--tlp purple exited %d, want 2", code)
	}
	for _, err := range stixChecker(t).Check(b) {
		t.Error(err)
	}
}

// TestSeedsSTIX validates the bundle of the shared seeds.
func TestSeedsSTIX(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	out, code := casefile(t, "--db", db, "--quiet", "export", "--format", "stix")
	if code != 0 {
		t.Fatalf("export exited %d", code)
	}
	if n := strings.Count(out, `"type": "incident"`); n == 0 {
		t.Error("the seeds' bundle holds no incident")
	}
	for _, err := range stixChecker(t).Check([]byte(out)) {
		t.Error(err)
	}
}

// TestExportMISP writes the demo's feed folder and reads its manifest.
func TestExportMISP(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "export", "--format", "misp"); code != 2 {
		t.Errorf("misp without --out exited %d, want 2", code)
	}
	dir := filepath.Join(t.TempDir(), "feed")
	if _, code := casefile(t, "--db", db, "--quiet", "export", "--format", "misp", "--out", dir, "--tlp", "green"); code != 0 {
		t.Fatalf("export exited %d", code)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest map[string]struct {
		Info string `json:"info"`
		Tag  []struct {
			Name string `json:"name"`
		} `json:"Tag"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest) != 1 {
		t.Fatalf("manifest lists %d events, want the demo's one", len(manifest))
	}
	for id, m := range manifest {
		if _, err := os.Stat(filepath.Join(dir, id+".json")); err != nil || m.Info == "" || m.Tag[0].Name != "tlp:green" {
			t.Errorf("event %s: %+v, %v", id, m, err)
		}
	}
}
