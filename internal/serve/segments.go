package serve

import (
	"cmp"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

// Marked text is built as segments (plain or marked pieces) that the
// templates print with html/template's escaping, never as HTML strings,
// so no article text can inject markup. bleve's highlighter returns
// HTML, which is why search hits carry spans and are cut here.

// mark is a span of code points to mark.
type mark struct {
	start, end int
	label      string
	selected   bool
}

func spanMarks(spans []model.Span) []mark {
	out := make([]mark, len(spans))
	for i, s := range spans {
		out[i] = mark{start: s.Start, end: s.End}
	}
	return out
}

// normalise sorts marks, clamps them to [0, n) and merges overlapping
// ones (labels joined, selected if either is).
func normalise(marks []mark, n int) []mark {
	var ms []mark
	for _, m := range marks {
		m.start, m.end = max(m.start, 0), min(m.end, n)
		if m.start < m.end {
			ms = append(ms, m)
		}
	}
	slices.SortFunc(ms, func(a, b mark) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	var out []mark
	for _, m := range ms {
		if k := len(out) - 1; k >= 0 && m.start < out[k].end {
			last := &out[k]
			last.end = max(last.end, m.end)
			last.selected = last.selected || m.selected
			if m.label != "" && !strings.Contains(last.label, m.label) {
				last.label = strings.TrimPrefix(last.label+"; "+m.label, "; ")
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// segments cuts text[from:to] into plain and marked segments.
func segments(text []rune, from, to int, marks []mark) []Segment {
	from, to = max(from, 0), min(to, len(text))
	var out []Segment
	pos := from
	for _, m := range normalise(marks, len(text)) {
		s, e := max(m.start, from), min(m.end, to)
		if s >= e {
			continue
		}
		if s > pos {
			out = append(out, Segment{Text: string(text[pos:s])})
		}
		out = append(out, Segment{Text: string(text[s:e]), Mark: true, Label: m.label, Selected: m.selected})
		pos = e
	}
	if pos < to {
		out = append(out, Segment{Text: string(text[pos:to])})
	}
	return out
}

// paragraphs cuts a clean text (paragraphs joined by blank lines) into
// paragraphs of segments.
func paragraphs(text string, marks []mark) [][]Segment {
	rs := []rune(text)
	var out [][]Segment
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || (rs[i] == '\n' && i+1 < len(rs) && rs[i+1] == '\n') {
			if p := strings.TrimSpace(string(rs[start:i])); p != "" {
				out = append(out, segments(rs, start, i, marks))
			}
			for i < len(rs) && rs[i] == '\n' {
				i++
			}
			start = i
		}
	}
	return out
}

// sentenceAt is the sentence of d holding code point pos, if any.
func sentenceAt(d *store.Document, pos int) (model.Sentence, bool) {
	i, found := slices.BinarySearchFunc(d.Sentences, pos, func(s model.Sentence, p int) int {
		switch {
		case s.End <= p:
			return -1
		case s.Start > p:
			return 1
		}
		return 0
	})
	if !found {
		return model.Sentence{}, false
	}
	return d.Sentences[i], true
}

// snippet is the (up to two) sentences of d holding the first marks, with
// the marks marked; the first sentence when nothing is marked.
func snippet(d *store.Document, spans []model.Span) []Segment {
	text := []rune(d.Text)
	if len(spans) == 0 {
		if len(d.Sentences) > 0 {
			s := d.Sentences[0]
			return segments(text, s.Start, s.End, nil)
		}
		return segments(text, 0, min(len(text), 240), nil)
	}
	marks := spanMarks(spans)
	var out []Segment
	var used []model.Sentence
	for _, sp := range spans {
		s, ok := sentenceAt(d, sp.Start)
		if !ok {
			s = model.Sentence{Span: model.Span{Start: max(sp.Start-80, 0), End: min(sp.End+80, len(text))}}
		}
		if slices.ContainsFunc(used, func(u model.Sentence) bool { return u.Start == s.Start }) {
			continue
		}
		if len(used) == 2 {
			break
		}
		if len(used) > 0 {
			out = append(out, Segment{Text: " … "})
		}
		used = append(used, s)
		out = append(out, segments(text, s.Start, s.End, marks)...)
	}
	return out
}

// Quote is a piece of evidence in context: its sentence with the span
// that states the fact marked, and a link to it in its document.
type Quote struct {
	Doc      string    `json:"doc"`
	Lang     string    `json:"lang,omitempty"`
	Segments []Segment `json:"segments"`
	Link     string    `json:"link"`
}

// quote finds an evidence item's sentence in its document and marks the
// span; when the document is missing it shows the evidence's own text.
func (v *view) quote(ev model.Evidence) Quote {
	q := Quote{Doc: ev.Doc, Lang: ev.Lang,
		Link: documentLink(ev.Doc) + "?mark=" + itoa(ev.Start) + "-" + itoa(ev.End) + "#ev"}
	d := v.docs[ev.Doc]
	if d == nil {
		q.Segments = []Segment{{Text: ev.Text}}
		return q
	}
	if q.Lang == "" {
		q.Lang = d.Lang
	}
	text := []rune(d.Text)
	s, ok := sentenceAt(d, ev.Start)
	if !ok || ev.End > s.End+1 {
		s.Start, s.End = ev.Start, ev.End
	}
	q.Segments = segments(text, s.Start, s.End, []mark{{start: ev.Start, end: ev.End}})
	if len(q.Segments) == 0 {
		q.Segments = []Segment{{Text: ev.Text}}
	}
	return q
}
