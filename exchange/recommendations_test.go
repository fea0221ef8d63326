package exchange_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
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

// demoRecommendations lays out the demo's recommendations as the export
// of day at does.
func demoRecommendations(t *testing.T, at koncern.Date) (exchange.Register, []exchange.Register) {
	t.Helper()
	ctx := viewer.System(context.Background())
	reg := registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	if _, err := demo.Load(ctx, reg); err != nil {
		t.Fatal(err)
	}
	p, err := reg.ListRecommendations(ctx, registry.RecommendationFilter{At: &at})
	if err != nil {
		t.Fatal(err)
	}
	var recs []koncern.Recommendation
	for _, x := range p.Items {
		recs = append(recs, x.Recommendation)
	}
	items, err := reg.FollowUpItems(ctx, recs, at)
	if err != nil {
		t.Fatal(err)
	}
	window := koncern.Period{From: at, To: &at}
	data, err := reg.LoadSnapshot(ctx, nil, window)
	if err != nil {
		t.Fatal(err)
	}
	s := analysis.NewSnapshot(window, data)
	return exchange.Recommendations(s, recs, items), exchange.Registers(s, &at)
}

// TestRecommendationsRegister lays out the demo's recommendations with
// their report, addressee, target and status on the export's day.
func TestRecommendationsRegister(t *testing.T) {
	r, _ := demoRecommendations(t, koncern.MustDate("2026-11-27"))
	if r.Name != importer.RecommendationsSheet || !slices.Contains(importer.IgnoredSheets, r.Name) {
		t.Errorf("the sheet %q is not the one the import skips", r.Name)
	}
	if len(r.Rows) != 3 {
		t.Fatalf("%d rows, want the demo's 3", len(r.Rows))
	}
	cell := func(row []string, col string) string { return row[slices.Index(r.Columns, col)] }
	first := r.Rows[0]
	for col, want := range map[string]string{
		"report": "Revisionsrapport 2003:7 (illustrativt)", "report_issuer_name": "Kommunrevisionen", "given_on": "2003-10-15",
		"addressed_name": "Kommunstyrelsen", "target_rules": "coordination_without_basis", "status": "resolved", "since": "2003-11-12",
		"response": "KS § 45/2004 (illustrativt)", "answered_on": "2004-02-18",
	} {
		if got := cell(first, col); got != want {
			t.Errorf("%s: %q, want %q", col, got, want)
		}
	}
	if got := strings.Count(cell(first, "target_subjects"), "Förvaltningschef"); got != 5 {
		t.Errorf("target_subjects %q, want the 5 heads", cell(first, "target_subjects"))
	}
	for i, row := range r.Rows {
		if len(row) != len(r.Columns) {
			t.Errorf("row %d has %d cells for %d columns", i, len(row), len(r.Columns))
		}
	}
	if got := cell(r.Rows[1], "status") + " " + cell(r.Rows[2], "status"); got != "open overdue" {
		t.Errorf("the others are %s, want open and overdue", got)
	}
}

// TestExportWithRecommendationsImports imports a workbook that carries the
// recommendations' sheet beside the registers: the sheet is skipped and
// the registers come in without a problem.
func TestExportWithRecommendationsImports(t *testing.T) {
	r, regs := demoRecommendations(t, koncern.MustDate("2004-06-01"))
	b, err := exchange.Workbook(append(regs, r))
	if err != nil {
		t.Fatal(err)
	}
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Registry: registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)), Validator: v}
	res, err := im.ImportFile(viewer.System(context.Background()), bytes.NewReader(b), importer.XLSX, "", true)
	if err != nil {
		t.Fatalf("import of an export with recommendations: %v", err)
	}
	if _, ok := res.Sheets[r.Name]; ok || res.Sheets["organizations"].Created == 0 {
		t.Errorf("sheets %+v: want the registers imported and the recommendations skipped", res.Sheets)
	}
}
