package story

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkAssign times one assignment with 5,000 and 20,000 stored
// synthetic units (invented vocabulary: 5,000 words, names unique to each
// story of one to six units). "casefile bench stories" measures the same
// on perturbed real articles up to 1M.
func BenchmarkAssign(b *testing.B) {
	for _, stored := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("stored=%d", stored), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(4, 2))
			storyN, left := 0, 0
			unit := func(n int) Features {
				if left == 0 {
					storyN++
					left = 1 + rng.IntN(6)
				}
				left--
				var words, names []string
				for range 120 {
					// Zipf-like: low word numbers are common.
					words = append(words, fmt.Sprintf("w%d", int(5000*rng.Float64()*rng.Float64())))
				}
				for i := range 12 {
					names = append(names, fmt.Sprintf("N%d-%d", storyN, i+rng.IntN(4)))
				}
				return Features{Bag: bag(words, names), Day: int32(n / 2000)}
			}
			stats := NewStats()
			a := NewAssigner(stats, AssignOptions{})
			for n := range stored {
				f := unit(n)
				stats.Observe(f.Bag)
				a.Add(f)
			}
			probes := make([]Features, 1024)
			for i := range probes {
				probes[i] = unit(stored + i)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f := probes[i%len(probes)]
				stats.Observe(f.Bag)
				a.Add(f)
			}
			b.ReportMetric(float64(a.Stories()), "stories")
		})
	}
}
