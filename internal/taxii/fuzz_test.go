package taxii

import (
	"net/url"
	"testing"
	"time"
)

// FuzzParseQuery feeds arbitrary query strings to the TAXII parameter
// parser: no panics; a query it accepts respects the limit cap, holds
// only values its filters allow, and a next cursor survives a round
// trip.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"added_after=2026-03-01T00:00:00Z&limit=10",
		"match[type]=report,identity&match[type]=indicator",
		"match[id]=report--6ba7b810-9dad-11d1-80b4-00c04fd430c8",
		"match[version]=first,last,2026-03-01T00:00:00.123Z&match[spec_version]=2.1",
		"next=" + encodeCursor(Cursor{Added: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ID: "report--6ba7b810-9dad-11d1-80b4-00c04fd430c8"}),
		"limit=-1", "limit=99999999999999999999", "match[foo]=x", "next=%%%", "added_after=yesterday", "match[type]=,,,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v, 100)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if q.Limit < 0 || q.Limit > 100 {
			t.Fatalf("limit %d outside 0..100", q.Limit)
		}
		for _, id := range q.IDs {
			if !idRe.MatchString(id) {
				t.Fatalf("id %q accepted", id)
			}
		}
		for _, ty := range q.Types {
			if !typeRe.MatchString(ty) {
				t.Fatalf("type %q accepted", ty)
			}
		}
		if q.After != nil {
			c, err := decodeCursor(encodeCursor(*q.After))
			if err != nil || !c.Added.Equal(q.After.Added) || c.ID != q.After.ID {
				t.Fatalf("cursor %+v does not survive a round trip: %+v, %v", *q.After, c, err)
			}
		}
	})
}
