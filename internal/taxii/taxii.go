// Package taxii serves casefile's incidents as a read-only TAXII 2.1
// server: discovery, one API root, one collection ("casefile incidents")
// holding the STIX 2.1 objects of internal/export/stix, and the objects,
// object, versions and manifest endpoints with added_after, limit, next
// and match[id|type|version|spec_version].
//
// The store keeps the current state only, so each object has one version:
// its STIX modified time (created for marking definitions). An object's
// date added is when that version entered the store (see stix.Object);
// the collection is ordered by date added, then id, and next is a cursor
// in that order, so paging stays stable while the store changes: a page
// never repeats or skips what the previous one returned, and objects that
// change move to the end.
//
// No TAXII server library is available on the module proxy, so the
// protocol is written here; it is small and its query parsing is fuzzed.
package taxii

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/store"
	"github.com/google/uuid"
)

// MediaType is the TAXII 2.1 media type of every response.
const MediaType = "application/taxii+json;version=2.1"

// stixMediaType is the media type of the objects in the collection.
const stixMediaType = "application/stix+json;version=2.1"

// Source yields the current snapshot of the store; it is called once per
// request, so the server always serves what the store holds now.
type Source func(ctx context.Context) (store.Snapshot, error)

// Options configure the handler.
type Options struct {
	// Prefix is the path the handler is mounted at, ending in "/";
	// default "/taxii2/". Discovery is at Prefix, the API root at
	// Prefix + "casefile/".
	Prefix string
	// STIX chooses the marking of the objects.
	STIX stix.Options
	// PageSize is the page size when a request gives no limit (default
	// 100); MaxPageSize caps limit (default 1000).
	PageSize, MaxPageSize int
	// Log receives errors of the source; nil logs nothing.
	Log *slog.Logger
}

// apiRoot is the name of the single API root.
const apiRoot = "casefile"

// CollectionID is the id of the collection: fixed, so clients can keep
// it.
var CollectionID = uuid.NewSHA1(uuid.MustParse("d663ccbf-cb71-4568-af6b-d99d5bd6cb6c"), []byte("taxii collection: casefile incidents")).String()

// Handler is the TAXII 2.1 server.
type Handler struct {
	src Source
	opt Options
	mux *http.ServeMux
}

// New returns a TAXII 2.1 handler serving the snapshots of src.
func New(src Source, opt Options) (*Handler, error) {
	if src == nil {
		return nil, fmt.Errorf("taxii: no source")
	}
	if opt.Prefix == "" {
		opt.Prefix = "/taxii2/"
	}
	if !strings.HasPrefix(opt.Prefix, "/") || !strings.HasSuffix(opt.Prefix, "/") {
		return nil, fmt.Errorf("taxii: prefix %q must start and end with /", opt.Prefix)
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 100
	}
	if opt.MaxPageSize <= 0 {
		opt.MaxPageSize = 1000
	}
	opt.PageSize = min(opt.PageSize, opt.MaxPageSize)
	if err := opt.STIX.Validate(); err != nil {
		return nil, fmt.Errorf("taxii: %w", err)
	}
	h := &Handler{src: src, opt: opt, mux: http.NewServeMux()}
	root := opt.Prefix + apiRoot + "/"
	coll := root + "collections/{collection}/"
	for pattern, f := range map[string]http.HandlerFunc{
		opt.Prefix:                          h.discovery,
		root:                                h.apiRoot,
		root + "collections/":               h.collections,
		coll:                                h.collection,
		coll + "objects/":                   h.objects,
		coll + "manifest/":                  h.manifest,
		coll + "objects/{object}/":          h.object,
		coll + "objects/{object}/versions/": h.versions,
		root + "status/{status}/":           h.status,
	} {
		h.mux.HandleFunc(pattern+"{$}", f)
	}
	return h, nil
}

// ServeHTTP answers TAXII requests; every response, errors included, is
// TAXII JSON.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/") {
		// TAXII URLs end in a slash; accept them without it too.
		r2 := r.Clone(r.Context())
		r2.URL.Path += "/"
		if r2.URL.RawPath != "" {
			r2.URL.RawPath += "/"
		}
		r = r2
	}
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.fail(w, http.StatusNotFound, "Not found", fmt.Sprintf("%s is not a TAXII 2.1 endpoint of this server", r.URL.Path))
		return
	}
	if !acceptable(r.Header.Values("Accept")) {
		h.fail(w, http.StatusNotAcceptable, "Not acceptable", "this server answers "+MediaType+" only; send it in Accept")
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost, http.MethodDelete:
		w.Header().Set("Allow", "GET, HEAD")
		h.fail(w, http.StatusForbidden, "Forbidden", "the collection is read-only (can_write false)")
		return
	default:
		w.Header().Set("Allow", "GET, HEAD")
		h.fail(w, http.StatusMethodNotAllowed, "Method not allowed", r.Method+" is not supported")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// acceptable says whether the Accept header admits TAXII 2.1 JSON. No
// Accept header admits anything.
func acceptable(accept []string) bool {
	if len(accept) == 0 {
		return true
	}
	for _, a := range accept {
		for _, part := range strings.Split(a, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			if q, ok := params["q"]; ok && (q == "0" || strings.Trim(q, "0.") == "") {
				continue
			}
			switch mt {
			case "*/*", "application/*":
				return true
			case "application/taxii+json":
				if v, ok := params["version"]; !ok || v == "2.1" {
					return true
				}
			}
		}
	}
	return false
}

// errorMessage is the TAXII 2.1 error message resource.
type errorMessage struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status"`
}

func (h *Handler) fail(w http.ResponseWriter, status int, title, desc string) {
	h.reply(w, status, errorMessage{Title: title, Description: desc, HTTPStatus: fmt.Sprint(status)})
}

func (h *Handler) reply(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"title":"Internal error","http_status":"500"}`)
	}
	w.Header().Set("Content-Type", MediaType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

func (h *Handler) discovery(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	h.reply(w, http.StatusOK, map[string]any{
		"title":       "casefile",
		"description": "Sourced records of cyber incidents reported in the news, as STIX 2.1.",
		"default":     base + h.opt.Prefix + apiRoot + "/",
		"api_roots":   []string{base + h.opt.Prefix + apiRoot + "/"},
	})
}

// baseURL is the scheme and host the client used.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) apiRoot(w http.ResponseWriter, r *http.Request) {
	h.reply(w, http.StatusOK, map[string]any{
		"title":       "casefile incidents",
		"description": "One sourced record per incident, with the articles it comes from.",
		"versions":    []string{MediaType},
		// Nothing can be posted: the server is read-only.
		"max_content_length": 0,
	})
}

func collectionResource() map[string]any {
	return map[string]any{
		"id":          CollectionID,
		"title":       "casefile incidents",
		"description": "STIX 2.1 incidents with their victims, providers, agencies, vulnerabilities, evidence notes, disputes and source articles.",
		"can_read":    true,
		"can_write":   false,
		"media_types": []string{stixMediaType},
	}
}

func (h *Handler) collections(w http.ResponseWriter, r *http.Request) {
	h.reply(w, http.StatusOK, map[string]any{"collections": []any{collectionResource()}})
}

// known checks the collection in the path.
func (h *Handler) known(w http.ResponseWriter, r *http.Request) bool {
	if c := r.PathValue("collection"); c != CollectionID {
		h.fail(w, http.StatusNotFound, "Collection not found", fmt.Sprintf("no collection %q in API root %s", c, apiRoot))
		return false
	}
	return true
}

func (h *Handler) collection(w http.ResponseWriter, r *http.Request) {
	if h.known(w, r) {
		h.reply(w, http.StatusOK, collectionResource())
	}
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	h.fail(w, http.StatusNotFound, "Status not found", "this read-only server has no status resources")
}

// page is the part of the collection a request gets.
type page struct {
	objects []stix.Object
	more    bool
	next    string
}

// load builds the collection from the current snapshot, in order.
func (h *Handler) load(w http.ResponseWriter, r *http.Request) ([]stix.Object, bool) {
	snap, err := h.src(r.Context())
	if err != nil {
		if h.opt.Log != nil {
			h.opt.Log.Error("taxii: load snapshot", "err", err)
		}
		h.fail(w, http.StatusInternalServerError, "Internal error", "the store could not be read")
		return nil, false
	}
	b, err := stix.Build(snap, h.opt.STIX)
	if err != nil {
		if h.opt.Log != nil {
			h.opt.Log.Error("taxii: build collection", "err", err)
		}
		h.fail(w, http.StatusInternalServerError, "Internal error", "the collection could not be built")
		return nil, false
	}
	objs := b.Objects
	for i := range objs {
		// Dates added are shown with microseconds; compare them as shown
		// so that added_after from a header means what it says.
		objs[i].Added = objs[i].Added.Truncate(time.Microsecond)
	}
	slices.SortFunc(objs, order)
	return objs, true
}

func order(a, b stix.Object) int {
	return cmp.Or(a.Added.Compare(b.Added), strings.Compare(a.ID, b.ID))
}

// query parses the request's parameters, answering 400 when they are bad.
func (h *Handler) query(w http.ResponseWriter, r *http.Request) (Query, bool) {
	q, err := ParseQuery(r.URL.Query(), h.opt.MaxPageSize)
	if err != nil {
		h.fail(w, http.StatusBadRequest, "Bad request", err.Error())
		return Query{}, false
	}
	return q, true
}

// match says whether an object passes the query's filters.
func (q Query) match(o stix.Object) bool {
	if !q.AddedAfter.IsZero() && !o.Added.After(q.AddedAfter) {
		return false
	}
	if len(q.IDs) > 0 && !slices.Contains(q.IDs, o.ID) {
		return false
	}
	if len(q.Types) > 0 && !slices.Contains(q.Types, o.Type) {
		return false
	}
	if len(q.SpecVersions) > 0 && !slices.Contains(q.SpecVersions, "2.1") {
		return false
	}
	if len(q.Versions) == 0 || slices.ContainsFunc(q.Versions, func(v string) bool { return v == "first" || v == "last" || v == "all" }) {
		// Each object has one version, which is its first, last and all.
		return true
	}
	v, err := time.Parse(time.RFC3339Nano, o.Version)
	return err == nil && slices.ContainsFunc(q.versionTimes, v.Equal)
}

// paginate keeps the objects matching q after its cursor, one page of
// them.
func (h *Handler) paginate(objs []stix.Object, q Query) page {
	limit := q.Limit
	if limit == 0 {
		limit = h.opt.PageSize
	}
	var p page
	for _, o := range objs {
		if q.After != nil && order(o, stix.Object{Added: q.After.Added, ID: q.After.ID}) <= 0 {
			continue
		}
		if !q.match(o) {
			continue
		}
		if len(p.objects) == limit {
			p.more = true
			last := p.objects[len(p.objects)-1]
			p.next = encodeCursor(Cursor{Added: last.Added, ID: last.ID})
			break
		}
		p.objects = append(p.objects, o)
	}
	return p
}

// dateHeaders sets X-TAXII-Date-Added-First and -Last for a page.
func dateHeaders(w http.ResponseWriter, objs []stix.Object) {
	if len(objs) == 0 {
		return
	}
	w.Header().Set("X-TAXII-Date-Added-First", timestamp(objs[0].Added))
	w.Header().Set("X-TAXII-Date-Added-Last", timestamp(objs[len(objs)-1].Added))
}

// envelope is the TAXII 2.1 envelope; empty when nothing matches.
type envelope struct {
	More    bool              `json:"more,omitempty"`
	Next    string            `json:"next,omitempty"`
	Objects []json.RawMessage `json:"objects,omitempty"`
}

func (h *Handler) objects(w http.ResponseWriter, r *http.Request) {
	if !h.known(w, r) {
		return
	}
	q, ok := h.query(w, r)
	if !ok {
		return
	}
	objs, ok := h.load(w, r)
	if !ok {
		return
	}
	h.sendObjects(w, h.paginate(objs, q))
}

func (h *Handler) sendObjects(w http.ResponseWriter, p page) {
	env := envelope{More: p.more, Next: p.next}
	for _, o := range p.objects {
		env.Objects = append(env.Objects, o.JSON)
	}
	dateHeaders(w, p.objects)
	h.reply(w, http.StatusOK, env)
}

// manifestRecord describes one object version.
type manifestRecord struct {
	ID        string `json:"id"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
	MediaType string `json:"media_type"`
}

func (h *Handler) manifest(w http.ResponseWriter, r *http.Request) {
	if !h.known(w, r) {
		return
	}
	q, ok := h.query(w, r)
	if !ok {
		return
	}
	objs, ok := h.load(w, r)
	if !ok {
		return
	}
	p := h.paginate(objs, q)
	var recs []manifestRecord
	for _, o := range p.objects {
		recs = append(recs, manifestRecord{ID: o.ID, DateAdded: timestamp(o.Added), Version: o.Version, MediaType: stixMediaType})
	}
	dateHeaders(w, p.objects)
	h.reply(w, http.StatusOK, struct {
		More    bool             `json:"more,omitempty"`
		Next    string           `json:"next,omitempty"`
		Objects []manifestRecord `json:"objects,omitempty"`
	}{p.more, p.next, recs})
}

// byID answers the object and versions endpoints: the query restricted
// to the object in the path, 404 when the collection does not hold it.
func (h *Handler) byID(w http.ResponseWriter, r *http.Request) (page, bool) {
	if !h.known(w, r) {
		return page{}, false
	}
	q, ok := h.query(w, r)
	if !ok {
		return page{}, false
	}
	oid := r.PathValue("object")
	objs, ok := h.load(w, r)
	if !ok {
		return page{}, false
	}
	if !slices.ContainsFunc(objs, func(o stix.Object) bool { return o.ID == oid }) {
		h.fail(w, http.StatusNotFound, "Object not found", fmt.Sprintf("the collection holds no object %q", oid))
		return page{}, false
	}
	q.IDs = []string{oid}
	return h.paginate(objs, q), true
}

func (h *Handler) object(w http.ResponseWriter, r *http.Request) {
	if p, ok := h.byID(w, r); ok {
		h.sendObjects(w, p)
	}
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request) {
	p, ok := h.byID(w, r)
	if !ok {
		return
	}
	var vs []string
	for _, o := range p.objects {
		vs = append(vs, o.Version)
	}
	dateHeaders(w, p.objects)
	h.reply(w, http.StatusOK, struct {
		More     bool     `json:"more,omitempty"`
		Next     string   `json:"next,omitempty"`
		Versions []string `json:"versions,omitempty"`
	}{p.more, p.next, vs})
}
