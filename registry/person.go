package registry

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/assignment"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// PersonFilter narrows a list of people.
type PersonFilter struct {
	MunicipalityID *uuid.UUID
	// OrganizationID keeps people who hold a post in that organisation on
	// the list's day (or ever, with History).
	OrganizationID *uuid.UUID
	Query          string
	ListOptions
}

var personKind = kind[*ent.Person, koncern.PersonInput, koncern.Person]{
	entity: "person",
	what:   "person",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Person, error) {
		return c.Person.Get(ctx, id)
	},
	id:      func(x *ent.Person) uuid.UUID { return x.ID },
	version: func(p *ent.Person) int { return p.Version },
	input:   func(p *ent.Person) koncern.PersonInput { return toPerson(p).PersonInput },
	save:    savePerson,
	out:     toPerson,
}

// CreatePerson stores a new person.
func (r *Registry) CreatePerson(ctx context.Context, in koncern.PersonInput) (koncern.Person, error) {
	return create(ctx, r, "person", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.PersonInput) (koncern.Person, error) {
		p, err := tx.Person.Create().SetID(id).SetName(in.Name).SetNillableEmail(in.Email).
			SetNillablePhone(in.Phone).SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.Person{}, err
		}
		return toPerson(p), nil
	})
}

// GetPerson returns one person.
func (r *Registry) GetPerson(ctx context.Context, id uuid.UUID) (koncern.Person, error) {
	return getOne(ctx, r, personKind, id)
}

// ListPeople returns a page of people ordered by id. The municipality and
// organisation filters go through the posts people hold.
func (r *Registry) ListPeople(ctx context.Context, f PersonFilter) (Page[koncern.Person], error) {
	var where []predicate.Person
	if f.MunicipalityID != nil || f.OrganizationID != nil {
		held := []predicate.Assignment{}
		if !f.History {
			held = append(held, predicate.Assignment(inForce(r.day(f.ListOptions))))
		}
		if f.MunicipalityID != nil {
			held = append(held, assignment.MunicipalityID(*f.MunicipalityID))
		}
		if f.OrganizationID != nil {
			held = append(held, assignment.HasPostWith(entpost.OrganizationID(*f.OrganizationID)))
		}
		where = append(where, person.HasAssignmentsWith(held...))
	}
	if f.Query != "" {
		where = append(where, person.NameContainsFold(f.Query))
	}
	return list(ctx, r, personKind, r.client().Person.Query(), person.ByID(), f.ListOptions, where)
}

// UpdatePerson applies a patch.
func (r *Registry) UpdatePerson(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.PersonPatch) (koncern.Person, error) {
	return update(ctx, r, personKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndPerson ends the person's record on day on; ECONFLICT while the person
// holds a post beyond it.
func (r *Registry) EndPerson(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Person, error) {
	return update(ctx, r, personKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.PersonPatch {
		return koncern.PersonPatch{PeriodPatch: pp}
	}))
}

func savePerson(ctx context.Context, tx *ent.Tx, cur *ent.Person, in *koncern.PersonInput) error {
	if err := checkAssignmentDependents(ctx, tx, in.Period, assignment.PersonID(cur.ID)); err != nil {
		return err
	}
	u := tx.Person.Update().Where(person.ID(cur.ID), person.Version(cur.Version)).
		SetName(in.Name).SetValidFrom(in.From.Time()).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, person.FieldEmail, in.Email),
		setOrClear(m, person.FieldPhone, in.Phone),
		setOrClear(m, person.FieldValidTo, timePtr(in.To)),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// refPerson loads a referenced person and checks that the record holds on
// every day of p.
func refPerson(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID, p koncern.Period) (*ent.Person, error) {
	x, err := tx.Person.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, koncern.Invalid(field, "no person has id %s", id)
	} else if err != nil {
		return nil, err
	}
	return x, covers(field, "person "+quote(x.Name), period(x.ValidFrom, x.ValidTo), p)
}
