package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// FindingComment is an auditor's comment on a finding, which is named by
// its rule and its subject: findings are computed from the graph on every
// request and have no row of their own to point at.
type FindingComment struct{ ent.Schema }

// Mixin of the FindingComment.
func (FindingComment) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}}
}

// Fields of the FindingComment. Only the body changes; what the comment
// is about and who wrote it do not.
func (FindingComment) Fields() []ent.Field {
	return []ent.Field{
		field.String("rule").NotEmpty().Immutable(),
		field.UUID("subject_id", uuid.UUID{}).Immutable(),
		field.String("subject_type").NotEmpty().Immutable(),
		field.Text("body").NotEmpty(),
		field.String("author").NotEmpty().Immutable(),
	}
}

// Indexes of the FindingComment: the findings look comments up by
// subject, and the list filters by rule and author.
func (FindingComment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("subject_id", "rule"),
		index.Fields("rule"),
		index.Fields("author"),
	}
}

// Policy of the FindingComment: see package rule.
func (FindingComment) Policy() ent.Policy {
	return rule.Comments.Policy()
}
