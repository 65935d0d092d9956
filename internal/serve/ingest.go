package serve

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
)

// maxArticles caps the articles in one POST.
const maxArticles = 10_000

// IngestResult is the answer to POST /api/v1/articles.
type IngestResult struct {
	Read      int               `json:"read"`
	Changed   int               `json:"changed"`
	Rejected  []RejectedArticle `json:"rejected"`
	Documents int               `json:"documents"`
	Stories   int               `json:"stories"`
	Incidents int               `json:"incidents"`
	Articles  []IngestedArticle `json:"articles"`
}

// RejectedArticle is an article the ingest refused, by its 1-based
// position in the request.
type RejectedArticle struct {
	Item  int    `json:"item"`
	Error string `json:"error"`
}

// IngestedArticle is an article stored, with its incident once the
// snapshot is rebuilt.
type IngestedArticle struct {
	ID       string `json:"id"`
	Link     string `json:"link"`
	Incident string `json:"incident,omitempty"`
}

// DecodeArticles reads the body of POST /api/v1/articles: a JSON object
// or an array of them (Content-Type application/json), or JSON Lines
// (application/x-ndjson or application/jsonl). Each article has "id" and
// "text", and optionally "title", "url", "published" (RFC 3339 or
// YYYY-MM-DD) and "lang", as casefile's JSON Lines input. Articles that
// fail are returned apart, each naming its position; err is for a body
// that cannot be read at all.
func DecodeArticles(ctx context.Context, body []byte, contentType string) (raws []model.Raw, rejected []RejectedArticle, err error) {
	mt, _, perr := mime.ParseMediaType(contentType)
	if contentType == "" {
		mt, perr = "application/json", nil
	}
	if perr != nil {
		return nil, nil, fmt.Errorf("Content-Type %q: %w", contentType, perr)
	}
	var lines []byte
	switch mt {
	case "application/json":
		lines, err = jsonToLines(body)
		if err != nil {
			return nil, nil, err
		}
	case "application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines":
		lines = body
	default:
		return nil, nil, fmt.Errorf("Content-Type %q: want application/json or application/x-ndjson", mt)
	}
	n := 0
	for r, err := range source.ReadJSONL(ctx, bytes.NewReader(lines), "api", source.Options{}) {
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				return nil, nil, err
			}
			rejected = append(rejected, RejectedArticle{Item: se.Line, Error: se.Err.Error()})
			continue
		}
		if n++; n > maxArticles {
			return nil, nil, fmt.Errorf("more than %d articles in one request", maxArticles)
		}
		raws = append(raws, r)
	}
	if len(raws) == 0 && len(rejected) == 0 {
		return nil, nil, errors.New("no articles in the body")
	}
	return raws, rejected, nil
}

// jsonToLines turns a JSON object, or an array of objects, into JSON
// Lines (one compact object per line) so that one reader, the JSON Lines
// source's, validates every article the same way whatever its framing.
func jsonToLines(body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, errors.New("empty body")
	}
	// An array holds the articles one level down.
	if d, limit := source.JSONDepth(body), source.MaxJSONDepth+1; d > limit {
		return nil, fmt.Errorf("body: arrays and objects nested %d deep, over the limit of %d", d, limit)
	}
	var items []json.RawMessage
	if body[0] == '[' {
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, fmt.Errorf("body is not a JSON array of articles: %w", err)
		}
	} else {
		if !json.Valid(body) {
			return nil, errors.New("body is not JSON")
		}
		items = []json.RawMessage{body}
	}
	if len(items) > maxArticles {
		return nil, fmt.Errorf("more than %d articles in one request", maxArticles)
	}
	var out bytes.Buffer
	for i, it := range items {
		if err := json.Compact(&out, it); err != nil {
			return nil, fmt.Errorf("article %d: %w", i+1, err)
		}
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

// tokenLimits holds a rate limiter per API token name.
type tokenLimits struct {
	mu sync.Mutex
	by map[string]*rate.Limiter
	// sweepAt is the number of limiters over which idle ones (with a
	// full budget, the same as a new limiter) are dropped before a new
	// one is added, so tokens long unused or deleted are forgotten
	// (maxLimiters if zero).
	sweepAt int
}

const maxLimiters = 1024

// take spends one request of token's budget; it returns 0 if the
// request may go ahead, else how long until it could.
func (l *tokenLimits) take(token string, perSecond float64, burst int) time.Duration {
	l.mu.Lock()
	lim := l.by[token]
	if lim == nil {
		if l.by == nil {
			l.by = map[string]*rate.Limiter{}
		}
		if l.sweepAt <= 0 {
			l.sweepAt = maxLimiters
		}
		if len(l.by) >= l.sweepAt {
			for name, idle := range l.by {
				if idle.Tokens() >= float64(idle.Burst()) {
					delete(l.by, name)
				}
			}
		}
		lim = rate.NewLimiter(rate.Limit(perSecond), burst)
		l.by[token] = lim
	}
	l.mu.Unlock()
	res := lim.Reserve()
	if d := res.Delay(); d > 0 {
		res.Cancel() // a refused request spends nothing
		return d
	}
	return 0
}

// authorize checks the request's bearer token against the stored token
// hashes, comparing in constant time.
func (s *Server) authorize(r *http.Request) (string, error) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", &apiError{status: http.StatusUnauthorized, msg: "give an API token: Authorization: Bearer TOKEN (casefile token create NAME)"}
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	tokens, err := s.opt.Store.Tokens(r.Context())
	if err != nil {
		return "", fmt.Errorf("authorize: %w", err)
	}
	name := ""
	for _, t := range tokens {
		stored, err := hex.DecodeString(t.Hash)
		if err != nil || len(stored) != len(sum) {
			continue
		}
		if subtle.ConstantTimeCompare(sum[:], stored) == 1 {
			name = t.Name
		}
	}
	if name == "" {
		return "", &apiError{status: http.StatusUnauthorized, msg: "unknown API token"}
	}
	return name, nil
}

// Ingest stores raws through the server's pipeline (one ingest at a
// time), rebuilds, and loads the new snapshot before it returns. The
// API's POST /api/v1/articles calls it; so can a program embedding the
// server.
func (s *Server) Ingest(ctx context.Context, raws []model.Raw) (pipeline.Report, error) {
	s.seeding.Wait() // a rebuild before the Memo is seeded would redo everything
	s.ingest.Lock()
	rep, err := pipeline.Ingest(ctx, s.opt.Store, func(yield func(model.Raw, error) bool) {
		for _, raw := range raws {
			if !yield(raw, nil) {
				return
			}
		}
	}, s.opt.Pipeline)
	s.ingest.Unlock()
	if err != nil {
		s.metrics.ingests.WithLabelValues("error").Inc()
		return rep, err
	}
	s.metrics.ingests.WithLabelValues("ok").Inc()
	s.metrics.ingested.WithLabelValues("changed").Add(float64(rep.Changed))
	s.metrics.ingested.WithLabelValues("unchanged").Add(float64(rep.Read - rep.Changed))
	if _, err := s.Refresh(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}

// apiIngest stores posted articles, rebuilds the derived state through
// the pipeline and loads the new snapshot before answering, so the
// answer names each article's incident.
func (s *Server) apiIngest(r *http.Request) (any, error) {
	who, err := s.authorize(r)
	if err != nil {
		s.metrics.ingests.WithLabelValues("unauthorized").Inc()
		return nil, err
	}
	if wait := s.limits.take(who, s.opt.IngestRate, s.opt.IngestBurst); wait > 0 {
		s.metrics.ingests.WithLabelValues("limited").Inc()
		return nil, &apiError{status: http.StatusTooManyRequests, retryAfter: wait,
			msg: fmt.Sprintf("token %q is over its limit of %g ingest requests per second (bursts of %d); try again in %s",
				who, s.opt.IngestRate, s.opt.IngestBurst, wait.Round(time.Millisecond))}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.opt.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.metrics.ingests.WithLabelValues("rejected").Inc()
			return nil, &apiError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("body over the limit of %d bytes", s.opt.MaxBody)}
		}
		return nil, errBadRequest("read body: %v", err)
	}
	raws, rejected, err := DecodeArticles(r.Context(), body, r.Header.Get("Content-Type"))
	if err != nil {
		s.metrics.ingests.WithLabelValues("rejected").Inc()
		if strings.HasPrefix(err.Error(), "Content-Type") {
			return nil, &apiError{status: http.StatusUnsupportedMediaType, msg: err.Error()}
		}
		return nil, errBadRequest("%v", err)
	}
	s.metrics.ingested.WithLabelValues("rejected").Add(float64(len(rejected)))
	out := IngestResult{Rejected: nonNil(rejected), Articles: []IngestedArticle{}}
	if len(raws) == 0 {
		s.metrics.ingests.WithLabelValues("rejected").Inc()
		return withStatus{http.StatusUnprocessableEntity, out}, nil
	}
	// The ingest finishes even if the client goes away: the raws are
	// stored in one transaction and the snapshot must follow them.
	ctx := context.WithoutCancel(r.Context())
	rep, err := s.Ingest(ctx, raws)
	if err != nil {
		return nil, err
	}
	s.log.Info("ingest through the API", "token", who, "read", rep.Read, "changed", rep.Changed, "rejected", len(rejected))
	out.Read, out.Changed = rep.Read, rep.Changed
	out.Documents, out.Stories, out.Incidents = rep.Documents, rep.Stories, rep.Incidents
	v := s.current()
	for _, raw := range raws {
		a := IngestedArticle{ID: raw.ID, Link: documentLink(raw.ID)}
		if in := v.incidentOf(v.docs[raw.ID]); in != nil {
			a.Incident = in.ID
		}
		out.Articles = append(out.Articles, a)
	}
	return out, nil
}
