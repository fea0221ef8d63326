package rule

import (
	"context"
	"slices"
	"strings"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	gen "github.com/koncernregistret/koncern/ent"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// capitalFields are the organisation fields that make up a company's
// share capital: all the finance role may change of an organisation. The
// registry writes only the fields that change, so an update of the totals
// touches no other field.
var capitalFields = []string{"total_shares", "total_votes"}

// bookkeepingFields are the fields every update touches beside the ones
// it changes, which a grant limited to some fields allows too.
var bookkeepingFields = []string{"updated_at", "version"}

// covers reports whether g lets its role change fields.
func (g Grant) covers(fields []string) bool {
	return g.Fields == nil || !slices.ContainsFunc(fields, func(f string) bool { return !slices.Contains(g.Fields, f) })
}

// outsideFields refuses a mutation that sets, clears or adds to a field
// outside g's fields, if it names some.
func (g Grant) outsideFields(m ent.Mutation, what string) error {
	if g.Fields == nil {
		return nil
	}
	for _, f := range append(m.Fields(), append(m.ClearedFields(), m.AddedFields()...)...) {
		if !slices.Contains(g.Fields, f) && !slices.Contains(bookkeepingFields, f) {
			return koncern.Errorf(koncern.EFORBIDDEN, "the role %s may change only %s of %s, not %s", g.Role, strings.Join(g.Fields, " and "), what, f)
		}
	}
	return nil
}

// auditorObservations judges the auditor role's steering lines: it
// records and keeps its own observations, lines with basis "observed",
// created as such or changed while they are and stay so. Every other line
// is the registrar's.
func auditorObservations() entprivacy.MutationRule {
	return entprivacy.SteeringLineMutationRuleFunc(func(ctx context.Context, m *gen.SteeringLineMutation) error {
		refuse := koncern.Errorf(koncern.EFORBIDDEN, "the role auditor may record only steering lines with basis observed")
		if b, set := m.Basis(); (set || m.Op().Is(ent.OpCreate)) && b != "observed" {
			return refuse
		}
		if m.Op().Is(ent.OpCreate) {
			return entprivacy.Allow
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return err
		}
		other, err := m.Client().SteeringLine.Query().
			Where(steeringline.IDIn(ids...), steeringline.BasisNEQ("observed")).Exist(ctx)
		if err != nil {
			return err
		}
		if other {
			return refuse
		}
		return entprivacy.Allow
	})
}
