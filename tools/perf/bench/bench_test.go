// Package bench holds the benchmarks of the analysis at national scale: the
// snapshot load, the findings for one municipality and for the country at
// 1×, 2× and 4× the data, and effective ownership for the country beside a
// plain recursive SQL query over the same stakes. They run with
// `make bench`, never with `make test`; BENCHMARKS.md has the figures.
package bench_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/synthetic"
	"github.com/koncernregistret/koncern/viewer"
)

const seed = 1

var ctx = viewer.System(context.Background())

// tempDir holds the benchmark's database for the whole run.
var tempDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "koncern-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tempDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// datasets caches each generated scale for the whole run, so that a
// benchmark's setup is paid once.
var datasets sync.Map

func dataset(b *testing.B, scale float64) synthetic.Dataset {
	b.Helper()
	if ds, ok := datasets.Load(scale); ok {
		return ds.(synthetic.Dataset)
	}
	ds, err := synthetic.National(scale, seed)
	if err != nil {
		b.Fatal(err)
	}
	datasets.Store(scale, ds)
	return ds
}

// data turns a generated dataset into what a snapshot is built from.
func data(ds synthetic.Dataset) analysis.Data {
	return analysis.Data{
		Organizations: ds.Organizations, People: ds.People, Posts: ds.Posts, Assignments: ds.Assignments,
		Stakes: ds.Stakes, Lines: ds.SteeringLines, Documents: ds.Documents,
	}
}

// loaded is the national dataset at scale 1 in a SQLite file, made once.
var loaded struct {
	once sync.Once
	reg  *registry.Registry
	err  error
}

func nationalDB(b *testing.B) *registry.Registry {
	b.Helper()
	loaded.once.Do(func() {
		loaded.reg, loaded.err = openLoaded(filepath.Join(tempDir, "national.db"), dataset(b, 1))
	})
	if loaded.err != nil {
		b.Fatal(loaded.err)
	}
	return loaded.reg
}

func openLoaded(path string, ds synthetic.Dataset) (*registry.Registry, error) {
	db, err := registry.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	v, err := koncern.NewValidator()
	if err != nil {
		return nil, err
	}
	r := registry.New(db, v)
	if err := r.BulkLoad(ctx, ds.Bulk); err != nil {
		return nil, err
	}
	return r, db.Optimize(ctx)
}

// day is a day inside the dataset's last mandate period.
var day = koncern.MustDate("2024-06-30")

func BenchmarkSnapshotLoad(b *testing.B) {
	r := nationalDB(b)
	ds := dataset(b, 1)
	cases := []struct {
		name string
		muni *uuid.UUID
	}{{"municipality", &ds.Municipalities[0]}, {"country", nil}}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				d, err := r.LoadSnapshot(ctx, c.muni, synthetic.Window)
				if err != nil {
					b.Fatal(err)
				}
				analysis.NewSnapshot(synthetic.Window, d)
			}
		})
	}
}

// BenchmarkFindings runs every rule over the three mandate periods: for one
// municipality's group, and for the country at 1×, 2× and 4× the data.
// Linear growth shows as ns/op doubling from one scale to the next.
func BenchmarkFindings(b *testing.B) {
	b.Run("municipality", func(b *testing.B) {
		r := nationalDB(b)
		d, err := r.LoadSnapshot(ctx, &dataset(b, 1).Municipalities[0], synthetic.Window)
		if err != nil {
			b.Fatal(err)
		}
		benchFindings(b, d)
	})
	for _, scale := range []float64{1, 2, 4} {
		b.Run(fmt.Sprintf("country/scale=%g", scale), func(b *testing.B) {
			benchFindings(b, data(dataset(b, scale)))
		})
	}
}

func benchFindings(b *testing.B, d analysis.Data) {
	s := analysis.NewSnapshot(synthetic.Window, d)
	n := 0
	for b.Loop() {
		n = len(analysis.Findings(s, analysis.Filter{}))
	}
	b.ReportMetric(float64(n), "findings")
	b.ReportMetric(float64(len(d.Organizations)+len(d.Posts)+len(d.Assignments)+len(d.Lines)+len(d.Stakes)), "records")
}

// BenchmarkEffectiveOwnership computes the effective ownership of every
// company by every owner in the country on one day, both ways starting from
// the same stakes table: exact rationals in Go, and a plain recursive SQL
// query that multiplies floating-point fractions along every path (cutting
// paths that revisit a company, so it cannot solve cross-holdings exactly).
func BenchmarkEffectiveOwnership(b *testing.B) {
	r := nationalDB(b)
	b.Run("go_exact", func(b *testing.B) {
		pairs := 0
		for b.Loop() {
			pairs = effectiveInGo(b, r)
		}
		b.ReportMetric(float64(pairs), "pairs")
	})
	b.Run("recursive_sql", func(b *testing.B) {
		pairs := 0
		for b.Loop() {
			pairs = effectiveInSQL(b, r.DB().SQL)
		}
		b.ReportMetric(float64(pairs), "pairs")
	})
}

func effectiveInGo(b *testing.B, r *registry.Registry) int {
	companies, holdings, err := r.LoadOwnership(ctx, day)
	if err != nil {
		b.Fatal(err)
	}
	res, err := ownership.Compute(companies, holdings)
	if err != nil {
		b.Fatal(err)
	}
	owners := map[uuid.UUID]bool{}
	for _, h := range holdings {
		owners[h.Owner] = true
	}
	pairs := 0
	for o := range owners {
		pairs += len(res.Holdings(o))
	}
	return pairs
}

// recursiveSQL follows every chain of stakes from every owner, multiplying
// the fractions of capital, and sums the paths per owner and company.
const recursiveSQL = `
WITH RECURSIVE
  s(owner, company, f) AS (
    SELECT st.owner_id, st.company_id, CAST(st.shares AS REAL) / o.total_shares
    FROM ownership_stakes st JOIN organizations o ON o.id = st.company_id
    WHERE st.valid_from <= ? AND (st.valid_to IS NULL OR st.valid_to >= ?)),
  p(root, company, f, depth, path) AS (
    SELECT owner, company, f, 1, '/' || owner || '/' || company || '/' FROM s
    UNION ALL
    SELECT p.root, s.company, p.f * s.f, p.depth + 1, p.path || s.company || '/'
    FROM p JOIN s ON s.owner = p.company
    WHERE p.depth < 16 AND instr(p.path, '/' || s.company || '/') = 0)
SELECT root, company, SUM(f) FROM p GROUP BY root, company`

func effectiveInSQL(b *testing.B, db *sql.DB) int {
	t := day.Time()
	rows, err := db.QueryContext(ctx, recursiveSQL, t, t)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	pairs := 0
	for rows.Next() {
		var root, company string
		var f float64
		if err := rows.Scan(&root, &company, &f); err != nil {
			b.Fatal(err)
		}
		pairs++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return pairs
}

// TestOwnershipAgreesWithSQL checks that the two ways the benchmark
// compares compute the same thing: the same owner and company pairs, and
// the same fractions wherever no cross-holding makes the SQL's cut paths
// fall short of the exact answer.
func TestOwnershipAgreesWithSQL(t *testing.T) {
	ds, err := synthetic.National(0.1, seed)
	if err != nil {
		t.Fatal(err)
	}
	r, err := openLoaded(filepath.Join(t.TempDir(), "small.db"), ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.DB().Close()
	companies, holdings, err := r.LoadOwnership(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ownership.Compute(companies, holdings)
	if err != nil {
		t.Fatal(err)
	}
	cyclic := inCycles(holdings)
	rows, err := r.DB().SQL.QueryContext(ctx, recursiveSQL, day.Time(), day.Time())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	compared := 0
	for rows.Next() {
		var root, company uuid.UUID
		var f float64
		if err := rows.Scan(&root, &company, &f); err != nil {
			t.Fatal(err)
		}
		exact, _ := res.Effective(root, company)
		if cyclic[root] || cyclic[company] {
			continue
		}
		if got, _ := exact.Float64(); math.Abs(got-f) > 1e-9 {
			t.Errorf("%s in %s: exact %s, SQL %g", root, company, exact.RatString(), f)
		}
		compared++
	}
	if compared < len(holdings) {
		t.Fatalf("compared %d pairs, fewer than the %d direct stakes", compared, len(holdings))
	}
}

// inCycles marks the organisations that reach themselves through stakes.
func inCycles(holdings []ownership.Holding) map[uuid.UUID]bool {
	next := map[uuid.UUID][]uuid.UUID{}
	for _, h := range holdings {
		next[h.Owner] = append(next[h.Owner], h.Company)
	}
	out := map[uuid.UUID]bool{}
	for start := range next {
		seen := map[uuid.UUID]bool{}
		stack := slices.Clone(next[start])
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n == start {
				out[start] = true
				break
			}
			if !seen[n] {
				seen[n] = true
				stack = append(stack, next[n]...)
			}
		}
	}
	return out
}
