package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
)

// row is one record row being imported. Its getters read typed values and
// record a problem for each cell that cannot be read, so that one pass over
// a row finds everything wrong with it.
type row struct {
	run      *run
	t        *table
	num      int
	cells    []string
	problems int             // problems recorded on this row
	bad      map[string]bool // columns that already have a problem
}

func (rw *row) problem(col, format string, args ...any) {
	p := Problem{Sheet: rw.t.sheet, Row: rw.num, Column: col, Message: fmt.Sprintf(format, args...)}
	if i, ok := rw.t.columns[col]; ok {
		p.Cell = cellName(i, rw.num)
	}
	rw.run.problems = append(rw.run.problems, p)
	rw.problems++
	rw.bad[col] = true
}

// failed reports whether the row has a problem and must not be written.
func (rw *row) failed() bool { return rw.problems > 0 }

// str is the trimmed text of a column; empty when the column is absent.
// Spreadsheets pad cells with spaces that nobody sees, so they are cut.
// The quote an export puts before a text a spreadsheet would run as a
// formula is taken off (koncern.UnescapeFormula).
func (rw *row) str(col string) string {
	return koncern.UnescapeFormula(strings.TrimSpace(rw.t.value(rw.cells, col)))
}

// text reads a free-text column of several lines as it is written, spaces
// and line breaks at its ends included: the registry keeps them, so
// trimming them would make an export import as a difference. A cell of
// nothing but spaces is empty.
func (rw *row) text(col string) *string {
	v := rw.t.value(rw.cells, col)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	v = koncern.UnescapeFormula(v)
	return &v
}

func (rw *row) opt(col string) *string {
	if s := rw.str(col); s != "" {
		return &s
	}
	return nil
}

// date reads YYYY-MM-DD, or the serial number a spreadsheet stores for a
// cell formatted as a date. The zero date means empty; the validator
// reports a required one.
func (rw *row) date(col string) koncern.Date {
	s := rw.str(col)
	if s == "" {
		return koncern.Date{}
	}
	if d, ok := dateSerial(s, rw.run.wb.date1904); ok {
		return d
	}
	d, err := koncern.ParseDate(s)
	if err != nil {
		rw.problem(col, "%s", err)
	}
	return d
}

// minSerial is the first date serial read as a date (1927-05-18). Smaller
// numbers are more likely a year typed alone (2003) than a date cell, and
// are refused as not YYYY-MM-DD instead of read as a day in 1905.
const minSerial = 10000

// dateSerial reads a whole number as the serial of a date cell, counted
// from 1900 or, in a workbook of the 1904 date system, from 1904.
func dateSerial(s string, date1904 bool) (koncern.Date, bool) {
	serial, err := strconv.ParseFloat(s, 64)
	if err != nil || serial < minSerial || serial != math.Trunc(serial) {
		return koncern.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return koncern.Date{}, false
	}
	d, err := koncern.ParseDate(koncern.DateOf(t).String())
	return d, err == nil
}

func (rw *row) optDate(col string) *koncern.Date {
	if rw.str(col) == "" {
		return nil
	}
	d := rw.date(col)
	if d.IsZero() {
		return nil
	}
	return &d
}

// optYear reads a year, a whole number; the validator bounds it.
func (rw *row) optYear(col string) *int {
	n := rw.optInt(col)
	if n == nil || *n < 0 || *n > 1_000_000 {
		if n != nil {
			rw.problem(col, "must be a year such as 2013, got %d", *n)
		}
		return nil
	}
	y := int(*n)
	return &y
}

// optInt reads a whole number; spreadsheets may write large ones as
// 1E+15 or with a trailing .0, which are whole too.
func (rw *row) optInt(col string) *int64 {
	s := strings.ReplaceAll(rw.str(col), " ", "")
	if s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &n
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e18 {
		rw.problem(col, "must be a whole number, got %q", s)
		return nil
	}
	n := int64(f)
	return &n
}

// integer is a whole number that must be given.
func (rw *row) integer(col string) int64 {
	if rw.str(col) == "" {
		rw.problem(col, "is required")
		return 0
	}
	if n := rw.optInt(col); n != nil {
		return *n
	}
	return 0
}

// optFloat reads a decimal number, with a point or a Swedish comma.
func (rw *row) optFloat(col string) *float64 {
	s := strings.ReplaceAll(rw.str(col), " ", "")
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		rw.problem(col, "must be a number, got %q", s)
		return nil
	}
	return &f
}

// boolean reads a yes/no cell; empty is no.
func (rw *row) boolean(col string) bool {
	switch s := strings.ToLower(rw.str(col)); s {
	case "", "false", "no", "nej", "0":
		return false
	case "true", "yes", "ja", "1":
		return true
	default:
		rw.problem(col, "must be true or false, got %q", s)
		return false
	}
}

// errorFields records the fields of a validation or registry error as
// problems in the columns they map to, skipping columns that already have
// a problem: a date that could not be read is also "required" to the
// validator, and saying so twice helps nobody.
func (rw *row) errorFields(err *koncern.Error, column func(field string) string) {
	if len(err.Fields) == 0 {
		rw.problem("", "%s", err.Message)
		return
	}
	for _, f := range err.Fields {
		col := column(f.Field)
		if !rw.bad[col] {
			rw.problem(col, "%s", f.Message)
		}
	}
}
