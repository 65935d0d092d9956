package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

func TestJSONShape(t *testing.T) {
	snap := store.Snapshot{Documents: []store.Document{{
		Doc: model.Doc{Article: model.Article{ID: "a.txt", Title: "T", Text: "Body <b>", Published: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			Removed: []model.Removal{{Line: 3, Text: "Source link", Rule: "footer"}, {Line: 9, Text: "x", Rule: "tail"}}}, Lang: "en"},
		Relation: model.Relation{Type: model.RelTranslation, Of: "b.txt"}, Story: "s-1",
	}, {Doc: model.Doc{Article: model.Article{ID: "b.txt"}, Lang: "de"}, Relation: model.Relation{Type: model.RelOriginal}}}}
	var buf bytes.Buffer
	if err := JSON(&buf, snap); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"documents", "stories", "incidents"} {
		if _, ok := got[k].([]any); !ok {
			t.Errorf("%s is %T, want a JSON array", k, got[k])
		}
	}
	d := got["documents"].([]any)[0].(map[string]any)
	if rl := d["removed_lines"].([]any); len(rl) != 2 || rl[0].(float64) != 3 || rl[1].(float64) != 9 {
		t.Errorf("removed_lines = %v", rl)
	}
	if r := d["relation"].(map[string]any); r["type"] != "translation" || r["of"] != "b.txt" {
		t.Errorf("relation = %v", r)
	}
	if d["published"] != "2024-01-02T03:04:05Z" || d["story"] != "s-1" {
		t.Errorf("published/story = %v/%v", d["published"], d["story"])
	}
	if !strings.Contains(buf.String(), "Body <b>") {
		t.Errorf("HTML-looking text must not be escaped in JSON output")
	}
	d2 := got["documents"].([]any)[1].(map[string]any)
	if rl, ok := d2["removed_lines"].([]any); !ok || len(rl) != 0 {
		t.Errorf("empty removed_lines = %v, want []", d2["removed_lines"])
	}
}
