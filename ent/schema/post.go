package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// Post is a seat in an organisation: a head, a chair, a board member.
type Post struct{ ent.Schema }

// Mixin of the Post.
func (Post) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the Post.
func (Post) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		field.String("title").NotEmpty(),
		field.String("role").NotEmpty(),
		field.Bool("political").Default(false),
	}
}

// Edges of the Post.
func (Post) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("posts").Field("organization_id").Unique().Required().Immutable(),
		edge.To("assignments", Assignment.Type),
		edge.To("lines_out", SteeringLine.Type),
		edge.To("lines_in", SteeringLine.Type),
	}
}

// Indexes of the Post.
func (Post) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "role"),
		index.Fields("municipality_id", "role"),
	}
}

// Policy of the Post: see package rule.
func (Post) Policy() ent.Policy {
	return rule.Posts.Policy()
}
