package serve

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/graph"
)

// Filter selects incidents for the list, the JSON API and the Atom feed.
// The zero Filter selects every incident.
type Filter struct {
	Country  string    `json:"country,omitempty"`  // ISO 3166-1 alpha-2, any case
	Sector   string    `json:"sector,omitempty"`   // a victim's sector
	Attack   string    `json:"attack,omitempty"`   // attack type
	Provider string    `json:"provider,omitempty"` // a provider, supplier, product or vendor (as exposure matches names)
	Lang     string    `json:"lang,omitempty"`     // a language one of its documents is in
	Since    time.Time `json:"since,omitzero"`     // first reported on or after this day
	Until    time.Time `json:"until,omitzero"`     // first reported on or before this day
	Page     int       `json:"page,omitempty"`     // 1-based page of the list; 0 is the first
}

// maxFilterValue bounds each filter value, so a query string cannot make
// the server fold megabytes per incident.
const maxFilterValue = 200

const dateLayout = "2006-01-02"

// ParseFilter reads a Filter from query parameters: country, sector,
// attack, provider, lang, since and until (YYYY-MM-DD), page. Unknown
// parameters are ignored; a bad value is an error naming the parameter.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	for _, p := range []struct {
		name string
		dst  *string
	}{{"country", &f.Country}, {"sector", &f.Sector}, {"attack", &f.Attack}, {"provider", &f.Provider}, {"lang", &f.Lang}} {
		v := strings.TrimSpace(q.Get(p.name))
		if !utf8.ValidString(v) {
			return Filter{}, fmt.Errorf("parameter %s: not valid UTF-8", p.name)
		}
		if len(v) > maxFilterValue {
			return Filter{}, fmt.Errorf("parameter %s: longer than %d bytes", p.name, maxFilterValue)
		}
		*p.dst = v
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		v := strings.TrimSpace(q.Get(p.name))
		if v == "" {
			continue
		}
		t, err := time.Parse(dateLayout, v)
		if err != nil {
			return Filter{}, fmt.Errorf("parameter %s: %q is not a date (YYYY-MM-DD)", p.name, v)
		}
		*p.dst = t
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since) {
		return Filter{}, fmt.Errorf("parameters since and until: %s is after %s", f.Since.Format(dateLayout), f.Until.Format(dateLayout))
	}
	if v := strings.TrimSpace(q.Get("page")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return Filter{}, fmt.Errorf("parameter page: %q is not a page number", v)
		}
		f.Page = n
	}
	return f, nil
}

// Values is the filter as query parameters (ParseFilter's inverse),
// without the page.
func (f Filter) Values() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("country", f.Country)
	set("sector", f.Sector)
	set("attack", f.Attack)
	set("provider", f.Provider)
	set("lang", f.Lang)
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(dateLayout))
	}
	if !f.Until.IsZero() {
		q.Set("until", f.Until.Format(dateLayout))
	}
	return q
}

// Query is Values encoded, with a leading "?" unless empty.
func (f Filter) Query() string {
	if e := f.Values().Encode(); e != "" {
		return "?" + e
	}
	return ""
}

// IsZero reports whether the filter selects everything.
func (f Filter) IsZero() bool {
	f.Page = 0
	return f == Filter{}
}

// Match reports whether the incident passes the filter.
func (f Filter) match(in *incidentInfo) bool {
	if f.Country != "" && !strings.EqualFold(f.Country, in.Country) {
		return false
	}
	if f.Attack != "" && fold.Key(f.Attack) != fold.Key(in.AttackType) {
		return false
	}
	if f.Sector != "" {
		key, ok := fold.Key(f.Sector), false
		for _, s := range in.Sectors {
			ok = ok || fold.Key(s) == key
		}
		if !ok {
			return false
		}
	}
	if f.Lang != "" {
		ok := false
		for _, l := range in.Langs {
			ok = ok || strings.EqualFold(l, f.Lang)
		}
		if !ok {
			return false
		}
	}
	if f.Provider != "" && !namesProvider(in, f.Provider) {
		return false
	}
	day := in.Date().UTC().Truncate(24 * time.Hour)
	if !f.Since.IsZero() && day.Before(f.Since) {
		return false
	}
	if !f.Until.IsZero() && day.After(f.Until) {
		return false
	}
	return true
}

// namesProvider reports whether name is one of the incident's providers,
// suppliers, products or vendors, matched as the exposure page matches.
func namesProvider(in *incidentInfo, name string) bool {
	for _, p := range in.Providers {
		if graph.Matches(name, p.Name, p.Aliases) {
			return true
		}
	}
	if v := in.Vector; v != nil {
		return (v.Product != "" && graph.Matches(name, v.Product, nil)) || (v.Vendor != "" && graph.Matches(name, v.Vendor, nil))
	}
	return false
}

// pageSize is the number of incidents per page of the list.
const pageSize = 50

// apply returns the page of incidents passing the filter and how many
// pass in all.
func (f Filter) apply(all []*incidentInfo) (page []*incidentInfo, total int) {
	var hits []*incidentInfo
	for _, in := range all {
		if f.match(in) {
			hits = append(hits, in)
		}
	}
	p := max(f.Page, 1)
	from := min((p-1)*pageSize, len(hits))
	to := min(from+pageSize, len(hits))
	return hits[from:to], len(hits)
}
