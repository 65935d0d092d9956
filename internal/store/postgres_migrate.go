package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Advisory lock classes (the first key of PostgreSQL's two-key advisory
// locks); the second key is a hash of the schema, so that databases in
// different schemas of one PostgreSQL database do not wait for each
// other.
const (
	lockMigrate int32 = 0x63660001 // "cf" 1: applying migrations
	lockRebuild int32 = 0x63660002 // "cf" 2: rebuilding the snapshot
)

// lockKey is the second key of the advisory locks: the current schema.
const lockKey = "hashtext(current_schema())"

// migrate applies the migrations in fsys's folder dir that the database
// has not seen yet, each in a transaction of its own together with its
// schema_migrations row, while holding an advisory lock so that workers
// starting together apply each once. A database newer than the newest
// migration is refused.
func (p *Postgres) migrate(ctx context.Context, fsys fs.FS, dir string) (err error) {
	ms, err := loadMigrations(fsys, dir)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1, "+lockKey+")", lockMigrate); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		_, uerr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, "+lockKey+")", lockMigrate)
		if uerr != nil {
			err = errors.Join(err, fmt.Errorf("migrate: unlock: %w", uerr))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current, err := pgSchemaVersion(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	todo, err := pending(ms, current)
	if err != nil {
		return err
	}
	for _, m := range todo {
		if err := applyPostgres(ctx, conn, m); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// pgSchemaVersion is the highest migration applied, 0 if none.
func pgSchemaVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (int, error) {
	var v int
	err := q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// applyPostgres runs one migration and records it, in one transaction
// (PostgreSQL's DDL is transactional: a failed migration leaves nothing).
func applyPostgres(ctx context.Context, conn *pgxpool.Conn, m migration) (err error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())", m.version); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
