package exchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// registerTypes are the typed columns of the registers: their counts are
// written to the workbook as numbers, so that the finance department can
// add up shares in the spreadsheet. The registers' dates stay YYYY-MM-DD
// text, unlike the reports': the importer reads a date cell back only from
// 1927-05-18 on (importer's minSerial, below which a number is more likely
// a year typed alone), and the registry holds records that began long
// before, so a typed date would not survive the round trip.
var registerTypes = map[string]analysis.ColumnType{
	"total_shares": analysis.CountColumn, "total_votes": analysis.CountColumn,
	"shares": analysis.CountColumn, "votes": analysis.CountColumn, "staff_fte": analysis.NumberColumn,
}

// Number formats of the typed cells: ISO days, whole numbers with the
// reader's thousands separator (Excel's built-in format 3, "#,##0") and
// percentages with two decimals (built-in format 10, "0.00%").
const (
	DateFormat    = "yyyy-mm-dd"
	countFormat   = 3
	percentFormat = 10
)

// firstSheetDay is the first day a date cell can hold: Excel counts days
// from 1900 and counts 1900-02-29, a day that never was, so days before
// March 1900 are written as text.
var firstSheetDay = koncern.MustDate("1900-03-01")

// Book is a workbook laid out and ready to be written. Its sheets are
// streamed to temporary storage as they are laid out, so a large report
// does not sit in memory twice; Close removes that storage.
type Book struct{ f *excelize.File }

// WriteTo writes the workbook as an XLSX file.
func (b *Book) WriteTo(w io.Writer) (int64, error) { return b.f.WriteTo(w) }

// Close frees what the workbook holds.
func (b *Book) Close() error { return b.f.Close() }

// Workbook is the registers' workbook (NewBook) as bytes, held in memory
// whole: for the tests, which read it back. The server and the web pages
// stream a Book to the client instead.
func Workbook(registers []Register) ([]byte, error) {
	b, err := NewBook(registers)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// NewBook lays the registers out as a workbook, one sheet per register
// named after it. Every sheet is one table: a bold header row, frozen so
// that it stays in view, with a filter on every column (an Excel table,
// which is how a streamed sheet carries a filter), and cells typed as the
// register's columns say (analysis.ColumnType): dates as dates shown as
// YYYY-MM-DD, counts and numbers as numbers, percentages as fractions
// shown as percentages, booleans as booleans. Every report and page that
// offers XLSX writes it here.
func NewBook(registers []Register) (*Book, error) {
	f := excelize.NewFile()
	styles, err := newSheetStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	for i, r := range registers {
		if i == 0 {
			err = f.SetSheetName("Sheet1", r.Name)
		} else {
			_, err = f.NewSheet(r.Name)
		}
		if err == nil {
			err = writeSheet(f, r, styles)
		}
		if err != nil {
			f.Close()
			return nil, err
		}
	}
	return &Book{f}, nil
}

// sheetStyles are the styles of a sheet's header and typed cells.
type sheetStyles struct {
	header int
	cell   map[analysis.ColumnType]int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	date := DateFormat
	specs := map[analysis.ColumnType]*excelize.Style{
		analysis.DateColumn:    {CustomNumFmt: &date},
		analysis.CountColumn:   {NumFmt: countFormat},
		analysis.PercentColumn: {NumFmt: percentFormat},
	}
	st := sheetStyles{cell: map[analysis.ColumnType]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, err
	}
	for t, spec := range specs {
		if st.cell[t], err = f.NewStyle(spec); err != nil {
			return st, err
		}
	}
	return st, nil
}

// writeSheet streams one register into its sheet; streaming keeps memory
// flat when a national registry is exported.
func writeSheet(f *excelize.File, r Register, st sheetStyles) error {
	sw, err := f.NewStreamWriter(r.Name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(r.Columns))
	for i, c := range r.Columns {
		cells[i] = excelize.Cell{StyleID: st.header, Value: c}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	types := make([]analysis.ColumnType, len(r.Columns))
	for i, c := range r.Columns {
		types[i] = r.Type(c)
	}
	for n, row := range r.Rows {
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, sheetRow(types, row, st)); err != nil {
			return err
		}
	}
	if len(r.Columns) > 0 {
		if err := addTable(sw, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// addTable makes the header and the rows one table, which gives every
// column a filter. A table holds at least one row besides its header.
func addTable(sw *excelize.StreamWriter, r Register) error {
	last, err := excelize.CoordinatesToCellName(len(r.Columns), max(len(r.Rows), 1)+1)
	if err != nil {
		return err
	}
	return sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableName(r.Name), StyleName: "TableStyleLight1"})
}

// tableName is a register's name as a table's name may be: letters,
// digits and underscores, and never the name of a cell.
func tableName(register string) string {
	return "table_" + strings.Map(func(r rune) rune {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, register)
}

// sheetRow turns a row of text into cells typed as their columns are. A
// cell whose text is not what its type says, and a day a spreadsheet
// cannot hold, stays text. Text is written as text cells, never as a
// formula, and a text a spreadsheet would read as one is escaped
// (koncern.EscapeFormula).
func sheetRow(types []analysis.ColumnType, row []string, st sheetStyles) []any {
	out := make([]any, len(row))
	for i, v := range row {
		var t analysis.ColumnType
		if i < len(types) {
			t = types[i]
		}
		out[i] = koncern.EscapeFormula(v)
		if v == "" {
			continue
		}
		if value, ok := typedValue(t, v); ok {
			out[i] = excelize.Cell{StyleID: st.cell[t], Value: value}
		}
	}
	return out
}

// typedValue reads the text of a cell of type t as the value the workbook
// holds; false when it is not what t says.
func typedValue(t analysis.ColumnType, v string) (any, bool) {
	switch t {
	case analysis.DateColumn:
		d, err := koncern.ParseDate(v)
		if err != nil || d.Before(firstSheetDay) {
			return nil, false
		}
		return d.Time(), true
	case analysis.CountColumn:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	case analysis.NumberColumn:
		x, err := strconv.ParseFloat(v, 64)
		return x, err == nil
	case analysis.PercentColumn:
		// The points are read exactly and divided by 100 before rounding
		// to a float, so that "66.67" is the float nearest 0.6667.
		r, ok := new(big.Rat).SetString(v)
		if !ok {
			return nil, false
		}
		x, _ := r.Quo(r, big.NewRat(100, 1)).Float64()
		return x, true
	case analysis.BoolColumn:
		return v == "true", v == "true" || v == "false"
	}
	return nil, false
}

// CSVArchive writes the registers as a ZIP archive of CSV files, one per
// register named after it (organizations.csv, …), each with a header row.
// Entries are stamped with the day the export shows rather than the clock,
// so that the same export gives the same bytes.
func CSVArchive(registers []Register, stamp koncern.Date) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, r := range registers {
		w, err := z.CreateHeader(&zip.FileHeader{Name: r.Name + ".csv", Method: zip.Deflate, Modified: stampTime(stamp)})
		if err != nil {
			return nil, err
		}
		if err := WriteCSV(w, r); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stampTime is midday of the day, far from any zone's date line, since ZIP
// keeps local times without a zone; days before 1980, which ZIP cannot
// write, become its first day.
func stampTime(d koncern.Date) time.Time {
	t := d.Time().Add(12 * time.Hour)
	if first := time.Date(1980, time.January, 1, 12, 0, 0, 0, time.UTC); t.Before(first) {
		return first
	}
	return t
}

// WriteCSV writes one register as CSV with a header row, each field that
// a spreadsheet would read as a formula escaped (koncern.EscapeFormula).
func WriteCSV(w io.Writer, r Register) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	record := make([]string, len(r.Columns))
	for _, row := range r.Rows {
		record = record[:len(row)]
		for i, v := range row {
			record[i] = koncern.EscapeFormula(v)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
