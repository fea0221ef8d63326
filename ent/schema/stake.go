package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// OwnershipStake is an owner organisation's holding in a company for a
// period, as share and vote counts against the company's totals. It is an
// entity of its own rather than an edge schema, because an edge schema makes
// the owner/company pair unique and so forbids a second period.
type OwnershipStake struct{ ent.Schema }

// Mixin of the OwnershipStake.
func (OwnershipStake) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the OwnershipStake.
func (OwnershipStake) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("owner_id", uuid.UUID{}).Immutable(),
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		field.Int64("shares").NonNegative(),
		field.Int64("votes").NonNegative(),
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of the OwnershipStake.
func (OwnershipStake) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Organization.Type).Ref("holdings").Field("owner_id").Unique().Required().Immutable(),
		edge.From("company", Organization.Type).Ref("owners").Field("company_id").Unique().Required().Immutable(),
		edge.From("document", Document.Type).Ref("stakes").Field("document_id").Unique(),
	}
}

// Indexes of the OwnershipStake.
func (OwnershipStake) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("company_id", "valid_from"),
		index.Fields("owner_id", "valid_from"),
		index.Fields("municipality_id"),
	}
}

// Policy of the OwnershipStake: see package rule.
func (OwnershipStake) Policy() ent.Policy {
	return rule.Stakes.Policy()
}
