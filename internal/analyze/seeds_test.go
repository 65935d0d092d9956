package analyze

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
)

func TestSeedLanguages(t *testing.T) {
	seedsDir := sharedtest.Path(t, "seeds")
	exp, err := os.ReadFile(filepath.Join(seedsDir, "..", "seeds-expected.json"))
	if err != nil {
		t.Fatalf("read seed expectations: %v", err)
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
