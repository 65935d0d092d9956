// Package kev reads CISA's Known Exploited Vulnerabilities catalogue and
// matches products named in news without CVE ids to the catalogue's
// entries. Matches are suspicions, never stated facts: callers label them
// "suspected, via KEV".
package kev

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/fold"
)

// URL is where CISA publishes the catalogue.
const URL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"

// MaxBytes caps a downloaded or read catalogue (the real one is ~1.5 MB).
const MaxBytes = 64 << 20

// Entry is one catalogue entry.
type Entry struct {
	CVE         string `json:"cveID"`
	Vendor      string `json:"vendorProject"`
	Product     string `json:"product"`
	Name        string `json:"vulnerabilityName"`
	DateAdded   string `json:"dateAdded"`
	Description string `json:"shortDescription"`
}

// Catalogue is the whole catalogue.
type Catalogue struct {
	Version  string  `json:"catalogVersion"`
	Released string  `json:"dateReleased"`
	Entries  []Entry `json:"vulnerabilities"`
}

// Parse reads a catalogue in CISA's JSON format.
func Parse(r io.Reader) (*Catalogue, error) {
	var c Catalogue
	dec := json.NewDecoder(io.LimitReader(r, MaxBytes))
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("kev: parse catalogue: %w", err)
	}
	if len(c.Entries) == 0 {
		return nil, errors.New("kev: catalogue has no vulnerabilities")
	}
	for i, e := range c.Entries {
		if !strings.HasPrefix(e.CVE, "CVE-") {
			return nil, fmt.Errorf("kev: entry %d has no CVE id (%q)", i, e.CVE)
		}
	}
	return &c, nil
}

// Load reads a catalogue file.
func Load(path string) (*Catalogue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("kev: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Sync downloads the catalogue from url with client and writes it to path
// atomically (a failed download leaves the old file in place).
func Sync(ctx context.Context, client *http.Client, url, path string) (*Catalogue, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("kev sync: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("kev sync: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("kev sync: %s answered %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("kev sync: read %s: %w", url, err)
	}
	if len(body) > MaxBytes {
		return nil, fmt.Errorf("kev sync: %s is larger than %d bytes", url, MaxBytes)
	}
	c, err := Parse(strings.NewReader(string(body)))
	if err != nil {
		return nil, fmt.Errorf("kev sync: %s: %w", url, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("kev sync: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return nil, fmt.Errorf("kev sync: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("kev sync: %w", err)
	}
	return c, nil
}

// Query describes a product named as a way in.
type Query struct {
	Vendor  string
	Product string
	// Count is the number of vulnerabilities the text speaks of ("two
	// zero-days"), 0 if not said.
	Count int
	// Date is when the story was published, zero if unknown.
	Date time.Time
}

// generic product words say what a product is, not which one.
var generic = map[string]bool{"vpn": true, "server": true, "servers": true, "appliance": true,
	"gateway": true, "gateways": true, "firewall": true, "software": true, "and": true, "the": true,
	"device": true, "devices": true, "router": true, "platform": true, "client": true, "corporate": true}

func tokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(fold.Key(s)) {
		if !generic[w] && len(w) > 1 {
			out = append(out, w)
		}
	}
	return out
}

// Match finds the catalogue entries a product description may refer to:
// the vendor must match, and the product must share a distinctive word
// with the entry's product (or vendor, for renamed product lines). Among
// those it narrows by what the text says: entries added near the story's
// date, and when a count is given, a batch of exactly that many entries
// added together. It returns nothing when the candidates stay ambiguous
// (more than three), rather than guess.
func (c *Catalogue) Match(q Query) []Entry {
	vendor := fold.Key(q.Vendor)
	ptoks := tokens(q.Product)
	if vendor == "" && len(ptoks) == 0 {
		return nil
	}
	var cands []Entry
	for _, e := range c.Entries {
		ev := fold.Key(e.Vendor)
		vendorOK := vendor != "" && (ev == vendor || strings.Contains(" "+ev+" ", " "+vendor+" "))
		etoks := tokens(e.Product + " " + e.Vendor)
		shared := 0
		for _, t := range ptoks {
			if slices.Contains(etoks, t) {
				shared++
			}
		}
		if vendor == "" && shared >= 2 || vendorOK && (shared >= 1 || len(ptoks) == 0) {
			cands = append(cands, e)
		}
	}
	if !q.Date.IsZero() {
		var near []Entry
		for _, e := range cands {
			d, err := time.Parse("2006-01-02", e.DateAdded)
			if err != nil {
				continue
			}
			// A vulnerability exploited in the incident is added to the
			// catalogue up to a few weeks after, or was known before.
			if days := d.Sub(q.Date).Hours() / 24; days <= 45 && days >= -365 {
				near = append(near, e)
			}
		}
		cands = near
	}
	if q.Count > 0 {
		batches := map[string][]Entry{}
		for _, e := range cands {
			batches[e.DateAdded] = append(batches[e.DateAdded], e)
		}
		var fit [][]Entry
		for _, b := range batches {
			if len(b) == q.Count {
				fit = append(fit, b)
			}
		}
		if len(fit) == 1 {
			cands = fit[0]
		} else if len(cands) > q.Count {
			return nil
		}
	}
	if len(cands) > 3 {
		return nil
	}
	slices.SortFunc(cands, func(a, b Entry) int { return cmp.Compare(a.CVE, b.CVE) })
	return cands
}
