package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/model"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// staticHandler serves the embedded stylesheet and icons under /static/.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// pages holds one template set per page, each the layout plus the page.
type pages struct {
	sets map[string]*template.Template
}

var funcs = template.FuncMap{
	"day": func(t time.Time) string { return day(t) },
	"stamp": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"join":     strings.Join,
	"role":     roleName,
	"docLink":  documentLink,
	"incLink":  incidentLink,
	"expLink":  exposureLink,
	"layout":   layout,
	"add":      func(a, b int) int { return a + b },
	"orDash":   func(s string) string { return orElse(s, "—") },
	"plural":   func(n int, one, many string) string { return map[bool]string{true: one, false: many}[n == 1] },
	"langName": langName,
}

func orElse(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func loadPages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("serve: templates: %w", err)
	}
	for _, name := range []string{"list", "incident", "document", "search", "exposure", "error"} {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("serve: templates: %w", err)
		}
		if _, err := t.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// Page is what every page template gets: the page's own data and what
// the layout needs.
type Page struct {
	Title string
	Nav   string // the menu entry to highlight
	Query string // the search box's text
	Data  any
	view  *view
}

// Quotes shows evidence in context (for the templates).
func (p Page) Quotes(evs []model.Evidence) []Quote {
	out := make([]Quote, len(evs))
	for i, e := range evs {
		out[i] = p.view.quote(e)
	}
	return out
}

// pageFunc builds a page: the template name and its Page, or an error.
type pageFunc func(r *http.Request, v *view) (string, Page, error)

// page wraps a pageFunc: it renders the template into a buffer first, so
// a template error becomes a clean 500 page, not half a page.
func (s *Server) page(f pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := s.viewOf(r)
		name, p, err := f(r, v)
		if redirected(w, r, err) {
			return
		}
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			msg := err.Error()
			if status >= 500 {
				s.log.Error("page error", "path", r.URL.Path, "err", err)
				msg = "Something went wrong on the server."
			}
			name, p = "error", Page{Title: http.StatusText(status), Data: errorPage{Status: status, Message: msg}}
		}
		p.view = v
		var buf bytes.Buffer
		if err := s.pages.sets[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
			s.log.Error("template", "page", name, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	}
}

type errorPage struct {
	Status  int
	Message string
}

// listPage is the incident list with its filters.
type listPage struct {
	IncidentList
	Facets facets
	Feed   string // the Atom feed with the same filters
}

func (s *Server) listPage(r *http.Request, v *view) (string, Page, error) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return "", Page{}, errBadRequest("%v", err)
	}
	data := listPage{IncidentList: v.list(f), Facets: v.facets, Feed: "/feeds/incidents.atom" + f.Query()}
	return "list", Page{Title: "Incidents", Nav: "incidents", Data: data}, nil
}

func (s *Server) incidentPage(r *http.Request, v *view) (string, Page, error) {
	d, err := s.incident(r, v)
	if err != nil {
		return "", Page{}, err
	}
	return "incident", Page{Title: d.Incident.Title, Nav: "incidents", Data: d}, nil
}

// documentPage is a document with its clean text (evidence marked), its
// raw lines (junk struck through) and its relations.
type documentPage struct {
	DocumentDetail
	Paragraphs [][]Segment
}

var markParam = regexp.MustCompile(`^(\d{1,9})-(\d{1,9})$`)

func (s *Server) documentPage(r *http.Request, v *view) (string, Page, error) {
	d, err := s.document(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return "", Page{}, err
	}
	var marks []mark
	if in := v.incidentOf(v.docs[d.ID]); in != nil {
		marks = evidenceMarks(in.Incident, d.ID)
	}
	if m := markParam.FindStringSubmatch(r.URL.Query().Get("mark")); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		marks = append(marks, mark{start: a, end: b, selected: true})
	}
	return "document", Page{Title: orElse(d.Title, d.ID), Nav: "incidents",
		Data: documentPage{DocumentDetail: d, Paragraphs: paragraphs(d.Text, marks)}}, nil
}

// evidenceMarks are the spans of an incident's evidence in one document,
// labelled with the field and value they support.
func evidenceMarks(inc *model.Incident, doc string) []mark {
	var out []mark
	add := func(label string, evs []model.Evidence) {
		for _, e := range evs {
			if e.Doc == doc {
				out = append(out, mark{start: e.Start, end: e.End, label: label})
			}
		}
	}
	for _, x := range inc.Victims {
		add("victim: "+x.Name, x.Evidence)
	}
	for _, x := range inc.Providers {
		add(roleName(x.Role)+": "+x.Name, x.Evidence)
	}
	for _, x := range inc.Agencies {
		add("agency: "+x.Name, x.Evidence)
	}
	for _, x := range inc.Services {
		add("service: "+x.Name, x.Evidence)
	}
	if x := inc.Vector; x != nil {
		add("way in: "+x.Product, x.Evidence)
	}
	for _, x := range inc.Disputes {
		add("claim: "+x.Claim, x.Evidence)
		add("against: "+x.Claim, x.AgainstEvidence)
	}
	for _, x := range inc.People {
		add("person: "+x.Name, x.Evidence)
	}
	add("country: "+inc.Country, inc.CountryEvidence)
	add("region: "+inc.Region, inc.RegionEvidence)
	add("status: "+inc.Status, inc.StatusEvidence)
	return out
}

// searchPage is the search form and its hits, grouped by incident.
type searchPage struct {
	SearchResult
	Groups []hitGroup
	Langs  []string
	Prev   string
	Next   string
}

type hitGroup struct {
	Incident *DocIncident
	Hits     []SearchHit
}

func (s *Server) searchPage(r *http.Request, v *view) (string, Page, error) {
	q, err := parseSearch(r)
	if err != nil {
		return "", Page{}, err
	}
	res, err := v.search(r.Context(), q)
	if err != nil {
		return "", Page{}, err
	}
	data := searchPage{SearchResult: res, Langs: v.facets.Langs}
	at := map[string]int{}
	for _, h := range res.Hits {
		key := ""
		if h.Incident != nil {
			key = h.Incident.ID
		}
		i, ok := at[key]
		if !ok {
			i = len(data.Groups)
			at[key] = i
			data.Groups = append(data.Groups, hitGroup{Incident: h.Incident})
		}
		data.Groups[i].Hits = append(data.Groups[i].Hits, h)
	}
	link := func(page int) string {
		vals := r.URL.Query()
		vals.Set("page", strconv.Itoa(page))
		return "/search?" + vals.Encode()
	}
	if res.Page > 1 {
		data.Prev = link(res.Page - 1)
	}
	if res.Page < res.Pages {
		data.Next = link(res.Page + 1)
	}
	title := "Search"
	if q.Text != "" {
		title = "Search: " + q.Text
	}
	return "search", Page{Title: title, Nav: "search", Query: q.Text, Data: data}, nil
}

// exposurePage is the blast radius of one name, or the list of
// suppliers when no name is given.
type exposurePage struct {
	Exposure  *Exposure
	Suppliers []Supplier
}

func (s *Server) exposurePage(r *http.Request, v *view) (string, Page, error) {
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if len(name) > maxFilterValue {
		return "", Page{}, errBadRequest("parameter name: longer than %d bytes", maxFilterValue)
	}
	if name == "" {
		return "exposure", Page{Title: "Suppliers and products", Nav: "exposure", Data: exposurePage{Suppliers: v.suppliers()}}, nil
	}
	e := v.exposure(name)
	return "exposure", Page{Title: "Exposure: " + name, Nav: "exposure", Data: exposurePage{Exposure: &e}}, nil
}

// langName names the languages casefile commonly meets; others show as
// their code.
func langName(code string) string {
	names := map[string]string{"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
		"nl": "Dutch", "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "cs": "Czech",
		"hr": "Croatian", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "sv": "Swedish", "tr": "Turkish",
		"und": "unknown"}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}
