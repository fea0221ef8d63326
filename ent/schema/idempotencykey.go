package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/koncernregistret/koncern/rule"
)

// IdempotencyKey remembers the answer to a POST sent with an
// Idempotency-Key header, so that a client retrying after a lost answer
// gets the same answer instead of a second record. A row with status 0 is
// a reservation: the first request is still running.
type IdempotencyKey struct{ ent.Schema }

// Fields of the IdempotencyKey. The response is kept as sent (body and the
// Location and ETag headers as JSON text) so that a replay is byte-equal.
func (IdempotencyKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(255).Immutable(),
		field.String("request").NotEmpty().Immutable(),
		field.String("request_hash").NotEmpty().Immutable(),
		field.Int("status").Default(0),
		field.Text("body").Default(""),
		field.Text("headers").Default("{}"),
		field.Time("created_at").Immutable(),
	}
}

// Indexes of the IdempotencyKey: the unique key is what stops two
// concurrent requests with one key from both running.
func (IdempotencyKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("key").Unique()}
}

// Policy of the IdempotencyKey: see package rule.
func (IdempotencyKey) Policy() ent.Policy {
	return rule.IdempotencyKeys.Policy()
}
