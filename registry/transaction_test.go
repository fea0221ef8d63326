package registry_test

import (
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// ledger is a group in which the holding company owns 60 of Elmia's 100
// shares (600 of 1000 votes) and the municipality 20 (200), from 2003;
// the remaining fifth is held outside the registry.
type ledger struct {
	r *registry.Registry
	group
}

func mustLedger(t *testing.T) ledger {
	t.Helper()
	r := registrytest.MustRegistry(t, now)
	l := ledger{r: r, group: mustGroup(t, r)}
	must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: l.holding.ID, CompanyID: l.sub.ID, Shares: 60, Votes: 600, Period: period("2003-01-01")}))(t)
	must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: l.muni.ID, CompanyID: l.sub.ID, Shares: 20, Votes: 200, Period: period("2003-01-01")}))(t)
	return l
}

func (l ledger) tx(typ string, seller, buyer *uuid.UUID, shares, votes int64, on string) koncern.TransactionInput {
	return koncern.TransactionInput{Type: typ, CompanyID: l.sub.ID, SellerID: seller, BuyerID: buyer, Shares: shares, Votes: votes, EffectiveDate: d(on)}
}

// stakes is every stake of the registry, whatever its period.
func (l ledger) stakes(t *testing.T) []koncern.Stake {
	t.Helper()
	return must(l.r.ListStakes(ctx, registry.StakeFilter{ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}}))(t).Items
}

// periods lists an owner's stakes in Elmia as "from..to shares/votes".
func (l ledger) periods(t *testing.T, owner uuid.UUID) []string {
	t.Helper()
	var out []string
	for _, s := range l.stakes(t) {
		if s.OwnerID == owner && s.CompanyID == l.sub.ID {
			out = append(out, s.Period.String()+" "+itoa(s.Shares)+"/"+itoa(s.Votes))
		}
	}
	slices.Sort(out) // dates in ISO form sort as text
	return out
}

// capital lists Elmia's capital periods as "from..to shares/votes" and
// its organisation's totals last.
func (l ledger) capital(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, c := range must(l.r.ListCapital(ctx, l.sub.ID))(t) {
		out = append(out, c.Period.String()+" "+itoa(c.TotalShares)+"/"+itoa(c.TotalVotes))
	}
	o := must(l.r.GetOrganization(ctx, l.sub.ID))(t)
	return append(out, "totals "+itoa(*o.TotalShares)+"/"+itoa(*o.TotalVotes))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func wantPeriods(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("periods\n got %q\nwant %q", got, want)
	}
}

// sumOn adds up the stakes in Elmia on day.
func (l ledger) sumOn(t *testing.T, day string) (shares, votes int64) {
	for _, s := range l.stakes(t) {
		if s.CompanyID == l.sub.ID && s.Period.Contains(d(day)) {
			shares += s.Shares
			votes += s.Votes
		}
	}
	return shares, votes
}

func TestTransferMovesExactlyWhatItNames(t *testing.T) {
	l := mustLedger(t)
	tr := must(l.r.RecordTransaction(ctx, l.tx("transfer", &l.holding.ID, &l.muni.ID, 10, 100, "2010-01-01")))(t)
	if tr.Backdated || tr.Type != "transfer" || tr.Shares != 10 || tr.EffectiveDate != d("2010-01-01") {
		t.Fatalf("transaction = %+v", tr)
	}
	wantPeriods(t, l.periods(t, l.holding.ID), "2003-01-01–2009-12-31 60/600", "2010-01-01– 50/500")
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2009-12-31 20/200", "2010-01-01– 30/300")
	for _, day := range []string{"2009-12-31", "2010-01-01", "2026-01-01"} {
		if s, v := l.sumOn(t, day); s != 80 || v != 800 {
			t.Errorf("on %s the stakes add up to %d/%d, want 80/800", day, s, v)
		}
	}
}

func TestTransactionRejectionsWriteNothing(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("transfer", &l.holding.ID, &l.muni.ID, 10, 100, "2010-01-01")))(t)
	stranger := uuid.New()
	for _, c := range []struct {
		name        string
		in          koncern.TransactionInput
		code, field string
	}{
		{"more shares than held", l.tx("transfer", &l.holding.ID, &l.muni.ID, 51, 0, "2011-01-01"), koncern.ECONFLICT, "shares"},
		{"more votes than held", l.tx("divestment", &l.muni.ID, nil, 0, 301, "2011-01-01"), koncern.ECONFLICT, "votes"},
		{"held earlier, not on the day", l.tx("divestment", &l.holding.ID, nil, 1, 1, "2002-06-01"), koncern.EINVALID, "company_id"},
		{"over 100 %", l.tx("acquisition", nil, &l.muni.ID, 21, 0, "2011-01-01"), koncern.ECONFLICT, "shares"},
		{"predates a later transaction", l.tx("transfer", &l.holding.ID, &l.muni.ID, 5, 50, "2005-01-01"), koncern.ECONFLICT, "effective_date"},
		{"unknown company", koncern.TransactionInput{Type: "divestment", CompanyID: stranger, SellerID: &l.muni.ID, Shares: 1, EffectiveDate: d("2011-01-01")}, koncern.EINVALID, "company_id"},
		{"unknown seller", l.tx("transfer", &stranger, &l.muni.ID, 1, 1, "2011-01-01"), koncern.EINVALID, "seller_id"},
		{"seller is buyer", l.tx("transfer", &l.muni.ID, &l.muni.ID, 1, 1, "2011-01-01"), koncern.EINVALID, "buyer_id"},
		{"company sells itself", l.tx("divestment", &l.sub.ID, nil, 1, 1, "2011-01-01"), koncern.EINVALID, "seller_id"},
		{"company buys itself", l.tx("acquisition", nil, &l.sub.ID, 1, 1, "2011-01-01"), koncern.EINVALID, "buyer_id"},
		{"transfer without buyer", l.tx("transfer", &l.muni.ID, nil, 1, 1, "2011-01-01"), koncern.EINVALID, "buyer_id"},
		{"nothing moved", l.tx("transfer", &l.holding.ID, &l.muni.ID, 0, 0, "2011-01-01"), koncern.EINVALID, "shares"},
		{"a committee cannot buy", l.tx("acquisition", nil, &l.committee.ID, 1, 1, "2011-01-01"), koncern.EINVALID, "buyer_id"},
		{"new issue with a seller", l.tx("new_issue", &l.holding.ID, &l.muni.ID, 100, 100, "2011-01-01"), koncern.EINVALID, "seller_id"},
		{"redemption with a buyer", l.tx("redemption", &l.muni.ID, &l.holding.ID, 1, 1, "2011-01-01"), koncern.EINVALID, "buyer_id"},
		{"redemption of more than held", l.tx("redemption", &l.muni.ID, nil, 31, 0, "2011-01-01"), koncern.ECONFLICT, "shares"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := l.stakes(t)
			capitalBefore := l.capital(t)
			ledgerBefore := must(l.r.ListTransactions(ctx, registry.TransactionFilter{}))(t).Items
			_, err := l.r.RecordTransaction(ctx, c.in)
			wantError(t, err, c.code, c.field)
			if after := l.capital(t); !reflect.DeepEqual(capitalBefore, after) {
				t.Errorf("a rejected transaction changed the capital: %q", after)
			}
			if after := l.stakes(t); !reflect.DeepEqual(before, after) {
				t.Errorf("a rejected transaction changed the stakes:\nbefore %+v\nafter  %+v", before, after)
			}
			if after := must(l.r.ListTransactions(ctx, registry.TransactionFilter{}))(t).Items; !reflect.DeepEqual(ledgerBefore, after) {
				t.Errorf("a rejected transaction changed the ledger: %+v", after)
			}
		})
	}
}

func TestBackdatedTransactionShiftsLaterPeriods(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("transfer", &l.holding.ID, &l.muni.ID, 10, 100, "2010-01-01")))(t)
	in := l.tx("transfer", &l.holding.ID, &l.muni.ID, 5, 50, "2005-01-01")
	in.Backdate = true
	tr := must(l.r.RecordTransaction(ctx, in))(t)
	if !tr.Backdated {
		t.Error("the entry is not marked backdated")
	}
	wantPeriods(t, l.periods(t, l.holding.ID), "2003-01-01–2004-12-31 60/600", "2005-01-01–2009-12-31 55/550", "2010-01-01– 45/450")
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2004-12-31 20/200", "2005-01-01–2009-12-31 25/250", "2010-01-01– 35/350")

	// A backdated sale that the later one leaves the seller unable to
	// cover is still refused.
	over := l.tx("divestment", &l.holding.ID, nil, 50, 0, "2004-01-01")
	over.Backdate = true
	_, err := l.r.RecordTransaction(ctx, over)
	wantError(t, err, koncern.ECONFLICT, "shares")
}

func TestAcquisitionAndDivestment(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("acquisition", nil, &l.muni.ID, 20, 200, "2011-01-01")))(t)
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2010-12-31 20/200", "2011-01-01– 40/400")
	_, err := l.r.RecordTransaction(ctx, l.tx("acquisition", nil, &l.muni.ID, 1, 0, "2012-01-01"))
	wantError(t, err, koncern.ECONFLICT, "shares")

	must(l.r.RecordTransaction(ctx, l.tx("divestment", &l.holding.ID, nil, 60, 600, "2012-01-01")))(t)
	wantPeriods(t, l.periods(t, l.holding.ID), "2003-01-01–2011-12-31 60/600")

	// A new owner from outside the group starts a stake of its own.
	must(l.r.RecordTransaction(ctx, l.tx("transfer", &l.muni.ID, &l.holding.ID, 40, 400, "2013-01-01")))(t)
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2010-12-31 20/200", "2011-01-01–2012-12-31 40/400")
	wantPeriods(t, l.periods(t, l.holding.ID), "2003-01-01–2011-12-31 60/600", "2013-01-01– 40/400")

	byOwner := must(l.r.ListTransactions(ctx, registry.TransactionFilter{OwnerID: &l.holding.ID}))(t).Items
	if len(byOwner) != 2 {
		t.Errorf("the holding company's ledger has %d entries, want 2", len(byOwner))
	}
	asOf := must(l.r.ListTransactions(ctx, registry.TransactionFilter{ListOptions: registry.ListOptions{At: dateP("2011-06-30")}}))(t).Items
	if len(asOf) != 1 || asOf[0].Type != "acquisition" {
		t.Errorf("the ledger as of 2011-06-30 = %+v, want the acquisition alone", asOf)
	}
}

// TestLedgerNewestFirst pages the ledger backwards: the last entry
// written comes first, and the cursor goes on to older ones.
func TestLedgerNewestFirst(t *testing.T) {
	l := mustLedger(t)
	var booked []uuid.UUID
	for _, on := range []string{"2011-01-01", "2012-01-01", "2013-01-01"} {
		booked = append(booked, must(l.r.RecordTransaction(ctx, l.tx("acquisition", nil, &l.muni.ID, 1, 10, on)))(t).ID)
	}
	newest := registry.TransactionFilter{NewestFirst: true, ListOptions: registry.ListOptions{Limit: 2}}
	first := must(l.r.ListTransactions(ctx, newest))(t)
	if len(first.Items) != 2 || first.Items[0].ID != booked[2] || first.Items[1].ID != booked[1] || first.NextCursor == nil {
		t.Fatalf("first page %+v, want the last two bookings, newest first, and a cursor", first)
	}
	newest.Cursor = *first.NextCursor
	rest := must(l.r.ListTransactions(ctx, newest))(t)
	if len(rest.Items) != 1 || rest.Items[0].ID != booked[0] || rest.NextCursor != nil {
		t.Fatalf("second page %+v, want the first booking alone", rest)
	}
	newest.Cursor = "not-a-cursor"
	_, err := l.r.ListTransactions(ctx, newest)
	wantError(t, err, koncern.EINVALID, "cursor")
}

func TestCapTable(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("transfer", &l.holding.ID, &l.muni.ID, 10, 100, "2010-01-01")))(t)
	before := must(l.r.CapTable(ctx, l.sub.ID, d("2009-12-31")))(t)
	after := must(l.r.CapTable(ctx, l.sub.ID, d("2010-01-01")))(t)
	if len(before.Owners) != 2 || before.Owners[0].OwnerID != l.holding.ID || before.Owners[0].Capital.Exact != "3/5" ||
		before.Owners[1].VotingPower.Percent != "20.00" || before.HeldShares != 80 {
		t.Errorf("cap table before = %+v", before)
	}
	if after.Owners[0].Shares != 50 || after.Owners[0].Capital.Exact != "1/2" || after.Owners[1].VotingPower.Exact != "3/10" {
		t.Errorf("cap table after = %+v", after)
	}
	_, err := l.r.CapTable(ctx, l.muni.ID, d("2010-01-01"))
	wantError(t, err, koncern.EINVALID, "id")
	_, err = l.r.CapTable(ctx, uuid.New(), d("2010-01-01"))
	wantError(t, err, koncern.ENOTFOUND, "")
}

// A stake recorded directly that ends after the effective date is a later
// change too: booking before it needs backdate.
func TestBackdateAlsoGuardsDirectlyRecordedPeriods(t *testing.T) {
	l := mustLedger(t)
	stake := must(l.r.ListStakes(ctx, registry.StakeFilter{OwnerID: &l.muni.ID}))(t).Items[0]
	must(l.r.EndStake(ctx, stake.ID, 0, d("2015-12-31")))(t)
	in := l.tx("acquisition", nil, &l.muni.ID, 1, 10, "2011-01-01")
	before := l.stakes(t)
	_, err := l.r.RecordTransaction(ctx, in)
	wantError(t, err, koncern.ECONFLICT, "effective_date")
	if !reflect.DeepEqual(before, l.stakes(t)) {
		t.Fatal("a refused transaction changed the stakes")
	}
	in.Backdate = true
	if tr := must(l.r.RecordTransaction(ctx, in))(t); !tr.Backdated {
		t.Error("the entry is not marked backdated")
	}
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2010-12-31 20/200", "2011-01-01–2015-12-31 21/210", "2016-01-01– 1/10")
}

// A new issue raises the capital from its date and gives the buyer the new
// shares; the cap table before it is unchanged.
func TestNewIssueRaisesCapitalFromItsDate(t *testing.T) {
	l := mustLedger(t)
	wantPeriods(t, l.capital(t), "2003-01-01– 100/1000", "totals 100/1000")
	must(l.r.RecordTransaction(ctx, l.tx("new_issue", nil, &l.muni.ID, 100, 1000, "2010-01-01")))(t)
	wantPeriods(t, l.capital(t), "2003-01-01–2009-12-31 100/1000", "2010-01-01– 200/2000", "totals 200/2000")
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2009-12-31 20/200", "2010-01-01– 120/1200")
	before := must(l.r.CapTable(ctx, l.sub.ID, d("2009-12-31")))(t)
	after := must(l.r.CapTable(ctx, l.sub.ID, d("2010-01-01")))(t)
	if *before.TotalShares != 100 || before.Owners[0].OwnerID != l.holding.ID || before.Owners[0].Capital.Exact != "3/5" {
		t.Errorf("cap table before = %+v", before)
	}
	if *after.TotalShares != 200 || after.Owners[0].OwnerID != l.muni.ID || after.Owners[0].Capital.Exact != "3/5" || after.Owners[1].Capital.Exact != "3/10" {
		t.Errorf("cap table after = %+v", after)
	}
	// The organisation's totals are dated now: changing them directly
	// would rewrite the history.
	_, err := l.r.UpdateOrganization(ctx, l.sub.ID, 0, koncern.OrganizationPatch{TotalShares: koncern.Opt[int64]{Set: true, Value: 300}})
	wantError(t, err, koncern.ECONFLICT, "total_shares")

	// A capital change before a later one needs backdate, like a stake's.
	in := l.tx("new_issue", nil, &l.holding.ID, 10, 0, "2005-01-01")
	before2 := l.capital(t)
	_, err = l.r.RecordTransaction(ctx, in)
	wantError(t, err, koncern.ECONFLICT, "effective_date")
	if !reflect.DeepEqual(before2, l.capital(t)) {
		t.Fatal("a refused new issue changed the capital")
	}
	in.Backdate = true
	if tr := must(l.r.RecordTransaction(ctx, in))(t); !tr.Backdated {
		t.Error("the entry is not marked backdated")
	}
	wantPeriods(t, l.capital(t), "2003-01-01–2004-12-31 100/1000", "2005-01-01–2009-12-31 110/1000", "2010-01-01– 210/2000", "totals 210/2000")
}

// The stakes of each day are counted against the capital of that day: the
// new issue's stake fits from its date, not before.
func TestStakeTotalsUseTheCapitalOfEachDay(t *testing.T) {
	l := mustLedger(t)
	ext := must(l.r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Extern AB", TotalShares: i64(1), TotalVotes: i64(1), Period: period("2003-01-01")}))(t)
	must(l.r.RecordTransaction(ctx, l.tx("new_issue", nil, &ext.ID, 100, 1000, "2010-01-01")))(t)
	stake := must(l.r.ListStakes(ctx, registry.StakeFilter{OwnerID: &ext.ID}))(t).Items[0]
	_, err := l.r.UpdateStake(ctx, stake.ID, 0, koncern.StakePatch{PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d("2009-12-31")}}})
	wantError(t, err, koncern.ECONFLICT, "shares")
	a := must(l.r.GetStake(ctx, stake.ID))(t)
	if a.From != d("2010-01-01") {
		t.Errorf("the refused update moved the stake to %s", a.From)
	}
}

// A redemption lowers the capital from its date and takes the shares from
// the seller; a company cannot redeem its last share.
func TestRedemptionLowersCapital(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("redemption", &l.muni.ID, nil, 20, 200, "2012-01-01")))(t)
	wantPeriods(t, l.capital(t), "2003-01-01–2011-12-31 100/1000", "2012-01-01– 80/800", "totals 80/800")
	wantPeriods(t, l.periods(t, l.muni.ID), "2003-01-01–2011-12-31 20/200")
	ct := must(l.r.CapTable(ctx, l.sub.ID, d("2012-01-01")))(t)
	if *ct.TotalShares != 80 || ct.Owners[0].Capital.Exact != "3/4" {
		t.Errorf("cap table after = %+v", ct)
	}

	solo := must(l.r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Solo AB", ParentID: &l.muni.ID, TotalShares: i64(10), TotalVotes: i64(10), Period: period("2003-01-01")}))(t)
	must(l.r.CreateStake(ctx, koncern.StakeInput{OwnerID: l.muni.ID, CompanyID: solo.ID, Shares: 10, Votes: 10, Period: period("2003-01-01")}))(t)
	in := koncern.TransactionInput{Type: "redemption", CompanyID: solo.ID, SellerID: &l.muni.ID, Shares: 10, Votes: 10, EffectiveDate: d("2012-01-01")}
	_, err := l.r.RecordTransaction(ctx, in)
	wantError(t, err, koncern.ECONFLICT, "shares")
	if c := must(l.r.ListCapital(ctx, solo.ID))(t); len(c) != 1 || c[0].ID != nil {
		t.Errorf("the refused redemption stored capital %+v", c)
	}
}

// The ownership calculation, from the registry directly or from a
// snapshot, divides each day's stakes by the capital of that day.
func TestOwnershipUsesTheCapitalOfTheDay(t *testing.T) {
	l := mustLedger(t)
	must(l.r.RecordTransaction(ctx, l.tx("new_issue", nil, &l.muni.ID, 100, 1000, "2010-01-01")))(t)
	totalOf := func(companies []ownership.Company) int64 {
		for _, c := range companies {
			if c.ID == l.sub.ID {
				return c.TotalShares
			}
		}
		return 0
	}
	for day, want := range map[string]int64{"2009-12-31": 100, "2010-01-01": 200} {
		companies, _ := must2(l.r.LoadOwnership(ctx, d(day)))(t)
		if got := totalOf(companies); got != want {
			t.Errorf("LoadOwnership on %s: Elmia has %d shares, want %d", day, got, want)
		}
		window := period("2009-01-01", "2010-12-31")
		s := analysis.NewSnapshot(window, must(l.r.LoadSnapshot(ctx, nil, window))(t))
		if companies, _ := analysis.OwnershipOn(s, analysis.DayOf(d(day))); totalOf(companies) != want {
			t.Errorf("OwnershipOn on %s: Elmia has %d shares, want %d", day, totalOf(companies), want)
		}
	}
}

func must2[A, B any](a A, b B, err error) func(*testing.T) (A, B) {
	return func(t *testing.T) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
