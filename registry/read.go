package registry

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
)

// getOne reads one record of kind k, whatever its period.
func getOne[Row, In any, Out stored](ctx context.Context, r *Registry, k kind[Row, In, Out], id uuid.UUID) (Out, error) {
	if t, ok := RecordedAt(ctx); ok {
		return getRecorded(ctx, r, k, id, t)
	}
	row, err := k.get(ctx, r.client(), id)
	if err != nil {
		var zero Out
		return zero, notFound(err, k.what, id)
	}
	return k.out(row), nil
}

// entQuery is the part of every generated ent query that a list uses. P is
// the entity's predicate type and O its order option; both are functions
// of a selector underneath.
type entQuery[Q any, P ~func(*entsql.Selector), O ~func(*entsql.Selector), Row any] interface {
	Where(...P) Q
	Order(...O) Q
	Limit(int) Q
	All(context.Context) ([]Row, error)
}

// list runs q with the entity's own filters, the as-of and cursor
// predicates of o, ordered by id (byID) and cut to one page.
func list[Q entQuery[Q, P, O, Row], P ~func(*entsql.Selector), O ~func(*entsql.Selector), Row, In, Out any](
	ctx context.Context, r *Registry, k kind[Row, In, Out], q Q, byID O, o ListOptions, where []P) (Page[Out], error) {
	if _, ok := RecordedAt(ctx); ok {
		return Page[Out]{}, errRecordedList()
	}
	common, limit, err := r.listPredicates(o)
	if err != nil {
		return Page[Out]{}, err
	}
	for _, c := range common {
		where = append(where, P(c))
	}
	rows, err := q.Where(where...).Order(byID).Limit(limit + 1).All(ctx)
	if err != nil {
		return Page[Out]{}, err
	}
	return page(rows, limit, k.id, k.out), nil
}
