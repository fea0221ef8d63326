// Package registrytest opens real databases for tests: a SQLite file in the
// test's temporary directory, or, when KONCERN_TEST_POSTGRES names a
// PostgreSQL database, a fresh schema in it. The same tests run on both.
package registrytest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent/migrate"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// EnvPostgres names the variable that switches the suite to PostgreSQL.
const EnvPostgres = "KONCERN_TEST_POSTGRES"

// DSN returns a data source for a fresh, empty database and registers its
// removal with tb.Cleanup.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		return filepath.Join(tb.TempDir(), "koncern.db")
	}
	return postgresSchema(tb, base)
}

// postgresSchema creates a schema of its own for the test, so that tests
// can run side by side in one database, and returns a URL whose
// search_path points at it.
func postgresSchema(tb testing.TB, base string) string {
	tb.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema on %s: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpen opens a fresh migrated database and closes it at the end of the
// test.
func MustOpen(tb testing.TB) *registry.DB {
	tb.Helper()
	ctx := viewer.System(context.Background())
	db, err := registry.Open(ctx, DSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// MustRegistry returns a registry on a fresh database whose clock stands at
// now.
func MustRegistry(tb testing.TB, now time.Time) *registry.Registry {
	tb.Helper()
	v, err := koncern.NewValidator()
	if err != nil {
		tb.Fatal(err)
	}
	r := registry.New(MustOpen(tb), v)
	r.Now = func() time.Time { return now }
	return r
}

// Rows counts the rows of every table the schema has, by table name:
// records, the audit trail, the ledger, capital periods, idempotency keys
// and tokens alike. A test that something wrote nothing compares two
// counts, so a write to a table it did not think of still shows.
func Rows(tb testing.TB, db *registry.DB) map[string]int {
	tb.Helper()
	out := make(map[string]int, len(migrate.Tables))
	for _, t := range migrate.Tables {
		var n int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM ` + t.Name).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", t.Name, err)
		}
		out[t.Name] = n
	}
	return out
}
