package registry

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/sharecapital"
)

func toShareCapital(c *ent.ShareCapital) koncern.ShareCapital {
	id := c.ID
	return koncern.ShareCapital{ID: &id, CompanyID: c.CompanyID, TotalShares: c.TotalShares, TotalVotes: c.TotalVotes,
		DocumentID: c.DocumentID, Period: period(c.ValidFrom, c.ValidTo)}
}

// capitalRows are a company's stored capital periods in date order; none
// while its capital has never changed.
func capitalRows(ctx context.Context, c *ent.ShareCapitalClient, companyID uuid.UUID) ([]*ent.ShareCapital, error) {
	return c.Query().Where(sharecapital.CompanyID(companyID)).Order(sharecapital.ByValidFrom()).All(ctx)
}

func loadCapital(ctx context.Context, c *ent.ShareCapitalClient, companyID uuid.UUID) ([]koncern.ShareCapital, error) {
	return loadAll(ctx, c.Query().Where(sharecapital.CompanyID(companyID)).Order(sharecapital.ByValidFrom()), toShareCapital)
}

// ListCapital returns the history of a company's share capital, oldest
// first. A company whose capital never changed has one period without an
// id: its organisation's totals over its whole life. It returns ENOTFOUND
// for no such organisation and EINVALID when it is not a company.
func (r *Registry) ListCapital(ctx context.Context, companyID uuid.UUID) ([]koncern.ShareCapital, error) {
	c, err := r.client().Organization.Get(ctx, companyID)
	if err != nil {
		return nil, notFound(err, "organisation", companyID)
	}
	if c.Kind != "company" {
		return nil, koncern.Invalid("id", "organisation %q is a %s; only a company has share capital", c.Name, c.Kind)
	}
	out, err := loadCapital(ctx, r.client().ShareCapital, companyID)
	if err != nil || len(out) > 0 || c.TotalShares == nil || c.TotalVotes == nil {
		return out, err
	}
	return []koncern.ShareCapital{{CompanyID: c.ID, TotalShares: *c.TotalShares, TotalVotes: *c.TotalVotes,
		Period: period(c.ValidFrom, c.ValidTo)}}, nil
}

// capitalInForce loads the capital periods that hold on day d, for the
// ownership calculation of that day.
func capitalInForce(ctx context.Context, c *ent.Client, d koncern.Date) ([]koncern.ShareCapital, error) {
	return loadAll(ctx, c.ShareCapital.Query().Where(predicate.ShareCapital(inForce(d))), toShareCapital)
}

// ensureCapital returns a company's capital periods, first storing the
// organisation's totals as a period over its whole life when it has none,
// so that a change can end it.
func ensureCapital(ctx context.Context, tx *ent.Tx, company *ent.Organization) ([]*ent.ShareCapital, error) {
	rows, err := capitalRows(ctx, tx.ShareCapital, company.ID)
	if err != nil || len(rows) > 0 {
		return rows, err
	}
	if company.TotalShares == nil || company.TotalVotes == nil {
		return nil, koncern.Invalid("company_id", "company %q has no recorded share capital", company.Name)
	}
	first, err := tx.ShareCapital.Create().SetCompanyID(company.ID).SetTotalShares(*company.TotalShares).
		SetTotalVotes(*company.TotalVotes).SetValidFrom(company.ValidFrom).SetNillableValidTo(company.ValidTo).Save(ctx)
	return []*ent.ShareCapital{first}, err
}

// changeCapital adds sign × the transaction's counts to the company's
// capital from the effective date on: the period in force that day ends
// the day before and a new one starts on it, resting on the transaction's
// document, and later periods change by the same counts. Later periods
// mean the capital changes again after the effective date, so they need
// the backdate flag; the result says whether there were any.
func changeCapital(ctx context.Context, tx *ent.Tx, company *ent.Organization, in *koncern.TransactionInput, sign int64) (bool, error) {
	rows, err := ensureCapital(ctx, tx, company)
	if err != nil {
		return false, err
	}
	day, found, later := in.EffectiveDate, false, false
	for _, row := range rows {
		p := period(row.ValidFrom, row.ValidTo)
		if p.To != nil && p.To.Before(day) {
			continue
		}
		if p.From.After(day) {
			if !in.Backdate {
				return false, koncern.Conflict("effective_date", "the share capital of %q changes again on %s; set backdate to record a transaction before a later change", company.Name, p.From)
			}
			later = true
		}
		found = found || p.Contains(day)
		if err := shiftCapital(ctx, tx, company, row, in, sign); err != nil {
			return false, err
		}
	}
	if !found {
		return false, koncern.Conflict("effective_date", "no share capital of %q is recorded for %s", company.Name, day)
	}
	return later, syncTotals(ctx, tx, company.ID)
}

// shiftCapital changes one capital period by sign × the counts from the
// effective date on, splitting it when it began before. The capital stays
// within the bounds of every count (1 to MaxCount), so that a company never
// holds a total its own PATCH, the export and the import would refuse.
func shiftCapital(ctx context.Context, tx *ent.Tx, company *ent.Organization, row *ent.ShareCapital, in *koncern.TransactionInput, sign int64) error {
	from := maxDate(date(row.ValidFrom), in.EffectiveDate)
	shares, okShares := koncern.AddCount(row.TotalShares, sign*in.Shares)
	votes, okVotes := koncern.AddCount(row.TotalVotes, sign*in.Votes)
	if !okShares {
		return koncern.Invalid("shares", "on %s the new issue would raise the shares of %q above %d, the most a company may have", from, company.Name, koncern.MaxCount)
	}
	if !okVotes {
		return koncern.Invalid("votes", "on %s the new issue would raise the votes of %q above %d, the most a company may have", from, company.Name, koncern.MaxCount)
	}
	if shares < 1 {
		return koncern.Conflict("shares", "on %s %q would have no shares left; a company needs at least one", from, company.Name)
	}
	if votes < 1 {
		return koncern.Conflict("votes", "on %s %q would have no votes left; a company needs at least one", from, company.Name)
	}
	if !date(row.ValidFrom).Before(in.EffectiveDate) {
		return saveOne(tx.ShareCapital.Update().Where(sharecapital.ID(row.ID), sharecapital.Version(row.Version)).
			SetTotalShares(shares).SetTotalVotes(votes).AddVersion(1).Save(ctx))
	}
	if err := saveOne(tx.ShareCapital.Update().Where(sharecapital.ID(row.ID), sharecapital.Version(row.Version)).
		SetValidTo(in.EffectiveDate.AddDays(-1).Time()).AddVersion(1).Save(ctx)); err != nil {
		return err
	}
	return tx.ShareCapital.Create().SetCompanyID(company.ID).SetTotalShares(shares).SetTotalVotes(votes).
		SetNillableDocumentID(in.DocumentID).SetValidFrom(from.Time()).SetNillableValidTo(row.ValidTo).Exec(ctx)
}

func maxDate(a, b koncern.Date) koncern.Date {
	if a.Before(b) {
		return b
	}
	return a
}

// syncTotals keeps the organisation's totals those of its latest capital
// period, so that the organisation still tells its (current) capital.
func syncTotals(ctx context.Context, tx *ent.Tx, companyID uuid.UUID) error {
	last, err := tx.ShareCapital.Query().Where(sharecapital.CompanyID(companyID)).Order(sharecapital.ByValidFrom(entsql.OrderDesc())).First(ctx)
	if err != nil {
		return err
	}
	return tx.Organization.Update().Where(organization.ID(companyID)).SetTotalShares(last.TotalShares).
		SetTotalVotes(last.TotalVotes).AddVersion(1).Exec(ctx)
}

// checkCapitalUndated refuses new totals on a company whose capital is
// dated: they would rewrite its whole history, where the ledger's
// new_issue and redemption change it from a day.
func checkCapitalUndated(ctx context.Context, tx *ent.Tx, cur *ent.Organization, in *koncern.OrganizationInput) error {
	if sameCount(cur.TotalShares, in.TotalShares) && sameCount(cur.TotalVotes, in.TotalVotes) {
		return nil
	}
	dated, err := tx.ShareCapital.Query().Where(sharecapital.CompanyID(cur.ID)).Exist(ctx)
	if err != nil || !dated {
		return err
	}
	field := "total_votes"
	if !sameCount(cur.TotalShares, in.TotalShares) {
		field = "total_shares"
	}
	return koncern.Conflict(field, "the share capital of %q is dated; change it with a new_issue or redemption in the ownership ledger", cur.Name)
}

func sameCount(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
