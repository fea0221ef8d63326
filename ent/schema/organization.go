package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// Organization is a node of the group: the municipality, its bodies and
// administrations, companies and forums.
type Organization struct{ ent.Schema }

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").NotEmpty().Immutable(),
		field.String("name").NotEmpty(),
		field.String("org_number").Optional().Nillable(),
		field.UUID("parent_id", uuid.UUID{}).Optional().Nillable(),
		// municipality_id is the root of the group the organisation belongs
		// to, derived from the parent chain; a municipality is its own root.
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		field.Int64("total_shares").Optional().Nillable(),
		field.Int64("total_votes").Optional().Nillable(),
		field.Float("staff_fte").Optional().Nillable(),
		// review_deadline is a municipality's last day ("MM-DD") for the
		// executive board's annual review of the companies' past year.
		field.String("review_deadline").Optional().Nillable(),
	}
}

// Edges of the Organization.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Organization.Type).From("parent").Field("parent_id").Unique(),
		edge.To("posts", Post.Type),
		edge.To("holdings", OwnershipStake.Type),
		edge.To("owners", OwnershipStake.Type),
		edge.To("documents", Document.Type),
		edge.To("lines_out", SteeringLine.Type),
		edge.To("lines_in", SteeringLine.Type),
	}
}

// Indexes of the Organization.
func (Organization) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("municipality_id", "kind"),
		index.Fields("kind", "valid_from"),
		index.Fields("org_number"),
		index.Fields("name"),
		// The children of an organisation: the parent filter, the chart, and
		// the check that an organisation does not end before its children.
		index.Fields("parent_id"),
	}
}

// Policy of the Organization: see package rule.
func (Organization) Policy() ent.Policy {
	return rule.Organizations.Policy()
}
