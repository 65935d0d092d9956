package serve

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/search"
	"github.com/casefile/casefile/internal/store"
)

// view is one loaded snapshot with the lookups and the search index the
// handlers need. It is built once per snapshot version and never changed
// afterwards, so handlers read it without locks.
type view struct {
	version   int64
	loaded    time.Time
	snap      store.Snapshot
	docs      map[string]*store.Document
	stories   map[string]*model.Story
	incidents []*incidentInfo // newest first
	byID      map[string]*incidentInfo
	byStory   map[string]*incidentInfo
	// related lists, per document, the documents whose relation points
	// to it (its copies, translations, follow-ups).
	related map[string][]string
	index   *search.Index
	facets  facets
}

// incidentInfo is an incident with what the list, the filters and the
// feed need about it.
type incidentInfo struct {
	*model.Incident
	Updated   time.Time
	FirstSeen time.Time // earliest publication date among its documents; zero if none is dated
	Docs      []*store.Document
	Langs     []string
	Sectors   []string
}

// Date is the incident's date for sorting and filtering: when it was
// first reported, else when its record last changed.
func (in *incidentInfo) Date() time.Time {
	if !in.FirstSeen.IsZero() {
		return in.FirstSeen
	}
	return in.Updated
}

// facets are the values the list's filters offer.
type facets struct {
	Countries, Sectors, Attacks, Langs, Providers []string
}

// newView builds the view of a snapshot; its search index is prev's
// updated with what changed when there is a previous view.
func newView(ctx context.Context, version int64, snap store.Snapshot, prev *view) (*view, error) {
	v := &view{
		version: version, loaded: time.Now(), snap: snap,
		docs:    make(map[string]*store.Document, len(snap.Documents)),
		stories: make(map[string]*model.Story, len(snap.Stories)),
		byID:    make(map[string]*incidentInfo, len(snap.Incidents)),
		byStory: make(map[string]*incidentInfo, len(snap.Incidents)),
		related: map[string][]string{},
	}
	for i := range snap.Documents {
		d := &snap.Documents[i]
		v.docs[d.ID] = d
		if d.Relation.Of != "" {
			v.related[d.Relation.Of] = append(v.related[d.Relation.Of], d.ID)
		}
	}
	for i := range snap.Stories {
		v.stories[snap.Stories[i].ID] = &snap.Stories[i]
	}
	sets := map[string]map[string]bool{}
	add := func(facet, value string) {
		if value == "" {
			return
		}
		if sets[facet] == nil {
			sets[facet] = map[string]bool{}
		}
		sets[facet][value] = true
	}
	rels := map[string]model.Relation{}
	for _, d := range snap.Documents {
		rels[d.ID] = d.Relation
	}
	for i := range snap.Incidents {
		inc := &snap.Incidents[i]
		info := &incidentInfo{Incident: inc, Updated: snap.Updated[inc.ID]}
		if st := v.stories[inc.Story]; st != nil {
			for _, id := range pipeline.StoryOrder(*st, rels) {
				if d := v.docs[id]; d != nil {
					info.Docs = append(info.Docs, d)
				}
			}
		}
		for _, d := range info.Docs {
			if !d.Published.IsZero() && (info.FirstSeen.IsZero() || d.Published.Before(info.FirstSeen)) {
				info.FirstSeen = d.Published
			}
			if !slices.Contains(info.Langs, d.Lang) {
				info.Langs = append(info.Langs, d.Lang)
			}
			add("lang", d.Lang)
		}
		slices.Sort(info.Langs)
		for _, vic := range inc.Victims {
			if vic.Sector != "" && !slices.Contains(info.Sectors, vic.Sector) {
				info.Sectors = append(info.Sectors, vic.Sector)
			}
			add("sector", vic.Sector)
		}
		slices.Sort(info.Sectors)
		add("country", inc.Country)
		add("attack", inc.AttackType)
		for _, p := range inc.Providers {
			add("provider", p.Name)
		}
		if vec := inc.Vector; vec != nil {
			add("provider", vec.Product)
			add("provider", vec.Vendor)
		}
		v.incidents = append(v.incidents, info)
		v.byID[inc.ID] = info
		if inc.Story != "" {
			v.byStory[inc.Story] = info
		}
	}
	slices.SortFunc(v.incidents, func(a, b *incidentInfo) int {
		return cmp.Or(b.Date().Compare(a.Date()), b.Updated.Compare(a.Updated), cmp.Compare(a.ID, b.ID))
	})
	sorted := func(facet string) []string {
		var out []string
		for k := range sets[facet] {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	v.facets = facets{Countries: sorted("country"), Sectors: sorted("sector"), Attacks: sorted("attack"),
		Langs: sorted("lang"), Providers: sorted("provider")}
	var ix *search.Index
	var err error
	if prev != nil {
		ix, err = prev.index.Update(ctx, search.Docs(snap))
	} else {
		ix, err = search.New(ctx, search.Docs(snap))
	}
	if err != nil {
		return nil, fmt.Errorf("serve: load snapshot %d: %w", version, err)
	}
	v.index = ix
	return v, nil
}

// incidentOf is the incident a document's story became, nil if none.
func (v *view) incidentOf(d *store.Document) *incidentInfo {
	if d == nil || d.Story == "" {
		return nil
	}
	return v.byStory[d.Story]
}
