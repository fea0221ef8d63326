package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/exchange/exchangetest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestReportWorkbooks asks every tabular report for XLSX, by format= and by
// Accept, and opens the answer as a spreadsheet does: one sheet with the
// report's columns, the header frozen and filtered, and the dates, counts,
// percentages and booleans typed as such, with their number formats.
func TestReportWorkbooks(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	muni, holding := sum.Municipality.String(), sum.HoldingCompany.String()
	type typed struct {
		column string
		typ    analysis.ColumnType
	}
	for _, r := range []struct {
		name, path, sheet string
		columns           []string
		typed             []typed
	}{
		{"Findings", "/api/v1/findings?at=" + review, "findings",
			[]string{"rule", "severity", "subject_type", "subject_id", "subject", "detail", "periods", "evidence", "sources", "first_day", "last_day"},
			[]typed{{"first_day", analysis.DateColumn}, {"last_day", analysis.DateColumn}, {"rule", analysis.TextColumn}}},
		{"Group", "/api/v1/reports/group?root=" + holding + "&at=" + review, "group", nil,
			[]typed{{"depth", analysis.CountColumn}, {"direct_capital_pct", analysis.PercentColumn}, {"effective_votes_pct", analysis.PercentColumn},
				{"controlled_votes_pct", analysis.PercentColumn}, {"effective_capital_exact", analysis.TextColumn}}},
		{"CapTable", "/api/v1/organizations/" + holding + "/cap-table?at=" + review, "cap-table",
			[]string{"company_id", "company", "at", "owner_id", "owner", "since", "shares", "votes", "capital_pct", "votes_pct", "capital_exact", "votes_exact"},
			[]typed{{"at", analysis.DateColumn}, {"since", analysis.DateColumn}, {"shares", analysis.CountColumn}, {"votes", analysis.CountColumn},
				{"capital_pct", analysis.PercentColumn}, {"votes_pct", analysis.PercentColumn}}},
		{"Interlocks", "/api/v1/reports/interlocks?at=" + review, "interlocks",
			[]string{"person_id", "person", "bodies", "body_names", "posts"}, []typed{{"bodies", analysis.CountColumn}, {"person", analysis.TextColumn}}},
		{"Expiring", "/api/v1/reports/expiring?at=" + review + "&within=3650", "expiring",
			[]string{"valid_to", "days_left", "type", "id", "name", "valid_from"},
			[]typed{{"valid_to", analysis.DateColumn}, {"days_left", analysis.CountColumn}, {"valid_from", analysis.DateColumn}}},
		{"Changes", "/api/v1/reports/changes?from=2003-01-01&to=2004-12-31", "changes",
			[]string{"date", "change", "type", "id", "name", "valid_from", "valid_to"},
			[]typed{{"date", analysis.DateColumn}, {"valid_from", analysis.DateColumn}, {"valid_to", analysis.DateColumn}}},
		{"Calendar", "/api/v1/calendar?from=2003-01-01&to=2012-12-31&municipality=" + muni, "calendar", nil,
			[]typed{{"due", analysis.DateColumn}, {"done_on", analysis.DateColumn}, {"status", analysis.TextColumn}}},
	} {
		t.Run(r.name, func(t *testing.T) {
			sep := "?"
			if strings.Contains(r.path, "?") {
				sep = "&"
			}
			res := a.get(t, 200, ctXLSX, r.path+sep+"format=xlsx")
			if d := res.Header.Get("Content-Disposition"); d != `attachment; filename="koncernregistret-`+r.sheet+`.xlsx"` {
				t.Errorf("Content-Disposition %q", d)
			}
			s := exchangetest.OpenSheet(t, res.Body, r.sheet, r.columns...)
			for _, c := range r.typed {
				s.Typed(c.column, c.typ)
			}
			// The same rows as the CSV, which is what JSON clients compare.
			rows := readCSV(t, a.get(t, 200, ctCSV, r.path+sep+"format=csv").Body, s.Header...)
			if len(rows) != s.Rows {
				t.Errorf("%d rows in the workbook, %d in the CSV", s.Rows, len(rows))
			}
			byAccept := a.get(t, 200, ctXLSX, r.path, "Accept", ctXLSX)
			if s := exchangetest.OpenSheet(t, byAccept.Body, r.sheet); s.Rows != len(rows) {
				t.Errorf("asked for by Accept: %d rows, want %d", s.Rows, len(rows))
			}
		})
	}
	t.Run("GroupShowsTheCSVsPercentages", func(t *testing.T) {
		path := "/api/v1/reports/group?root=" + holding + "&at=" + review
		s := exchangetest.OpenSheet(t, a.get(t, 200, ctXLSX, path+"&format=xlsx").Body, "group")
		for i, row := range readCSV(t, a.get(t, 200, ctCSV, path+"&format=csv").Body, s.Header...) {
			if got := s.Cell("direct_capital_pct", i+1).Shown; got != row[8]+"%" {
				t.Errorf("row %d: direct_capital_pct shows %q, the CSV says %s", i+1, got, row[8])
			}
			if got := s.Cell("depth", i+1).Raw; got != row[4] {
				t.Errorf("row %d: depth %q, the CSV says %s", i+1, got, row[4])
			}
		}
	})
	t.Run("FollowUp", func(t *testing.T) {
		res := a.get(t, 200, ctXLSX, "/api/v1/reports/follow-up?municipality="+muni+"&year=2003&at=2004-06-01&format=xlsx")
		s := exchangetest.OpenSheet(t, res.Body, "follow_up")
		s.Typed("given_on", analysis.DateColumn)
		s.Typed("by_judgment", analysis.BoolColumn)
		totals := exchangetest.OpenSheet(t, res.Body, "totals")
		totals.Typed("given", analysis.CountColumn)
		totals.Typed("on", analysis.DateColumn)
	})
	// The registers' export reads back through the importer, which takes a
	// date cell only from 1927 on: its dates stay text, its counts are
	// numbers.
	t.Run("RegistersKeepDatesAsText", func(t *testing.T) {
		s := exchangetest.OpenSheet(t, a.get(t, 200, ctXLSX, "/api/v1/export?register=stakes&at="+review).Body, "stakes")
		s.Typed("shares", analysis.CountColumn)
		s.Typed("valid_from", analysis.TextColumn)
	})
}
