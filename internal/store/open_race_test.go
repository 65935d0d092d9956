package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// TestOpenConcurrently: workers started together on a database that
// does not exist yet all open it (SQLite: one creates the file and
// switches it to WAL while the others wait; PostgreSQL: one applies the
// migrations), and work on it at once.
func TestOpenConcurrently(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		// The SQLite race is narrow: more rounds.
		rounds := map[string]int{"sqlite": 10, "postgres": 3}[b.Name]
		for round := range rounds {
			target := b.New(t)
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					s, err := OpenAny(t.Context(), target)
					if err != nil {
						t.Errorf("round %d: %v", round, err)
						return
					}
					defer s.Close()
					for j := range 3 {
						if _, err := s.PutRaw(t.Context(), []model.Raw{{ID: fmt.Sprint(w, "-", j), Body: []byte{'a' + byte(j)}}}); err != nil {
							t.Error(err)
						}
						if _, err := s.Rebuild(t.Context(), derive, RebuildOptions{IfStale: true}); err != nil {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
		}
	})
}
