package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/store/storetest"
)

func testVersion(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	v0, err := s.Version(ctx)
	if err != nil || v0 != 0 {
		t.Fatalf("Version before any save = %d, %v", v0, err)
	}
	for want := int64(1); want <= 2; want++ {
		if err := s.Save(ctx, sampleSnapshot()); err != nil {
			t.Fatal(err)
		}
		if v, err := s.Version(ctx); err != nil || v != want {
			t.Errorf("Version after save %d = %d, %v", want, v, err)
		}
	}
	// A failed save leaves the version alone.
	bad := sampleSnapshot()
	bad.Documents = append(bad.Documents, bad.Documents[0])
	if err := s.Save(ctx, bad); err == nil {
		t.Fatal("Save of a snapshot with a duplicate document worked")
	}
	if v, _ := s.Version(ctx); v != 2 {
		t.Errorf("Version after a failed save = %d, want 2", v)
	}
}

func testRawByID(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	if _, err := s.PutRaw(ctx, sampleRaws()); err != nil {
		t.Fatal(err)
	}
	for _, want := range sampleRaws() {
		got, err := s.Raw(ctx, want.ID)
		if err != nil {
			t.Fatalf("Raw(%s): %v", want.ID, err)
		}
		if got.ID != want.ID || string(got.Body) != string(want.Body) || !got.Published.Equal(want.Published) || got.URL != want.URL {
			t.Errorf("Raw(%s) = %+v, want %+v", want.ID, got, want)
		}
	}
	if _, err := s.Raw(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Raw(missing) error %v, want ErrNotFound", err)
	}
}

func testTokens(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	h1, h2 := strings.Repeat("a", 64), strings.Repeat("b", 64)
	for _, c := range []struct {
		name, hash string
		ok         bool
	}{
		{"ci", h1, true},
		{"alice", h2, true},
		{"ci", strings.Repeat("c", 64), false}, // name in use
		{"bob", h1, false},                     // same hash
		{" ", strings.Repeat("d", 64), false},  // empty name
		{"carol", "abc", false},                // not a hash
	} {
		err := s.AddToken(ctx, c.name, c.hash)
		if (err == nil) != c.ok {
			t.Errorf("AddToken(%q, %q) = %v, want ok=%v", c.name, c.hash, err, c.ok)
		}
	}
	toks, err := s.Tokens(ctx)
	if err != nil || len(toks) != 2 || toks[0].Name != "alice" || toks[1].Hash != h1 || toks[0].Created.IsZero() {
		t.Fatalf("Tokens = %+v, %v", toks, err)
	}
	if err := s.RemoveToken(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveToken(ctx, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second RemoveToken: %v", err)
	}
	if toks, _ := s.Tokens(ctx); len(toks) != 1 {
		t.Errorf("Tokens after removal = %+v", toks)
	}
}

func testWatchlist(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	before := time.Now().Add(-time.Second)
	w, err := s.AddWatch(ctx, " Pellworth Systems ", "https://hooks.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "Pellworth Systems" || w.ID == 0 || w.NotifiedThrough.Before(before) {
		t.Errorf("AddWatch = %+v", w)
	}
	for _, bad := range []struct{ name, hook string }{
		{"Pellworth Systems", "https://hooks.example/a"}, // twice
		{"", "https://hooks.example/a"},
		{"x", "ftp://hooks.example/a"},
		{"x", "/relative"},
		{"x", "http://"},
	} {
		if _, err := s.AddWatch(ctx, bad.name, bad.hook); err == nil {
			t.Errorf("AddWatch(%q, %q) worked", bad.name, bad.hook)
		}
	}
	w2, err := s.AddWatch(ctx, "Pellworth Systems", "http://127.0.0.1:9/b")
	if err != nil {
		t.Fatal(err)
	}
	later := w.NotifiedThrough.Add(time.Hour)
	if err := s.MarkNotified(ctx, w.ID, later); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNotified(ctx, w.ID, w.NotifiedThrough); err != nil { // never back
		t.Fatal(err)
	}
	ws, err := s.Watches(ctx)
	if err != nil || len(ws) != 2 {
		t.Fatalf("Watches = %+v, %v", ws, err)
	}
	if !ws[0].NotifiedThrough.Equal(later) || ws[1].ID != w2.ID {
		t.Errorf("Watches = %+v; want the first marked through %v", ws, later)
	}
	if err := s.RemoveWatch(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveWatch(ctx, w.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second RemoveWatch: %v", err)
	}
	if err := s.MarkNotified(ctx, w.ID, later); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkNotified of a removed watch: %v", err)
	}
}
