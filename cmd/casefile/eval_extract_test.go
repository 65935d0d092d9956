package main

import (
	"math"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"
)

func TestScorePage(t *testing.T) {
	tests := []struct {
		name, gold, pred string
		p, r             float64
		pOK, rOK         bool
	}{
		{"exact", "one two three four five", "one two three four five", 1, 1, true, true},
		{"both empty", "", "", 1, 1, true, true},
		{"nothing predicted", "one two three four five", "", 0, 0, false, true},
		{"nothing to find", "", "one two three four", 0, 0, true, false},
		// gold shingles: 1234 2345; predicted: 1234 2345 3456 → P 2/3, R 1.
		{"extra word", "one two three four five", "one two three four five six", 2.0 / 3, 1, true, true},
		// punctuation and spacing are not tokens.
		{"punctuation", "One, two: three (four) five!", "One two three four five", 1, 1, true, true},
		{"short texts", "a b", "a b", 1, 1, true, true},
		{"unicode words", "Störungen bei der Wasserversorgung heute", "Störungen bei der Wasserversorgung", 1, 0.5, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scorePage(tt.gold, tt.pred)
			if s.pOK != tt.pOK || s.rOK != tt.rOK || math.Abs(s.p-tt.p) > 1e-9 || math.Abs(s.r-tt.r) > 1e-9 {
				t.Errorf("scorePage = P %v (%v) R %v (%v), want P %v (%v) R %v (%v)", s.p, s.pOK, s.r, s.rOK, tt.p, tt.pOK, tt.r, tt.rOK)
			}
		})
	}
	sum := summarise([]prf{{p: 1, r: 0.5, pOK: true, rOK: true}, {r: 1, rOK: true}})
	if sum.p != 1 || sum.r != 0.75 || math.Abs(sum.f1-2*0.75/1.75) > 1e-9 {
		t.Errorf("summarise = %+v", sum)
	}
}

// TestExtractionBenchmarkLoads checks that the public benchmark is read
// whole (the scores themselves come from `casefile eval extract`).
func TestExtractionBenchmarkLoads(t *testing.T) {
	dir := sharedtest.Path(t, "data", "article-extraction-benchmark")
	pages, err := loadExtractionBenchmark(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 181 {
		t.Errorf("%d pages, want 181", len(pages))
	}
	for _, p := range pages {
		if len(p.html) == 0 || p.gold == "" {
			t.Errorf("page %s: empty html or gold text", p.id)
		}
	}
}
