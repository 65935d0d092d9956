// Package stix writes the stored incidents as a STIX 2.1 bundle: a report
// per article of an incident's story, an incident (with the OASIS
// Incident Core extension) per record, identities for the organisations
// (victims, shared-service providers and suppliers, agencies), locations,
// vulnerabilities, the suspected product as a software observable,
// relationships between them, a note per sourced field quoting its
// evidence, and an opinion per dispute. Every object casefile derives is
// created by casefile's identity and marked with one TLP 2.0 marking.
//
// Ids are UUIDv5 of stable content (document id, incident id, folded
// organisation name, CVE id), so the same store exports the same ids;
// created and modified come from the documents' dates, their ingest times
// and the incident's last change, so a changed record gets a new version.
package stix

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// Options choose how the bundle is marked.
type Options struct {
	// TLP is the TLP 2.0 level marking every object casefile creates:
	// clear (the default), green, amber, amber+strict or red.
	TLP string
}

// Object is one STIX object of a bundle with what a TAXII server needs to
// serve it.
type Object struct {
	ID   string
	Type string
	// Version is the object's modified timestamp, or its created one for
	// objects that are not versioned (marking definitions), or its added
	// time for observables, which have neither.
	Version string
	// Added is when the object, in this version, entered casefile's store:
	// the ingest time of the article for a report (or the record's last
	// change, if later), the last change of the incident record for what
	// is derived from it (the latest, for what several records share);
	// the objects published by others and casefile's own identity, which
	// never change, are added at their version's time.
	Added time.Time
	// JSON is the object.
	JSON json.RawMessage
}

// Bundle is a STIX 2.1 bundle.
type Bundle struct {
	ID      string
	Objects []Object
}

// MarshalJSON writes the bundle object.
func (b Bundle) MarshalJSON() ([]byte, error) {
	objs := make([]json.RawMessage, len(b.Objects))
	for i, o := range b.Objects {
		objs[i] = o.JSON
	}
	return json.Marshal(struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}{"bundle", b.ID, objs})
}

// Write writes snap as one indented STIX 2.1 bundle.
func Write(w io.Writer, snap store.Snapshot, opt Options) error {
	b, err := Build(snap, opt)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("export stix: %w", err)
	}
	return nil
}

// entry is an object being built, with the times that become its
// created, modified and version, merged over every incident that uses it.
type entry struct {
	obj      any
	h        *head
	t        *tail
	created  time.Time
	modified time.Time
	added    time.Time
	// fixed objects (published by others) keep their timestamps.
	fixed bool
	// aliases and sectors of an organisation, merged across incidents.
	aliases map[string]bool
	sectors map[string]bool
	// refs of a report, merged.
	refs map[string]bool
}

type builder struct {
	marking string
	creator string
	objs    []*entry
	byID    map[string]*entry
	docs    map[string]*store.Document
	// story documents, in the snapshot's document order.
	storyDocs map[string][]*store.Document
}

// times is the version of what one incident record gives.
type times struct {
	created, modified, added time.Time
}

// Build converts a snapshot into a STIX 2.1 bundle.
func Build(snap store.Snapshot, opt Options) (Bundle, error) {
	mark, err := tlpMarking(opt.TLP)
	if err != nil {
		return Bundle{}, fmt.Errorf("export stix: %w", err)
	}
	b := &builder{marking: mark.ID, byID: map[string]*entry{}, docs: map[string]*store.Document{},
		storyDocs: map[string][]*store.Document{}}
	for i := range snap.Documents {
		d := &snap.Documents[i]
		b.docs[d.ID] = d
		if d.Story != "" {
			b.storyDocs[d.Story] = append(b.storyDocs[d.Story], d)
		}
	}
	b.creator = CreatorID()
	b.addFixed(&identity{
		head: head{Type: "identity", SpecVersion: "2.1", ID: b.creator, CreatedByRef: b.creator,
			Created: "2026-01-01T00:00:00.000Z", Modified: "2026-01-01T00:00:00.000Z"},
		Name:          "casefile",
		Description:   "casefile turns news about cyber incidents into one sourced record per incident; every fact links to the sentences that state it.",
		IdentityClass: "system",
		tail:          tail{ObjectMarkingRefs: []string{mark.ID}},
	})
	b.addFixed(mark)
	b.addFixed(oasisIdentity())
	b.addFixed(incidentCoreDefinition())
	for _, inc := range snap.Incidents {
		if err := b.incident(inc, snap.Updated[inc.ID]); err != nil {
			return Bundle{}, fmt.Errorf("export stix: incident %s: %w", inc.ID, err)
		}
	}
	b.documentRelations()
	return b.finish()
}

// docCreated is when an article first existed for casefile: its
// publication date, else its ingest time.
func docCreated(d *store.Document) time.Time {
	if !d.Published.IsZero() {
		return d.Published.UTC()
	}
	return d.Stored.UTC()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// incidentTimes: created is the earliest article of the story, modified
// the record's last change (never before created), added the record's
// last change.
func (b *builder) incidentTimes(inc model.Incident, updated time.Time) times {
	var t times
	for _, d := range b.storyDocs[inc.Story] {
		c := docCreated(d)
		if !c.IsZero() && (t.created.IsZero() || c.Before(t.created)) {
			t.created = c
		}
		t.modified = later(t.modified, d.Stored)
	}
	if !updated.IsZero() {
		t.modified = updated.UTC()
	}
	if t.created.IsZero() {
		t.created = t.modified
	}
	t.modified = later(t.modified, t.created)
	t.added = t.modified
	return t
}

// add puts obj in the bundle, or merges its times into the object of the
// same id already there, which it returns.
func (b *builder) add(obj any, h *head, tl *tail, t times) *entry {
	if e, ok := b.byID[h.ID]; ok {
		if t.created.Before(e.created) {
			e.created = t.created
		}
		e.modified = later(e.modified, t.modified)
		e.added = later(e.added, t.added)
		return e
	}
	if h.Type != "software" {
		h.CreatedByRef = b.creator
	}
	if tl != nil {
		tl.ObjectMarkingRefs = []string{b.marking}
	}
	e := &entry{obj: obj, h: h, t: tl, created: t.created, modified: t.modified, added: t.added}
	b.objs = append(b.objs, e)
	b.byID[h.ID] = e
	return e
}

func (b *builder) addFixed(obj any) {
	var h *head
	switch o := obj.(type) {
	case *identity:
		h = &o.head
	case *markingDefinition:
		h = &o.head
	case *extensionDefinition:
		h = &o.head
	default:
		panic(fmt.Sprintf("stix: fixed object %T", obj))
	}
	e := &entry{obj: obj, h: h, fixed: true}
	b.objs = append(b.objs, e)
	b.byID[h.ID] = e
}

func (b *builder) relationship(typ, src, dst, desc string, t times) string {
	r := &relationship{head: head{Type: "relationship", SpecVersion: "2.1", ID: id("relationship", typ, src, dst)},
		RelationshipType: typ, Description: desc, SourceRef: src, TargetRef: dst}
	b.add(r, &r.head, &r.tail, t)
	return r.ID
}

// organisation adds (or merges into) the identity of an organisation.
func (b *builder) organisation(name string, aliases []string, sector string, t times) string {
	o := &identity{head: head{Type: "identity", SpecVersion: "2.1", ID: id("identity", "organization", fold.Words(name))},
		Name: name, IdentityClass: "organization"}
	e := b.add(o, &o.head, &o.tail, t)
	if e.aliases == nil {
		e.aliases, e.sectors = map[string]bool{}, map[string]bool{}
	}
	for _, a := range aliases {
		if a != e.obj.(*identity).Name {
			e.aliases[a] = true
		}
	}
	if s := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(sector)), " ", "-"); slices.Contains(industrySectors, s) {
		e.sectors[s] = true
	}
	return o.ID
}

// report adds the report of an article (once) and the objects it refers to.
func (b *builder) report(d *store.Document, refs []string, t times) {
	rid := id("report", d.ID)
	e, ok := b.byID[rid]
	if !ok {
		created := docCreated(d)
		if created.IsZero() {
			created = t.created
		}
		rt := times{created: created, modified: later(later(created, d.Stored), t.modified), added: later(d.Stored, t.added)}
		name := d.Title
		if name == "" {
			name = d.ID
		}
		desc := fmt.Sprintf("Article %s", d.ID)
		if d.Lang != "" && d.Lang != "und" {
			desc += " (" + d.Lang + ")"
		}
		switch {
		case d.Relation.Of != "":
			desc += ": " + strings.ReplaceAll(d.Relation.Type, "_", "-") + " of " + d.Relation.Of
		case d.Relation.Type != "":
			desc += ": " + strings.ReplaceAll(d.Relation.Type, "_", " ")
		}
		if d.Story != "" {
			desc += "; story " + d.Story
		}
		desc += "."
		ref := externalReference{SourceName: "casefile", ExternalID: d.ID}
		if u, err := url.Parse(d.URL); err == nil && u.IsAbs() && u.Host != "" {
			ref.URL = d.URL
		}
		r := &report{head: head{Type: "report", SpecVersion: "2.1", ID: rid}, Name: name, Description: desc,
			ReportTypes: []string{"threat-report"}, Published: stamp(created),
			tail: tail{ExternalReferences: []externalReference{ref}}}
		if d.Lang != "" && d.Lang != "und" {
			r.Lang = d.Lang
		}
		e = b.add(r, &r.head, &r.tail, rt)
		e.refs = map[string]bool{}
	} else {
		b.add(e.obj, e.h, e.t, times{created: e.created, modified: t.modified, added: t.added})
	}
	for _, r := range refs {
		e.refs[r] = true
	}
}

// evidence notes a sourced field: a note whose content quotes the
// sentences (document, code point span, language) and whose object_refs
// are the incident, the field's objects and the reports of the articles
// quoted; those reports refer back to the note.
func (b *builder) evidence(incID, field, key, abstract, text string, evs []model.Evidence, refs []string, t times) string {
	nid := id("note", incID, field, key)
	content := text
	if q := quote(evs); q != "" {
		if content != "" {
			content += "\n"
		}
		content += q
	}
	if content == "" {
		content = abstract
	}
	all := append([]string{incID}, refs...)
	n := &note{head: head{Type: "note", SpecVersion: "2.1", ID: nid}, Abstract: abstract, Content: content,
		Authors: []string{"casefile"}}
	e := b.add(n, &n.head, &n.tail, t)
	if e.refs == nil {
		e.refs = map[string]bool{}
	}
	for _, r := range b.withReports(all, evs) {
		e.refs[r] = true
	}
	b.cite(nid, all, evs, t)
	return nid
}

// cite makes the reports of the quoted articles refer to the object and
// to what it is about.
func (b *builder) cite(oid string, refs []string, evs []model.Evidence, t times) {
	seen := map[string]bool{}
	for _, ev := range evs {
		d := b.docs[ev.Doc]
		if d == nil || seen[ev.Doc] {
			continue
		}
		seen[ev.Doc] = true
		b.report(d, append([]string{oid}, refs...), t)
	}
}

// withReports is refs plus the reports of the quoted articles.
func (b *builder) withReports(refs []string, evs []model.Evidence) []string {
	out := slices.Clone(refs)
	for _, ev := range evs {
		if b.docs[ev.Doc] != nil {
			out = append(out, id("report", ev.Doc))
		}
	}
	return out
}

// quote lists evidence sentences, each with its document, span and
// language.
func quote(evs []model.Evidence) string {
	var s strings.Builder
	for i, ev := range evs {
		if i > 0 {
			s.WriteByte('\n')
		}
		fmt.Fprintf(&s, "- \"%s\", %s, code points %d-%d", ev.Text, ev.Doc, ev.Start, ev.End)
		if ev.Lang != "" {
			s.WriteString(", " + ev.Lang)
		}
	}
	return s.String()
}

func (b *builder) incident(inc model.Incident, updated time.Time) error {
	t := b.incidentTimes(inc, updated)
	iid := IncidentID(inc.ID)
	name := inc.Title
	if name == "" {
		name = "Incident " + inc.ID
	}
	obj := &incident{head: head{Type: "incident", SpecVersion: "2.1", ID: iid}, Name: name,
		Description: describe(inc),
		tail: tail{ExternalReferences: []externalReference{{SourceName: "casefile", ExternalID: inc.ID,
			Description: "casefile incident record of story " + inc.Story}},
			Extensions: map[string]any{incidentCore: core(inc)}}}
	b.add(obj, &obj.head, &obj.tail, t)

	for _, v := range inc.Victims {
		oid := b.organisation(v.Name, v.Aliases, v.Sector, t)
		rel := b.relationship("impacts", iid, oid, "victim", t)
		b.evidence(iid, "victim", fold.Words(v.Name), "Victim: "+v.Name, "", v.Evidence, []string{oid, rel}, t)
	}
	for _, p := range inc.Providers {
		oid := b.organisation(p.Name, p.Aliases, "", t)
		role := strings.ReplaceAll(p.Role, "_", " ")
		rel := b.relationship("related-to", iid, oid, role+" of the victims", t)
		b.evidence(iid, "provider", fold.Words(p.Name), fmt.Sprintf("Provider (%s): %s", role, p.Name), "", p.Evidence, []string{oid, rel}, t)
	}
	for _, a := range inc.Agencies {
		oid := b.organisation(a.Name, a.Aliases, "government", t)
		desc := "agency"
		if a.Role != "" {
			desc += ": " + a.Role
		}
		rel := b.relationship("related-to", iid, oid, desc, t)
		b.evidence(iid, "agency", fold.Words(a.Name), fmt.Sprintf("Agency (%s): %s", orUnknown(a.Role), a.Name), "", a.Evidence, []string{oid, rel}, t)
	}
	if inc.Country != "" || inc.Region != "" {
		loc := &location{head: head{Type: "location", SpecVersion: "2.1", ID: id("location", inc.Country, fold.Words(inc.Region))},
			Country: inc.Country, AdministrativeArea: inc.Region}
		loc.Name = strings.Trim(inc.Region+", "+inc.Country, ", ")
		if inc.Country == "" {
			// A location needs a country, a region (continent) or
			// coordinates; a region of unknown country is only noted.
			b.evidence(iid, "region", "", "Region: "+inc.Region, "", inc.RegionEvidence, nil, t)
		} else {
			b.add(loc, &loc.head, &loc.tail, t)
			rel := b.relationship("located-at", iid, loc.ID, "", t)
			b.evidence(iid, "country", "", "Country: "+inc.Country, "", inc.CountryEvidence, []string{loc.ID, rel}, t)
			if inc.Region != "" {
				b.evidence(iid, "region", "", "Region: "+inc.Region, "", inc.RegionEvidence, []string{loc.ID, rel}, t)
			}
		}
	}
	for _, s := range inc.Services {
		b.evidence(iid, "service", fold.Words(s.Name), "Service disrupted: "+s.Name, "", s.Evidence, nil, t)
	}
	vulns := slices.Clone(inc.Vulnerabilities)
	if v := inc.Vector; v != nil {
		for _, c := range v.CVEs {
			if !slices.ContainsFunc(vulns, func(x model.Vulnerability) bool { return x.ID == c }) {
				vulns = append(vulns, model.Vulnerability{ID: c, Source: "stated", Evidence: v.Evidence})
			}
		}
	}
	for _, v := range vulns {
		vid := id("vulnerability", strings.ToUpper(v.ID))
		obj := &vulnerability{head: head{Type: "vulnerability", SpecVersion: "2.1", ID: vid}, Name: strings.ToUpper(v.ID)}
		if cveID.MatchString(obj.Name) {
			obj.ExternalReferences = []externalReference{{SourceName: "cve", ExternalID: obj.Name}}
		}
		b.add(obj, &obj.head, &obj.tail, t)
		rel := b.relationship("related-to", iid, vid, "vulnerability ("+v.Source+")", t)
		b.evidence(iid, "vulnerability", obj.Name, fmt.Sprintf("Vulnerability (%s): %s", v.Source, obj.Name), "", v.Evidence, []string{vid, rel}, t)
	}
	if v := inc.Vector; v != nil {
		refs := []string{}
		if v.Product != "" {
			sid, err := scoID("software", struct {
				Name   string `json:"name"`
				Vendor string `json:"vendor,omitempty"`
			}{v.Product, v.Vendor})
			if err != nil {
				return err
			}
			sw := &software{head: head{Type: "software", SpecVersion: "2.1", ID: sid}, Name: v.Product, Vendor: v.Vendor}
			b.add(sw, &sw.head, &sw.tail, t)
			rel := b.relationship("related-to", iid, sid, v.Confidence+" way in", t)
			refs = append(refs, sid, rel)
		}
		b.evidence(iid, "vector", "", "Way in ("+orUnknown(v.Confidence)+"): "+vectorText(v), "", v.Evidence, refs, t)
	}
	if inc.Status != "" && len(inc.StatusEvidence) > 0 {
		b.evidence(iid, "status", "", "Status: "+inc.Status, "", inc.StatusEvidence, nil, t)
	}
	if inc.Affected != "" {
		b.evidence(iid, "affected", "", "Population affected: "+inc.Affected, "", inc.AffectedEvidence, nil, t)
	}
	if inc.Records != "" {
		b.evidence(iid, "records", "", "Records exposed: "+inc.Records, "", inc.RecordsEvidence, nil, t)
	}
	if inc.Ransom != "" {
		b.evidence(iid, "ransom", "", "Ransom: "+inc.Ransom, "", inc.RansomEvidence, nil, t)
	}
	if len(inc.DataAccessedEvidence) > 0 {
		b.evidence(iid, "data-accessed", "", "Data accessed: "+inc.DataAccessed, "", inc.DataAccessedEvidence, nil, t)
	}
	// Threat actors and malware the reporting names: a threat-actor or a
	// malware family (is_family: news names families, not samples),
	// related to the incident, the sentences a note on both.
	for _, a := range inc.Actors {
		var oid string
		if a.Kind == "malware" {
			m := &malware{head: head{Type: "malware", SpecVersion: "2.1", ID: id("malware", fold.Words(a.Name))}, Name: a.Name, IsFamily: true, Aliases: a.Aliases}
			b.add(m, &m.head, &m.tail, t)
			oid = m.ID
		} else {
			ta := &threatActor{head: head{Type: "threat-actor", SpecVersion: "2.1", ID: id("threat-actor", fold.Words(a.Name))}, Name: a.Name, Aliases: a.Aliases}
			b.add(ta, &ta.head, &ta.tail, t)
			oid = ta.ID
		}
		rel := b.relationship("related-to", iid, oid, a.Kind+" named in the reporting", t)
		b.evidence(iid, strings.ReplaceAll(a.Kind, " ", "-"), fold.Words(a.Name), fmt.Sprintf("%s: %s", capitalise(a.Kind), a.Name), "", a.Evidence, []string{oid, rel}, t)
	}
	for _, ev := range inc.Events {
		b.evidence(iid, "event", ev.Type, "Event reported: "+ev.Type, "", ev.Evidence, nil, t)
	}
	for _, r := range inc.Related {
		b.evidence(iid, "related", fold.Words(r.Victim), "Earlier incident mentioned (not part of this one): "+r.Victim, "", r.Evidence, nil, t)
	}
	for _, d := range inc.Disputes {
		b.dispute(iid, d, t)
	}
	// Every article of the story is a report on the incident, quoted or
	// not.
	for _, d := range b.storyDocs[inc.Story] {
		b.report(d, []string{iid}, t)
	}
	return nil
}

// dispute writes the disputed claim as a note and the contradiction as an
// opinion on that note: "disagree", with the contradicting source in
// authors and its sentences in explanation. casefile creates the opinion
// (it recorded it); the opinion it records is the source's, not its own,
// which the authors property says.
func (b *builder) dispute(iid string, d model.Dispute, t times) {
	var refs []string
	if e, ok := b.byID[id("identity", "organization", fold.Words(d.By))]; ok && d.By != "" {
		refs = append(refs, e.h.ID)
	}
	claim := fmt.Sprintf("Claim by %s: %q", orUnknown(d.By), d.Claim)
	nid := b.evidence(iid, "claim", fold.Words(d.By)+"\x00"+d.Claim, "Disputed claim by "+orUnknown(d.By), claim, d.Evidence, refs, t)
	op := &opinion{head: head{Type: "opinion", SpecVersion: "2.1", ID: id("opinion", iid, nid)}, Opinion: "disagree"}
	op.Explanation = "Contradicted"
	if d.AgainstBy != "" {
		op.Explanation += " by " + d.AgainstBy
		op.Authors = []string{d.AgainstBy}
	}
	// Against is often the contradicting sentence itself, which the
	// quotes give with its place.
	if !slices.ContainsFunc(d.AgainstEvidence, func(e model.Evidence) bool { return e.Text == d.Against }) && d.Against != "" {
		op.Explanation += ": " + d.Against
	}
	if q := quote(d.AgainstEvidence); q != "" {
		op.Explanation += "\n" + q
	}
	op.ObjectRefs = []string{nid}
	b.add(op, &op.head, &op.tail, t)
	b.cite(op.ID, []string{iid, nid}, d.AgainstEvidence, t)
}

// documentRelations links the reports of copies, excerpts and
// translations to their original (derived-from) and follow-ups to the
// report they follow (related-to).
func (b *builder) documentRelations() {
	for _, e := range slices.Clone(b.objs) {
		r, ok := e.obj.(*report)
		if !ok {
			continue
		}
		d := b.docs[r.ExternalReferences[0].ExternalID]
		if d == nil || d.Relation.Of == "" {
			continue
		}
		of, ok := b.byID[id("report", d.Relation.Of)]
		if !ok {
			continue
		}
		typ := "related-to"
		switch d.Relation.Type {
		case model.RelCopy, model.RelExcerpt, model.RelTranslation:
			typ = "derived-from"
		}
		desc := strings.ReplaceAll(d.Relation.Type, "_", "-") + " of " + d.Relation.Of
		if d.Relation.Why != "" {
			desc += ": " + d.Relation.Why
		}
		t := times{created: later(e.created, of.created), modified: later(e.modified, of.modified), added: later(e.added, of.added)}
		b.relationship(typ, r.ID, of.h.ID, desc, t)
	}
}

// finish renders the objects with their merged times.
func (b *builder) finish() (Bundle, error) {
	out := Bundle{}
	var versions []string
	for _, e := range b.objs {
		switch o := e.obj.(type) {
		case *identity:
			if len(e.aliases) > 0 {
				o.Description = "Also named: " + strings.Join(sortedKeys(e.aliases), "; ") + "."
			}
			if len(e.sectors) > 0 {
				o.Sectors = sortedKeys(e.sectors)
			}
		case *report:
			o.ObjectRefs = sortedKeys(e.refs)
		case *note:
			o.ObjectRefs = sortedKeys(e.refs)
		}
		if !e.fixed {
			e.modified = later(e.modified, e.created)
			if e.h.Type != "software" {
				e.h.Created, e.h.Modified = stamp(e.created), stamp(e.modified)
			}
		}
		obj := Object{ID: e.h.ID, Type: e.h.Type, Version: e.h.Modified, Added: e.added.UTC()}
		if obj.Version == "" {
			obj.Version = e.h.Created
		}
		if e.fixed {
			// Objects that never change are added at their own version's
			// time, so they stay first in a collection ordered by date
			// added whatever the store holds.
			t, err := time.Parse(time.RFC3339Nano, obj.Version)
			if err != nil {
				return Bundle{}, fmt.Errorf("export stix: %s: %w", obj.ID, err)
			}
			obj.Added = t.UTC()
		}
		if obj.Version == "" {
			obj.Version = stamp(obj.Added)
		}
		raw, err := canonical(e.obj)
		if err != nil {
			return Bundle{}, fmt.Errorf("export stix: %s: %w", obj.ID, err)
		}
		obj.JSON = raw
		out.Objects = append(out.Objects, obj)
		versions = append(versions, obj.ID+"@"+obj.Version)
	}
	slices.Sort(versions)
	out.ID = id("bundle", versions...)
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// capitalise upper-cases the first letter of an ASCII label.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func vectorText(v *model.Vector) string {
	var parts []string
	if v.Product != "" {
		parts = append(parts, v.Product)
	}
	if v.Vendor != "" {
		parts = append(parts, "by "+v.Vendor)
	}
	if len(v.CVEs) > 0 {
		parts = append(parts, strings.Join(v.CVEs, ", "))
	}
	if v.ClaimedBy != "" {
		parts = append(parts, "(claimed by "+v.ClaimedBy+")")
	}
	if len(parts) == 0 {
		return "unnamed"
	}
	return strings.Join(parts, " ")
}

var cveID = regexp.MustCompile(`^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$`)

// describe summarises a record in a sentence or a few.
func describe(inc model.Incident) string {
	var parts []string
	names := func(label string, n int, name func(int) string) {
		if n == 0 {
			return
		}
		var xs []string
		for i := range n {
			xs = append(xs, name(i))
		}
		parts = append(parts, label+": "+strings.Join(xs, "; "))
	}
	names("Victims", len(inc.Victims), func(i int) string { return inc.Victims[i].Name })
	names("Providers", len(inc.Providers), func(i int) string {
		return inc.Providers[i].Name + " (" + strings.ReplaceAll(inc.Providers[i].Role, "_", " ") + ")"
	})
	names("Agencies", len(inc.Agencies), func(i int) string {
		if inc.Agencies[i].Role == "" {
			return inc.Agencies[i].Name
		}
		return inc.Agencies[i].Name + " (" + inc.Agencies[i].Role + ")"
	})
	names("Services disrupted", len(inc.Services), func(i int) string { return inc.Services[i].Name })
	if where := strings.Trim(inc.Region+", "+inc.Country, ", "); where != "" {
		parts = append(parts, "Where: "+where)
	}
	if inc.AttackType != "" {
		parts = append(parts, "Attack type: "+inc.AttackType)
	}
	if v := inc.Vector; v != nil {
		parts = append(parts, "Way in ("+orUnknown(v.Confidence)+"): "+vectorText(v))
	}
	if inc.Affected != "" {
		parts = append(parts, "Population affected: "+inc.Affected)
	}
	if inc.Records != "" {
		parts = append(parts, "Records exposed: "+inc.Records)
	}
	if inc.Ransom != "" {
		parts = append(parts, "Ransom: "+inc.Ransom)
	}
	if inc.DataAccessed != "" && inc.DataAccessed != "unknown" {
		parts = append(parts, "Data accessed: "+inc.DataAccessed)
	}
	names("Threat actors and malware", len(inc.Actors), func(i int) string { return inc.Actors[i].Name + " (" + inc.Actors[i].Kind + ")" })
	if inc.Status != "" {
		parts = append(parts, "Status: "+inc.Status)
	}
	if len(inc.Disputes) > 0 {
		parts = append(parts, fmt.Sprintf("Disputed claims: %d", len(inc.Disputes)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ". ") + "."
}

// core is the Incident Core extension of a record. determination is
// "confirmed" when the reporting states harm (services disrupted, people
// affected, data accessed or ransomware), "suspected" otherwise: casefile
// reads the news, not the victim's systems. investigation_status is
// "closed" once the record says the incident is resolved, else "open".
func core(inc model.Incident) map[string]any {
	harm := len(inc.Services) > 0 || inc.Affected != "" || inc.AttackType == "ransomware" || inc.Records != "" || inc.DataAccessed == "claimed" || inc.DataAccessed == "disputed"
	for _, ev := range inc.Events {
		harm = harm || ev.Type == "Databreach" || ev.Type == "Ransom"
	}
	ext := map[string]any{"extension_type": "property-extension", "determination": "suspected", "investigation_status": "open"}
	if harm && len(inc.Victims) > 0 {
		ext["determination"] = "confirmed"
	}
	if inc.Status == "resolved" {
		ext["investigation_status"] = "closed"
	}
	var types []string
	for _, k := range append([]string{inc.AttackType}, eventTypes(inc)...) {
		if t, ok := incidentTypes[k]; ok && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	for _, p := range inc.Providers {
		if p.Role == model.RoleSharedService && !slices.Contains(types, "supply-chain-customer") {
			types = append(types, "supply-chain-customer")
		}
	}
	if len(types) > 0 {
		ext["incident_types"] = types
	}
	if len(inc.Victims) > 0 {
		ext["impacted_entity_counts"] = map[string]int{"organization": len(inc.Victims)}
	}
	return ext
}

func eventTypes(inc model.Incident) []string {
	var out []string
	for _, ev := range inc.Events {
		out = append(out, ev.Type)
	}
	return out
}
