package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// handWorkbook zips the parts as they are given, so that a test can write
// a workbook the way another program than excelize lays it out.
func handWorkbook(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := z.Create(name)
		must(t, err)
		_, err = w.Write([]byte(parts[name]))
		must(t, err)
	}
	must(t, z.Close())
	return buf.Bytes()
}

const (
	relsNS    = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relType   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	sheetMain = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
)

// peopleWorkbook is a workbook of one people sheet whose part the
// workbook's relationship names by target, the sheet's rows given as XML,
// and props the workbook's properties (workbookPr) as XML.
func peopleWorkbook(t *testing.T, part, target, rows, props string) []byte {
	return handWorkbook(t, map[string]string{
		"_rels/.rels": `<Relationships ` + relsNS + `><Relationship Id="rId1" Type="` + relType + `officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<x:workbook ` + sheetMain + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			props + `<x:sheets><x:sheet name="people" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships ` + relsNS + `><Relationship Id="rId1" Type="` + relType + `worksheet" Target="` + target + `"/>` +
			`<Relationship Id="rId2" Type="` + relType + `sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<x:sst ` + sheetMain + `><x:si><x:t>name</x:t></x:si><x:si><x:r><x:t>An</x:t></x:r><x:r><x:t>na</x:t></x:r></x:si><x:si><x:t>valid_from</x:t></x:si></x:sst>`,
		part:                   `<x:worksheet ` + sheetMain + `><x:sheetData>` + rows + `</x:sheetData></x:worksheet>`,
	})
}

// TestSheetParts reads workbooks laid out as the .NET OpenXML SDK and
// others write them: prefixed elements, absolute targets, a part name
// with a space (percent-encoded in its target), and rows and cells
// without references, placed by their order.
func TestSheetParts(t *testing.T) {
	// Header name, -, -, valid_from; then Anna with a date serial in D.
	rows := `<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c/><x:c/><x:c t="s"><x:v>2</x:v></x:c></x:row>` +
		`<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v/></x:c><x:c/><x:c t="n"><x:v>38353</x:v></x:c></x:row>`
	for _, c := range []struct{ name, part, target string }{
		{"AbsoluteTarget", "xl/worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml"},
		{"RelativeTarget", "xl/worksheets/sheet1.xml", "worksheets/sheet1.xml"},
		{"PercentEncodedTarget", "xl/worksheets/Sheet 1.xml", "worksheets/Sheet%201.xml"},
		{"PlainSpaceTarget", "xl/worksheets/Sheet 1.xml", "/xl/worksheets/Sheet 1.xml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			im := newImporter(t)
			if _, ps := importXLSX(t, im, peopleWorkbook(t, c.part, c.target, rows, ""), false); ps != nil {
				t.Fatal(ps.AsError())
			}
			people, err := im.Registry.ListPeople(viewer.System(context.Background()), registry.PersonFilter{ListOptions: registry.ListOptions{History: true, Limit: 10}})
			must(t, err)
			if len(people.Items) != 1 || people.Items[0].Name != "Anna" || people.Items[0].From.String() != "2005-01-01" {
				t.Fatalf("people %+v, want Anna from 2005-01-01", people.Items)
			}
		})
	}
}

// TestErrorCell refuses a cell that shows a spreadsheet error (a lookup
// that found nothing) instead of importing "#N/A" as a name.
func TestErrorCell(t *testing.T) {
	im := newImporter(t)
	before := stored(t, im.Registry)
	rows := `<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c/><x:c/><x:c t="s"><x:v>2</x:v></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="e"><x:f>VLOOKUP(B2,Z:Z,1,0)</x:f><x:v>#N/A</x:v></x:c><x:c r="D2" t="n"><x:v>38353</x:v></x:c></x:row>`
	_, ps := importXLSX(t, im, peopleWorkbook(t, "xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", rows, ""), false)
	expect(t, ps, problem{"people", 2, "", "holds the spreadsheet error #N/A"})
	wroteNothing(t, im.Registry, before)
}

// TestDate1904 reads the date serials of a workbook in the 1904 date
// system (older Excel for Mac) from 1904: serial 36891 is 2005-01-01
// there, not 2001-01-01.
func TestDate1904(t *testing.T) {
	im := newImporter(t)
	rows := `<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c/><x:c/><x:c t="s"><x:v>2</x:v></x:c></x:row>` +
		`<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c/><x:c/><x:c s="1"><x:v>36891</x:v></x:c></x:row>`
	data := peopleWorkbook(t, "xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", rows, `<x:workbookPr date1904="1"/>`)
	if _, ps := importXLSX(t, im, data, false); ps != nil {
		t.Fatal(ps.AsError())
	}
	people, err := im.Registry.ListPeople(viewer.System(context.Background()), registry.PersonFilter{ListOptions: registry.ListOptions{History: true, Limit: 10}})
	must(t, err)
	if len(people.Items) != 1 || people.Items[0].From.String() != "2005-01-01" {
		t.Fatalf("people %+v, want Anna from 2005-01-01", people.Items)
	}
}
