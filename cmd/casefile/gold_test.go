package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/export"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// gold is the format of ../shared/seeds-expected.json and of the sample
// corpus's testdata/expected.json.
type gold struct {
	Documents map[string]struct {
		Language        string  `json:"language"`
		Title           *string `json:"title"`
		BoilerplateLine []int   `json:"boilerplate_lines"`
		Relation        struct {
			Type string `json:"type"`
			Of   string `json:"of"`
		} `json:"relation"`
	} `json:"documents"`
	Stories  [][]string `json:"stories"`
	Incident struct {
		Must struct {
			Victims    []string                                    `json:"victims"`
			Country    string                                      `json:"country"`
			Region     string                                      `json:"region"`
			Shared     string                                      `json:"shared_service_provider"`
			Supplier   string                                      `json:"supplier"`
			Agencies   []string                                    `json:"agencies"`
			Services   []string                                    `json:"affected_services"`
			Vector     struct{ Product, Vendor, ClaimedBy string } `json:"suspected_vector"`
			Status     string                                      `json:"status"`
			Disputed   []struct{ Claim, By, Against string }       `json:"disputed"`
			NotVictims []string                                    `json:"not_victims"`
		} `json:"must"`
		May struct {
			Aliases map[string][]string `json:"aliases"`
			People  map[string]string   `json:"people"`
		} `json:"may"`
	} `json:"incident"`
}

func (g *gold) UnmarshalJSON(b []byte) error {
	type plain gold
	// suspected_vector uses snake case.
	var aux struct {
		Incident struct {
			Must struct {
				Vector struct {
					Product   string `json:"product"`
					Vendor    string `json:"vendor"`
					ClaimedBy string `json:"claimed_by"`
				} `json:"suspected_vector"`
			} `json:"must"`
		} `json:"incident"`
	}
	if err := json.Unmarshal(b, (*plain)(g)); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	v := aux.Incident.Must.Vector
	g.Incident.Must.Vector.Product, g.Incident.Must.Vector.Vendor, g.Incident.Must.Vector.ClaimedBy = v.Product, v.Vendor, v.ClaimedBy
	return nil
}

func readGold(t *testing.T, path string) gold {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read gold: %v", err)
	}
	var g gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("parse gold %s: %v", path, err)
	}
	return g
}

// casefile runs the CLI in-process and returns its stdout.
func casefile(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code, err := run(context.Background(), args, &out, &errb)
	if err != nil {
		t.Logf("casefile %v: %v", args, err)
	}
	if errb.Len() > 0 && testing.Verbose() {
		t.Logf("stderr: %s", errb.String())
	}
	return out.String(), code
}

func exportBundle(t *testing.T, db string) export.Bundle {
	t.Helper()
	out, code := casefile(t, "--db", db, "--quiet", "export", "--format", "json")
	if code != 0 {
		t.Fatalf("export exited %d", code)
	}
	var b export.Bundle
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("parse export: %v", err)
	}
	return b
}

func folded(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fold.Key(s)
	}
	slices.Sort(out)
	return out
}

// contentWords are the words of s that carry meaning.
func contentWords(s string) []string {
	stop := map[string]bool{"the": true, "a": true, "an": true, "of": true, "to": true, "in": true, "this": true,
		"that": true, "from": true, "by": true, "is": true, "was": true, "were": true, "had": true, "has": true,
		"been": true, "any": true, "s": true, "says": true, "said": true, "it": true, "its": true, "where": true}
	var out []string
	for _, w := range strings.Fields(fold.Key(s)) {
		if !stop[w] {
			out = append(out, w)
		}
	}
	return out
}

// overlap is the share of want's content words found in got.
func overlap(want, got string) float64 {
	ws := contentWords(want)
	if len(ws) == 0 {
		return 1
	}
	have := map[string]bool{}
	for _, w := range contentWords(got) {
		have[w] = true
		have[strings.TrimSuffix(w, "s")] = true
	}
	n := 0
	for _, w := range ws {
		if have[w] || have[strings.TrimSuffix(w, "s")] {
			n++
		}
	}
	return float64(n) / float64(len(ws))
}

// checkGold asserts every "must" of g against the export, and logs how
// many "may" facts were found.
func checkGold(t *testing.T, g gold, b export.Bundle) {
	t.Helper()
	docs := map[string]export.Document{}
	for _, d := range b.Documents {
		docs[d.ID] = d
	}
	for id, want := range g.Documents {
		d, ok := docs[id]
		if !ok {
			t.Errorf("document %s missing from export", id)
			continue
		}
		if d.Lang != want.Language {
			t.Errorf("%s: lang %q, want %q", id, d.Lang, want.Language)
		}
		if want.Title != nil && d.Title != *want.Title {
			t.Errorf("%s: title %q, want %q", id, d.Title, *want.Title)
		}
		if !slices.Equal(d.RemovedLines, want.BoilerplateLine) {
			t.Errorf("%s: removed lines %v, want %v", id, d.RemovedLines, want.BoilerplateLine)
		}
		if d.Relation.Type != want.Relation.Type || d.Relation.Of != want.Relation.Of && want.Relation.Of != "" {
			t.Errorf("%s: relation %s of %q, want %s of %q", id, d.Relation.Type, d.Relation.Of, want.Relation.Type, want.Relation.Of)
		}
	}
	for _, ws := range g.Stories {
		story := docs[ws[0]].Story
		var got []string
		for _, d := range b.Documents {
			if d.Story == story {
				got = append(got, d.ID)
			}
		}
		slices.Sort(got)
		w := slices.Clone(ws)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("story of %s holds %v, want %v", ws[0], got, w)
		}
	}
	var inc *model.Incident
	for i := range b.Incidents {
		if b.Incidents[i].Story == docs[g.Stories[0][0]].Story {
			inc = &b.Incidents[i]
		}
	}
	if inc == nil {
		t.Fatalf("no incident for the story")
	}
	must := g.Incident.Must
	var victims []string
	for _, v := range inc.Victims {
		victims = append(victims, v.Name)
		if len(v.Evidence) == 0 {
			t.Errorf("victim %s has no evidence", v.Name)
		}
		checkEvidence(t, docs, v.Evidence)
	}
	if got, want := folded(victims), folded(must.Victims); !slices.Equal(got, want) {
		t.Errorf("victims %v, want %v", victims, must.Victims)
	}
	for _, nv := range must.NotVictims {
		if slices.Contains(folded(victims), fold.Key(nv)) {
			t.Errorf("%s must not be a victim", nv)
		}
	}
	if inc.Country != must.Country {
		t.Errorf("country %q, want %q", inc.Country, must.Country)
	}
	if fold.Key(inc.Region) != fold.Key(must.Region) {
		t.Errorf("region %q, want %q", inc.Region, must.Region)
	}
	role := map[string]string{}
	for _, p := range inc.Providers {
		role[fold.Key(p.Name)] = p.Role
		checkEvidence(t, docs, p.Evidence)
	}
	if role[fold.Key(must.Shared)] != model.RoleSharedService {
		t.Errorf("shared-service provider %q not found in %+v", must.Shared, role)
	}
	if role[fold.Key(must.Supplier)] != model.RoleSupplier {
		t.Errorf("supplier %q not found in %+v", must.Supplier, role)
	}
	if len(role) != 2 {
		t.Errorf("providers %+v, want exactly %s and %s", role, must.Shared, must.Supplier)
	}
	var agencies []string
	for _, a := range inc.Agencies {
		agencies = append(agencies, a.Name)
		checkEvidence(t, docs, a.Evidence)
	}
	if got, want := folded(agencies), folded(must.Agencies); !slices.Equal(got, want) {
		t.Errorf("agencies %v, want %v", agencies, must.Agencies)
	}
	var services []string
	for _, s := range inc.Services {
		services = append(services, s.Name)
		checkEvidence(t, docs, s.Evidence)
	}
	if got, want := folded(services), folded(must.Services); !slices.Equal(got, want) {
		t.Errorf("services %v, want %v", services, must.Services)
	}
	if v := inc.Vector; v == nil {
		t.Errorf("no vector, want %+v", must.Vector)
	} else {
		if fold.Key(v.Product) != fold.Key(must.Vector.Product) || fold.Key(v.Vendor) != fold.Key(must.Vector.Vendor) || fold.Key(v.ClaimedBy) != fold.Key(must.Vector.ClaimedBy) {
			t.Errorf("vector %s / %s / %s, want %+v", v.Product, v.Vendor, v.ClaimedBy, must.Vector)
		}
		if v.Confidence != "suspected" {
			t.Errorf("vector confidence %q, want suspected", v.Confidence)
		}
		checkEvidence(t, docs, v.Evidence)
	}
	if inc.Status != must.Status {
		t.Errorf("status %q, want %q", inc.Status, must.Status)
	}
	for _, wd := range must.Disputed {
		found := false
		for _, d := range inc.Disputes {
			if fold.Key(d.By) == fold.Key(wd.By) && overlap(wd.Claim, d.Claim) >= 0.75 {
				found = true
				checkEvidence(t, docs, d.Evidence)
				checkEvidence(t, docs, d.AgainstEvidence)
				if len(d.AgainstEvidence) == 0 {
					t.Errorf("dispute %q has no evidence against it", d.Claim)
				}
			}
		}
		if !found {
			t.Errorf("dispute %+v not found in %+v", wd, inc.Disputes)
		}
	}
	if len(inc.Disputes) != len(must.Disputed) {
		t.Errorf("%d disputes, want %d", len(inc.Disputes), len(must.Disputed))
	}
	// May: report, do not fail.
	people := 0
	for name := range g.Incident.May.People {
		for _, p := range inc.People {
			if fold.Key(p.Name) == fold.Key(name) || slices.Contains(folded(p.Variants), fold.Key(name)) {
				people++
				break
			}
		}
	}
	t.Logf("may: %d of %d people found", people, len(g.Incident.May.People))
}

// checkEvidence asserts that each evidence's span lies in its document's
// text and its sentence contains the span.
func checkEvidence(t *testing.T, docs map[string]export.Document, evs []model.Evidence) {
	t.Helper()
	for _, e := range evs {
		d, ok := docs[e.Doc]
		if !ok {
			t.Errorf("evidence points at unknown document %q", e.Doc)
			continue
		}
		r := []rune(d.Text)
		if e.Start < 0 || e.End > len(r) || e.Start >= e.End {
			t.Errorf("evidence span %d-%d out of %s (%d runes)", e.Start, e.End, e.Doc, len(r))
			continue
		}
		if span := string(r[e.Start:e.End]); !strings.Contains(e.Text, span) {
			t.Errorf("evidence sentence %q does not contain its span %q", e.Text, span)
		}
	}
}
