package incident_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/incident"
)

func BenchmarkExtract(b *testing.B) {
	docs := docsOf(storyBodies(b, "testdata/harbour")...)
	for b.Loop() {
		incident.Extract("s", docs, incident.Options{})
	}
}

// BenchmarkExtractManyNames is a long story with thousands of distinct
// names: name resolution compares names pairwise.
func BenchmarkExtractManyNames(b *testing.B) {
	var sb strings.Builder
	for i := range 500 {
		fmt.Fprintf(&sb, "Zarn%d Holt Council said Quell%d Services, or QS%d, was hit by a ransomware attack in Norway. ", i, i, i)
		if i%5 == 4 {
			sb.WriteString("\n\n")
		}
	}
	docs := docsOf(sb.String())
	for b.Loop() {
		incident.Extract("s", docs, incident.Options{})
	}
}

// BenchmarkExtractOtherLanguages is a story told in German and French
// only, read with the German cues.
func BenchmarkExtractOtherLanguages(b *testing.B) {
	bodies := storyBodies(b, "testdata/harbour")
	docs := docsOf(bodies[2], bodies[3])
	for b.Loop() {
		incident.Extract("s", docs, incident.Options{})
	}
}
