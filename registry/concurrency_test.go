package registry_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestConcurrentStakes races owners for the shares of one company: each
// asks for 30 of its 100 shares at once. Whatever the interleaving, the
// stored stakes must not add up to more than 100 (at most three win), and
// every loser must hear a conflict, not an internal error.
func TestConcurrentStakes(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	const racers = 8
	owners := make([]koncern.Organization, racers)
	for i := range owners {
		owners[i] = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: fmt.Sprintf("Ägare %d AB", i),
			TotalShares: i64(1), TotalVotes: i64(1), Period: period("2003-01-01")}))(t)
	}
	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = r.CreateStake(ctx, koncern.StakeInput{OwnerID: owners[i].ID, CompanyID: g.sub.ID, Shares: 30, Votes: 30, Period: period("2003-01-01")})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch koncern.ErrorCode(err) {
		case "":
			won++
		case koncern.ECONFLICT:
		default:
			t.Errorf("a racer failed with %v, want success or a conflict", err)
		}
	}
	page := must(r.ListStakes(ctx, registry.StakeFilter{CompanyID: &g.sub.ID, ListOptions: registry.ListOptions{History: true}}))(t)
	var sum int64
	for _, s := range page.Items {
		sum += s.Shares
	}
	if won != 3 || len(page.Items) != won || sum != 90 {
		t.Fatalf("%d racers won, %d stakes stored with %d shares; want 3 stakes and 90 shares", won, len(page.Items), sum)
	}
}

// TestManyConcurrentWriters has forty owners each take one share of one
// company at once. All fit; on PostgreSQL some may be told to retry
// (EUNAVAILABLE) after repeated serialization conflicts, but none may fail
// with an internal error, and the stored stakes are exactly the acknowledged
// ones.
func TestManyConcurrentWriters(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	const writers = 40
	owners := make([]koncern.Organization, writers)
	for i := range owners {
		owners[i] = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: fmt.Sprintf("Ägare %d AB", i),
			TotalShares: i64(1), TotalVotes: i64(1), Period: period("2003-01-01")}))(t)
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = r.CreateStake(ctx, koncern.StakeInput{OwnerID: owners[i].ID, CompanyID: g.sub.ID, Shares: 1, Votes: 1, Period: period("2003-01-01")})
		}()
	}
	wg.Wait()
	acknowledged := 0
	for _, err := range errs {
		switch koncern.ErrorCode(err) {
		case "":
			acknowledged++
		case koncern.EUNAVAILABLE:
		default:
			t.Errorf("a writer failed with %v", err)
		}
	}
	page := must(r.ListStakes(ctx, registry.StakeFilter{CompanyID: &g.sub.ID, ListOptions: registry.ListOptions{History: true, Limit: 100}}))(t)
	if len(page.Items) != acknowledged {
		t.Fatalf("%d stakes stored, %d acknowledged", len(page.Items), acknowledged)
	}
	t.Logf("%d of %d writers acknowledged", acknowledged, writers)
}
