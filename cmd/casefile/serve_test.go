package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	out, code := casefile(t, "--db", db, "--quiet", "token", "create", "ci")
	if code != 0 || !regexp.MustCompile(`^cf_[0-9a-f]{64}\n$`).MatchString(out) {
		t.Fatalf("token create: exit %d, %q", code, out)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "token", "create", "ci"); code == 0 {
		t.Error("a second token named ci was created")
	}
	if out, _ := casefile(t, "--db", db, "--quiet", "token", "list"); !strings.HasPrefix(out, "ci\tcreated ") || strings.Contains(out, "cf_") {
		t.Errorf("token list: %q", out)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "token", "revoke", "ci"); code != 0 {
		t.Errorf("token revoke: exit %d", code)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "token", "revoke", "ci"); code == 0 {
		t.Error("revoking a revoked token worked")
	}
	if _, code := casefile(t, "--db", db, "--quiet", "token", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d", code)
	}
}

func TestWatchlistCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	out, code := casefile(t, "--db", db, "--quiet", "watchlist", "add", "Pellworth", "Systems", "--webhook", "https://hooks.example/x")
	if code != 0 || out != "1\tPellworth Systems\thttps://hooks.example/x\n" {
		t.Fatalf("watchlist add: exit %d, %q", code, out)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "watchlist", "add", "--webhook", "https://hooks.example/y", "Arvenna"); code != 0 {
		t.Errorf("watchlist add with the flag first: exit %d", code)
	}
	for _, bad := range [][]string{{"add", "X"}, {"add", "X", "--webhook", "ftp://x"}, {"remove", "one"}, {"remove", "99"}} {
		if _, code := casefile(t, append([]string{"--db", db, "--quiet", "watchlist"}, bad...)...); code == 0 {
			t.Errorf("watchlist %v worked", bad)
		}
	}
	if out, _ := casefile(t, "--db", db, "--quiet", "watchlist", "list"); strings.Count(out, "\n") != 2 || !strings.Contains(out, "Arvenna") {
		t.Errorf("watchlist list: %q", out)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "watchlist", "remove", "1"); code != 0 {
		t.Errorf("watchlist remove: exit %d", code)
	}
}

// TestServeCommand starts the server on a free port and stops it.
func TestServeCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	// serve starts, then sees the context done and shuts down.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code, err := run(ctx, []string{"--db", db, "--quiet", "serve", "--addr", "127.0.0.1:0"}, &out, &errb)
	if err != nil || code != 0 || !strings.HasPrefix(out.String(), "casefile serving "+db+" on http://127.0.0.1:") {
		t.Errorf("serve: exit %d, %v, %q, %s", code, err, out.String(), errb.String())
	}
	if _, code := casefile(t, "--db", db, "serve", "extra"); code != 2 {
		t.Errorf("serve with an argument: exit %d", code)
	}
}
