package source

import (
	"bytes"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
)

// TestMarshalJSONL: what MarshalJSONL writes, ReadJSONL reads back as
// the same article (the publication time in UTC), with HTML characters
// left as they are.
func TestMarshalJSONL(t *testing.T) {
	for _, raw := range []model.Raw{
		{ID: "a", Body: []byte("Plain text.")},
		{ID: "b/2", Title: "Kessling <Council> & EKS", URL: "https://news.example/b?x=1&y=2", Lang: "de",
			Author: "A. Writer", Site: "News Example", Published: time.Date(2025, 3, 4, 9, 30, 0, 5, time.FixedZone("CET", 3600)),
			Body: []byte("Line one.\n\nLine \"two\" <b>.")},
	} {
		line, err := MarshalJSONL(raw)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(line, "\n") || bytes.Contains(line, []byte(`\u003c`)) {
			t.Errorf("%s: not one line with HTML left as is: %s", raw.ID, line)
		}
		var got []model.Raw
		for r, err := range ReadJSONL(t.Context(), bytes.NewReader(line), "t.jsonl", Options{}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		if len(got) != 1 {
			t.Fatalf("%s: read %d articles", raw.ID, len(got))
		}
		g := got[0]
		if g.ID != raw.ID || string(g.Body) != string(raw.Body) || g.Title != raw.Title || g.URL != raw.URL ||
			g.Lang != raw.Lang || g.Author != raw.Author || g.Site != raw.Site || !g.Published.Equal(raw.Published) {
			t.Errorf("%s: read back %+v, want %+v", raw.ID, g, raw)
		}
	}
}
