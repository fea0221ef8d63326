package registry_test

import (
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestSnapshotAcrossBorder loads one municipality's group where its records
// reach into another's: a kommunalråd of Jönköping steering a head in Habo
// directly, and Rådhus AB holding shares in a Habo company. Each side's
// snapshot must carry the far ends, judge its own subjects on the full
// facts, and leave the other group's subjects alone.
func TestSnapshotAcrossBorder(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	habo := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: period("2003-01-01")}))(t)
	haboAdmin := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "administration", Name: "Habo tekniska kontor", ParentID: &habo.ID, Period: period("2003-01-01")}))(t)
	haboHead := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: haboAdmin.ID, Title: "Förvaltningschef", Role: "head", Period: period("2003-01-01")}))(t)
	ks := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "executive_board", Name: "Kommunstyrelsen", ParentID: &g.muni.ID, Period: period("2003-01-01")}))(t)
	commissioner := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: ks.ID, Title: "Kommunalråd", Role: "commissioner", Political: true, Period: period("2003-01-01")}))(t)
	must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &commissioner.ID, ToPostID: &haboHead.ID, Kind: "direct_political", Basis: "observed", Period: period("2003-03-01", "2003-06-30")}))(t)
	haboEnergi := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Habo Energi AB", ParentID: &habo.ID, TotalShares: i64(100), TotalVotes: i64(100), Period: period("2003-01-01")}))(t)
	must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: g.holding.ID, CompanyID: haboEnergi.ID, Shares: 30, Votes: 30, Period: period("2003-01-01")}))(t)

	window := period("2003-01-01", "2003-12-31")
	load := func(m *koncern.Organization) *analysis.Snapshot {
		d := must(r.LoadSnapshot(ctx, &m.ID, window))(t)
		return analysis.NewSnapshot(window, d)
	}
	t.Run("FarEndsComeAlong", func(t *testing.T) {
		s := load(&g.muni)
		if s.Post(haboHead.ID) == nil || s.Organization(haboEnergi.ID) == nil || len(s.HoldingsOf(g.holding.ID)) != 1 {
			t.Fatal("Jönköping's snapshot lacks the Habo ends of its line and stake")
		}
		h := load(&habo)
		if h.Post(commissioner.ID) == nil || len(h.LinesInto(haboHead.ID)) != 1 {
			t.Fatal("Habo's snapshot lacks the line into its head or the post it comes from")
		}
	})
	t.Run("JudgedInItsOwnGroup", func(t *testing.T) {
		h := load(&habo)
		found := analysis.Findings(h, analysis.Filter{Rules: []string{"political_bypass"}})
		if len(found) != 1 || found[0].Subject.ID != haboHead.ID {
			t.Fatalf("Habo's bypass findings: %+v", found)
		}
		for _, f := range analysis.Findings(load(&g.muni), analysis.Filter{}) {
			if f.Subject.ID == haboHead.ID || f.Subject.ID == haboEnergi.ID {
				t.Errorf("Jönköping's findings judge Habo's %s (%s)", f.Subject.Name, f.Rule)
			}
		}
	})
}
