package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/synthetic"
	"github.com/koncernregistret/koncern/viewer"
)

// everything is the window of a history export.
var everything = koncern.Period{From: koncern.FirstDate, To: &koncern.LastDate}

// history lays out every register of the whole registry over all time.
func history(t *testing.T, reg *registry.Registry) []exchange.Register {
	t.Helper()
	data, err := reg.LoadSnapshot(viewer.System(context.Background()), nil, everything)
	if err != nil {
		t.Fatal(err)
	}
	return exchange.Registers(analysis.NewSnapshot(everything, data), nil)
}

// TestColumnsAreTheImportTemplate keeps the export in step with the
// importer, which refuses columns it does not know.
func TestColumnsAreTheImportTemplate(t *testing.T) {
	if !slices.Equal(exchange.RegisterNames, importer.Sheets) {
		t.Fatalf("registers %v, importer sheets %v", exchange.RegisterNames, importer.Sheets)
	}
	s := analysis.NewSnapshot(everything, analysis.Data{})
	for _, r := range exchange.Registers(s, nil) {
		if !slices.Equal(r.Columns, importer.Columns[r.Name]) {
			t.Errorf("%s: columns %v, import template %v", r.Name, r.Columns, importer.Columns[r.Name])
		}
	}
}

// TestWorkbookRoundTrip exports a registry's whole history as a workbook,
// imports it into an empty registry and exports that again: the import
// must find no problem, and the registers, which name every record by
// natural key, must come out the same. The demo is one municipality; the
// synthetic registry has six, each with its own Kommunstyrelsen,
// "KF § 12" and politicians of the same name as another's, so it fails
// when a key is unique within a municipality only.
//
// Each case also writes down how many rows each register has, counted
// from the data's own description rather than by the code under test, and
// which columns its data leaves empty throughout, so that an export and
// import that both dropped the same rows, register or column would not
// pass by agreeing with each other.
func TestWorkbookRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name string
		load func(context.Context, *registry.Registry) error
		rows map[string]int
		// municipalities is how many organisations of kind municipality
		// the registry holds.
		municipalities int
		// empty lists, per register, the columns no row fills; every
		// other column must have a value in some row.
		empty map[string][]string
	}{
		{
			name: "Demo",
			load: func(ctx context.Context, r *registry.Registry) error { _, err := demo.Load(ctx, r); return err },
			rows: map[string]int{"organizations": 43, "documents": 57, "people": 56, "posts": 77,
				"assignments": 80, "stakes": 19, "steering_lines": 109},
			municipalities: 1,
			// The demo's people have no e-mail or phone, and no two share
			// a name; no stake cites a decision.
			empty: map[string][]string{"organizations": {"valid_to"}, "documents": {"url"},
				"people": {"email", "key", "phone", "valid_to"}, "posts": {"valid_to"},
				"assignments": {"person_email", "person_key", "document_issuer_org_number"},
				"stakes":      {"owner_path", "company_path", "document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path", "valid_to"}},
		},
		{
			// Scale 0.02 is round(290 × 0.02) = 6 municipalities.
			name: "SixMunicipalities",
			load: func(ctx context.Context, r *registry.Registry) error {
				_, err := synthetic.Load(ctx, r, 0.02, 1)
				return err
			},
			rows: map[string]int{"organizations": 560, "documents": 483, "people": 974, "posts": 1078,
				"assignments": 2275, "stakes": 58, "steering_lines": 1583},
			municipalities: 6,
			// Politicians have no e-mail, and some share a name with
			// another (the key); nobody has a phone, and no stake cites a
			// decision. The documents the general meetings' resolutions
			// refer to are the council's, which has no organisation
			// number, and every municipality's review deadline is the
			// default.
			empty: map[string][]string{"organizations": {"valid_to", "review_deadline"},
				"documents": {"url", "refers_to_issuer_org_number"},
				"people":    {"phone", "valid_to"},
				"posts":     {"valid_to"}, "assignments": {"document_issuer_org_number"},
				"stakes": {"owner_path", "company_path", "document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path"}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := viewer.System(context.Background())
			now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
			from := registrytest.MustRegistry(t, now)
			if err := c.load(ctx, from); err != nil {
				t.Fatal(err)
			}
			want := history(t, from)
			checkFigures(t, want, c.rows, c.municipalities, c.empty)
			got := roundTrip(t, ctx, want, registrytest.MustRegistry(t, now))
			sameRegisters(t, got, want)
		})
	}
}

// sameRegisters compares the registers of a round trip with those it
// began from.
func sameRegisters(t *testing.T, got, want []exchange.Register) {
	t.Helper()
	for i := range want {
		// Rows with the same natural key are ordered by id, which
		// differs between the registries; compare them as sets.
		slices.SortFunc(got[i].Rows, slices.Compare)
		slices.SortFunc(want[i].Rows, slices.Compare)
		if !slices.Equal(got[i].Columns, want[i].Columns) || !slices.EqualFunc(got[i].Rows, want[i].Rows, slices.Equal) {
			t.Errorf("%s: %d rows after the round trip, %d before; first difference %v", want[i].Name, len(got[i].Rows), len(want[i].Rows), firstDiff(got[i].Rows, want[i].Rows))
		}
	}
}

// checkFigures compares the registers' row counts and empty columns with
// the figures written down for the registry, and counts its
// municipalities.
func checkFigures(t *testing.T, registers []exchange.Register, rows map[string]int, municipalities int, empty map[string][]string) {
	t.Helper()
	for _, r := range registers {
		if len(r.Rows) != rows[r.Name] {
			t.Errorf("%s: %d rows exported, the registry holds %d", r.Name, len(r.Rows), rows[r.Name])
		}
		for i, col := range r.Columns {
			filled := slices.ContainsFunc(r.Rows, func(row []string) bool { return row[i] != "" })
			if want := !slices.Contains(empty[r.Name], col); filled != want {
				t.Errorf("%s.%s: some row fills it: %v, want %v", r.Name, col, filled, want)
			}
		}
	}
	kind, n := slices.Index(importer.Columns["organizations"], "kind"), 0
	for _, row := range registers[0].Rows {
		if row[kind] == "municipality" {
			n++
		}
	}
	if n != municipalities {
		t.Errorf("organizations: %d municipalities exported, want %d", n, municipalities)
	}
}

// roundTrip writes the registers as a workbook, imports it into the
// empty registry to, where every row must become a new record, then
// again, where every row must be found unchanged, and lays out to's
// registers. The rows are written in reverse, since a file's
// order must not matter, and so that the records of the new registry
// are not created in the order of the first one's ids.
func roundTrip(t *testing.T, ctx context.Context, registers []exchange.Register, to *registry.Registry) []exchange.Register {
	t.Helper()
	reversed := make([]exchange.Register, len(registers))
	for i, r := range registers {
		reversed[i] = r
		reversed[i].Rows = slices.Clone(r.Rows)
		slices.Reverse(reversed[i].Rows)
	}
	b, err := exchange.Workbook(reversed)
	if err != nil {
		t.Fatal(err)
	}
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Registry: to, Validator: v}
	res, err := im.ImportFile(ctx, bytes.NewReader(b), importer.XLSX, "", false)
	var ps importer.Problems
	if errors.As(err, &ps) {
		t.Fatalf("import of the export: %d problems, the first %v", len(ps), []importer.Problem(ps[:min(len(ps), 5)]))
	}
	if err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	for _, r := range registers {
		if got := res.Sheets[r.Name]; got != (importer.Count{Created: len(r.Rows)}) {
			t.Errorf("%s: import %+v, want all %d rows created", r.Name, got, len(r.Rows))
		}
	}
	// Importing the same file again changes nothing, however many records
	// share a name.
	res, err = im.ImportFile(ctx, bytes.NewReader(b), importer.XLSX, "", true)
	if errors.As(err, &ps) {
		t.Fatalf("second import of the export: %d problems, the first %v", len(ps), []importer.Problem(ps[:min(len(ps), 5)]))
	}
	if err != nil {
		t.Fatalf("second import of the export: %v", err)
	}
	for _, r := range registers {
		if got := res.Sheets[r.Name]; got != (importer.Count{Unchanged: len(r.Rows)}) {
			t.Errorf("%s: second import %+v, want all %d rows unchanged", r.Name, got, len(r.Rows))
		}
	}
	return history(t, to)
}

func firstDiff(got, want [][]string) []string {
	for i := range min(len(got), len(want)) {
		if !slices.Equal(got[i], want[i]) {
			return append(append(got[i], "≠"), want[i]...)
		}
	}
	return nil
}

// TestWorkbookRoundTripSlashInName round-trips two municipalities alike,
// each with an administration named "Kultur / fritid" without
// organisationsnummer, whose child and posts are named by the path of
// their parents. North also has a committee "Kultur" with a unit
// "fritid": joined without escaping, the parents of the two units named
// "Bibliotek" below them would read the same, "Norra kommun /
// Kommunstyrelsen / Kultur / fritid".
func TestWorkbookRoundTripSlashInName(t *testing.T) {
	ctx := viewer.System(context.Background())
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	from := registrytest.MustRegistry(t, now)
	day := koncern.MustDate("2003-01-01")
	org := func(kind, name string, number *string, parent *uuid.UUID) *uuid.UUID {
		t.Helper()
		o, err := from.CreateOrganization(ctx, koncern.OrganizationInput{Kind: kind, Name: name, OrgNumber: number, ParentID: parent, Period: koncern.Period{From: day}})
		if err != nil {
			t.Fatalf("organisation %q: %v", name, err)
		}
		return &o.ID
	}
	post := func(at *uuid.UUID, title, role string) {
		t.Helper()
		if _, err := from.CreatePost(ctx, koncern.PostInput{OrganizationID: *at, Title: title, Role: role, Period: koncern.Period{From: day}}); err != nil {
			t.Fatalf("post %q: %v", title, err)
		}
	}
	for i, name := range []string{"Norra kommun", "Södra kommun"} {
		number := koncern.CompleteOrgNumber(fmt.Sprintf("21200001%d", 5+i))
		board := org("executive_board", "Kommunstyrelsen", nil, org("municipality", name, &number, nil))
		culture := org("administration", "Kultur / fritid", nil, board)
		post(culture, "Förvaltningschef", "head")
		post(org("unit", "Bibliotek", nil, culture), "Enhetschef", "head")
		if i == 0 {
			leisure := org("unit", "fritid", nil, org("committee", "Kultur", nil, board))
			post(org("unit", "Bibliotek", nil, leisure), "Samordnare", "officer")
		}
	}
	want := history(t, from)
	if len(want[0].Rows) != 11 {
		t.Fatalf("%d organisations exported, want 11", len(want[0].Rows))
	}
	to := registrytest.MustRegistry(t, now)
	got := roundTrip(t, ctx, want, to)
	sameRegisters(t, got, want)
	// The posts alone find their organisations in the registry, by the
	// paths the registry's names give.
	posts := slices.IndexFunc(want, func(r exchange.Register) bool { return r.Name == importer.SheetPosts })
	b, err := exchange.Workbook(want[posts : posts+1])
	if err != nil {
		t.Fatal(err)
	}
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	res, err := (&importer.Importer{Registry: to, Validator: v}).ImportFile(ctx, bytes.NewReader(b), importer.XLSX, "", true)
	if err != nil {
		t.Fatalf("import of the posts: %v", err)
	}
	if got := res.Sheets[importer.SheetPosts]; got != (importer.Count{Unchanged: len(want[posts].Rows)}) {
		t.Errorf("posts: import %+v, want all %d rows unchanged", got, len(want[posts].Rows))
	}
}
