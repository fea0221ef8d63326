package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"
)

// newID returns a time-ordered UUID (version 7), so that ordering by id is
// ordering by creation and a cursor over ids pages stably.
func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// nowUTC is the clock of the created and updated timestamps: UTC because
// SQLite compares times as text, and whole microseconds because PostgreSQL
// keeps no finer, so that a record reads back as it was written.
func nowUTC() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// RecordMixin gives every record a UUID id, created and updated timestamps
// and a version number that each update raises by one (the ETag).
type RecordMixin struct{ mixin.Schema }

// Fields of the RecordMixin.
func (RecordMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(newID).Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
		field.Int("version").Default(1).Positive(),
	}
}

// ValidityMixin is the period during which a record holds: valid_to is the
// last day, inclusive, and absent while the record is in force.
type ValidityMixin struct{ mixin.Schema }

// Fields of the ValidityMixin.
func (ValidityMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("valid_from"),
		field.Time("valid_to").Optional().Nillable(),
	}
}

// Indexes of the ValidityMixin: as-of reads filter on both ends.
func (ValidityMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("valid_from", "valid_to")}
}
