// Package importertest builds workbooks for tests of the import.
package importertest

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern/importer"
)

// Workbook writes sheets (name → rows, the first row the header) as XLSX
// bytes: the registers in import order, then any other sheet by name.
func Workbook(tb testing.TB, sheets map[string][][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	names := slices.Clone(importer.Sheets)
	var others []string
	for name := range sheets {
		if !slices.Contains(names, name) {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	for _, name := range append(names, others...) {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
