package registry

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
)

// ledgerState is what a transaction may change besides the ledger: the
// company's row (its totals), its capital periods, and the stakes the
// parties hold in it, by valid_from.
type ledgerState struct {
	company *ent.Organization
	capital []koncern.ShareCapital
	stakes  []*ent.OwnershipStake
}

// loadLedgerState reads the company's capital and the parties' stakes in
// it; company is the row the transaction's checks read.
func loadLedgerState(ctx context.Context, tx *ent.Tx, company *ent.Organization, in *koncern.TransactionInput) (ledgerState, error) {
	s := ledgerState{company: company}
	var err error
	if s.capital, err = loadCapital(ctx, tx.ShareCapital, company.ID); err != nil {
		return s, err
	}
	s.stakes, err = tx.OwnershipStake.Query().Where(ownershipstake.CompanyID(company.ID), ownershipstake.OwnerIDIn(parties(in)...)).
		Order(ownershipstake.ByValidFrom()).All(ctx)
	return s, err
}

func parties(in *koncern.TransactionInput) []uuid.UUID {
	var out []uuid.UUID
	for _, p := range []*uuid.UUID{in.SellerID, in.BuyerID} {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// partiesOf keeps the stakes of the transaction's parties.
func partiesOf(stakes []*ent.OwnershipStake, in *koncern.TransactionInput) []*ent.OwnershipStake {
	ps := parties(in)
	var out []*ent.OwnershipStake
	for _, s := range stakes {
		if slices.Contains(ps, s.OwnerID) {
			out = append(out, s)
		}
	}
	return out
}

// stakesOf keeps owner's stakes, in their order.
func (s ledgerState) stakesOf(owner uuid.UUID) []*ent.OwnershipStake {
	var out []*ent.OwnershipStake
	for _, st := range s.stakes {
		if st.OwnerID == owner {
			out = append(out, st)
		}
	}
	return out
}

// ledgerChanges are the events of every stake and organisation a
// transaction created, changed or removed, and of the company's capital
// when it changed, with the record before and after, so that each
// record's own history in the trail is whole and the registry can be read
// as it was recorded at any moment. Stakes come in id order, so the same
// transaction always writes the same trail.
func ledgerChanges(in *koncern.TransactionInput, before, after ledgerState) []change {
	var out []change
	if before.company.Version != after.company.Version {
		out = append(out, change{entity: organizationKind.entity, entityID: after.company.ID.String(), op: opUpdate,
			before: toOrganization(before.company), after: toOrganization(after.company)})
	}
	was, is := stakesByID(before.stakes), stakesByID(after.stakes)
	ids := make([]uuid.UUID, 0, len(was)+len(is))
	for id := range was {
		ids = append(ids, id)
	}
	for id := range is {
		if _, ok := was[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, compareIDs)
	for _, id := range ids {
		if c, ok := stakeChange(id, was, is); ok {
			out = append(out, c)
		}
	}
	if changesCapital(in) {
		// The capital's history is followed in the trail by the company's id.
		out = append(out, change{entity: entityShareCapital, entityID: in.CompanyID.String(), op: opUpdate,
			before: before.capital, after: after.capital})
	}
	return out
}

func stakesByID(rows []*ent.OwnershipStake) map[uuid.UUID]koncern.Stake {
	m := make(map[uuid.UUID]koncern.Stake, len(rows))
	for _, r := range rows {
		m[r.ID] = toStake(r)
	}
	return m
}

// stakeChange is the event of one stake: created, removed (a period left
// with nothing) or changed; false when the transaction left it as it was.
func stakeChange(id uuid.UUID, before, after map[uuid.UUID]koncern.Stake) (change, bool) {
	b, had := before[id]
	a, has := after[id]
	c := change{entity: stakeKind.entity, entityID: id.String()}
	switch {
	case !had:
		c.op, c.after = opCreate, a
	case !has:
		c.op, c.before = opDelete, b
	case a.Version != b.Version:
		c.op, c.before, c.after = opUpdate, b, a
	default:
		return c, false
	}
	return c, true
}
