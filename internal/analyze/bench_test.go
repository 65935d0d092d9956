package analyze

import (
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

// benchText is an invented news text of typical length.
var benchText = strings.Repeat("Northfield Borough Council said on Monday that about 250,000 residents of Wessex could not pay online. "+
	"“We are investigating,” said spokesperson Jane Roe, adding that the NCSC and Example Services Ltd. were helping. "+
	"Contact +44 20 7946 0018 or visit https://example.org/news for updates.\n\n", 6)

func BenchmarkAnalyze(b *testing.B) {
	a := model.Article{Title: "Council payments offline after cyberattack", Text: benchText}
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Analyze(a)
	}
}

func BenchmarkSentences(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Sentences(benchText)
	}
}

func BenchmarkAnchors(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Anchors(benchText)
	}
}

// Unmatched quotes must not make the search quadratic.
func BenchmarkAnchorsUnmatchedQuotes(b *testing.B) {
	text := strings.Repeat("“a ", 20000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Anchors(text)
	}
}
