package exchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
)

// numericColumns are written to the workbook as numbers, so that the
// finance department can add up shares in the spreadsheet; everything else
// stays text. Dates in particular stay YYYY-MM-DD text: a spreadsheet date
// is a serial number in some time zone, and reading it back would be a
// guess.
var numericColumns = []string{"total_shares", "total_votes", "staff_fte", "shares", "votes"}

// Workbook writes the registers as an XLSX workbook, one sheet per register
// named after it, each with a header row and a frozen top row.
func Workbook(registers []Register) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, r := range registers {
		if i == 0 {
			err = f.SetSheetName("Sheet1", r.Name)
		} else {
			_, err = f.NewSheet(r.Name)
		}
		if err != nil {
			return nil, err
		}
		if err := writeSheet(f, r, header); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeSheet streams one register into its sheet; streaming keeps memory
// flat when a national registry is exported.
func writeSheet(f *excelize.File, r Register, header int) error {
	sw, err := f.NewStreamWriter(r.Name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(r.Columns))
	for i, c := range r.Columns {
		cells[i] = excelize.Cell{StyleID: header, Value: c}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, row := range r.Rows {
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, sheetRow(r.Columns, row)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetRow turns a row of text into cells, numbers where the column holds
// numbers. Text is written as text cells, never as a formula, and a text
// a spreadsheet would read as one is escaped (koncern.EscapeFormula).
func sheetRow(columns, row []string) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = koncern.EscapeFormula(v)
		if v == "" || !slices.Contains(numericColumns, columns[i]) {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[i] = n
		} else if x, err := strconv.ParseFloat(v, 64); err == nil {
			out[i] = x
		}
	}
	return out
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
