package registry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"entgo.io/ent/dialect"
)

// ErrBackupPostgres is the answer to a backup of a PostgreSQL database:
// its own tools take consistent copies, and better than we could.
var ErrBackupPostgres = errors.New("backup copies SQLite databases only; for PostgreSQL use pg_dump (pg_dump --format=custom --file=FILE URL)")

// Backup writes a consistent copy of a SQLite database to path while other
// connections go on reading and writing. VACUUM INTO reads one snapshot in
// a single read transaction, so the copy holds every transaction committed
// before it began (WAL included) and none that commits during it, and it is
// a compact, ordinary database file with no -wal beside it. An existing
// file is never overwritten: a backup must not destroy an older one.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != dialect.SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s exists; refusing to overwrite it", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO takes no bound parameter for its file name in every
	// SQLite build, so the name is quoted as an SQL string literal.
	quoted := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	if _, err := db.SQL.ExecContext(ctx, "VACUUM INTO "+quoted); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns an error
// listing what it found unless the answer is "ok". PostgreSQL keeps its
// own pages consistent (and checksummed when initdb was told to), so there
// is nothing comparable to ask, and the check passes.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.Dialect != dialect.SQLite {
		return nil
	}
	rows, err := db.SQL.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		found = append(found, line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(found, "; "))
	}
	return nil
}
