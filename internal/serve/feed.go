package serve

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/feeds"
)

// feedEntries is the number of incidents the Atom feed carries: the
// most recently created or updated ones.
const feedEntries = 50

// entryID is an incident's Atom entry id: the same for every version of
// the incident's record, wherever the server runs, so feed readers show
// an update as an update.
func entryID(id string) string { return "urn:casefile:incident:" + id }

// baseURL is the server's public URL: Options.BaseURL, else the
// request's scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.opt.BaseURL != "" {
		return s.opt.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// atom serves /feeds/incidents.atom: the incidents passing the list's
// filters, newest update first.
func (s *Server) atom(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.Page = 0
	v := s.viewOf(r)
	var hits []*incidentInfo
	for _, in := range v.incidents {
		if f.match(in) {
			hits = append(hits, in)
		}
	}
	slices.SortStableFunc(hits, func(a, b *incidentInfo) int {
		return cmp.Or(b.Updated.Compare(a.Updated), cmp.Compare(a.ID, b.ID))
	})
	hits = hits[:min(len(hits), feedEntries)]
	base := s.baseURL(r)
	self := base + "/feeds/incidents.atom" + f.Query()
	feed := &feeds.Feed{
		Title:       "casefile: new and updated incidents",
		Link:        &feeds.Link{Href: self, Rel: "self"},
		Description: filterText(f),
		Updated:     v.loaded,
	}
	if len(hits) > 0 {
		feed.Updated = hits[0].Updated
	}
	for _, in := range hits {
		title := in.Title
		if title == "" {
			title = "Incident " + in.ID
		}
		feed.Items = append(feed.Items, &feeds.Item{
			Id:          entryID(in.ID),
			Title:       title,
			Link:        &feeds.Link{Href: base + incidentLink(in.ID)},
			Updated:     in.Updated,
			Created:     in.FirstSeen,
			Description: html.EscapeString(entryText(in)), // the summary is HTML; article text is not
		})
	}
	af := (&feeds.Atom{Feed: feed}).AtomFeed()
	af.Id = "urn:casefile:incidents" + f.Query()
	var buf bytes.Buffer
	if err := feeds.WriteXML(af, &buf); err != nil {
		s.log.Error("atom", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(buf.Bytes())
}

// entryText summarises an incident for its feed entry.
func entryText(in *incidentInfo) string {
	var b strings.Builder
	var victims, providers []string
	for _, v := range in.Victims {
		victims = append(victims, v.Name)
	}
	for _, p := range in.Providers {
		providers = append(providers, p.Name+" ("+roleName(p.Role)+")")
	}
	fmt.Fprintf(&b, "Victims: %s.", cmp.Or(strings.Join(victims, "; "), "none named"))
	if len(providers) > 0 {
		fmt.Fprintf(&b, " Providers: %s.", strings.Join(providers, "; "))
	}
	if v := in.Vector; v != nil && v.Product != "" {
		fmt.Fprintf(&b, " Way in (%s): %s.", v.Confidence, v.Product)
	}
	fmt.Fprintf(&b, " Status: %s.", cmp.Or(in.Status, "unknown"))
	if in.Country != "" {
		fmt.Fprintf(&b, " Country: %s.", in.Country)
	}
	fmt.Fprintf(&b, " %d documents in %s.", len(in.Docs), strings.Join(in.Langs, ", "))
	return b.String()
}

// filterText describes a filter in words, for the feed's subtitle.
func filterText(f Filter) string {
	var parts []string
	for _, p := range []struct{ k, v string }{
		{"country", f.Country}, {"sector", f.Sector}, {"attack", f.Attack}, {"provider", f.Provider}, {"language", f.Lang},
	} {
		if p.v != "" {
			parts = append(parts, p.k+" "+p.v)
		}
	}
	if !f.Since.IsZero() {
		parts = append(parts, "since "+f.Since.Format(dateLayout))
	}
	if !f.Until.IsZero() {
		parts = append(parts, "until "+f.Until.Format(dateLayout))
	}
	if len(parts) == 0 {
		return "All incidents"
	}
	return "Incidents with " + strings.Join(parts, ", ")
}
