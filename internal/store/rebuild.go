package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/casefile/casefile/internal/model"
)

// Rebuilder is a store that recomputes its derived state from its raw
// documents safely when several processes (or goroutines) share it:
// whatever the interleaving of PutRaw and Rebuild calls, a Rebuild that
// returns without error has saved a snapshot computed from every raw
// stored before it began, and no later save replaces it with one
// computed from fewer. So when every PutRaw is followed by a Rebuild, the
// snapshot left at the end is the one computed from all raws, as if one
// process had stored them all.
type Rebuilder interface {
	// Rebuild reads all stored raws, computes the snapshot from them
	// and saves it.
	Rebuild(ctx context.Context, compute func([]model.Raw) Snapshot, opt RebuildOptions) (Snapshot, error)
}

// RebuildOptions tunes Rebuild.
type RebuildOptions struct {
	// IfStale skips the work when the saved snapshot's documents are
	// exactly the stored raws (same ids, same content hashes): another
	// worker has already rebuilt from them. The saved snapshot is
	// returned then. (A snapshot computed with other settings, such as
	// another KEV catalogue, counts as current too.)
	IfStale bool
}

// currentQuery is true when the saved documents are exactly the stored
// raws, by id and content hash (documents.id is unique, so equal counts
// and every raw matched mean equal sets). It is the same in both
// dialects.
const currentQuery = `SELECT (SELECT count(*) FROM raw) = (SELECT count(*) FROM documents)
	AND NOT EXISTS (SELECT 1 FROM raw r LEFT JOIN documents d ON d.id = r.id AND d.hash = r.hash WHERE d.id IS NULL)`

// optimisticTries is how many times SQLite's Rebuild computes without
// holding the write lock before it computes holding it.
const optimisticTries = 3

// Rebuild computes the snapshot from the stored raws and saves it.
// SQLite has one writer at a time for the whole file, so the work is
// optimistic: the raws are read and the snapshot computed without a lock
// (other processes keep writing), and the save, under the write lock,
// goes ahead only if the stored raws are still the ones computed from;
// otherwise it starts again. After optimisticTries such misses it
// computes while holding the write lock, which makes other writers wait.
func (s *SQLite) Rebuild(ctx context.Context, compute func([]model.Raw) Snapshot, opt RebuildOptions) (Snapshot, error) {
	for try := 1; ; try++ {
		if opt.IfStale {
			var current bool
			if err := s.db.QueryRowContext(ctx, currentQuery).Scan(&current); err != nil {
				return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
			}
			if current {
				return s.Load(ctx)
			}
		}
		if try > optimisticTries {
			return s.rebuildLocked(ctx, compute)
		}
		raws, err := s.Raws(ctx)
		if err != nil {
			return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
		}
		snap := compute(raws)
		if err := snap.check(); err != nil {
			return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
		}
		saved, err := s.saveIfRaws(ctx, snap, raws)
		if err != nil {
			return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
		}
		if saved {
			return snap, nil
		}
	}
}

// saveIfRaws saves snap if the stored raws are still raws (by id and
// content hash); it reports whether it did.
func (s *SQLite) saveIfRaws(ctx context.Context, snap Snapshot, raws []model.Raw) (saved bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil || !saved {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	same, err := sameRaws(ctx, tx, raws)
	if err != nil || !same {
		return false, err
	}
	if err := saveSnapshot(ctx, tx, snap); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return true, nil
}

// sameRaws reports whether the stored raws are raws (ordered by id), by
// id and content hash.
func sameRaws(ctx context.Context, tx *sql.Tx, raws []model.Raw) (bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, hash FROM raw ORDER BY id")
	if err != nil {
		return false, err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return false, err
		}
		if i >= len(raws) || raws[i].ID != id || Hash(raws[i].Body) != hash {
			return false, nil
		}
		i++
	}
	return i == len(raws), rows.Err()
}

// rebuildLocked reads the raws, computes and saves inside one write
// transaction.
func (s *SQLite) rebuildLocked(ctx context.Context, compute func([]model.Raw) Snapshot) (snap Snapshot, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	raws, err := sqliteRaws(ctx, tx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	snap = compute(raws)
	if err := snap.check(); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	if err := saveSnapshot(ctx, tx, snap); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Snapshot{}, fmt.Errorf("store: rebuild: commit: %w", err)
	}
	return snap, nil
}
