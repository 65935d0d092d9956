// Package parallel runs a loop's iterations on a few goroutines. The
// stages that work per document or per story (cleaning, analysis,
// dedup's pair scoring, story features, incident extraction) use it,
// each iteration writing only its own slot of a result, so that the
// result is the same as in a plain loop.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(w, i) for i = 0 ... n-1 on at most workers goroutines (0
// or less: GOMAXPROCS), w being the goroutine's number in [0, workers),
// so that f can keep per-goroutine scratch state indexed by w. Each
// goroutine takes the next i as it finishes one; For returns when all
// are done. Every iteration yields once first: Go preempts a busy
// goroutine only every 10 ms or so, and a server ingesting in the same
// process would otherwise hold its readers' answers queued that long.
func For(workers, n int, f func(w, i int)) {
	workers = Workers(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				runtime.Gosched()
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// Workers is the number of goroutines For starts for n iterations when
// asked for workers (0 or less: GOMAXPROCS): at least one, at most n.
func Workers(workers, n int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, n))
}
