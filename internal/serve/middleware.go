package serve

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// contentSecurityPolicy allows no script at all, styles and images from
// the server only (inline SVG is markup, not a script), forms posting to
// the server only, and no framing.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// middleware wraps every response: security headers, then a structured
// request log and the request metrics once the handler is done.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		// The mux sets r.Pattern to the route it chose; unmatched
		// requests share one label so paths cannot blow up the metrics.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start)
		s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(d.Seconds())
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "route", route, "status", status,
			"bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
	})
}

// statusWriter records the status code and body size written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// metrics are the server's Prometheus metrics.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	ingested   *prometheus.CounterVec
	ingests    *prometheus.CounterVec
	webhooks   *prometheus.CounterVec
	reloads    prometheus.Counter
	warmed     prometheus.Counter
	incidents  prometheus.Gauge
	documents  prometheus.Gauge
	version    prometheus.Gauge
	lastReload prometheus.Gauge
}

func newMetrics(reg *prometheus.Registry) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casefile_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "casefile_http_request_duration_seconds", Help: "HTTP request durations by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casefile_ingested_articles_total", Help: "Articles posted to the API, by result (changed, unchanged, rejected).",
		}, []string{"result"}),
		ingests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casefile_ingests_total", Help: "Ingest requests through the API, by result (ok, rejected, unauthorized, error).",
		}, []string{"result"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casefile_webhook_deliveries_total", Help: "Webhook deliveries for the watch-list, by result (ok, failed).",
		}, []string{"result"}),
		reloads: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "casefile_snapshot_loads_total", Help: "Snapshots loaded from the store.",
		}),
		warmed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "casefile_cache_warmed_answers_total", Help: "Cached answers rendered again for a new snapshot before it was swapped in.",
		}),
		incidents: prometheus.NewGauge(prometheus.GaugeOpts{Name: "casefile_incidents", Help: "Incidents in the loaded snapshot."}),
		documents: prometheus.NewGauge(prometheus.GaugeOpts{Name: "casefile_documents", Help: "Documents in the loaded snapshot."}),
		version:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "casefile_snapshot_version", Help: "Version of the loaded snapshot."}),
		lastReload: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "casefile_snapshot_loaded_timestamp_seconds", Help: "When the loaded snapshot was loaded (Unix time).",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.ingested, m.ingests, m.webhooks, m.reloads, m.warmed, m.incidents, m.documents, m.version, m.lastReload)
	return m
}

func (m *metrics) loaded(v *view) {
	m.reloads.Inc()
	m.incidents.Set(float64(len(v.snap.Incidents)))
	m.documents.Set(float64(len(v.snap.Documents)))
	m.version.Set(float64(v.version))
	m.lastReload.Set(float64(v.loaded.Unix()))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
