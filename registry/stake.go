package registry

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// StakeFilter narrows a list of ownership stakes.
type StakeFilter struct {
	MunicipalityID *uuid.UUID
	OwnerID        *uuid.UUID
	CompanyID      *uuid.UUID
	ListOptions
}

var stakeKind = kind[*ent.OwnershipStake, koncern.StakeInput, koncern.Stake]{
	entity: "stake",
	what:   "ownership stake",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.OwnershipStake, error) {
		return c.OwnershipStake.Get(ctx, id)
	},
	id:      func(x *ent.OwnershipStake) uuid.UUID { return x.ID },
	version: func(s *ent.OwnershipStake) int { return s.Version },
	input:   func(s *ent.OwnershipStake) koncern.StakeInput { return toStake(s).StakeInput },
	save:    saveStake,
	out:     toStake,
}

// CreateStake records an owner's holding in a company for a period.
//
// It returns EINVALID when the owner or company does not exist, is of the
// wrong kind or does not hold for the period, or when the stake alone
// exceeds the company's totals; ECONFLICT when the same owner already holds
// the company during part of the period, or when all stakes together would
// exceed the company's total shares or votes on some day.
func (r *Registry) CreateStake(ctx context.Context, in koncern.StakeInput) (koncern.Stake, error) {
	return create(ctx, r, "stake", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.StakeInput) (koncern.Stake, error) {
		company, err := checkStake(ctx, tx, id, in, false)
		if err != nil {
			return koncern.Stake{}, err
		}
		s, err := tx.OwnershipStake.Create().SetID(id).SetOwnerID(in.OwnerID).SetCompanyID(in.CompanyID).
			SetNillableMunicipalityID(company.MunicipalityID).SetShares(in.Shares).SetVotes(in.Votes).
			SetNillableDocumentID(in.DocumentID).SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.Stake{}, err
		}
		return toStake(s), nil
	})
}

// GetStake returns one stake.
func (r *Registry) GetStake(ctx context.Context, id uuid.UUID) (koncern.Stake, error) {
	return getOne(ctx, r, stakeKind, id)
}

// ListStakes returns a page of stakes ordered by id.
func (r *Registry) ListStakes(ctx context.Context, f StakeFilter) (Page[koncern.Stake], error) {
	var where []predicate.OwnershipStake
	if f.MunicipalityID != nil {
		where = append(where, ownershipstake.MunicipalityID(*f.MunicipalityID))
	}
	if f.OwnerID != nil {
		where = append(where, ownershipstake.OwnerID(*f.OwnerID))
	}
	if f.CompanyID != nil {
		where = append(where, ownershipstake.CompanyID(*f.CompanyID))
	}
	return list(ctx, r, stakeKind, r.client().OwnershipStake.Query(), ownershipstake.ByID(), f.ListOptions, where)
}

// UpdateStake corrects a stake.
func (r *Registry) UpdateStake(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.StakePatch) (koncern.Stake, error) {
	return update(ctx, r, stakeKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndStake ends the stake on day on, the owner's last day of holding it.
func (r *Registry) EndStake(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Stake, error) {
	return update(ctx, r, stakeKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.StakePatch {
		return koncern.StakePatch{PeriodPatch: pp}
	}))
}

func saveStake(ctx context.Context, tx *ent.Tx, cur *ent.OwnershipStake, in *koncern.StakeInput) error {
	if _, err := checkStake(ctx, tx, cur.ID, in, true); err != nil {
		return err
	}
	u := tx.OwnershipStake.Update().Where(ownershipstake.ID(cur.ID), ownershipstake.Version(cur.Version)).
		SetShares(in.Shares).SetVotes(in.Votes).SetValidFrom(in.From.Time()).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, ownershipstake.FieldDocumentID, in.DocumentID),
		setOrClear(m, ownershipstake.FieldValidTo, timePtr(in.To)),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// checkStake checks a stake against its owner, its company and the other
// stakes in that company, and returns the company.
func checkStake(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.StakeInput, update bool) (*ent.Organization, error) {
	if in.Shares == 0 && in.Votes == 0 {
		return nil, koncern.Invalid("shares", "a stake needs shares or votes; both are zero")
	}
	if in.OwnerID == in.CompanyID {
		return nil, koncern.Invalid("owner_id", "a company cannot own a stake in itself")
	}
	if _, err := refOrganizationOfKind(ctx, tx, refField(update, "owner_id"), in.OwnerID, in.Period, koncern.OwnerKinds...); err != nil {
		return nil, err
	}
	company, err := refOrganizationOfKind(ctx, tx, refField(update, "company_id"), in.CompanyID, in.Period, "company")
	if err != nil {
		return nil, err
	}
	if err := withinTotals(ctx, tx, company, in); err != nil {
		return nil, err
	}
	if err := refDocument(ctx, tx, "document_id", in.DocumentID, in.Period); err != nil {
		return nil, err
	}
	other, err := firstOrNil(tx.OwnershipStake.Query().Where(ownershipstake.OwnerID(in.OwnerID), ownershipstake.CompanyID(in.CompanyID),
		predicate.OwnershipStake(notID(&id)), predicate.OwnershipStake(overlapping(in.Period))).First(ctx))
	if err != nil {
		return nil, err
	} else if other != nil {
		return nil, koncern.Conflict("valid_from", "the owner already holds a stake in this company %s (stake %s); periods of the same owner and company must not overlap", period(other.ValidFrom, other.ValidTo), other.ID)
	}
	cand := stakeCandidate{ID: id, Shares: in.Shares, Votes: in.Votes, Period: in.Period}
	return company, checkStakeTotals(ctx, tx, in.CompanyID, &cand)
}

// withinTotals checks one stake on its own against the largest capital the
// company ever has; the capital of each day is checked with the other
// stakes.
func withinTotals(ctx context.Context, tx *ent.Tx, company *ent.Organization, in *koncern.StakeInput) error {
	capital, err := loadCapital(ctx, tx.ShareCapital, company.ID)
	if err != nil {
		return err
	}
	maxShares, maxVotes := company.TotalShares, company.TotalVotes
	for _, c := range capital {
		if maxShares == nil || c.TotalShares > *maxShares {
			maxShares = &c.TotalShares
		}
		if maxVotes == nil || c.TotalVotes > *maxVotes {
			maxVotes = &c.TotalVotes
		}
	}
	if maxShares != nil && in.Shares > *maxShares {
		return koncern.Invalid("shares", "must not exceed the company's total of %d shares", *maxShares)
	}
	if maxVotes != nil && in.Votes > *maxVotes {
		return koncern.Invalid("votes", "must not exceed the company's total of %d votes", *maxVotes)
	}
	return nil
}
