package main

import (
	"regexp"
	"strconv"
	"testing"
)

// TestBenchLoad runs a short, slow load while ingesting: every request
// is answered with a 2xx and the ingester adds documents. (No timing is
// checked: the figures are the benchmark's output, not a test.)
func TestBenchLoad(t *testing.T) {
	out, code := casefile(t, "--quiet", "--kev", t.TempDir()+"/kev.json", "bench", "load", "--rate", "50", "--duration", "2s", "--batch", "2")
	t.Log(out)
	if code != 0 {
		t.Fatalf("bench load exited %d", code)
	}
	m := regexp.MustCompile(`load: (\d+) requests over \d+ paths .* (\d+) errors`).FindStringSubmatch(out)
	if m == nil || m[1] != "100" || m[2] != "0" {
		t.Errorf("want 100 requests and 0 errors: %q", out)
	}
	ing := regexp.MustCompile(`ingest: (\d+) articles`).FindStringSubmatch(out)
	if ing == nil {
		t.Fatalf("no ingest line: %q", out)
	}
	if n, _ := strconv.Atoi(ing[1]); n < 2 {
		t.Errorf("nothing ingested during the load: %q", out)
	}
}
