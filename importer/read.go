package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
)

// Format is the kind of file an import reads.
type Format string

// The formats an import reads.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// Media types of the formats, as HTTP names them.
const (
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	MediaCSV  = "text/csv"
)

// Workbook is an input file as read: one table per sheet, and the problems
// of its structure (unknown sheets, unknown or missing columns).
type Workbook struct {
	tables   map[string]*table
	problems []Problem
}

// table is one sheet: the position of each known column and the rows
// below the header.
type table struct {
	sheet   string
	columns map[string]int
	headed  map[int]bool // positions with a header, known or not
	rows    []rawRow
}

// rawRow is one non-empty row with its number as the spreadsheet shows it.
type rawRow struct {
	num   int
	cells []string
}

// Read reads an XLSX workbook, or a CSV file holding the one sheet named by
// kind. It returns an EBADREQUEST error when the file cannot be read at
// all; problems of its structure come back with the workbook so that they
// are reported together.
func Read(r io.Reader, format Format, kind string) (*Workbook, error) {
	switch format {
	case XLSX:
		return readXLSX(r)
	case CSV:
		if !slices.Contains(Sheets, kind) {
			return nil, koncern.Invalid("kind", "must name the sheet the CSV file holds, one of: %s", strings.Join(Sheets, ", "))
		}
		return readCSV(r, kind)
	}
	return nil, koncern.Errorf(koncern.EUNSUPPORTED, "send an XLSX workbook (%s) or a CSV file (%s)", MediaXLSX, MediaCSV)
}

// Limits of an unpacked workbook: far above any real register, well below
// what would let a small zip bomb exhaust the server's memory.
const (
	maxUnzipped    = 256 << 20
	maxUnzippedXML = 64 << 20
)

func readXLSX(r io.Reader) (*Workbook, error) {
	// Read the whole file first, so that a failing body (too large) is
	// told apart from a file that is not a workbook.
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, koncern.Errorf(koncern.EBADREQUEST, "the file is not an XLSX workbook that can be read: %v", err)
	}
	defer f.Close()
	wb := &Workbook{tables: map[string]*table{}}
	for _, name := range f.GetSheetList() {
		if strings.EqualFold(name, ReadmeSheet) {
			continue
		}
		if !slices.Contains(Sheets, name) {
			wb.problem(Problem{Sheet: name, Message: "is not a sheet the import knows; the sheets are " + strings.Join(Sheets, ", ") + " (and README, which is ignored)"})
			continue
		}
		// Raw values keep dates as serial numbers and numbers unformatted,
		// whatever display format the cell has.
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, koncern.Errorf(koncern.EBADREQUEST, "sheet %s cannot be read: %v", name, err)
		}
		wb.add(name, rows, 1)
	}
	return wb, nil
}

func readCSV(r io.Reader, kind string) (*Workbook, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // the byte-order mark Excel writes
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1
	wb := &Workbook{tables: map[string]*table{}}
	var rows [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			wb.problem(Problem{Sheet: kind, Row: perr.Line, Message: "is not valid CSV: " + perr.Err.Error()})
			return wb, nil
		} else if err != nil {
			return nil, err
		}
		// Blank lines are skipped by the reader; the line number keeps
		// the rows where a text editor shows them.
		line, _ := cr.FieldPos(0)
		for len(rows) < line-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
	}
	wb.add(kind, rows, 1)
	return wb, nil
}

// sniffComma picks the separator of the header line: Swedish Excel writes
// CSV with semicolons, everything else with commas.
func sniffComma(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

func (wb *Workbook) problem(p Problem) { wb.problems = append(wb.problems, p) }

// add takes the first row as the header and keeps every row below it that
// has a value.
func (wb *Workbook) add(sheet string, rows [][]string, headerRow int) {
	t := &table{sheet: sheet, columns: map[string]int{}, headed: map[int]bool{}}
	wb.tables[sheet] = t
	if len(rows) == 0 {
		wb.problem(Problem{Sheet: sheet, Row: headerRow, Message: "has no header row; the first row must name the columns"})
		return
	}
	wb.header(t, rows[0], headerRow)
	for i, cells := range rows[1:] {
		if blank(cells) {
			continue
		}
		t.rows = append(t.rows, rawRow{num: headerRow + 1 + i, cells: cells})
		wb.unnamed(t, cells, headerRow+1+i)
	}
}

// header maps each column name to its position and reports unknown,
// repeated and missing columns.
func (wb *Workbook) header(t *table, names []string, row int) {
	known := Columns[t.sheet]
	for i, raw := range names {
		name := strings.ToLower(strings.TrimSpace(raw))
		if name == "" {
			continue
		}
		t.headed[i] = true
		p := Problem{Sheet: t.sheet, Row: row, Column: name, Cell: cellName(i, row)}
		switch {
		case !slices.Contains(known, name):
			p.Message = "is not a column of " + t.sheet + "; the columns are " + strings.Join(known, ", ")
		case hasKey(t.columns, name):
			p.Message = "appears twice in the header"
		default:
			t.columns[name] = i
			continue
		}
		wb.problem(p)
	}
	for _, name := range RequiredColumns[t.sheet] {
		if !hasKey(t.columns, name) {
			wb.problem(Problem{Sheet: t.sheet, Row: row, Column: name, Message: "is a required column and missing from the header"})
		}
	}
}

// unnamed reports values in columns that have no header, which would
// otherwise be dropped without a word.
func (wb *Workbook) unnamed(t *table, cells []string, row int) {
	for i := range cells {
		if !t.headed[i] && strings.TrimSpace(cells[i]) != "" {
			wb.problem(Problem{Sheet: t.sheet, Row: row, Cell: cellName(i, row), Message: "holds a value in a column without a header"})
			return
		}
	}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// cellName is the A1 name of the cell at zero-based column i.
func cellName(i, row int) string {
	name, err := excelize.CoordinatesToCellName(i+1, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, i+1)
	}
	return name
}

// Columns lists the known columns a sheet of the workbook has, in their
// order in the file; nil when the workbook has no such sheet.
func (wb *Workbook) Columns(sheet string) []string {
	t := wb.tables[sheet]
	if t == nil {
		return nil
	}
	cols := make([]string, 0, len(t.columns))
	for name := range t.columns {
		cols = append(cols, name)
	}
	slices.SortFunc(cols, func(a, b string) int { return t.columns[a] - t.columns[b] })
	return cols
}
