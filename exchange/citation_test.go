package exchange_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestCitationOfEndedDocument exports, as it stood on one day, an
// assignment that cites a regulation ended since, adopted under the same
// paragraph as one still in force: the export of that day lists only the
// one in force, yet the reference is not the ended one's key, so the
// citation names its title instead of the reference that would import as
// the other document.
func TestCitationOfEndedDocument(t *testing.T) {
	ctx := viewer.System(context.Background())
	r := registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	from := koncern.MustDate("2010-01-01")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	muni, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Norra kommun", OrgNumber: ptr("212000-0001"), Period: koncern.Period{From: from}})
	must(err)
	ref := "KF § 12/2010"
	ended := koncern.MustDate("2014-12-31")
	old, err := r.CreateDocument(ctx, koncern.DocumentInput{Kind: "regulation", Title: "Reglemente för tekniska nämnden", Reference: &ref,
		DecidedOn: from, IssuerID: muni.ID, Period: koncern.Period{From: from, To: &ended}})
	must(err)
	_, err = r.CreateDocument(ctx, koncern.DocumentInput{Kind: "regulation", Title: "Reglemente för kommunstyrelsen", Reference: &ref,
		DecidedOn: from, IssuerID: muni.ID, Period: koncern.Period{From: from}})
	must(err)
	person, err := r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna Andersson", Period: koncern.Period{From: from}})
	must(err)
	post, err := r.CreatePost(ctx, koncern.PostInput{OrganizationID: muni.ID, Title: "Kommundirektör", Role: "city_manager", Period: koncern.Period{From: from}})
	must(err)
	_, err = r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: person.ID, PostID: post.ID, DocumentID: &old.ID, Period: koncern.Period{From: from}})
	must(err)

	day := koncern.MustDate("2020-01-01")
	data, err := r.LoadSnapshot(ctx, nil, koncern.Period{From: day, To: &day})
	must(err)
	assignments := registerNamed(exchange.Registers(analysis.NewSnapshot(koncern.Period{From: day, To: &day}, data), &day), "assignments")
	if len(assignments.Rows) != 1 {
		t.Fatalf("%d assignments, want 1", len(assignments.Rows))
	}
	if got := assignments.Rows[0][slices.Index(assignments.Columns, "document")]; got != old.Title {
		t.Fatalf("the assignment cites %q, want the ended regulation's title %q", got, old.Title)
	}
}
