package parallel

import (
	"sync"
	"testing"
)

// TestFor: every iteration runs once, on a goroutine numbered below the
// number started, for any worker count and loop length.
func TestFor(t *testing.T) {
	for _, tc := range []struct{ workers, n, started int }{
		{1, 10, 1}, {3, 10, 3}, {8, 2, 2}, {4, 0, 1}, {0, 5, Workers(0, 5)},
	} {
		if got := Workers(tc.workers, tc.n); got != tc.started {
			t.Errorf("Workers(%d, %d) = %d, want %d", tc.workers, tc.n, got, tc.started)
		}
		var mu sync.Mutex
		seen := make([]int, tc.n)
		For(tc.workers, tc.n, func(w, i int) {
			if w < 0 || w >= tc.started {
				t.Errorf("workers %d, n %d: goroutine number %d", tc.workers, tc.n, w)
			}
			mu.Lock()
			seen[i]++
			mu.Unlock()
		})
		for i, c := range seen {
			if c != 1 {
				t.Errorf("workers %d, n %d: iteration %d ran %d times", tc.workers, tc.n, i, c)
			}
		}
	}
}
