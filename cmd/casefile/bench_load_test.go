package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchLoad runs a short, slow load while ingesting, with the
// requests sent by the serving process and by a process of their own
// (the test binary standing in for casefile): every request is answered
// with a 2xx and the ingester adds documents. (No timing is checked: the
// figures are the benchmark's output, not a test.)
func TestBenchLoad(t *testing.T) {
	t.Setenv("CASEFILE_TEST_MAIN", "1") // for the sender process
	for _, c := range []struct{ client, ingester string }{{"inline", "inline"}, {"process", "inline"}, {"inline", "process"}} {
		t.Run(c.client+"-client-"+c.ingester+"-ingester", func(t *testing.T) {
			out, code := casefile(t, "--quiet", "--kev", t.TempDir()+"/kev.json", "bench", "load", "--client", c.client,
				"--ingester", c.ingester, "--rate", "50", "--duration", "3s", "--batch", "2", "--check", "200ms")
			t.Log(out)
			if code != 0 {
				t.Fatalf("bench load exited %d", code)
			}
			m := regexp.MustCompile(`load: (\d+) requests over \d+ paths .* (\d+) errors`).FindStringSubmatch(out)
			if m == nil || m[1] != "150" || m[2] != "0" {
				t.Errorf("want 150 requests and 0 errors: %q", out)
			}
			ing := regexp.MustCompile(`ingest: (\d+) articles`).FindStringSubmatch(out)
			if ing == nil {
				t.Fatalf("no ingest line: %q", out)
			}
			if n, _ := strconv.Atoi(ing[1]); n < 2 {
				t.Errorf("nothing ingested during the load: %q", out)
			}
			if !strings.Contains(out, "requests sent by") {
				t.Errorf("no sender line: %q", out)
			}
			if c.ingester == "inline" && !regexp.MustCompile(`reused the analysis of \d+ of \d+ documents`).MatchString(out) {
				t.Errorf("no reuse line: %q", out)
			}
		})
	}
}
