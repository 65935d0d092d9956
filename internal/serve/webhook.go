package serve

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/casefile/casefile/internal/graph"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// WebhookOptions configure webhook deliveries. The zero value means the
// defaults.
type WebhookOptions struct {
	Client   *http.Client  // default: a client with Timeout
	Timeout  time.Duration // per attempt; default 10 s
	Attempts int           // default 3
	Backoff  time.Duration // before the second attempt, doubling after; default 2 s
}

func (o WebhookOptions) withDefaults() WebhookOptions {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = 2 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: o.Timeout}
	}
	return o
}

// Notification is the JSON a webhook receives when an incident naming a
// watched entity appears or changes.
type Notification struct {
	Event    string    `json:"event"`  // "incident"
	Change   string    `json:"change"` // new, updated, or changed (when the server cannot tell)
	Incident string    `json:"incident"`
	Title    string    `json:"title"`
	Watched  string    `json:"watched"` // the name on the watch-list
	Matched  string    `json:"matched"` // the entity's name in the incident
	Role     string    `json:"role"`    // victim, shared_service_provider, supplier, product or vendor
	Updated  time.Time `json:"updated"`
	Link     string    `json:"link"` // the incident's page
	API      string    `json:"api"`  // the incident's JSON
}

// watchMatch is an entity of an incident that a watched name matches.
type watchMatch struct{ name, role string }

// watchMatches lists the entities of inc that name matches: victims,
// providers and suppliers, the vector's product and vendor.
func watchMatches(inc *model.Incident, name string) []watchMatch {
	var out []watchMatch
	for _, v := range inc.Victims {
		if graph.Matches(name, v.Name, v.Aliases) {
			out = append(out, watchMatch{v.Name, "victim"})
		}
	}
	for _, p := range inc.Providers {
		if graph.Matches(name, p.Name, p.Aliases) {
			out = append(out, watchMatch{p.Name, p.Role})
		}
	}
	if v := inc.Vector; v != nil {
		if v.Product != "" && graph.Matches(name, v.Product, nil) {
			out = append(out, watchMatch{v.Product, "product"})
		}
		if v.Vendor != "" && graph.Matches(name, v.Vendor, nil) {
			out = append(out, watchMatch{v.Vendor, "vendor"})
		}
	}
	return out
}

// notify tells each watch's webhook about the incidents of v updated
// after the watch's mark that name the watched entity, then moves the
// mark. Deliveries run in the background; Close waits for them.
func (s *Server) notify(ctx context.Context, old, v *view) {
	watches, err := s.opt.Store.Watches(ctx)
	if err != nil {
		s.log.Error("watch-list not read", "err", err)
		return
	}
	if len(watches) == 0 {
		return
	}
	base := s.opt.BaseURL
	if base == "" {
		base = "http://localhost"
	}
	type delivery struct {
		watch store.Watch
		notes []Notification
		mark  time.Time
	}
	var jobs []delivery
	for _, w := range watches {
		d := delivery{watch: w, mark: w.NotifiedThrough}
		for _, in := range v.incidents {
			if !in.Updated.After(w.NotifiedThrough) {
				continue
			}
			if in.Updated.After(d.mark) {
				d.mark = in.Updated
			}
			change := "changed"
			if old != nil {
				change = "updated"
				if old.byID[in.ID] == nil {
					change = "new"
				}
			}
			for _, m := range watchMatches(in.Incident, w.Name) {
				d.notes = append(d.notes, Notification{Event: "incident", Change: change, Incident: in.ID, Title: in.Title,
					Watched: w.Name, Matched: m.name, Role: m.role, Updated: in.Updated,
					Link: base + incidentLink(in.ID), API: base + "/api/v1" + incidentLink(in.ID)})
			}
		}
		slices.SortFunc(d.notes, func(a, b Notification) int {
			return cmp.Or(a.Updated.Compare(b.Updated), cmp.Compare(a.Incident, b.Incident), cmp.Compare(a.Matched, b.Matched))
		})
		if d.mark.After(w.NotifiedThrough) {
			jobs = append(jobs, d)
		}
	}
	if len(jobs) == 0 {
		return
	}
	s.hooks.Add(1)
	go func() {
		defer s.hooks.Done()
		// Deliveries outlive the refresh that found them, not the server.
		ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		defer cancel()
		go func() {
			select {
			case <-s.closing:
				cancel()
			case <-ctx.Done():
			}
		}()
		for _, d := range jobs {
			for _, n := range d.notes {
				if err := s.deliver(ctx, d.watch.Webhook, n); err != nil {
					s.metrics.webhooks.WithLabelValues("failed").Inc()
					s.log.Error("webhook not delivered", "watch", d.watch.ID, "webhook", d.watch.Webhook, "incident", n.Incident, "err", err)
				} else {
					s.metrics.webhooks.WithLabelValues("ok").Inc()
					s.log.Info("webhook delivered", "watch", d.watch.ID, "incident", n.Incident, "matched", n.Matched)
				}
			}
			// The mark moves on even past failed deliveries (logged and
			// counted above): a dead endpoint must not replay every
			// incident forever.
			if err := s.opt.Store.MarkNotified(ctx, d.watch.ID, d.mark); err != nil {
				s.log.Error("watch mark not saved", "watch", d.watch.ID, "err", err)
			}
		}
	}()
}

// deliver POSTs one notification, retrying on network errors and 5xx or
// 429 answers with a doubling backoff.
func (s *Server) deliver(ctx context.Context, url string, n Notification) error {
	body, err := json.Marshal(n)
	if err != nil {
		return err
	}
	o := s.opt.Webhook
	wait := o.Backoff
	var last error
	for attempt := 1; attempt <= o.Attempts; attempt++ {
		if attempt > 1 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("%w (after: %v)", ctx.Err(), last)
			case <-t.C:
			}
			wait *= 2
		}
		retry, err := s.post(ctx, url, body)
		if err == nil {
			return nil
		}
		last = fmt.Errorf("attempt %d: %w", attempt, err)
		if !retry {
			return last
		}
	}
	return last
}

// post makes one delivery attempt; retry says whether another may help.
func (s *Server) post(ctx context.Context, url string, body []byte) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.opt.Webhook.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "casefile-webhook")
	resp, err := s.opt.Webhook.Client.Do(req)
	if err != nil {
		return true, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return true, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return false, fmt.Errorf("webhook answered %s", resp.Status)
}
