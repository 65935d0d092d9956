package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/graph"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/search"
	"github.com/casefile/casefile/internal/store"
)

// The JSON API's answers. The UI renders the same values, so the API
// shows everything the pages show.

// IncidentList is a page of the incident list.
type IncidentList struct {
	Filter    Filter            `json:"filter"`
	Total     int               `json:"total"`
	Page      int               `json:"page"`
	Pages     int               `json:"pages"`
	Incidents []IncidentSummary `json:"incidents"`
}

// IncidentSummary is one line of the incident list.
type IncidentSummary struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Story      string    `json:"story"`
	Country    string    `json:"country,omitempty"`
	Region     string    `json:"region,omitempty"`
	Status     string    `json:"status,omitempty"`
	AttackType string    `json:"attack_type,omitempty"`
	Sectors    []string  `json:"sectors"`
	Victims    []string  `json:"victims"`
	Providers  []string  `json:"providers"`
	Languages  []string  `json:"languages"`
	Documents  int       `json:"documents"`
	FirstSeen  string    `json:"first_seen,omitempty"` // YYYY-MM-DD of the earliest dated document
	Updated    time.Time `json:"updated"`
	Link       string    `json:"link"`
}

// DocRef is a document as other answers list it.
type DocRef struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Lang      string `json:"lang"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD
	Site      string `json:"site,omitempty"`
	URL       string `json:"url,omitempty"`
	Relation  string `json:"relation,omitempty"`
	Of        string `json:"of,omitempty"`
	Why       string `json:"why,omitempty"` // why it is in its story, or its relation
	Link      string `json:"link"`
}

// Sources are an incident's documents grouped by how they relate.
type Sources struct {
	Original     []DocRef `json:"original"`
	Translations []DocRef `json:"translations"`
	Copies       []DocRef `json:"copies"` // copies and excerpts
	FollowUps    []DocRef `json:"follow_ups"`
	Independent  []DocRef `json:"independent_reports"`
	Other        []DocRef `json:"other,omitempty"`
}

// TimelineEntry is one document of an incident in publication order with
// the facts it reported first.
type TimelineEntry struct {
	Date     string `json:"date,omitempty"` // YYYY-MM-DD; empty when undated
	Document DocRef `json:"document"`
	New      []Fact `json:"new"`
}

// Fact is one field's value, as the timeline names it.
type Fact struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// IncidentDetail is an incident's page: the record, its sources, its
// timeline and its supplier graph.
type IncidentDetail struct {
	Incident  model.Incident  `json:"incident"`
	Updated   time.Time       `json:"updated"`
	FirstSeen string          `json:"first_seen,omitempty"`
	Sources   Sources         `json:"sources"`
	Timeline  []TimelineEntry `json:"timeline"`
	Graph     Graph           `json:"graph"`
	Link      string          `json:"link"`
}

// RawLine is one line of a document as it was received.
type RawLine struct {
	N       int    `json:"n"`
	Text    string `json:"text"`
	Removed string `json:"removed,omitempty"` // the rule that removed it
	Title   bool   `json:"title,omitempty"`   // the line the title came from
}

// DocumentDetail is a document's page.
type DocumentDetail struct {
	ID        string          `json:"id"`
	Lang      string          `json:"lang"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	URL       string          `json:"url,omitempty"`
	Published string          `json:"published,omitempty"`
	Site      string          `json:"site,omitempty"`
	Author    string          `json:"author,omitempty"`
	Source    string          `json:"source,omitempty"`
	Story     string          `json:"story,omitempty"`
	Incident  *DocIncident    `json:"incident,omitempty"`
	Relation  model.Relation  `json:"relation"`
	Why       string          `json:"why,omitempty"` // why it is in its story
	Removed   []model.Removal `json:"removed"`
	Lines     []RawLine       `json:"lines"`   // the raw text by line, junk marked
	Related   []DocRef        `json:"related"` // documents it relates to, and that relate to it
	Link      string          `json:"link"`
}

// DocIncident names an incident from a document or a search hit.
type DocIncident struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Link  string `json:"link"`
}

// Segment is a piece of text, marked (a match, a piece of evidence) or
// not.
type Segment struct {
	Text     string `json:"text"`
	Mark     bool   `json:"mark,omitempty"`
	Label    string `json:"label,omitempty"`    // what the mark is evidence of
	Selected bool   `json:"selected,omitempty"` // the mark a link pointed to
}

// SearchResult is a page of search hits.
type SearchResult struct {
	Query string      `json:"query"`
	Lang  string      `json:"lang,omitempty"`
	Total int         `json:"total"`
	Page  int         `json:"page"`
	Pages int         `json:"pages"`
	Hits  []SearchHit `json:"hits"`
}

// SearchHit is one document found, with a snippet around the matches.
type SearchHit struct {
	Document DocRef        `json:"document"`
	Incident *DocIncident  `json:"incident,omitempty"`
	Score    float64       `json:"score"`
	Title    []Segment     `json:"title"`
	Snippet  []Segment     `json:"snippet"`
	Via      []search.Name `json:"via,omitempty"` // entity spellings matched through the incident's names
}

// Exposure lists the victims linked to a provider, supplier, product or
// vendor across incidents.
type Exposure struct {
	Name      string         `json:"name"`
	Incidents int            `json:"incidents"`
	Victims   []string       `json:"victims"`
	Links     []ExposureLink `json:"links"`
	Graph     Graph          `json:"graph"`
}

// ExposureLink is one victim linked through the name in one incident.
type ExposureLink struct {
	Incident       string           `json:"incident"`
	Title          string           `json:"title"`
	Via            string           `json:"via"`
	Role           string           `json:"role"`
	Victim         string           `json:"victim"`
	ViaEvidence    []model.Evidence `json:"via_evidence"`
	VictimEvidence []model.Evidence `json:"victim_evidence"`
}

// Supplier is one provider, supplier, product or vendor in the supplier
// graph.
type Supplier struct {
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Incidents []string `json:"incidents"`
	Victims   []string `json:"victims"`
	Link      string   `json:"link"`
}

func incidentLink(id string) string { return "/incidents/" + url.PathEscape(id) }
func documentLink(id string) string { return "/documents/" + url.PathEscape(id) }
func exposureLink(name string) string {
	return "/exposure?" + url.Values{"name": {name}}.Encode()
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (v *view) summary(in *incidentInfo) IncidentSummary {
	s := IncidentSummary{ID: in.ID, Title: in.Title, Story: in.Story, Country: in.Country, Region: in.Region,
		Status: in.Status, AttackType: in.AttackType, Sectors: nonNil(in.Sectors), Languages: nonNil(in.Langs),
		Documents: len(in.Docs), FirstSeen: day(in.FirstSeen), Updated: in.Updated, Link: incidentLink(in.ID),
		Victims: []string{}, Providers: []string{}}
	for _, vic := range in.Victims {
		s.Victims = append(s.Victims, vic.Name)
	}
	for _, p := range in.Providers {
		s.Providers = append(s.Providers, p.Name)
	}
	return s
}

func (v *view) list(f Filter) IncidentList {
	page, total := f.apply(v.incidents)
	out := IncidentList{Filter: f, Total: total, Page: max(f.Page, 1), Pages: (total + pageSize - 1) / pageSize,
		Incidents: []IncidentSummary{}}
	for _, in := range page {
		out.Incidents = append(out.Incidents, v.summary(in))
	}
	return out
}

func (v *view) docRef(d *store.Document) DocRef {
	r := DocRef{ID: d.ID, Title: d.Title, Lang: d.Lang, Published: day(d.Published), Site: d.Site, URL: d.URL,
		Relation: d.Relation.Type, Of: d.Relation.Of, Link: documentLink(d.ID)}
	if st := v.stories[d.Story]; st != nil {
		r.Why = st.Why[d.ID]
	}
	if r.Why == "" {
		r.Why = d.Relation.Why
	}
	return r
}

func (v *view) incident(id string) (IncidentDetail, error) {
	in := v.byID[id]
	if in == nil {
		return IncidentDetail{}, errNotFound("no incident %q", id)
	}
	out := IncidentDetail{Incident: *in.Incident, Updated: in.Updated, FirstSeen: day(in.FirstSeen),
		Link: incidentLink(in.ID), Graph: incidentGraph(in.Incident)}
	src := &out.Sources
	for _, d := range in.Docs {
		ref := v.docRef(d)
		switch d.Relation.Type {
		case model.RelOriginal:
			src.Original = append(src.Original, ref)
		case model.RelTranslation:
			src.Translations = append(src.Translations, ref)
		case model.RelCopy, model.RelExcerpt:
			src.Copies = append(src.Copies, ref)
		case model.RelFollowUp:
			src.FollowUps = append(src.FollowUps, ref)
		case model.RelIndependent:
			src.Independent = append(src.Independent, ref)
		default:
			src.Other = append(src.Other, ref)
		}
	}
	src.Original, src.Translations, src.Copies = nonNil(src.Original), nonNil(src.Translations), nonNil(src.Copies)
	src.FollowUps, src.Independent = nonNil(src.FollowUps), nonNil(src.Independent)
	out.Timeline = v.timeline(in)
	return out, nil
}

// timeline orders an incident's documents by publication (undated ones
// last, in story order) and credits each fact to the first document in
// that order with evidence for it.
func (v *view) timeline(in *incidentInfo) []TimelineEntry {
	docs := slices.Clone(in.Docs)
	slices.SortStableFunc(docs, func(a, b *store.Document) int {
		switch {
		case a.Published.IsZero() && b.Published.IsZero():
			return 0
		case a.Published.IsZero():
			return 1
		case b.Published.IsZero():
			return -1
		}
		return a.Published.Compare(b.Published)
	})
	rank := map[string]int{}
	for i, d := range docs {
		rank[d.ID] = i
	}
	first := make([][]Fact, len(docs))
	credit := func(field, value string, evs []model.Evidence) {
		best := -1
		for _, e := range evs {
			if r, ok := rank[e.Doc]; ok && (best < 0 || r < best) {
				best = r
			}
		}
		if best >= 0 && value != "" {
			first[best] = append(first[best], Fact{Field: field, Value: value})
		}
	}
	inc := in.Incident
	for _, x := range inc.Victims {
		credit("victim", x.Name, x.Evidence)
	}
	for _, x := range inc.Providers {
		credit(roleName(x.Role), x.Name, x.Evidence)
	}
	for _, x := range inc.Agencies {
		credit("agency", x.Name, x.Evidence)
	}
	for _, x := range inc.Services {
		credit("service disrupted", x.Name, x.Evidence)
	}
	if x := inc.Vector; x != nil {
		credit("suspected way in", strings.TrimSpace(x.Product+" "+vendorOf(x)), x.Evidence)
	}
	for _, x := range inc.Vulnerabilities {
		credit("vulnerability", x.ID, x.Evidence)
	}
	for _, x := range inc.Events {
		credit("event", x.Type, x.Evidence)
	}
	for _, x := range inc.Disputes {
		credit("claim", x.Claim, x.Evidence)
		credit("contradiction", x.Against, x.AgainstEvidence)
	}
	credit("status", inc.Status, inc.StatusEvidence)
	credit("affected", inc.Affected, inc.AffectedEvidence)
	credit("records", inc.Records, inc.RecordsEvidence)
	credit("ransom", inc.Ransom, inc.RansomEvidence)
	credit("data accessed", inc.DataAccessed, inc.DataAccessedEvidence)
	for _, x := range inc.Actors {
		credit(x.Kind, x.Name, x.Evidence)
	}
	out := make([]TimelineEntry, len(docs))
	for i, d := range docs {
		out[i] = TimelineEntry{Date: day(d.Published), Document: v.docRef(d), New: nonNil(first[i])}
	}
	return out
}

func vendorOf(x *model.Vector) string {
	if x.Vendor == "" {
		return ""
	}
	return "(" + x.Vendor + ")"
}

// roleName is a provider role in words.
func roleName(role string) string {
	switch role {
	case model.RoleSharedService:
		return "shared-service provider"
	case model.RoleSupplier:
		return "supplier"
	}
	return role
}

// rawSource is the part of the store the document page reads raw bodies
// from.
type rawSource interface {
	Raw(ctx context.Context, id string) (model.Raw, error)
}

func (s *Server) document(ctx context.Context, v *view, id string) (DocumentDetail, error) {
	return v.document(ctx, s.opt.Store, id)
}

func (v *view) document(ctx context.Context, raws rawSource, id string) (DocumentDetail, error) {
	d := v.docs[id]
	if d == nil {
		return DocumentDetail{}, errNotFound("no document %q", id)
	}
	out := DocumentDetail{ID: d.ID, Lang: d.Lang, Title: d.Title, Text: d.Text, URL: d.URL, Published: day(d.Published),
		Site: d.Site, Author: d.Author, Source: d.Source, Story: d.Story, Relation: d.Relation,
		Removed: nonNil(d.Removed), Link: documentLink(d.ID), Lines: []RawLine{}, Related: []DocRef{}}
	if in := v.incidentOf(d); in != nil {
		out.Incident = &DocIncident{ID: in.ID, Title: in.Title, Link: incidentLink(in.ID)}
	}
	if st := v.stories[d.Story]; st != nil {
		out.Why = st.Why[d.ID]
	}
	raw, err := raws.Raw(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// The snapshot is older than the raw table; show no raw lines.
	case err != nil:
		return DocumentDetail{}, fmt.Errorf("document %s: %w", id, err)
	default:
		out.Lines = rawLines(string(raw.Body), d.Article)
	}
	if of := v.docs[d.Relation.Of]; of != nil {
		out.Related = append(out.Related, v.docRef(of))
	}
	for _, rid := range v.related[d.ID] {
		if r := v.docs[rid]; r != nil {
			out.Related = append(out.Related, v.docRef(r))
		}
	}
	return out, nil
}

// rawLines splits a raw body into lines and marks those extract removed
// (by rule) and the one the title came from.
func rawLines(body string, a model.Article) []RawLine {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	removed := map[int]string{}
	for _, r := range a.Removed {
		removed[r.Line] = r.Rule
	}
	out := make([]RawLine, len(lines))
	for i, l := range lines {
		out[i] = RawLine{N: i + 1, Text: l, Removed: removed[i+1], Title: a.TitleLine == i+1}
	}
	return out
}

// searchQuery is a parsed search request.
type searchQuery struct {
	Text, Lang string
	Page       int
}

// hitsPerPage is the number of search hits per page.
const hitsPerPage = 20

func (v *view) search(ctx context.Context, q searchQuery) (SearchResult, error) {
	out := SearchResult{Query: q.Text, Lang: q.Lang, Page: max(q.Page, 1), Hits: []SearchHit{}}
	if q.Text == "" {
		return out, nil
	}
	res, err := v.index.Search(ctx, search.Query{Text: q.Text, Lang: q.Lang, Size: hitsPerPage, From: (out.Page - 1) * hitsPerPage})
	if err != nil {
		return SearchResult{}, err
	}
	out.Total, out.Pages = res.Total, (res.Total+hitsPerPage-1)/hitsPerPage
	for _, h := range res.Hits {
		d := v.docs[h.Doc]
		if d == nil {
			continue
		}
		hit := SearchHit{Document: v.docRef(d), Score: h.Score, Via: h.Via,
			Title:   segments([]rune(d.Title), 0, len([]rune(d.Title)), spanMarks(h.TitleMarks)),
			Snippet: snippet(d, h.Marks)}
		if in := v.incidentOf(d); in != nil {
			hit.Incident = &DocIncident{ID: in.ID, Title: in.Title, Link: incidentLink(in.ID)}
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func (v *view) exposure(name string) Exposure {
	links := graph.Exposure(v.snap.Incidents, name)
	out := Exposure{Name: name, Links: []ExposureLink{}, Victims: []string{}}
	incidents := map[string]bool{}
	for _, l := range links {
		out.Links = append(out.Links, ExposureLink{Incident: l.Incident, Title: l.Title, Via: l.Via, Role: l.Role,
			Victim: l.Victim, ViaEvidence: nonNil(l.ViaEvidence), VictimEvidence: nonNil(l.VictimEvidence)})
		incidents[l.Incident] = true
		if !slices.Contains(out.Victims, l.Victim) {
			out.Victims = append(out.Victims, l.Victim)
		}
	}
	slices.Sort(out.Victims)
	out.Incidents = len(incidents)
	out.Graph = exposureGraph(links)
	return out
}

func (v *view) suppliers() []Supplier {
	out := []Supplier{}
	for _, n := range graph.Suppliers(v.snap.Incidents) {
		out = append(out, Supplier{Name: n.Name, Role: n.Role, Incidents: nonNil(n.Incidents), Victims: nonNil(n.Victims),
			Link: exposureLink(n.Name)})
	}
	slices.SortStableFunc(out, func(a, b Supplier) int { return cmp.Compare(len(b.Victims), len(a.Victims)) })
	return out
}
