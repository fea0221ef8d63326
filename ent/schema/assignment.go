package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// Assignment is a person holding a post for a period. A post with no
// assignment on a day is vacant that day.
type Assignment struct{ ent.Schema }

// Mixin of the Assignment.
func (Assignment) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the Assignment.
func (Assignment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("person_id", uuid.UUID{}).Immutable(),
		field.UUID("post_id", uuid.UUID{}).Immutable(),
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of the Assignment.
func (Assignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Ref("assignments").Field("person_id").Unique().Required().Immutable(),
		edge.From("post", Post.Type).Ref("assignments").Field("post_id").Unique().Required().Immutable(),
		edge.From("document", Document.Type).Ref("assignments").Field("document_id").Unique(),
	}
}

// Indexes of the Assignment.
func (Assignment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("post_id", "valid_from"),
		index.Fields("person_id", "valid_from"),
		index.Fields("municipality_id"),
	}
}

// Policy of the Assignment: see package rule.
func (Assignment) Policy() ent.Policy {
	return rule.Assignments.Policy()
}
