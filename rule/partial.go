package rule

import (
	"context"
	"slices"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	gen "github.com/koncernregistret/koncern/ent"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/steeringline"
	"github.com/koncernregistret/koncern/viewer"
)

// capitalFields are the organisation fields that make up a company's
// share capital, with the bookkeeping fields every update touches.
var capitalFields = []string{"total_shares", "total_votes", "updated_at", "version"}

// FinanceCapital lets the finance role change an organisation's share
// capital and nothing else of it: an update whose every set or cleared
// field is a capital field. The registry writes only the fields that
// change, so an update of the totals touches no other field.
func FinanceCapital() entprivacy.MutationRule {
	return entprivacy.OrganizationMutationRuleFunc(func(ctx context.Context, m *gen.OrganizationMutation) error {
		v, ok := viewer.FromContext(ctx)
		if !ok || !v.Has(koncern.AccessFinance) || !m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) {
			return entprivacy.Skip
		}
		for _, f := range append(m.Fields(), append(m.ClearedFields(), m.AddedFields()...)...) {
			if !slices.Contains(capitalFields, f) {
				return koncern.Errorf(koncern.EFORBIDDEN, "the role finance may change an organisation's total_shares and total_votes only, not %s", f)
			}
		}
		return entprivacy.Allow
	})
}

// AuditorObservations lets the auditor role record and keep its own
// observations: steering lines with basis "observed", created as such or
// changed while they are and stay so. Every other line is the registrar's.
func AuditorObservations() entprivacy.MutationRule {
	return entprivacy.SteeringLineMutationRuleFunc(func(ctx context.Context, m *gen.SteeringLineMutation) error {
		v, ok := viewer.FromContext(ctx)
		if !ok || !v.Has(koncern.AccessAuditor) {
			return entprivacy.Skip
		}
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
