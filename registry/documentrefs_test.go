package registry_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestDocumentRuleBookFields checks the fields the rule book reads from a
// document: an annual review's year and companies, and the document a
// resolution adopts, each refused by name when wrong.
func TestDocumentRuleBookFields(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	ks := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "executive_board", Name: "Kommunstyrelsen", ParentID: &g.muni.ID, Period: period("2003-01-01")}))(t)
	other := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: period("2003-01-01")}))(t)
	otherCo := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Habo Energi AB", ParentID: &other.ID, TotalShares: i64(10), TotalVotes: i64(10), Period: period("2003-01-01")}))(t)
	directive := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv för Elmia AB",
		DecidedOn: d("2004-03-01"), IssuerID: g.muni.ID, Period: period("2004-03-01")}))(t)
	year := func(y int) *int { return &y }
	review := func(mod func(in *koncern.DocumentInput)) koncern.DocumentInput {
		in := koncern.DocumentInput{Kind: "annual_review", Title: "Prövning av bolagens verksamhet 2013", DecidedOn: d("2014-03-01"),
			IssuerID: ks.ID, SubjectIDs: []uuid.UUID{g.holding.ID, g.sub.ID}, Year: year(2013), Period: period("2014-03-01")}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	resolution := func(mod func(in *koncern.DocumentInput)) koncern.DocumentInput {
		in := koncern.DocumentInput{Kind: "general_meeting_resolution", Title: "Bolagsstämma Elmia AB", DecidedOn: d("2004-04-20"),
			IssuerID: g.sub.ID, RefersToID: &directive.ID, Period: period("2004-04-20")}
		if mod != nil {
			mod(&in)
		}
		return in
	}

	t.Run("AnnualReview", func(t *testing.T) {
		got := must(r.CreateDocument(ctx, review(nil)))(t)
		if len(got.SubjectIDs) != 2 || got.Year == nil || *got.Year != 2013 {
			t.Fatalf("stored %+v", got.DocumentInput)
		}
		again := must(r.GetDocument(ctx, got.ID))(t)
		if len(again.SubjectIDs) != 2 || again.SubjectIDs[0] != g.holding.ID || *again.Year != 2013 {
			t.Fatalf("read back %+v", again.DocumentInput)
		}
	})
	t.Run("AdoptingResolution", func(t *testing.T) {
		got := must(r.CreateDocument(ctx, resolution(nil)))(t)
		if got.RefersToID == nil || *got.RefersToID != directive.ID || got.SubjectIDs != nil {
			t.Fatalf("stored %+v", got.DocumentInput)
		}
	})
	for _, c := range []struct {
		name, field string
		in          koncern.DocumentInput
	}{
		{"ErrReviewWithoutYear", "year", review(func(in *koncern.DocumentInput) { in.Year = nil })},
		{"ErrReviewOfTheYearOfTheDecision", "year", review(func(in *koncern.DocumentInput) { in.Year = year(2014) })},
		{"ErrReviewWithoutCompanies", "subject_ids", review(func(in *koncern.DocumentInput) { in.SubjectIDs = nil })},
		{"ErrReviewOfACommittee", "subject_ids", review(func(in *koncern.DocumentInput) { in.SubjectIDs = []uuid.UUID{g.committee.ID} })},
		{"ErrReviewOfAnotherMunicipalitysCompany", "subject_ids", review(func(in *koncern.DocumentInput) { in.SubjectIDs = []uuid.UUID{otherCo.ID} })},
		{"ErrReviewByTheMunicipality", "issuer_id", review(func(in *koncern.DocumentInput) { in.IssuerID = g.muni.ID })},
		{"ErrUnknownSubject", "subject_ids", review(func(in *koncern.DocumentInput) { in.SubjectIDs = []uuid.UUID{uuid.New()} })},
		{"ErrSubjectTwice", "subject_ids", review(func(in *koncern.DocumentInput) { in.SubjectIDs = []uuid.UUID{g.sub.ID, g.sub.ID} })},
		{"ErrYearOnADirective", "year", koncern.DocumentInput{Kind: "owner_directive", Title: "Direktiv", DecidedOn: d("2004-03-01"),
			IssuerID: g.muni.ID, Year: year(2003), Period: period("2004-03-01")}},
		{"ErrDirectiveRefersToADocument", "refers_to_id", koncern.DocumentInput{Kind: "owner_directive", Title: "Direktiv", DecidedOn: d("2004-03-01"),
			IssuerID: g.muni.ID, RefersToID: &directive.ID, Period: period("2004-03-01")}},
		{"ErrResolutionOfTheMunicipality", "issuer_id", resolution(func(in *koncern.DocumentInput) { in.IssuerID = g.muni.ID })},
		{"ErrResolutionBeforeTheDirective", "refers_to_id", resolution(func(in *koncern.DocumentInput) {
			in.DecidedOn, in.Period = d("2004-02-01"), period("2004-02-01")
		})},
		{"ErrResolutionAdoptsAnUnknownDocument", "refers_to_id", resolution(func(in *koncern.DocumentInput) { id := uuid.New(); in.RefersToID = &id })},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := r.CreateDocument(ctx, c.in)
			wantError(t, err, koncern.EINVALID, c.field)
		})
	}
	t.Run("ErrResolutionAdoptsAReview", func(t *testing.T) {
		rev := must(r.CreateDocument(ctx, review(func(in *koncern.DocumentInput) { in.Title = "Prövning 2013, igen" })))(t)
		_, err := r.CreateDocument(ctx, resolution(func(in *koncern.DocumentInput) {
			in.DecidedOn, in.Period, in.RefersToID = d("2014-04-20"), period("2014-04-20"), &rev.ID
		}))
		wantError(t, err, koncern.EINVALID, "refers_to_id")
	})
	t.Run("ErrAdoptedDirectiveBecomesAnotherKind", func(t *testing.T) {
		cur := must(r.GetDocument(ctx, directive.ID))(t)
		_, err := r.UpdateDocument(ctx, cur.ID, cur.Version, koncern.DocumentPatch{Kind: koncern.Opt[string]{Set: true, Value: "regulation"}})
		wantError(t, err, koncern.ECONFLICT, "kind")
	})
	t.Run("ErrAdoptedDirectiveDecidedLater", func(t *testing.T) {
		cur := must(r.GetDocument(ctx, directive.ID))(t)
		_, err := r.UpdateDocument(ctx, cur.ID, cur.Version, koncern.DocumentPatch{DecidedOn: koncern.Opt[koncern.Date]{Set: true, Value: d("2004-05-01")},
			PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d("2004-05-01")}}})
		wantError(t, err, koncern.ECONFLICT, "decided_on")
	})
	t.Run("PatchClearsTheSubjects", func(t *testing.T) {
		d := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "council_decision", Title: "Beslut om bolagen", DecidedOn: d("2004-03-01"),
			IssuerID: g.muni.ID, SubjectIDs: []uuid.UUID{g.sub.ID}, Period: period("2004-03-01")}))(t)
		got := must(r.UpdateDocument(ctx, d.ID, d.Version, koncern.DocumentPatch{SubjectIDs: koncern.Opt[[]uuid.UUID]{Set: true, Null: true}}))(t)
		if got.SubjectIDs != nil {
			t.Fatalf("subjects %v after null", got.SubjectIDs)
		}
		_, err := r.UpdateDocument(ctx, got.ID, got.Version, koncern.DocumentPatch{Year: koncern.Opt[int]{Set: true, Value: 2003}})
		wantError(t, err, koncern.EINVALID, "year")
	})
}

// TestReviewDeadline checks a municipality's deadline for the annual
// review: a day every year has, on a municipality only.
func TestReviewDeadline(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	str := func(s string) *string { return &s }
	t.Run("OwnDay", func(t *testing.T) {
		got := must(r.UpdateOrganization(ctx, g.muni.ID, g.muni.Version, koncern.OrganizationPatch{ReviewDeadline: koncern.Opt[string]{Set: true, Value: "04-30"}}))(t)
		if got.ReviewDeadline == nil || *got.ReviewDeadline != "04-30" || got.ReviewDeadlineIn(2014) != d("2014-04-30") {
			t.Fatalf("deadline %v", got.ReviewDeadline)
		}
		got = must(r.UpdateOrganization(ctx, got.ID, got.Version, koncern.OrganizationPatch{ReviewDeadline: koncern.Opt[string]{Set: true, Null: true}}))(t)
		if got.ReviewDeadline != nil || got.ReviewDeadlineIn(2014) != d("2014-06-30") {
			t.Fatalf("deadline %v after null, want the default", got.ReviewDeadline)
		}
	})
	for _, c := range []struct{ name, value, kind string }{
		{"ErrNoSuchDay", "02-30", "municipality"},
		{"ErrNotEveryYear", "02-29", "municipality"},
		{"ErrNotMonthDay", "6-30", "municipality"},
		{"ErrWithYear", "2014-06-30", "municipality"},
		{"ErrOnACompany", "06-30", "company"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := koncern.OrganizationInput{Kind: c.kind, Name: "Ny kommun " + c.name, ReviewDeadline: str(c.value), Period: period("2003-01-01")}
			if c.kind == "company" {
				in.ParentID, in.TotalShares, in.TotalVotes = &g.muni.ID, i64(10), i64(10)
			}
			_, err := r.CreateOrganization(ctx, in)
			wantError(t, err, koncern.EINVALID, "review_deadline")
		})
	}
}
