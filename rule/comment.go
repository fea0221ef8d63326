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

// auditorOwnComments judges the auditor's comments: it writes them under
// its own name and changes those, and no one else's.
func auditorOwnComments() entprivacy.MutationRule {
	return entprivacy.FindingCommentMutationRuleFunc(func(ctx context.Context, m *gen.FindingCommentMutation) error {
		v, _ := viewer.FromContext(ctx)
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
