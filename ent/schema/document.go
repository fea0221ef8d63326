package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// Document is a decision that grounds lines, stakes and appointments: a KF
// decision, an owner directive, articles of association, a delegation order.
// Its validity is the period during which it is in force.
type Document struct{ ent.Schema }

// Mixin of the Document.
func (Document) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the Document.
func (Document) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").NotEmpty(),
		field.String("title").NotEmpty(),
		field.String("reference").Optional().Nillable(),
		field.Time("decided_on"),
		field.String("url").Optional().Nillable(),
		field.UUID("issuer_id", uuid.UUID{}),
		field.UUID("municipality_id", uuid.UUID{}).Optional().Nillable(),
		// subject_ids are the organisations the document concerns, such as
		// the companies an annual review covers. They are a list on the
		// document rather than edges, so that a version of the document
		// (and its audit event) holds them whole.
		field.JSON("subject_ids", []uuid.UUID{}).Optional(),
		// refers_to_id is the document this one adopts or answers: a
		// general meeting's resolution adopting an owner directive, say.
		field.UUID("refers_to_id", uuid.UUID{}).Optional().Nillable(),
		// year is the calendar year an annual review covers.
		field.Int("year").Optional().Nillable(),
	}
}

// Edges of the Document.
func (Document) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("issuer", Organization.Type).Ref("documents").Field("issuer_id").Unique().Required(),
		edge.To("lines", SteeringLine.Type),
		edge.To("stakes", OwnershipStake.Type),
		edge.To("assignments", Assignment.Type),
	}
}

// Indexes of the Document.
func (Document) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("municipality_id", "kind"),
		index.Fields("issuer_id"),
	}
}

// Policy of the Document: see package rule.
func (Document) Policy() ent.Policy {
	return rule.Documents.Policy()
}
