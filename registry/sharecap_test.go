package registry_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// capped is a company at the share cap: Storbolaget AB has MaxCount−10
// shares and votes, of which the municipality holds one of each.
type capped struct {
	ledger
	big koncern.Organization
}

func mustCapped(t *testing.T) capped {
	t.Helper()
	l := mustLedger(t)
	most := koncern.MaxCount - 10
	big := must(l.r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Storbolaget AB", ParentID: &l.muni.ID,
		TotalShares: &most, TotalVotes: &most, Period: period("2003-01-01")}))(t)
	must(l.r.CreateStake(ctx, koncern.StakeInput{OwnerID: l.muni.ID, CompanyID: big.ID, Shares: 1, Votes: 1, Period: period("2003-01-01")}))(t)
	return capped{ledger: l, big: big}
}

func (c capped) tx(typ string, seller, buyer *uuid.UUID, shares, votes int64, on string) koncern.TransactionInput {
	in := c.ledger.tx(typ, seller, buyer, shares, votes, on)
	in.CompanyID = c.big.ID
	return in
}

// state is everything a transaction on Storbolaget could change.
func (c capped) state(t *testing.T) []any {
	t.Helper()
	return []any{
		must(c.r.ListCapital(ctx, c.big.ID))(t),
		must(c.r.GetOrganization(ctx, c.big.ID))(t),
		c.stakes(t),
		must(c.r.ListTransactions(ctx, registry.TransactionFilter{}))(t).Items,
	}
}

// TestShareCap: no ledger transaction takes a company's capital, or a
// holding, beyond MaxCount; a refused one writes nothing, and the company
// stays editable.
func TestShareCap(t *testing.T) {
	c := mustCapped(t)
	for _, tc := range []struct {
		name  string
		in    koncern.TransactionInput
		field string
	}{
		{"ErrNewIssueBeyondCap", c.tx("new_issue", nil, &c.muni.ID, 11, 0, "2010-01-01"), "shares"},
		{"ErrNewIssueOfTheCap", c.tx("new_issue", nil, &c.muni.ID, koncern.MaxCount, koncern.MaxCount, "2010-01-01"), "shares"},
		{"ErrNewIssueVotesBeyondCap", c.tx("new_issue", nil, &c.muni.ID, 0, 11, "2010-01-01"), "votes"},
		{"ErrBackdatedNewIssueBeyondCap", func() koncern.TransactionInput {
			in := c.tx("new_issue", nil, &c.holding.ID, 11, 0, "2005-01-01")
			in.Backdate = true
			return in
		}(), "shares"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := c.state(t)
			_, err := c.r.RecordTransaction(ctx, tc.in)
			wantError(t, err, koncern.EINVALID, tc.field)
			if after := c.state(t); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused transaction wrote:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
	t.Run("NewIssueUpToCap", func(t *testing.T) {
		must(c.r.RecordTransaction(ctx, c.tx("new_issue", nil, &c.muni.ID, 10, 10, "2010-01-01")))(t)
		o := must(c.r.GetOrganization(ctx, c.big.ID))(t)
		if *o.TotalShares != koncern.MaxCount || *o.TotalVotes != koncern.MaxCount {
			t.Fatalf("totals %d/%d, want %d", *o.TotalShares, *o.TotalVotes, koncern.MaxCount)
		}
		// The report: a company past the cap could not be edited.
		renamed := must(c.r.UpdateOrganization(ctx, c.big.ID, o.Version, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: "Storbolaget i Jönköping AB"}}))(t)
		if renamed.Name != "Storbolaget i Jönköping AB" {
			t.Fatalf("renamed to %q", renamed.Name)
		}
	})
	t.Run("ErrSecondNewIssueAtCap", func(t *testing.T) {
		before := c.state(t)
		_, err := c.r.RecordTransaction(ctx, c.tx("new_issue", nil, &c.muni.ID, 1, 0, "2011-01-01"))
		wantError(t, err, koncern.EINVALID, "shares")
		if after := c.state(t); !reflect.DeepEqual(before, after) {
			t.Fatal("a refused new issue wrote")
		}
	})
	t.Run("RedemptionFromCap", func(t *testing.T) {
		must(c.r.RecordTransaction(ctx, c.tx("redemption", &c.muni.ID, nil, 11, 11, "2012-01-01")))(t)
		if o := must(c.r.GetOrganization(ctx, c.big.ID))(t); *o.TotalShares != koncern.MaxCount-11 {
			t.Fatalf("totals %d after the redemption", *o.TotalShares)
		}
	})
}

// TestShareCapOfAHolding: an acquisition that would give one owner more
// than MaxCount shares is refused as beyond every count's bound, before
// the company's totals are consulted.
func TestShareCapOfAHolding(t *testing.T) {
	c := mustCapped(t)
	must(c.r.RecordTransaction(ctx, c.tx("new_issue", nil, &c.muni.ID, 10, 10, "2010-01-01")))(t)
	must(c.r.RecordTransaction(ctx, c.tx("acquisition", nil, &c.muni.ID, koncern.MaxCount-12, 0, "2011-01-01")))(t)
	before := c.state(t)
	_, err := c.r.RecordTransaction(ctx, c.tx("acquisition", nil, &c.muni.ID, koncern.MaxCount, 0, "2012-01-01"))
	wantError(t, err, koncern.EINVALID, "shares")
	if after := c.state(t); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused acquisition wrote")
	}
}

// TestBulkLoadStakeSums: a bulk load refuses stakes that add up to more
// than their company's totals on some day, even when there are so many of
// them that their sum would overflow int64, and accepts stakes that follow
// one another.
func TestBulkLoadStakeSums(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	t.Run("ErrSumOverflowsInt64", func(t *testing.T) {
		d := mustSynthetic(t, 0.01)
		first := d.Stakes[0]
		n := len(d.Stakes)
		// 9 300 stakes of MaxCount each add up to more than math.MaxInt64.
		for i := range 9300 {
			s := first
			s.ID, s.OwnerID, s.Shares, s.Votes = uuid.New(), first.OwnerID, koncern.MaxCount, 1
			if i%2 == 1 {
				s.Shares, s.Votes = 1, koncern.MaxCount
			}
			d.Stakes = append(d.Stakes, s)
		}
		err := r.BulkLoad(ctx, d.Bulk)
		wantError(t, err, koncern.EINVALID, fmt.Sprintf("stakes[%d].shares", n))
		if empty := must(r.IsEmpty(ctx))(t); !empty {
			t.Fatal("a refused load stored records")
		}
	})
	t.Run("ErrVotesAboveTotal", func(t *testing.T) {
		d := mustSynthetic(t, 0.01)
		s := d.Stakes[0]
		s.ID, s.Shares, s.Votes = uuid.New(), 0, totalsOf(t, d.Bulk, s.CompanyID)-s.Votes+1
		d.Stakes = append(d.Stakes, s)
		wantError(t, r.BulkLoad(ctx, d.Bulk), koncern.EINVALID, fmt.Sprintf("stakes[%d].votes", len(d.Stakes)-1))
	})
	t.Run("StakesThatFollowOneAnotherFit", func(t *testing.T) {
		// Stakes[0] ends the day before a copy of it begins; each leaves no
		// room beside the company's other stakes, so the two fit only if a
		// stake's end counts before the next one's start.
		d := mustSynthetic(t, 0.01)
		s := &d.Stakes[0]
		room := totalsOf(t, d.Bulk, s.CompanyID)
		for _, o := range d.Stakes[1:] {
			if o.CompanyID == s.CompanyID {
				room -= max(o.Shares, o.Votes)
			}
		}
		if room < 1 {
			t.Fatalf("the company of stakes[0] is fully held by the others")
		}
		end := s.From.AddDays(30)
		s.To, s.Shares, s.Votes = &end, room, room
		next := *s
		next.ID, next.From, next.To = uuid.New(), end.AddDays(1), nil
		d.Stakes = append(d.Stakes, next)
		if err := r.BulkLoad(ctx, d.Bulk); err != nil {
			t.Fatal(err)
		}
	})
}

// totalsOf returns a bulk company's total votes, which equal its total
// shares in the synthetic data.
func totalsOf(t *testing.T, b registry.Bulk, company uuid.UUID) int64 {
	t.Helper()
	for _, o := range b.Organizations {
		if o.ID == company {
			if *o.TotalShares != *o.TotalVotes {
				t.Fatalf("%s has %d shares and %d votes", o.Name, *o.TotalShares, *o.TotalVotes)
			}
			return *o.TotalVotes
		}
	}
	t.Fatalf("no company %s in the bulk", company)
	return 0
}
