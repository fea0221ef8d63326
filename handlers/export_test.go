package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/exchange/exchangetest"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/viewer"
)

// Media types of the export files as the server sends them.
const (
	ctXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ctZIP  = "application/zip"
)

// The exports through the API. The harness checks every answer against
// openapi.yaml; the JSON exports are also checked against the official
// BODS 0.4 and Popolo schemas.
func TestExportRoutes(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	muni, holding := sum.Municipality.String(), sum.HoldingCompany.String()

	t.Run("BODS", func(t *testing.T) {
		for _, path := range []string{"/api/v1/export/bods?at=" + review, "/api/v1/export/bods?at=" + review + "&municipality=" + muni} {
			res := a.get(t, 200, ctJSON, path)
			exchangetest.Validate(t, exchangetest.BODSStatements(t), path, res.Body)
			var statements []struct {
				RecordID      string `json:"recordId"`
				RecordType    string `json:"recordType"`
				StatementDate string `json:"statementDate"`
				RecordDetails struct {
					EntityType struct {
						Type string `json:"type"`
					} `json:"entityType"`
					InterestedParty string `json:"interestedParty"`
					Interests       []struct {
						Type  string `json:"type"`
						Share struct {
							Exact float64 `json:"exact"`
						} `json:"share"`
					} `json:"interests"`
				} `json:"recordDetails"`
			}
			res.decode(t, &statements)
			if len(statements) == 0 || statements[0].RecordID != "organization-"+muni || statements[0].RecordDetails.EntityType.Type != "stateBody" || statements[0].StatementDate != review {
				t.Fatalf("%s: the first statement is not the municipality as a stateBody on %s: %+v", path, review, statements[:1])
			}
			held := 0
			for _, st := range statements {
				d := st.RecordDetails
				if d.InterestedParty == "organization-"+holding && len(d.Interests) > 0 && d.Interests[0].Type == "shareholding" && d.Interests[0].Share.Exact == 100 {
					held++
				}
			}
			if held != 15 {
				t.Fatalf("%s: Rådhus AB wholly holds %d companies, want 15", path, held)
			}
		}
	})

	t.Run("Popolo", func(t *testing.T) {
		var doc struct {
			Persons, Organizations, Posts, Memberships []map[string]any
		}
		a.get(t, 200, ctJSON, "/api/v1/export/popolo?at="+review+"&municipality="+muni).decode(t, &doc)
		schemas := exchangetest.Popolo(t)
		for kind, items := range map[string][]map[string]any{"person": doc.Persons, "organization": doc.Organizations, "post": doc.Posts, "membership": doc.Memberships} {
			if len(items) == 0 {
				t.Fatalf("no %s in the Popolo export", kind)
			}
			for _, v := range items {
				exchangetest.Validate(t, schemas[kind], kind, v)
			}
		}
	})

	t.Run("Workbook", func(t *testing.T) {
		day := workbookRows(t, a.get(t, 200, ctXLSX, "/api/v1/export?at="+review).Body)
		all := workbookRows(t, a.get(t, 200, ctXLSX, "/api/v1/export?history=true&format=xlsx").Body)
		for _, name := range exchange.RegisterNames {
			if day[name] == 0 || all[name] < day[name] {
				t.Errorf("sheet %s: %d rows on %s, %d in all history", name, day[name], review, all[name])
			}
		}
		if all["organizations"] <= day["organizations"] {
			t.Errorf("the history has no more organisations (%d) than %s (%d), yet Jönköping Energi Nät AB came in 2004", all["organizations"], review, day["organizations"])
		}
		one := workbookRows(t, a.get(t, 200, ctXLSX, "/api/v1/export?at="+review+"&register=stakes").Body)
		if len(one) != 1 || one["stakes"] != day["stakes"] {
			t.Errorf("register=stakes gives sheets %v", one)
		}
		// The report of 2003-10-15 gives the recommendations: none on the
		// review day, all three in the history and in June 2004.
		june := workbookRows(t, a.get(t, 200, ctXLSX, "/api/v1/export?at=2004-06-01&register=recommendations").Body)
		if day["recommendations"] != 0 || all["recommendations"] != 3 || len(june) != 1 || june["recommendations"] != 3 {
			t.Errorf("recommendations: %d on %s, %d in the history, %v in June 2004", day["recommendations"], review, all["recommendations"], june)
		}
	})

	t.Run("AnonymousExportHasNoRecommendations", func(t *testing.T) {
		pub := newAPIWith(t, func(c *handlers.Config) { c.PublicRead = true })
		if _, err := demo.Load(viewer.System(context.Background()), pub.reg); err != nil {
			t.Fatal(err)
		}
		res := pub.mustDo(200, "GET", "/api/v1/export?at=2004-06-01", nil, "Authorization", "")
		if sheets := workbookRows(t, res.Body); len(sheets) != len(exchange.RegisterNames) {
			t.Errorf("an anonymous reader's export has the sheets %v", sheets)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		res := a.get(t, 200, ctZIP, "/api/v1/export?format=csv&at="+review)
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="koncernregistret-`+review+`.zip"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		z, err := zip.NewReader(bytes.NewReader(res.Body), int64(len(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range z.File {
			names = append(names, strings.TrimSuffix(f.Name, ".csv"))
		}
		if want := append(slices.Clone(exchange.RegisterNames), exchange.RegisterRecommendations); !slices.Equal(names, want) {
			t.Fatalf("archive holds %v, want %v", names, want)
		}
		body := a.get(t, 200, ctCSV, "/api/v1/export?format=csv&register=stakes&at="+review).Body
		rows := readCSV(t, body, "owner_org_number", "owner_name", "owner_path", "company_org_number", "company_name", "company_path", "shares", "votes",
			"document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path", "valid_from", "valid_to")
		if !slices.ContainsFunc(rows, func(r []string) bool {
			return r[1] == "Jönköpings Rådhus AB" && r[6] == "6000" && r[7] == "15000"
		}) {
			t.Fatalf("no stake of 6 000 shares and 15 000 votes held by Rådhus AB:\n%s", body)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		a.failsOn(t, 422, "history", "/api/v1/export?history=true&at="+review)
		a.failsOn(t, 400, "format", "/api/v1/export?format=pdf")
		a.failsOn(t, 400, "register", "/api/v1/export?register=budgets")
		a.failsOn(t, 400, "at", "/api/v1/export/bods?at=2003-02-30")
		a.failsOn(t, 400, "history", "/api/v1/export/popolo?history=true")
		a.failsOn(t, 422, "municipality", "/api/v1/export/bods?municipality="+holding)
		a.get(t, 404, "application/problem+json", "/api/v1/export/popolo?municipality=01a21f1d-0000-7000-8000-000000000000")
	})
}

// workbookRows opens a workbook and counts the data rows of each sheet.
func workbookRows(t *testing.T, b []byte) map[string]int {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]int{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil || len(rows) == 0 {
			t.Fatalf("sheet %s: %d rows, %v", name, len(rows), err)
		}
		out[name] = len(rows) - 1
	}
	return out
}
