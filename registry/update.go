package registry

import (
	"context"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
)

// kind describes one entity to the generic read-modify-write below: how to
// load a row, read its version and input, check and write a changed input,
// and present the row.
type kind[Row any, In any, Out any] struct {
	what string
	// entity names the kind in the audit trail.
	entity  string
	get     func(ctx context.Context, c *ent.Client, id uuid.UUID) (Row, error)
	id      func(Row) uuid.UUID
	version func(Row) int
	input   func(Row) In
	// save checks in against the graph and writes it over cur, guarded by
	// cur's version so that a concurrent writer cannot be overwritten.
	save func(ctx context.Context, tx *ent.Tx, cur Row, in *In) error
	out  func(Row) Out
}

type spanned interface{ Span() koncern.Period }

type patch[In any] interface{ Apply(*In) error }

// update is the one read-modify-write of every entity: in one transaction
// it loads the row, checks the If-Match version, applies the patch, runs
// the same validation as a create, writes, and appends the audit event op
// (update or end) with the record before and after.
func update[Row any, In spanned, P patch[In], Out any](ctx context.Context, r *Registry, k kind[Row, In, Out], op string, id uuid.UUID, ifVersion int, mk patchFunc[P]) (Out, error) {
	return updateWith(ctx, r, k, op, id, ifVersion, func(in In) (P, error) { return mk(in.Span()) })
}

// updateWith is update for any input: mk builds the patch from the stored
// input, as update builds it from the stored period.
func updateWith[Row, In any, P patch[In], Out any](ctx context.Context, r *Registry, k kind[Row, In, Out], op string, id uuid.UUID, ifVersion int, mk func(In) (P, error)) (Out, error) {
	var out Out
	err := r.withTx(ctx, func(tx *ent.Tx) error {
		cur, err := k.get(ctx, tx.Client(), id)
		if err != nil {
			return notFound(err, k.what, id)
		}
		if err := checkVersion(k.version(cur), ifVersion); err != nil {
			return err
		}
		in := k.input(cur)
		p, err := mk(in)
		if err != nil {
			return err
		}
		if err := p.Apply(&in); err != nil {
			return err
		}
		if err := r.validate.Validate(in); err != nil {
			return err
		}
		if err := k.save(ctx, tx, cur, &in); err != nil {
			return err
		}
		row, err := k.get(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		out = k.out(row)
		return r.audit(ctx, tx, change{entity: k.entity, entityID: id.String(), op: op, before: k.out(cur), after: out})
	})
	return out, err
}

// endPatch builds the patch that ends a record on day on.
func endPatch[P any](on koncern.Date, wrap func(koncern.PeriodPatch) P) patchFunc[P] {
	return func(cur koncern.Period) (P, error) {
		pp, err := endPeriod(cur, on)
		return wrap(pp), err
	}
}

// create validates in and runs write in a transaction, which also appends
// the audit event of the new record of kind entity.
func create[In any, Out any](ctx context.Context, r *Registry, entity string, in In, write func(tx *ent.Tx, id uuid.UUID, in *In) (Out, error)) (Out, error) {
	return createAs(ctx, r, entity, opCreate, in, write)
}

// createAs is create with the audit operation named: a ledger entry is
// recorded as a transaction, not a create.
func createAs[In any, Out any](ctx context.Context, r *Registry, entity, op string, in In, write func(tx *ent.Tx, id uuid.UUID, in *In) (Out, error)) (Out, error) {
	return createWith(ctx, r, entity, op, in, func(tx *ent.Tx, id uuid.UUID, in *In) (Out, []change, error) {
		out, err := write(tx, id, in)
		return out, nil, err
	})
}

// createWith is createAs for a write that changes other records too: their
// events (others) go into the trail before the new record's own, in the
// same append.
func createWith[In any, Out any](ctx context.Context, r *Registry, entity, op string, in In,
	write func(tx *ent.Tx, id uuid.UUID, in *In) (out Out, others []change, err error)) (Out, error) {
	var out Out
	if err := r.validate.Validate(in); err != nil {
		return out, err
	}
	err := r.withTx(ctx, func(tx *ent.Tx) error {
		id := uuid.Must(uuid.NewV7())
		var others []change
		var err error
		if out, others, err = write(tx, id, &in); err != nil {
			return err
		}
		return r.audit(ctx, tx, append(others, change{entity: entity, entityID: id.String(), op: op, after: out})...)
	})
	return out, err
}
