package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/source"
)

// TestProgressLog: when standard output is not a terminal, progress is
// a structured log line (here after every document), never a bar.
func TestProgressLog(t *testing.T) {
	var out, logs bytes.Buffer
	e := &env{stdout: &out, stderr: &logs, log: slog.New(slog.NewTextHandler(&logs, nil))}
	p := e.newProgress(1000, false)
	if p.bar != nil {
		t.Fatal("a progress bar on a non-terminal")
	}
	p.every = 0
	in := func(yield func(model.Raw, error) bool) {
		p.files++
		p.add(400)
		if !yield(model.Raw{ID: "a"}, nil) {
			return
		}
		p.add(600)
		yield(model.Raw{}, &source.Error{Input: "b", Err: errors.New("bad")})
	}
	n := 0
	for range p.wrap(in) {
		n++
	}
	p.finish()
	if n != 2 {
		t.Fatalf("%d items through wrap, want 2", n)
	}
	got := logs.String()
	for _, want := range []string{"ingest progress", "files=1", "documents=1", "rejected=1", "done_pct=100", "inputs read"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
	if out.Len() != 0 {
		t.Errorf("progress wrote to stdout: %q", out.String())
	}
}
