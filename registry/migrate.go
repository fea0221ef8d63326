package registry

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// The schema ships as numbered SQL files per dialect, so that an upgrade
// runs exactly the reviewed statements instead of whatever ent's
// auto-migration would infer on the day.
//
//go:embed migrations
var migrationFiles embed.FS

// migration is one file: migrations/DIALECT/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the dialect's migrations in version order.
func migrations(dial string) ([]migration, error) {
	dir := path.Join("migrations", map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}[dial])
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations for %s: %w", dial, err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3… without gaps", m.name)
		}
	}
	return ms, nil
}

// Migration names one schema migration by its number and its file,
// NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
}

// Migrate applies every migration the database has not had yet.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := db.ApplyMigrations(ctx)
	return err
}

// ApplyMigrations applies every migration the database has not had yet and
// returns those it applied, in order: none when the schema was up to date.
// koncern migrate tells the operator what it did.
func (db *DB) ApplyMigrations(ctx context.Context) ([]Migration, error) {
	return db.migrateTo(ctx, 0)
}

// MigrateTo applies the migrations up to and including version, or all of
// them when version is 0. Upgrade tests use it to build a database at an
// older schema version.
func (db *DB) MigrateTo(ctx context.Context, version int) error {
	_, err := db.migrateTo(ctx, version)
	return err
}

func (db *DB) migrateTo(ctx context.Context, version int) ([]Migration, error) {
	ms, err := migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []Migration
	for _, m := range ms {
		if version > 0 && m.version > version {
			break
		}
		did, err := db.apply(ctx, m)
		if err != nil {
			return applied, err
		}
		if did {
			applied = append(applied, Migration{Version: m.version, Name: m.name})
		}
	}
	return applied, nil
}

// apply runs one migration in its own transaction, so a failing file
// leaves the database at the previous version, and reports whether it ran
// (false when the database had it already). The applied check runs
// inside the transaction, after the lock, so that two processes migrating
// at once (serve and migrate) apply each file once.
func (db *DB) apply(ctx context.Context, m migration) (bool, error) {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	if err := db.lockMigrations(ctx, tx); err != nil {
		return false, fmt.Errorf("migration %s: lock: %w", m.name, err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind(`SELECT count(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	stmts, err := db.withoutExistingColumns(ctx, tx, m.sql)
	if err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, stmts); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
		m.version, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return false, fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return true, nil
}

// sqliteAddColumn is one statement of a SQLite migration that adds a
// column, on a line of its own.
var sqliteAddColumn = regexp.MustCompile("(?m)^ALTER TABLE `(\\w+)` ADD COLUMN `(\\w+)`[^;]*;[ \t]*$")

// withoutExistingColumns drops from a SQLite migration the statements that
// add a column the table already has. SQLite has no ADD COLUMN IF NOT
// EXISTS (PostgreSQL's files say it), and a database made by ent's
// auto-migration, which Migrate adopts, may have the column already; the
// CREATE statements of the other files say IF NOT EXISTS for the same
// reason.
func (db *DB) withoutExistingColumns(ctx context.Context, tx *sql.Tx, stmts string) (string, error) {
	if db.Dialect != dialect.SQLite {
		return stmts, nil
	}
	var failed error
	out := sqliteAddColumn.ReplaceAllStringFunc(stmts, func(stmt string) string {
		m := sqliteAddColumn.FindStringSubmatch(stmt)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, m[1], m[2]).Scan(&n); err != nil {
			failed = err
		}
		if n > 0 {
			return "-- " + m[1] + "." + m[2] + " exists already"
		}
		return stmt
	})
	return out, failed
}

// migrationLockKey is an arbitrary constant shared by every migrating
// process on PostgreSQL.
const migrationLockKey = 0x6b6f6e63

// lockMigrations serialises migrating processes. SQLite's immediate
// transactions already hold the write lock from BEGIN.
func (db *DB) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if db.Dialect != dialect.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLockKey)
	return err
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ….
func (db *DB) rebind(q string) string {
	if db.Dialect != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SchemaVersion is the highest migration applied, 0 for an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.SQL.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return int(v.Int64), nil
}
