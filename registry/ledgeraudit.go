package registry

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
)

// ledgerState is what a transaction may change besides the ledger and the
// share capital: the company's row (its totals) and the stakes the parties
// hold in it.
type ledgerState struct {
	company koncern.Organization
	stakes  map[uuid.UUID]koncern.Stake
}

// loadLedgerState reads the company and the parties' stakes in it.
func loadLedgerState(ctx context.Context, tx *ent.Tx, in *koncern.TransactionInput) (ledgerState, error) {
	company, err := tx.Organization.Get(ctx, in.CompanyID)
	if err != nil {
		return ledgerState{}, err
	}
	var parties []uuid.UUID
	for _, p := range []*uuid.UUID{in.SellerID, in.BuyerID} {
		if p != nil {
			parties = append(parties, *p)
		}
	}
	rows, err := tx.OwnershipStake.Query().Where(ownershipstake.CompanyID(in.CompanyID), ownershipstake.OwnerIDIn(parties...)).All(ctx)
	if err != nil {
		return ledgerState{}, err
	}
	s := ledgerState{company: toOrganization(company), stakes: make(map[uuid.UUID]koncern.Stake, len(rows))}
	for _, row := range rows {
		s.stakes[row.ID] = toStake(row)
	}
	return s, nil
}

// auditLedgerRecords appends an event for every stake and organisation a
// transaction created, changed or removed, with the record before and
// after, so that each record's own history in the trail is whole and the
// registry can be read as it was recorded at any moment. The events come
// in id order, so the same transaction always writes the same trail.
func (r *Registry) auditLedgerRecords(ctx context.Context, tx *ent.Tx, before, after ledgerState) error {
	if before.company.Version != after.company.Version {
		if err := r.audit(ctx, tx, change{entity: organizationKind.entity, entityID: after.company.ID.String(), op: opUpdate,
			before: before.company, after: after.company}); err != nil {
			return err
		}
	}
	ids := make([]uuid.UUID, 0, len(before.stakes)+len(after.stakes))
	for id := range before.stakes {
		ids = append(ids, id)
	}
	for id := range after.stakes {
		if _, ok := before.stakes[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, compareIDs)
	for _, id := range ids {
		if c, ok := stakeChange(id, before.stakes, after.stakes); ok {
			if err := r.audit(ctx, tx, c); err != nil {
				return err
			}
		}
	}
	return nil
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
