package registry

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// OrganizationFilter narrows a list of organisations.
type OrganizationFilter struct {
	MunicipalityID *uuid.UUID
	Kind           string
	ParentID       *uuid.UUID
	OrgNumber      string
	Query          string
	ListOptions
}

var organizationKind = kind[*ent.Organization, koncern.OrganizationInput, koncern.Organization]{
	entity: "organization",
	what:   "organisation",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Organization, error) {
		return c.Organization.Get(ctx, id)
	},
	id:      func(x *ent.Organization) uuid.UUID { return x.ID },
	version: func(o *ent.Organization) int { return o.Version },
	input:   func(o *ent.Organization) koncern.OrganizationInput { return toOrganization(o).OrganizationInput },
	save:    saveOrganization,
	out:     toOrganization,
}

// CreateOrganization stores a new organisation.
//
// It returns EINVALID when a field breaks a rule or the parent does not
// cover the period, and ECONFLICT when the organisationsnummer is in use.
func (r *Registry) CreateOrganization(ctx context.Context, in koncern.OrganizationInput) (koncern.Organization, error) {
	return create(ctx, r, "organization", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.OrganizationInput) (koncern.Organization, error) {
		muni, err := checkOrganization(ctx, tx, id, in, nil)
		if err != nil {
			return koncern.Organization{}, err
		}
		o, err := tx.Organization.Create().SetID(id).SetKind(in.Kind).SetName(in.Name).
			SetNillableOrgNumber(in.OrgNumber).SetNillableParentID(in.ParentID).
			SetNillableMunicipalityID(muni).SetNillableTotalShares(in.TotalShares).
			SetNillableTotalVotes(in.TotalVotes).SetNillableStaffFte(in.StaffFTE).SetNillableReviewDeadline(in.ReviewDeadline).
			SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.Organization{}, err
		}
		return toOrganization(o), nil
	})
}

// GetOrganization returns one organisation, whatever its period.
func (r *Registry) GetOrganization(ctx context.Context, id uuid.UUID) (koncern.Organization, error) {
	return getOne(ctx, r, organizationKind, id)
}

// CheckMunicipality makes sure a request's municipality parameter names
// one: an unknown id is ENOTFOUND, another kind of organisation EINVALID
// naming the field "municipality", rather than an empty report that looks
// like a clean bill of health. A nil id (the whole registry) passes.
func (r *Registry) CheckMunicipality(ctx context.Context, id *uuid.UUID) error {
	if id == nil {
		return nil
	}
	o, err := r.GetOrganization(ctx, *id)
	if err != nil {
		return err
	}
	if o.Kind != "municipality" {
		return koncern.Invalid("municipality", "organisation %q is a %s, not a municipality", o.Name, o.Kind)
	}
	return nil
}

// OrganizationsByNumber finds the organisations that carry the
// organisationsnummer numbers, written in the canonical form NNNNNN-NNNN,
// in one query. A number can pass from one record to a later one (a
// company ended and recorded anew); then the record in force on day
// counts, else the one that began last. A number no organisation carries
// is absent from the answer.
func (r *Registry) OrganizationsByNumber(ctx context.Context, numbers []string, day koncern.Date) (map[string]uuid.UUID, error) {
	rows, err := r.client().Organization.Query().Where(organization.OrgNumberIn(numbers...)).All(ctx)
	if err != nil {
		return nil, err
	}
	best := map[string]koncern.Organization{}
	for _, row := range rows {
		o := toOrganization(row)
		n := *o.OrgNumber
		cur, seen := best[n]
		if !seen || (o.Contains(day) && !cur.Contains(day)) || (o.Contains(day) == cur.Contains(day) && o.From.After(cur.From)) {
			best[n] = o
		}
	}
	ids := make(map[string]uuid.UUID, len(best))
	for n, o := range best {
		ids[n] = o.ID
	}
	return ids, nil
}

// ListOrganizations returns a page of organisations ordered by id.
func (r *Registry) ListOrganizations(ctx context.Context, f OrganizationFilter) (Page[koncern.Organization], error) {
	var where []predicate.Organization
	if f.MunicipalityID != nil {
		where = append(where, organization.MunicipalityID(*f.MunicipalityID))
	}
	if f.Kind != "" {
		where = append(where, organization.Kind(f.Kind))
	}
	if f.ParentID != nil {
		where = append(where, organization.ParentID(*f.ParentID))
	}
	if f.OrgNumber != "" {
		where = append(where, organization.OrgNumber(f.OrgNumber))
	}
	if f.Query != "" {
		where = append(where, organization.NameContainsFold(f.Query))
	}
	return list(ctx, r, organizationKind, r.client().Organization.Query(), organization.ByID(), f.ListOptions, where)
}

// UpdateOrganization applies a patch. ifVersion, when not zero, must be the
// stored version (EPRECONDITION otherwise).
func (r *Registry) UpdateOrganization(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.OrganizationPatch) (koncern.Organization, error) {
	return update(ctx, r, organizationKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndOrganization ends the organisation's validity on day on (its last
// day). It returns ECONFLICT while posts, children, stakes or lines of the
// organisation hold beyond that day.
func (r *Registry) EndOrganization(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Organization, error) {
	return update(ctx, r, organizationKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.OrganizationPatch {
		return koncern.OrganizationPatch{PeriodPatch: pp}
	}))
}

func saveOrganization(ctx context.Context, tx *ent.Tx, cur *ent.Organization, in *koncern.OrganizationInput) error {
	muni, err := checkOrganization(ctx, tx, cur.ID, in, cur)
	if err != nil {
		return err
	}
	if err := checkCapitalUndated(ctx, tx, cur, in); err != nil {
		return err
	}
	// Only the fields that change are written: the finance role's privacy
	// rule judges an update by the fields it sets, and a change of the
	// totals must not look like a change of the name.
	old := toOrganization(cur).OrganizationInput
	u := tx.Organization.Update().Where(organization.ID(cur.ID), organization.Version(cur.Version)).AddVersion(1)
	m := u.Mutation()
	if in.Name != old.Name {
		m.SetName(in.Name)
	}
	if in.From.String() != old.From.String() {
		m.SetValidFrom(in.From.Time())
	}
	if !samePtr(dateText(in.To), dateText(old.To)) {
		if err := setOrClear(m, organization.FieldValidTo, timePtr(in.To)); err != nil {
			return err
		}
	}
	if err := errors.Join(
		setChanged(m, organization.FieldOrgNumber, old.OrgNumber, in.OrgNumber),
		setChanged(m, organization.FieldParentID, old.ParentID, in.ParentID),
		setChanged(m, organization.FieldMunicipalityID, cur.MunicipalityID, muni),
		setChanged(m, organization.FieldTotalShares, old.TotalShares, in.TotalShares),
		setChanged(m, organization.FieldTotalVotes, old.TotalVotes, in.TotalVotes),
		setChanged(m, organization.FieldStaffFte, old.StaffFTE, in.StaffFTE),
		setChanged(m, organization.FieldReviewDeadline, old.ReviewDeadline, in.ReviewDeadline),
	); err != nil {
		return err
	}
	if err := saveOne(u.Save(ctx)); err != nil {
		return err
	}
	// The totals are checked after the write so that the check sees them.
	if in.Kind == "company" {
		return checkStakeTotals(ctx, tx, cur.ID, nil)
	}
	return nil
}

// checkOrganization checks in against the rest of the graph and returns the
// municipality the organisation belongs to. cur is the stored row on update.
func checkOrganization(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.OrganizationInput, cur *ent.Organization) (*uuid.UUID, error) {
	if in.OrgNumber != nil {
		n, err := koncern.NormalizeOrgNumber(*in.OrgNumber)
		if err != nil {
			return nil, koncern.Invalid("org_number", "is not a valid organisationsnummer: %s", err)
		}
		in.OrgNumber = &n
		if err := checkOrgNumberFree(ctx, tx, id, n, in.Period); err != nil {
			return nil, err
		}
	}
	if err := checkShareCapital(in); err != nil {
		return nil, err
	}
	if err := checkReviewDeadline(in); err != nil {
		return nil, err
	}
	muni, err := checkParent(ctx, tx, id, in)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return muni, nil
	}
	if !sameID(cur.MunicipalityID, muni) {
		return nil, koncern.Invalid("parent_id", "cannot move the organisation into another municipality's group; end it and create it anew there")
	}
	return muni, checkOrganizationDependents(ctx, tx, id, in.Period)
}

func checkOrgNumberFree(ctx context.Context, tx *ent.Tx, id uuid.UUID, n string, p koncern.Period) error {
	other, err := firstOrNil(tx.Organization.Query().Where(organization.OrgNumber(n), organization.IDNEQ(id),
		predicate.Organization(overlapping(p))).First(ctx))
	if err != nil || other == nil {
		return err
	}
	return koncern.Conflict("org_number", "%s is already the organisationsnummer of %q (%s) during %s", n, other.Name, other.ID, period(other.ValidFrom, other.ValidTo))
}

// checkShareCapital requires a company's total shares and votes, which the
// stakes are counted against, and forbids them on every other kind.
func checkShareCapital(in *koncern.OrganizationInput) error {
	if in.Kind == "company" {
		if in.TotalShares == nil {
			return koncern.Invalid("total_shares", "is required for a company (the stakes are counted against it)")
		}
		if in.TotalVotes == nil {
			return koncern.Invalid("total_votes", "is required for a company (the stakes are counted against it)")
		}
		return nil
	}
	if in.TotalShares != nil {
		return koncern.Invalid("total_shares", "only a company has shares")
	}
	if in.TotalVotes != nil {
		return koncern.Invalid("total_votes", "only a company has votes")
	}
	return nil
}

// checkReviewDeadline allows the deadline of the annual review only on a
// municipality, whose executive board the duty falls on.
func checkReviewDeadline(in *koncern.OrganizationInput) error {
	if in.ReviewDeadline != nil && in.Kind != "municipality" {
		return koncern.Invalid("review_deadline", "only a municipality has a deadline for the annual review of its companies, not a %s", in.Kind)
	}
	return nil
}

// checkParent checks the administrative parent and derives the
// municipality: a municipality is its own root, a company may stand outside
// every group (an external co-owner), everything else sits under a parent.
func checkParent(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.OrganizationInput) (*uuid.UUID, error) {
	if in.Kind == "municipality" {
		if in.ParentID != nil {
			return nil, koncern.Invalid("parent_id", "a municipality is the root of its group and has no parent")
		}
		return &id, nil
	}
	if in.ParentID == nil {
		if in.Kind == "company" {
			return nil, nil
		}
		return nil, koncern.Invalid("parent_id", "is required for a %s", in.Kind)
	}
	parent, err := refOrganization(ctx, tx, "parent_id", *in.ParentID, in.Period)
	if err != nil {
		return nil, err
	}
	if err := checkNoCycle(ctx, tx, id, parent); err != nil {
		return nil, err
	}
	return parent.MunicipalityID, nil
}

// checkNoCycle walks up from the new parent; meeting the organisation
// itself would make it its own ancestor.
func checkNoCycle(ctx context.Context, tx *ent.Tx, id uuid.UUID, parent *ent.Organization) error {
	for o := parent; ; {
		if o.ID == id {
			return koncern.Invalid("parent_id", "would make the organisation its own ancestor")
		}
		if o.ParentID == nil {
			return nil
		}
		next, err := tx.Organization.Get(ctx, *o.ParentID)
		if err != nil {
			return err
		}
		o = next
	}
}

func sameID(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// refOrganization loads a referenced organisation and checks that it holds
// on every day of p.
func refOrganization(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID, p koncern.Period) (*ent.Organization, error) {
	return refOrganizationOfKind(ctx, tx, field, id, p)
}

// refOrganizationOfKind is refOrganization that also checks the kind
// (any kind when none is named).
func refOrganizationOfKind(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID, p koncern.Period, kinds ...string) (*ent.Organization, error) {
	o, err := tx.Organization.Get(ctx, id)
	if ent.IsNotFound(err) {
		o, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	return checkOrganizationRef(field, id, o, p, kinds...)
}

// checkOrganizationRef checks a referenced organisation read already: nil
// when none has id.
func checkOrganizationRef(field string, id uuid.UUID, o *ent.Organization, p koncern.Period, kinds ...string) (*ent.Organization, error) {
	if o == nil {
		return nil, koncern.Invalid(field, "no organisation has id %s", id)
	}
	if err := covers(field, "organisation "+quote(o.Name), period(o.ValidFrom, o.ValidTo), p); err != nil {
		return o, err
	}
	if len(kinds) > 0 && !slices.Contains(kinds, o.Kind) {
		return nil, koncern.Invalid(field, "organisation %q is a %s; it must be a %s", o.Name, o.Kind, joinOr(kinds))
	}
	return o, nil
}
