// Package export writes the stored state in exchange formats. JSON is the
// native one: documents with their relations, stories, and incidents.
package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// Document is a document as exported.
type Document struct {
	ID           string          `json:"id"`
	Lang         string          `json:"lang"`
	Title        string          `json:"title"`
	Text         string          `json:"text"`
	URL          string          `json:"url,omitempty"`
	Published    string          `json:"published,omitempty"`
	RemovedLines []int           `json:"removed_lines"`
	Removed      []model.Removal `json:"removed"`
	Relation     Relation        `json:"relation"`
	Story        string          `json:"story"`
}

// Relation is a document's relation as exported.
type Relation struct {
	Type  string  `json:"type"`
	Of    string  `json:"of,omitempty"`
	Score float64 `json:"score,omitempty"`
	Why   string  `json:"why,omitempty"`
}

// Bundle is the whole JSON export.
type Bundle struct {
	Documents []Document       `json:"documents"`
	Stories   []model.Story    `json:"stories"`
	Incidents []model.Incident `json:"incidents"`
}

// NewBundle converts a snapshot to the export shape.
func NewBundle(snap store.Snapshot) Bundle {
	b := Bundle{Documents: []Document{}, Stories: snap.Stories, Incidents: snap.Incidents}
	if b.Stories == nil {
		b.Stories = []model.Story{}
	}
	if b.Incidents == nil {
		b.Incidents = []model.Incident{}
	}
	for _, d := range snap.Documents {
		ed := Document{ID: d.ID, Lang: d.Lang, Title: d.Title, Text: d.Text, URL: d.URL,
			RemovedLines: []int{}, Removed: d.Removed, Story: d.Story,
			Relation: Relation{Type: d.Relation.Type, Of: d.Relation.Of, Score: d.Relation.Score, Why: d.Relation.Why}}
		if ed.Removed == nil {
			ed.Removed = []model.Removal{}
		}
		if !d.Published.IsZero() {
			ed.Published = d.Published.UTC().Format("2006-01-02T15:04:05Z")
		}
		for _, r := range d.Removed {
			ed.RemovedLines = append(ed.RemovedLines, r.Line)
		}
		b.Documents = append(b.Documents, ed)
	}
	return b
}

// JSON writes snap as one indented JSON document.
func JSON(w io.Writer, snap store.Snapshot) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(NewBundle(snap)); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}
