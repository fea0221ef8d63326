package rule

import (
	"context"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	gen "github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/findingcomment"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/viewer"
)

// CommentPolicy is the policy of the findings' comments. Every role reads
// them, so that the registrar and the finance department see what the
// auditors remarked; anonymous callers never do, published registry or
// not, since they are the auditors' working notes rather than the
// registry. Admin writes them, and an auditor writes its own.
func CommentPolicy() ent.Policy {
	const what = "findings' comments"
	return entprivacy.Policy{
		Query:    entprivacy.QueryPolicy{allowRoles(koncern.AccessRoles...), denyQuery(what)},
		Mutation: entprivacy.MutationPolicy{allowRoles(koncern.AccessAdmin), AuditorOwnComments(), denyMutation(what)},
	}
}

// AuditorOwnComments lets an auditor write comments under its own name
// and change those, and no one else's.
func AuditorOwnComments() entprivacy.MutationRule {
	return entprivacy.FindingCommentMutationRuleFunc(func(ctx context.Context, m *gen.FindingCommentMutation) error {
		v, ok := viewer.FromContext(ctx)
		if !ok || !v.Has(koncern.AccessAuditor) {
			return entprivacy.Skip
		}
		if m.Op().Is(ent.OpCreate) {
			if author, _ := m.Author(); author != v.Name {
				return koncern.Errorf(koncern.EFORBIDDEN, "an auditor writes comments under its own name only")
			}
			return entprivacy.Allow
		}
		if !m.Op().Is(ent.OpUpdate | ent.OpUpdateOne) {
			return entprivacy.Skip
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return err
		}
		others, err := m.Client().FindingComment.Query().
			Where(findingcomment.IDIn(ids...), findingcomment.AuthorNEQ(v.Name)).Exist(ctx)
		if err != nil {
			return err
		}
		if others {
			return koncern.Errorf(koncern.EFORBIDDEN, "an auditor may change its own comments only")
		}
		return entprivacy.Allow
	})
}
