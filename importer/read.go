package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

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
// of its structure (unknown sheets, unknown or missing columns, a sheet
// beyond the limits below).
type Workbook struct {
	tables   map[string]*table
	problems []Problem
	cells    int  // values stored, against MaxCells
	full     bool // MaxCells was reached; nothing more is read
	// date1904 says that the workbook's date serials count from 1904.
	date1904 bool
}

// Limits of what an import reads. A file within the body limit can still
// describe far more than it holds (a cell in the last column, a million
// blank lines, a zip that unpacks a thousandfold); these keep the memory
// and time an import takes to what its real rows need.
const (
	// MaxRows is the most record rows (blank rows not counted) a sheet or
	// CSV file may have: twice the largest register of the national
	// dataset.
	MaxRows = 200_000
	// MaxCellLength is the most characters a cell may hold, as in Excel.
	MaxCellLength = 32_767
	// MaxCells is the most values the record rows of a file may hold
	// together, which bounds the memory its rows take: the national
	// dataset's workbook holds 1.5 million.
	MaxCells = 4_000_000
	// maxFields is the most fields a CSV record may have before it is
	// parsed: as many as a spreadsheet has columns (A to XFD), so that
	// the separators a spreadsheet writes for an empty used range pass.
	maxFields = 16_384
)

// maxCells is MaxCells, a variable so that a test can lower it.
var maxCells = MaxCells

// table is one sheet: the position of each known column and the rows
// below the header.
type table struct {
	sheet   string
	columns map[string]int
	headed  map[int]bool // positions with a header, known or not
	rows    []rawRow
	// slots maps the position of each known column to its place in a
	// stored row: rows keep only the known columns, in the order of
	// Columns, so that a cell far to the right costs nothing.
	slots   map[int]int
	started bool // the header row has been read
	refused bool // the sheet broke a limit; the rest of it is not read
}

// rawRow is one non-empty row with its number as the spreadsheet shows it
// and the cells of its known columns (see table.slots).
type rawRow struct {
	num   int
	cells []string
}

// cell is a non-empty cell as read, at its zero-based column position.
type cell struct {
	col   int
	value string
}

// Read reads an XLSX workbook, or a CSV file holding the one sheet named by
// kind. It returns an EBADREQUEST error when the file cannot be read at
// all, ETOOLARGE when it unpacks to more than an import reads; problems of
// its structure come back with the workbook so that they are reported
// together.
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

// CSVKind is the sheet a CSV file holds: kind when the sender named one,
// else the file's name without its extension (people.csv holds people).
func CSVKind(kind, filename string) string {
	if kind != "" {
		return kind
	}
	return strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
}

func readCSV(r io.Reader, kind string) (*Workbook, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // the byte-order mark Excel writes
	wb := &Workbook{tables: map[string]*table{}}
	comma := sniffComma(data)
	// The reader holds every field of a record at once, so a record of
	// millions of separators is refused before it is parsed.
	if line := wideRecord(data, byte(comma), maxFields); line > 0 {
		wb.problem(Problem{Sheet: kind, Row: line, Message: fmt.Sprintf("has more than %d fields, more columns than any spreadsheet has", maxFields)})
		return wb, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := wb.table(kind)
	var cells []cell
	for !t.refused {
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
		// The reader skips blank lines without a record; the line number
		// keeps the rows where a text editor shows them.
		line, _ := cr.FieldPos(0)
		cells = cells[:0]
		for i, v := range rec {
			if v != "" {
				cells = append(cells, cell{col: i, value: v})
			}
		}
		wb.row(t, line, cells)
	}
	wb.end(t)
	return wb, nil
}

// wideRecord returns the line on which the first record with more than
// limit fields starts, or 0. It follows quotes as CSV does: a separator
// or line break inside quotes belongs to the field.
func wideRecord(data []byte, comma byte, limit int) int {
	line, start, fields, quoted := 1, 1, 1, false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case c == comma && !quoted:
			if fields++; fields > limit {
				return start
			}
		case c == '\n':
			line++
			if !quoted {
				start, fields = line, 1
			}
		}
	}
	return 0
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

// table starts the table of a sheet.
func (wb *Workbook) table(sheet string) *table {
	t := &table{sheet: sheet, columns: map[string]int{}, headed: map[int]bool{}, slots: map[int]int{}}
	wb.tables[sheet] = t
	return t
}

// row takes one row of a sheet as it is read: row 1 is the header, every
// later row with a value is a record. A sheet without a row 1 has an
// empty header, which reports the required columns as missing.
func (wb *Workbook) row(t *table, num int, cells []cell) {
	wb.lengths(t, num, cells)
	if !t.started {
		t.started = true
		if num == 1 {
			wb.header(t, cells, num)
			return
		}
		wb.header(t, nil, 1)
	}
	if t.refused || wb.full || blank(cells) {
		return
	}
	if len(t.rows) == MaxRows {
		wb.problem(Problem{Sheet: t.sheet, Row: num, Message: fmt.Sprintf("is beyond the %d rows a sheet may have; split the file", MaxRows)})
		t.refused = true
		return
	}
	stored, ok := wb.store(t, num, cells)
	if !ok {
		return
	}
	if wb.cells += len(cells); wb.cells > maxCells {
		wb.problem(Problem{Sheet: t.sheet, Row: num, Message: fmt.Sprintf("brings the file past the %d values an import reads; split the file", maxCells)})
		t.refused, wb.full = true, true
		return
	}
	t.rows = append(t.rows, stored)
}

// store lays out a record row's cells by the known columns' slots and
// reports values without a header; false when the row reaches beyond the
// sheet's columns, which refuses the sheet.
func (wb *Workbook) store(t *table, num int, cells []cell) (rawRow, bool) {
	stored := rawRow{num: num}
	unnamed := false
	for _, c := range cells {
		slot, known := t.slots[c.col]
		switch {
		case known:
			if len(stored.cells) <= slot {
				stored.cells = append(stored.cells, make([]string, slot+1-len(stored.cells))...)
			}
			stored.cells[slot] = c.value
		case t.headed[c.col] || strings.TrimSpace(c.value) == "":
			// An unknown or repeated column, reported with the header.
		case wb.beyond(t, c, num):
			return rawRow{}, false
		case !unnamed:
			// A value without a header would be dropped without a word.
			unnamed = true
			wb.problem(Problem{Sheet: t.sheet, Row: num, Cell: cellName(c.col, num), Message: "holds a value in a column without a header"})
		}
	}
	return stored, true
}

// end closes a table after its last row: a sheet without any row has no
// header.
func (wb *Workbook) end(t *table) {
	if !t.started {
		wb.problem(Problem{Sheet: t.sheet, Row: 1, Message: "has no header row; the first row must name the columns"})
	}
}

// lengths reports cells longer than a spreadsheet cell can be, and
// empties them: the import stops on the problem, and the text is not kept.
func (wb *Workbook) lengths(t *table, num int, cells []cell) {
	for i, c := range cells {
		if len(c.value) > MaxCellLength && utf8.RuneCountInString(c.value) > MaxCellLength {
			wb.problem(Problem{Sheet: t.sheet, Row: num, Cell: cellName(c.col, num), Message: fmt.Sprintf("is longer than the %d characters a spreadsheet cell holds", MaxCellLength)})
			cells[i].value = ""
		}
	}
}

// beyond refuses the rest of a sheet that has a value right of the
// columns the template gives it: no real register reaches there, and a
// sheet reaching the last column would otherwise be read cell by cell.
func (wb *Workbook) beyond(t *table, c cell, num int) bool {
	width := len(Columns[t.sheet])
	if c.col < width {
		return false
	}
	last, _ := excelize.ColumnNumberToName(width)
	col, _ := excelize.ColumnNumberToName(c.col + 1)
	wb.problem(Problem{Sheet: t.sheet, Row: num, Cell: cellName(c.col, num), Message: fmt.Sprintf(
		"holds a value in column %s, beyond the %d columns of %s (A to %s), and it is none of them; the columns are %s; clear everything right of the table",
		col, width, t.sheet, last, strings.Join(Columns[t.sheet], ", "))})
	t.refused = true
	return true
}

// header maps each column name to its position and reports unknown,
// repeated and missing columns.
func (wb *Workbook) header(t *table, cells []cell, row int) {
	known := Columns[t.sheet]
	for _, c := range cells {
		name := strings.ToLower(strings.TrimSpace(c.value))
		if name == "" {
			continue
		}
		p := Problem{Sheet: t.sheet, Row: row, Column: name, Cell: cellName(c.col, row)}
		switch {
		case !slices.Contains(known, name):
			if wb.beyond(t, c, row) {
				return
			}
			p.Message = "is not a column of " + t.sheet + "; the columns are " + strings.Join(known, ", ")
		case hasKey(t.columns, name):
			p.Message = "appears twice in the header"
		default:
			t.columns[name] = c.col
			t.slots[c.col] = slices.Index(known, name)
		}
		t.headed[c.col] = true
		if p.Message != "" {
			wb.problem(p)
		}
	}
	for _, name := range RequiredColumns[t.sheet] {
		if !hasKey(t.columns, name) {
			wb.problem(Problem{Sheet: t.sheet, Row: row, Column: name, Message: "is a required column and missing from the header"})
		}
	}
}

// value is the cell of a stored row in the named column; empty when the
// sheet has no such column or the row no such cell.
func (t *table) value(cells []string, col string) string {
	if !hasKey(t.columns, col) {
		return ""
	}
	if slot := slices.Index(Columns[t.sheet], col); slot < len(cells) {
		return cells[slot]
	}
	return ""
}

func blank(cells []cell) bool {
	for _, c := range cells {
		if strings.TrimSpace(c.value) != "" {
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
