package exchangetest

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern/analysis"
)

// Sheet is one sheet of a workbook the registry wrote (exchange.NewBook),
// opened so that a test can check its cells as a spreadsheet reads them.
type Sheet struct {
	tb     testing.TB
	f      *excelize.File
	name   string
	Header []string
	Rows   int // rows below the header
}

// OpenSheet opens the sheet name of an XLSX workbook and checks what every
// sheet the registry writes has: a header row (header, when given, exactly)
// frozen in place, and one table over the header and the rows whose filter
// covers them all.
func OpenSheet(tb testing.TB, body []byte, name string, header ...string) *Sheet {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("the workbook does not open: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(name)
	if err != nil || len(rows) == 0 {
		tb.Fatalf("sheet %q of %v: %d rows, %v", name, f.GetSheetList(), len(rows), err)
	}
	s := &Sheet{tb: tb, f: f, name: name, Header: rows[0], Rows: len(rows) - 1}
	if len(header) > 0 && !slices.Equal(s.Header, header) {
		tb.Errorf("sheet %s: header %q, want %q", name, s.Header, header)
	}
	s.checkFrozen()
	s.checkFiltered()
	return s
}

// checkFrozen checks that the header row stays in view.
func (s *Sheet) checkFrozen() {
	s.tb.Helper()
	p, err := s.f.GetPanes(s.name)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
		s.tb.Errorf("sheet %s: panes %+v (%v), want the first row frozen", s.name, p, err)
	}
}

// checkFiltered checks that one table spans the header and every row and
// that its filter spans the same cells.
func (s *Sheet) checkFiltered() {
	s.tb.Helper()
	tables, err := s.f.GetTables(s.name)
	if err != nil || len(tables) != 1 {
		s.tb.Fatalf("sheet %s: tables %+v (%v), want one", s.name, tables, err)
	}
	last, _ := excelize.CoordinatesToCellName(len(s.Header), max(s.Rows, 1)+1)
	want := "A1:" + last
	if tables[0].Range != want {
		s.tb.Errorf("sheet %s: table over %s, want %s", s.name, tables[0].Range, want)
	}
	if !strings.Contains(s.tableXML(tables[0].Name), `<autoFilter ref="`+want+`">`) {
		s.tb.Errorf("sheet %s: the table has no filter over %s", s.name, want)
	}
}

// tableXML is the part of the workbook that defines the table named.
func (s *Sheet) tableXML(name string) string {
	var found string
	s.f.Pkg.Range(func(k, v any) bool {
		part, _ := v.([]byte)
		if strings.HasPrefix(k.(string), "xl/tables/") && bytes.Contains(part, []byte(` name="`+name+`"`)) {
			found = string(part)
		}
		return found == ""
	})
	return found
}

// Cell is one cell as a spreadsheet reads it.
type Cell struct {
	Ref    string
	Type   excelize.CellType
	Raw    string // the value stored: a date's serial, a boolean's 1 or 0
	Shown  string // the value as its number format shows it
	NumFmt int    // the built-in number format, 0 for none or a custom one
	Custom string // the custom number format, if any
}

// Column lists the cells of the column named, below the header, that are
// not empty.
func (s *Sheet) Column(name string) []Cell {
	s.tb.Helper()
	var out []Cell
	for row := 1; row <= s.Rows; row++ {
		if c := s.Cell(name, row); c.Raw != "" {
			out = append(out, c)
		}
	}
	return out
}

// Cell is the cell of the column named in row n below the header (from 1).
func (s *Sheet) Cell(column string, n int) Cell {
	s.tb.Helper()
	i := slices.Index(s.Header, column)
	if i < 0 {
		s.tb.Fatalf("sheet %s has no column %s: %q", s.name, column, s.Header)
	}
	ref, _ := excelize.CoordinatesToCellName(i+1, n+1)
	return s.cell(ref)
}

func (s *Sheet) cell(ref string) Cell {
	s.tb.Helper()
	c := Cell{Ref: ref}
	var err error
	if c.Type, err = s.f.GetCellType(s.name, ref); err != nil {
		s.tb.Fatal(err)
	}
	if c.Raw, err = s.f.GetCellValue(s.name, ref, excelize.Options{RawCellValue: true}); err != nil {
		s.tb.Fatal(err)
	}
	if c.Shown, err = s.f.GetCellValue(s.name, ref); err != nil {
		s.tb.Fatal(err)
	}
	id, err := s.f.GetCellStyle(s.name, ref)
	if err != nil {
		s.tb.Fatal(err)
	}
	st, err := s.f.GetStyle(id)
	if err != nil {
		s.tb.Fatal(err)
	}
	c.NumFmt = st.NumFmt
	if st.CustomNumFmt != nil {
		c.Custom = *st.CustomNumFmt
	}
	return c
}

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Typed checks that the column holds at least one cell and that each of
// its cells is what want says: a date is a whole serial number shown as
// yyyy-mm-dd, a count a whole number shown with format 3 (#,##0), a
// number a number cell, a percentage a fraction of one shown with format
// 10 (0.00%), a boolean a boolean cell, and text a string cell. It returns
// the cells.
func (s *Sheet) Typed(column string, want analysis.ColumnType) []Cell {
	s.tb.Helper()
	cells := s.Column(column)
	if len(cells) == 0 {
		s.tb.Fatalf("sheet %s: column %s is empty, so its type cannot be checked", s.name, column)
	}
	for _, c := range cells {
		if problem := typeProblem(c, want); problem != "" {
			s.tb.Errorf("sheet %s, column %s, cell %s (%+v): %s", s.name, column, c.Ref, c, problem)
			return cells
		}
	}
	return cells
}

func typeProblem(c Cell, want analysis.ColumnType) string {
	number := c.Type == excelize.CellTypeUnset || c.Type == excelize.CellTypeNumber
	switch want {
	case analysis.DateColumn:
		if _, err := strconv.Atoi(c.Raw); !number || err != nil || c.Custom != "yyyy-mm-dd" || !isoDay.MatchString(c.Shown) {
			return "want a date: a whole serial number shown as yyyy-mm-dd"
		}
	case analysis.CountColumn:
		if _, err := strconv.ParseInt(c.Raw, 10, 64); !number || err != nil || c.NumFmt != 3 {
			return "want a count: a whole number shown as #,##0"
		}
	case analysis.NumberColumn:
		if _, err := strconv.ParseFloat(c.Raw, 64); !number || err != nil {
			return "want a number cell"
		}
	case analysis.PercentColumn:
		if x, err := strconv.ParseFloat(c.Raw, 64); !number || err != nil || x < 0 || x > 1 || c.NumFmt != 10 || !strings.HasSuffix(c.Shown, "%") {
			return "want a percentage: a fraction of one shown as 0.00%"
		}
	case analysis.BoolColumn:
		if c.Type != excelize.CellTypeBool || (c.Raw != "1" && c.Raw != "0") {
			return "want a boolean cell"
		}
	case analysis.TextColumn:
		if c.Type != excelize.CellTypeInlineString && c.Type != excelize.CellTypeSharedString {
			return "want a text cell"
		}
	default:
		// A type added to analysis without a check here would pass
		// unchecked.
		return fmt.Sprintf("exchangetest has no check for column type %d", want)
	}
	return ""
}
