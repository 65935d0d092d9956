package serve

import (
	"fmt"
	"testing"
	"time"
)

// TestMovedIDsBounded: the moved-id table keeps the last ids up to its
// limit, oldest out first; moving an id again updates it in place.
func TestMovedIDsBounded(t *testing.T) {
	m := movedIDs{limit: 3}
	for i := range 5 {
		m.add(fmt.Sprintf("i-%d", i), fmt.Sprintf("doc-%d", i))
	}
	m.add("i-3", "doc-3b")
	for _, c := range []struct {
		id, doc string
		ok      bool
	}{
		{"i-0", "", false},
		{"i-1", "", false},
		{"i-2", "doc-2", true},
		{"i-3", "doc-3b", true},
		{"i-4", "doc-4", true},
	} {
		if doc, ok := m.lookup(c.id); doc != c.doc || ok != c.ok {
			t.Errorf("lookup(%s) = %q, %v; want %q, %v", c.id, doc, ok, c.doc, c.ok)
		}
	}
	if m.len() != 3 {
		t.Errorf("%d ids kept, want 3", m.len())
	}
	var d movedIDs // the zero value takes the default limit
	d.add("a", "b")
	if d.limit != maxMoved {
		t.Errorf("default limit %d, want %d", d.limit, maxMoved)
	}
}

// TestTokenLimitsForget: over its sweep size, the limiter table drops
// tokens whose budget is full (idle, or never used up), and keeps the
// ones still spending it.
func TestTokenLimitsForget(t *testing.T) {
	l := tokenLimits{sweepAt: 3}
	l.take("busy", 0.001, 2)
	l.take("busy", 0.001, 2) // budget spent: not idle for a long while
	l.take("idle-a", 1000, 1)
	l.take("idle-b", 1000, 1)
	time.Sleep(5 * time.Millisecond) // the idle ones refill
	l.take("new", 1, 1)
	if _, ok := l.by["busy"]; !ok {
		t.Error("a token spending its budget was forgotten")
	}
	for _, name := range []string{"idle-a", "idle-b"} {
		if _, ok := l.by[name]; ok {
			t.Errorf("idle token %s kept over the sweep size", name)
		}
	}
	if wait := l.take("busy", 0.001, 2); wait == 0 {
		t.Error("the busy token's spent budget was reset")
	}
}
