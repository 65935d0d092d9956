package story

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/casefile/casefile/internal/model"
)

// Cache keeps each unit's text features (its bag of words and anchors,
// its outlet, its follow-up cues) from one Cluster to the next, for
// processes that cluster a growing corpus again and again (a server or
// stream worker rebuilding after each batch). They depend on the unit's
// documents alone; what depends on the corpus (term statistics, the
// assignment) is computed afresh, so results are the same as without a
// Cache. It keeps the entries of the last Cluster only. Safe for
// concurrent use; the zero value is ready.
type Cache struct {
	mu    sync.Mutex
	units map[[32]byte]*unitText
}

// unitText is what clusterUnits computes of a unit's texts.
type unitText struct {
	bag    Bag // read-only once stored
	outlet string
	later  int
}

func (c *Cache) take() map[[32]byte]*unitText {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.units
}

func (c *Cache) put(units map[[32]byte]*unitText) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.units = units
}

// unitKey fingerprints a unit: its lead and its documents, in order,
// with all their content (by the caller's fingerprint when keys has
// one for every document, else by encoding them).
func unitKey(lead *model.Doc, docs []*model.Doc, keys map[string][32]byte) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", lead.ID)
	known := keys != nil
	for _, d := range docs {
		if _, ok := keys[d.ID]; !ok {
			known = false
		}
	}
	if known {
		for _, d := range docs {
			k := keys[d.ID]
			fmt.Fprintf(h, "%q ", d.ID)
			h.Write(k[:])
		}
	} else {
		enc := json.NewEncoder(h)
		for _, d := range docs {
			if err := enc.Encode(d); err != nil {
				panic(fmt.Sprintf("story: document %s: %v", d.ID, err)) // plain data: cannot fail
			}
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}
