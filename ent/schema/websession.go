package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// WebSession is a sign-in to the web application: a browser holds a random
// secret in a cookie, and the database keeps only its SHA-256, so that a
// copy of the database signs nobody in. A session started with an API
// token names it, and ends when the token is revoked or expires.
//
// It has no RecordMixin: a session is never edited under an ETag, so a
// version and an updated_at would say nothing (ended_at is its one
// change), and its created_at must come from the registry's clock, from
// which the expiry is computed, rather than the mixin's wall clock.
//
// Sessions are operational state, like idempotency keys, and stay out of
// the audit trail: an event per sign-in would raise the registry's version
// and so throw away every cache built on it (the snapshot the pages read,
// the token cache) for a change to nothing in the registry, and old
// sessions could never be cleared from an append-only trail. What a
// session's holder changes is audited under the session's name, and the
// token it started with is audited as before.
type WebSession struct{ ent.Schema }

// Fields of the WebSession. Every time is UTC.
func (WebSession) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(newID).Immutable(),
		field.String("secret_hash").NotEmpty().Immutable().Sensitive(),
		field.String("name").NotEmpty().Immutable(),
		field.String("role").NotEmpty().Immutable(),
		field.UUID("token_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("subject").Optional().Nillable().Immutable(),
		field.Time("created_at").Immutable(),
		field.Time("expires_at").Immutable(),
		field.Time("ended_at").Optional().Nillable(),
	}
}

// Indexes of the WebSession: every request finds its session by the hash
// of its secret; revoking a token ends its sessions by token_id; the
// clean-up removes long-expired and long-ended sessions by those times.
func (WebSession) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("secret_hash").Unique(),
		index.Fields("token_id"),
		index.Fields("expires_at"),
		index.Fields("ended_at"),
	}
}

// Policy of the WebSession: see package rule.
func (WebSession) Policy() ent.Policy {
	return rule.Sessions.Policy()
}
