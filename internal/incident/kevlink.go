package incident

import (
	"strconv"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/kev"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// reCount finds how many vulnerabilities a sentence speaks of: "two
// critical zero-day vulnerabilities", "3 flaws".
var reCount = textre.MustCompile(`(?i)\b(a|an|one|two|three|four|five|six|\d+)\s+(?:[\w-]+\s+){0,3}(?:vulnerabilit(?:y|ies)|zero-days?|flaws?|bugs?)\b`)

var numberWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

// linkKEV adds the catalogue entries the vector's product may refer to,
// as suspicions, with the vector's sentences as evidence.
func (x *extraction) linkKEV(cat *kev.Catalogue, inc *model.Incident) {
	v := inc.Vector
	q := kev.Query{Vendor: v.Vendor, Product: v.Product}
	for _, e := range v.Evidence {
		if m := reCount.FindStringSubmatch(e.Text); m != nil {
			w := strings.ToLower(m[1])
			if n, ok := numberWords[w]; ok {
				q.Count = n
			} else if n, err := strconv.Atoi(w); err == nil {
				q.Count = n
			}
			break
		}
	}
	for _, d := range x.docs {
		if !d.Published.IsZero() && (q.Date.IsZero() || d.Published.Before(q.Date)) {
			q.Date = d.Published
		}
	}
	if !q.Date.IsZero() {
		q.Date = q.Date.Truncate(24 * time.Hour)
	}
	for _, e := range cat.Match(q) {
		inc.Vulnerabilities = append(inc.Vulnerabilities, model.Vulnerability{ID: e.CVE, Source: "suspected, via KEV", Evidence: v.Evidence})
	}
}
