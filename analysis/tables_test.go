package analysis_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

// TestChangesScopedToMunicipality checks which records a municipality's
// change report lists: its own, and the stakes its organisations hold in
// companies outside every group, but not stakes between outsiders nor
// another municipality's records.
func TestChangesScopedToMunicipality(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.org("muni2", "municipality", "", "1971-01-01", "")
	g.company("bolag2", "muni2", 100, 100, "1990-01-01", "")
	g.company("outside", "", 100, 100, "1990-01-01", "")
	g.company("outside2", "", 100, 100, "1990-01-01", "")
	g.stake("ours", "muni", "outside", 10, 10, "2003-03-01", "")
	g.stake("strangers", "outside2", "outside", 10, 10, "2003-03-01", "")
	g.stake("theirs", "muni2", "bolag2", 10, 10, "2003-03-01", "")
	g.data.Municipality = g.idp("muni")
	var got []string
	for _, c := range analysis.Changes(g.snapshot("2003-01-01", "2003-12-31"), day("2003-01-01"), day("2003-12-31")) {
		got = append(got, c.Type+" "+c.Name)
	}
	if want := []string{"stake muni holds 10 shares, 10 votes in outside"}; !slices.Equal(got, want) {
		t.Errorf("changes in muni's group: %q, want %q", got, want)
	}
}

// TestTableTypesNameColumns checks that every column a report's table
// types is one of its columns, so that a misspelt name cannot leave a
// column as text in the workbook unnoticed.
func TestTableTypesNameColumns(t *testing.T) {
	for name, table := range map[string]analysis.Table{
		"changes": analysis.ChangesTable(nil), "expiring": analysis.ExpiringTable(nil), "interlocks": analysis.InterlocksTable(nil),
		"findings": analysis.FindingsTable(nil), "group": analysis.GroupTable(&analysis.GroupReport{}),
		"cap tables": analysis.CapTablesTable(nil), "calendar": analysis.CalendarTable(nil),
		"follow-up": analysis.FollowUpTable(analysis.FollowUpReport{}), "follow-up totals": analysis.FollowUpTotalsTable(analysis.FollowUpReport{}),
		"steering": analysis.SteeringTable(&analysis.SteeringMap{}),
	} {
		if len(table.Types) == 0 {
			t.Errorf("%s: no typed column", name)
		}
		for column := range table.Types {
			if !slices.Contains(table.Columns, column) {
				t.Errorf("%s: types %q, which is not a column of %q", name, column, table.Columns)
			}
		}
	}
}
