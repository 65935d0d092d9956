package extract

import (
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

// benchDoc is an invented article of typical length with some junk.
func benchDoc() model.Raw {
	var b strings.Builder
	b.WriteString("Council systems disrupted by cyberattack\n\n3 hours ago 12\nADVERTISEMENT\n\n")
	for i := 0; i < 12; i++ {
		b.WriteString("The council said on Friday that it was investigating an incident affecting several online services, and residents were asked to call instead.\n\n")
	}
	b.WriteString("Do you know more? Contact the reporter on Signal or by email.\n\nRead more\n\nMost read\n")
	return model.Raw{ID: "b", Source: "bench", Body: []byte(b.String())}
}

func BenchmarkClean(b *testing.B) {
	raw := benchDoc()
	b.SetBytes(int64(len(raw.Body)))
	for b.Loop() {
		Clean(raw, nil)
	}
}

// A long document must stay linear: no rule compares all line pairs.
func BenchmarkCleanLong(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		sb.WriteString("Short line\nAnother short line of text here\n\n")
	}
	raw := model.Raw{Body: []byte(sb.String())}
	b.SetBytes(int64(len(raw.Body)))
	for b.Loop() {
		Clean(raw, nil)
	}
}
