package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/koncernregistret/koncern"
)

// Problem is one thing wrong with an import, located as a person finds it
// in the spreadsheet: the sheet, the row number Excel shows (the header is
// row 1, the first record row 2) and the column's header name. Row is 0 for
// a problem of the whole sheet (an unknown sheet) and 1 for one of the
// header (an unknown or missing column); Column is empty for a problem of
// the whole row.
type Problem struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Cell    string `json:"cell,omitempty"` // e.g. "B7"; empty when the column is not in the file
	Message string `json:"message"`
}

// Field names the problem's place in the one string a koncern.FieldError
// carries: "organizations[7].org_number", "stakes[3]", "organizations.kind"
// for a missing column, "budget" for an unknown sheet.
func (p Problem) Field() string {
	var b strings.Builder
	b.WriteString(p.Sheet)
	if p.Row > 1 {
		b.WriteString("[" + strconv.Itoa(p.Row) + "]")
	}
	if p.Column != "" {
		b.WriteString("." + p.Column)
	}
	return b.String()
}

// String writes the problem the way the command line prints it.
func (p Problem) String() string {
	at := p.Sheet
	if p.Cell != "" {
		at += "!" + p.Cell
	} else if p.Row > 0 {
		at += " row " + strconv.Itoa(p.Row)
	}
	if p.Column != "" {
		at += " (" + p.Column + ")"
	}
	return at + ": " + p.Message
}

// Problems is the error of an import that found problems; nothing was
// written.
type Problems []Problem

func (ps Problems) Error() string {
	return fmt.Sprintf("the import has %d problem(s); nothing was written", len(ps))
}

// AsError turns the problems into the registry's one error type, an
// EINVALID error whose fields name sheet, row and column, so that the HTTP
// layer answers with the usual 422 problem document.
func (ps Problems) AsError() *koncern.Error {
	fields := make([]koncern.FieldError, len(ps))
	for i, p := range ps {
		fields[i] = koncern.FieldError{Field: p.Field(), Message: p.Message}
	}
	return &koncern.Error{Code: koncern.EINVALID, Message: ps.Error() + ": " + koncern.SummarizeFields(fields), Fields: fields}
}

// sortProblems orders problems as the sheets are imported, then by row and
// column, so that a reader can work through them from the top.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := sheetRank(a.Sheet) - sheetRank(b.Sheet); c != 0 {
			return c
		}
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return columnRank(a.Sheet, a.Column) - columnRank(b.Sheet, b.Column)
	})
}

func sheetRank(sheet string) int {
	if i := slices.Index(Sheets, sheet); i >= 0 {
		return i
	}
	return len(Sheets)
}

func columnRank(sheet, col string) int {
	if i := slices.Index(Columns[sheet], col); i >= 0 {
		return i
	}
	return -1
}
