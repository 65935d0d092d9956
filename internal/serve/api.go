package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiError is an error with the HTTP status it maps to.
type apiError struct {
	status     int
	msg        string
	retryAfter time.Duration // for a 429: when to try again
	location   string        // where a 301 redirects
}

// redirected answers a moved resource with a redirect, and reports
// whether err was one.
func redirected(w http.ResponseWriter, r *http.Request, err error) bool {
	var ae *apiError
	if !errors.As(err, &ae) || ae.location == "" {
		return false
	}
	http.Redirect(w, r, ae.location, ae.status)
	return true
}

func (e *apiError) Error() string { return e.msg }

func errNotFound(format string, a ...any) error {
	return &apiError{status: http.StatusNotFound, msg: fmt.Sprintf(format, a...)}
}

func errBadRequest(format string, a ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, a...)}
}

// statusOf maps an error to its HTTP status: an apiError's own, else 500.
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status
	}
	return http.StatusInternalServerError
}

// apiFunc is a JSON API handler: it returns the value to encode, or an
// error that the wrapper maps to a status and a JSON error body.
type apiFunc func(r *http.Request) (any, error)

// created is a value an apiFunc returns to answer with a status other
// than 200.
type withStatus struct {
	status int
	value  any
}

// api wraps an apiFunc: one place writes the JSON, maps errors to status
// codes and logs server errors.
func (s *Server) api(f apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if redirected(w, r, err) {
			return
		}
		status := http.StatusOK
		if ws, ok := v.(withStatus); ok {
			status, v = ws.status, ws.value
		}
		if err != nil {
			status = statusOf(err)
			msg := err.Error()
			if status >= 500 {
				s.log.Error("api error", "path", r.URL.Path, "err", err)
				msg = "internal error"
			}
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="casefile"`)
			}
			var ae *apiError
			if errors.As(err, &ae) && ae.retryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(ae.retryAfter.Seconds()))))
			}
			v = map[string]string{"error": msg}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			s.log.Error("api encode", "path", r.URL.Path, "err", err)
			http.Error(w, `{"error": "internal error"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		w.Write(buf.Bytes())
	}
}

func (s *Server) apiIncidents(r *http.Request) (any, error) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return nil, errBadRequest("%v", err)
	}
	return s.viewOf(r).list(f), nil
}

func (s *Server) apiIncident(r *http.Request) (any, error) {
	return s.incident(r, s.viewOf(r))
}

func (s *Server) apiDocument(r *http.Request) (any, error) {
	return s.document(r.Context(), s.viewOf(r), r.PathValue("id"))
}

func (s *Server) apiSearch(r *http.Request) (any, error) {
	q, err := parseSearch(r)
	if err != nil {
		return nil, err
	}
	return s.viewOf(r).search(r.Context(), q)
}

func (s *Server) apiExposure(r *http.Request) (any, error) {
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if name == "" {
		return nil, errBadRequest("parameter name: give a provider, supplier, product or vendor name")
	}
	if len(name) > maxFilterValue {
		return nil, errBadRequest("parameter name: longer than %d bytes", maxFilterValue)
	}
	return s.viewOf(r).exposure(name), nil
}

func (s *Server) apiSuppliers(r *http.Request) (any, error) {
	return s.viewOf(r).suppliers(), nil
}

// parseSearch reads q, lang and page of a search request.
func parseSearch(r *http.Request) (searchQuery, error) {
	v := r.URL.Query()
	q := searchQuery{Text: strings.TrimSpace(v.Get("q")), Lang: strings.TrimSpace(v.Get("lang")), Page: 1}
	if len(q.Text) > 1000 {
		return q, errBadRequest("parameter q: longer than 1000 bytes")
	}
	if len(q.Lang) > 8 {
		return q, errBadRequest("parameter lang: %q is not a language code", q.Lang)
	}
	if p := strings.TrimSpace(v.Get("page")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1000 {
			return q, errBadRequest("parameter page: %q is not a page number", p)
		}
		q.Page = n
	}
	return q, nil
}
