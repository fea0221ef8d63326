package registry_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// raceStakes has n owners each ask for a stake of shares in the same
// company (100 shares) at once, and returns each writer's error and the
// stakes stored afterwards.
func raceStakes(t *testing.T, n int, shares int64) ([]error, []koncern.Stake) {
	t.Helper()
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	owners := make([]koncern.Organization, n)
	for i := range owners {
		owners[i] = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: fmt.Sprintf("Ägare %d AB", i),
			TotalShares: i64(1), TotalVotes: i64(1), Period: period("2003-01-01")}))(t)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = r.CreateStake(ctx, koncern.StakeInput{OwnerID: owners[i].ID, CompanyID: g.sub.ID, Shares: shares, Votes: shares, Period: period("2003-01-01")})
		}()
	}
	wg.Wait()
	page := must(r.ListStakes(ctx, registry.StakeFilter{CompanyID: &g.sub.ID, ListOptions: registry.ListOptions{History: true, Limit: 100}}))(t)
	return errs, page.Items
}

// tally counts the writers that succeeded and fails the test for any error
// other than those allowed.
func tally(t *testing.T, errs []error, allowed ...string) int {
	t.Helper()
	won := 0
	for _, err := range errs {
		code := koncern.ErrorCode(err)
		switch {
		case code == "":
			won++
		case !slices.Contains(allowed, code):
			t.Errorf("a writer failed with %v", err)
		}
	}
	return won
}

// TestConcurrentStakes races owners for the shares of one company: each
// asks for 30 of its 100 shares at once. Whatever the interleaving, the
// stored stakes must not add up to more than 100 (at most three win), and
// every loser must hear a conflict, not an internal error.
func TestConcurrentStakes(t *testing.T) {
	errs, stored := raceStakes(t, 8, 30)
	won := tally(t, errs, koncern.ECONFLICT)
	var sum int64
	for _, s := range stored {
		sum += s.Shares
	}
	if won != 3 || len(stored) != won || sum != 90 {
		t.Fatalf("%d racers won, %d stakes stored with %d shares; want 3 stakes and 90 shares", won, len(stored), sum)
	}
}

// TestManyConcurrentWriters has forty owners each take one share of one
// company at once. All fit; on PostgreSQL some may be told to retry
// (EUNAVAILABLE) after repeated serialization conflicts, but none may fail
// with an internal error, and the stored stakes are exactly the acknowledged
// ones.
func TestManyConcurrentWriters(t *testing.T) {
	errs, stored := raceStakes(t, 40, 1)
	acknowledged := tally(t, errs, koncern.EUNAVAILABLE)
	if len(stored) != acknowledged {
		t.Fatalf("%d stakes stored, %d acknowledged", len(stored), acknowledged)
	}
}
