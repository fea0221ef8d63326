package importer_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/importer/importertest"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Organisationsnummer of the test group.
var (
	muniNr   = koncern.CompleteOrgNumber("212000014")
	holdNr   = koncern.CompleteOrgNumber("556000001")
	energyNr = koncern.CompleteOrgNumber("556000002")
)

// sheets is a workbook as rows of cells; the first row of each sheet is
// its header.
type sheets map[string][][]any

// group is a small municipal group touching every sheet. Tekniska kontoret
// comes before its parent to show that order does not matter, and one date
// is a real date cell, as Excel stores it.
func group() sheets {
	return sheets{
		"organizations": {
			{"kind", "name", "org_number", "parent_org_number", "parent_name", "total_shares", "total_votes", "staff_fte", "valid_from", "valid_to"},
			{"municipality", "Testkommun", muniNr, "", "", "", "", "", "2003-01-01", ""},
			{"administration", "Tekniska kontoret", "", "", "Tekniska nämnden", "", "", "120,5", "2003-01-01", ""},
			{"council", "Kommunfullmäktige", "", muniNr, "", "", "", "", time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC), ""},
			{"committee", "Tekniska nämnden", "", "", "Kommunfullmäktige", "", "", "", "2003-01-01", ""},
			{"company", "Testkommun Rådhus AB", holdNr, muniNr, "", 1000, 1000, "", "2003-01-01", ""},
			{"company", "Testkommun Energi AB", energyNr, holdNr, "", 500, "500", "", "2003-01-01", ""},
		},
		"documents": {
			{"kind", "title", "reference", "decided_on", "url", "issuer_org_number", "issuer_name", "valid_from", "valid_to"},
			{"owner_directive", "Ägardirektiv för Energi AB", "KF 2003-12", "2003-01-15", "", "", "Kommunfullmäktige", "2003-02-01", ""},
		},
		"people": {
			{"name", "email", "phone", "valid_from", "valid_to"},
			{"Anna Andersson", "anna@example.se", "", "2003-01-01", ""},
			{"Bo Berg", "", "+46 36 10 50 00", "2003-01-01", ""},
		},
		"posts": {
			{"organization_org_number", "organization_name", "title", "role", "political", "valid_from", "valid_to"},
			{"", "Tekniska kontoret", "Förvaltningschef", "head", "", "2003-01-01", ""},
			{"", "Tekniska nämnden", "Ordförande", "chair", "ja", "2003-01-01", ""},
		},
		"assignments": {
			{"person_name", "person_email", "organization_org_number", "organization_name", "post_title", "document", "valid_from", "valid_to"},
			{"Anna Andersson", "", "", "Tekniska kontoret", "Förvaltningschef", "", "2003-01-01", "2006-12-31"},
			{"Bo Berg", "", "", "Tekniska nämnden", "Ordförande", "", "2003-01-01", ""},
		},
		"stakes": {
			{"owner_org_number", "owner_name", "company_org_number", "company_name", "shares", "votes", "document", "valid_from", "valid_to"},
			{muniNr, "", holdNr, "", 1000, 1000, "", "2003-01-01", ""},
			{"", "Testkommun Rådhus AB", "", "Testkommun Energi AB", 500, 500, "KF 2003-12", "2003-02-01", ""},
		},
		"steering_lines": {
			{"from_org_number", "from_name", "from_post_title", "to_org_number", "to_name", "to_post_title", "kind", "basis", "document", "description", "valid_from", "valid_to"},
			{"", "Tekniska nämnden", "Ordförande", "", "Tekniska kontoret", "Förvaltningschef", "direct_political", "observed", "", "Ordföranden styr chefen direkt", "2003-01-01", ""},
			{"", "Tekniska nämnden", "", "", "Tekniska kontoret", "Förvaltningschef", "line_management", "formal", "KF 2003-12", "", "2003-02-01", ""},
		},
	}
}

// xlsx writes the sheets as a workbook.
func (s sheets) xlsx(t *testing.T) []byte {
	t.Helper()
	return importertest.Workbook(t, s)
}

// set replaces the cell of the named column in data row n (2 is the first
// below the header).
func (s sheets) set(sheet string, n int, col string, v any) {
	for i, name := range s[sheet][0] {
		if name == col {
			s[sheet][n-1][i] = v
			return
		}
	}
	panic("no column " + col)
}

func newImporter(t *testing.T) *importer.Importer {
	t.Helper()
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return &importer.Importer{Registry: registrytest.MustRegistry(t, now), Validator: v}
}

func importXLSX(t *testing.T, im *importer.Importer, data []byte, dryRun bool) (importer.Result, importer.Problems) {
	t.Helper()
	return importFile(t, im, data, importer.XLSX, "", dryRun)
}

// importFile imports a file and returns its result, or the problems that
// refused it; any other error fails the test.
func importFile(t *testing.T, im *importer.Importer, data []byte, format importer.Format, kind string, dryRun bool) (importer.Result, importer.Problems) {
	t.Helper()
	res, err := im.ImportFile(viewer.System(context.Background()), bytes.NewReader(data), format, kind, dryRun)
	var ps importer.Problems
	if errors.As(err, &ps) {
		return res, ps
	} else if err != nil {
		t.Fatal(err)
	}
	return res, nil
}

// counts is the number of records of each kind the registry holds.
func counts(t *testing.T, r *registry.Registry) map[string]int {
	t.Helper()
	ctx := viewer.System(context.Background())
	h := registry.ListOptions{History: true, Limit: registry.MaxLimit}
	out := map[string]int{}
	orgs, err := r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: h})
	must(t, err)
	out["organizations"] = len(orgs.Items)
	docs, err := r.ListDocuments(ctx, registry.DocumentFilter{ListOptions: h})
	must(t, err)
	out["documents"] = len(docs.Items)
	people, err := r.ListPeople(ctx, registry.PersonFilter{ListOptions: h})
	must(t, err)
	out["people"] = len(people.Items)
	posts, err := r.ListPosts(ctx, registry.PostFilter{ListOptions: h})
	must(t, err)
	out["posts"] = len(posts.Items)
	as, err := r.ListAssignments(ctx, registry.AssignmentFilter{ListOptions: h})
	must(t, err)
	out["assignments"] = len(as.Items)
	stakes, err := r.ListStakes(ctx, registry.StakeFilter{ListOptions: h})
	must(t, err)
	out["stakes"] = len(stakes.Items)
	lines, err := r.ListSteeringLines(ctx, registry.SteeringLineFilter{ListOptions: h})
	must(t, err)
	out["steering_lines"] = len(lines.Items)
	return out
}

// stored counts the rows of every table, the audit trail, ledger, capital
// periods and idempotency keys included.
func stored(t *testing.T, r *registry.Registry) map[string]int {
	t.Helper()
	return registrytest.Rows(t, r.DB())
}

// wroteNothing fails when any table changed since before was taken.
func wroteNothing(t *testing.T, r *registry.Registry, before map[string]int) {
	t.Helper()
	if got := stored(t, r); !equal(got, before) {
		t.Fatalf("wrote: before %v, after %v", before, got)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var groupCounts = map[string]int{
	"organizations": 6, "documents": 1, "people": 2, "posts": 2,
	"assignments": 2, "stakes": 2, "steering_lines": 2,
}

func TestImportAndReimport(t *testing.T) {
	im := newImporter(t)
	data := group().xlsx(t)
	res, ps := importXLSX(t, im, data, false)
	if ps != nil {
		t.Fatalf("import: %v", ps.AsError())
	}
	for sheet, n := range groupCounts {
		if got := res.Sheets[sheet]; got.Created != n || got.Unchanged != 0 {
			t.Errorf("%s: %+v, want %d created", sheet, got, n)
		}
	}
	if got := counts(t, im.Registry); !equal(got, groupCounts) {
		t.Fatalf("registry holds %v, want %v", got, groupCounts)
	}
	checkImported(t, im.Registry)

	t.Run("AgainIsNoOp", func(t *testing.T) {
		res, ps := importXLSX(t, im, data, false)
		if ps != nil {
			t.Fatalf("reimport: %v", ps.AsError())
		}
		for sheet, n := range groupCounts {
			if got := res.Sheets[sheet]; got.Created != 0 || got.Unchanged != n {
				t.Errorf("%s: %+v, want %d unchanged", sheet, got, n)
			}
		}
		if got := counts(t, im.Registry); !equal(got, groupCounts) {
			t.Fatalf("registry holds %v after reimport, want %v", got, groupCounts)
		}
	})

	t.Run("ErrDiffers", func(t *testing.T) {
		s := group()
		s.set("organizations", 6, "total_shares", 2000)
		s.set("assignments", 2, "valid_to", "2007-12-31")
		_, ps := importXLSX(t, im, s.xlsx(t), false)
		expect(t, ps,
			problem{"organizations", 6, "total_shares", "differs from the organisation already in the registry (the registry has 1000)"},
			problem{"assignments", 2, "valid_to", `differs from the assignment already in the registry (the registry has "2006-12-31")`},
		)
	})

	t.Run("ErrOverlapsRegistry", func(t *testing.T) {
		s := group()
		s.set("assignments", 2, "valid_from", "2004-01-01")
		_, ps := importXLSX(t, im, s.xlsx(t), false)
		expect(t, ps, problem{"assignments", 2, "valid_from", "the registry already holds this assignment for 2003-01-01–2006-12-31"})
	})
}

// checkImported spot-checks that references went where they point.
func checkImported(t *testing.T, r *registry.Registry) {
	t.Helper()
	ctx := viewer.System(context.Background())
	h := registry.ListOptions{History: true}
	office, err := r.ListOrganizations(ctx, registry.OrganizationFilter{Query: "Tekniska kontoret", ListOptions: h})
	must(t, err)
	board, err := r.ListOrganizations(ctx, registry.OrganizationFilter{Query: "Tekniska nämnden", ListOptions: h})
	must(t, err)
	if len(office.Items) != 1 || len(board.Items) != 1 || *office.Items[0].ParentID != board.Items[0].ID {
		t.Fatalf("Tekniska kontoret is not under Tekniska nämnden: %+v", office.Items)
	}
	if fte := office.Items[0].StaffFTE; fte == nil || *fte != 120.5 {
		t.Errorf("staff_fte %v, want 120.5", fte)
	}
	council, err := r.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "council", ListOptions: h})
	must(t, err)
	if got := council.Items[0].From; got != koncern.MustDate("2003-01-01") {
		t.Errorf("date cell read as %s", got)
	}
	posts, err := r.ListPosts(ctx, registry.PostFilter{Query: "Ordförande", ListOptions: h})
	must(t, err)
	if len(posts.Items) != 1 || !posts.Items[0].Political {
		t.Errorf("Ordförande: %+v, want one political post", posts.Items)
	}
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// problem is an expected problem; the message must contain msg.
type problem struct {
	sheet  string
	row    int
	column string
	msg    string
}

// expect checks that ps are exactly the expected problems, in order.
func expect(t *testing.T, ps importer.Problems, want ...problem) {
	t.Helper()
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:", len(ps), len(want))
		for _, p := range ps {
			t.Errorf("  %s", p)
		}
		return
	}
	for i, w := range want {
		p := ps[i]
		if p.Sheet != w.sheet || p.Row != w.row || p.Column != w.column || !strings.Contains(p.Message, w.msg) {
			t.Errorf("problem %d is %s, want %s row %d (%s): …%s…", i, p, w.sheet, w.row, w.column, w.msg)
		}
	}
}

// broken is the group with a broken row of every kind the brief names,
// each added as a row of its own so that nothing else depends on it.
func broken() sheets {
	s := group()
	add := func(sheet string, row ...any) { s[sheet] = append(s[sheet], row) }
	add("organizations", "company", "Extern AB", "556000-0003", "", "", 10, 10, "", "2003-01-01", "")                             // row 8: check digit
	add("organizations", "committee", "", "", "", "Kommunfullmäktige", "", "", "", "2003-01-01", "")                              // row 9: no name
	add("organizations", "department", "Gatuavdelningen", "", "", "Gatukontoret", "", "", "", "2003-01-01", "")                   // row 10: unknown parent
	add("organizations", "unit", "Parkenheten", "", "", "Tekniska kontoret", "", "", "", "2003-02-30", "")                        // row 11: no such day
	add("people", "Cecilia Ek", "not-an-address", "", "2003-01-01", "2002-12-31")                                                 // row 4
	add("posts", "", "Tekniska kontoret", "Chef", "boss", "", "2003-01-01", "")                                                   // row 4: no such role
	add("assignments", "Bo Berg", "", "", "Tekniska nämnden", "Ordförande", "", "2005-01-01", "")                                 // row 4: overlaps row 3
	add("stakes", muniNr, "", energyNr, "", 100, 0, "", "2004-01-01", "")                                                         // row 4: 600 of 500 shares
	add("steering_lines", "", "Tekniska nämnden", "", "", "Tekniska kontoret", "", "mandate", "formal", "", "", "2003-01-01", "") // row 4: formal without document
	return s
}

func TestDryRunReportsEveryProblem(t *testing.T) {
	im := newImporter(t)
	before := stored(t, im.Registry)
	res, ps := importXLSX(t, im, broken().xlsx(t), true)
	if res.Sheets != nil {
		t.Errorf("a dry run with problems returned a result %+v", res)
	}
	expect(t, ps,
		problem{"organizations", 8, "org_number", "check digit is wrong"},
		problem{"organizations", 9, "name", "is required"},
		problem{"organizations", 10, "parent_name", `no organisation named "Gatukontoret" is in this file or in the registry`},
		problem{"organizations", 11, "valid_from", `must be a date written YYYY-MM-DD, got "2003-02-30"`},
		problem{"people", 4, "email", "must be an e-mail address"},
		problem{"people", 4, "valid_to", "must not be before valid_from"},
		problem{"posts", 4, "role", "must be one of: head, city_manager"},
		problem{"assignments", 4, "", "repeats the record of assignments row 3"},
		problem{"stakes", 4, "shares", "would add up to more than its total of 500 shares"},
		problem{"steering_lines", 4, "document", "is required when basis is formal"},
	)
	wroteNothing(t, im.Registry, before)
	for _, p := range ps {
		if p.Cell == "" && p.Column != "" {
			t.Errorf("%s names no cell", p)
		}
	}
}

// TestOneBrokenRowWritesNothing imports the group with one bad row: the
// other rows are fine, and still nothing is written.
func TestOneBrokenRowWritesNothing(t *testing.T) {
	im := newImporter(t)
	s := group()
	s.set("stakes", 3, "shares", 501)
	before := stored(t, im.Registry)
	_, ps := importXLSX(t, im, s.xlsx(t), false)
	expect(t, ps, problem{"stakes", 3, "shares", "must not exceed the company's total of 500 shares"})
	wroteNothing(t, im.Registry, before)
	if err := ps.AsError(); err.Code != koncern.EINVALID || err.Fields[0].Field != "stakes[3].shares" {
		t.Fatalf("as error: %+v", err)
	}
}

// TestDryRunOfGoodFile reports what would be created and writes nothing.
func TestDryRunOfGoodFile(t *testing.T) {
	im := newImporter(t)
	before := stored(t, im.Registry)
	res, ps := importXLSX(t, im, group().xlsx(t), true)
	if ps != nil {
		t.Fatal(ps.AsError())
	}
	if !res.DryRun || res.Sheets["organizations"].Created != 6 {
		t.Fatalf("result %+v", res)
	}
	wroteNothing(t, im.Registry, before)
}
