// Package registry stores the governance graph through ent, on SQLite or
// PostgreSQL. Every write runs in one transaction that checks the graph's
// rules (references, periods, overlaps, share totals) before it commits, so
// a rejected write leaves nothing behind.
package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	_ "github.com/koncernregistret/koncern/ent/runtime" // ent hooks and defaults run only when this is imported
)

// DB is an open database with the ent client on top.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	// dsn is what Open was given; on PostgreSQL the version lease makes
	// a connection of its own to it.
	dsn string
	// appended is what each open transaction appended to the trail, for
	// the wait on the version leases after its commit.
	appended appendedSeqs
	// sqliteVersions reads the version of a SQLite file; nil on
	// PostgreSQL.
	sqliteVersions *sqliteVersions
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePragmas are the settings every SQLite connection gets: foreign keys
// on, WAL with full sync for durability, a busy timeout instead of failing
// at once, and immediate transactions so that two read-then-write
// transactions queue instead of failing with "database is locked".
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_txlock=immediate&_time_format=sqlite"

// poolSize bounds the connections of one process.
const poolSize = 24

// Open connects to dsn: a postgres:// URL or a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	dial := dialect.SQLite
	var db *sql.DB
	var versions *sqliteVersions
	if IsPostgres(dsn) {
		dial = dialect.Postgres
		var err error
		if db, err = sql.Open("pgx", dsn); err != nil {
			return nil, fmt.Errorf("open %s database: %w", dial, err)
		}
	} else {
		c := sqliteConnector{dsn: sqliteDSN(dsn), drv: &sqlite.Driver{}}
		db = sql.OpenDB(c)
		versions = &sqliteVersions{connector: c}
	}
	// database/sql keeps two idle connections unless told otherwise: under
	// more concurrent requests than that, every other query opened a new
	// connection (and SQLite ran its pragmas again), which cost more than
	// the query. The pool keeps what it opens, up to a bound that leaves a
	// PostgreSQL server room for several API servers.
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dial, err)
	}
	drv := entsql.OpenDB(dial, db)
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: dial, dsn: dsn, sqliteVersions: versions}, nil
}

func sqliteDSN(path string) string {
	path = strings.TrimPrefix(path, "file:")
	base, query, _ := strings.Cut(path, "?")
	u := "file:" + (&url.URL{Path: base}).EscapedPath() + "?" + sqlitePragmas
	if query != "" {
		u += "&" + query
	}
	return u
}

// Ping reports whether the database answers; /readyz asks it.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Close closes the client and the connection pool.
func (db *DB) Close() error {
	if db.sqliteVersions != nil {
		db.sqliteVersions.Close()
	}
	return db.Client.Close()
}

// On PostgreSQL the writers of one database take turns: each write
// transaction first takes one advisory lock, held until it commits or
// rolls back, and then reads at read committed, so that every statement
// sees what the writers before it committed. Every write appends to the one
// audit chain, so writes could never commit side by side anyway; under
// serializable isolation, which the registry used before, eight concurrent
// writers spent most attempts losing the race for the chain's end and
// some ran out of retries. Taking turns also keeps the checks that only one
// of two writers may pass (two stakes that together exceed a company's
// shares) as strict as serial execution. SQLite's immediate transactions
// take turns the same way.
func (db *DB) txOptions() *sql.TxOptions {
	if db.Dialect == dialect.Postgres {
		return &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return nil
}

// writerLockKey is the advisory lock PostgreSQL writers take turns by: an
// arbitrary constant, other than migrationLockKey.
const writerLockKey = 0x6b6f6e64

// lockWriters waits for this transaction's turn to write.
func (db *DB) lockWriters(ctx context.Context, tx *ent.Tx) error {
	if db.Dialect != dialect.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writerLockKey); err != nil {
		return fmt.Errorf("wait for the turn to write: %w", err)
	}
	return nil
}

// maxTxAttempts bounds the retries of a transaction that PostgreSQL aborted
// for a serialization conflict.
const maxTxAttempts = 10

// errBusy is what a writer hears when PostgreSQL kept aborting its
// transaction for conflicts with concurrent writers; nothing was written and
// the request can be retried.
var errBusy = koncern.Errorf(koncern.EUNAVAILABLE, "other requests were changing the same records at the same moment; nothing was written, retry the request")

// withTx runs fn in a transaction and commits when it returns no error.
// Serialization failures are retried; every other error rolls back. Inside
// Atomic the registry already has a transaction, and fn joins it.
func withTx[T any](ctx context.Context, db *DB, fn func(tx *ent.Tx) (T, error)) (T, error) {
	var zero T
	for attempt := 1; ; attempt++ {
		v, err := runTx(ctx, db, fn)
		if err == nil {
			return v, nil
		}
		if !isSerializationFailure(err) {
			return zero, err
		}
		if attempt == maxTxAttempts {
			return zero, errBusy
		}
		// A short random pause keeps the losers of one conflict from
		// colliding again in lockstep.
		select {
		case <-ctx.Done():
			return zero, ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Duration(1+rand.IntN(4)) * time.Millisecond):
		}
	}
}

func runTx[T any](ctx context.Context, db *DB, fn func(tx *ent.Tx) (T, error)) (v T, err error) {
	tx, err := db.Client.BeginTx(ctx, db.txOptions())
	if err != nil {
		return v, fmt.Errorf("begin transaction: %w", err)
	}
	defer db.appended.take(tx) // a transaction that does not commit waits for nothing
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := db.lockWriters(ctx, tx); err != nil {
		_ = tx.Rollback()
		return v, err
	}
	v, err = fn(tx)
	if err != nil {
		_ = tx.Rollback()
		return v, err
	}
	if err := tx.Commit(); err != nil {
		return v, fmt.Errorf("commit transaction: %w", err)
	}
	// The change is committed: a request whose context ends now (its
	// timeout) must still wait, or it could be answered before the
	// servers holding version leases have seen the change.
	db.awaitLeases(context.WithoutCancel(ctx), db.appended.take(tx))
	return v, nil
}

// isSerializationFailure also counts a duplicate audit seq: two writers
// that read the same last event both try to append its successor, the
// unique index lets one in, and the other must rerun on the new chain end.
func isSerializationFailure(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	return pgErr.Code == "40001" || pgErr.Code == "40P01" ||
		(pgErr.Code == "23505" && pgErr.ConstraintName == auditSeqIndex)
}

// Redact hides the password of a postgres:// URL for logs.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparseable)"
	}
	return u.Redacted()
}

// Optimize refreshes the statistics the query planner chooses indexes by.
// Without them SQLite may scan a whole table by date instead of using the
// municipality index; run after a large load (BulkLoad does).
func (db *DB) Optimize(ctx context.Context) error {
	stmt := "ANALYZE"
	if db.Dialect == dialect.SQLite {
		stmt = "PRAGMA optimize=0x10002"
	}
	if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}
