package registry

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/assignment"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// AssignmentFilter narrows a list of assignments.
type AssignmentFilter struct {
	MunicipalityID *uuid.UUID
	PersonID       *uuid.UUID
	PostID         *uuid.UUID
	OrganizationID *uuid.UUID
	ListOptions
}

var assignmentKind = kind[*ent.Assignment, koncern.AssignmentInput, koncern.Assignment]{
	entity: "assignment",
	what:   "assignment",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Assignment, error) {
		return c.Assignment.Get(ctx, id)
	},
	id:      func(x *ent.Assignment) uuid.UUID { return x.ID },
	version: func(a *ent.Assignment) int { return a.Version },
	input:   func(a *ent.Assignment) koncern.AssignmentInput { return toAssignment(a).AssignmentInput },
	save:    saveAssignment,
	out:     toAssignment,
}

// CreateAssignment records that a person holds a post for a period.
//
// It returns EINVALID when the person, post or document does not exist or
// does not hold for the period, and ECONFLICT when the same person already
// holds the same post during part of it.
func (r *Registry) CreateAssignment(ctx context.Context, in koncern.AssignmentInput) (koncern.Assignment, error) {
	return create(ctx, r, "assignment", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.AssignmentInput) (koncern.Assignment, error) {
		post, err := checkAssignment(ctx, tx, id, in, false)
		if err != nil {
			return koncern.Assignment{}, err
		}
		a, err := tx.Assignment.Create().SetID(id).SetPersonID(in.PersonID).SetPostID(in.PostID).
			SetNillableMunicipalityID(post.MunicipalityID).SetNillableDocumentID(in.DocumentID).
			SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.Assignment{}, err
		}
		return toAssignment(a), nil
	})
}

// GetAssignment returns one assignment.
func (r *Registry) GetAssignment(ctx context.Context, id uuid.UUID) (koncern.Assignment, error) {
	return getOne(ctx, r, assignmentKind, id)
}

// ListAssignments returns a page of assignments ordered by id.
func (r *Registry) ListAssignments(ctx context.Context, f AssignmentFilter) (Page[koncern.Assignment], error) {
	return list(ctx, r, assignmentKind, r.client().Assignment.Query(), assignment.ByID(), f.ListOptions, f.where())
}

// ListHolders returns a page of the assignments of one post, each with the
// person who holds it.
func (r *Registry) ListHolders(ctx context.Context, postID uuid.UUID, o ListOptions) (Page[koncern.Holder], error) {
	holders := kind[*ent.Assignment, koncern.AssignmentInput, koncern.Holder]{
		what: "assignment",
		id:   assignmentKind.id,
		out: func(a *ent.Assignment) koncern.Holder {
			return koncern.Holder{Assignment: toAssignment(a), Person: toPerson(a.Edges.Person)}
		},
	}
	f := AssignmentFilter{PostID: &postID}
	return list(ctx, r, holders, r.client().Assignment.Query().WithPerson(), assignment.ByID(), o, f.where())
}

func (f AssignmentFilter) where() []predicate.Assignment {
	var where []predicate.Assignment
	if f.MunicipalityID != nil {
		where = append(where, assignment.MunicipalityID(*f.MunicipalityID))
	}
	if f.PersonID != nil {
		where = append(where, assignment.PersonID(*f.PersonID))
	}
	if f.PostID != nil {
		where = append(where, assignment.PostID(*f.PostID))
	}
	if f.OrganizationID != nil {
		where = append(where, assignment.HasPostWith(entpost.OrganizationID(*f.OrganizationID)))
	}
	return where
}

// UpdateAssignment applies a patch.
func (r *Registry) UpdateAssignment(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.AssignmentPatch) (koncern.Assignment, error) {
	return update(ctx, r, assignmentKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndAssignment ends the assignment on day on, its holder's last day.
func (r *Registry) EndAssignment(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Assignment, error) {
	return update(ctx, r, assignmentKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.AssignmentPatch {
		return koncern.AssignmentPatch{PeriodPatch: pp}
	}))
}

func saveAssignment(ctx context.Context, tx *ent.Tx, cur *ent.Assignment, in *koncern.AssignmentInput) error {
	if _, err := checkAssignment(ctx, tx, cur.ID, in, true); err != nil {
		return err
	}
	u := tx.Assignment.Update().Where(assignment.ID(cur.ID), assignment.Version(cur.Version)).
		SetValidFrom(in.From.Time()).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, assignment.FieldDocumentID, in.DocumentID),
		setOrClear(m, assignment.FieldValidTo, timePtr(in.To)),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// checkAssignment checks the person, post and document an assignment
// refers to, and that the pair does not overlap another period of itself.
func checkAssignment(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.AssignmentInput, update bool) (*ent.Post, error) {
	if _, err := refPerson(ctx, tx, refField(update, "person_id"), in.PersonID, in.Period); err != nil {
		return nil, err
	}
	post, err := refPost(ctx, tx, refField(update, "post_id"), in.PostID, in.Period)
	if err != nil {
		return nil, err
	}
	if err := refDocument(ctx, tx, "document_id", in.DocumentID, in.Period); err != nil {
		return nil, err
	}
	other, err := firstOrNil(tx.Assignment.Query().Where(assignment.PersonID(in.PersonID), assignment.PostID(in.PostID),
		predicate.Assignment(notID(&id)), predicate.Assignment(overlapping(in.Period))).First(ctx))
	if err != nil {
		return nil, err
	} else if other != nil {
		return nil, koncern.Conflict("valid_from", "the person already holds this post %s (assignment %s); periods of the same person and post must not overlap", period(other.ValidFrom, other.ValidTo), other.ID)
	}
	return post, nil
}
