package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// SteeringLine is one line along which a post or organisation steers
// another: a mandate, a coordination, a kommunalråd acting directly.
// Exactly one of each pair of endpoint fields is set; the from end steers
// and the to end is steered, whatever the kind. The ends are not immutable
// here only so that the upgrade that turned old reporting lines around
// (registry/direction.go) goes through ent and the audit trail like every
// write; an update through the API has no ends to change.
type SteeringLine struct{ ent.Schema }

// Mixin of the SteeringLine.
func (SteeringLine) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the SteeringLine.
func (SteeringLine) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("from_post_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("from_organization_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("to_post_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("to_organization_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		field.String("kind").NotEmpty(),
		field.String("basis").NotEmpty(),
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable(),
		field.String("description").Optional().Nillable(),
	}
}

// Edges of the SteeringLine.
func (SteeringLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("from_post", Post.Type).Ref("lines_out").Field("from_post_id").Unique(),
		edge.From("from_organization", Organization.Type).Ref("lines_out").Field("from_organization_id").Unique(),
		edge.From("to_post", Post.Type).Ref("lines_in").Field("to_post_id").Unique(),
		edge.From("to_organization", Organization.Type).Ref("lines_in").Field("to_organization_id").Unique(),
		edge.From("document", Document.Type).Ref("lines").Field("document_id").Unique(),
	}
}

// Indexes of the SteeringLine.
func (SteeringLine) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("to_post_id"),
		index.Fields("from_post_id"),
		index.Fields("to_organization_id"),
		index.Fields("from_organization_id"),
		index.Fields("municipality_id", "kind"),
		// Lines of one kind in force on a date (ownership or steering
		// across all municipalities) without scanning the table; added
		// by migration 0002.
		index.Fields("kind", "valid_from"),
	}
}

// Policy of the SteeringLine: see package rule.
func (SteeringLine) Policy() ent.Policy {
	return rule.SteeringLines.Policy()
}
