package source

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func BenchmarkReadJSONL(b *testing.B) {
	var buf bytes.Buffer
	text := strings.Repeat("A council said its systems were hit by a cyber attack. ", 50)
	for i := range 1000 {
		fmt.Fprintf(&buf, `{"id":"doc-%d","title":"Attack","url":"https://www.example.com/%d","published":"2024-03-05","text":%q}`+"\n", i, i, text)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		for _, err := range ReadJSONL(b.Context(), bytes.NewReader(data), "bench.jsonl", Options{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d docs", n)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "docs/s")
}
