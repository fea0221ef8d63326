package handlers

import (
	"context"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// registerCommentRoutes lists the routes of the findings' comments. A
// comment is never ended or removed: it is part of the audit record, and
// a change of its text is in the trail.
func registerCommentRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.FindingCommentInput, koncern.FindingCommentPatch, registry.FindingCommentFilter, koncern.FindingComment]{
		path: "/finding-comments",
		filter: func(q *query) registry.FindingCommentFilter {
			return registry.FindingCommentFilter{
				Rule: q.enum("rule", analysis.RuleIDs()), SubjectID: q.uuid("subject"), Author: q.str("author"),
				From: q.moment("from"), To: q.moment("to"), Cursor: q.str("cursor"), Limit: q.int("limit"),
			}
		},
		list: r.ListFindingComments, create: r.CreateFindingComment, get: r.GetFindingComment,
		update: r.UpdateFindingComment,
	}.register(g, r.Today)
}

// commentedFinding is a finding with the comments on it, for a caller who
// may read them; Comments is absent for one who may not.
type commentedFinding struct {
	analysis.Finding
	Comments *[]koncern.FindingComment `json:"comments,omitempty"`
}

// withComments attaches to each finding the comments on its rule and
// subject. The data layer decides who may read comments: a caller it
// refuses (an anonymous reader of a published registry) gets the findings
// without them rather than no findings.
func withComments(ctx context.Context, r *registry.Registry, items []analysis.Finding) ([]commentedFinding, error) {
	out := make([]commentedFinding, len(items))
	subjects := make([]uuid.UUID, 0, len(items))
	for i, f := range items {
		out[i].Finding = f
		subjects = append(subjects, f.Subject.ID)
	}
	comments, err := r.CommentsOn(ctx, subjects)
	switch koncern.ErrorCode(err) {
	case "":
	case koncern.EUNAUTHORIZED, koncern.EFORBIDDEN:
		return out, nil
	default:
		return nil, err
	}
	type key struct {
		rule    string
		subject uuid.UUID
	}
	on := make(map[key][]koncern.FindingComment)
	for _, c := range comments {
		k := key{c.Rule, c.SubjectID}
		on[k] = append(on[k], c)
	}
	for i := range out {
		cs := on[key{out[i].Rule, out[i].Subject.ID}]
		if cs == nil {
			cs = []koncern.FindingComment{}
		}
		out[i].Comments = &cs
	}
	return out, nil
}
