package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leaser is a store that grants one writer at a time the ingest lease:
// the right to change its derived state in part. An incremental ingester
// (pipeline.Incremental) keeps an index of the stored stories in memory;
// a second one writing beside it would make that index stale and their
// updates would overlap, so each holds the lease while it runs, and a
// second one waits (a standby that takes over when the first stops).
type Leaser interface {
	// Lease waits until no other writer holds the ingest lease and
	// takes it. It returns ctx's error if ctx ends first.
	Lease(ctx context.Context) (Lease, error)
}

// Lease is a held ingest lease.
type Lease interface {
	// Check returns an error if the lease may have been lost (its
	// PostgreSQL session ended): the holder must stop writing.
	Check(ctx context.Context) error
	// Release gives the lease up; the lease is also given up when the
	// process ends.
	Release() error
}

var (
	_ Leaser = (*SQLite)(nil)
	_ Leaser = (*Postgres)(nil)
)

// leasePoll is how often a waiting SQLite writer tries the lock again.
const leasePoll = 200 * time.Millisecond

// Lease locks the file beside the database (PATH.ingest-lock) with an
// exclusive advisory file lock, which the system drops when the process
// ends. The private in-memory database has one user: its lease is
// granted at once.
func (s *SQLite) Lease(ctx context.Context) (Lease, error) {
	if s.path == ":memory:" {
		return memLease{}, nil
	}
	name := s.path + ".ingest-lock"
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: ingest lease: %w", err)
	}
	t := time.NewTicker(leasePoll)
	defer t.Stop()
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("store: ingest lease %s: %w", name, err)
		}
		if ok {
			return &fileLease{f: f}, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("store: waiting for the ingest lease %s: %w", name, ctx.Err())
		case <-t.C:
		}
	}
}

type memLease struct{}

func (memLease) Check(context.Context) error { return nil }
func (memLease) Release() error              { return nil }

// fileLease holds the lock file open; closing it drops the lock.
type fileLease struct {
	once sync.Once
	f    *os.File
	err  error
}

func (l *fileLease) Check(context.Context) error { return nil }

func (l *fileLease) Release() error {
	l.once.Do(func() {
		l.err = errors.Join(unlockFile(l.f), l.f.Close())
		if l.err != nil {
			l.err = fmt.Errorf("store: release the ingest lease: %w", l.err)
		}
	})
	return l.err
}

// lockIngest is the advisory lock class of the ingest lease.
const lockIngest int32 = 0x63660003 // "cf" 3

// Lease takes a session-level advisory lock on a connection of its own
// (outside the pool, so that closing the store never waits for it),
// held until Release; PostgreSQL drops it if the session ends, which
// Check notices.
func (p *Postgres) Lease(ctx context.Context) (Lease, error) {
	conn, err := pgx.ConnectConfig(ctx, p.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("store: ingest lease: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1, "+lockKey+")", lockIngest); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return nil, fmt.Errorf("store: waiting for the ingest lease: %w", ctx.Err())
		}
		return nil, fmt.Errorf("store: ingest lease: %w", err)
	}
	return &pgLease{conn: conn}, nil
}

type pgLease struct {
	mu   sync.Mutex
	conn *pgx.Conn // nil once released
}

func (l *pgLease) Check(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn == nil {
		return errors.New("store: the ingest lease was released")
	}
	var held bool
	err := l.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		AND pid = pg_backend_pid() AND granted AND classid = $1::oid AND objid = (`+lockKey+`)::oid AND objsubid = 2)`, lockIngest).Scan(&held)
	if err != nil {
		return fmt.Errorf("store: ingest lease lost: %w", err)
	}
	if !held {
		return errors.New("store: ingest lease lost: the advisory lock is no longer held")
	}
	return nil
}

func (l *pgLease) Release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn == nil {
		return nil
	}
	conn := l.conn
	l.conn = nil
	_, err := conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1, "+lockKey+")", lockIngest)
	// Closing the connection ends the session, which drops the lock in
	// any case.
	err = errors.Join(err, conn.Close(context.Background()))
	if err != nil {
		return fmt.Errorf("store: release the ingest lease: %w", err)
	}
	return nil
}
