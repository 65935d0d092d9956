package analyze

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
)

// seedsDir holds the shared seed documents, outside the project tree:
// their text must not be copied into it.
const seedsDir = "../../../shared/seeds"

func TestSeedLanguages(t *testing.T) {
	exp, err := os.ReadFile(filepath.Join(seedsDir, "..", "seeds-expected.json"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("read seed expectations: %v", err)
		}
		t.Skipf("seed documents not available (%v): put them in %s to run this test", err, seedsDir)
	}
	var gold struct {
		Documents map[string]struct {
			Language string `json:"language"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(exp, &gold); err != nil {
		t.Fatalf("parse seed expectations: %v", err)
	}
	if len(gold.Documents) == 0 {
		t.Fatal("no seed documents in the expectations")
	}
	for name, want := range gold.Documents {
		body, err := os.ReadFile(filepath.Join(seedsDir, name))
		if err != nil {
			t.Fatalf("read seed %s: %v", name, err)
		}
		d := Analyze(extract.Clean(model.Raw{ID: name, Source: seedsDir, Body: body}, nil))
		if d.Lang != want.Language {
			t.Errorf("%s: language %q, want %q", name, d.Lang, want.Language)
		}
		checkSentences(t, d.Text, d.Sentences)
		checkAnchors(t, d.Text, d.Anchors)
	}
}
