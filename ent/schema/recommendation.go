package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// Recommendation is one recommendation of an audit report: what the
// auditors ask of the body or post addressed, what findings it targets,
// the addressed body's answer and the auditors' judgment. Its status is
// not stored: it is computed from the findings it targets on the day
// asked about (analysis.FollowUpOf).
//
// The references are plain ids rather than edges, as for the findings'
// comments, so that the table stands beside the graph without changing
// the schema of the records it points at; the registry checks them.
type Recommendation struct{ ent.Schema }

// Mixin of the Recommendation.
func (Recommendation) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}}
}

// Fields of the Recommendation. The report, and the municipality derived
// from it, never change: a recommendation of another report is another
// recommendation.
func (Recommendation) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("report_id", uuid.UUID{}).Immutable(),
		field.UUID("municipality_id", uuid.UUID{}).Immutable(),
		field.Text("text").NotEmpty(),
		field.UUID("addressed_organization_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("addressed_post_id", uuid.UUID{}).Optional().Nillable(),
		field.Time("due_on").Optional().Nillable(),
		field.Strings("target_rules").Optional(),
		field.JSON("target_subject_ids", []uuid.UUID{}).Optional(),
		field.String("target_severity").Optional().Nillable(),
		field.UUID("response_document_id", uuid.UUID{}).Optional().Nillable(),
		field.Text("response_text").Optional().Nillable(),
		field.Time("judged_resolved_on").Optional().Nillable(),
		field.Text("judgment_comment").Optional().Nillable(),
		field.String("judged_by").Optional().Nillable(),
	}
}

// Indexes of the Recommendation: the lists filter by municipality and by
// report, and a document's change looks for the recommendations that
// cite it as their answer.
func (Recommendation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("municipality_id"),
		index.Fields("report_id"),
		index.Fields("response_document_id"),
	}
}

// Policy of the Recommendation: see package rule.
func (Recommendation) Policy() ent.Policy {
	return rule.Recommendations.Policy()
}
