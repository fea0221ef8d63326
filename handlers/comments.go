package handlers

import (
	"context"

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
				Rule: q.Enum("rule", analysis.RuleIDs()), SubjectID: q.Org("subject"), Author: q.Str("author"),
				From: q.Moment("from"), To: q.Moment("to"), Cursor: q.Str("cursor"), Limit: q.Int("limit"),
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
	// Period is the whole continuous period the finding holds in around
	// the day asked about; absent when a range of days was asked about.
	Period   *koncern.Period           `json:"period,omitempty"`
	Comments *[]koncern.FindingComment `json:"comments,omitempty"`
}

// withComments attaches to each finding the comments on its rule and
// subject (registry.CommentsOnFindings), for a caller who may read them.
func withComments(ctx context.Context, r *registry.Registry, items []analysis.Finding) ([]commentedFinding, error) {
	on, readable, err := r.CommentsOnFindings(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]commentedFinding, len(items))
	for i, f := range items {
		out[i].Finding = f
		if !readable {
			continue
		}
		cs := on[registry.FindingKey{Rule: f.Rule, Subject: f.Subject.ID}]
		if cs == nil {
			cs = []koncern.FindingComment{}
		}
		out[i].Comments = &cs
	}
	return out, nil
}
