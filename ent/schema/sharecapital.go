package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// ShareCapital is a company's total shares and votes for a period. The
// periods of one company never overlap; a new issue or a redemption ends
// one and starts the next, so the stakes of any day are counted against
// the capital of that day. A company without periods has its
// organisation's totals for its whole life.
type ShareCapital struct{ ent.Schema }

// Mixin of the ShareCapital.
func (ShareCapital) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the ShareCapital.
func (ShareCapital) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.Int64("total_shares").Positive(),
		field.Int64("total_votes").Positive(),
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Indexes of the ShareCapital: it is read per company in date order.
func (ShareCapital) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "valid_from")}
}

// Policy of the ShareCapital: see package rule.
func (ShareCapital) Policy() ent.Policy {
	return rule.ShareCapital.Policy()
}
