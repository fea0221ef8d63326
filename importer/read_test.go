package importer_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/viewer"
)

func TestHeaderProblems(t *testing.T) {
	im := newImporter(t)
	s := group()
	s["organizations"][0][1] = "namn"                // unknown, and name is then missing
	s["people"][0] = append(s["people"][0], "email") // twice
	s["budget"] = [][]any{{"year"}}                  // not a sheet
	_, ps := importXLSX(t, im, s.xlsx(t), false)
	expect(t, ps,
		problem{"organizations", 1, "namn", "is not a column of organizations"},
		problem{"organizations", 1, "name", "is a required column and missing from the header"},
		problem{"people", 1, "email", "appears twice in the header"},
		problem{"budget", 0, "", "is not a sheet the import knows"},
	)
}

func TestParentCycle(t *testing.T) {
	im := newImporter(t)
	s := sheets{"organizations": {
		{"kind", "name", "parent_name", "valid_from"},
		{"committee", "A", "B", "2003-01-01"},
		{"committee", "B", "A", "2003-01-01"},
	}}
	_, ps := importXLSX(t, im, s.xlsx(t), true)
	expect(t, ps,
		problem{"organizations", 2, "parent_name", "refers to organizations row 3, which has problems"},
		problem{"organizations", 3, "parent_name", "the chain of parents runs in a circle through organizations row 2"},
	)
}

// TestCSV imports one sheet as CSV the way Swedish Excel writes it: with
// a byte-order mark, semicolons and a decimal comma.
func TestCSV(t *testing.T) {
	im := newImporter(t)
	csv := "\ufeffkind;name;org_number;valid_from;staff_fte\r\n" +
		"municipality;Testkommun;" + muniNr + ";2003-01-01;\r\n" +
		"\r\n" +
		"council;Kommunfullmäktige;;2003-01-01;\"1,5\"\r\n"
	res, err := im.ImportFile(viewer.System(context.Background()), strings.NewReader(csv), importer.CSV, "organizations", false)
	if err == nil || !strings.Contains(err.Error(), "1 problem") {
		t.Fatalf("council without parent: %v", err)
	}
	var ps importer.Problems
	errors.As(err, &ps)
	expect(t, ps, problem{"organizations", 4, "parent_name", "is required for a council"})
	csv = strings.Replace(csv, "council;Kommunfullmäktige;;", "council;Kommunfullmäktige;;", 1)
	csv = strings.Replace(csv, "kind;name;org_number;valid_from;staff_fte", "kind;name;org_number;valid_from;staff_fte;parent_org_number", 1)
	csv = strings.Replace(csv, "\"1,5\"\r\n", "\"1,5\";"+muniNr+"\r\n", 1)
	res, err = im.ImportFile(viewer.System(context.Background()), strings.NewReader(csv), importer.CSV, "organizations", false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sheets["organizations"].Created != 2 {
		t.Fatalf("result %+v", res)
	}
	t.Run("ErrKind", func(t *testing.T) {
		_, err := im.ImportFile(viewer.System(context.Background()), strings.NewReader(csv), importer.CSV, "", false)
		if koncern.ErrorCode(err) != koncern.EINVALID || !strings.Contains(err.Error(), "kind") {
			t.Fatalf("CSV without kind: %v", err)
		}
	})
	t.Run("ErrNotXLSX", func(t *testing.T) {
		_, err := im.ImportFile(viewer.System(context.Background()), strings.NewReader(csv), importer.XLSX, "", false)
		if koncern.ErrorCode(err) != koncern.EBADREQUEST {
			t.Fatalf("CSV read as XLSX: %v", err)
		}
	})
}

// TestTemplate reads the template back: every sheet with its columns and
// no rows, so that importing the empty template is no problem.
func TestTemplate(t *testing.T) {
	data, err := importer.Template()
	if err != nil {
		t.Fatal(err)
	}
	im := newImporter(t)
	res, ps := importXLSX(t, im, data, false)
	if ps != nil {
		t.Fatal(ps.AsError())
	}
	if len(res.Sheets) != len(importer.Sheets) {
		t.Fatalf("result %+v", res)
	}
	wb, err := importer.Read(bytes.NewReader(data), importer.XLSX, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range importer.Sheets {
		if got := wb.Columns(sheet); strings.Join(got, ",") != strings.Join(importer.Columns[sheet], ",") {
			t.Errorf("template %s has columns %v, want %v", sheet, got, importer.Columns[sheet])
		}
	}
}

// TestYearIsNotADate refuses a year typed alone rather than reading it as
// the serial of a day in 1905.
func TestYearIsNotADate(t *testing.T) {
	im := newImporter(t)
	s := sheets{"people": {{"name", "valid_from"}, {"Anna", 2003}, {"Bo", 37622}}}
	_, ps := importXLSX(t, im, s.xlsx(t), true)
	expect(t, ps, problem{"people", 2, "valid_from", `must be a date written YYYY-MM-DD, got "2003"`})
}
