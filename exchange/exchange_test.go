package exchange_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/exchange/exchangetest"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// review is the day the 2003 review describes; later is a day after
// Jönköping Energi Nät AB was formed below Jönköping Energi AB.
var (
	review = koncern.MustDate("2003-10-01")
	later  = koncern.MustDate("2004-03-01")
)

// demoSnapshot loads the demo into a fresh registry and returns its
// municipality's group on day d.
func demoSnapshot(t *testing.T, d koncern.Date) (*analysis.Snapshot, demo.Summary) {
	t.Helper()
	snaps, sum := demoDays(t, d)
	return snaps[0], sum
}

func day(d koncern.Date) koncern.Period { return koncern.Period{From: d, To: &d} }

// demoDays loads the demo once and snapshots it on several days.
func demoDays(t *testing.T, days ...koncern.Date) ([]*analysis.Snapshot, demo.Summary) {
	t.Helper()
	ctx := viewer.System(context.Background())
	reg := registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	sum, err := demo.Load(ctx, reg)
	if err != nil {
		t.Fatal(err)
	}
	var out []*analysis.Snapshot
	for _, d := range days {
		data, err := reg.LoadSnapshot(ctx, &sum.Municipality, day(d))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, analysis.NewSnapshot(day(d), data))
	}
	return out, sum
}

// bods exports a snapshot and checks every statement, and the list as a
// whole, against the BODS 0.4 schema.
func bods(t *testing.T, s *analysis.Snapshot, at koncern.Date) []exchange.Statement {
	t.Helper()
	statements, err := exchange.BODS(s, at, exchange.Publisher{Date: koncern.MustDate("2026-11-27")})
	if err != nil {
		t.Fatal(err)
	}
	one := exchangetest.BODSStatement(t)
	for _, st := range statements {
		exchangetest.Validate(t, one, "statement "+st.RecordID, st)
	}
	exchangetest.Validate(t, exchangetest.BODSStatements(t), "the statements", statements)
	return statements
}

// relationships lists the relationship records of the statements with an
// interest of type interest and the interested party's record id.
func relationships(statements []exchange.Statement, party, interest string) []exchange.RelationshipRecord {
	var out []exchange.RelationshipRecord
	for _, st := range statements {
		r, ok := st.RecordDetails.(exchange.RelationshipRecord)
		if !ok || (party != "" && r.InterestedParty != party) {
			continue
		}
		if slices.ContainsFunc(r.Interests, func(i exchange.Interest) bool { return i.Type == interest }) {
			out = append(out, r)
		}
	}
	return out
}

func interest(r exchange.RelationshipRecord, typ string) exchange.Interest {
	for _, i := range r.Interests {
		if i.Type == typ {
			return i
		}
	}
	return exchange.Interest{}
}

func recordOf(id uuid.UUID) string { return "organization-" + id.String() }

func TestBODS(t *testing.T) {
	snaps, sum := demoDays(t, review, later)
	statements := bods(t, snaps[0], review)
	holding, muni := recordOf(sum.HoldingCompany), recordOf(sum.Municipality)

	t.Run("MunicipalityIsAStateBody", func(t *testing.T) {
		st := statements[0]
		e, ok := st.RecordDetails.(exchange.EntityRecord)
		if !ok || st.RecordID != muni || e.EntityType.Type != "stateBody" || e.Name != "Jönköpings kommun" {
			t.Fatalf("first statement %+v, want the municipality as a stateBody", st)
		}
	})

	t.Run("HoldingCompanyOwnsSixteen", func(t *testing.T) {
		owned := relationships(statements, holding, "shareholding")
		var whole, partly int
		for _, r := range owned {
			sh := interest(r, "shareholding")
			switch {
			case sh.DirectOrIndirect != "direct":
				t.Errorf("Rådhus AB's holding in %s is %s", r.Subject, sh.DirectOrIndirect)
			case sh.Share.Exact == 100:
				whole++
			case sh.Share.Exact == 60 && interest(r, "votingRights").Share.Exact == 100*15000.0/19000:
				partly++
			default:
				t.Errorf("Rådhus AB holds %+v of %s", sh.Share, r.Subject)
			}
		}
		if len(owned) != 16 || whole != 15 || partly != 1 {
			t.Fatalf("Rådhus AB holds %d companies, %d wholly and %d at 60 %% (78.95 %% of the votes); want 16, 15 and 1", len(owned), whole, partly)
		}
	})

	t.Run("MunicipalityOwnsIndirectly", func(t *testing.T) {
		direct := relationships(statements, muni, "shareholding")
		var indirect int
		for _, r := range direct {
			if i := interest(r, "shareholding"); i.DirectOrIndirect == "indirect" {
				indirect++
			} else if r.Subject != holding || i.Share.Exact != 100 {
				t.Errorf("the municipality holds %+v of %s directly", i.Share, r.Subject)
			}
		}
		if indirect != 16 {
			t.Fatalf("the municipality holds %d companies indirectly, want Rådhus AB's 16", indirect)
		}
	})

	t.Run("BoardsAndOfficers", func(t *testing.T) {
		chairs := relationships(statements, "", "boardChair")
		ceos := relationships(statements, "", "seniorManagingOfficial")
		appointed := relationships(statements, "", "appointmentOfBoard")
		// Rådhus AB and its 16 subsidiaries have a chair and a VD each;
		// the council appoints the boards of all 17.
		if len(chairs) != 17 || len(ceos) != 17 || len(appointed) != 17 {
			t.Fatalf("%d chairs, %d CEOs and %d board appointments, want 17 of each", len(chairs), len(ceos), len(appointed))
		}
		if !slices.ContainsFunc(chairs, func(r exchange.RelationshipRecord) bool { return r.Subject == holding }) {
			t.Fatalf("Rådhus AB has no board chair")
		}
	})

	t.Run("ReferencesComeFirst", func(t *testing.T) {
		seen := map[string]bool{}
		for _, st := range statements {
			if r, ok := st.RecordDetails.(exchange.RelationshipRecord); ok && (!seen[r.Subject] || !seen[r.InterestedParty]) {
				t.Fatalf("relationship %s names a record not stated before it", st.RecordID)
			}
			seen[st.RecordID] = true
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		again := bods(t, snaps[0], review)
		if len(again) != len(statements) {
			t.Fatalf("%d statements, then %d", len(statements), len(again))
		}
		for i := range again {
			if again[i].StatementID != statements[i].StatementID {
				t.Fatalf("statement %d: id %s, then %s", i, statements[i].StatementID, again[i].StatementID)
			}
		}
	})

	t.Run("SubSubsidiary", func(t *testing.T) {
		// On the later day Rådhus AB reaches Jönköping Energi Nät AB only
		// through Jönköping Energi AB.
		later := bods(t, snaps[1], later)
		var n int
		for _, r := range relationships(later, holding, "shareholding") {
			if i := interest(r, "shareholding"); i.DirectOrIndirect == "indirect" && i.Share.Exact == 100 {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("Rådhus AB holds %d companies indirectly, want Jönköping Energi Nät AB", n)
		}
	})
}

// TestSchemasReject makes sure the validators bite: a statement with a type
// outside the codelist and an identifier without its required field fail.
func TestSchemasReject(t *testing.T) {
	bad := map[string]any{"statementId": "0123456789abcdef0123456789abcdef", "declarationSubject": "x", "recordId": "x",
		"statementDate": "2003-10-01", "recordType": "entity",
		"recordDetails": map[string]any{"isComponent": false, "entityType": map[string]any{"type": "municipality"}}}
	if err := exchangetest.BODSStatement(t).Validate(exchangetest.Generic(t, bad)); err == nil {
		t.Fatal("BODS accepts an entity type outside its codelist")
	}
	bad["recordDetails"] = map[string]any{"isComponent": false, "entityType": map[string]any{"type": "stateBody"}}
	bad["statementDate"] = "2003-13-01"
	if err := exchangetest.BODSStatement(t).Validate(exchangetest.Generic(t, bad)); err == nil {
		t.Fatal("BODS accepts a statement date that is no date")
	}
	org := map[string]any{"name": "x", "identifiers": []any{map[string]any{"scheme": "SE-BLV"}}}
	if err := exchangetest.Popolo(t)["organization"].Validate(exchangetest.Generic(t, org)); err == nil {
		t.Fatal("Popolo accepts an identifier without identifier, which draft-03 marked required")
	}
}

func TestPopolo(t *testing.T) {
	s, sum := demoSnapshot(t, review)
	p := exchange.Popolo(s, review)
	schemas := exchangetest.Popolo(t)
	for _, v := range p.Persons {
		exchangetest.Validate(t, schemas["person"], "person "+v.Name, v)
	}
	for _, v := range p.Organizations {
		exchangetest.Validate(t, schemas["organization"], "organization "+v.Name, v)
	}
	for _, v := range p.Posts {
		exchangetest.Validate(t, schemas["post"], "post "+v.Label, v)
	}
	for _, v := range p.Memberships {
		exchangetest.Validate(t, schemas["membership"], "membership "+v.ID, v)
	}
	d := s.Data()
	if len(p.Organizations) == 0 || len(p.Organizations) > len(d.Organizations) || len(p.Memberships) == 0 || len(p.Posts) == 0 || len(p.Persons) == 0 {
		t.Fatalf("%d organizations, %d people, %d posts, %d memberships", len(p.Organizations), len(p.Persons), len(p.Posts), len(p.Memberships))
	}
	i := slices.IndexFunc(p.Organizations, func(o exchange.PopoloOrganization) bool { return o.ID == sum.HoldingCompany.String() })
	if i < 0 || p.Organizations[i].Classification != "company" || p.Organizations[i].ParentID != sum.Municipality.String() ||
		len(p.Organizations[i].Identifiers) != 1 || p.Organizations[i].Identifiers[0].Scheme != "SE-BLV" {
		t.Fatalf("Rådhus AB is not a company below the municipality with its organisationsnummer: %+v", p.Organizations)
	}
	posts := map[string]bool{}
	for _, v := range p.Posts {
		posts[v.ID] = true
	}
	for _, m := range p.Memberships {
		if !posts[m.PostID] {
			t.Fatalf("membership %s names a post that is not exported", m.ID)
		}
	}
}

func TestRegisters(t *testing.T) {
	s, _ := demoSnapshot(t, review)
	regs := exchange.Registers(s, &review)
	names := make([]string, len(regs))
	for i, r := range regs {
		names[i] = r.Name
		for n, row := range r.Rows {
			if len(row) != len(r.Columns) {
				t.Fatalf("%s row %d has %d cells for %d columns", r.Name, n, len(row), len(r.Columns))
			}
		}
	}
	if !slices.Equal(names, exchange.RegisterNames) {
		t.Fatalf("registers %v, want %v", names, exchange.RegisterNames)
	}
	// The demo has 16 stakes of Rådhus AB, its own, and the external
	// co-owner's in the innovation company on the review day.
	if n := len(regs[5].Rows); n != 18 {
		t.Fatalf("%d stakes in force, want 18", n)
	}

	t.Run("Workbook", func(t *testing.T) {
		b, err := exchange.Workbook(regs)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); !slices.Equal(got, exchange.RegisterNames) {
			t.Fatalf("sheets %v, want %v", got, exchange.RegisterNames)
		}
		for _, r := range regs {
			rows, err := f.GetRows(r.Name)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(r.Rows)+1 || !slices.Equal(rows[0], r.Columns) {
				t.Fatalf("sheet %s: %d rows, header %v; want %d rows and %v", r.Name, len(rows), rows[0], len(r.Rows)+1, r.Columns)
			}
		}
		// A cell without a type is a number in SpreadsheetML; text is an
		// inline or shared string.
		shares, _ := excelize.CoordinatesToCellName(slices.Index(regs[5].Columns, "shares")+1, 2)
		if v, err := f.GetCellType("stakes", shares); err != nil || (v != excelize.CellTypeUnset && v != excelize.CellTypeNumber) {
			t.Fatalf("shares are not numbers in the sheet: type %v, %v", v, err)
		}
		if v, err := f.GetCellType("stakes", "A2"); err != nil || v != excelize.CellTypeInlineString {
			t.Fatalf("organisationsnummer are not text in the sheet: type %v, %v", v, err)
		}
	})

	t.Run("CSVArchive", func(t *testing.T) {
		b, err := exchange.CSVArchive(regs, review)
		if err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		if len(z.File) != len(regs) {
			t.Fatalf("%d files in the archive, want %d", len(z.File), len(regs))
		}
		for i, f := range z.File {
			if f.Name != regs[i].Name+".csv" {
				t.Fatalf("file %d is %s, want %s.csv", i, f.Name, regs[i].Name)
			}
			rows := readZipped(t, f)
			if len(rows) != len(regs[i].Rows)+1 || !slices.Equal(rows[0], regs[i].Columns) {
				t.Fatalf("%s: %d rows, header %v", f.Name, len(rows), rows[0])
			}
		}
	})
}

func readZipped(t *testing.T, f *zip.File) [][]string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
