// Package sharedtest finds the read-only evaluation data that tests read
// from ../shared, beside the module root: the seeds, their gold, the
// benchmarks and schemas. Their text must never be copied into the
// project. When the folder is missing a test is skipped, except under
// CI=true, where CI must run beside it and the test fails.
package sharedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Path returns the absolute path of ../shared/rel... (beside the module
// root), skipping t when it does not exist, or failing t under CI=true.
func Path(t testing.TB, rel ...string) string {
	t.Helper()
	p, err := find(rel)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run beside shared/", err)
		}
		t.Skipf("skipping: %v", err)
	}
	return p
}

// Lookup is Path for tests that go on without the data: it returns
// false when ../shared/rel... does not exist (and fails t under CI=true).
func Lookup(t testing.TB, rel ...string) (string, bool) {
	t.Helper()
	p, err := find(rel)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run beside shared/", err)
		}
		t.Logf("%v: going on without it", err)
		return "", false
	}
	return p, true
}

// find locates ../shared/rel... from the module root (the nearest folder
// above the working directory holding go.mod).
func find(rel []string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{filepath.Dir(dir), "shared"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("../shared not found next to the project: %w", err)
	}
	return p, nil
}
