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
	what    string
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
// the same validation as a create, and writes.
func update[Row any, In spanned, P patch[In], Out any](ctx context.Context, r *Registry, k kind[Row, In, Out], id uuid.UUID, ifVersion int, mk patchFunc[P]) (Out, error) {
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
		p, err := mk(in.Span())
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
		return nil
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

// create validates in and runs write in a transaction.
func create[In any, Out any](ctx context.Context, r *Registry, in In, write func(tx *ent.Tx, id uuid.UUID, in *In) (Out, error)) (Out, error) {
	var out Out
	if err := r.validate.Validate(in); err != nil {
		return out, err
	}
	err := r.withTx(ctx, func(tx *ent.Tx) error {
		var err error
		out, err = write(tx, uuid.Must(uuid.NewV7()), &in)
		return err
	})
	return out, err
}
