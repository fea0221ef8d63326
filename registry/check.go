package registry

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

func quote(s string) string { return strconv.Quote(s) }

func joinOr(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// covers checks that a referenced record (what, valid outer) holds on every
// day of inner, the period of the record that refers to it. An empty field
// means the reference cannot change (an update), so the fault lies with the
// end of the period that sticks out.
func covers(field, what string, outer, inner koncern.Period) error {
	if outer.Covers(inner) {
		return nil
	}
	if field == "" {
		field = "valid_to"
		if inner.From.Before(outer.From) {
			field = "valid_from"
		}
	}
	return koncern.Invalid(field, "%s is valid %s, which does not cover %s", what, outer, inner)
}

// refField is the field to blame for a reference that does not cover the
// period: the reference itself on create, the period on update, where the
// reference cannot change.
func refField(update bool, field string) string {
	if update {
		return ""
	}
	return field
}

// dependentConflict reports a record that refers to the one being changed
// and would outlive its new period.
func dependentConflict(what, name string, id uuid.UUID, dep, p koncern.Period) error {
	field := "valid_to"
	if dep.From.Before(p.From) {
		field = "valid_from"
	}
	return koncern.Conflict(field, "%s %s (%s) is valid %s, outside the new period %s; end or change it first", what, quote(name), id, dep, p)
}

// firstOrNil turns ent's not-found into a nil row.
func firstOrNil[T any](row *T, err error) (*T, error) {
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return row, err
}

// checkOrganizationDependents refuses a period that would leave children,
// posts, stakes or steering lines of the organisation outside it.
func checkOrganizationDependents(ctx context.Context, tx *ent.Tx, id uuid.UUID, p koncern.Period) error {
	out := outside(p)
	child, err := firstOrNil(tx.Organization.Query().Where(organization.ParentID(id), predicate.Organization(out)).First(ctx))
	if err != nil {
		return err
	} else if child != nil {
		return dependentConflict("child organisation", child.Name, child.ID, period(child.ValidFrom, child.ValidTo), p)
	}
	post, err := firstOrNil(tx.Post.Query().Where(entpost.OrganizationID(id), predicate.Post(out)).First(ctx))
	if err != nil {
		return err
	} else if post != nil {
		return dependentConflict("post", post.Title, post.ID, period(post.ValidFrom, post.ValidTo), p)
	}
	stake, err := firstOrNil(tx.OwnershipStake.Query().Where(
		ownershipstake.Or(ownershipstake.OwnerID(id), ownershipstake.CompanyID(id)),
		predicate.OwnershipStake(out)).First(ctx))
	if err != nil {
		return err
	} else if stake != nil {
		return dependentConflict("ownership stake", stake.ID.String(), stake.ID, period(stake.ValidFrom, stake.ValidTo), p)
	}
	doc, err := firstOrNil(tx.Document.Query().Where(document.IssuerID(id), predicate.Document(dayOutside("decided_on", p))).First(ctx))
	if err != nil {
		return err
	} else if doc != nil {
		decided := date(doc.DecidedOn)
		return dependentConflict("document", doc.Title, doc.ID, koncern.Period{From: decided, To: &decided}, p)
	}
	return checkLineDependents(ctx, tx, p, steeringline.Or(
		steeringline.FromOrganizationID(id), steeringline.ToOrganizationID(id)))
}

// checkLineDependents refuses a period that would leave a steering line,
// chosen by which, outside it.
func checkLineDependents(ctx context.Context, tx *ent.Tx, p koncern.Period, which predicate.SteeringLine) error {
	line, err := firstOrNil(tx.SteeringLine.Query().Where(which, predicate.SteeringLine(outside(p))).First(ctx))
	if err != nil {
		return err
	} else if line != nil {
		return dependentConflict("steering line", line.Kind, line.ID, period(line.ValidFrom, line.ValidTo), p)
	}
	return nil
}

// checkAssignmentDependents refuses a period that would leave an
// assignment, chosen by which, outside it.
func checkAssignmentDependents(ctx context.Context, tx *ent.Tx, p koncern.Period, which predicate.Assignment) error {
	a, err := firstOrNil(tx.Assignment.Query().Where(which, predicate.Assignment(outside(p))).First(ctx))
	if err != nil {
		return err
	} else if a != nil {
		return dependentConflict("assignment", a.ID.String(), a.ID, period(a.ValidFrom, a.ValidTo), p)
	}
	return nil
}

// stakeCandidate is a stake about to be written, checked together with the
// stored stakes of its company.
type stakeCandidate struct {
	ID     uuid.UUID
	Shares int64
	Votes  int64
	Period koncern.Period
}

// checkStakeTotals refuses any day on which the stakes in a company would
// add up to more than its total shares or votes that day. The sums only
// rise where a stake begins and the capital only falls where a capital
// period begins, so checking each of those days covers every day.
func checkStakeTotals(ctx context.Context, tx *ent.Tx, companyID uuid.UUID, cand *stakeCandidate) error {
	// When the company itself is being changed the fault lies with its
	// totals, otherwise with the stake.
	if cand == nil {
		return stakeTotalsFit(ctx, tx, companyID, nil, "total_shares", "total_votes")
	}
	return stakeTotalsFit(ctx, tx, companyID, cand, "shares", "votes")
}

// stakeTotalsFit is checkStakeTotals blaming the named fields, for callers
// such as a ledger transaction that change stakes already stored.
func stakeTotalsFit(ctx context.Context, tx *ent.Tx, companyID uuid.UUID, cand *stakeCandidate, sharesField, votesField string) error {
	company, err := tx.Organization.Get(ctx, companyID)
	if err != nil {
		return err
	}
	capital, err := loadCapital(ctx, tx.ShareCapital, companyID)
	if err != nil {
		return err
	}
	rows, err := tx.OwnershipStake.Query().Where(ownershipstake.CompanyID(companyID)).All(ctx)
	if err != nil {
		return err
	}
	return totalsFit(company, capital, rows, cand, sharesField, votesField)
}

// totalsFit checks the stakes rows of company (with cand in place of the
// stored stake of its id, or added) against its capital on every day one
// of them or a capital period begins.
func totalsFit(company *ent.Organization, capital []koncern.ShareCapital, rows []*ent.OwnershipStake, cand *stakeCandidate, sharesField, votesField string) error {
	stakes := make([]stakeCandidate, 0, len(rows)+1)
	for _, s := range rows {
		if cand == nil || s.ID != cand.ID {
			stakes = append(stakes, stakeCandidate{s.ID, s.Shares, s.Votes, period(s.ValidFrom, s.ValidTo)})
		}
	}
	if cand != nil {
		stakes = append(stakes, *cand)
	}
	days := make([]koncern.Date, 0, len(stakes)+len(capital))
	for _, s := range stakes {
		days = append(days, s.Period.From)
	}
	for _, c := range capital {
		days = append(days, c.From)
	}
	f := totals{toOrganization(company), capital, sharesField, votesField}
	for _, day := range days {
		if err := f.fit(day, stakes); err != nil {
			return err
		}
	}
	return nil
}

// sumOn adds up the shares and votes of the stakes that hold on day. It
// stops once a sum passes its limit, so that no number of stakes can make
// the sums overflow.
func sumOn(day koncern.Date, stakes []stakeCandidate, maxShares, maxVotes int64) (shares, votes int64) {
	for _, s := range stakes {
		if !s.Period.Contains(day) {
			continue
		}
		shares += s.Shares
		votes += s.Votes
		if shares > maxShares || votes > maxVotes {
			return shares, votes
		}
	}
	return shares, votes
}

// totals is a company's capital by day, with the fields to blame when the
// stakes of a day do not fit it.
type totals struct {
	company                 koncern.Organization
	capital                 []koncern.ShareCapital
	sharesField, votesField string
}

// fit compares the sums on one day with the company's capital that day.
func (t totals) fit(day koncern.Date, stakes []stakeCandidate) error {
	maxShares, maxVotes := koncern.CapitalOn(t.company, t.capital, day)
	if maxShares == nil || maxVotes == nil {
		return nil
	}
	shares, votes := sumOn(day, stakes, *maxShares, *maxVotes)
	if shares > *maxShares {
		return koncern.Conflict(t.sharesField, "on %s the stakes in %q would add up to more than its total of %d shares", day, t.company.Name, *maxShares)
	}
	if votes > *maxVotes {
		return koncern.Conflict(t.votesField, "on %s the stakes in %q would add up to more than its total of %d votes", day, t.company.Name, *maxVotes)
	}
	return nil
}
