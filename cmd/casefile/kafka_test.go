package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/casefile/casefile/internal/store/storetest"
)

// TestKafkaCLI: articles published to a topic and read back by two
// workers in one group (sharing partitions, one store) give the export
// that ingesting the files directly gives; on SQLite and PostgreSQL.
func TestKafkaCLI(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, "news"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	brokers := strings.Join(c.ListenAddrs(), ",")
	corpus := filepath.Join("..", "..", "internal", "sample", "corpus")
	inputs := []string{corpus}
	if seeds := seedsDir(t); seeds != "" {
		inputs = append(inputs, seeds)
	}

	out, code := casefile(t, append([]string{"--quiet", "publish", "--brokers", brokers, "--topic", "news"}, inputs...)...)
	var published int
	if _, err := fmt.Sscanf(out, "published %d articles", &published); err != nil || code != 0 || published < 4 {
		t.Fatalf("publish: exit %d, %q", code, out)
	}
	// No KEV catalogue from the user's data folder (where a postgres://
	// --db would look for one).
	kev := filepath.Join(t.TempDir(), "kev.json")
	direct := storetest.SQLite(t)
	if out, code := casefile(t, append([]string{"--db", direct, "--kev", kev, "--quiet", "ingest"}, inputs...)...); code != 0 {
		t.Fatalf("ingest: exit %d, %q", code, out)
	}
	want := exportJSON(t, direct)

	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		db := b.New(t)
		group := "cli-" + b.Name
		outs := make([]string, 2)
		codes := make([]int, 2)
		done := make(chan int)
		for w := range outs {
			go func() {
				outs[w], codes[w] = casefile(t, "--db", db, "--kev", kev, "--quiet", "ingest", "--from-kafka", brokers, "--topic", "news",
					"--group", group, "--batch", "3", "--idle", "3s")
				done <- w
			}()
		}
		<-done
		<-done
		read := 0
		for w := range outs {
			var n int
			if _, err := fmt.Sscanf(outs[w], "read %d records", &n); err != nil || codes[w] != 0 {
				t.Errorf("worker %d: exit %d, %q", w, codes[w], outs[w])
			}
			read += n
		}
		if read < published {
			t.Errorf("the workers read %d records of %d: they stopped before the topic was drained", read, published)
		}
		if got := exportJSON(t, db); got != want {
			t.Errorf("export after Kafka differs from direct ingest (workers: %q):\n%s", outs, firstDifference(got, want))
		}
	})

	if _, code := casefile(t, "ingest", "--from-kafka", brokers, "x.txt"); code != 2 {
		t.Errorf("ingest --from-kafka with inputs: exit %d, want 2", code)
	}
	if _, code := casefile(t, "publish", "--brokers", brokers, "--topic", "news", "https://example.com/"); code != 2 {
		t.Errorf("publish of a URL: exit %d, want 2", code)
	}
}

func exportJSON(t *testing.T, db string) string {
	t.Helper()
	out, code := casefile(t, "--db", db, "--quiet", "export", "--format", "json")
	if code != 0 {
		t.Fatalf("export exited %d", code)
	}
	return out
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "got …" + a[lo:min(len(a), i+200)] + "…\nwant …" + b[lo:min(len(b), i+200)] + "…"
}
