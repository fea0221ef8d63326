package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/importer/importertest"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// importCSV checks a CSV file of people in a dry run and returns its
// result or problems.
func importCSV(t *testing.T, im *importer.Importer, data []byte) (importer.Result, importer.Problems) {
	t.Helper()
	return importFile(t, im, data, importer.CSV, "people", true)
}

// TestBlankLinesCSV reads 20 MiB of blank lines between the header and the
// one record: the record is found, on the line a text editor shows it.
func TestBlankLinesCSV(t *testing.T) {
	const blank = 20 << 20
	im := newImporter(t)
	t.Run("Imported", func(t *testing.T) {
		res, ps := importCSV(t, im, importertest.BlankLinesCSV(blank))
		if ps != nil {
			t.Fatal(ps.AsError())
		}
		if res.Sheets["people"].Created != 1 {
			t.Fatalf("result %+v", res)
		}
	})
	t.Run("ErrRowNumber", func(t *testing.T) {
		data := bytes.Replace(importertest.BlankLinesCSV(blank), []byte("2004-01-01"), []byte("2004-13-01"), 1)
		_, ps := importCSV(t, im, data)
		expect(t, ps, problem{"people", blank + 2, "valid_from", "must be a date"})
	})
}

// TestFarColumn reads a people sheet whose 3 000 records are each one cell
// in column XFD: the sheet is refused at its first such cell, once.
func TestFarColumn(t *testing.T) {
	data, err := importertest.FarColumnWorkbook(3000)
	if err != nil {
		t.Fatal(err)
	}
	_, ps := importXLSX(t, newImporter(t), data, true)
	expect(t, ps, problem{"people", 2, "", fmt.Sprintf("holds a value in column XFD, beyond the %d columns of people", len(importer.Columns["people"]))})
	if ps[0].Cell != "XFD2" {
		t.Fatalf("the problem names cell %q, want XFD2", ps[0].Cell)
	}
}

// TestLimits reads files that break the other limits of a sheet.
func TestLimits(t *testing.T) {
	im := newImporter(t)
	// beyond is a header or row with a last cell right of people's columns.
	beyond := func(first, last any) []any {
		row := make([]any, len(importer.Columns["people"])+2)
		row[0], row[len(row)-1] = first, last
		return row
	}
	t.Run("ErrUnknownHeaderBeyondColumns", func(t *testing.T) {
		s := sheets{"people": {beyond("name", "notes"), {"Anna"}}}
		_, ps := importXLSX(t, im, s.xlsx(t), true)
		expect(t, ps, problem{"people", 1, "", "beyond the"})
	})
	t.Run("KnownHeaderBeyondColumns", func(t *testing.T) {
		// Blank columns between known ones are no problem.
		s := sheets{"people": {beyond("name", "valid_from"), beyond("Anna", "2004-01-01")}}
		res, ps := importXLSX(t, im, s.xlsx(t), true)
		if ps != nil || res.Sheets["people"].Created != 1 {
			t.Fatalf("result %+v, problems %v", res, ps)
		}
	})
	t.Run("ErrTooManyRows", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString("name,valid_from\n")
		for i := range importer.MaxRows + 1 {
			fmt.Fprintf(&b, "P%d,2004-01-01\n", i)
		}
		_, ps := importCSV(t, im, b.Bytes())
		expect(t, ps, problem{"people", importer.MaxRows + 2, "", fmt.Sprintf("is beyond the %d rows a sheet may have", importer.MaxRows)})
	})
	t.Run("ErrTooManyFields", func(t *testing.T) {
		data := "name,valid_from\nAnna,2004-01-01\n\"a\nb\"" + strings.Repeat(",", 20000) + "\n"
		_, ps := importCSV(t, im, []byte(data))
		expect(t, ps, problem{"people", 3, "", "has more than 16384 fields"})
	})
	t.Run("ErrLongCell", func(t *testing.T) {
		data := "name,valid_from\n" + strings.Repeat("å", importer.MaxCellLength+1) + ",2004-01-01\n"
		_, ps := importCSV(t, im, []byte(data))
		expect(t, ps, problem{"people", 2, "", "is longer than the 32767 characters a spreadsheet cell holds"})
	})
	t.Run("ErrUnpacked", func(t *testing.T) {
		importer.SetMaxUnpacked(t, 4<<20)
		data, err := importertest.UnpackingWorkbook(5 << 20)
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Read(bytes.NewReader(data), importer.XLSX, "")
		if koncern.ErrorCode(err) != koncern.ETOOLARGE || !strings.Contains(err.Error(), "unpacks to more than 4 MiB") {
			t.Fatalf("%d bytes unpacking to 5 MiB: %v", len(data), err)
		}
	})
	t.Run("UnpackedWithinLimit", func(t *testing.T) {
		importer.SetMaxUnpacked(t, 4<<20)
		data, err := importertest.UnpackingWorkbook(3 << 20)
		if err != nil {
			t.Fatal(err)
		}
		res, ps := importXLSX(t, im, data, true)
		if ps != nil || res.Sheets["people"].Created != 1 {
			t.Fatalf("result %+v, problems %v", res, ps)
		}
	})
	t.Run("ErrTooManyCells", func(t *testing.T) {
		// The values of every sheet count together; the sheets after the
		// one that passes the limit are not read.
		importer.SetMaxCells(t, 5)
		s := sheets{
			"organizations": {{"kind", "name", "valid_from"}, {"municipality", "Testkommun", "2003-01-01"}},
			"people":        {{"name", "valid_from"}, {"Anna", "2004-01-01"}, {"Bo", "2004-01-01"}},
			"posts":         {{"organization_name"}, {"x"}},
		}
		_, ps := importXLSX(t, im, s.xlsx(t), true)
		expect(t, ps, problem{"people", 3, "", "brings the file past the 5 values an import reads"})
	})
	t.Run("ErrDeep", func(t *testing.T) {
		data, err := importertest.RawWorkbook(importertest.RawSheet{Name: "people", Rows: func(w io.Writer) error {
			_, err := io.WriteString(w, strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100))
			return err
		}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Read(bytes.NewReader(data), importer.XLSX, "")
		if koncern.ErrorCode(err) != koncern.EBADREQUEST || !strings.Contains(err.Error(), "nests elements more than") {
			t.Fatalf("elements 100 deep: %v", err)
		}
	})
	t.Run("ErrLongText", func(t *testing.T) {
		data, err := importertest.RawWorkbook(importertest.RawSheet{Name: "people", Rows: func(w io.Writer) error {
			_, err := io.WriteString(w, "<row>"+strings.Repeat(" ", 2<<20)+"</row>")
			return err
		}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Read(bytes.NewReader(data), importer.XLSX, "")
		if koncern.ErrorCode(err) != koncern.EBADREQUEST || !strings.Contains(err.Error(), "longer than 1048576 bytes") {
			t.Fatalf("a text of 2 MiB: %v", err)
		}
	})
	t.Run("ErrComment", func(t *testing.T) {
		data, err := importertest.RawWorkbook(importertest.RawSheet{Name: "people", Rows: func(w io.Writer) error {
			_, err := io.WriteString(w, "<!-- < > -->")
			return err
		}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Read(bytes.NewReader(data), importer.XLSX, "")
		if koncern.ErrorCode(err) != koncern.EBADREQUEST || !strings.Contains(err.Error(), "comment") {
			t.Fatalf("a comment: %v", err)
		}
	})
}

// BenchmarkFarColumn and BenchmarkBlankLinesCSV read the two files of
// issue 12 that exhausted the server's memory; with -benchmem they show
// what a read allocates.
func BenchmarkFarColumn(b *testing.B) {
	data, err := importertest.FarColumnWorkbook(3000)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := importer.Read(bytes.NewReader(data), importer.XLSX, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlankLinesCSV(b *testing.B) {
	data := importertest.BlankLinesCSV(20 << 20)
	for b.Loop() {
		if _, err := importer.Read(bytes.NewReader(data), importer.CSV, "people"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWorkbookXML reads what spreadsheet programs write beyond the
// excelize workbooks of the other tests: prefixed elements, rich text in
// runs with a phonetic guide, entities and character references, a date
// cell and a '>' inside an attribute value.
func TestWorkbookXML(t *testing.T) {
	im := newImporter(t)
	data, err := importertest.RawWorkbook(importertest.RawSheet{Name: "people", Rows: func(w io.Writer) error {
		_, err := io.WriteString(w, `<x:row r="1" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
			`<x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>valid_from</x:t></x:is></x:c></x:row>`+
			`<row r="2" spans="1:4" note="a > b"><c r="A2" t="inlineStr"><is><r><t>Ann</t></r><r><rPr><b/></rPr><t xml:space="preserve">a &amp; &#229;</t></r>`+
			`<rPh sb="0" eb="1"><t>ANNA</t></rPh></is></c><c r="D2"><v>38353</v></c></row>`+
			"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Bo Berg</t></is></c><c r=\"D3\" t=\"inlineStr\"><is><t>2004-01-01</t></is></c></row>")
		return err
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ps := importXLSX(t, im, data, false); ps != nil {
		t.Fatal(ps.AsError())
	}
	people, err := im.Registry.ListPeople(viewer.System(context.Background()), registry.PersonFilter{ListOptions: registry.ListOptions{History: true, Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range people.Items {
		got = append(got, p.Name+" "+p.From.String())
	}
	slices.Sort(got)
	if want := []string{"Anna & å 2005-01-01", "Bo Berg 2004-01-01"}; !slices.Equal(got, want) {
		t.Fatalf("people %q, want %q", got, want)
	}
}
