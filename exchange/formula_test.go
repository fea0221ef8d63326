package exchange_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// formulaPeople are people whose names and phone a spreadsheet would run
// as formulas, beside a negative number and a name with a quote, which it
// would not.
var formulaPeople = []koncern.PersonInput{
	{Name: `=HYPERLINK("http://x","y")`},
	{Name: "@SUM(A1:A9)"},
	{Name: "-5"},
	{Name: "'=already quoted"},
	{Name: "'t Hooft"},
	{Name: "Bo Berg", Phone: ptr("+46 36 10 50 00")},
}

func ptr[T any](v T) *T { return &v }

// TestFormulasEscaped exports people whose names look like formulas: the
// workbook holds them as escaped text cells, never as formulas, the CSV
// as escaped fields, and both import again as the same people.
func TestFormulasEscaped(t *testing.T) {
	ctx := viewer.System(context.Background())
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	from := registrytest.MustRegistry(t, now)
	for _, p := range formulaPeople {
		p.Period = koncern.Period{From: koncern.MustDate("2004-01-01")}
		if _, err := from.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	regs := history(t, from)
	people := registerNamed(regs, "people")
	book, err := exchange.Workbook(regs)
	if err != nil {
		t.Fatal(err)
	}
	var csvFile bytes.Buffer
	if err := exchange.WriteCSV(&csvFile, people); err != nil {
		t.Fatal(err)
	}
	t.Run("WorkbookHasNoFormula", func(t *testing.T) {
		sheets := unzipSheets(t, book)
		if strings.Contains(sheets, "<f>") || strings.Contains(sheets, "<f ") {
			t.Fatal("the workbook holds a formula")
		}
		if !strings.Contains(sheets, `<t>&#39;=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)</t>`) {
			t.Fatalf("the workbook lacks the escaped name as a text cell:\n%s", sheets)
		}
	})
	t.Run("CSVEscaped", func(t *testing.T) {
		records, err := csv.NewReader(bytes.NewReader(csvFile.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, r := range records {
			fields = append(fields, r...)
		}
		for _, want := range []string{`'=HYPERLINK("http://x","y")`, "'@SUM(A1:A9)", "-5", "''=already quoted", "'t Hooft", "'+46 36 10 50 00"} {
			if !slices.Contains(fields, want) {
				t.Errorf("the CSV lacks the field %q: %q", want, fields)
			}
		}
	})
	t.Run("WorkbookImports", func(t *testing.T) {
		got := importPeople(t, now, book, importer.XLSX)
		samePeople(t, got, people)
	})
	t.Run("CSVImports", func(t *testing.T) {
		got := importPeople(t, now, csvFile.Bytes(), importer.CSV)
		samePeople(t, got, people)
	})
}

// unzipSheets is the XML of every worksheet of a workbook.
func unzipSheets(t *testing.T, book []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

// importPeople imports a file into an empty registry and exports its
// people again.
func importPeople(t *testing.T, now time.Time, data []byte, format importer.Format) exchange.Register {
	t.Helper()
	im := &importer.Importer{Registry: registrytest.MustRegistry(t, now)}
	if _, err := im.ImportFile(viewer.System(context.Background()), bytes.NewReader(data), format, "people", false); err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	return registerNamed(history(t, im.Registry), "people")
}

func registerNamed(regs []exchange.Register, name string) exchange.Register {
	return regs[slices.IndexFunc(regs, func(r exchange.Register) bool { return r.Name == name })]
}

func samePeople(t *testing.T, got, want exchange.Register) {
	t.Helper()
	slices.SortFunc(got.Rows, slices.Compare)
	slices.SortFunc(want.Rows, slices.Compare)
	if !slices.EqualFunc(got.Rows, want.Rows, slices.Equal) || len(want.Rows) != len(formulaPeople) {
		t.Fatalf("people after the round trip %q, before %q", got.Rows, want.Rows)
	}
}
