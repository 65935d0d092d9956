package serve

import "sync"

// maxMoved bounds the incident ids the server remembers as moved: a
// long-running server would otherwise keep every id any rebuild ever
// dropped. The oldest go first; a link older than that is a 404.
const maxMoved = 100_000

// movedIDs maps the id of an incident that a later snapshot no longer
// has (its story merged into another, or its lead changed) to one of its
// documents, so that links to it redirect to the incident that document
// is now in. It keeps the last limit ids, oldest out first.
type movedIDs struct {
	mu    sync.RWMutex
	limit int
	doc   map[string]string
	order []string // ids in the order first moved
}

// add records that incident id, holding doc, moved.
func (m *movedIDs) add(id, doc string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.doc == nil {
		m.doc = map[string]string{}
	}
	if m.limit <= 0 {
		m.limit = maxMoved
	}
	if _, ok := m.doc[id]; !ok {
		m.order = append(m.order, id)
	}
	m.doc[id] = doc
	for len(m.order) > m.limit {
		delete(m.doc, m.order[0])
		m.order[0] = ""
		m.order = m.order[1:]
	}
}

// lookup returns the document of moved incident id.
func (m *movedIDs) lookup(id string) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	doc, ok := m.doc[id]
	return doc, ok
}

// len is how many ids are remembered.
func (m *movedIDs) len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.doc)
}
