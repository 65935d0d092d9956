// Package misp writes the stored incidents as a MISP feed: a folder with
// one event file per incident (<uuid>.json, {"Event": {...}} in the MISP
// core format), manifest.json (the events' metadata keyed by uuid) and
// hashes.csv (the MD5 of every attribute value with its event's uuid),
// which a MISP instance can fetch as a feed.
//
// An event holds the record's organisations as MISP "organization"
// objects (victims with the role Victim), the country, the CVE ids, the
// disrupted services, the suspected way in and the articles' links as
// attributes, a TLP tag, and an EventReport: the whole record in
// Markdown with every field's evidence (the sentence, its document and
// code point span) and the disputes side by side. Event uuids are those
// of the STIX export's incidents, so the two can be matched.
package misp

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
	"github.com/google/uuid"
)

// Options choose the event's TLP tag.
type Options struct {
	// TLP is the TLP 2.0 level (clear, the default, green, amber,
	// amber+strict, red), tagged tlp:LEVEL.
	TLP string
}

// Feed is a MISP feed in memory: events by uuid and the manifest.
type Feed struct {
	Events   []Event
	Manifest map[string]ManifestEntry
	// Hashes are the lines of hashes.csv: "md5,event uuid".
	Hashes []string
}

// EventFile is the content of an event file.
type EventFile struct {
	Event Event `json:"Event"`
}

// Event is a MISP event (core format: numbers and timestamps as strings).
type Event struct {
	UUID             string        `json:"uuid"`
	Info             string        `json:"info"`
	Date             string        `json:"date"`
	ThreatLevelID    string        `json:"threat_level_id"`
	Analysis         string        `json:"analysis"`
	Timestamp        string        `json:"timestamp"`
	PublishTimestamp string        `json:"publish_timestamp"`
	Published        bool          `json:"published"`
	Orgc             Org           `json:"Orgc"`
	Tag              []Tag         `json:"Tag"`
	Attribute        []Attribute   `json:"Attribute"`
	Object           []Object      `json:"Object"`
	EventReport      []EventReport `json:"EventReport"`
}

// Org is the creator organisation.
type Org struct {
	Name string `json:"name"`
	UUID string `json:"uuid"`
}

// Tag is a MISP tag.
type Tag struct {
	Name string `json:"name"`
}

// Attribute is a MISP attribute.
type Attribute struct {
	UUID               string `json:"uuid"`
	Type               string `json:"type"`
	Category           string `json:"category"`
	Value              string `json:"value"`
	ToIDs              bool   `json:"to_ids"`
	DisableCorrelation bool   `json:"disable_correlation"`
	Comment            string `json:"comment"`
	Timestamp          string `json:"timestamp"`
	ObjectRelation     string `json:"object_relation,omitempty"`
}

// Object is a MISP object built on a template of the misp-objects
// repository.
type Object struct {
	UUID            string      `json:"uuid"`
	Name            string      `json:"name"`
	MetaCategory    string      `json:"meta-category"`
	Description     string      `json:"description"`
	TemplateUUID    string      `json:"template_uuid"`
	TemplateVersion string      `json:"template_version"`
	Comment         string      `json:"comment"`
	Timestamp       string      `json:"timestamp"`
	Attribute       []Attribute `json:"Attribute"`
}

// EventReport is a Markdown report attached to an event.
type EventReport struct {
	UUID         string `json:"uuid"`
	Name         string `json:"name"`
	Content      string `json:"content"`
	Distribution string `json:"distribution"`
	Timestamp    string `json:"timestamp"`
	Deleted      bool   `json:"deleted"`
}

// ManifestEntry is an event's entry in manifest.json.
type ManifestEntry struct {
	Orgc          Org    `json:"Orgc"`
	Tag           []Tag  `json:"Tag"`
	Info          string `json:"info"`
	Date          string `json:"date"`
	Analysis      int    `json:"analysis"`
	ThreatLevelID int    `json:"threat_level_id"`
	Timestamp     int64  `json:"timestamp"`
}

// organization is the misp-objects "organization" template (version 3).
const (
	orgTemplate        = "f750e12b-127a-432c-b022-b3f9153c4e2a"
	orgTemplateVersion = "3"
)

var tlpLevels = []string{"amber", "amber+strict", "clear", "green", "red"}

// tlpTag is the MISP tag of a TLP 2.0 level.
func tlpTag(level string) (string, error) {
	l := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(level)), "tlp:")
	if l == "" {
		l = "clear"
	}
	if !slices.Contains(tlpLevels, l) {
		return "", fmt.Errorf("unknown TLP level %q (have: %s)", level, strings.Join(tlpLevels, ", "))
	}
	return "tlp:" + l, nil
}

// Validate reports an unknown TLP level.
func (o Options) Validate() error {
	_, err := tlpTag(o.TLP)
	return err
}

// namespace is casefile's UUIDv5 namespace (as in the STIX export).
var namespace = uuid.MustParse("d663ccbf-cb71-4568-af6b-d99d5bd6cb6c")

func newUUID(parts ...string) string {
	return uuid.NewSHA1(namespace, []byte("misp\x00"+strings.Join(parts, "\x00"))).String()
}

// Build converts a snapshot into a feed: one event per incident.
func Build(snap store.Snapshot, opt Options) (Feed, error) {
	tag, err := tlpTag(opt.TLP)
	if err != nil {
		return Feed{}, fmt.Errorf("export misp: %w", err)
	}
	docs := map[string]*store.Document{}
	storyDocs := map[string][]*store.Document{}
	for i := range snap.Documents {
		d := &snap.Documents[i]
		docs[d.ID] = d
		if d.Story != "" {
			storyDocs[d.Story] = append(storyDocs[d.Story], d)
		}
	}
	org := Org{Name: "casefile", UUID: strings.TrimPrefix(stix.CreatorID(), "identity--")}
	feed := Feed{Manifest: map[string]ManifestEntry{}}
	for _, inc := range snap.Incidents {
		b := &eventBuilder{inc: inc, docs: docs, story: storyDocs[inc.Story]}
		ev := b.event(snap.Updated[inc.ID], org, tag)
		feed.Events = append(feed.Events, ev)
		analysis, _ := strconv.Atoi(ev.Analysis)
		threat, _ := strconv.Atoi(ev.ThreatLevelID)
		ts, _ := strconv.ParseInt(ev.Timestamp, 10, 64)
		feed.Manifest[ev.UUID] = ManifestEntry{Orgc: org, Tag: ev.Tag, Info: ev.Info, Date: ev.Date,
			Analysis: analysis, ThreatLevelID: threat, Timestamp: ts}
		for _, a := range allAttributes(ev) {
			sum := md5.Sum([]byte(a.Value)) // MISP's feed cache keys values by MD5
			feed.Hashes = append(feed.Hashes, hex.EncodeToString(sum[:])+","+ev.UUID)
		}
	}
	return feed, nil
}

func allAttributes(ev Event) []Attribute {
	out := slices.Clone(ev.Attribute)
	for _, o := range ev.Object {
		out = append(out, o.Attribute...)
	}
	return out
}

type eventBuilder struct {
	inc   model.Incident
	docs  map[string]*store.Document
	story []*store.Document
	ts    string
	uuid  string
	// objects by folded organisation name, for report references.
	orgs map[string]string
}

func docDate(d *store.Document) time.Time {
	if !d.Published.IsZero() {
		return d.Published.UTC()
	}
	return d.Stored.UTC()
}

func (b *eventBuilder) event(updated time.Time, org Org, tlp string) Event {
	inc := b.inc
	var first, last time.Time
	for _, d := range b.story {
		if t := docDate(d); !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
		if d.Stored.After(last) {
			last = d.Stored.UTC()
		}
	}
	if !updated.IsZero() {
		last = updated.UTC()
	}
	if first.IsZero() {
		first = last
	}
	if last.Before(first) {
		last = first
	}
	b.ts = strconv.FormatInt(last.Unix(), 10)
	b.uuid = strings.TrimPrefix(stix.IncidentID(inc.ID), "incident--")
	b.orgs = map[string]string{}
	info := inc.Title
	if info == "" {
		info = "casefile incident " + inc.ID
	}
	analysis := "1" // ongoing: later reports may add to the record
	if inc.Status == "resolved" {
		analysis = "2"
	}
	ev := Event{UUID: b.uuid, Info: info, Date: first.Format("2006-01-02"), ThreatLevelID: "4", Analysis: analysis,
		Timestamp: b.ts, PublishTimestamp: b.ts, Published: true, Orgc: org,
		Tag: []Tag{{Name: tlp}, {Name: "type:OSINT"}}, Attribute: []Attribute{}, Object: []Object{}}
	if inc.AttackType != "" {
		ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("casefile:attack-type=%q", inc.AttackType)})
	}
	for _, v := range inc.Victims {
		ev.Object = append(ev.Object, b.organisation("victim", v.Name, v.Aliases, "Victim", v.Sector, "victim", v.Evidence))
	}
	for _, p := range inc.Providers {
		role := strings.ReplaceAll(p.Role, "_", " ")
		ev.Object = append(ev.Object, b.organisation("provider", p.Name, p.Aliases, "", "", role+" of the victims", p.Evidence))
	}
	for _, a := range inc.Agencies {
		comment := "agency"
		if a.Role != "" {
			comment += " (" + a.Role + ")"
		}
		ev.Object = append(ev.Object, b.organisation("agency", a.Name, a.Aliases, "", "government", comment, a.Evidence))
	}
	attr := func(kind, typ, category, value, comment string, evs []model.Evidence) {
		u := newUUID(inc.ID, "attribute", kind, value)
		if value == "" || slices.ContainsFunc(ev.Attribute, func(a Attribute) bool { return a.UUID == u }) {
			return
		}
		ev.Attribute = append(ev.Attribute, Attribute{UUID: u, Type: typ, Category: category,
			Value: value, Comment: withSources(comment, evs), Timestamp: b.ts})
	}
	if inc.Country != "" {
		attr("country", "target-location", "Targeting data", inc.Country, "country", inc.CountryEvidence)
	}
	if inc.Region != "" {
		attr("region", "target-location", "Targeting data", inc.Region, "region", inc.RegionEvidence)
	}
	for _, s := range inc.Services {
		attr("service", "text", "Other", s.Name, "service disrupted", s.Evidence)
	}
	for _, v := range vulnerabilities(inc) {
		attr("vulnerability", "vulnerability", "External analysis", strings.ToUpper(v.ID), "vulnerability ("+v.Source+")", v.Evidence)
	}
	if v := inc.Vector; v != nil {
		comment := orUnknown(v.Confidence) + " way in"
		if v.ClaimedBy != "" {
			comment += ", claimed by " + v.ClaimedBy
		}
		attr("product", "text", "Payload delivery", strings.TrimSpace(strings.Join([]string{v.Vendor, v.Product}, " ")), comment, v.Evidence)
	}
	if inc.Affected != "" {
		attr("affected", "text", "Other", inc.Affected, "population affected", inc.AffectedEvidence)
	}
	if inc.Records != "" {
		attr("records", "text", "Other", inc.Records, "records exposed", inc.RecordsEvidence)
	}
	if inc.Ransom != "" {
		attr("ransom", "text", "Financial fraud", inc.Ransom, "ransom", inc.RansomEvidence)
	}
	if len(inc.DataAccessedEvidence) > 0 {
		attr("data-accessed", "text", "Other", "data accessed: "+inc.DataAccessed, "data accessed", inc.DataAccessedEvidence)
	}
	// The threat actors and malware the reporting names, in MISP's own
	// attribute types (their default categories).
	for _, a := range inc.Actors {
		if a.Kind == "malware" {
			attr("malware", "malware-type", "Payload delivery", a.Name, "malware named in the reporting", a.Evidence)
		} else {
			attr("threat-actor", "threat-actor", "Attribution", a.Name, "threat actor named in the reporting", a.Evidence)
		}
	}
	for _, d := range b.story {
		if d.URL != "" {
			attr("link", "link", "External analysis", d.URL, "article "+d.ID, nil)
		}
	}
	ev.EventReport = []EventReport{{UUID: newUUID(inc.ID, "report"), Name: "casefile record " + inc.ID,
		Content: b.report(), Distribution: "5", Timestamp: b.ts}}
	return ev
}

// organisation is a MISP organization object for a victim, provider or
// agency.
func (b *eventBuilder) organisation(kind, name string, aliases []string, role, sector, comment string, evs []model.Evidence) Object {
	ouuid := newUUID(b.inc.ID, "object", kind, fold.Words(name))
	b.orgs[kind+"\x00"+fold.Words(name)] = ouuid
	at := func(rel, value string) Attribute {
		return Attribute{UUID: newUUID(b.inc.ID, "object", kind, fold.Words(name), rel, value), Type: "text", Category: "Other",
			Value: value, ObjectRelation: rel, Timestamp: b.ts, DisableCorrelation: rel == "role"}
	}
	o := Object{UUID: ouuid, Name: "organization", MetaCategory: "misc", Description: "An object which describes an organization.",
		TemplateUUID: orgTemplate, TemplateVersion: orgTemplateVersion, Comment: withSources(comment, evs), Timestamp: b.ts,
		Attribute: []Attribute{at("name", name)}}
	for _, a := range aliases {
		o.Attribute = append(o.Attribute, at("alias", a))
	}
	if sector != "" {
		o.Attribute = append(o.Attribute, at("type-of-organizarion", sector)) // sic: the template's spelling
	}
	if role != "" {
		o.Attribute = append(o.Attribute, at("role", role))
	}
	return o
}

// withSources appends how many sentences in how many documents state it.
func withSources(comment string, evs []model.Evidence) string {
	if len(evs) == 0 {
		return comment
	}
	docs := map[string]bool{}
	for _, e := range evs {
		docs[e.Doc] = true
	}
	return fmt.Sprintf("%s; %d sentence(s) in %d article(s), see the event report", comment, len(evs), len(docs))
}

func vulnerabilities(inc model.Incident) []model.Vulnerability {
	vs := slices.Clone(inc.Vulnerabilities)
	if v := inc.Vector; v != nil {
		for _, c := range v.CVEs {
			if !slices.ContainsFunc(vs, func(x model.Vulnerability) bool { return strings.EqualFold(x.ID, c) }) {
				vs = append(vs, model.Vulnerability{ID: c, Source: "stated", Evidence: v.Evidence})
			}
		}
	}
	return vs
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// report writes the record in Markdown with its evidence.
func (b *eventBuilder) report() string {
	inc := b.inc
	var s strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&s, format, a...) }
	evs := func(es []model.Evidence) {
		for _, e := range es {
			lang := ""
			if e.Lang != "" {
				lang = ", " + e.Lang
			}
			p("  - %s — `%s`, code points %d–%d%s\n", blockquote(e.Text), e.Doc, e.Start, e.End, lang)
		}
	}
	ref := func(kind, name string) string {
		if u, ok := b.orgs[kind+"\x00"+fold.Words(name)]; ok {
			return " @[object](" + u + ")"
		}
		return ""
	}
	aliases := func(a []string) string {
		if len(a) == 0 {
			return ""
		}
		return " (also: " + strings.Join(a, ", ") + ")"
	}
	title := inc.Title
	if title == "" {
		title = "Incident " + inc.ID
	}
	p("# %s\n\n", md(title))
	p("casefile incident `%s`, story `%s`. Status: %s. Attack type: %s. Country: %s. Region: %s.\n",
		inc.ID, inc.Story, orUnknown(inc.Status), orUnknown(inc.AttackType), orUnknown(inc.Country), orUnknown(inc.Region))
	p("Every fact below is followed by the sentences that state it: document, span in Unicode code points of its clean text, language.\n")
	section := func(name string, n int) bool {
		if n > 0 {
			p("\n## %s\n\n", name)
		}
		return n > 0
	}
	if section("Victims", len(inc.Victims)) {
		for _, v := range inc.Victims {
			sector := ""
			if v.Sector != "" {
				sector = ", sector " + v.Sector
			}
			p("- **%s**%s%s%s\n", md(v.Name), md(aliases(v.Aliases)), sector, ref("victim", v.Name))
			evs(v.Evidence)
		}
	}
	if section("Shared-service providers and suppliers", len(inc.Providers)) {
		for _, v := range inc.Providers {
			p("- **%s** (%s)%s%s\n", md(v.Name), strings.ReplaceAll(v.Role, "_", " "), md(aliases(v.Aliases)), ref("provider", v.Name))
			evs(v.Evidence)
		}
	}
	if section("Agencies", len(inc.Agencies)) {
		for _, v := range inc.Agencies {
			p("- **%s** (%s)%s%s\n", md(v.Name), orUnknown(v.Role), md(aliases(v.Aliases)), ref("agency", v.Name))
			evs(v.Evidence)
		}
	}
	if section("Where", len(inc.CountryEvidence)+len(inc.RegionEvidence)) {
		if inc.Country != "" {
			p("- Country: **%s**\n", inc.Country)
			evs(inc.CountryEvidence)
		}
		if inc.Region != "" {
			p("- Region: **%s**\n", inc.Region)
			evs(inc.RegionEvidence)
		}
	}
	if section("Services disrupted", len(inc.Services)) {
		for _, v := range inc.Services {
			p("- %s\n", md(v.Name))
			evs(v.Evidence)
		}
	}
	if v := inc.Vector; v != nil && section("Way in ("+orUnknown(v.Confidence)+")", 1) {
		p("- Product: %s; vendor: %s; CVE ids: %s; claimed by: %s\n", orUnknown(v.Product), orUnknown(v.Vendor),
			orUnknown(strings.Join(v.CVEs, ", ")), orUnknown(v.ClaimedBy))
		evs(v.Evidence)
	}
	if section("Vulnerabilities", len(vulnerabilities(inc))) {
		for _, v := range vulnerabilities(inc) {
			p("- %s (%s)\n", strings.ToUpper(v.ID), v.Source)
			evs(v.Evidence)
		}
	}
	if section("Status", len(inc.StatusEvidence)) {
		p("- %s\n", orUnknown(inc.Status))
		evs(inc.StatusEvidence)
	}
	if inc.Affected != "" && section("Population affected", 1) {
		p("- %s\n", md(inc.Affected))
		evs(inc.AffectedEvidence)
	}
	if inc.Records != "" && section("Records exposed", 1) {
		p("- %s\n", md(inc.Records))
		evs(inc.RecordsEvidence)
	}
	if inc.Ransom != "" && section("Ransom", 1) {
		p("- %s\n", md(inc.Ransom))
		evs(inc.RansomEvidence)
	}
	if section("Data accessed", len(inc.DataAccessedEvidence)) {
		p("- %s\n", inc.DataAccessed)
		evs(inc.DataAccessedEvidence)
	}
	if section("Threat actors and malware", len(inc.Actors)) {
		for _, a := range inc.Actors {
			p("- %s (%s)\n", md(a.Name), a.Kind)
			evs(a.Evidence)
		}
	}
	if section("Events reported", len(inc.Events)) {
		for _, e := range inc.Events {
			p("- %s\n", e.Type)
			evs(e.Evidence)
		}
	}
	if section("Disputed", len(inc.Disputes)) {
		for _, d := range inc.Disputes {
			p("- Claim by **%s**: %s\n", md(orUnknown(d.By)), blockquote(d.Claim))
			evs(d.Evidence)
			p("  - Contradicted by **%s**:\n", md(orUnknown(d.AgainstBy)))
			for _, e := range d.AgainstEvidence {
				p("    - %s — `%s`, code points %d–%d\n", blockquote(e.Text), e.Doc, e.Start, e.End)
			}
		}
	}
	if section("People", len(inc.People)) {
		for _, v := range inc.People {
			p("- %s: %s, %s", md(v.Name), md(orUnknown(v.Role)), md(orUnknown(v.Org)))
			if len(v.Variants) > 0 {
				p(" (also spelt: %s)", strings.Join(v.Variants, ", "))
			}
			p("\n")
			evs(v.Evidence)
		}
	}
	if section("Earlier incidents mentioned (not part of this one)", len(inc.Related)) {
		for _, r := range inc.Related {
			p("- %s\n", md(r.Victim))
			evs(r.Evidence)
		}
	}
	if section("Articles", len(b.story)) {
		for _, d := range b.story {
			rel := strings.ReplaceAll(d.Relation.Type, "_", " ")
			if d.Relation.Of != "" {
				rel += " of `" + d.Relation.Of + "`"
			}
			title := d.Title
			if title == "" {
				title = "(untitled)"
			}
			p("- `%s` (%s, %s): %s", d.ID, orUnknown(d.Lang), orUnknown(rel), md(title))
			if d.URL != "" {
				p(" <%s>", d.URL)
			}
			p("\n")
		}
	}
	return s.String()
}

// blockquote quotes a sentence on one line, its Markdown escaped.
func blockquote(t string) string {
	return "“" + md(strings.Join(strings.Fields(t), " ")) + "”"
}

// md escapes the characters Markdown would read as formatting or links in
// text taken from articles.
var md = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "@", `\@`).Replace

// Write writes the feed into dir (created if needed): the event files,
// manifest.json and hashes.csv, each through a temporary file renamed
// into place. Event files of a previous export into dir that are no
// longer in the feed are removed; other files are left alone.
func Write(dir string, snap store.Snapshot, opt Options) error {
	feed, err := Build(snap, opt)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export misp: %w", err)
	}
	previous, err := readManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return fmt.Errorf("export misp: previous manifest in %s: %w", dir, err)
	}
	for _, ev := range feed.Events {
		if err := writeJSON(filepath.Join(dir, ev.UUID+".json"), EventFile{Event: ev}); err != nil {
			return err
		}
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), feed.Manifest); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "hashes.csv"), func(w io.Writer) error {
		for _, h := range feed.Hashes {
			if _, err := io.WriteString(w, h+"\n"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	for id := range previous {
		if _, ok := feed.Manifest[id]; ok || uuid.Validate(id) != nil {
			continue
		}
		if err := os.Remove(filepath.Join(dir, id+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("export misp: remove stale event: %w", err)
		}
	}
	return nil
}

func readManifest(path string) (map[string]ManifestEntry, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m map[string]ManifestEntry
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func writeJSON(path string, v any) error {
	return writeAtomic(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	})
}

func writeAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export misp: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return fmt.Errorf("export misp: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export misp: write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("export misp: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export misp: write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export misp: write %s: %w", path, err)
	}
	return nil
}
