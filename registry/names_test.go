package registry_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestOrganizationsByNumber: a number that passed from one record to a
// later one means the record in force on the day asked, else the later
// one; a number nobody carries is not found.
func TestOrganizationsByNumber(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	muni := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Jönköpings kommun", Period: period("2000-01-01")}))(t)
	company := func(name, from string, to ...string) uuid.UUID {
		return must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: name, OrgNumber: ptr("556999-0012"),
			ParentID: &muni.ID, TotalShares: i64(10), TotalVotes: i64(10), Period: period(from, to...)}))(t).ID
	}
	old, renewed := company("Gamla bolaget AB", "2000-01-01", "2009-12-31"), company("Nya bolaget AB", "2012-01-01")
	for _, c := range []struct {
		name, day string
		want      uuid.UUID
	}{{"InForceEarlier", "2005-06-01", old}, {"InForceLater", "2015-06-01", renewed}, {"BetweenTheLatest", "2011-06-01", renewed}} {
		t.Run(c.name, func(t *testing.T) {
			got := must(r.OrganizationsByNumber(ctx, []string{"556999-0012", "556999-0020"}, d(c.day)))(t)
			if len(got) != 1 || got["556999-0012"] != c.want {
				t.Fatalf("on %s: %v, want 556999-0012 → %s alone", c.day, got, c.want)
			}
		})
	}
}

// TestNames: the names of the records a page refers to, posts with their
// organisations, whatever their number, in one call.
func TestNames(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	muni := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Jönköpings kommun", Period: period("2000-01-01")}))(t)
	post := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: muni.ID, Title: "Kommundirektör", Role: "city_manager", Period: period("2000-01-01")}))(t)
	person := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna Berg", Period: period("2000-01-01")}))(t)
	n := must(r.Names(ctx, registry.NameRefs{Organizations: []uuid.UUID{muni.ID, muni.ID}, Posts: []uuid.UUID{post.ID}, People: []uuid.UUID{person.ID, uuid.New()}}))(t)
	title, org := n.Post(post.ID)
	if n.Organization(muni.ID) != "Jönköpings kommun" || title != "Kommundirektör" || org != "Jönköpings kommun" || n.Person(person.ID) != "Anna Berg" {
		t.Fatalf("names: %q, %q of %q, %q", n.Organization(muni.ID), title, org, n.Person(person.ID))
	}
}
