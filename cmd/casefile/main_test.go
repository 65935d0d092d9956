package main

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// TestMain lets the test binary stand in for the casefile binary: with
// CASEFILE_TEST_MAIN=1 in its environment it runs the command line as
// casefile does. Commands that start casefile processes of their own
// (bench load's request sender, found through os.Executable) run so in
// tests.
func TestMain(m *testing.M) {
	if os.Getenv("CASEFILE_TEST_MAIN") == "1" {
		code, err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "casefile:", err)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}
