package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/koncernregistret/koncern/rule"
)

// AuditEvent is one link of the audit trail: who changed what, when, and
// the record before and after. Events are appended in the transaction of
// the change and never changed or removed (the code has no path that
// does); each one hashes its predecessor's hash, so that an edit, a
// deletion or a reordering made past the code breaks the chain.
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent. Before and after are stored as the exact JSON
// text that was hashed: a JSON column type would let PostgreSQL reorder
// the keys and the hash would no longer match.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Positive().Immutable(),
		field.Time("time").Immutable(),
		field.String("actor").Immutable(),
		field.String("request_id").Default("").Immutable(),
		field.String("entity").NotEmpty().Immutable(),
		field.String("entity_id").Default("").Immutable(),
		field.String("operation").NotEmpty().Immutable(),
		field.Text("before").Optional().Nillable().Immutable(),
		field.Text("after").Optional().Nillable().Immutable(),
		field.String("prev_hash").Immutable(),
		field.String("hash").Immutable(),
	}
}

// Indexes of the AuditEvent: the unique seq is what makes a fork
// impossible, since two writers that read the same last event cannot both
// insert its successor; the others serve the filters of the events list.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("seq").Unique(),
		index.Fields("entity", "entity_id"),
		index.Fields("actor"),
		index.Fields("time"),
	}
}

// Policy of the AuditEvent: see package rule.
func (AuditEvent) Policy() ent.Policy {
	return rule.AuditTrail.Policy()
}
