package serve

import (
	"bytes"
	"net/http"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Rendered answers are cached per snapshot: a page or an API answer
// depends only on the loaded snapshot and the request's URL (and Host,
// for absolute links), and the snapshot does not change until a new one
// is swapped in, which starts an empty cache. Up to cacheEntries
// answers of at most cacheMaxBody bytes each are kept, least recently
// used first out.
const (
	cacheEntries = 1024
	cacheMaxBody = 256 << 10
)

// cachedAnswer is a rendered answer.
type cachedAnswer struct {
	status int
	header http.Header
	body   []byte
}

// answerCache is the cache of one snapshot version.
type answerCache struct {
	version int64
	lru     *lru.Cache[string, *cachedAnswer]
}

// cacheFor returns the cache of snapshot version, starting a new one
// when the version changed.
func (s *Server) cacheFor(version int64) *answerCache {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if s.cache == nil || s.cache.version != version {
		c, err := lru.New[string, *cachedAnswer](cacheEntries)
		if err != nil {
			panic(err) // only for a size below 1
		}
		s.cache = &answerCache{version: version, lru: c}
	}
	return s.cache
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
		c := s.cacheFor(v.version)
		key := "http " + r.Host + " " + r.URL.RequestURI()
		if r.TLS != nil {
			key = "https " + r.Host + " " + r.URL.RequestURI()
		}
		a, ok := c.lru.Get(key)
		if !ok {
			rec := &recorder{header: http.Header{}}
			h(rec, r)
			a = &cachedAnswer{status: rec.status, header: rec.header, body: rec.body.Bytes()}
			if a.status == 0 {
				a.status = http.StatusOK
			}
			if a.status/100 == 2 && len(a.body) <= cacheMaxBody {
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
