//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/export"
	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/store/storetest"
)

// TestCrashConsistency ingests a corpus in steps with the casefile
// binary, SIGKILLs the process at random moments of each step (reading,
// storing the raws, rebuilding, saving the snapshot), checks that what a
// killed process leaves is a consistent store (every document once,
// every story's documents and every incident's story present), restarts
// the step until it completes, and expects the export of a clean run
// byte for byte: no article lost, none twice, no orphan story or
// incident. On SQLite and, with CASEFILE_TEST_POSTGRES, PostgreSQL.
//
// CASEFILE_CRASH_SEED replays a run (the seed is logged);
// CASEFILE_CRASH_RUNS sets the number of crash runs (default 5).
func TestCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test builds and kills the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "casefile")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Two steps: the bundled sample (and the shared seeds), then a part
	// of CASIE's articles, so that kills also land in a store that
	// holds a snapshot already.
	steps := [][]string{{filepath.Join("..", "..", "internal", "sample", "corpus")}}
	if seeds := seedsDir(t); seeds != "" {
		steps[0] = append(steps[0], seeds)
	}
	if casie, ok := sharedtest.Lookup(t, "data", "casie-dev.jsonl"); ok {
		steps = append(steps, []string{headLines(t, casie, 30)})
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CASEFILE_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CASEFILE_CRASH_SEED: %v", err)
		}
	}
	runs := 5
	if s := os.Getenv("CASEFILE_CRASH_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CASEFILE_CRASH_RUNS %q: want a positive number", s)
		}
		runs = n
	}
	kev := filepath.Join(t.TempDir(), "kev.json") // none: no catalogue from the user's data folder
	ingest := func(db string, inputs []string) *exec.Cmd {
		return exec.Command(bin, append([]string{"--db", db, "--kev", kev, "--quiet", "ingest", "--no-progress"}, inputs...)...)
	}

	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		runs := runs
		if b.Name == "postgres" {
			runs = min(runs, 2) // PostgreSQL's transactions are its own; a shorter check
		}
		// A clean run, timing each step.
		clean := b.New(t)
		var took []time.Duration
		for _, in := range steps {
			start := time.Now()
			if out, err := ingest(clean, in).CombinedOutput(); err != nil {
				t.Fatalf("clean ingest %v: %v\n%s", in, err, out)
			}
			took = append(took, time.Since(start))
		}
		want := exportJSON(t, clean)
		wantBundle := checkBundle(t, "clean run", want)
		t.Logf("clean run: %d documents, %d stories, %d incidents; steps took %v",
			len(wantBundle.Documents), len(wantBundle.Stories), len(wantBundle.Incidents), took)

		rng := rand.New(rand.NewPCG(seed, 0))
		t.Logf("seed %d (CASEFILE_CRASH_SEED=%d replays it)", seed, seed)
		kills := 0
		for run := 1; run <= runs; run++ {
			db := b.New(t)
			for i, in := range steps {
				tries := 1
				if rng.IntN(3) == 0 {
					tries = 2 // killed again while recovering
				}
				for try := range tries {
					// Anywhere in the step, from process start to a little
					// after a clean run's end.
					delay := time.Duration(rng.Int64N(int64(took[i]) * 11 / 10))
					cmd := ingest(db, in)
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					done := make(chan error, 1)
					go func() { done <- cmd.Wait() }()
					select {
					case err := <-done:
						if err != nil {
							t.Fatalf("run %d step %d: ingest failed: %v", run, i+1, err)
						}
						t.Logf("run %d step %d try %d: finished before the kill at %v", run, i+1, try+1, delay)
						continue
					case <-time.After(delay):
					}
					if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
						t.Fatal(err)
					}
					err := <-done
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						// It exited cleanly just before the signal.
						t.Logf("run %d step %d try %d: finished just before the kill at %v", run, i+1, try+1, delay)
						continue
					}
					kills++
					// What the killed process left is consistent, and a
					// part of what a clean run stores.
					got := checkBundle(t, fmt.Sprintf("run %d step %d after a kill at %v", run, i+1, delay), exportJSON(t, db))
					for _, d := range got.Documents {
						if !hasDoc(wantBundle, d.ID) {
							t.Errorf("run %d: document %s is not in the clean run", run, d.ID)
						}
					}
					t.Logf("run %d step %d try %d: killed at %v (%s); store has %d raw documents, a snapshot of %d documents, %d stories, %d incidents",
						run, i+1, try+1, delay, ee.ProcessState, countRaws(t, db), len(got.Documents), len(got.Stories), len(got.Incidents))
				}
				// Restart until the step completes.
				if out, err := ingest(db, in).CombinedOutput(); err != nil {
					t.Fatalf("run %d step %d: restarted ingest: %v\n%s", run, i+1, err, out)
				}
			}
			got := exportJSON(t, db)
			checkBundle(t, fmt.Sprintf("run %d", run), got)
			if got != want {
				t.Errorf("run %d: export differs from the clean run's: %s", run, firstDifference(got, want))
			}
		}
		t.Logf("%d crash runs, %d kills, seed %d: every final export equals the clean run's", runs, kills, seed)
	})
}

// checkBundle parses an export and checks it is consistent: documents
// listed once, each story's documents and each incident's story and
// evidence documents present, every document in the story it names.
func checkBundle(t *testing.T, what, out string) export.Bundle {
	t.Helper()
	var b export.Bundle
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("%s: export is not JSON: %v", what, err)
	}
	docs := map[string]string{}
	for _, d := range b.Documents {
		if _, dup := docs[d.ID]; dup {
			t.Errorf("%s: document %s twice", what, d.ID)
		}
		docs[d.ID] = d.Story
	}
	stories := map[string]bool{}
	for _, s := range b.Stories {
		if stories[s.ID] {
			t.Errorf("%s: story %s twice", what, s.ID)
		}
		stories[s.ID] = true
		if len(s.Docs) == 0 {
			t.Errorf("%s: story %s has no documents", what, s.ID)
		}
		for _, d := range s.Docs {
			story, ok := docs[d]
			if !ok {
				t.Errorf("%s: story %s lists document %s, which is not stored", what, s.ID, d)
			} else if story != s.ID {
				t.Errorf("%s: story %s lists document %s, which names story %q", what, s.ID, d, story)
			}
		}
	}
	for id, s := range docs {
		if s != "" && !stories[s] {
			t.Errorf("%s: document %s names story %s, which is not stored", what, id, s)
		}
	}
	incidents := map[string]bool{}
	for _, in := range b.Incidents {
		if incidents[in.ID] {
			t.Errorf("%s: incident %s twice", what, in.ID)
		}
		incidents[in.ID] = true
		if !stories[in.Story] {
			t.Errorf("%s: incident %s of story %s, which is not stored", what, in.ID, in.Story)
		}
		for _, ev := range append(in.CountryEvidence, in.RegionEvidence...) {
			if _, ok := docs[ev.Doc]; !ok {
				t.Errorf("%s: incident %s cites document %s, which is not stored", what, in.ID, ev.Doc)
			}
		}
	}
	return b
}

// countRaws is the number of raw documents stored in db.
func countRaws(t *testing.T, db string) int {
	t.Helper()
	st, err := store.OpenAny(t.Context(), db)
	if err != nil {
		t.Fatalf("open %s after a kill: %v", db, err)
	}
	defer st.Close()
	raws, err := st.Raws(t.Context())
	if err != nil {
		t.Fatalf("raws of %s after a kill: %v", db, err)
	}
	return len(raws)
}

func hasDoc(b export.Bundle, id string) bool {
	for _, d := range b.Documents {
		if d.ID == id {
			return true
		}
	}
	return false
}

// headLines writes the first n lines of a file to a new file in the
// test's temporary folder (a part of ../shared read at test time, never
// kept in the project).
func headLines(t *testing.T, path string, n int) string {
	t.Helper()
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	outPath := filepath.Join(t.TempDir(), filepath.Base(path))
	out, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 64<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		fmt.Fprintln(out, sc.Text())
	}
	if err := errors.Join(sc.Err(), out.Close()); err != nil {
		t.Fatal(err)
	}
	return outPath
}
