package misp

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sample/sampletest"
	"github.com/casefile/casefile/internal/store"
	"github.com/google/uuid"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func sample(t *testing.T) store.Snapshot {
	t.Helper()
	snap, err := sampletest.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func ev(doc string, start int, text string) []model.Evidence {
	return []model.Evidence{{Doc: doc, Start: start, End: start + 4, Text: text, Lang: "en"}}
}

// synthetic is two incidents; the first uses every field.
func synthetic() store.Snapshot {
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	doc := func(id, story string, published time.Time) store.Document {
		return store.Document{Doc: model.Doc{Article: model.Article{ID: id, Title: "Title " + id, Text: "Text.",
			URL: "https://news.example/" + id, Published: published}, Lang: "en"},
			Relation: model.Relation{Type: model.RelOriginal}, Story: story, Stored: day.Add(24 * time.Hour)}
	}
	return store.Snapshot{
		Documents: []store.Document{doc("a.txt", "s1", day), doc("b.txt", "s1", time.Time{}), doc("c.txt", "s2", day.Add(72*time.Hour))},
		Stories:   []model.Story{{ID: "s1", Docs: []string{"a.txt", "b.txt"}}, {ID: "s2", Docs: []string{"c.txt"}}},
		Incidents: []model.Incident{{
			ID: "i-1", Story: "s1", Title: "Water board hit",
			Victims: []model.Entity{{Name: "Lowmere Water Board", Aliases: []string{"LWB"}, Sector: "water", Evidence: ev("a.txt", 0, "The board was hit.")}},
			Country: "NL", Region: "Zeeland",
			CountryEvidence: ev("a.txt", 10, "In the Netherlands."), RegionEvidence: ev("b.txt", 10, "In Zeeland."),
			Providers:  []model.Provider{{Name: "Polder IT", Role: model.RoleSharedService, Evidence: ev("a.txt", 20, "Polder IT runs it.")}},
			Agencies:   []model.Agency{{Name: "National Cyber Office", Role: "investigating", Evidence: ev("a.txt", 30, "The office investigates.")}},
			Services:   []model.Service{{Name: "billing", Evidence: ev("a.txt", 40, "Billing is down.")}},
			AttackType: "ransomware",
			Vector:     &model.Vector{Product: "Sluice VPN", Vendor: "Gatekeep", ClaimedBy: "a researcher", Confidence: "suspected", CVEs: []string{"CVE-2025-0142"}, Evidence: ev("b.txt", 0, "Through Sluice VPN.")},
			Status:     "resolved", StatusEvidence: ev("b.txt", 10, "Systems are back."),
			Disputes: []model.Dispute{{Claim: "no data was taken", By: "Lowmere Water Board", Against: "Data was posted online.", AgainstBy: "Polder IT",
				Evidence: ev("a.txt", 50, "No data was taken."), AgainstEvidence: ev("b.txt", 20, "Data was posted online.")}},
			People:   []model.Person{{Name: "Ada Vos", Role: "spokesperson", Org: "Lowmere Water Board", Evidence: ev("a.txt", 80, "Ada Vos said so.")}},
			Affected: "12,000 households", AffectedEvidence: ev("a.txt", 60, "12,000 households."),
			Related:         []model.Related{{Victim: "Harrow Port", Evidence: ev("a.txt", 70, "Harrow Port was hit in 2019.")}},
			Vulnerabilities: []model.Vulnerability{{ID: "CVE-2024-11111", Source: "suspected, via KEV", Evidence: ev("b.txt", 0, "Through Sluice VPN.")}},
			Events:          []model.Event{{Type: "Databreach", Evidence: ev("b.txt", 20, "Data was posted online.")}},
			Records:         "40,000 customer records", RecordsEvidence: ev("b.txt", 30, "40,000 customer records were posted."),
			Ransom: "$90,000", RansomEvidence: ev("a.txt", 90, "The gang asked for $90,000."),
			DataAccessed: "disputed", DataAccessedEvidence: ev("b.txt", 20, "Data was posted online."),
			Actors: []model.Actor{{Name: "Grey Otter", Kind: "threat actor", Evidence: ev("a.txt", 95, "Grey Otter claimed it.")},
				{Name: "Quillrot", Kind: "malware", Evidence: ev("a.txt", 99, "The Quillrot ransomware.")}},
		}, {
			ID: "i-2", Story: "s2", Title: "Second",
			Victims: []model.Entity{{Name: "Harrow Port", Evidence: ev("c.txt", 0, "The port was hit.")}},
		}},
		Updated: map[string]time.Time{"i-1": day.Add(96 * time.Hour), "i-2": day.Add(97 * time.Hour)},
	}
}

// categories are the MISP categories each attribute type used here may
// take (from MISP's describeTypes).
var categories = map[string][]string{
	"target-location": {"Targeting data"},
	"threat-actor":    {"Attribution"},
	"malware-type":    {"Payload delivery"}, // its default category; MISP allows a few more
	"vulnerability":   {"External analysis", "Payload delivery", "Payload installation"},
	"link":            {"External analysis", "Internal reference", "Antivirus detection", "Payload delivery", "Support Tool", "Other"},
	"text":            {"Other", "Payload delivery", "External analysis", "Internal reference", "Targeting data", "Attribution", "Financial fraud", "Social network", "Support Tool", "Persistence mechanism", "Network activity", "Payload installation", "Artifacts dropped", "Antivirus detection", "Person"},
}

// readFeed parses a feed folder back and checks that it is well formed:
// the manifest lists exactly the event files, with their metadata, and
// hashes.csv lists every attribute value's MD5.
func readFeed(t *testing.T, dir string) map[string]Event {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var manifest map[string]ManifestEntry
	mb, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mb, &manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	events := map[string]Event{}
	var wantHashes []string
	for _, e := range entries {
		name := e.Name()
		if name == "manifest.json" || name == "hashes.csv" || !strings.HasSuffix(name, ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var f EventFile
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ev := f.Event
		if ev.UUID+".json" != name || uuid.Validate(ev.UUID) != nil {
			t.Errorf("%s holds event %q", name, ev.UUID)
		}
		m, ok := manifest[ev.UUID]
		if !ok {
			t.Errorf("%s is not in manifest.json", name)
		}
		if m.Info != ev.Info || m.Date != ev.Date || fmt.Sprint(m.Timestamp) != ev.Timestamp || m.Orgc != ev.Orgc ||
			!slices.Equal(m.Tag, ev.Tag) || fmt.Sprint(m.Analysis) != ev.Analysis || fmt.Sprint(m.ThreatLevelID) != ev.ThreatLevelID {
			t.Errorf("%s: manifest %+v does not match the event", name, m)
		}
		if _, err := time.Parse("2006-01-02", ev.Date); err != nil || ev.Info == "" || ev.Orgc.Name == "" {
			t.Errorf("%s: date %q, info %q, Orgc %v", name, ev.Date, ev.Info, ev.Orgc)
		}
		seen := map[string]bool{ev.UUID: true}
		for _, a := range allAttributes(ev) {
			if seen[a.UUID] || uuid.Validate(a.UUID) != nil {
				t.Errorf("%s: attribute uuid %q repeated or invalid", name, a.UUID)
			}
			seen[a.UUID] = true
			if a.ObjectRelation == "" && !slices.Contains(categories[a.Type], a.Category) {
				t.Errorf("%s: attribute type %q with category %q", name, a.Type, a.Category)
			}
			if a.Value == "" || a.Timestamp != ev.Timestamp {
				t.Errorf("%s: attribute %+v", name, a)
			}
			sum := md5.Sum([]byte(a.Value))
			wantHashes = append(wantHashes, hex.EncodeToString(sum[:])+","+ev.UUID)
		}
		for _, o := range ev.Object {
			if seen[o.UUID] || o.Name != "organization" || o.TemplateUUID != orgTemplate || len(o.Attribute) == 0 || o.Attribute[0].ObjectRelation != "name" {
				t.Errorf("%s: object %+v", name, o)
			}
			seen[o.UUID] = true
		}
		if len(ev.EventReport) != 1 || ev.EventReport[0].Content == "" || seen[ev.EventReport[0].UUID] {
			t.Errorf("%s: event reports %v", name, ev.EventReport)
		}
		events[ev.UUID] = ev
	}
	if len(events) != len(manifest) {
		t.Errorf("%d event files, %d manifest entries", len(events), len(manifest))
	}
	hb, err := os.ReadFile(filepath.Join(dir, "hashes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(string(hb))
	slices.Sort(got)
	slices.Sort(wantHashes)
	if !slices.Equal(got, wantHashes) {
		t.Errorf("hashes.csv has %d lines, want %d", len(got), len(wantHashes))
	}
	return events
}

// evidenceOf lists every sentence a record cites.
func evidenceOf(inc model.Incident) []model.Evidence {
	var all []model.Evidence
	for _, v := range inc.Victims {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Providers {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Agencies {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Services {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Disputes {
		all = append(all, v.Evidence...)
		all = append(all, v.AgainstEvidence...)
	}
	for _, v := range inc.People {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Related {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Vulnerabilities {
		all = append(all, v.Evidence...)
	}
	for _, v := range inc.Events {
		all = append(all, v.Evidence...)
	}
	if inc.Vector != nil {
		all = append(all, inc.Vector.Evidence...)
	}
	all = append(all, inc.CountryEvidence...)
	all = append(all, inc.RegionEvidence...)
	all = append(all, inc.StatusEvidence...)
	return append(all, inc.AffectedEvidence...)
}

// TestFeed writes the sample's and a synthetic feed, reads them back,
// and checks each event's report holds the record and all its evidence.
func TestFeed(t *testing.T) {
	for name, snap := range map[string]store.Snapshot{"sample": sample(t), "synthetic": synthetic()} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "feed")
			if err := Write(dir, snap, Options{}); err != nil {
				t.Fatal(err)
			}
			events := readFeed(t, dir)
			if len(events) != len(snap.Incidents) {
				t.Fatalf("%d events for %d incidents", len(events), len(snap.Incidents))
			}
			for _, inc := range snap.Incidents {
				ev, ok := events[strings.TrimPrefix(stix.IncidentID(inc.ID), "incident--")]
				if !ok {
					t.Errorf("no event for %s", inc.ID)
					continue
				}
				if ev.Info != inc.Title || ev.Tag[0].Name != "tlp:clear" {
					t.Errorf("%s: info %q, tags %v", inc.ID, ev.Info, ev.Tag)
				}
				report := ev.EventReport[0].Content
				for _, e := range evidenceOf(inc) {
					quoted := fmt.Sprintf("%s — `%s`, code points %d–%d", blockquote(e.Text), e.Doc, e.Start, e.End)
					if !strings.Contains(report, quoted) {
						t.Errorf("%s: report lacks the evidence %s", inc.ID, quoted)
					}
				}
				for _, v := range inc.Victims {
					var obj *Object
					for i := range ev.Object {
						if ev.Object[i].Attribute[0].Value == v.Name {
							obj = &ev.Object[i]
						}
					}
					if obj == nil || !strings.Contains(report, "@[object]("+obj.UUID+")") ||
						!slices.ContainsFunc(obj.Attribute, func(a Attribute) bool { return a.ObjectRelation == "role" && a.Value == "Victim" }) {
						t.Errorf("%s: victim %s object %+v", inc.ID, v.Name, obj)
					}
				}
				for _, d := range inc.Disputes {
					if !strings.Contains(report, "Claim by **"+d.By+"**") || !strings.Contains(report, "Contradicted by **"+d.AgainstBy+"**") {
						t.Errorf("%s: dispute %q not in the report", inc.ID, d.Claim)
					}
				}
			}
		})
	}
}

// TestSyntheticAttributes checks what the synthetic record's fields
// become.
func TestSyntheticAttributes(t *testing.T) {
	f, err := Build(synthetic(), Options{TLP: "amber"})
	if err != nil {
		t.Fatal(err)
	}
	ev := f.Events[0]
	got := map[string]string{}
	for _, a := range ev.Attribute {
		got[a.Type+" "+a.Value] = a.Category
	}
	for _, k := range []string{"target-location NL", "target-location Zeeland", "vulnerability CVE-2024-11111", "vulnerability CVE-2025-0142",
		"text billing", "text Gatekeep Sluice VPN", "text 12,000 households", "link https://news.example/a.txt", "link https://news.example/b.txt",
		"text 40,000 customer records", "text $90,000", "text data accessed: disputed", "threat-actor Grey Otter", "malware-type Quillrot"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no attribute %s (have %v)", k, got)
		}
	}
	if ev.Date != "2025-06-02" || ev.Analysis != "2" || ev.Timestamp != fmt.Sprint(time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC).Unix()) {
		t.Errorf("date %s, analysis %s, timestamp %s", ev.Date, ev.Analysis, ev.Timestamp)
	}
	if ev.Tag[0].Name != "tlp:amber" || !slices.Contains(ev.Tag, Tag{Name: `casefile:attack-type="ransomware"`}) {
		t.Errorf("tags %v", ev.Tag)
	}
	if len(ev.Object) != 3 {
		t.Errorf("%d organisation objects, want 3", len(ev.Object))
	}
	if _, err := Build(synthetic(), Options{TLP: "white"}); err == nil {
		t.Error("TLP white accepted")
	}
	// The same snapshot gives the same feed.
	again, err := Build(synthetic(), Options{TLP: "amber"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(f)
	b, _ := json.Marshal(again)
	if !bytes.Equal(a, b) {
		t.Error("two builds of one snapshot differ")
	}
}

// TestStaleEvents: re-exporting into the same folder after an incident
// is gone removes its event file and keeps files that are not events.
func TestStaleEvents(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "README.txt")
	if err := os.WriteFile(other, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := synthetic()
	if err := Write(dir, snap, Options{}); err != nil {
		t.Fatal(err)
	}
	gone := strings.TrimPrefix(stix.IncidentID("i-2"), "incident--") + ".json"
	if _, err := os.Stat(filepath.Join(dir, gone)); err != nil {
		t.Fatal(err)
	}
	snap.Incidents = snap.Incidents[:1]
	if err := Write(dir, snap, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
		t.Errorf("stale event %s kept (%v)", gone, err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("unrelated file removed: %v", err)
	}
	if events := readFeed(t, dir); len(events) != 1 {
		t.Errorf("%d events after the re-export", len(events))
	}
}

// TestSampleGolden pins the sample's event. Refresh with:
// go test ./internal/export/misp -run Golden -update
func TestSampleGolden(t *testing.T) {
	dir := t.TempDir()
	snap := sample(t)
	if err := Write(dir, snap, Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(stix.IncidentID(snap.Incidents[0].ID), "incident--")+".json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "sample-event.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("MISP event of the sample differs from %s; if intended, rerun with -update and review the diff", path)
	}
}
