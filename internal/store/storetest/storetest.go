// Package storetest gives tests fresh, empty databases of each kind the
// store supports, so that one test suite runs against SQLite and
// PostgreSQL alike.
//
// PostgreSQL tests need a server: CASEFILE_TEST_POSTGRES holds the URL of
// a database the tests may create schemas in (.ci/run starts a throw-away
// server and sets it). Without it the PostgreSQL tests are skipped with a
// message saying so, and they fail when CI=true.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvPostgres names the environment variable holding the PostgreSQL URL.
const EnvPostgres = "CASEFILE_TEST_POSTGRES"

// Backend is one kind of store to test.
type Backend struct {
	Name string
	// New returns the target (a path or URL for store.OpenAny) of a
	// fresh, empty database of this kind, removed when t ends.
	New func(t testing.TB) string
}

// Backends are SQLite and PostgreSQL.
func Backends() []Backend {
	return []Backend{{Name: "sqlite", New: SQLite}, {Name: "postgres", New: Postgres}}
}

// Run runs test once per backend, as subtests named after them.
func Run(t *testing.T, test func(t *testing.T, b Backend)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { test(t, b) })
	}
}

// SQLite is the path of a new SQLite database file in t's temporary
// folder.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "casefile.db")
}

// Postgres is the URL of a new, empty schema in the database
// CASEFILE_TEST_POSTGRES names (its search_path parameter set to the
// schema), dropped with everything in it when t ends. Without the
// variable it skips t, or fails it when CI=true.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL store tests (.ci/run starts a server)", EnvPostgres)
		}
		t.Skipf("PostgreSQL store tests skipped: %s is not set (source .ci/postgres.sh && start_postgres starts a throw-away server and sets it)", EnvPostgres)
	}
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	var b [8]byte
	rand.Read(b[:])
	schema := "casefile_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		// t's context is done by now.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSchema(base, schema)
}

// WithSchema is the connection string dsn (a URL or key=value pairs)
// with its search_path set to schema.
func WithSchema(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}
