package handlers_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer/importertest"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// world is a small group built straight through the registry for the
// access tests, with factories that make a fresh record for every request
// that changes one, so that each caller's request is valid on its own and
// only the caller's role can refuse it.
type world struct {
	t   testing.TB
	r   *registry.Registry
	ctx context.Context
	n   int

	muni, committee, admin, holding, sub koncern.Organization
	doc                                  koncern.Document
	person                               koncern.Person
	chair, head                          koncern.Post
	assignment                           koncern.Assignment
	stake                                koncern.Stake
	line                                 koncern.SteeringLine
	transaction                          koncern.Transaction
	token                                koncern.IssuedToken
	comment                              koncern.FindingComment
	report, answer                       koncern.Document
	recommendation                       koncern.Recommendation
}

func ok[T any](tb testing.TB) func(T, error) T {
	return func(v T, err error) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func day(s string) koncern.Date {
	d, err := koncern.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func from(s string) koncern.Period { return koncern.Period{From: day(s)} }

func shares(n int64) *int64 { return &n }

func newWorld(t testing.TB, r *registry.Registry) *world {
	w := &world{t: t, r: r, ctx: viewer.System(context.Background())}
	org := func(in koncern.OrganizationInput) koncern.Organization {
		return ok[koncern.Organization](t)(r.CreateOrganization(w.ctx, in))
	}
	w.muni = org(koncern.OrganizationInput{Kind: "municipality", Name: "Åtkomstkommun", Period: from("2003-01-01")})
	w.committee = org(koncern.OrganizationInput{Kind: "committee", Name: "Tekniska nämnden", ParentID: &w.muni.ID, Period: from("2003-01-01")})
	w.admin = org(koncern.OrganizationInput{Kind: "administration", Name: "Tekniska kontoret", ParentID: &w.committee.ID, Period: from("2003-01-01")})
	w.holding = org(koncern.OrganizationInput{Kind: "company", Name: "Moderbolaget AB", ParentID: &w.muni.ID, TotalShares: shares(1000), TotalVotes: shares(1000), Period: from("2003-01-01")})
	w.sub = org(koncern.OrganizationInput{Kind: "company", Name: "Dotterbolaget AB", ParentID: &w.holding.ID, TotalShares: shares(1000), TotalVotes: shares(1000), Period: from("2003-01-01")})
	w.doc = w.newDocument()
	w.person = w.newPerson()
	w.chair = ok[koncern.Post](t)(r.CreatePost(w.ctx, koncern.PostInput{OrganizationID: w.committee.ID, Title: "Ordförande", Role: "chair", Political: true, Period: from("2003-01-01")}))
	w.head = ok[koncern.Post](t)(r.CreatePost(w.ctx, koncern.PostInput{OrganizationID: w.admin.ID, Title: "Förvaltningschef", Role: "head", Period: from("2003-01-01")}))
	w.assignment = ok[koncern.Assignment](t)(r.CreateAssignment(w.ctx, koncern.AssignmentInput{PersonID: w.person.ID, PostID: w.chair.ID, Period: from("2003-01-01")}))
	w.stake = ok[koncern.Stake](t)(r.CreateStake(w.ctx, koncern.StakeInput{OwnerID: w.holding.ID, CompanyID: w.sub.ID, Shares: 600, Votes: 600, Period: from("2003-01-01")}))
	w.line = w.newLine("formal")
	w.transaction = ok[koncern.Transaction](t)(r.RecordTransaction(w.ctx, koncern.TransactionInput{Type: "acquisition", CompanyID: w.sub.ID, BuyerID: &w.muni.ID, Shares: 100, Votes: 100, EffectiveDate: day("2004-01-01")}))
	w.token = w.newToken()
	w.comment = w.newComment()
	w.report = ok[koncern.Document](t)(r.CreateDocument(w.ctx, koncern.DocumentInput{Kind: "audit_report", Title: "Granskningsrapport",
		DecidedOn: day("2003-06-01"), IssuerID: w.muni.ID, Period: from("2003-06-01")}))
	w.answer = ok[koncern.Document](t)(r.CreateDocument(w.ctx, koncern.DocumentInput{Kind: "audit_response", Title: "Yttrande",
		DecidedOn: day("2003-07-01"), IssuerID: w.committee.ID, Period: from("2003-07-01")}))
	w.recommendation = w.newRecommendation()
	return w
}

// newRecommendation is a recommendation of the world's report to the
// committee, targeting the head's findings.
func (w *world) newRecommendation() koncern.Recommendation {
	return ok[koncern.Recommendation](w.t)(w.r.CreateRecommendation(w.ctx, koncern.RecommendationInput{ReportID: w.report.ID,
		Text: fmt.Sprintf("Rekommendation %d", w.seq()), AddressedOrganizationID: &w.committee.ID, TargetSubjectIDs: []uuid.UUID{w.head.ID}}))
}

func (w *world) seq() int { w.n++; return w.n }

func (w *world) newOrganization() koncern.Organization {
	return ok[koncern.Organization](w.t)(w.r.CreateOrganization(w.ctx, koncern.OrganizationInput{Kind: "committee", Name: fmt.Sprintf("Nämnd %d", w.seq()), ParentID: &w.muni.ID, Period: from("2004-01-01")}))
}

func (w *world) newCompany() koncern.Organization {
	return ok[koncern.Organization](w.t)(w.r.CreateOrganization(w.ctx, koncern.OrganizationInput{Kind: "company", Name: fmt.Sprintf("Bolag %d AB", w.seq()), ParentID: &w.muni.ID, TotalShares: shares(1000), TotalVotes: shares(1000), Period: from("2004-01-01")}))
}

func (w *world) newPerson() koncern.Person {
	return ok[koncern.Person](w.t)(w.r.CreatePerson(w.ctx, koncern.PersonInput{Name: fmt.Sprintf("Person %d", w.seq()), Period: from("2003-01-01")}))
}

func (w *world) newPost() koncern.Post {
	return ok[koncern.Post](w.t)(w.r.CreatePost(w.ctx, koncern.PostInput{OrganizationID: w.admin.ID, Title: fmt.Sprintf("Handläggare %d", w.seq()), Role: "officer", Period: from("2004-01-01")}))
}

func (w *world) newAssignment() koncern.Assignment {
	return ok[koncern.Assignment](w.t)(w.r.CreateAssignment(w.ctx, koncern.AssignmentInput{PersonID: w.newPerson().ID, PostID: w.newPost().ID, Period: from("2004-01-01")}))
}

func (w *world) newStake() koncern.Stake {
	return ok[koncern.Stake](w.t)(w.r.CreateStake(w.ctx, koncern.StakeInput{OwnerID: w.muni.ID, CompanyID: w.newCompany().ID, Shares: 100, Votes: 100, Period: from("2004-01-01")}))
}

func (w *world) newDocument() koncern.Document {
	return ok[koncern.Document](w.t)(w.r.CreateDocument(w.ctx, koncern.DocumentInput{Kind: "council_decision", Title: fmt.Sprintf("Beslut %d", w.seq()), DecidedOn: day("2003-01-01"), IssuerID: w.muni.ID, Period: from("2003-01-01")}))
}

// lineInput is a coordination line between two fresh posts with basis b;
// a formal one cites the world's decision.
func (w *world) lineInput(basis string) koncern.SteeringLineInput {
	a, b := w.newPost().ID, w.newPost().ID
	in := koncern.SteeringLineInput{FromPostID: &a, ToPostID: &b, Kind: "coordination", Basis: basis, Period: from("2004-01-01")}
	if basis == "formal" {
		in.DocumentID = &w.doc.ID
	}
	return in
}

func (w *world) newLine(basis string) koncern.SteeringLine {
	return ok[koncern.SteeringLine](w.t)(w.r.CreateSteeringLine(w.ctx, w.lineInput(basis)))
}

func (w *world) newToken() koncern.IssuedToken {
	return ok[koncern.IssuedToken](w.t)(w.r.CreateToken(w.ctx, koncern.TokenInput{Name: fmt.Sprintf("token-%d", w.seq()), Role: koncern.AccessReader}))
}

// newComment is a comment by the system, which is no auditor's own.
func (w *world) newComment() koncern.FindingComment {
	return ok[koncern.FindingComment](w.t)(w.r.CreateFindingComment(w.ctx, koncern.FindingCommentInput{
		Rule: "vacant_head", SubjectID: w.head.ID, Body: fmt.Sprintf("Kommentar %d", w.seq())}))
}

// workbook is an import of one new municipality, which only the
// organisation register's writers may import.
func (w *world) workbook() string {
	return string(importertest.Workbook(w.t, map[string][][]any{
		"organizations": {
			{"kind", "name", "org_number", "parent_org_number", "total_shares", "total_votes", "valid_from"},
			{"municipality", fmt.Sprintf("Importkommun %d", w.seq()), "", "", "", "", "2003-01-01"},
		},
	}))
}

func idOf(id uuid.UUID) string { return id.String() }
