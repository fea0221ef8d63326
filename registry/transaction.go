package registry

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/ownershiptransaction"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// TransactionFilter narrows the ownership ledger. Owner matches either
// party. At keeps the transactions effective on or before that day.
// NewestFirst lists the entries last written first, as a person reads a
// ledger; its cursors then page backwards.
type TransactionFilter struct {
	CompanyID   *uuid.UUID
	OwnerID     *uuid.UUID
	NewestFirst bool
	ListOptions
}

// RecordTransaction books an ownership transaction: in one database
// transaction it ends and starts the stake periods of the seller and the
// buyer from the effective date and appends the entry to the ledger.
//
// It returns EINVALID when the parties do not fit the type, do not exist
// or are not in force; ECONFLICT when the seller does not hold what is sold
// on every day from the effective date, when the stakes would exceed the
// company's capital on some day (a redemption below what the other owners
// hold), when the capital would fall to nothing, or when a later
// transaction on the same stakes or a later change of the capital exists
// and backdate is not set. A new issue raises the company's capital from
// the effective date and a redemption lowers it, in the same database
// transaction. A rejected transaction writes nothing.
func (r *Registry) RecordTransaction(ctx context.Context, in koncern.TransactionInput) (koncern.Transaction, error) {
	return createWith(ctx, r, entityTransaction, opTransaction, in, func(tx *ent.Tx, id uuid.UUID, in *koncern.TransactionInput) (koncern.Transaction, []change, error) {
		if err := checkTransactionShape(in); err != nil {
			return koncern.Transaction{}, nil, err
		}
		company, err := checkTransactionRefs(ctx, tx, in)
		if err != nil {
			return koncern.Transaction{}, nil, err
		}
		backdated, err := checkLaterTransactions(ctx, tx, in)
		if err != nil {
			return koncern.Transaction{}, nil, err
		}
		before, err := loadLedgerState(ctx, tx, company, in)
		if err != nil {
			return koncern.Transaction{}, nil, err
		}
		after, reshaped, err := bookLegs(ctx, tx, before, in)
		if err != nil {
			return koncern.Transaction{}, nil, err
		}
		t, err := tx.OwnershipTransaction.Create().SetID(id).SetType(in.Type).SetCompanyID(in.CompanyID).
			SetNillableSellerID(in.SellerID).SetNillableBuyerID(in.BuyerID).SetShares(in.Shares).SetVotes(in.Votes).
			SetEffectiveDate(in.EffectiveDate.Time()).SetNillableDocumentID(in.DocumentID).SetBackdated(backdated || reshaped).Save(ctx)
		if err != nil {
			return koncern.Transaction{}, nil, err
		}
		return toTransaction(t), ledgerChanges(in, before, after), nil
	})
}

// GetTransaction returns one entry of the ledger.
func (r *Registry) GetTransaction(ctx context.Context, id uuid.UUID) (koncern.Transaction, error) {
	t, err := r.client().OwnershipTransaction.Get(ctx, id)
	if err != nil {
		return koncern.Transaction{}, notFound(err, "ownership transaction", id)
	}
	return toTransaction(t), nil
}

// ListTransactions returns a page of the ledger in the order it was
// written, or the reverse with NewestFirst. A ledger is history, so
// without At it lists every entry.
func (r *Registry) ListTransactions(ctx context.Context, f TransactionFilter) (Page[koncern.Transaction], error) {
	o := f.ListOptions
	if o.At != nil && o.History {
		return Page[koncern.Transaction]{}, koncern.Invalid("history", "cannot be combined with at")
	}
	o.At, o.History = nil, true // validity does not apply to a ledger; At is the effective date below
	if f.NewestFirst {
		o.Cursor = "" // listPredicates pages forwards; the backward cursor is applied below
	}
	preds, limit, err := r.listPredicates(o)
	if err != nil {
		return Page[koncern.Transaction]{}, err
	}
	q := r.client().OwnershipTransaction.Query()
	for _, p := range preds {
		q.Where(predicate.OwnershipTransaction(p))
	}
	order := ownershiptransaction.ByID()
	if f.NewestFirst {
		order = ownershiptransaction.ByID(entsql.OrderDesc())
		if f.Cursor != "" {
			before, err := decodeCursor(f.Cursor)
			if err != nil {
				return Page[koncern.Transaction]{}, err
			}
			q.Where(ownershiptransaction.IDLT(before))
		}
	}
	if f.CompanyID != nil {
		q.Where(ownershiptransaction.CompanyID(*f.CompanyID))
	}
	if f.OwnerID != nil {
		q.Where(ownershiptransaction.Or(ownershiptransaction.SellerID(*f.OwnerID), ownershiptransaction.BuyerID(*f.OwnerID)))
	}
	if f.At != nil {
		q.Where(ownershiptransaction.EffectiveDateLTE(f.At.Time()))
	}
	rows, err := q.Order(order).Limit(limit + 1).All(ctx)
	if err != nil {
		return Page[koncern.Transaction]{}, err
	}
	return page(rows, limit, func(t *ent.OwnershipTransaction) uuid.UUID { return t.ID }, toTransaction), nil
}

// entityTransaction names a ledger entry in the audit trail.
const entityTransaction = "transaction"

func toTransaction(t *ent.OwnershipTransaction) koncern.Transaction {
	return koncern.Transaction{
		ID: t.ID, CreatedAt: t.CreatedAt.UTC(), Type: t.Type, CompanyID: t.CompanyID,
		SellerID: t.SellerID, BuyerID: t.BuyerID, Shares: t.Shares, Votes: t.Votes,
		EffectiveDate: date(t.EffectiveDate), DocumentID: t.DocumentID, Backdated: t.Backdated,
	}
}

// checkTransactionShape checks the parties and counts against the type,
// before anything is read.
func checkTransactionShape(in *koncern.TransactionInput) error {
	switch in.Type {
	case "new_issue":
		if in.BuyerID == nil || in.SellerID != nil {
			return koncern.Invalid(wrongParty(in, "seller_id", "buyer_id"), "a new issue has the company issue shares to a buyer, and no seller")
		}
	case "redemption":
		if in.SellerID == nil || in.BuyerID != nil {
			return koncern.Invalid(wrongParty(in, "buyer_id", "seller_id"), "a redemption has the company redeem shares from a seller, and no buyer")
		}
	case "transfer":
		if in.SellerID == nil || in.BuyerID == nil {
			return koncern.Invalid(missingParty(in), "a transfer needs both a seller and a buyer")
		}
	case "acquisition":
		if in.BuyerID == nil {
			return koncern.Invalid("buyer_id", "an acquisition needs a buyer")
		}
	case "divestment":
		if in.SellerID == nil {
			return koncern.Invalid("seller_id", "a divestment needs a seller")
		}
	}
	if in.SellerID != nil && in.BuyerID != nil && *in.SellerID == *in.BuyerID {
		return koncern.Invalid("buyer_id", "the buyer is the seller; a transaction moves shares between two owners")
	}
	for _, party := range []*uuid.UUID{in.SellerID, in.BuyerID} {
		if party != nil && *party == in.CompanyID {
			return koncern.Invalid(partyField(in, *party), "a company cannot hold shares in itself")
		}
	}
	if in.Shares == 0 && in.Votes == 0 {
		return koncern.Invalid("shares", "a transaction needs shares or votes; both are zero")
	}
	return nil
}

// wrongParty names the field at fault for a capital change: the party it
// must not have when set (extra), else the one it lacks (needed).
func wrongParty(in *koncern.TransactionInput, extra, needed string) string {
	if (extra == "seller_id" && in.SellerID != nil) || (extra == "buyer_id" && in.BuyerID != nil) {
		return extra
	}
	return needed
}

func missingParty(in *koncern.TransactionInput) string {
	if in.SellerID == nil {
		return "seller_id"
	}
	return "buyer_id"
}

func partyField(in *koncern.TransactionInput, id uuid.UUID) string {
	if in.SellerID != nil && *in.SellerID == id {
		return "seller_id"
	}
	return "buyer_id"
}

// checkTransactionRefs checks that the company, the parties and the
// document exist and are in force on the effective date. The buyer must
// also hold from then on, since its new stake is open-ended.
func checkTransactionRefs(ctx context.Context, tx *ent.Tx, in *koncern.TransactionInput) (*ent.Organization, error) {
	day := in.EffectiveDate
	oneDay := koncern.Period{From: day, To: &day}
	// The company and the parties are read with one query.
	rows, err := tx.Organization.Query().Where(organization.IDIn(append([]uuid.UUID{in.CompanyID}, parties(in)...)...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*ent.Organization, len(rows))
	for _, o := range rows {
		byID[o.ID] = o
	}
	company, err := checkOrganizationRef("company_id", in.CompanyID, byID[in.CompanyID], oneDay, "company")
	if err != nil {
		return nil, err
	}
	if in.SellerID != nil {
		if _, err := checkOrganizationRef("seller_id", *in.SellerID, byID[*in.SellerID], oneDay, koncern.OwnerKinds...); err != nil {
			return nil, err
		}
	}
	if in.BuyerID != nil {
		if _, err := checkOrganizationRef("buyer_id", *in.BuyerID, byID[*in.BuyerID], koncern.Period{From: day}, koncern.OwnerKinds...); err != nil {
			return nil, err
		}
	}
	return company, refDocument(ctx, tx, "document_id", in.DocumentID, oneDay)
}

// checkLaterTransactions looks for ledger entries on the same company and
// parties effective after this one. Booking before them changes the stakes
// they were booked against, so it needs the explicit backdate flag; the
// result says whether the entry is backdated.
func checkLaterTransactions(ctx context.Context, tx *ent.Tx, in *koncern.TransactionInput) (bool, error) {
	ps := parties(in)
	later, err := firstOrNil(tx.OwnershipTransaction.Query().Where(
		ownershiptransaction.CompanyID(in.CompanyID),
		ownershiptransaction.EffectiveDateGT(in.EffectiveDate.Time()),
		ownershiptransaction.Or(ownershiptransaction.SellerIDIn(ps...), ownershiptransaction.BuyerIDIn(ps...)),
	).Order(ownershiptransaction.ByEffectiveDate()).First(ctx))
	if err != nil || later == nil {
		return false, err
	}
	if !in.Backdate {
		return false, koncern.Conflict("effective_date", "a later %s on the same stakes is effective %s (transaction %s); set backdate to record this one before it", later.Type, date(later.EffectiveDate), later.ID)
	}
	return true, nil
}

// bookLegs changes the company's capital for a new issue or redemption,
// moves the counts out of the seller's stake and into the buyer's, then
// checks the stakes against the capital on every day. It returns what the
// transaction left (after), and whether a later period of either party
// changed (a backdated booking).
func bookLegs(ctx context.Context, tx *ent.Tx, before ledgerState, in *koncern.TransactionInput) (after ledgerState, reshaped bool, err error) {
	company := before.company
	if reshaped, err = changeCapitalFor(ctx, tx, company, in); err != nil {
		return after, false, err
	}
	after = ledgerState{company: company, capital: before.capital}
	if changesCapital(in) {
		// The capital and the organisation's totals (syncTotals) changed.
		if after.company, err = tx.Organization.Get(ctx, company.ID); err != nil {
			return after, false, err
		}
		if after.capital, err = loadCapital(ctx, tx.ShareCapital, company.ID); err != nil {
			return after, false, err
		}
	}
	legs := []struct {
		party *uuid.UUID
		sign  int64
	}{{in.SellerID, -1}, {in.BuyerID, 1}}
	for _, leg := range legs {
		if leg.party == nil {
			continue
		}
		later, err := bookLeg(ctx, tx, company, before.stakesOf(*leg.party), *leg.party, in, leg.sign)
		if err != nil {
			return after, false, err
		}
		reshaped = reshaped || later
	}
	all, err := tx.OwnershipStake.Query().Where(ownershipstake.CompanyID(company.ID)).Order(ownershipstake.ByValidFrom()).All(ctx)
	if err != nil {
		return after, false, err
	}
	after.stakes = partiesOf(all, in)
	return after, reshaped, totalsFit(after.company, after.capital, all, nil, "shares", "votes")
}

// changesCapital reports whether the transaction changes the company's
// share capital: a new issue raises it, a redemption lowers it.
func changesCapital(in *koncern.TransactionInput) bool {
	return in.Type == "new_issue" || in.Type == "redemption"
}

// changeCapitalFor raises the company's capital for a new issue and
// lowers it for a redemption; other types leave it be.
func changeCapitalFor(ctx context.Context, tx *ent.Tx, company *ent.Organization, in *koncern.TransactionInput) (bool, error) {
	switch in.Type {
	case "new_issue":
		return changeCapital(ctx, tx, company, in, 1)
	case "redemption":
		return changeCapital(ctx, tx, company, in, -1)
	}
	return false, nil
}

// segment is a stretch of days from the effective date on during which an
// owner holds the same counts: a stored stake, the part of one that runs
// past the effective date, or a gap in which it holds nothing.
type segment struct {
	stake  *ent.OwnershipStake // the stored stake it is; nil for a part or a gap
	period koncern.Period
	shares int64
	votes  int64
}

// bookLeg adds sign × the transaction's counts to what owner holds in the
// company (rows, its stakes there by valid_from) on every day from the
// effective date: the stake in force on that
// day ends the day before and a new period starts on it, and later periods
// change by the same counts. Later periods mean the holding changes again
// after the effective date (by the ledger or by a stake recorded
// directly), so they need the backdate flag; the result says whether there
// were any.
func bookLeg(ctx context.Context, tx *ent.Tx, company *ent.Organization, rows []*ent.OwnershipStake, owner uuid.UUID, in *koncern.TransactionInput, sign int64) (bool, error) {
	segs := segmentsFrom(in.EffectiveDate, rows)
	if len(segs) > 1 && !in.Backdate {
		return false, koncern.Conflict("effective_date", "the holding of organisation %s in %q changes again on %s; set backdate to record a transaction before a later change", owner, company.Name, segs[1].period.From)
	}
	for i := range segs {
		if err := moveCounts(&segs[i], company, in, sign); err != nil {
			return false, err
		}
	}
	for _, r := range rows {
		if r.ValidFrom.Before(in.EffectiveDate.Time()) && period(r.ValidFrom, r.ValidTo).Contains(in.EffectiveDate) {
			if err := endStakeBefore(ctx, tx, r, in.EffectiveDate); err != nil {
				return false, err
			}
		}
	}
	for _, s := range segs {
		if err := writeSegment(ctx, tx, company, owner, s, in); err != nil {
			return false, err
		}
	}
	return len(segs) > 1, nil
}

// segmentsFrom cuts an owner's stakes in one company (ordered by
// valid_from, never overlapping) into segments covering every day from
// day on, gaps included.
func segmentsFrom(day koncern.Date, rows []*ent.OwnershipStake) []segment {
	var segs []segment
	next := day // the first day not yet covered
	open := true
	for _, r := range rows {
		p := period(r.ValidFrom, r.ValidTo)
		if p.To != nil && p.To.Before(day) {
			continue
		}
		if next.Before(p.From) {
			to := p.From.AddDays(-1)
			segs = append(segs, segment{period: koncern.Period{From: next, To: &to}})
		}
		s := segment{stake: r, period: p, shares: r.Shares, votes: r.Votes}
		if p.From.Before(day) {
			s.stake, s.period.From = nil, day
		}
		segs = append(segs, s)
		if p.To == nil {
			open = false
			break
		}
		next = p.To.AddDays(1)
	}
	if open {
		segs = append(segs, segment{period: koncern.Period{From: next}})
	}
	return segs
}

// moveCounts adds sign × the transaction's counts to a segment and checks
// what it holds then: never fewer than no shares or votes (the seller did
// not hold what it sold on some day) and never more than any count may be.
// The buyer's side is checked against the company's totals afterwards.
func moveCounts(s *segment, company *ent.Organization, in *koncern.TransactionInput, sign int64) error {
	var okShares, okVotes bool
	s.shares, okShares = koncern.AddCount(s.shares, sign*in.Shares)
	s.votes, okVotes = koncern.AddCount(s.votes, sign*in.Votes)
	if !okShares {
		return koncern.Invalid("shares", "on %s the buyer would hold more than %d shares in %q, the most any count may be", s.period.From, koncern.MaxCount, company.Name)
	}
	if !okVotes {
		return koncern.Invalid("votes", "on %s the buyer would hold more than %d votes in %q, the most any count may be", s.period.From, koncern.MaxCount, company.Name)
	}
	if s.shares < 0 {
		return koncern.Conflict("shares", "on %s the seller holds only %d shares in %q, fewer than the %d sold", s.period.From, s.shares+in.Shares, company.Name, in.Shares)
	}
	if s.votes < 0 {
		return koncern.Conflict("votes", "on %s the seller holds only %d votes in %q, fewer than the %d sold", s.period.From, s.votes+in.Votes, company.Name, in.Votes)
	}
	return nil
}

// endStakeBefore ends a stake the day before day, keeping its history.
func endStakeBefore(ctx context.Context, tx *ent.Tx, s *ent.OwnershipStake, day koncern.Date) error {
	return saveOne(tx.OwnershipStake.Update().Where(ownershipstake.ID(s.ID), ownershipstake.Version(s.Version)).
		SetValidTo(day.AddDays(-1).Time()).AddVersion(1).Save(ctx))
}

// writeSegment stores a segment's new counts: it changes or removes the
// stake the segment is, or starts a new one where the owner now holds
// something. The new period on the effective date rests on the
// transaction's document.
func writeSegment(ctx context.Context, tx *ent.Tx, company *ent.Organization, owner uuid.UUID, s segment, in *koncern.TransactionInput) error {
	empty := s.shares == 0 && s.votes == 0
	switch {
	case s.stake != nil && empty:
		return tx.OwnershipStake.DeleteOneID(s.stake.ID).Exec(ctx)
	case s.stake != nil:
		return saveOne(tx.OwnershipStake.Update().Where(ownershipstake.ID(s.stake.ID), ownershipstake.Version(s.stake.Version)).
			SetShares(s.shares).SetVotes(s.votes).AddVersion(1).Save(ctx))
	case empty:
		return nil
	}
	var doc *uuid.UUID
	if !s.period.From.Before(in.EffectiveDate) && !s.period.From.After(in.EffectiveDate) {
		doc = in.DocumentID
	}
	return tx.OwnershipStake.Create().SetOwnerID(owner).SetCompanyID(company.ID).
		SetNillableMunicipalityID(company.MunicipalityID).SetShares(s.shares).SetVotes(s.votes).
		SetNillableDocumentID(doc).SetValidFrom(s.period.From.Time()).SetNillableValidTo(timePtr(s.period.To)).Exec(ctx)
}

// CapTable returns a company's owners on day at with their shares, votes
// and exact parts of its totals. It returns ENOTFOUND for no such
// organisation and EINVALID when it is not a company.
func (r *Registry) CapTable(ctx context.Context, companyID uuid.UUID, at koncern.Date) (analysis.CapTable, error) {
	c, err := r.client().Organization.Get(ctx, companyID)
	if err != nil {
		return analysis.CapTable{}, notFound(err, "organisation", companyID)
	}
	if c.Kind != "company" {
		return analysis.CapTable{}, koncern.Invalid("id", "organisation %q is a %s; only a company has a cap table", c.Name, c.Kind)
	}
	rows, err := r.client().OwnershipStake.Query().Where(ownershipstake.CompanyID(companyID), predicate.OwnershipStake(inForce(at))).
		WithOwner().All(ctx)
	if err != nil {
		return analysis.CapTable{}, err
	}
	stakes := make([]koncern.Stake, len(rows))
	names := make(map[uuid.UUID]string, len(rows))
	for i, s := range rows {
		stakes[i] = toStake(s)
		names[s.OwnerID] = s.Edges.Owner.Name
	}
	capital, err := loadCapital(ctx, r.client().ShareCapital, companyID)
	if err != nil {
		return analysis.CapTable{}, err
	}
	company := toOrganization(c)
	company.TotalShares, company.TotalVotes = koncern.CapitalOn(company, capital, at)
	return analysis.BuildCapTable(company, at, stakes, names), nil
}
