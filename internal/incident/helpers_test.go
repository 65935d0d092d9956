package incident_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

// All organisations, people, places and products in these tests are
// invented; countries and agencies are real.

// docsOf builds a story's documents through the real stages: each body
// is one raw document (lead first), cleaned and analysed.
func docsOf(bodies ...string) []model.Doc {
	docs := make([]model.Doc, 0, len(bodies))
	for i, b := range bodies {
		id := fmt.Sprintf("doc%d", i+1)
		a := extract.Clean(model.Raw{ID: id, Body: []byte(b), Source: "src-" + id}, nil)
		docs = append(docs, analyze.Analyze(a))
	}
	return docs
}

// run extracts the incident of a story of bodies and checks its evidence.
// Bodies that read as English must be detected as English: the incident
// patterns read English documents only, and a short text detected as
// another language would make a case pass or fail for the wrong reason.
func run(t *testing.T, opt incident.Options, bodies ...string) model.Incident {
	t.Helper()
	docs := docsOf(bodies...)
	for _, d := range docs {
		if d.Lang != "en" && looksEnglish(d.Text) {
			t.Fatalf("%s detected as %q; lengthen the test text: %q", d.ID, d.Lang, d.Text)
		}
	}
	inc := incident.Extract("story-1", docs, opt)
	checkIncident(t, docs, inc)
	return inc
}

// looksEnglish reports whether text has English function words.
func looksEnglish(text string) bool {
	n := 0
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,;:") {
		case "the", "was", "said", "had", "its", "and", "with", "were", "has", "is", "it":
			n++
		}
	}
	return n >= 2
}

// evidenceOf lists every evidence of an incident under the field that
// carries it.
func evidenceOf(inc model.Incident) map[string][]model.Evidence {
	out := map[string][]model.Evidence{
		"country":  inc.CountryEvidence,
		"region":   inc.RegionEvidence,
		"status":   inc.StatusEvidence,
		"affected": inc.AffectedEvidence,
		"records":  inc.RecordsEvidence,
		"ransom":   inc.RansomEvidence,
		"data":     inc.DataAccessedEvidence,
	}
	for _, a := range inc.Actors {
		out["actor "+a.Name] = a.Evidence
	}
	for i, c := range inc.StatusHistory {
		out[fmt.Sprintf("status change %d", i)] = c.Evidence
	}
	for _, v := range inc.Victims {
		out["victim "+v.Name] = v.Evidence
	}
	for _, p := range inc.Providers {
		out["provider "+p.Name] = p.Evidence
	}
	for _, a := range inc.Agencies {
		out["agency "+a.Name] = a.Evidence
	}
	for _, s := range inc.Services {
		out["service "+s.Name] = s.Evidence
	}
	if inc.Vector != nil {
		out["vector"] = inc.Vector.Evidence
	}
	for i, d := range inc.Disputes {
		out[fmt.Sprintf("dispute %d claim", i)] = d.Evidence
		out[fmt.Sprintf("dispute %d against", i)] = d.AgainstEvidence
	}
	for _, p := range inc.People {
		out["person "+p.Name] = p.Evidence
	}
	for _, r := range inc.Related {
		out["related "+r.Victim] = r.Evidence
	}
	return out
}

// checkIncident asserts the invariants every record keeps: each fact
// carries evidence; each evidence names a document of the story, its span
// lies inside the document's clean text and inside the sentence it
// quotes, which is one of the document's sentences; the span of a named
// entity's evidence spells one of the entity's names.
func checkIncident(t testing.TB, docs []model.Doc, inc model.Incident) {
	t.Helper()
	byID := map[string]*model.Doc{}
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	for field, evs := range evidenceOf(inc) {
		for _, ev := range evs {
			d := byID[ev.Doc]
			if d == nil {
				t.Errorf("%s: evidence names unknown document %q", field, ev.Doc)
				continue
			}
			rs := []rune(d.Text)
			if ev.Start < 0 || ev.End <= ev.Start || ev.End > len(rs) {
				t.Errorf("%s: span [%d,%d) outside %s's text (%d runes)", field, ev.Start, ev.End, d.ID, len(rs))
				continue
			}
			span := string(rs[ev.Start:ev.End])
			if !strings.Contains(ev.Text, span) {
				t.Errorf("%s: sentence %q does not contain span %q", field, ev.Text, span)
			}
			if ev.Lang != d.Lang {
				t.Errorf("%s: evidence language %q, document %q", field, ev.Lang, d.Lang)
			}
			found := false
			for _, s := range d.Sentences {
				if s.Text == ev.Text && s.Start <= ev.Start && ev.End <= s.End {
					if got := string([]rune(s.Text)[ev.Start-s.Start : ev.End-s.Start]); got != span {
						t.Errorf("%s: span %q is %q at its place in the sentence", field, span, got)
					}
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no sentence of %s is %q around [%d,%d)", field, d.ID, ev.Text, ev.Start, ev.End)
			}
		}
	}
	need := func(field string, evs []model.Evidence) {
		if len(evs) == 0 {
			t.Errorf("%s has no evidence", field)
		}
	}
	spells := func(field, name string, aliases []string, evs []model.Evidence) {
		names := append([]string{name}, aliases...)
		for _, ev := range evs {
			d := byID[ev.Doc]
			if d == nil || ev.End > len([]rune(d.Text)) || ev.Start < 0 || ev.Start >= ev.End {
				continue
			}
			span := fold.Key(string([]rune(d.Text)[ev.Start:ev.End]))
			if !slices.ContainsFunc(names, func(n string) bool { return fold.Key(n) == span }) {
				t.Errorf("%s: evidence span %q spells none of %q", field, span, names)
			}
		}
	}
	for _, v := range inc.Victims {
		need("victim "+v.Name, v.Evidence)
		spells("victim "+v.Name, v.Name, v.Aliases, v.Evidence)
	}
	for _, p := range inc.Providers {
		need("provider "+p.Name, p.Evidence)
		spells("provider "+p.Name, p.Name, p.Aliases, p.Evidence)
	}
	for _, a := range inc.Agencies {
		need("agency "+a.Name, a.Evidence)
	}
	for _, s := range inc.Services {
		need("service "+s.Name, s.Evidence)
	}
	for _, p := range inc.People {
		need("person "+p.Name, p.Evidence)
	}
	for _, r := range inc.Related {
		need("related "+r.Victim, r.Evidence)
	}
	for i, d := range inc.Disputes {
		need(fmt.Sprintf("dispute %d claim", i), d.Evidence)
		need(fmt.Sprintf("dispute %d against", i), d.AgainstEvidence)
	}
	// A fact that is stated has its sentences.
	for _, f := range []struct {
		name   string
		stated bool
		evs    []model.Evidence
	}{
		{"country", inc.Country != "", inc.CountryEvidence},
		{"region", inc.Region != "", inc.RegionEvidence},
		{"status", inc.Status != "unknown", inc.StatusEvidence},
		{"affected", inc.Affected != "", inc.AffectedEvidence},
		{"records", inc.Records != "", inc.RecordsEvidence},
		{"ransom", inc.Ransom != "", inc.RansomEvidence},
		{"data accessed", inc.DataAccessed != "unknown", inc.DataAccessedEvidence},
	} {
		if f.stated {
			need(f.name, f.evs)
		}
	}
	if inc.Vector != nil {
		need("vector", inc.Vector.Evidence)
	}
	for _, a := range inc.Actors {
		need("actor "+a.Name, a.Evidence)
		spells("actor "+a.Name, a.Name, a.Aliases, a.Evidence)
	}
}

func victimNames(inc model.Incident) []string {
	var out []string
	for _, v := range inc.Victims {
		out = append(out, v.Name)
	}
	return out
}

func relatedNames(inc model.Incident) []string {
	var out []string
	for _, r := range inc.Related {
		out = append(out, r.Victim)
	}
	return out
}

func serviceNames(inc model.Incident) []string {
	var out []string
	for _, s := range inc.Services {
		out = append(out, s.Name)
	}
	return out
}

func providerRoles(inc model.Incident) map[string]string {
	out := map[string]string{}
	for _, p := range inc.Providers {
		out[p.Name] = p.Role
	}
	return out
}

func agencyRoles(inc model.Incident) map[string]string {
	out := map[string]string{}
	for _, a := range inc.Agencies {
		out[a.Name] = a.Role
	}
	return out
}

// named is an entry of the record's organisation lists.
type named struct {
	list, name string
	aliases    []string
}

// organisations lists the victims, providers, agencies and related
// victims of a record.
func organisations(inc model.Incident) []named {
	var out []named
	for _, v := range inc.Victims {
		out = append(out, named{"victims", v.Name, v.Aliases})
	}
	for _, p := range inc.Providers {
		out = append(out, named{"providers", p.Name, p.Aliases})
	}
	for _, a := range inc.Agencies {
		out = append(out, named{"agencies", a.Name, a.Aliases})
	}
	for _, r := range inc.Related {
		out = append(out, named{"related", r.Victim, nil})
	}
	return out
}

// spelledBy reports whether n is written name (or has it as an alias),
// compared folded.
func (n named) spelledBy(name string) bool {
	k := fold.Key(name)
	if fold.Key(n.name) == k {
		return true
	}
	return slices.ContainsFunc(n.aliases, func(a string) bool { return fold.Key(a) == k })
}

// sameSet compares string lists as sets, order aside.
func sameSet(got, want []string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(slices.Compact(g), slices.Compact(w))
}
