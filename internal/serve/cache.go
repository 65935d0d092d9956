package serve

import (
	"bytes"
	"context"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Rendered answers are cached per snapshot: a page or an API answer
// depends only on the loaded snapshot and the request's URL (and Host,
// for absolute links), and the snapshot does not change until a new one
// is swapped in, with a cache of its own. Up to cacheEntries answers of
// at most cacheMaxBody bytes each are kept, least recently used first
// out.
//
// A new snapshot's cache starts warm: before the snapshot is swapped
// in, the answers the old cache held are rendered again against it
// (most recently used first, for at most warmBudget), so that readers
// do not all miss at once after each ingest.
const (
	cacheEntries = 1024
	cacheMaxBody = 256 << 10
	warmBudget   = 5 * time.Second
)

// cachedAnswer is a rendered answer, with what renders it again for
// another snapshot.
type cachedAnswer struct {
	status int
	header http.Header
	body   []byte
	again  func(v *view) *cachedAnswer
}

// answerCache is the cache of one view.
type answerCache struct {
	view *view
	lru  *lru.Cache[string, *cachedAnswer]
}

func newAnswerCache(v *view) *answerCache {
	c, err := lru.New[string, *cachedAnswer](cacheEntries)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &answerCache{view: v, lru: c}
}

// viewKey is the context key of the view a request is answered from.
type viewKey struct{}

// viewOf is the view r is answered from: the one cached pinned to it,
// else the current one. One answer reads one view, even if a new one
// is swapped in meanwhile.
func (s *Server) viewOf(r *http.Request) *view {
	if v, ok := r.Context().Value(viewKey{}).(*view); ok {
		return v
	}
	return s.current()
}

// cacheFor returns the cache of view v, starting it if v is current and
// has none yet; nil for a view already replaced (its answers are not
// kept).
func (s *Server) cacheFor(v *view) *answerCache {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.cache != nil && s.cache.view == v {
		return s.cache
	}
	if s.current() != v {
		return nil
	}
	s.cache = newAnswerCache(v)
	return s.cache
}

// swapIn makes v the current view, with its (warmed) cache c.
func (s *Server) swapIn(v *view, c *answerCache) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	s.cache = c
	s.view.Store(v)
}

// warm renders the current cache's answers again against v, most
// recently used first, for at most warmBudget, and returns v's cache
// holding those that are still 2xx, in the same order of use.
func (s *Server) warm(v *view) *answerCache {
	c := newAnswerCache(v)
	s.cacheMu.Lock()
	old := s.cache
	s.cacheMu.Unlock()
	if old == nil {
		return c
	}
	keys := old.lru.Keys() // oldest first
	type entry struct {
		key string
		a   *cachedAnswer
	}
	var fresh []entry
	deadline := time.Now().Add(warmBudget)
	for i := len(keys) - 1; i >= 0 && time.Now().Before(deadline); i-- {
		a, ok := old.lru.Peek(keys[i])
		if !ok || a.again == nil {
			continue
		}
		if b := a.again(v); b.status/100 == 2 && len(b.body) <= cacheMaxBody {
			fresh = append(fresh, entry{keys[i], b})
		}
	}
	for i := len(fresh) - 1; i >= 0; i-- {
		c.lru.Add(fresh[i].key, fresh[i].a)
	}
	s.metrics.warmed.Add(float64(len(fresh)))
	return c
}

// cached serves GET answers of h from the cache of the current
// snapshot, rendering and keeping those not in it (2xx answers only).
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := s.current()
		if v == nil || r.Method != http.MethodGet {
			h(w, r)
			return
		}
		key := "http " + r.Host + " " + r.URL.RequestURI()
		if r.TLS != nil {
			key = "https " + r.Host + " " + r.URL.RequestURI()
		}
		c := s.cacheFor(v)
		var a *cachedAnswer
		ok := false
		if c != nil {
			a, ok = c.lru.Get(key)
		}
		if !ok {
			a = render(h, r, v)
			if c != nil && a.status/100 == 2 && len(a.body) <= cacheMaxBody {
				// Kept with a copy of the request (a GET has no body)
				// to render it again for the next snapshot.
				rc := r.Clone(context.WithoutCancel(r.Context()))
				a.again = func(v *view) *cachedAnswer { return render(h, rc, v) }
				c.lru.Add(key, a)
			}
		}
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(a.status)
		w.Write(a.body)
	}
}

// render answers r with h from view v.
func render(h http.HandlerFunc, r *http.Request, v *view) *cachedAnswer {
	rec := &recorder{header: http.Header{}}
	h(rec, r.WithContext(context.WithValue(r.Context(), viewKey{}, v)))
	a := &cachedAnswer{status: rec.status, header: rec.header, body: rec.body.Bytes()}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a
}

// recorder is a ResponseWriter that keeps the answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
