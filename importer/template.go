package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readmeIntro is the top of the template's README sheet, one line a row.
var readmeIntro = []string{
	"Koncernregistret import template",
	"Fill in the sheets you need and send the workbook to POST /api/v1/import (add ?dry_run=true to check it without writing), or run: koncern import FILE.",
	"Each sheet holds one kind of record; the first row names the columns, every later non-empty row is one record. Columns may come in any order; optional columns may be left out. This README sheet is ignored.",
	"Dates are written YYYY-MM-DD (cells formatted as dates work too). valid_to is the last day a record holds, inclusive; empty means still in force.",
	"References use natural keys, not ids: an organisation by its organisationsnummer (X_org_number) or, when it has none, by its name (X_name) and the names of its parents from the top down (X_path, e.g. Tranås kommun / Kommunstyrelsen); a post by its organisation and its title; a person by name, and e-mail and key when names repeat; a document by its reference or else its title, and its issuer (document_issuer_*) when several share it.",
	"An export writes keys that are unique across the whole registry, however many municipalities it holds. A file of one municipality can mostly do with names alone; where a name is not unique the import says which column to add.",
	"A reference is looked up in this workbook first and in the registry second. When several records share the key (an organisation re-created under the same name), the one in force on the row's valid_from is meant.",
	"Keys of the records themselves: organisation = org_number, or kind + name + parent; person = name + email + key; post = organisation + title; document = issuer + reference, or issuer + title; assignment = person + post; stake = owner + company; steering line = from + to + kind. A row whose key and valid_from match a record in the registry with the same values is left as it is (unchanged), so the same workbook can be imported again. A row whose key matches a record with other values, or with another overlapping period, is a problem: the import only adds records; change existing ones through the API.",
	"The import is all or nothing: if any row has a problem, nothing is written and every problem is reported with its sheet, row and column.",
}

// Template returns the documented XLSX template: a README sheet that
// explains every column, and one sheet per kind with its header row.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ReadmeSheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	// Text format keeps Excel from turning 2003-01-01 into a date serial
	// and 212000-0142 into a subtraction.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	if err := writeReadme(f, bold); err != nil {
		return nil, err
	}
	for _, sheet := range Sheets {
		if err := writeSheet(f, sheet, bold, text); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeReadme(f *excelize.File, bold int) error {
	row := 1
	set := func(values ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return f.SetSheetRow(ReadmeSheet, cell, &values)
	}
	for _, line := range readmeIntro {
		if err := set(line); err != nil {
			return err
		}
	}
	row++
	header := row
	if err := set("sheet", "column", "required", "meaning"); err != nil {
		return err
	}
	for _, sheet := range Sheets {
		for _, c := range columnSpecs[sheet] {
			req := ""
			if c.Required {
				req = "yes"
			}
			if err := set(sheet, c.Name, req, c.Doc); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(ReadmeSheet, "A1", "A1", bold); err != nil {
		return err
	}
	if err := f.SetRowStyle(ReadmeSheet, header, header, bold); err != nil {
		return err
	}
	return errors.Join(f.SetColWidth(ReadmeSheet, "A", "B", 24), f.SetColWidth(ReadmeSheet, "D", "D", 100))
}

func writeSheet(f *excelize.File, sheet string, bold, text int) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	cols := Columns[sheet]
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := errors.Join(f.SetRowStyle(sheet, 1, 1, bold), f.SetColWidth(sheet, "A", last, 20)); err != nil {
		return err
	}
	for i, c := range cols {
		if textColumn(c) {
			name, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColStyle(sheet, name, text); err != nil {
				return fmt.Errorf("style %s.%s: %w", sheet, c, err)
			}
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// textColumn reports the columns whose values a spreadsheet would
// otherwise reformat: dates and organisationsnummer.
func textColumn(name string) bool {
	return strings.HasSuffix(name, "org_number") || strings.HasPrefix(name, "valid_") || name == "decided_on"
}
