package exchange_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/exchange/exchangetest"
)

// TestWorkbookTypedCells writes a table with a column of every type and
// reads it back as a spreadsheet does: each cell is typed as its column
// says, and what a type cannot hold stays text.
func TestWorkbookTypedCells(t *testing.T) {
	columns := []string{"day", "count", "share", "flag", "size", "note"}
	types := map[string]analysis.ColumnType{"day": analysis.DateColumn, "count": analysis.CountColumn,
		"share": analysis.PercentColumn, "flag": analysis.BoolColumn, "size": analysis.NumberColumn}
	rows := [][]string{
		{"2003-10-01", "12500", "66.67", "true", "12.5", "=1+1"},
		{"1900-03-01", "0", "100.00", "false", "3", "text"},
		{"1899-12-31", "", "", "", "", ""},
		{"not a day", "many", "half", "yes", "big", ""},
	}
	workbook := func(t *testing.T, rows [][]string) *exchangetest.Sheet {
		b, err := exchange.Workbook([]exchange.Register{{Name: "typed", Table: analysis.Table{Columns: columns, Types: types, Rows: rows}}})
		if err != nil {
			t.Fatal(err)
		}
		return exchangetest.OpenSheet(t, b, "typed", columns...)
	}
	t.Run("Typed", func(t *testing.T) {
		s := workbook(t, rows[:2])
		for column, typ := range types {
			s.Typed(column, typ)
		}
		s.Typed("note", analysis.TextColumn)
		for _, c := range []struct {
			column     string
			row        int
			raw, shown string
		}{
			{"day", 1, "37895", "2003-10-01"}, {"day", 2, "61", "1900-03-01"},
			{"count", 1, "12500", "12,500"}, {"share", 1, "0.6667", "66.67%"}, {"share", 2, "1", "100.00%"},
			{"flag", 1, "1", "TRUE"}, {"flag", 2, "0", "FALSE"}, {"size", 1, "12.5", "12.5"}, {"note", 1, "'=1+1", "'=1+1"},
		} {
			if got := s.Cell(c.column, c.row); got.Raw != c.raw || got.Shown != c.shown {
				t.Errorf("%s of row %d: %+v, want %s shown as %s", c.column, c.row, got, c.raw, c.shown)
			}
		}
	})
	t.Run("TextWhereTheTypeCannotHoldIt", func(t *testing.T) {
		s := workbook(t, rows)
		for _, c := range []struct {
			column string
			row    int
		}{{"day", 3}, {"day", 4}, {"count", 4}, {"share", 4}, {"flag", 4}, {"size", 4}} {
			want := rows[c.row-1][slices.Index(columns, c.column)]
			if got := s.Cell(c.column, c.row); got.Raw != want || got.Type == 0 {
				t.Errorf("%s of row %d: %+v, want the text %q", c.column, c.row, got, want)
			}
		}
		if got := s.Cell("count", 3); got.Raw != "" {
			t.Errorf("an empty count is %+v, want an empty cell", got)
		}
	})
	t.Run("EmptyTable", func(t *testing.T) {
		if s := workbook(t, nil); s.Rows != 0 {
			t.Errorf("%d rows, want none", s.Rows)
		}
	})
}
