package importer_test

import (
	"context"
	"testing"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// ruleBookSheets is the group with the rule book's columns: a municipality
// with its own review deadline, an executive board, an annual review
// naming one company by number and one by path, and a general meeting's
// resolution adopting the directive, above the directive in the sheet.
func ruleBookSheets() sheets {
	s := group()
	s["organizations"][0] = append(s["organizations"][0], "review_deadline")
	for i := 1; i < len(s["organizations"]); i++ {
		s["organizations"][i] = append(s["organizations"][i], "")
	}
	s.set("organizations", 2, "review_deadline", "05-31")
	s["organizations"] = append(s["organizations"], []any{"executive_board", "Kommunstyrelsen", "", muniNr, "", "", "", "", "2003-01-01", "", ""})
	s["documents"] = [][]any{
		{"kind", "title", "reference", "decided_on", "issuer_org_number", "issuer_name", "subjects", "refers_to", "year", "valid_from", "valid_to"},
		{"general_meeting_resolution", "Årsstämma 2003", "", "2003-04-20", energyNr, "", "", "KF 2003-12", "", "2003-04-20", ""},
		{"owner_directive", "Ägardirektiv för Energi AB", "KF 2003-12", "2003-01-15", "", "Kommunfullmäktige", "", "", "", "2003-02-01", ""},
		{"annual_review", "Prövning av bolagen 2013", "", "2014-03-01", "", "Kommunstyrelsen",
			holdNr + "; Testkommun / Testkommun Rådhus AB / Testkommun Energi AB", "", 2013, "2014-03-01", ""},
	}
	return s
}

func TestImportRuleBookColumns(t *testing.T) {
	im := newImporter(t)
	_, ps := importXLSX(t, im, ruleBookSheets().xlsx(t), false)
	if ps != nil {
		t.Fatalf("import: %v", ps.AsError())
	}
	ctx := viewer.System(context.Background())
	h := registry.ListOptions{History: true, Limit: registry.MaxLimit}
	munis, err := im.Registry.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "municipality", ListOptions: h})
	must(t, err)
	if d := munis.Items[0].ReviewDeadline; d == nil || *d != "05-31" {
		t.Errorf("review_deadline %v, want 05-31", d)
	}
	docs, err := im.Registry.ListDocuments(ctx, registry.DocumentFilter{ListOptions: h})
	must(t, err)
	byKind := map[string]int{}
	for i, d := range docs.Items {
		byKind[d.Kind] = i
	}
	review, resolution, directive := docs.Items[byKind["annual_review"]], docs.Items[byKind["general_meeting_resolution"]], docs.Items[byKind["owner_directive"]]
	if len(review.SubjectIDs) != 2 || review.Year == nil || *review.Year != 2013 {
		t.Errorf("annual review %+v", review.DocumentInput)
	}
	if resolution.RefersToID == nil || *resolution.RefersToID != directive.ID {
		t.Errorf("resolution refers to %v, want the directive %s", resolution.RefersToID, directive.ID)
	}

	t.Run("AgainIsNoOp", func(t *testing.T) {
		res, ps := importXLSX(t, im, ruleBookSheets().xlsx(t), false)
		if ps != nil || res.Sheets["documents"].Unchanged != 3 {
			t.Fatalf("reimport: %+v, %v", res.Sheets["documents"], ps.AsError())
		}
	})
	t.Run("ErrUnknownSubject", func(t *testing.T) {
		s := ruleBookSheets()
		s.set("documents", 4, "subjects", "Testkommun / Okänt AB")
		s.set("documents", 4, "title", "Prövning av bolagen 2013, igen")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"documents", 4, "subjects", `no organisation at "Testkommun / Okänt AB" is in this file or in the registry`})
	})
	t.Run("ErrSubjectNumber", func(t *testing.T) {
		s := ruleBookSheets()
		s.set("documents", 4, "subjects", "556000-0003")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"documents", 4, "subjects", "not a valid organisationsnummer"})
	})
	t.Run("ErrReviewWithoutYear", func(t *testing.T) {
		s := ruleBookSheets()
		s.set("documents", 4, "year", "")
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		expect(t, ps, problem{"documents", 4, "year", "required for an annual review"})
	})
	t.Run("ErrDeadline", func(t *testing.T) {
		s := ruleBookSheets()
		s.set("organizations", 2, "review_deadline", "02-30")
		// Every row under the municipality fails with it; the first
		// problem is the cause.
		_, ps := importXLSX(t, newImporter(t), s.xlsx(t), true)
		if len(ps) == 0 {
			t.Fatal("no problem")
		}
		expect(t, ps[:1], problem{"organizations", 2, "review_deadline", "MM-DD"})
	})
}
