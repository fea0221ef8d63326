package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/koncernregistret/koncern/rule"
)

// APIToken is a bearer token for the API. Only the SHA-256 of the secret
// is stored, so that a copy of the database grants nobody access; the
// prefix lets an administrator tell tokens apart in a list. A token is
// never removed: revoking it sets revoked_at, and the audit trail keeps who
// did it.
type APIToken struct{ ent.Schema }

// Mixin of the APIToken: id, timestamps and the version its ETag carries.
func (APIToken) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}}
}

// Fields of the APIToken.
func (APIToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Immutable(),
		field.String("role").NotEmpty().Immutable(),
		field.String("secret_hash").NotEmpty().Immutable().Sensitive(),
		field.String("prefix").NotEmpty().Immutable(),
		field.Time("expires_at").Optional().Nillable().Immutable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Indexes of the APIToken: a request is authenticated by the hash of its
// token, and names are unique so that the CLI can revoke by name.
func (APIToken) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("secret_hash").Unique(),
		index.Fields("name").Unique(),
	}
}

// Policy of the APIToken: see package rule.
func (APIToken) Policy() ent.Policy {
	return rule.Tokens.Policy()
}
