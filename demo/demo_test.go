package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

var (
	now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	// review is a day during the 2003 review.
	review = koncern.MustDate("2003-10-01")
)

// counts are the number of records of each kind, over all history.
type counts struct {
	Organizations, People, Posts, Assignments, Stakes, SteeringLines, Documents, Recommendations int
}

// demoCounts are the records of the demo, counted by hand from its tables
// rather than taken from what Load reports, so that a table losing a row,
// or Load skipping or doubling one, fails.
var demoCounts = counts{
	// 4 bodies and Stadskontoret, 6 departments, 2 forums, 5 committees
	// and their 5 administrations, 1 unit, 19 companies (Rådhus AB, its
	// 16 subsidiaries, Energi Nät AB and the external co-owner) and
	// Kommunrevisionen.
	Organizations: 43,
	// 8 in otherPosts, 6 department heads, 5 committee chairs, 6
	// förvaltningschefer (Socialförvaltningen has two in turn), and 30
	// more first named by the companies' posts, and the lay auditor the
	// calendar's records elect for 2007–2010.
	People: 56,
	// 8 in otherPosts, 6 department heads, a chair and a head for each of
	// the 5 committees, 40 company posts (4 at Rådhus AB with its
	// stämmoombud, 3 at Energi AB and Vätterhem, 2 at the 15 other
	// companies with posts, none at the external company), and the
	// forums' seats: 1+6 in Stadskontorets ledningsgrupp and 1+5 in
	// Förvaltningschefsgruppen.
	Posts: 77,
	// One for each of the 64 posts outside the forums, and one more for
	// Socialförvaltningen's second head; one for each of the 13 forum
	// seats, and one more for that head's seat in
	// Förvaltningschefsgruppen; and the calendar's lay auditor.
	Assignments: 80,
	// Rådhus AB's 16, the municipality's in Rådhus AB, the external
	// company's in Innovationsbolaget and Energi AB's in Energi Nät AB.
	Stakes: 19,
	// 13 fixed, 3 for each of the 6 departments, 7 for each of the 5
	// committees (the city manager's coordination in practice until
	// 2003-11-12 and on the executive board's decision from then) and 5
	// appraisals (Barn- och utbildning 2, Stadsbyggnad none), 34 for the
	// companies: an owner directive for each of the 18 owned companies but
	// Hamn AB, and an appointment for each of the 17 owned by the
	// municipality or Rådhus AB; the council's appointment of Rådhus AB's
	// stämmoombud; and the calendar's 3: two dated owner directives and
	// the 2006 council's appointment of KS.
	SteeringLines: 109,
	// 10 decisions and a regulation for each of the 5 committees; 4 of
	// articles of association (Rådhus AB's, the subsidiaries', Airport
	// AB's and the council's approval of it); a general meeting's
	// resolution adopting its directive for each of the 17 companies with
	// one; the executive board's annual reviews of 2013 to 2025, taken
	// by the test's today (2026-11-27), with the late one of Hamn AB for
	// 2019; the calendar's 5: two dated owner directives, their general
	// meetings' resolutions and the 2006 council's election; and the
	// auditors' report and the executive board's answer.
	Documents: 10 + 5 + 4 + 17 + 13 + 1 + 5 + 2,
	// The report's three recommendations.
	Recommendations: 3,
}

func summaryCounts(s demo.Summary) counts {
	return counts{s.Organizations, s.People, s.Posts, s.Assignments, s.Stakes, s.SteeringLines, s.Documents, s.Recommendations}
}

// all pages through a list.
func all[T any](t *testing.T, list func(registry.ListOptions) (registry.Page[T], error), o registry.ListOptions) []T {
	t.Helper()
	o.Limit = registry.MaxLimit
	var items []T
	for {
		p, err := list(o)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, p.Items...)
		if p.NextCursor == nil {
			return items
		}
		o.Cursor = *p.NextCursor
	}
}

func stored(t *testing.T, r *registry.Registry) counts {
	t.Helper()
	ctx, h := viewer.System(context.Background()), registry.ListOptions{History: true}
	return counts{
		Organizations: len(all(t, func(o registry.ListOptions) (registry.Page[koncern.Organization], error) {
			return r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: o})
		}, h)),
		People: len(all(t, func(o registry.ListOptions) (registry.Page[koncern.Person], error) {
			return r.ListPeople(ctx, registry.PersonFilter{ListOptions: o})
		}, h)),
		Posts: len(all(t, func(o registry.ListOptions) (registry.Page[koncern.Post], error) {
			return r.ListPosts(ctx, registry.PostFilter{ListOptions: o})
		}, h)),
		Assignments: len(all(t, func(o registry.ListOptions) (registry.Page[koncern.Assignment], error) {
			return r.ListAssignments(ctx, registry.AssignmentFilter{ListOptions: o})
		}, h)),
		Stakes:        len(stakes(t, r, registry.StakeFilter{ListOptions: h})),
		SteeringLines: len(lines(t, r, registry.SteeringLineFilter{ListOptions: h})),
		Documents: len(all(t, func(o registry.ListOptions) (registry.Page[koncern.Document], error) {
			return r.ListDocuments(ctx, registry.DocumentFilter{ListOptions: o})
		}, h)),
		Recommendations: len(all(t, func(o registry.ListOptions) (registry.Page[registry.FollowedRecommendation], error) {
			return r.ListRecommendations(ctx, registry.RecommendationFilter{Cursor: o.Cursor, Limit: o.Limit})
		}, h)),
	}
}

func organizations(t *testing.T, r *registry.Registry, f registry.OrganizationFilter) []koncern.Organization {
	return all(t, func(o registry.ListOptions) (registry.Page[koncern.Organization], error) {
		f.ListOptions = o
		return r.ListOrganizations(viewer.System(context.Background()), f)
	}, f.ListOptions)
}

func stakes(t *testing.T, r *registry.Registry, f registry.StakeFilter) []koncern.Stake {
	return all(t, func(o registry.ListOptions) (registry.Page[koncern.Stake], error) {
		f.ListOptions = o
		return r.ListStakes(viewer.System(context.Background()), f)
	}, f.ListOptions)
}

func lines(t *testing.T, r *registry.Registry, f registry.SteeringLineFilter) []koncern.SteeringLine {
	return all(t, func(o registry.ListOptions) (registry.Page[koncern.SteeringLine], error) {
		f.ListOptions = o
		return r.ListSteeringLines(viewer.System(context.Background()), f)
	}, f.ListOptions)
}

func at(d koncern.Date) registry.ListOptions { return registry.ListOptions{At: &d} }

func mustPost(t *testing.T, r *registry.Registry, id uuid.UUID) koncern.Post {
	t.Helper()
	p, err := r.GetPost(viewer.System(context.Background()), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// orgNamed finds the one organisation of that name, whatever its period.
func orgNamed(t *testing.T, r *registry.Registry, name string) koncern.Organization {
	t.Helper()
	var found []koncern.Organization
	for _, o := range organizations(t, r, registry.OrganizationFilter{Query: name, ListOptions: registry.ListOptions{History: true}}) {
		if o.Name == name {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d organisations named %q, want 1", len(found), name)
	}
	return found[0]
}

func loaded(t *testing.T) (*registry.Registry, demo.Summary) {
	t.Helper()
	r := registrytest.MustRegistry(t, now)
	sum, err := demo.Load(viewer.System(context.Background()), r)
	if err != nil {
		t.Fatalf("Load on an empty registry: %v", err)
	}
	return r, sum
}

func TestLoad(t *testing.T) {
	r, sum := loaded(t)
	ctx := viewer.System(context.Background())

	t.Run("summary", func(t *testing.T) {
		if got := stored(t, r); got != demoCounts {
			t.Errorf("stored %+v, want %+v", got, demoCounts)
		}
		if got := summaryCounts(sum); got != demoCounts {
			t.Errorf("summary says %+v, want %+v", got, demoCounts)
		}
		for name, id := range map[string]uuid.UUID{"Municipality": sum.Municipality, "HoldingCompany": sum.HoldingCompany, "CityOffice": sum.CityOffice,
			"CityManagerPost": sum.CityManagerPost, "TripleSteeredHeadPost": sum.TripleSteeredHeadPost, "AuditReport": sum.AuditReport} {
			if id == uuid.Nil {
				t.Errorf("Summary.%s is not set", name)
			}
		}
		if p := mustPost(t, r, sum.CityManagerPost); p.Role != "city_manager" || p.Political {
			t.Errorf("city manager post has role %s, political %v", p.Role, p.Political)
		}
	})

	t.Run("second load refused and writes nothing", func(t *testing.T) {
		before := stored(t, r)
		again, err := demo.Load(ctx, r)
		if code := koncern.ErrorCode(err); code != koncern.ECONFLICT {
			t.Fatalf("second Load: code %q (%v), want %q", code, err, koncern.ECONFLICT)
		}
		if again != (demo.Summary{}) {
			t.Errorf("second Load returned %+v, want an empty summary", again)
		}
		if after := stored(t, r); after != before {
			t.Errorf("second Load changed the counts from %+v to %+v", before, after)
		}
	})

	t.Run("Rådhus AB holds 16 companies", func(t *testing.T) {
		for when, o := range map[string]registry.ListOptions{review.String(): at(review), "today": {}} {
			held := map[uuid.UUID]bool{}
			for _, s := range stakes(t, r, registry.StakeFilter{OwnerID: &sum.HoldingCompany, ListOptions: o}) {
				held[s.CompanyID] = true
			}
			if len(held) != 16 {
				t.Errorf("%s Rådhus AB holds %d companies, want 16", when, len(held))
			}
		}
	})

	t.Run("companies", func(t *testing.T) {
		listed := map[uuid.UUID]koncern.Organization{}
		for _, o := range organizations(t, r, registry.OrganizationFilter{Kind: "company"}) {
			listed[o.ID] = o
		}
		if _, ok := listed[sum.HoldingCompany]; !ok {
			t.Errorf("Rådhus AB is not among the companies")
		}
		for _, s := range stakes(t, r, registry.StakeFilter{OwnerID: &sum.HoldingCompany}) {
			c, ok := listed[s.CompanyID]
			if !ok {
				t.Errorf("subsidiary %s is not among the companies", s.CompanyID)
			} else if c.ParentID == nil || *c.ParentID != sum.HoldingCompany {
				t.Errorf("subsidiary %q has parent %v, want Rådhus AB", c.Name, c.ParentID)
			}
		}
	})

	t.Run("partly owned company with A and B shares", func(t *testing.T) {
		c := orgNamed(t, r, "Jönköpings Innovationsbolag AB (illustrativt)")
		if *c.TotalShares != 10_000 || *c.TotalVotes != 19_000 {
			t.Errorf("totals %d shares, %d votes", *c.TotalShares, *c.TotalVotes)
		}
		var shares, votes int64
		owners := stakes(t, r, registry.StakeFilter{CompanyID: &c.ID, ListOptions: at(review)})
		for _, s := range owners {
			shares += s.Shares
			votes += s.Votes
		}
		if len(owners) != 2 || shares != 10_000 || votes != 19_000 {
			t.Errorf("%d owners with %d shares and %d votes, want 2 with 10000 and 19000", len(owners), shares, votes)
		}
	})

	t.Run("as of", func(t *testing.T) {
		const net = "Jönköping Energi Nät AB"
		has := func(d koncern.Date) bool {
			for _, o := range organizations(t, r, registry.OrganizationFilter{Kind: "company", ListOptions: at(d)}) {
				if o.Name == net {
					return true
				}
			}
			return false
		}
		if has(koncern.MustDate("2003-06-01")) {
			t.Errorf("%s is listed at 2003-06-01, before it was formed", net)
		}
		if !has(koncern.MustDate("2004-06-01")) {
			t.Errorf("%s is not listed at 2004-06-01", net)
		}
	})

	t.Run("head posts change holders", func(t *testing.T) {
		holder := func(admin string, d koncern.Date) []string {
			o := orgNamed(t, r, admin)
			ps, err := r.ListPosts(ctx, registry.PostFilter{OrganizationID: &o.ID, Role: "head", ListOptions: at(d)})
			if err != nil || len(ps.Items) != 1 {
				t.Fatalf("head posts of %s: %v, %v", admin, ps.Items, err)
			}
			hs, err := r.ListHolders(ctx, ps.Items[0].ID, at(d))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, h := range hs.Items {
				names = append(names, h.Person.Name)
			}
			return names
		}
		culture := "Kultur- och fritidsförvaltningen"
		if h := holder(culture, koncern.MustDate("2003-02-01")); len(h) != 0 {
			t.Errorf("%s head held by %v on 2003-02-01, want vacant", culture, h)
		}
		if h := holder(culture, review); len(h) != 1 {
			t.Errorf("%s head held by %v on %s, want one holder", culture, h, review)
		}
		social := "Socialförvaltningen"
		before, after := holder(social, review), holder(social, koncern.MustDate("2004-03-01"))
		if len(before) != 1 || len(after) != 1 || before[0] == after[0] {
			t.Errorf("%s head held by %v in 2003 and %v in 2004, want one each and different", social, before, after)
		}
	})

	t.Run("triple steering", func(t *testing.T) {
		head := mustPost(t, r, sum.TripleSteeredHeadPost)
		admin, err := r.GetOrganization(ctx, head.OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		var mandate, coordination, political bool
		for _, l := range lines(t, r, registry.SteeringLineFilter{ToPostID: &head.ID, ListOptions: at(review)}) {
			switch {
			case l.Kind == "mandate" && l.FromOrganizationID != nil && admin.ParentID != nil && *l.FromOrganizationID == *admin.ParentID:
				mandate = true
			case l.Kind == "coordination" && l.FromPostID != nil && *l.FromPostID == sum.CityManagerPost:
				coordination = true
				if l.Basis == "formal" || l.DocumentID != nil {
					t.Errorf("coordination line %s has basis %s and document %v, want practice without document", l.ID, l.Basis, l.DocumentID)
				}
			case l.Kind == "direct_political" && l.FromPostID != nil:
				political = political || mustPost(t, r, *l.FromPostID).Role == "commissioner"
			}
		}
		if !mandate || !coordination || !political {
			t.Errorf("on %s: mandate from its nämnd %v, coordination from the city manager %v, direct_political from a commissioner %v; want all three",
				review, mandate, coordination, political)
		}
	})

	t.Run("appraisal", func(t *testing.T) {
		appraisals := map[uuid.UUID]int{}
		for _, l := range lines(t, r, registry.SteeringLineFilter{Kind: "appraisal", ListOptions: at(review)}) {
			if l.ToPostID != nil {
				appraisals[*l.ToPostID]++
			}
		}
		heads, err := r.ListPosts(ctx, registry.PostFilter{Role: "head", ListOptions: registry.ListOptions{At: &review, Limit: registry.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var twice, never int
		for _, p := range heads.Items {
			switch appraisals[p.ID] {
			case 0:
				never++
			case 1:
			default:
				twice++
			}
		}
		if twice != 1 || never != 1 {
			t.Errorf("on %s %d head posts have several appraisal lines and %d none, want 1 and 1", review, twice, never)
		}
	})

	// Each rule of the rule book's company law is broken once, on days
	// away from the review's.
	t.Run("rule book", func(t *testing.T) {
		window := koncern.Period{From: koncern.MustDate("2003-01-01"), To: ptr(koncern.DateOf(now))}
		data, err := r.LoadSnapshot(ctx, nil, window)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ rule, subject, detail, period string }{
			{"articles_not_approved", "Jönköping Airport AB", "", "2003-01-01–2003-06-15"},
			{"owner_directive_not_adopted", "Vätterns Vatten AB (illustrativt)", "", "2003-01-01–2003-05-19"},
			{"ombud_not_appointed", "Jönköpings Rådhus AB", "", "2003-01-01–2003-02-28"},
			{"annual_review_missing", "Jönköpings Hamn AB (illustrativt)", "2019", "2020-07-01–2020-09-30"},
		} {
			got := analysis.Findings(analysis.NewSnapshot(window, data), analysis.Filter{Rules: []string{c.rule}})
			if len(got) != 1 || got[0].Subject.Name != c.subject || got[0].Detail != c.detail ||
				len(got[0].Periods) != 1 || got[0].Periods[0].String() != c.period {
				t.Errorf("%s: %+v, want one finding about %s (%s) on %s", c.rule, got, c.subject, c.detail, c.period)
			}
		}
	})

	t.Run("organisation numbers", func(t *testing.T) {
		seen := map[string]bool{}
		for _, o := range organizations(t, r, registry.OrganizationFilter{ListOptions: registry.ListOptions{History: true}}) {
			if o.OrgNumber == nil {
				continue
			}
			n, err := koncern.NormalizeOrgNumber(*o.OrgNumber)
			if err != nil || n != *o.OrgNumber {
				t.Errorf("%q has organisationsnummer %s: %v", o.Name, *o.OrgNumber, err)
			}
			if seen[n] {
				t.Errorf("organisationsnummer %s used twice", n)
			}
			seen[n] = true
		}
		if len(seen) < 18 {
			t.Errorf("%d organisationsnummer, want the municipality's and every company's", len(seen))
		}
	})
}

func TestLoadRefusesNonEmptyRegistry(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	ctx := viewer.System(context.Background())
	in := koncern.PersonInput{Name: "Någon Annan", Period: koncern.Period{From: koncern.MustDate("2003-01-01")}}
	if _, err := r.CreatePerson(ctx, in); err != nil {
		t.Fatal(err)
	}
	_, err := demo.Load(ctx, r)
	if code := koncern.ErrorCode(err); code != koncern.ECONFLICT {
		t.Fatalf("Load into a registry with a person: code %q (%v), want %q", code, err, koncern.ECONFLICT)
	}
	if got := stored(t, r); got != (counts{People: 1}) {
		t.Errorf("refused Load left %+v, want only the one person", got)
	}
}

func ptr[T any](v T) *T { return &v }
