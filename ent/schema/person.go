package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/koncernregistret/koncern/rule"
)

// Person is someone who holds or has held a post. The registry keeps names
// and contact details only, never personal identity numbers.
type Person struct{ ent.Schema }

// Mixin of the Person.
func (Person) Mixin() []ent.Mixin {
	return []ent.Mixin{RecordMixin{}, ValidityMixin{}}
}

// Fields of the Person.
func (Person) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty(),
		field.String("email").Optional().Nillable(),
		field.String("phone").Optional().Nillable(),
	}
}

// Edges of the Person.
func (Person) Edges() []ent.Edge {
	return []ent.Edge{edge.To("assignments", Assignment.Type)}
}

// Indexes of the Person.
func (Person) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name")}
}

// Policy of the Person: see package rule.
func (Person) Policy() ent.Policy {
	return rule.People.Policy()
}
