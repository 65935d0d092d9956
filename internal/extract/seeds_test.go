package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/model"
)

// seedDoc is the part of seeds-expected.json these tests check.
type seedDoc struct {
	Language    string  `json:"language"`
	Title       *string `json:"title"`
	Boilerplate []int   `json:"boilerplate_lines"`
}

// loadSeeds reads the seed documents and their expectations, skipping
// the test (failing it on CI) when the shared folder is missing.
func loadSeeds(t *testing.T) ([]model.Raw, map[string]seedDoc) {
	t.Helper()
	seedsDir := sharedtest.Path(t, "seeds")
	exp, err := os.ReadFile(filepath.Join(seedsDir, "..", "seeds-expected.json"))
	if err != nil {
		t.Fatalf("read seed expectations: %v", err)
	}
	var gold struct {
		Documents map[string]seedDoc `json:"documents"`
	}
	if err := json.Unmarshal(exp, &gold); err != nil {
		t.Fatalf("parse seed expectations: %v", err)
	}
	var raws []model.Raw
	names := make([]string, 0, len(gold.Documents))
	for name := range gold.Documents {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		body, err := os.ReadFile(filepath.Join(seedsDir, name))
		if err != nil {
			t.Fatalf("read seed %s: %v", name, err)
		}
		raws = append(raws, model.Raw{ID: name, Source: seedsDir, URI: filepath.Join(seedsDir, name), Body: body, ContentType: "text/plain"})
	}
	return raws, gold.Documents
}

func TestSeeds(t *testing.T) {
	raws, gold := loadSeeds(t)
	learned := NewRepeated()
	for _, r := range raws {
		learned.Add(r)
	}
	for _, rep := range []*Repeated{nil, learned} {
		name := "general-rules"
		if rep != nil {
			name = "with-learned-lines"
		}
		t.Run(name, func(t *testing.T) {
			for _, r := range raws {
				want := gold[r.ID]
				a := Clean(r, rep)
				var got []int
				for _, rm := range a.Removed {
					got = append(got, rm.Line)
				}
				if !slices.Equal(got, want.Boilerplate) {
					t.Errorf("%s: removed lines %v, want %v", r.ID, got, want.Boilerplate)
					for _, rm := range a.Removed {
						t.Logf("  line %d by %s", rm.Line, rm.Rule)
					}
				}
				wantTitle := ""
				if want.Title != nil {
					wantTitle = *want.Title
				}
				if a.Title != wantTitle {
					t.Errorf("%s: title %q, want %q", r.ID, a.Title, wantTitle)
				}
			}
		})
	}
}

// The seeds come out right on structure alone, without the vocabulary
// rules (time stamps, ad labels, footers, widget labels): the head and
// tail rules, duplicates, breadcrumbs, contacts and signatures suffice.
func TestSeedsStructural(t *testing.T) {
	raws, gold := loadSeeds(t)
	var rules []lineRule
	for _, r := range lineRules {
		switch r.name {
		case RuleAge, RuleAd, RuleFooter, RuleWidget:
		default:
			rules = append(rules, r)
		}
	}
	for _, r := range raws {
		a := clean(r, nil, rules)
		var got []int
		for _, rm := range a.Removed {
			got = append(got, rm.Line)
		}
		if want := gold[r.ID].Boilerplate; !slices.Equal(got, want) {
			t.Errorf("%s: removed lines %v, want %v", r.ID, got, want)
		}
	}
}

func TestSeedsLearned(t *testing.T) {
	raws, _ := loadSeeds(t)
	rep := NewRepeated()
	for _, r := range raws {
		rep.Add(r)
	}
	// Count, per short line, the seed documents it occurs in.
	docs := make(map[string]map[string]bool)
	for _, r := range raws {
		for _, l := range splitLines(r.Body) {
			if l.key == "" {
				continue
			}
			if docs[l.text] == nil {
				docs[l.text] = make(map[string]bool)
			}
			docs[l.text][r.ID] = true
		}
	}
	shared := 0
	for text, in := range docs {
		want := len(in) >= 2 && learnable(text)
		if want {
			shared++
		}
		if got := rep.Is(raws[0].Source, text); got != want {
			t.Errorf("Is(%q) = %v, want %v (in %d documents)", text, got, want, len(in))
		}
	}
	// The seeds share one aggregator footer.
	if shared != 1 {
		t.Errorf("%d learned lines, want 1", shared)
	}
}
