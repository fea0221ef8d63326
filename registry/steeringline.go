package registry

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// SteeringLineFilter narrows a list of steering lines.
type SteeringLineFilter struct {
	MunicipalityID     *uuid.UUID
	Kind               string
	Basis              string
	FromPostID         *uuid.UUID
	ToPostID           *uuid.UUID
	FromOrganizationID *uuid.UUID
	ToOrganizationID   *uuid.UUID
	// PostID keeps lines with the post at either end.
	PostID *uuid.UUID
	ListOptions
}

var steeringLineKind = kind[*ent.SteeringLine, koncern.SteeringLineInput, koncern.SteeringLine]{
	entity: "steering_line",
	what:   "steering line",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.SteeringLine, error) {
		return c.SteeringLine.Get(ctx, id)
	},
	id:      func(x *ent.SteeringLine) uuid.UUID { return x.ID },
	version: func(l *ent.SteeringLine) int { return l.Version },
	input:   func(l *ent.SteeringLine) koncern.SteeringLineInput { return toSteeringLine(l).SteeringLineInput },
	save:    saveSteeringLine,
	out:     toSteeringLine,
}

// CreateSteeringLine records a line along which one post or organisation
// steers another.
//
// It returns EINVALID unless exactly one from and one to endpoint is given,
// both hold for the period, they differ, and a formal line cites its
// document.
func (r *Registry) CreateSteeringLine(ctx context.Context, in koncern.SteeringLineInput) (koncern.SteeringLine, error) {
	return create(ctx, r, "steering_line", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.SteeringLineInput) (koncern.SteeringLine, error) {
		muni, err := checkSteeringLine(ctx, tx, in, false)
		if err != nil {
			return koncern.SteeringLine{}, err
		}
		l, err := tx.SteeringLine.Create().SetID(id).SetNillableFromPostID(in.FromPostID).
			SetNillableFromOrganizationID(in.FromOrganizationID).SetNillableToPostID(in.ToPostID).
			SetNillableToOrganizationID(in.ToOrganizationID).SetNillableMunicipalityID(muni).
			SetKind(in.Kind).SetBasis(in.Basis).SetNillableDocumentID(in.DocumentID).
			SetNillableDescription(in.Description).SetValidFrom(in.From.Time()).
			SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.SteeringLine{}, err
		}
		return toSteeringLine(l), nil
	})
}

// GetSteeringLine returns one steering line.
func (r *Registry) GetSteeringLine(ctx context.Context, id uuid.UUID) (koncern.SteeringLine, error) {
	return getOne(ctx, r, steeringLineKind, id)
}

// ListSteeringLines returns a page of steering lines ordered by id.
func (r *Registry) ListSteeringLines(ctx context.Context, f SteeringLineFilter) (Page[koncern.SteeringLine], error) {
	var where []predicate.SteeringLine
	if f.MunicipalityID != nil {
		where = append(where, steeringline.MunicipalityID(*f.MunicipalityID))
	}
	if f.Kind != "" {
		where = append(where, steeringline.Kind(f.Kind))
	}
	if f.Basis != "" {
		where = append(where, steeringline.Basis(f.Basis))
	}
	for _, id := range []struct {
		v    *uuid.UUID
		pred func(uuid.UUID) predicate.SteeringLine
	}{
		{f.FromPostID, steeringline.FromPostID}, {f.ToPostID, steeringline.ToPostID},
		{f.FromOrganizationID, steeringline.FromOrganizationID}, {f.ToOrganizationID, steeringline.ToOrganizationID},
	} {
		if id.v != nil {
			where = append(where, id.pred(*id.v))
		}
	}
	if f.PostID != nil {
		where = append(where, steeringline.Or(steeringline.FromPostID(*f.PostID), steeringline.ToPostID(*f.PostID)))
	}
	return list(ctx, r, steeringLineKind, r.client().SteeringLine.Query(), steeringline.ByID(), f.ListOptions, where)
}

// UpdateSteeringLine applies a patch.
func (r *Registry) UpdateSteeringLine(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.SteeringLinePatch) (koncern.SteeringLine, error) {
	return update(ctx, r, steeringLineKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndSteeringLine ends the line on day on, the last day it steers.
func (r *Registry) EndSteeringLine(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.SteeringLine, error) {
	return update(ctx, r, steeringLineKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.SteeringLinePatch {
		return koncern.SteeringLinePatch{PeriodPatch: pp}
	}))
}

func saveSteeringLine(ctx context.Context, tx *ent.Tx, cur *ent.SteeringLine, in *koncern.SteeringLineInput) error {
	if _, err := checkSteeringLine(ctx, tx, in, true); err != nil {
		return err
	}
	u := tx.SteeringLine.Update().Where(steeringline.ID(cur.ID), steeringline.Version(cur.Version)).
		SetKind(in.Kind).SetBasis(in.Basis).SetValidFrom(in.From.Time()).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, steeringline.FieldDocumentID, in.DocumentID),
		setOrClear(m, steeringline.FieldDescription, in.Description),
		setOrClear(m, steeringline.FieldValidTo, timePtr(in.To)),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// checkSteeringLine checks the endpoints, the basis and the document, and
// returns the municipality of the line: that of the steered end, or of the
// steering end when the steered one stands outside every group.
func checkSteeringLine(ctx context.Context, tx *ent.Tx, in *koncern.SteeringLineInput, update bool) (*uuid.UUID, error) {
	from, err := endpoint(ctx, tx, "from", in.FromPostID, in.FromOrganizationID, in.Period, update)
	if err != nil {
		return nil, err
	}
	to, err := endpoint(ctx, tx, "to", in.ToPostID, in.ToOrganizationID, in.Period, update)
	if err != nil {
		return nil, err
	}
	if from.id == to.id {
		return nil, koncern.Invalid(to.field, "a line cannot run from an endpoint to itself")
	}
	if in.Basis == "formal" && in.DocumentID == nil {
		return nil, koncern.Invalid("document_id", "is required when basis is formal: a formal line rests on a decision")
	}
	if err := refDocument(ctx, tx, "document_id", in.DocumentID, in.Period); err != nil {
		return nil, err
	}
	if to.municipality != nil {
		return to.municipality, nil
	}
	return from.municipality, nil
}

type lineEnd struct {
	id           uuid.UUID
	municipality *uuid.UUID
	field        string
}

// endpoint resolves one end of a line, given as a post or an organisation
// but never both.
func endpoint(ctx context.Context, tx *ent.Tx, side string, postID, orgID *uuid.UUID, p koncern.Period, update bool) (lineEnd, error) {
	postField, orgField := side+"_post_id", side+"_organization_id"
	switch {
	case postID != nil && orgID != nil:
		return lineEnd{}, koncern.Invalid(orgField, "give either %s or %s, not both", postField, orgField)
	case postID != nil:
		post, err := refPost(ctx, tx, refField(update, postField), *postID, p)
		if err != nil {
			return lineEnd{}, err
		}
		return lineEnd{post.ID, post.MunicipalityID, postField}, nil
	case orgID != nil:
		org, err := refOrganization(ctx, tx, refField(update, orgField), *orgID, p)
		if err != nil {
			return lineEnd{}, err
		}
		return lineEnd{org.ID, org.MunicipalityID, orgField}, nil
	}
	return lineEnd{}, koncern.Invalid(postField, "give one of %s and %s", postField, orgField)
}
