package serve

import (
	"context"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
)

// FuzzDecodeArticles feeds POST /api/v1/articles bodies to the decoder:
// it must never panic, and every article it accepts has an id and text.
func FuzzDecodeArticles(f *testing.F) {
	for _, s := range []string{
		`{"id": "a", "text": "Some text."}`,
		`[{"id": "a", "text": "x"}, {"id": "b", "text": "y", "published": "2024-02-03", "lang": "de", "url": "https://example.com/b"}]`,
		`[{"id": 1}, null, "x", [], {}]`,
		"{\"id\": \"a\", \"text\": \"\\u0000\"}",
		`{"id": "a", "text": "x"}` + "\n" + `{"id": "b", "text": "y"}`,
		`[`, `"`, ``, `[]`, `{"id": "a", "text": "x", "published": "yesterday"}`,
	} {
		f.Add([]byte(s), "application/json")
		f.Add([]byte(s), "application/x-ndjson")
	}
	f.Add([]byte(`{}`), "text/plain; charset=\"")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		raws, rejected, err := DecodeArticles(context.Background(), body, contentType)
		if err != nil {
			if len(raws) > 0 || len(rejected) > 0 {
				t.Fatalf("error %v with %d articles and %d rejections", err, len(raws), len(rejected))
			}
			return
		}
		if len(raws)+len(rejected) == 0 {
			t.Fatal("no error, no article and no rejection")
		}
		for _, r := range raws {
			if r.ID == "" || len(r.Body) == 0 || !utf8.Valid(r.Body) {
				t.Fatalf("accepted article %+v", r)
			}
		}
		for _, r := range rejected {
			if r.Item < 1 || r.Error == "" {
				t.Fatalf("rejection %+v", r)
			}
		}
	})
}

// FuzzParseFilter feeds query strings to the filter parser: it must
// never panic, and a filter it accepts survives Values and ParseFilter.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"", "country=GB", "since=2024-01-01&until=2024-12-31", "provider=Pellworth&lang=fr&page=3",
		"since=2024-02-30", "page=99999999999999999999", "sector=%ff%fe", "until=0001-01-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		flt, err := ParseFilter(q)
		if err != nil {
			return
		}
		again, err := ParseFilter(flt.Values())
		flt.Page = 0
		if err != nil || again != flt {
			t.Fatalf("ParseFilter(%q) = %+v; after Values: %+v, %v", query, flt, again, err)
		}
		// Matching never panics, whatever the filter.
		flt.match(&incidentInfo{Incident: testIncident()})
	})
}

func testIncident() *model.Incident {
	return &model.Incident{Country: "GB", AttackType: "ransomware",
		Providers: []model.Provider{{Name: "Fenwick Data", Aliases: []string{"FD"}}},
		Vector:    &model.Vector{Product: "Gate VPN"}}
}
