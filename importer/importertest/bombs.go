package importertest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/koncernregistret/koncern/importer"
)

// Files that are small on the wire and large once read, for the tests and
// the measurements (scripts/import-bombs.sh) of the import's limits.

// RawSheet is a sheet of a RawWorkbook: Rows writes what goes inside its
// <sheetData> element.
type RawSheet struct {
	Name string
	Rows func(w io.Writer) error
}

// RawWorkbook writes a minimal workbook of the sheets, streaming each
// sheet's XML into the zip, so that a test can build what no spreadsheet
// program writes and what would not fit in memory unpacked.
func RawWorkbook(sheets ...RawSheet) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	var types, list, rels strings.Builder
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.Name, n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + types.String() + `</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + list.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`},
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return nil, err
		}
	}
	for i, s := range sheets {
		w, err := z.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`); err != nil {
			return nil, err
		}
		if err := s.Rows(w); err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, `</sheetData></worksheet>`); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// InlineRow writes row n with text cells from column A on.
func InlineRow(w io.Writer, n int, values ...string) error {
	if _, err := fmt.Fprintf(w, `<row r="%d">`, n); err != nil {
		return err
	}
	for i, v := range values {
		col := ""
		for c := i + 1; c > 0; c = (c - 1) / 26 {
			col = string(rune('A'+(c-1)%26)) + col
		}
		if _, err := fmt.Fprintf(w, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, col, n, v); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, `</row>`)
	return err
}

// FarColumnWorkbook is a people sheet with its header and then rows
// records, each only a text cell in the last column a spreadsheet has
// (XFD): about 14 bytes a row on the wire, a row 16 384 cells wide to a
// reader that pads rows out to their last cell.
func FarColumnWorkbook(rows int) ([]byte, error) {
	return RawWorkbook(RawSheet{Name: "people", Rows: func(w io.Writer) error {
		if err := InlineRow(w, 1, "name", "valid_from"); err != nil {
			return err
		}
		for i := 2; i < rows+2; i++ {
			if _, err := fmt.Fprintf(w, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i); err != nil {
				return err
			}
		}
		return nil
	}})
}

// UnpackingWorkbook is a people sheet with its header, one record, and
// then about size bytes of empty rows: a zip of a few hundred kilobytes
// per hundred megabytes unpacked.
func UnpackingWorkbook(size int) ([]byte, error) {
	const empty = `<row><c/></row>`
	chunk := strings.Repeat(empty, 64<<10/len(empty))
	return RawWorkbook(RawSheet{Name: "people", Rows: func(w io.Writer) error {
		if err := InlineRow(w, 1, "name", "valid_from"); err != nil {
			return err
		}
		if err := InlineRow(w, 2, "Anna", "2004-01-01"); err != nil {
			return err
		}
		for n := 0; n < size; n += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return err
			}
		}
		return nil
	}})
}

// BlankLinesCSV is a people file with its header, blank empty lines and
// then one record, on line blank+2.
func BlankLinesCSV(blank int) []byte {
	var b bytes.Buffer
	b.Grow(blank + 64)
	b.WriteString("name,valid_from\n")
	b.Write(bytes.Repeat([]byte("\n"), blank))
	b.WriteString("X,2004-01-01\n")
	return b.Bytes()
}

// FullWorkbook has every sheet with its header and then rows records, each
// a short number in every column: the most values per byte a workbook
// holds, to fill the import's budget of values (importer.MaxCells).
func FullWorkbook(rows int) ([]byte, error) {
	var sheets []RawSheet
	for _, name := range importer.Sheets {
		cols := importer.Columns[name]
		row := strings.Repeat(`<c><v>12</v></c>`, len(cols))
		sheets = append(sheets, RawSheet{Name: name, Rows: func(w io.Writer) error {
			if err := InlineRow(w, 1, cols...); err != nil {
				return err
			}
			for i := 2; i < rows+2; i++ {
				if _, err := fmt.Fprintf(w, `<row r="%d">%s</row>`, i, row); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	return RawWorkbook(sheets...)
}
