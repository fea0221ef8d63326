package registry

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/findingcomment"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// FindingCommentFilter narrows the list of comments on findings.
type FindingCommentFilter struct {
	Rule      string
	SubjectID *uuid.UUID
	Author    string
	// From and To keep the comments written in between (inclusive).
	From, To *time.Time
	Cursor   string
	Limit    int
}

// entityFindingComment names a comment in the audit trail.
const entityFindingComment = "finding_comment"

var findingCommentKind = kind[*ent.FindingComment, koncern.FindingCommentInput, koncern.FindingComment]{
	entity: entityFindingComment,
	what:   "finding comment",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.FindingComment, error) {
		return c.FindingComment.Get(ctx, id)
	},
	id:      func(x *ent.FindingComment) uuid.UUID { return x.ID },
	version: func(x *ent.FindingComment) int { return x.Version },
	input: func(x *ent.FindingComment) koncern.FindingCommentInput {
		return toFindingComment(x).FindingCommentInput
	},
	save: func(ctx context.Context, tx *ent.Tx, cur *ent.FindingComment, in *koncern.FindingCommentInput) error {
		return saveOne(tx.FindingComment.Update().Where(findingcomment.ID(cur.ID), findingcomment.Version(cur.Version)).
			SetBody(in.Body).AddVersion(1).Save(ctx))
	},
	out: toFindingComment,
}

func toFindingComment(x *ent.FindingComment) koncern.FindingComment {
	return koncern.FindingComment{
		Meta:                koncern.Meta{ID: x.ID, Version: x.Version, CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC()},
		FindingCommentInput: koncern.FindingCommentInput{Rule: x.Rule, SubjectID: x.SubjectID, Body: x.Body},
		SubjectType:         x.SubjectType, Author: x.Author,
	}
}

// CreateFindingComment records a comment on the finding of a rule about a
// subject, under the caller's name. The finding need not hold today: a
// comment may explain why it held once, or why it no longer does.
//
// It returns EINVALID for an unknown rule, or a subject that is no post,
// organisation or person of the registry.
func (r *Registry) CreateFindingComment(ctx context.Context, in koncern.FindingCommentInput) (koncern.FindingComment, error) {
	return create(ctx, r, entityFindingComment, in, func(tx *ent.Tx, id uuid.UUID, in *koncern.FindingCommentInput) (koncern.FindingComment, error) {
		if !slices.Contains(analysis.RuleIDs(), in.Rule) {
			return koncern.FindingComment{}, koncern.Invalid("rule", "must be one of: %s", strings.Join(analysis.RuleIDs(), ", "))
		}
		typ, err := subjectType(ctx, tx, in.SubjectID)
		if err != nil {
			return koncern.FindingComment{}, err
		}
		row, err := tx.FindingComment.Create().SetID(id).SetRule(in.Rule).SetSubjectID(in.SubjectID).SetSubjectType(typ).
			SetBody(in.Body).SetAuthor(actorOf(ctx).Name).Save(ctx)
		if err != nil {
			return koncern.FindingComment{}, err
		}
		return toFindingComment(row), nil
	})
}

// subjectType tells what kind of record a finding's subject is.
func subjectType(ctx context.Context, tx *ent.Tx, id uuid.UUID) (string, error) {
	checks := []struct {
		typ   string
		exist func() (bool, error)
	}{
		{"post", func() (bool, error) { return tx.Post.Query().Where(entpost.ID(id)).Exist(ctx) }},
		{"organization", func() (bool, error) { return tx.Organization.Query().Where(organization.ID(id)).Exist(ctx) }},
		{"person", func() (bool, error) { return tx.Person.Query().Where(person.ID(id)).Exist(ctx) }},
	}
	for _, c := range checks {
		ok, err := c.exist()
		if err != nil || ok {
			return c.typ, err
		}
	}
	return "", koncern.Invalid("subject_id", "names no post, organisation or person of the registry")
}

// GetFindingComment returns one comment.
func (r *Registry) GetFindingComment(ctx context.Context, id uuid.UUID) (koncern.FindingComment, error) {
	return getOne(ctx, r, findingCommentKind, id)
}

// UpdateFindingComment changes a comment's text.
func (r *Registry) UpdateFindingComment(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.FindingCommentPatch) (koncern.FindingComment, error) {
	return updateWith(ctx, r, findingCommentKind, opUpdate, id, ifVersion, func(koncern.FindingCommentInput) (koncern.FindingCommentPatch, error) {
		return p, nil
	})
}

// ListFindingComments returns a page of comments in the order they were
// written.
func (r *Registry) ListFindingComments(ctx context.Context, f FindingCommentFilter) (Page[koncern.FindingComment], error) {
	if _, ok := RecordedAt(ctx); ok {
		return Page[koncern.FindingComment]{}, errRecordedList()
	}
	preds, limit, err := r.listPredicates(ListOptions{History: true, Cursor: f.Cursor, Limit: f.Limit})
	if err != nil {
		return Page[koncern.FindingComment]{}, err
	}
	q := r.client().FindingComment.Query()
	for _, p := range preds {
		q.Where(predicate.FindingComment(p))
	}
	if f.Rule != "" {
		q.Where(findingcomment.Rule(f.Rule))
	}
	if f.SubjectID != nil {
		q.Where(findingcomment.SubjectID(*f.SubjectID))
	}
	if f.Author != "" {
		q.Where(findingcomment.Author(f.Author))
	}
	if f.From != nil {
		q.Where(findingcomment.CreatedAtGTE(f.From.UTC()))
	}
	if f.To != nil {
		q.Where(findingcomment.CreatedAtLTE(f.To.UTC()))
	}
	rows, err := q.Order(findingcomment.ByID()).Limit(limit + 1).All(ctx)
	if err != nil {
		return Page[koncern.FindingComment]{}, err
	}
	return page(rows, limit, findingCommentKind.id, toFindingComment), nil
}

// CommentsOn returns the comments on the findings about subjects, oldest
// first, as recorded at the moment of ctx when it has one.
func (r *Registry) CommentsOn(ctx context.Context, subjects []uuid.UUID) ([]koncern.FindingComment, error) {
	c := r.client()
	out, err := loadByID(ctx, subjects, func(ids []uuid.UUID) ([]koncern.FindingComment, error) {
		return loadAll(ctx, c.FindingComment.Query().Where(findingcomment.SubjectIDIn(ids...)), toFindingComment)
	})
	if err != nil {
		return nil, err
	}
	if t, ok := RecordedAt(ctx); ok {
		// A comment's rule and subject never change, so the comments on
		// these subjects then are among those on them now.
		h := history{t: t, before: map[string]map[uuid.UUID]*string{}}
		if err := h.learn(ctx, c, entityFindingComment, keys(idsOf(out, func(x koncern.FindingComment) uuid.UUID { return x.ID }))); err != nil {
			return nil, err
		}
		if out, err = rewind(h, entityFindingComment, out, always[koncern.FindingComment], always[koncern.FindingComment]); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b koncern.FindingComment) int { return compareIDs(a.ID, b.ID) })
	return out, nil
}

// FindingKey names the finding a comment is about: a rule holding for a
// subject. A comment is about the finding whatever its periods or detail.
type FindingKey struct {
	Rule    string
	Subject uuid.UUID
}

// CommentsOnFindings returns the comments on each of findings by rule and
// subject, oldest first, and whether the caller may read comments at all.
// The data layer decides who may: a caller it refuses (an anonymous reader
// of a published registry) gets false and no error, so that it is shown the
// findings without their comments rather than no findings.
func (r *Registry) CommentsOnFindings(ctx context.Context, findings []analysis.Finding) (map[FindingKey][]koncern.FindingComment, bool, error) {
	subjects := make([]uuid.UUID, len(findings))
	for i, f := range findings {
		subjects[i] = f.Subject.ID
	}
	comments, err := r.CommentsOn(ctx, subjects)
	switch koncern.ErrorCode(err) {
	case "":
	case koncern.EUNAUTHORIZED, koncern.EFORBIDDEN:
		return nil, false, nil
	default:
		return nil, false, err
	}
	on := make(map[FindingKey][]koncern.FindingComment)
	for _, c := range comments {
		k := FindingKey{c.Rule, c.SubjectID}
		on[k] = append(on[k], c)
	}
	return on, true, nil
}
