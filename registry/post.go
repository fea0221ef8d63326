package registry

import (
	"context"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/assignment"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// PostFilter narrows a list of posts.
type PostFilter struct {
	MunicipalityID *uuid.UUID
	OrganizationID *uuid.UUID
	Role           string
	Political      *bool
	Query          string
	ListOptions
}

var postKind = kind[*ent.Post, koncern.PostInput, koncern.Post]{
	entity:  "post",
	what:    "post",
	get:     func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Post, error) { return c.Post.Get(ctx, id) },
	id:      func(x *ent.Post) uuid.UUID { return x.ID },
	version: func(p *ent.Post) int { return p.Version },
	input:   func(p *ent.Post) koncern.PostInput { return toPost(p).PostInput },
	save:    savePost,
	out:     toPost,
}

// CreatePost stores a new post in an organisation that holds for the
// whole of the post's period.
func (r *Registry) CreatePost(ctx context.Context, in koncern.PostInput) (koncern.Post, error) {
	return create(ctx, r, "post", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.PostInput) (koncern.Post, error) {
		org, err := refOrganization(ctx, tx, "organization_id", in.OrganizationID, in.Period)
		if err != nil {
			return koncern.Post{}, err
		}
		p, err := tx.Post.Create().SetID(id).SetOrganizationID(in.OrganizationID).
			SetNillableMunicipalityID(org.MunicipalityID).SetTitle(in.Title).SetRole(in.Role).
			SetPolitical(in.Political).SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To)).Save(ctx)
		if err != nil {
			return koncern.Post{}, err
		}
		return toPost(p), nil
	})
}

// GetPost returns one post.
func (r *Registry) GetPost(ctx context.Context, id uuid.UUID) (koncern.Post, error) {
	return getOne(ctx, r, postKind, id)
}

// ListPosts returns a page of posts ordered by id.
func (r *Registry) ListPosts(ctx context.Context, f PostFilter) (Page[koncern.Post], error) {
	var where []predicate.Post
	if f.MunicipalityID != nil {
		where = append(where, entpost.MunicipalityID(*f.MunicipalityID))
	}
	if f.OrganizationID != nil {
		where = append(where, entpost.OrganizationID(*f.OrganizationID))
	}
	if f.Role != "" {
		where = append(where, entpost.Role(f.Role))
	}
	if f.Political != nil {
		where = append(where, entpost.Political(*f.Political))
	}
	if f.Query != "" {
		where = append(where, entpost.TitleContainsFold(f.Query))
	}
	return list(ctx, r, postKind, r.client().Post.Query(), entpost.ByID(), f.ListOptions, where)
}

// UpdatePost applies a patch.
func (r *Registry) UpdatePost(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.PostPatch) (koncern.Post, error) {
	return update(ctx, r, postKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndPost ends the post on day on; ECONFLICT while assignments or steering
// lines of the post hold beyond it.
func (r *Registry) EndPost(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Post, error) {
	return update(ctx, r, postKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.PostPatch {
		return koncern.PostPatch{PeriodPatch: pp}
	}))
}

func savePost(ctx context.Context, tx *ent.Tx, cur *ent.Post, in *koncern.PostInput) error {
	if _, err := refOrganization(ctx, tx, "", in.OrganizationID, in.Period); err != nil {
		return err
	}
	if err := checkAssignmentDependents(ctx, tx, in.Period, assignment.PostID(cur.ID)); err != nil {
		return err
	}
	if err := checkLineDependents(ctx, tx, in.Period, steeringline.Or(
		steeringline.FromPostID(cur.ID), steeringline.ToPostID(cur.ID))); err != nil {
		return err
	}
	u := tx.Post.Update().Where(entpost.ID(cur.ID), entpost.Version(cur.Version)).
		SetTitle(in.Title).SetRole(in.Role).SetPolitical(in.Political).
		SetValidFrom(in.From.Time()).AddVersion(1)
	if err := setOrClear(u.Mutation(), entpost.FieldValidTo, timePtr(in.To)); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// refPost loads a referenced post and checks that it holds on every day
// of p.
func refPost(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID, p koncern.Period) (*ent.Post, error) {
	x, err := tx.Post.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, koncern.Invalid(field, "no post has id %s", id)
	} else if err != nil {
		return nil, err
	}
	return x, covers(field, "post "+quote(x.Title), period(x.ValidFrom, x.ValidTo), p)
}
