package exchange_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// everything is the window of a history export.
var everything = koncern.Period{From: koncern.FirstDate, To: &koncern.LastDate}

// history lays out every register of the whole registry over all time.
func history(t *testing.T, reg *registry.Registry) []exchange.Register {
	t.Helper()
	data, err := reg.LoadSnapshot(viewer.System(context.Background()), nil, everything)
	if err != nil {
		t.Fatal(err)
	}
	return exchange.Registers(analysis.NewSnapshot(everything, data), nil)
}

// TestColumnsAreTheImportTemplate keeps the export in step with the
// importer, which refuses columns it does not know.
func TestColumnsAreTheImportTemplate(t *testing.T) {
	if !slices.Equal(exchange.RegisterNames, importer.Sheets) {
		t.Fatalf("registers %v, importer sheets %v", exchange.RegisterNames, importer.Sheets)
	}
	s := analysis.NewSnapshot(everything, analysis.Data{})
	for _, r := range exchange.Registers(s, nil) {
		if !slices.Equal(r.Columns, importer.Columns[r.Name]) {
			t.Errorf("%s: columns %v, import template %v", r.Name, r.Columns, importer.Columns[r.Name])
		}
	}
}

// TestWorkbookRoundTrip exports the demo's whole history as a workbook,
// imports it into an empty registry and exports that again: the registers,
// which name every record by natural key, must come out the same.
func TestWorkbookRoundTrip(t *testing.T) {
	ctx := viewer.System(context.Background())
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	from := registrytest.MustRegistry(t, now)
	if _, err := demo.Load(ctx, from); err != nil {
		t.Fatal(err)
	}
	want := history(t, from)
	b, err := exchange.Workbook(want)
	if err != nil {
		t.Fatal(err)
	}
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Registry: registrytest.MustRegistry(t, now), Validator: v}
	if _, err := im.ImportFile(ctx, bytes.NewReader(b), importer.XLSX, "", false); err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	got := history(t, im.Registry)
	for i := range want {
		// Rows with the same natural key are ordered by id, which differs
		// between the registries; compare them as sets.
		slices.SortFunc(got[i].Rows, slices.Compare)
		slices.SortFunc(want[i].Rows, slices.Compare)
		if !slices.Equal(got[i].Columns, want[i].Columns) || !slices.EqualFunc(got[i].Rows, want[i].Rows, slices.Equal) {
			t.Errorf("%s: %d rows after the round trip, %d before; first difference %v", want[i].Name, len(got[i].Rows), len(want[i].Rows), firstDiff(got[i].Rows, want[i].Rows))
		}
	}
}

func firstDiff(got, want [][]string) []string {
	for i := range min(len(got), len(want)) {
		if !slices.Equal(got[i], want[i]) {
			return append(append(got[i], "≠"), want[i]...)
		}
	}
	return nil
}
