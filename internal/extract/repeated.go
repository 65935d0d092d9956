package extract

import (
	"crypto/sha256"
	"hash/fnv"
	"strings"
	"sync"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// Limits of a learnable line: only short lines that do not read as
// prose can be boilerplate, so copies of one article in a source never
// teach their sentences (or their title, which is longer) as junk.
const (
	maxRepeatedWords = 6
	maxRepeatedRunes = 60
)

// Repeated learns lines that repeat across the documents of one source (a
// site's navigation, footers). It is safe for concurrent use.
type Repeated struct {
	mu      sync.RWMutex
	sources map[string]*sourceLines
}

// sourceLines counts, for one source, in how many different documents
// each learnable line (by fold.Key) occurs.
type sourceLines struct {
	docs  map[string]bool       // documents already learned
	count map[string]*lineCount // line key → documents it occurs in
}

// lineCount counts the documents a line occurs in, where copies of one
// article (same longest line) count once: a copied article's title
// repeats, but it is not the site's boilerplate. Only the first
// content fingerprint is kept, which is all that "two or more" needs.
type lineCount struct {
	n     int
	first uint64
}

// NewRepeated returns an empty Repeated.
func NewRepeated() *Repeated {
	return &Repeated{sources: make(map[string]*sourceLines)}
}

// learnable reports whether a trimmed line is short enough and unlike
// prose enough to be boilerplate if it repeats.
func learnable(text string) bool {
	w := len(strings.Fields(text))
	if w == 0 || w > maxRepeatedWords || len([]rune(text)) > maxRepeatedRunes {
		return false
	}
	return w <= 2 || !isSentence(text)
}

// docID names raw for de-duplication of Add calls: its ID or URI, else
// the hash of its body.
func docID(raw model.Raw) string {
	if raw.ID != "" {
		return "id:" + raw.ID
	}
	if raw.URI != "" {
		return "uri:" + raw.URI
	}
	h := sha256.Sum256(raw.Body)
	return "sha:" + string(h[:])
}

// Add learns raw's lines under raw.Source. Adding the same document
// (same ID, else URI, else body) twice counts it once.
func (r *Repeated) Add(raw model.Raw) {
	keys := make(map[string]bool)
	longest := ""
	for _, l := range splitLines(raw.Body) {
		if l.key != "" && learnable(l.text) {
			keys[l.key] = true
		}
		if len(l.key) > len(longest) {
			longest = l.key
		}
	}
	id := docID(raw)
	h := fnv.New64a()
	h.Write([]byte(longest))
	fp := h.Sum64()
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sources[raw.Source]
	if s == nil {
		s = &sourceLines{docs: make(map[string]bool), count: make(map[string]*lineCount)}
		r.sources[raw.Source] = s
	}
	if s.docs[id] {
		return
	}
	s.docs[id] = true
	for k := range keys {
		c := s.count[k]
		switch {
		case c == nil:
			s.count[k] = &lineCount{n: 1, first: fp}
		case c.n == 1 && c.first == fp:
			// Another copy of the same article.
		default:
			c.n++
		}
	}
}

// Is reports whether line repeats in two or more documents of source and
// is short and unlike a sentence. Copies of one article (documents with
// the same longest line) count as one document. A nil Repeated knows no lines.
func (r *Repeated) Is(source, line string) bool {
	if r == nil {
		return false
	}
	text := strings.TrimSpace(line)
	if !learnable(text) {
		return false
	}
	key := fold.Key(text)
	if key == "" {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := r.sources[source]
	if s == nil {
		return false
	}
	c := s.count[key]
	return c != nil && c.n >= 2
}
