package dedup

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"sync"

	"github.com/casefile/casefile/internal/model"
)

// Cache keeps each document's comparison features (shingles, MinHash
// signature, cross-language keys, anchors, dictionary words) from one
// Link to the next, for processes that link a growing corpus again and
// again (a server or stream worker rebuilding after each batch). What
// depends on the whole corpus (weights, candidates, scores) is computed
// afresh each time, so results are the same as without a Cache. It keeps
// the entries of the last Link only. Safe for concurrent use; the zero
// value is ready.
type Cache struct {
	mu   sync.Mutex
	docs map[[32]byte]*cached
}

// cached is a document's features as featuresOf made them, and its
// dictionary words once a Link with a lexicon for its language needed
// them.
type cached struct {
	f        *features
	words    []string
	hasWords bool
}

func (c *Cache) take() map[[32]byte]*cached {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.docs
}

func (c *Cache) put(docs map[[32]byte]*cached) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs = docs
}

// featureKey fingerprints what featuresOf reads of a document (and the
// shingle size).
func featureKey(d model.Doc, opt Options) [32]byte {
	h := sha256.New()
	str := func(s string) {
		binary.Write(h, binary.LittleEndian, int64(len(s)))
		io.WriteString(h, s)
	}
	num := func(n int64) { binary.Write(h, binary.LittleEndian, n) }
	str(d.ID)
	str(d.Lang)
	str(d.Title)
	str(d.Text)
	num(int64(len(d.Removed)))
	num(d.Published.Unix())
	num(int64(d.Published.Nanosecond()))
	num(int64(opt.ShingleSize))
	num(int64(len(d.Anchors)))
	for _, a := range d.Anchors {
		str(string(a.Kind))
		str(a.Key)
		str(a.Surface)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}
