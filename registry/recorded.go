package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/auditevent"
)

// The registry can be read as it was recorded at a past moment: what it
// held then about any date, before later corrections. The audit trail is
// what makes this possible. Every change of a record appends an event with
// the record before and after, so the state of a record at moment T is the
// "before" of its first event after T; a record without events after T is
// as it is now, and one whose first event after T is its creation (no
// "before") did not exist yet. Records that came in by a bulk load have no
// events of their own, so their created_at decides.
//
// Such reads consult the audit trail and are therefore open only to the
// roles that may read it (admin and auditor): the privacy rule of the
// trail refuses everyone else.

type recordedKey struct{}

// AsRecorded returns a context whose reads (one record by id, and the
// snapshots the findings and reports are built from) answer what the
// registry had recorded at moment t.
func AsRecorded(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, recordedKey{}, t.UTC())
}

// RecordedAt is the moment the reads of ctx look back to, if any.
func RecordedAt(ctx context.Context) (time.Time, bool) {
	t, ok := ctx.Value(recordedKey{}).(time.Time)
	return t, ok
}

// errRecordedList refuses recorded_at on a list, whose filters run in the
// database on the current rows and so cannot see past states.
func errRecordedList() error {
	return koncern.Invalid("recorded_at", "lists answer what the registry holds now; ask for one record by id, or for the findings and reports, as recorded at a moment")
}

// recordedEntities are the audit trail's names of the records a snapshot
// holds; share_capital events carry a company's capital periods as a whole.
var recordedEntities = []string{
	organizationKind.entity, personKind.entity, postKind.entity, assignmentKind.entity,
	stakeKind.entity, steeringLineKind.entity, documentKind.entity, entityShareCapital, entityFindingComment,
	entityRecommendation,
}

// entityShareCapital names a company's capital periods in the trail.
const entityShareCapital = "share_capital"

// history is what the trail says about the records changed after moment
// t: for each entity and id, the record as it stood at t (the "before" of
// its first event after t), nil when it did not exist yet.
type history struct {
	t      time.Time
	before map[string]map[uuid.UUID]*string
}

// historyAfter reads the first event after t of every record changed since.
func historyAfter(ctx context.Context, c *ent.Client, t time.Time, ids ...uuid.UUID) (history, error) {
	q := c.AuditEvent.Query().Where(auditevent.TimeGT(t), auditevent.EntityIn(recordedEntities...))
	if len(ids) > 0 {
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = id.String()
		}
		q.Where(auditevent.EntityIDIn(s...))
	}
	rows, err := q.Order(ent.Asc(auditevent.FieldSeq)).
		Select(auditevent.FieldSeq, auditevent.FieldEntity, auditevent.FieldEntityID, auditevent.FieldBefore).All(ctx)
	if err != nil {
		return history{}, err
	}
	h := history{t: t, before: make(map[string]map[uuid.UUID]*string)}
	for _, e := range rows {
		id, err := uuid.Parse(e.EntityID)
		if err != nil {
			return history{}, fmt.Errorf("audit event %d: entity id %q: %w", e.Seq, e.EntityID, err)
		}
		m := h.before[e.Entity]
		if m == nil {
			m = make(map[uuid.UUID]*string)
			h.before[e.Entity] = m
		}
		if _, seen := m[id]; !seen {
			m[id] = e.Before
		}
	}
	return h, nil
}

// stored is what every record read through the trail offers.
type stored interface{ Record() koncern.Meta }

// at returns the record of entity with id as it stood at h.t, given its
// current state (nil when no row holds it now); false when it did not
// exist then.
func at[T stored](h history, entity string, id uuid.UUID, current *T) (T, bool, error) {
	var zero T
	if before, changed := h.before[entity][id]; changed {
		if before == nil {
			return zero, false, nil
		}
		var v T
		if err := json.Unmarshal([]byte(*before), &v); err != nil {
			return zero, false, fmt.Errorf("audit trail: %s %s: %w", entity, id, err)
		}
		presentEnds(&v, current)
		return v, true, nil
	}
	if current == nil || (*current).Record().CreatedAt.After(h.t) {
		return zero, false, nil
	}
	return *current, true, nil
}

// getRecorded reads one record as it stood at moment t. The row is read
// before the trail, so that a change committed between the two reads is
// seen as an event (whose "before" is the row read or older) rather than
// missed.
func getRecorded[Row, In any, Out stored](ctx context.Context, r *Registry, k kind[Row, In, Out], id uuid.UUID, t time.Time) (Out, error) {
	var current *Out
	if row, err := k.get(ctx, r.client(), id); err == nil {
		out := k.out(row)
		current = &out
	} else if !ent.IsNotFound(err) {
		return *new(Out), err
	}
	h, err := historyAfter(ctx, r.client(), t, id)
	if err != nil {
		return *new(Out), err
	}
	out, ok, err := at(h, k.entity, id, current)
	if err == nil && !ok {
		err = koncern.Errorf(koncern.ENOTFOUND, "%s %s was not recorded at %s", k.what, id, t.Format(time.RFC3339Nano))
	}
	return out, err
}

// learn adds what the trail says after h.t about the ids of entity it
// knew nothing of: records read after h was, whose changes since must not
// be missed.
func (h history) learn(ctx context.Context, c *ent.Client, entity string, ids []uuid.UUID) error {
	var unknown []uuid.UUID
	for _, id := range ids {
		if _, ok := h.before[entity][id]; !ok {
			unknown = append(unknown, id)
		}
	}
	more, err := loadByID(ctx, unknown, func(chunk []uuid.UUID) ([]history, error) {
		m, err := historyAfter(ctx, c, h.t, chunk...)
		return []history{m}, err
	})
	if err != nil {
		return err
	}
	for _, m := range more {
		if b, ok := m.before[entity]; ok {
			if h.before[entity] == nil {
				h.before[entity] = make(map[uuid.UUID]*string)
			}
			for id, before := range b {
				h.before[entity][id] = before
			}
		}
	}
	return nil
}

// rewind turns records loaded as they are now into the records as they
// stood at h.t. Loaded records are kept in their past state when it still
// falls in the window (inWindow); records the trail knows that were not
// loaded join when their past state belongs (belongs), since a later
// change may have moved them out of what was loaded.
func rewind[T stored](h history, entity string, items []T, inWindow, belongs func(T) bool) ([]T, error) {
	out := make([]T, 0, len(items))
	loaded := make(map[uuid.UUID]bool, len(items))
	for i := range items {
		id := items[i].Record().ID
		loaded[id] = true
		v, ok, err := at(h, entity, id, &items[i])
		if err != nil {
			return nil, err
		}
		if ok && inWindow(v) {
			out = append(out, v)
		}
	}
	var joined []T
	for id := range h.before[entity] {
		if loaded[id] {
			continue
		}
		v, ok, err := at[T](h, entity, id, nil)
		if err != nil {
			return nil, err
		}
		if ok && inWindow(v) && belongs(v) {
			joined = append(joined, v)
		}
	}
	slices.SortFunc(joined, func(a, b T) int { return compareIDs(a.Record().ID, b.Record().ID) })
	return append(out, joined...), nil
}

func compareIDs(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) }
