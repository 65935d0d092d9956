package stix

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/dict/dicttest"
	"github.com/casefile/casefile/internal/export/stix/stixcheck"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sample/sampletest"
	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/store"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// checker compiles the OASIS schemas, skipping the test when ../shared is
// absent (failing under CI=true).
func checker(t *testing.T) *stixcheck.Checker {
	t.Helper()
	ck, err := stixcheck.New(sharedtest.Path(t, "data", "stix2-schemas", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// sampleSnapshot is the sample corpus as `casefile demo` stores it, with
// fixed times.
func sampleSnapshot(t *testing.T) store.Snapshot {
	t.Helper()
	snap, err := sampletest.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func encode(t *testing.T, snap store.Snapshot, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, snap, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSampleGolden pins the STIX bundle of the sample corpus. Refresh
// with: go test ./internal/export/stix -run Golden -update
func TestSampleGolden(t *testing.T) {
	dicttest.Require(t, dicttest.Sample...) // the golden file has the dictionary scores
	got := encode(t, sampleSnapshot(t), Options{})
	path := filepath.Join("testdata", "sample.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("STIX bundle of the sample differs from %s; if the change is intended, rerun with -update and review the diff", path)
	}
}

// TestSampleValid validates the sample's bundle against the OASIS schemas
// and the rules they cannot state.
func TestSampleValid(t *testing.T) {
	ck := checker(t)
	for _, tlp := range TLPLevels() {
		b := encode(t, sampleSnapshot(t), Options{TLP: tlp})
		for _, err := range ck.Check(b) {
			t.Errorf("TLP %s: %v", tlp, err)
		}
	}
}

// TestSyntheticValid validates a record that uses every field, with
// dates and without, against the schemas.
func TestSyntheticValid(t *testing.T) {
	ck := checker(t)
	for name, snap := range map[string]store.Snapshot{"full": fullSnapshot(), "undated": undated(fullSnapshot()), "empty": {}} {
		for _, err := range ck.Check(encode(t, snap, Options{})) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func undated(s store.Snapshot) store.Snapshot {
	for i := range s.Documents {
		s.Documents[i].Published = time.Time{}
		s.Documents[i].Stored = time.Time{}
	}
	s.Updated = nil
	return s
}

func ev(doc string, start int, text string) []model.Evidence {
	return []model.Evidence{{Doc: doc, Start: start, End: start + 5, Text: text, Lang: "en"}}
}

// fullSnapshot is one incident with every field filled, told by two
// articles (one a translation of the other) and a third article outside
// any incident.
func fullSnapshot() store.Snapshot {
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	doc := func(id, story, lang string, rel model.Relation, published time.Time) store.Document {
		return store.Document{Doc: model.Doc{Article: model.Article{ID: id, Title: "Title " + id, Text: "Text.",
			URL: "https://news.example/" + id, Published: published}, Lang: lang},
			Relation: rel, Story: story, Stored: day.Add(48 * time.Hour)}
	}
	return store.Snapshot{
		Documents: []store.Document{
			doc("a.txt", "s1", "en", model.Relation{Type: model.RelOriginal}, day),
			doc("b.txt", "s1", "de", model.Relation{Type: model.RelTranslation, Of: "a.txt", Why: "shared names"}, day.Add(time.Hour)),
			doc("c.txt", "s1", "en", model.Relation{Type: model.RelFollowUp, Of: "a.txt"}, time.Time{}),
			doc("z.txt", "", "en", model.Relation{Type: model.RelOriginal}, day),
		},
		Stories: []model.Story{{ID: "s1", Docs: []string{"a.txt", "b.txt", "c.txt"}}, {ID: "s2", Docs: []string{"z.txt"}}},
		Incidents: []model.Incident{{
			ID: "i-1", Story: "s1", Title: "Water board hit",
			Victims:         []model.Entity{{Name: "Lowmere Water Board", Aliases: []string{"LWB"}, Sector: "water", Evidence: ev("a.txt", 0, "The board was hit.")}},
			Country:         "NL",
			Region:          "Zeeland",
			CountryEvidence: ev("a.txt", 10, "In the Netherlands."),
			RegionEvidence:  ev("b.txt", 10, "In Zeeland."),
			Providers: []model.Provider{{Name: "Polder IT", Role: model.RoleSharedService, Evidence: ev("a.txt", 20, "Polder IT runs it.")},
				{Name: "Dykeworks", Role: model.RoleSupplier, Evidence: ev("b.txt", 20, "Dykeworks supplies it.")}},
			Agencies:             []model.Agency{{Name: "National Cyber Office", Role: "investigating", Evidence: ev("a.txt", 30, "The office investigates.")}},
			Services:             []model.Service{{Name: "billing", Evidence: ev("a.txt", 40, "Billing is down.")}},
			AttackType:           "ransomware",
			Vector:               &model.Vector{Product: "Sluice VPN", Vendor: "Gatekeep", ClaimedBy: "a researcher", Confidence: "suspected", CVEs: []string{"CVE-2025-0142"}, Evidence: ev("c.txt", 0, "Through Sluice VPN.")},
			Status:               "resolved",
			StatusEvidence:       ev("c.txt", 10, "Systems are back."),
			Disputes:             []model.Dispute{{Claim: "no data was taken", By: "Lowmere Water Board", Against: "Data was posted online.", AgainstBy: "Polder IT", Evidence: ev("a.txt", 50, "No data was taken."), AgainstEvidence: ev("c.txt", 20, "Data was posted online.")}},
			People:               []model.Person{{Name: "Ada Vos", Role: "spokesperson", Org: "Lowmere Water Board"}},
			Affected:             "12,000 households",
			AffectedEvidence:     ev("a.txt", 60, "12,000 households."),
			Related:              []model.Related{{Victim: "Harrow Port", Evidence: ev("a.txt", 70, "Harrow Port was hit in 2019.")}},
			Vulnerabilities:      []model.Vulnerability{{ID: "CVE-2024-11111", Source: "suspected, via KEV", Evidence: ev("c.txt", 0, "Through Sluice VPN.")}},
			Events:               []model.Event{{Type: "Databreach", Evidence: ev("c.txt", 20, "Data was posted online.")}},
			Records:              "40,000 customer records",
			RecordsEvidence:      ev("c.txt", 30, "40,000 customer records were posted."),
			Ransom:               "$90,000",
			RansomEvidence:       ev("a.txt", 80, "The gang asked for $90,000."),
			DataAccessed:         "disputed",
			DataAccessedEvidence: append(ev("c.txt", 20, "Data was posted online."), ev("a.txt", 50, "No data was taken.")...),
			Actors: []model.Actor{{Name: "Grey Otter", Kind: "threat actor", Aliases: []string{"APT99"}, Evidence: ev("a.txt", 90, "Grey Otter claimed it.")},
				{Name: "Quillrot", Kind: "malware", Evidence: ev("a.txt", 95, "The Quillrot ransomware.")}},
		}},
		Updated: map[string]time.Time{"i-1": day.Add(72 * time.Hour)},
	}
}

type object map[string]any

func objects(t *testing.T, b []byte) []object {
	t.Helper()
	var bundle struct {
		Type    string   `json:"type"`
		ID      string   `json:"id"`
		Objects []object `json:"objects"`
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		t.Fatal(err)
	}
	if bundle.Type != "bundle" || !strings.HasPrefix(bundle.ID, "bundle--") {
		t.Fatalf("not a bundle: %s %s", bundle.Type, bundle.ID)
	}
	return bundle.Objects
}

func byType(objs []object, typ string) []object {
	var out []object
	for _, o := range objs {
		if o["type"] == typ {
			out = append(out, o)
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestMapping checks what each part of a record becomes.
func TestMapping(t *testing.T) {
	objs := objects(t, encode(t, fullSnapshot(), Options{}))
	ids := map[string]object{}
	for _, o := range objs {
		ids[o["id"].(string)] = o
	}
	inc := byType(objs, "incident")
	if len(inc) != 1 {
		t.Fatalf("%d incidents", len(inc))
	}
	core := inc[0]["extensions"].(map[string]any)[incidentCore].(map[string]any)
	if core["determination"] != "confirmed" || core["investigation_status"] != "closed" {
		t.Errorf("incident core = %v", core)
	}
	if got := strs(core["incident_types"]); !slices.Equal(got, []string{"ransomware", "unauthorized-access-information", "supply-chain-customer"}) {
		t.Errorf("incident_types = %v", got)
	}
	if inc[0]["created"] != "2025-06-02T00:00:00.000Z" || inc[0]["modified"] != "2025-06-05T00:00:00.000Z" {
		t.Errorf("incident created/modified = %v/%v", inc[0]["created"], inc[0]["modified"])
	}
	// Reports: one per article of the story, none for the article
	// outside any incident; the undated follow-up takes its ingest time.
	reports := map[string]object{}
	for _, r := range byType(objs, "report") {
		reports[r["external_references"].([]any)[0].(map[string]any)["external_id"].(string)] = r
	}
	if len(reports) != 3 || reports["z.txt"] != nil {
		t.Errorf("reports for %v", reports)
	}
	if r := reports["c.txt"]; r == nil || r["published"] != "2025-06-04T00:00:00.000Z" {
		t.Errorf("undated report = %v", r)
	}
	if r := reports["b.txt"]; r == nil || r["lang"] != "de" || !slices.Contains(strs(r["object_refs"]), inc[0]["id"].(string)) {
		t.Errorf("report b.txt = %v", r)
	}
	// Relationships by type and target type.
	rels := map[string]int{}
	for _, r := range byType(objs, "relationship") {
		target := ids[r["target_ref"].(string)]
		rels[r["relationship_type"].(string)+" "+target["type"].(string)]++
	}
	want := map[string]int{"impacts identity": 1, "related-to identity": 3, "located-at location": 1,
		"related-to vulnerability": 2, "related-to software": 1, "derived-from report": 1, "related-to report": 1,
		"related-to threat-actor": 1, "related-to malware": 1}
	for k, n := range want {
		if rels[k] != n {
			t.Errorf("%d relationships %q, want %d (all: %v)", rels[k], k, n, rels)
		}
	}
	// The victim's identity has its sector and aliases.
	for _, o := range byType(objs, "identity") {
		if o["name"] == "Lowmere Water Board" {
			if !slices.Equal(strs(o["sectors"]), []string{"water"}) || !strings.Contains(o["description"].(string), "LWB") {
				t.Errorf("victim identity = %v", o)
			}
		}
	}
	// CVE ids are vulnerabilities with a cve external reference.
	for _, v := range byType(objs, "vulnerability") {
		ref := v["external_references"].([]any)[0].(map[string]any)
		if ref["source_name"] != "cve" || ref["external_id"] != v["name"] {
			t.Errorf("vulnerability %v", v)
		}
	}
	// Evidence notes quote the sentence with document and span, and
	// point at the field's objects and the quoting reports.
	var victimNote object
	for _, n := range byType(objs, "note") {
		if n["abstract"] == "Victim: Lowmere Water Board" {
			victimNote = n
		}
	}
	if victimNote == nil {
		t.Fatal("no evidence note for the victim")
	}
	if c := victimNote["content"].(string); !strings.Contains(c, `"The board was hit."`) || !strings.Contains(c, "a.txt, code points 0-5") {
		t.Errorf("victim note content %q", c)
	}
	refTypes := map[string]bool{}
	for _, r := range strs(victimNote["object_refs"]) {
		refTypes[ids[r]["type"].(string)] = true
	}
	for _, typ := range []string{"incident", "identity", "relationship", "report"} {
		if !refTypes[typ] {
			t.Errorf("victim note refers to no %s: %v", typ, victimNote["object_refs"])
		}
	}
	// The dispute: a note for the claim, an opinion disagreeing with it.
	ops := byType(objs, "opinion")
	if len(ops) != 1 || ops[0]["opinion"] != "disagree" || !slices.Equal(strs(ops[0]["authors"]), []string{"Polder IT"}) {
		t.Fatalf("opinions = %v", ops)
	}
	claim := ids[strs(ops[0]["object_refs"])[0]]
	if claim["type"] != "note" || !strings.Contains(claim["content"].(string), "no data was taken") {
		t.Errorf("opinion is about %v", claim)
	}
	// Threat actors and malware named are objects of their own, with
	// aliases; news names malware families. The facts told as written
	// are evidence notes.
	if ta := byType(objs, "threat-actor"); len(ta) != 1 || ta[0]["name"] != "Grey Otter" || !slices.Equal(strs(ta[0]["aliases"]), []string{"APT99"}) {
		t.Errorf("threat actors = %v", ta)
	}
	if mw := byType(objs, "malware"); len(mw) != 1 || mw[0]["name"] != "Quillrot" || mw[0]["is_family"] != true {
		t.Errorf("malware = %v", mw)
	}
	abstracts := map[string]bool{}
	for _, n := range byType(objs, "note") {
		abstracts[n["abstract"].(string)] = true
	}
	for _, a := range []string{"Records exposed: 40,000 customer records", "Ransom: $90,000", "Data accessed: disputed", "Threat actor: Grey Otter", "Malware: Quillrot"} {
		if !abstracts[a] {
			t.Errorf("no evidence note %q", a)
		}
	}
	// The product is a software observable without creator or dates.
	sw := byType(objs, "software")
	if len(sw) != 1 || sw[0]["vendor"] != "Gatekeep" || sw[0]["created_by_ref"] != nil || sw[0]["created"] != nil {
		t.Errorf("software = %v", sw)
	}
	// Everything casefile creates carries its identity and the marking.
	creator := id("identity", "casefile")
	for _, o := range objs {
		switch o["id"] {
		case creator:
		case "identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a", incidentCore, tlpMarkings["clear"]:
			continue // published by OASIS, as published
		}
		if o["type"] != "software" && o["created_by_ref"] != creator {
			t.Errorf("%s created by %v", o["id"], o["created_by_ref"])
		}
		if refs, _ := o["object_marking_refs"].([]any); len(refs) != 1 || refs[0] != tlpMarkings["clear"] {
			t.Errorf("%s marked %v", o["id"], o["object_marking_refs"])
		}
	}
}

// TestDeterministic: the same snapshot gives the same bundle; ids do not
// depend on the order of documents; a changed record gets a new version
// of the incident under the same id.
func TestDeterministic(t *testing.T) {
	snap := fullSnapshot()
	a := encode(t, snap, Options{})
	if b := encode(t, snap, Options{}); !bytes.Equal(a, b) {
		t.Fatal("two exports of one snapshot differ")
	}
	rev := fullSnapshot()
	slices.Reverse(rev.Documents)
	idsOf := func(b []byte) []string {
		var out []string
		for _, o := range objects(t, b) {
			out = append(out, o["id"].(string)+" "+o["type"].(string))
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(idsOf(a), idsOf(encode(t, rev, Options{}))) {
		t.Error("ids depend on document order")
	}
	changed := fullSnapshot()
	changed.Incidents[0].Status = "ongoing"
	changed.Updated["i-1"] = changed.Updated["i-1"].Add(24 * time.Hour)
	before, after := byType(objects(t, a), "incident")[0], byType(objects(t, encode(t, changed, Options{})), "incident")[0]
	if before["id"] != after["id"] || before["modified"] == after["modified"] || before["created"] != after["created"] {
		t.Errorf("changed record: %v/%v → %v/%v", before["id"], before["modified"], after["id"], after["modified"])
	}
}

func TestTLP(t *testing.T) {
	for _, tc := range []struct {
		level, want string
		ok          bool
	}{
		{"", tlpMarkings["clear"], true},
		{"clear", tlpMarkings["clear"], true},
		{"TLP:AMBER+STRICT", tlpMarkings["amber+strict"], true},
		{"Red", tlpMarkings["red"], true},
		{"white", "", false},
		{"tlp:purple", "", false},
	} {
		b, err := Build(fullSnapshot(), Options{TLP: tc.level})
		if (err == nil) != tc.ok {
			t.Errorf("TLP %q: err %v", tc.level, err)
			continue
		}
		if !tc.ok {
			continue
		}
		marks := 0
		for _, o := range b.Objects {
			if o.Type == "marking-definition" {
				marks++
				if o.ID != tc.want {
					t.Errorf("TLP %q: marking %s, want %s", tc.level, o.ID, tc.want)
				}
			}
		}
		if marks != 1 {
			t.Errorf("TLP %q: %d markings", tc.level, marks)
		}
	}
}

// TestAdded: reports are added when their article was ingested (or when
// the record last changed, if later), derived objects when the record
// last changed, and the objects that never change at their version.
func TestAdded(t *testing.T) {
	snap := fullSnapshot()
	b, err := Build(snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	updated := snap.Updated["i-1"]
	for _, o := range b.Objects {
		switch o.ID {
		case id("identity", "casefile"), tlpMarkings["clear"], incidentCore, "identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a":
			if stamp(o.Added) != strings.Replace(o.Version, "2021-12-01T16:19:51.601791Z", "2021-12-01T16:19:51.601Z", 1) {
				t.Errorf("%s added %v, want its version %s", o.ID, o.Added, o.Version)
			}
		default:
			if !o.Added.Equal(updated) {
				t.Errorf("%s added %v, want %v", o.ID, o.Added, updated)
			}
		}
		if o.Version == "" || !json.Valid(o.JSON) {
			t.Errorf("%s: version %q, JSON valid %v", o.ID, o.Version, json.Valid(o.JSON))
		}
	}
}
