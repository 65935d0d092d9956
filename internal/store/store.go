// Package store keeps casefile's state durable: the raw input documents,
// and the derived state (analysed documents, their relations, stories and
// incidents) that the pipeline recomputes and saves as a whole snapshot,
// or changes in part (Updater: an incremental ingest replaces the
// stories a batch touches).
//
// SQLite (modernc.org/sqlite, no cgo) is the embedded default;
// PostgreSQL (jackc/pgx) holds the state that several workers share.
// OpenAny picks one from --db. All SQL of the project lives here; schema
// changes are numbered migrations, the same numbers for both dialects
// (migrations/ for SQLite, migrations/postgres/ for PostgreSQL).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/casefile/casefile/internal/model"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is what the pipeline needs from durable storage; SQLite and
// Postgres implement it (and Backend, which adds feed state and safe
// rebuilds).
type Store interface {
	PutRaw(ctx context.Context, raws []model.Raw) (changed int, err error)
	Raws(ctx context.Context) ([]model.Raw, error)
	Save(ctx context.Context, snap Snapshot) error
	Load(ctx context.Context) (Snapshot, error)
	Close() error
}

// Snapshot is the derived state, saved and loaded as a whole.
type Snapshot struct {
	Documents []Document
	Stories   []model.Story
	Incidents []model.Incident
	// Updated says, per incident id, when the incident's record last
	// changed. Load fills it; Save ignores it: an incident whose record
	// is the same as in the previous snapshot keeps its time, others get
	// the time of the save.
	Updated map[string]time.Time
}

// Document is one analysed document with its relation to others and the
// id of its story ("" if none).
type Document struct {
	model.Doc
	Relation model.Relation
	Story    string
	// Stored is when this version of the raw document was stored (its
	// ingest time), zero when the store holds no raw document of that id.
	// Load fills it; Save ignores it.
	Stored time.Time
}

// SQLite is a store in one SQLite database file. It is safe for concurrent
// use; writes are serialised by SQLite (WAL mode, so reads go on).
type SQLite struct {
	db   *sql.DB
	path string
}

// busyTimeout is how long a statement waits for another connection's (or
// process's) write lock before failing.
const busyTimeout = 10 * time.Second

// Open opens or creates the SQLite database at path (creating parent
// folders), enables WAL, foreign keys and a busy timeout, and applies
// pending migrations. The path ":memory:" opens a private in-memory
// database (one connection, no WAL).
func Open(ctx context.Context, path string) (*SQLite, error) {
	s, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, s.db, migrations); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// open opens the database without migrating it.
func open(ctx context.Context, path string) (*SQLite, error) {
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	memory := path == ":memory:"
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate") // writers take the lock up front: no upgrade deadlocks
	var dsn string
	if memory {
		dsn = "file::memory:?" + q.Encode()
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)") // durable at checkpoints; safe with WAL
		// A file: URI with the path escaped, so '?', '#' and '%' in
		// folder names are taken literally.
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
		if runtime.GOOS == "windows" {
			u.Path = "/" + u.Path
		}
		dsn = u.String()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if memory {
		db.SetMaxOpenConns(1) // every connection would be another database
	} else {
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	}
	if !memory {
		// The first connection switches a new file to WAL, which takes
		// a lock the busy timeout does not wait for: another process
		// creating the same file at the same time gets SQLITE_BUSY, so
		// try again for as long as the busy timeout.
		var mode string
		deadline := time.Now().Add(busyTimeout)
		for {
			err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
			if err == nil {
				break
			}
			if !isBusy(err) || time.Now().After(deadline) {
				db.Close()
				return nil, fmt.Errorf("store: open %s: %w", path, err)
			}
			select {
			case <-ctx.Done():
				db.Close()
				return nil, fmt.Errorf("store: open %s: %w", path, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
		if mode != "wal" {
			db.Close()
			return nil, fmt.Errorf("store: open %s: journal mode is %q, not WAL (a network file system?)", path, mode)
		}
	}
	return &SQLite{db: db, path: path}, nil
}

// isBusy reports SQLite's SQLITE_BUSY (the database is locked).
func isBusy(err error) bool {
	var se interface{ Code() int }
	return errors.As(err, &se) && se.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// Close lets SQLite update its query planner statistics and closes the
// database.
func (s *SQLite) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, optErr := s.db.ExecContext(ctx, "PRAGMA optimize")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	if optErr != nil {
		return fmt.Errorf("store: close %s: optimize: %w", s.path, optErr)
	}
	return nil
}

// DefaultPath is casefile.db in the user's data folder:
// $XDG_DATA_HOME/casefile when XDG_DATA_HOME is set (to an absolute path),
// else ~/Library/Application Support/casefile on macOS,
// %LocalAppData%\casefile on Windows and ~/.local/share/casefile elsewhere.
func DefaultPath() (string, error) {
	return defaultPath(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultPath(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	const dir, file = "casefile", "casefile.db"
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, dir, file), nil
	}
	if goos == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, dir, file), nil
		}
		return "", errors.New("store: default path: %LocalAppData% is not set")
	}
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("store: default path: %w", err)
	}
	if goos == "darwin" || goos == "ios" {
		return filepath.Join(h, "Library", "Application Support", dir, file), nil
	}
	return filepath.Join(h, ".local", "share", dir, file), nil
}

// timeText formats t as RFC 3339 UTC text, or NULL for the zero time.
func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parseTime reads a time written by timeText.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}

// nullable maps "" to NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
