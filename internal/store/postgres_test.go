package store

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/casefile/casefile/internal/store/storetest"
)

// TestMigrationDialects: SQLite and PostgreSQL have the same migrations,
// by number and name, so that a database of either kind at one version
// has the same tables. (A migration added for one dialect only fails
// here until the other has it too.)
func TestMigrationDialects(t *testing.T) {
	names := func(dir string) []string {
		ms, err := loadMigrations(migrations, dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		var out []string
		for i, m := range ms {
			if m.version != i+1 {
				t.Errorf("%s: migration %s: number %d, want %d (no gaps)", dir, m.name, m.version, i+1)
			}
			out = append(out, m.name)
		}
		return out
	}
	sqlite, postgres := names(sqliteMigrations), names(postgresMigrations)
	if len(sqlite) == 0 || !reflect.DeepEqual(sqlite, postgres) {
		t.Errorf("migrations differ:\n  sqlite   %v\n  postgres %v", sqlite, postgres)
	}
}

func TestOpenAny(t *testing.T) {
	tests := []struct {
		target   string
		postgres bool
	}{
		{"postgres://u@h/db", true},
		{"postgresql://u@h/db", true},
		{"POSTGRES://u@h/db", true},
		{"postgres", false},
		{"postgres.db", false},
		{"./postgres://x", false},
		{"/var/lib/casefile.db", false},
		{":memory:", false},
	}
	for _, tt := range tests {
		if got := IsPostgres(tt.target); got != tt.postgres {
			t.Errorf("IsPostgres(%q) = %v", tt.target, got)
		}
	}
	s, err := OpenAny(t.Context(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*SQLite); !ok {
		t.Errorf("OpenAny(:memory:) = %T", s)
	}
	s.Close()

	// Errors name the database without its password, and a failed
	// open is a nil Backend.
	for _, target := range []string{
		"postgres://casefile:s3cret@127.0.0.1:1/casefile?connect_timeout=2",
		"postgres://casefile:s3cret@127.0.0.1:1/casefile?sslmode=bogus",
	} {
		s, err := OpenAny(t.Context(), target)
		if err == nil || s != nil {
			t.Fatalf("OpenAny(%s) = %v, %v", target, s, err)
		}
		if strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "casefile:xxxxx@127.0.0.1:1") {
			t.Errorf("error %q", err)
		}
	}
}

func appliedPostgres(t *testing.T, p *Postgres) map[int]time.Time {
	t.Helper()
	rows, err := p.pool.Query(t.Context(), "SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int]time.Time{}
	for rows.Next() {
		var v int
		var at time.Time
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		m[v] = at
	}
	return m
}

// TestPostgresMigrations is TestMigrations for PostgreSQL.
func TestPostgresMigrations(t *testing.T) {
	ctx := t.Context()
	all, err := loadMigrations(migrations, postgresMigrations)
	if err != nil || len(all) < 2 {
		t.Fatalf("migrations: %d, %v", len(all), err)
	}
	latest := all[len(all)-1].version
	open := func(t *testing.T, url string) *Postgres {
		t.Helper()
		p, err := OpenPostgres(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		return p
	}

	t.Run("open twice", func(t *testing.T) {
		url := storetest.Postgres(t)
		first := appliedPostgres(t, open(t, url))
		if len(first) != len(all) {
			t.Fatalf("applied %v, want %d migrations", first, len(all))
		}
		if second := appliedPostgres(t, open(t, url)); !reflect.DeepEqual(first, second) {
			t.Errorf("second open changed schema_migrations: %v, then %v", first, second)
		}
	})

	t.Run("workers starting together", func(t *testing.T) {
		url := storetest.Postgres(t)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				p, err := OpenPostgres(ctx, url)
				if err == nil {
					p.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if got := appliedPostgres(t, open(t, url)); len(got) != len(all) {
			t.Errorf("applied %v", got)
		}
	})

	t.Run("older database", func(t *testing.T) {
		url := storetest.Postgres(t)
		old, err := openPostgres(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		first := fstest.MapFS{postgresMigrations + "/" + all[0].name: {Data: []byte(all[0].sql)}}
		if err := old.migrate(ctx, first, postgresMigrations); err != nil {
			t.Fatal(err)
		}
		if v, _ := pgSchemaVersion(ctx, old.pool); v != all[0].version {
			t.Fatalf("old database at version %d", v)
		}
		for _, r := range sampleRaws() {
			if _, err := old.pool.Exec(ctx, `INSERT INTO raw (id, hash, source, uri, title, url, published, lang, content_type, body, stored_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`, r.ID, Hash(r.Body), r.Source, r.URI, r.Title, r.URL,
				pgTime(r.Published), r.Lang, r.ContentType, r.Body); err != nil {
				t.Fatal(err)
			}
		}
		if err := old.Save(ctx, sampleSnapshot()); err == nil {
			t.Fatal("Save worked without the derived tables")
		}
		old.Close()

		p := open(t, url)
		if v, _ := pgSchemaVersion(ctx, p.pool); v != latest {
			t.Errorf("migrated to version %d, want %d", v, latest)
		}
		if raws, err := p.Raws(ctx); err != nil || len(raws) != len(sampleRaws()) {
			t.Errorf("raws after migration: %d, %v", len(raws), err)
		}
		if err := p.Save(ctx, sampleSnapshot()); err != nil {
			t.Errorf("Save after migration: %v", err)
		}
	})

	t.Run("newer database", func(t *testing.T) {
		url := storetest.Postgres(t)
		p := open(t, url)
		if _, err := p.pool.Exec(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())", latest+1); err != nil {
			t.Fatal(err)
		}
		if p, err := OpenPostgres(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open of a newer database: %v", err)
			if p != nil {
				p.Close()
			}
		}
	})

	t.Run("failed migration rolls back", func(t *testing.T) {
		url := storetest.Postgres(t)
		p, err := openPostgres(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		err = p.migrate(ctx, fstest.MapFS{
			"m/0001_ok.sql":  {Data: []byte("CREATE TABLE ok (x integer);")},
			"m/0002_bad.sql": {Data: []byte("CREATE TABLE half (x integer); INSERT INTO missing VALUES (1);")},
			"m/README":       {Data: []byte("not a migration")},
		}, "m")
		if err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
			t.Fatalf("migrate error %v", err)
		}
		if v, _ := pgSchemaVersion(ctx, p.pool); v != 1 {
			t.Errorf("version %d after a failed second migration, want 1", v)
		}
		var half *string
		if err := p.pool.QueryRow(ctx, "SELECT to_regclass('half')::text").Scan(&half); err != nil || half != nil {
			t.Errorf("table from the failed migration left behind (%v, %v)", half, err)
		}
	})
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://u:pw@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"host=h user=u password=pw", "(connection string)"},
		{"host=h user=u", "host=h user=u"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
