package importer

import "testing"

// SetMaxUnpacked lowers the limit on the XML a workbook unpacks to for
// one test, so that the test need not write 256 MiB to reach it.
func SetMaxUnpacked(tb testing.TB, n int64) {
	old := maxUnpacked
	maxUnpacked = n
	tb.Cleanup(func() { maxUnpacked = old })
}

// SetMaxCells lowers the limit on the values of a file for one test.
func SetMaxCells(tb testing.TB, n int) {
	old := maxCells
	maxCells = n
	tb.Cleanup(func() { maxCells = old })
}
