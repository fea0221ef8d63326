package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/rule"
)

// OwnershipTransaction is one entry of the ownership ledger: the change to
// the stakes in a company that an acquisition, transfer or divestment made.
// Entries are written once and never changed, so that the ledger is an
// audit of how the stakes came to be; it has no version and no period.
type OwnershipTransaction struct{ ent.Schema }

// Fields of the OwnershipTransaction.
func (OwnershipTransaction) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(newID).Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.String("type").NotEmpty().Immutable(),
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.UUID("seller_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("buyer_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.Int64("shares").NonNegative().Immutable(),
		field.Int64("votes").NonNegative().Immutable(),
		field.Time("effective_date").Immutable(),
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.Bool("backdated").Default(false).Immutable(),
	}
}

// Indexes of the OwnershipTransaction: the ledger is read per company and
// per party, and a new entry looks for later ones on the same stakes.
func (OwnershipTransaction) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("company_id", "effective_date"),
		index.Fields("seller_id"),
		index.Fields("buyer_id"),
	}
}

// Policy of the OwnershipTransaction: see package rule.
func (OwnershipTransaction) Policy() ent.Policy {
	return rule.Transactions.Policy()
}
