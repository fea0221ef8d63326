package bench_test

import (
	"testing"

	"github.com/koncernregistret/koncern/tools/perf/loadbench"
)

// BenchmarkLedger books audited ownership transactions and makes plain
// single-row inserts on SQLite with the same durability, side by side:
// make bench-http reports the same comparison over more rounds.
func BenchmarkLedger(b *testing.B) {
	dir := b.TempDir()
	rep, err := loadbench.MeasureTransactions(ctx, dir, b.N*5)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(rep.TransactionsPerSecond, "tx/s")
	b.ReportMetric(rep.PlainInsertsPerSecond, "inserts/s")
	b.ReportMetric(rep.TransactionsPerSecond/rep.PlainInsertsPerSecond, "ratio")
}
