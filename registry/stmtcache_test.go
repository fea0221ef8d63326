package registry_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/koncernregistret/koncern/registry"
)

// TestStatementCacheEvictsIdleStatements fills one SQLite connection's
// cache of prepared statements past its bound while rows still read from
// the oldest statement: the rows read on to the end, every query answers
// right, and a statement evicted is prepared again when it comes back.
// The cache is SQLite's alone, so the test opens a SQLite file whatever
// database the suite runs on.
func TestStatementCacheEvictsIdleStatements(t *testing.T) {
	db, err := registry.Open(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.SQL.Driver() == nil {
		t.Fatal("no driver")
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const series = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n`
	open, err := tx.QueryContext(ctx, series)
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	types, err := open.ColumnTypes()
	if err != nil || len(types) != 1 {
		t.Fatalf("column types %v, %v", types, err)
	}
	_, _ = types[0].Nullable()
	if types[0].ScanType() == nil {
		t.Errorf("column %s has no scan type (database type %q)", types[0].Name(), types[0].DatabaseTypeName())
	}
	if !open.Next() {
		t.Fatal("no first row")
	}
	// Three times the cache's bound of 256 statements, each text once and
	// then its first ones again once they were evicted.
	for round := range 2 {
		for i := range 768 {
			var got int
			if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + 1", i)).Scan(&got); err != nil || got != i+1 {
				t.Fatalf("round %d: SELECT %d + 1 = %d, %v", round, i, got, err)
			}
		}
	}
	n := 1
	for open.Next() {
		var i int
		if err := open.Scan(&i); err != nil || i != n+1 {
			t.Fatalf("row %d of the open rows: %d, %v", n+1, i, err)
		}
		n++
	}
	if err := open.Err(); err != nil || n != 500 {
		t.Fatalf("the open rows ended after %d of 500: %v", n, err)
	}
}
