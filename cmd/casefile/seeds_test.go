package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"
)

// TestSeeds ingests ../shared/seeds and checks the export against
// ../shared/seeds-expected.json.
func TestSeeds(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	checkGold(t, readGold(t, filepath.Join(shared, "seeds-expected.json")), exportBundle(t, db))
	// Re-ingesting changes nothing.
	before := exportBundle(t, db)
	out, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds"))
	if code != 0 || !strings.Contains(out, "(0 new or changed") {
		t.Errorf("second ingest: exit %d, %q", code, out)
	}
	if after := exportBundle(t, db); !reflect.DeepEqual(before, after) {
		t.Errorf("re-ingesting the same input changed the export")
	}
}

// TestSample checks the bundled sample corpus against its own gold.
func TestSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	checkGold(t, readGold(t, filepath.Join("..", "..", "internal", "sample", "testdata", "expected.json")), exportBundle(t, db))
}

// TestSeedsRenamed renames the councils and the providers consistently in
// the seeds' text and expects the renamed record: the answer must come
// from the text, not from these five files.
func TestSeedsRenamed(t *testing.T) {
	shared := sharedtest.Path(t)
	dir := t.TempDir()
	rename := strings.NewReplacer(
		"East Kent Services", "North Weald Services", "EK Services", "NW Services", "EKS", "NWS",
		"Canterbury", "Wexcombe", "Douvres", "Brindlemouth", "Dover", "Brindlemouth", "Thanet", "Sallowmere",
		"Civica", "Norvanta",
	)
	entries, err := os.ReadDir(filepath.Join(shared, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(shared, "seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(rename.Replace(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(shared, "seeds-expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(t.TempDir(), "gold.json")
	if err := os.WriteFile(renamed, []byte(rename.Replace(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	g := readGold(t, renamed)
	m := &g.Incident.Must
	t.Logf("renamed victims %v, provider %s, supplier %s", m.Victims, m.Shared, m.Supplier)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", dir); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	checkGold(t, g, exportBundle(t, db))
}

// TestSeedsShuffled ingests the seeds one file at a time in shuffled
// orders and expects the same stories, relations and incidents.
func TestSeedsShuffled(t *testing.T) {
	shared := sharedtest.Path(t)
	entries, err := os.ReadDir(filepath.Join(shared, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	var ref any
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 7))
		perm := rng.Perm(len(entries))
		db := filepath.Join(t.TempDir(), fmt.Sprintf("c%d.db", seed))
		for _, i := range perm {
			if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds", entries[i].Name())); code != 0 {
				t.Fatalf("ingest exited %d", code)
			}
		}
		b := exportBundle(t, db)
		got := []any{b.Stories, b.Incidents, relations(b)}
		if ref == nil {
			ref = got
			continue
		}
		if !reflect.DeepEqual(ref, got) {
			t.Errorf("order %v gave different stories or incidents", perm)
		}
	}
}

// TestExposureSeeds: after ingesting the seeds, `casefile exposure Civica`
// lists the three councils with evidence.
func TestExposureSeeds(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	for _, name := range []string{"Civica", "EKS", "Pulse Secure"} {
		out, code := casefile(t, "--db", db, "--quiet", "exposure", name)
		if code != 0 {
			t.Fatalf("exposure %s exited %d", name, code)
		}
		for _, v := range []string{"Canterbury City Council", "Dover District Council", "Thanet District Council"} {
			if !strings.Contains(out, "victim: "+v) {
				t.Errorf("exposure %s does not list %s:\n%s", name, v, out)
			}
		}
		if !strings.Contains(out, "    [") {
			t.Errorf("exposure %s shows no evidence:\n%s", name, out)
		}
	}
}

// TestSeedsKEV: with the KEV catalogue, the Ivanti VPN named without ids
// is linked to the two CVEs, as suspicions.
func TestSeedsKEV(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--kev", filepath.Join(shared, "data", "kev.json"), "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	b := exportBundle(t, db)
	if len(b.Incidents) != 1 {
		t.Fatalf("%d incidents", len(b.Incidents))
	}
	got := map[string]string{}
	for _, v := range b.Incidents[0].Vulnerabilities {
		got[v.ID] = v.Source
		if len(v.Evidence) == 0 {
			t.Errorf("%s has no evidence", v.ID)
		}
	}
	for _, id := range []string{"CVE-2023-46805", "CVE-2024-21887"} {
		if got[id] != "suspected, via KEV" {
			t.Errorf("%s: %q, want suspected, via KEV (got %v)", id, got[id], got)
		}
	}
	if len(got) != 2 {
		t.Errorf("vulnerabilities %v, want exactly the two", got)
	}
}
