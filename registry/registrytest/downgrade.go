package registrytest

import (
	"strconv"
	"testing"

	"github.com/koncernregistret/koncern/registry"
)

// undo lists, by migration, the statements that take back what it added
// to tables that existed before it. A migration that only creates tables
// or changes data needs none: its CREATE … IF NOT EXISTS runs again.
var undo = map[int][]string{
	9: {
		"ALTER TABLE documents DROP COLUMN subject_ids",
		"ALTER TABLE documents DROP COLUMN refers_to_id",
		"ALTER TABLE documents DROP COLUMN year",
		"ALTER TABLE organizations DROP COLUMN review_deadline",
	},
	// The recommendations' table is new; dropping it takes its indexes
	// along, and the migration creates both again.
	10: {"DROP TABLE recommendations"},
}

// Downgrade takes a database at the newest schema back to version, as an
// older binary left it: the columns newer migrations added are dropped and
// the newer migrations forgotten, so that the next Migrate applies them
// again. Upgrade tests fill the database through today's registry first,
// since today's registry cannot read or write a schema that lacks its
// columns.
func Downgrade(tb testing.TB, db *registry.DB, version int) {
	tb.Helper()
	for v := 1000; v > version; v-- {
		for _, stmt := range undo[v] {
			Exec(tb, db, stmt)
		}
	}
	Exec(tb, db, "DELETE FROM schema_migrations WHERE version > "+strconv.Itoa(version))
}
