package registry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

var (
	ctx   = viewer.System(context.Background())
	now   = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	d     = koncern.MustDate
	ptr   = func(s string) *string { return &s }
	i64   = func(n int64) *int64 { return &n }
	dateP = func(s string) *koncern.Date { v := d(s); return &v }
)

func period(from string, to ...string) koncern.Period {
	p := koncern.Period{From: d(from)}
	if len(to) > 0 {
		p.To = dateP(to[0])
	}
	return p
}

// must returns v, failing the test given to the returned function when err
// is not nil: must(r.Get(ctx, id))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// wantError checks the code and the field of a rejection.
func wantError(tb testing.TB, err error, code, field string) {
	tb.Helper()
	if got := koncern.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	var kerr *koncern.Error
	if field == "" {
		return
	}
	if e, ok := err.(*koncern.Error); ok {
		kerr = e
	}
	for _, f := range kerr.Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("error names fields %v, want %q", kerr.Fields, field)
}

// group is a small municipality with a committee and a holding company.
type group struct {
	muni, committee, holding, sub koncern.Organization
}

func mustGroup(tb testing.TB, r *registry.Registry) group {
	tb.Helper()
	var g group
	g.muni = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Jönköpings kommun", OrgNumber: ptr("212000-0530"), Period: period("2003-01-01")}))(tb)
	g.committee = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Tekniska nämnden", ParentID: &g.muni.ID, Period: period("2003-01-01")}))(tb)
	g.holding = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Jönköpings Rådhus AB", ParentID: &g.muni.ID, TotalShares: i64(1000), TotalVotes: i64(1000), Period: period("2003-01-01")}))(tb)
	g.sub = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Elmia AB", ParentID: &g.holding.ID, TotalShares: i64(100), TotalVotes: i64(1000), Period: period("2003-01-01")}))(tb)
	return g
}

func TestOrganization(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)

	t.Run("MunicipalityIsDerived", func(t *testing.T) {
		if g.sub.MunicipalityID == nil || *g.sub.MunicipalityID != g.muni.ID {
			t.Fatalf("sub-company municipality = %v, want %v", g.sub.MunicipalityID, g.muni.ID)
		}
		if *g.muni.MunicipalityID != g.muni.ID {
			t.Fatal("a municipality is its own root")
		}
	})
	t.Run("ErrOrgNumberCheckDigit", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "X", OrgNumber: ptr("212000-0143"), Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "org_number")
	})
	t.Run("ErrOrgNumberInUse", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Y", OrgNumber: ptr("2120000530"), Period: period("2004-01-01")})
		wantError(t, err, koncern.ECONFLICT, "org_number")
	})
	t.Run("ErrParentRequired", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Z", Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "parent_id")
	})
	t.Run("ErrParentDoesNotCover", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Z", ParentID: &g.muni.ID, Period: period("2002-12-31")})
		wantError(t, err, koncern.EINVALID, "parent_id")
	})
	t.Run("ErrValidToBeforeValidFrom", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Z", ParentID: &g.muni.ID, Period: period("2003-05-01", "2003-04-30")})
		wantError(t, err, koncern.EINVALID, "valid_to")
	})
	t.Run("ErrCompanyWithoutShares", func(t *testing.T) {
		_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Z AB", ParentID: &g.muni.ID, Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "total_shares")
	})
	t.Run("ErrCycle", func(t *testing.T) {
		_, err := r.UpdateOrganization(ctx, g.holding.ID, 0, koncern.OrganizationPatch{ParentID: koncern.Opt[uuid.UUID]{Set: true, Value: g.sub.ID}})
		wantError(t, err, koncern.EINVALID, "parent_id")
	})
	t.Run("UpdateRaisesVersion", func(t *testing.T) {
		o := must(r.UpdateOrganization(ctx, g.committee.ID, g.committee.Version, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: "Tekniska nämnden (ny)"}}))(t)
		if o.Version != g.committee.Version+1 || o.Name != "Tekniska nämnden (ny)" {
			t.Fatalf("got version %d name %q", o.Version, o.Name)
		}
		_, err := r.UpdateOrganization(ctx, g.committee.ID, g.committee.Version, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: "stale"}})
		wantError(t, err, koncern.EPRECONDITION, "")
	})
	t.Run("ErrEndWithDependents", func(t *testing.T) {
		_, err := r.EndOrganization(ctx, g.holding.ID, 0, d("2003-06-30"))
		wantError(t, err, koncern.ECONFLICT, "valid_to")
		o := must(r.GetOrganization(ctx, g.holding.ID))(t)
		if o.To != nil {
			t.Fatalf("rejected end wrote valid_to %v", o.To)
		}
	})
	t.Run("AsOf", func(t *testing.T) {
		late := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Ny nämnd", ParentID: &g.muni.ID, Period: period("2004-01-01", "2004-12-31")}))(t)
		names := func(at string) map[uuid.UUID]bool {
			page := must(r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: registry.ListOptions{At: dateP(at)}}))(t)
			out := map[uuid.UUID]bool{}
			for _, o := range page.Items {
				out[o.ID] = true
			}
			return out
		}
		if names("2003-12-31")[late.ID] || !names("2004-01-01")[late.ID] || !names("2004-12-31")[late.ID] || names("2005-01-01")[late.ID] {
			t.Fatal("as-of lists do not follow valid_from and the inclusive valid_to")
		}
	})
	t.Run("Paging", func(t *testing.T) {
		seen := map[uuid.UUID]bool{}
		opts := registry.ListOptions{History: true, Limit: 2}
		for {
			page := must(r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: opts}))(t)
			for _, o := range page.Items {
				if seen[o.ID] {
					t.Fatalf("%s seen twice", o.ID)
				}
				seen[o.ID] = true
			}
			if page.NextCursor == nil {
				break
			}
			opts.Cursor = *page.NextCursor
		}
		if len(seen) != 5 {
			t.Fatalf("paged through %d organisations, want 5", len(seen))
		}
	})
}

func TestStake(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	stake := func(owner, company uuid.UUID, shares, votes int64, p koncern.Period) (koncern.Stake, error) {
		return r.CreateStake(ctx, koncern.StakeInput{OwnerID: owner, CompanyID: company, Shares: shares, Votes: votes, Period: p})
	}
	first := must(stake(g.holding.ID, g.sub.ID, 60, 600, period("2003-01-01", "2003-12-31")))(t)
	other := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Extern AB", TotalShares: i64(1), TotalVotes: i64(1), Period: period("2003-01-01")}))(t)

	t.Run("ErrOverlappingPeriod", func(t *testing.T) {
		_, err := stake(g.holding.ID, g.sub.ID, 1, 1, period("2003-12-31"))
		wantError(t, err, koncern.ECONFLICT, "valid_from")
	})
	t.Run("NextPeriodOfSamePair", func(t *testing.T) {
		must(stake(g.holding.ID, g.sub.ID, 70, 700, period("2004-01-01")))(t)
	})
	t.Run("ErrSharesAboveTotal", func(t *testing.T) {
		_, err := stake(other.ID, g.sub.ID, 101, 1, period("2003-01-01"))
		wantError(t, err, koncern.EINVALID, "shares")
	})
	t.Run("ErrSumAboveTotalOnSomeDay", func(t *testing.T) {
		// 60 shares until 2003-12-31, 70 from 2004: 31 more fit in 2003
		// but not in 2004.
		_, err := stake(other.ID, g.sub.ID, 31, 1, period("2003-06-01"))
		wantError(t, err, koncern.ECONFLICT, "shares")
		page := must(r.ListStakes(ctx, registry.StakeFilter{CompanyID: &g.sub.ID, ListOptions: registry.ListOptions{History: true}}))(t)
		if len(page.Items) != 2 {
			t.Fatalf("rejected stake was written: %d stakes", len(page.Items))
		}
		must(stake(other.ID, g.sub.ID, 30, 300, period("2003-06-01")))(t)
	})
	t.Run("ErrTotalsLoweredBelowStakes", func(t *testing.T) {
		_, err := r.UpdateOrganization(ctx, g.sub.ID, 0, koncern.OrganizationPatch{TotalShares: koncern.Opt[int64]{Set: true, Value: 99}})
		wantError(t, err, koncern.ECONFLICT, "total_shares")
		if o := must(r.GetOrganization(ctx, g.sub.ID))(t); *o.TotalShares != 100 {
			t.Fatalf("rejected update wrote total_shares %d", *o.TotalShares)
		}
	})
	t.Run("ErrOwnerNotCompanyOrMunicipality", func(t *testing.T) {
		_, err := stake(g.committee.ID, g.sub.ID, 1, 1, period("2003-01-01"))
		wantError(t, err, koncern.EINVALID, "owner_id")
	})
	t.Run("ErrOwnerMissing", func(t *testing.T) {
		_, err := stake(uuid.New(), g.sub.ID, 1, 1, period("2003-01-01"))
		wantError(t, err, koncern.EINVALID, "owner_id")
	})
	t.Run("EndStake", func(t *testing.T) {
		ended := must(r.EndStake(ctx, first.ID, 0, d("2003-06-30")))(t)
		if ended.To == nil || *ended.To != d("2003-06-30") {
			t.Fatalf("valid_to = %v", ended.To)
		}
		_, err := r.EndStake(ctx, first.ID, 0, d("2003-07-31"))
		wantError(t, err, koncern.ECONFLICT, "on")
	})
}

func TestAssignmentAndLine(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	admin := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "administration", Name: "Tekniska kontoret", ParentID: &g.committee.ID, Period: period("2003-01-01")}))(t)
	head := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: admin.ID, Title: "Förvaltningschef", Role: "head", Period: period("2003-01-01")}))(t)
	chair := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: g.committee.ID, Title: "Ordförande", Role: "chair", Political: true, Period: period("2003-01-01")}))(t)
	anna := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna Berg", Period: period("2003-01-01")}))(t)
	must(r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: anna.ID, PostID: head.ID, Period: period("2003-01-01", "2003-12-31")}))(t)

	t.Run("ErrOverlappingAssignment", func(t *testing.T) {
		_, err := r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: anna.ID, PostID: head.ID, Period: period("2003-12-31")})
		wantError(t, err, koncern.ECONFLICT, "valid_from")
	})
	t.Run("ErrPostDoesNotCover", func(t *testing.T) {
		_, err := r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: anna.ID, PostID: head.ID, Period: period("2002-06-01", "2002-12-31")})
		wantError(t, err, koncern.EINVALID, "person_id")
	})
	t.Run("ErrFormalWithoutDocument", func(t *testing.T) {
		_, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &g.committee.ID, ToPostID: &head.ID, Kind: "mandate", Basis: "formal", Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "document_id")
	})
	t.Run("ErrTwoFromEndpoints", func(t *testing.T) {
		_, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &g.committee.ID, FromPostID: &chair.ID, ToPostID: &head.ID, Kind: "mandate", Basis: "practice", Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "from_organization_id")
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		_, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &chair.ID, ToPostID: &head.ID, Kind: "orders", Basis: "practice", Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "kind")
	})
	t.Run("ErrEndPostWithLines", func(t *testing.T) {
		must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &chair.ID, ToPostID: &head.ID, Kind: "mandate", Basis: "practice", Period: period("2003-01-01")}))(t)
		_, err := r.EndPost(ctx, chair.ID, 0, d("2003-06-30"))
		wantError(t, err, koncern.ECONFLICT, "valid_to")
	})
	t.Run("ErrEndPersonWhileHolding", func(t *testing.T) {
		_, err := r.EndPerson(ctx, anna.ID, 0, d("2003-06-30"))
		wantError(t, err, koncern.ECONFLICT, "valid_to")
	})
	t.Run("ErrEndPostWithHolder", func(t *testing.T) {
		_, err := r.EndPost(ctx, head.ID, 0, d("2003-06-30"))
		wantError(t, err, koncern.ECONFLICT, "valid_to")
	})
	t.Run("ErrPostStartsAfterHolder", func(t *testing.T) {
		_, err := r.UpdatePost(ctx, head.ID, 0, koncern.PostPatch{PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d("2003-02-01")}}})
		wantError(t, err, koncern.ECONFLICT, "valid_from")
	})
	t.Run("ErrUpdateNamesThePeriod", func(t *testing.T) {
		temp := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: admin.ID, Title: "Projektledare", Role: "officer", Period: period("2003-01-01", "2003-12-31")}))(t)
		a := must(r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: anna.ID, PostID: temp.ID, Period: period("2003-01-01", "2003-06-30")}))(t)
		_, err := r.UpdateAssignment(ctx, a.ID, 0, koncern.AssignmentPatch{PeriodPatch: koncern.PeriodPatch{ValidTo: koncern.Opt[koncern.Date]{Set: true, Null: true}}})
		wantError(t, err, koncern.EINVALID, "valid_to")
	})
	t.Run("Holders", func(t *testing.T) {
		page := must(r.ListHolders(ctx, head.ID, registry.ListOptions{At: dateP("2003-10-01")}))(t)
		if len(page.Items) != 1 || page.Items[0].Person.Name != "Anna Berg" {
			t.Fatalf("holders = %+v", page.Items)
		}
		if page := must(r.ListHolders(ctx, head.ID, registry.ListOptions{At: dateP("2004-01-01")}))(t); len(page.Items) != 0 {
			t.Fatal("the post is vacant in 2004")
		}
	})
}

func TestAtomic(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	t.Run("ErrRollsBackEverything", func(t *testing.T) {
		err := r.Atomic(ctx, func(r *registry.Registry) error {
			if _, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: period("2003-01-01")}); err != nil {
				return err
			}
			_, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Utan förälder", Period: period("2003-01-01")})
			return err
		})
		wantError(t, err, koncern.EINVALID, "parent_id")
		if empty := must(r.IsEmpty(ctx))(t); !empty {
			t.Fatal("a failed batch left records behind")
		}
	})
	t.Run("CommitsWhole", func(t *testing.T) {
		err := r.Atomic(ctx, func(r *registry.Registry) error {
			muni, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: period("2003-01-01")})
			if err != nil {
				return err
			}
			_, err = r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Socialnämnden", ParentID: &muni.ID, Period: period("2003-01-01")})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		page := must(r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: registry.ListOptions{History: true}}))(t)
		if len(page.Items) != 2 {
			t.Fatalf("%d organisations after the batch, want 2", len(page.Items))
		}
	})
}

func TestDocumentGrounding(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	doc := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv för Elmia AB", DecidedOn: d("2003-11-12"), IssuerID: g.muni.ID, Period: period("2003-11-12")}))(t)
	line := func(from string) error {
		_, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &g.holding.ID, ToOrganizationID: &g.sub.ID, Kind: "ownership_directive", Basis: "formal", DocumentID: &doc.ID, Period: period(from)})
		return err
	}
	t.Run("ErrDecisionAfterLine", func(t *testing.T) {
		wantError(t, line("2003-11-11"), koncern.EINVALID, "document_id")
	})
	t.Run("DecidedOnTheFirstDay", func(t *testing.T) {
		if err := line("2003-11-12"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrDocumentNotYetInForce", func(t *testing.T) {
		late := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "owner_directive", Title: "Senare direktiv", DecidedOn: d("2003-11-12"), IssuerID: g.muni.ID, Period: period("2004-01-01")}))(t)
		_, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &g.muni.ID, ToOrganizationID: &g.holding.ID, Kind: "ownership_directive", Basis: "formal", DocumentID: &late.ID, Period: period("2003-12-31")})
		wantError(t, err, koncern.EINVALID, "document_id")
	})
	t.Run("ErrRepealBeforeCitingRecordBegins", func(t *testing.T) {
		_, err := r.EndDocument(ctx, doc.ID, 0, d("2003-11-11"))
		wantError(t, err, koncern.EINVALID, "on")
		_, err = r.UpdateDocument(ctx, doc.ID, 0, koncern.DocumentPatch{DecidedOn: koncern.Opt[koncern.Date]{Set: true, Value: d("2003-12-01")},
			PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d("2003-12-01")}}})
		wantError(t, err, koncern.ECONFLICT, "valid_from")
	})
	t.Run("RepealAfterCitingRecordBegins", func(t *testing.T) {
		if _, err := r.EndDocument(ctx, doc.ID, 0, d("2003-12-31")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrIssuerStartsAfterDecision", func(t *testing.T) {
		must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "regulation", Title: "Reglemente", DecidedOn: d("2003-06-01"), IssuerID: g.committee.ID, Period: period("2003-06-01")}))(t)
		_, err := r.UpdateOrganization(ctx, g.committee.ID, 0, koncern.OrganizationPatch{PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d("2003-07-01")}}})
		wantError(t, err, koncern.ECONFLICT, "valid_from")
		if !strings.Contains(err.Error(), "Reglemente") {
			t.Fatalf("the conflict does not name the document: %v", err)
		}
	})
	t.Run("ErrDocumentMissing", func(t *testing.T) {
		missing := uuid.New()
		_, err := r.CreateStake(ctx, koncern.StakeInput{OwnerID: g.holding.ID, CompanyID: g.sub.ID, Shares: 1, Votes: 1, DocumentID: &missing, Period: period("2003-01-01")})
		wantError(t, err, koncern.EINVALID, "document_id")
	})
}
