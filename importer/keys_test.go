package importer_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// Organisationsnummer of the two municipalities of twoMunicipalities.
var (
	northNr = koncern.CompleteOrgNumber("212000015")
	southNr = koncern.CompleteOrgNumber("212000016")
)

// twoMunicipalities is a workbook of two municipalities built alike, as
// an export of several writes it: the same names under each (a
// Kommunstyrelsen, a Stadskontoret, an Ekonomi unit, a "KF § 1/2003"),
// told apart by the path of parents, the document's issuer and the
// person's key. North's Ekonomi sits under Stadskontoret, South's under
// Tekniska kontoret, so that the end of a path can be enough.
func twoMunicipalities() sheets {
	return sheets{
		"organizations": {
			{"kind", "name", "org_number", "parent_org_number", "parent_name", "parent_path", "staff_fte", "valid_from", "valid_to"},
			{"municipality", "Norra kommun", northNr, "", "", "", "", "2003-01-01", ""},
			{"municipality", "Södra kommun", southNr, "", "", "", "", "2003-01-01", ""},
			{"council", "Kommunfullmäktige", "", northNr, "", "", "", "2003-01-01", ""},
			{"council", "Kommunfullmäktige", "", southNr, "", "", "", "2003-01-01", ""},
			{"executive_board", "Kommunstyrelsen", "", northNr, "", "", "", "2003-01-01", ""},
			{"executive_board", "Kommunstyrelsen", "", southNr, "", "", "", "2003-01-01", ""},
			{"administration", "Stadskontoret", "", "", "Kommunstyrelsen", "Norra kommun", 10, "2003-01-01", ""},
			{"administration", "Stadskontoret", "", "", "Kommunstyrelsen", "Södra kommun", 20, "2003-01-01", ""},
			{"administration", "Tekniska kontoret", "", "", "Kommunstyrelsen", "Södra kommun", "", "2003-01-01", ""},
			{"unit", "Ekonomi", "", "", "Stadskontoret", "Norra kommun / Kommunstyrelsen", 3, "2003-01-01", ""},
			{"unit", "Ekonomi", "", "", "Tekniska kontoret", "Södra kommun / Kommunstyrelsen", 4, "2003-01-01", ""},
		},
		"documents": {
			{"kind", "title", "reference", "decided_on", "issuer_org_number", "issuer_name", "issuer_path", "valid_from", "valid_to"},
			{"regulation", "Reglemente för kommunstyrelsen", "KF § 1/2003", "2003-01-01", "", "Kommunfullmäktige", "Norra kommun", "2003-01-01", ""},
			{"regulation", "Reglemente för kommunstyrelsen", "KF § 1/2003", "2003-01-01", "", "Kommunfullmäktige", "Södra kommun", "2003-01-01", ""},
			// One paragraph may adopt several documents.
			{"regulation", "Reglemente för tekniska nämnden", "KF § 1/2003", "2003-01-01", "", "Kommunfullmäktige", "Södra kommun", "2003-01-01", ""},
		},
		"people": {
			{"name", "email", "key", "valid_from", "valid_to"},
			{"Anna Andersson", "", "1", "2003-01-01", ""},
			{"Anna Andersson", "", "2", "2004-01-01", ""},
		},
		"posts": {
			{"organization_org_number", "organization_name", "organization_path", "title", "role", "valid_from", "valid_to"},
			{"", "Stadskontoret", "Norra kommun / Kommunstyrelsen", "Stadsdirektör", "city_manager", "2003-01-01", ""},
			{"", "Stadskontoret", "Södra kommun / Kommunstyrelsen", "Stadsdirektör", "city_manager", "2003-01-01", ""},
		},
		"assignments": {
			{"person_name", "person_key", "organization_name", "organization_path", "post_title",
				"document", "document_issuer_name", "document_issuer_path", "valid_from", "valid_to"},
			{"Anna Andersson", "2", "Stadskontoret", "Södra kommun / Kommunstyrelsen", "Stadsdirektör",
				"KF § 1/2003", "Kommunfullmäktige", "Norra kommun", "2004-01-01", ""},
		},
		"steering_lines": {
			{"from_name", "from_path", "to_name", "to_path", "kind", "basis",
				"document", "document_issuer_name", "document_issuer_path", "valid_from", "valid_to"},
			// The end of the path is enough where it is unique.
			{"Stadskontoret", "Norra kommun / Kommunstyrelsen", "Ekonomi", "Tekniska kontoret", "coordination", "formal",
				"Reglemente för tekniska nämnden", "Kommunfullmäktige", "Södra kommun", "2003-01-01", ""},
		},
	}
}

// TestKeysAcrossMunicipalities imports records of the same names in two
// municipalities, told apart by the columns an export of several
// municipalities writes, and checks that a file without them gets a
// problem naming the column to add.
func TestKeysAcrossMunicipalities(t *testing.T) {
	t.Run("TheNewColumnsTellApart", func(t *testing.T) {
		im := newImporter(t)
		if _, ps := importXLSX(t, im, twoMunicipalities().xlsx(t), false); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
		ctx := viewer.System(context.Background())
		r := im.Registry
		h := registry.ListOptions{History: true, Limit: registry.MaxLimit}
		// Each Stadskontoret (told by its staff) sits in its own
		// municipality.
		offices, err := r.ListOrganizations(ctx, registry.OrganizationFilter{Query: "Stadskontoret", ListOptions: h})
		must(t, err)
		for _, o := range offices.Items {
			want := map[float64]string{10: "Norra kommun", 20: "Södra kommun"}[*o.StaffFTE]
			if got := rootName(t, r, o); got != want {
				t.Errorf("Stadskontoret with %v staff is in %s, want %s", *o.StaffFTE, got, want)
			}
		}
		// Anna Andersson with key 2 (from 2004) holds South's post on
		// North's regulation.
		as, err := r.ListAssignments(ctx, registry.AssignmentFilter{ListOptions: h})
		must(t, err)
		if len(as.Items) != 1 {
			t.Fatalf("%d assignments, want 1", len(as.Items))
		}
		a := as.Items[0]
		person, err := r.GetPerson(ctx, a.PersonID)
		must(t, err)
		if person.From != koncern.MustDate("2004-01-01") {
			t.Errorf("the assignment's person begins %s, want the one of key 2 (2004-01-01)", person.From)
		}
		post, err := r.GetPost(ctx, a.PostID)
		must(t, err)
		office, err := r.GetOrganization(ctx, post.OrganizationID)
		must(t, err)
		if got := rootName(t, r, office); got != "Södra kommun" {
			t.Errorf("the assignment's post is in %s, want Södra kommun", got)
		}
		if got := issuerRoot(t, r, *a.DocumentID); got != "Norra kommun" {
			t.Errorf("the assignment cites a document of %s, want Norra kommun", got)
		}
		// The line reaches South's Ekonomi, named by the end of its path.
		lines, err := r.ListSteeringLines(ctx, registry.SteeringLineFilter{ListOptions: h})
		must(t, err)
		l := lines.Items[0]
		to, err := r.GetOrganization(ctx, *l.ToOrganizationID)
		must(t, err)
		if got := rootName(t, r, to); got != "Södra kommun" {
			t.Errorf("the line reaches the Ekonomi of %s, want Södra kommun", got)
		}
		doc, err := r.GetDocument(ctx, *l.DocumentID)
		must(t, err)
		if doc.Title != "Reglemente för tekniska nämnden" {
			t.Errorf("the line cites %q", doc.Title)
		}
	})

	t.Run("RegistryByPath", func(t *testing.T) {
		im := newImporter(t)
		orgs := sheets{"organizations": twoMunicipalities()["organizations"]}
		if _, ps := importXLSX(t, im, orgs.xlsx(t), false); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
		posts := sheets{"posts": twoMunicipalities()["posts"]}
		posts.set("posts", 3, "organization_path", "Kommunstyrelsen")
		_, ps := importXLSX(t, im, posts.xlsx(t), true)
		expect(t, ps, problem{"posts", 3, "organization_name", `2 records of a organisation named "Stadskontoret" under "Kommunstyrelsen" exist`})
		posts = sheets{"posts": twoMunicipalities()["posts"]}
		res, ps := importXLSX(t, im, posts.xlsx(t), false)
		if ps != nil {
			t.Fatalf("import of the posts: %v", ps.AsError())
		}
		if res.Sheets["posts"].Created != 2 {
			t.Errorf("posts: %+v, want 2 created", res.Sheets["posts"])
		}
		ctx := viewer.System(context.Background())
		h := registry.ListOptions{History: true, Limit: registry.MaxLimit}
		created, err := im.Registry.ListPosts(ctx, registry.PostFilter{ListOptions: h})
		must(t, err)
		roots := map[string]bool{}
		for _, p := range created.Items {
			o, err := im.Registry.GetOrganization(ctx, p.OrganizationID)
			must(t, err)
			roots[rootName(t, im.Registry, o)] = true
		}
		if !roots["Norra kommun"] || !roots["Södra kommun"] {
			t.Errorf("the posts are in %v, want one in each municipality", roots)
		}
	})

	t.Run("ReimportIsNoOp", func(t *testing.T) {
		im := newImporter(t)
		s := twoMunicipalities()
		// The list's query folds case in SQLite for ASCII letters only.
		s.set("posts", 2, "title", "Ämnesansvarig")
		for i, want := range []importer.Count{{Created: 2}, {Unchanged: 2}} {
			res, ps := importXLSX(t, im, s.xlsx(t), false)
			if ps != nil {
				t.Fatalf("import %d: %v", i+1, ps.AsError())
			}
			if got := res.Sheets["posts"]; got != want {
				t.Errorf("import %d: posts %+v, want %+v", i+1, got, want)
			}
		}
	})
	t.Run("HomonymsInRegistryByTheirPosts", func(t *testing.T) {
		im := newImporter(t)
		s := twoMunicipalities()
		s.set("people", 3, "valid_from", "2003-01-01")
		if _, ps := importXLSX(t, im, s.xlsx(t), false); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
		// Both Anna Anderssons now match either record, which the key
		// told apart; the posts each holds tell them apart again.
		res, ps := importXLSX(t, im, s.xlsx(t), false)
		if ps != nil {
			t.Fatalf("reimport: %v", ps.AsError())
		}
		for sheet, n := range map[string]int{"people": 2, "assignments": 1} {
			if got := res.Sheets[sheet]; got != (importer.Count{Unchanged: n}) {
				t.Errorf("reimport: %s %+v, want %d unchanged", sheet, got, n)
			}
		}
		// Without the assignment the file's second Anna holds nothing,
		// as the first does; the record left holds a post.
		delete(s, "assignments")
		_, ps = importXLSX(t, im, s.xlsx(t), false)
		expect(t, ps, problem{"people", 3, "valid_from", "2 records of a person in the registry have this row's key and valid_from, and the import cannot tell which one this row is (the registry does not keep the key column, and the assignments the file gives this person are none of theirs)"})
	})
	t.Run("ErrDocumentTitleDiffers", func(t *testing.T) {
		im := newImporter(t)
		if _, ps := importXLSX(t, im, twoMunicipalities().xlsx(t), false); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
		// North's council has one document of its reference, so a new
		// title is a change; South's adopted two under one reference,
		// which only their titles tell apart.
		s := twoMunicipalities()
		s.set("documents", 2, "title", "Reglemente för KS")
		_, ps := importXLSX(t, im, s.xlsx(t), true)
		expect(t, ps, problem{"documents", 2, "title", `differs from the document already in the registry (the registry has "Reglemente för kommunstyrelsen")`})
	})
	t.Run("SecondDocumentOfAReferenceAboveTheFirst", func(t *testing.T) {
		im := newImporter(t)
		if _, ps := importXLSX(t, im, twoMunicipalities().xlsx(t), false); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
		// North's council adopts a second document under its one
		// reference, written in the row above the first: the file has
		// two documents of the reference, so neither row is the other's
		// changed title, whichever comes first.
		s := twoMunicipalities()
		docs := s["documents"]
		second := []any{"regulation", "Reglemente för miljönämnden", "KF § 1/2003", "2003-01-01", "", "Kommunfullmäktige", "Norra kommun", "2003-01-01", ""}
		s["documents"] = append([][]any{docs[0], second}, docs[1:]...)
		// The reference no longer tells North's documents apart.
		s.set("assignments", 2, "document", "Reglemente för kommunstyrelsen")
		res, ps := importXLSX(t, im, s.xlsx(t), true)
		if ps != nil {
			t.Fatal(ps.AsError())
		}
		if got := res.Sheets["documents"]; got != (importer.Count{Created: 1, Unchanged: 3}) {
			t.Fatalf("documents %+v, want 1 created and 3 unchanged", got)
		}
	})

	// A file without the new columns still imports where names are
	// unique (TestImportAndReimport's group has none of them); where they
	// are not, the problem says which column to add.
	t.Run("ErrParentNameNotUnique", func(t *testing.T) {
		s := sheets{"organizations": twoMunicipalities()["organizations"]}
		s.drop("organizations", "parent_path")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		ambiguous := `2 records of a organisation named "Kommunstyrelsen" exist and not exactly one of them is in force on 2003-01-01; give parent_org_number or parent_path`
		expect(t, ps,
			problem{"organizations", 8, "parent_name", ambiguous},
			problem{"organizations", 9, "parent_name", ambiguous},
			problem{"organizations", 10, "parent_name", ambiguous},
			problem{"organizations", 11, "parent_name", `organisation named "Stadskontoret" exist and not exactly one of them is in force on 2003-01-01; give parent_org_number or parent_path`},
			problem{"organizations", 12, "parent_name", "refers to organizations row 10, which has problems"},
		)
	})
	t.Run("ErrPathEndNotUnique", func(t *testing.T) {
		s := twoMunicipalities()
		s.set("posts", 2, "organization_path", "Kommunstyrelsen")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"posts", 2, "organization_name", `2 records of a organisation named "Stadskontoret" under "Kommunstyrelsen" exist and not exactly one of them is in force on 2003-01-01; give organization_org_number or organization_path`})
	})
	// A path written by hand need not double a name's slash that is not
	// between spaces: "Teknik/fritid" reads as the name it is.
	t.Run("SingleSlashInPathReadsAsWritten", func(t *testing.T) {
		s := twoMunicipalities()
		s.set("organizations", 10, "name", "Teknik/fritid")
		s.set("organizations", 12, "parent_name", "Teknik/fritid")
		s.set("steering_lines", 2, "to_path", "Södra kommun / Kommunstyrelsen / Teknik/fritid")
		if _, ps := importXLSX(t, newImporter(t), s.xlsx(t), true); ps != nil {
			t.Fatalf("import: %v", ps.AsError())
		}
	})
	t.Run("ErrPersonNotUnique", func(t *testing.T) {
		s := twoMunicipalities()
		s.drop("assignments", "person_key")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"assignments", 2, "person_name", `2 records of a person named "Anna Andersson" exist and not exactly one of them is in force on 2004-01-01; give person_email or person_key`})
	})
	t.Run("ErrDocumentNotUnique", func(t *testing.T) {
		s := twoMunicipalities()
		s.drop("assignments", "document_issuer_name")
		s.drop("assignments", "document_issuer_path")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"assignments", 2, "document", `3 records of a document with reference or title "KF § 1/2003" exist and not exactly one of them is in force on 2004-01-01; give document_issuer_name (and document_issuer_path)`})
	})
}

// drop removes a column from a sheet.
func (s sheets) drop(sheet, col string) {
	for i, name := range s[sheet][0] {
		if name == col {
			for n, row := range s[sheet] {
				s[sheet][n] = append(row[:i:i], row[i+1:]...)
			}
			return
		}
	}
	panic("no column " + col)
}

// rootName is the name of the organisation at the top of o's hierarchy.
func rootName(t *testing.T, r *registry.Registry, o koncern.Organization) string {
	t.Helper()
	for o.ParentID != nil {
		var err error
		o, err = r.GetOrganization(viewer.System(context.Background()), *o.ParentID)
		must(t, err)
	}
	return o.Name
}

// issuerRoot is the municipality of a document's issuer.
func issuerRoot(t *testing.T, r *registry.Registry, id uuid.UUID) string {
	t.Helper()
	ctx := viewer.System(context.Background())
	d, err := r.GetDocument(ctx, id)
	must(t, err)
	issuer, err := r.GetOrganization(ctx, d.IssuerID)
	must(t, err)
	return rootName(t, r, issuer)
}

// TestNamesakeIsNotMerged adds a second Anna Andersson (key 2) of the same
// first day as the one the registry holds, with a post in the other
// municipality: one registry person must not stand for both of the
// file's, which would tie the new Anna's post to the old one.
func TestNamesakeIsNotMerged(t *testing.T) {
	im := newImporter(t)
	s := twoMunicipalities()
	assignments := []any{"person_name", "person_key", "organization_name", "organization_path", "post_title", "valid_from", "valid_to"}
	north := []any{"Anna Andersson", "", "Stadskontoret", "Norra kommun / Kommunstyrelsen", "Stadsdirektör", "2003-01-01", ""}
	s["people"] = [][]any{{"name", "key", "valid_from"}, {"Anna Andersson", "", "2003-01-01"}}
	s["assignments"] = [][]any{assignments, north}
	if _, ps := importXLSX(t, im, s.xlsx(t), false); ps != nil {
		t.Fatal(ps.AsError())
	}
	before := stored(t, im.Registry)
	north[1] = "1"
	s["people"] = [][]any{{"name", "key", "valid_from"}, {"Anna Andersson", "2", "2003-01-01"}, {"Anna Andersson", "1", "2003-01-01"}}
	s["assignments"] = [][]any{assignments, north,
		{"Anna Andersson", "2", "Stadskontoret", "Södra kommun / Kommunstyrelsen", "Stadsdirektör", "2005-01-01", ""}}
	_, ps := importXLSX(t, im, s.xlsx(t), false)
	expect(t, ps,
		problem{"people", 2, "valid_from", "the registry already holds this person for 2003-01-01–, overlapping this row's 2003-01-01–; the import only adds records, so change it through the API; if the row is another person of the same name, give an e-mail that tells them apart"},
		problem{"assignments", 3, "person_name", "refers to people row 2, which has problems"},
	)
	wroteNothing(t, im.Registry, before)
}
