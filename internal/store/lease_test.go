package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/store/storetest"
)

// TestLease: one holder of the ingest lease at a time, on both stores; a
// second waits (and gives up when its context ends), and takes the lease
// once the first releases it. Releasing twice is harmless.
func TestLease(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		ctx := t.Context()
		target := b.New(t)
		open := func() Leaser {
			st, err := OpenAny(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st.(Leaser)
		}
		first, second := open(), open()
		held, err := first.Lease(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := held.Check(ctx); err != nil {
			t.Errorf("a held lease fails its check: %v", err)
		}
		short, cancel := context.WithTimeout(ctx, 600*time.Millisecond)
		_, err = second.Lease(short)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("a second lease while the first is held: %v, want a deadline error", err)
		}
		got := make(chan error, 1)
		go func() {
			l, err := second.Lease(ctx)
			if err == nil {
				err = l.Release()
			}
			got <- err
		}()
		time.Sleep(300 * time.Millisecond)
		select {
		case err := <-got:
			t.Fatalf("the second lease was granted while the first was held (err %v)", err)
		default:
		}
		if err := held.Release(); err != nil {
			t.Fatal(err)
		}
		if err := held.Release(); err != nil {
			t.Errorf("releasing twice: %v", err)
		}
		select {
		case err := <-got:
			if err != nil {
				t.Fatalf("the waiting lease: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the waiting lease was not granted after the release")
		}
	})
}

// TestLeaseLost: a PostgreSQL lease whose session ends fails its check,
// so that its holder stops writing.
func TestLeaseLost(t *testing.T) {
	ctx := t.Context()
	p, err := OpenPostgres(ctx, storetest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	l, err := p.Lease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pl := l.(*pgLease)
	if _, err := p.pool.Exec(ctx, "SELECT pg_terminate_backend($1)", pl.conn.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	if err := l.Check(ctx); err == nil {
		t.Error("a lease whose session was terminated passes its check")
	}
	l.Release()
}
