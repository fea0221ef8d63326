// Package rule holds the privacy rules of the data layer: who may read and
// write each entity. Every entity's policy ends in a denial, so that an
// entity, a field or a caller nobody thought of is refused rather than let
// through; and because the rules run inside ent, no route and no command
// can forget them. The handlers only turn the errors into statuses.
package rule

import (
	"context"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/viewer"
)

// Policy is the policy of a registry entity: anyone who may read the
// registry reads it, and writers (beside admin) change it. extra rules run
// before the final denial, for writes that a role may make only in part.
func Policy(what string, writers []string, extra ...entprivacy.MutationRule) ent.Policy {
	mutation := entprivacy.MutationPolicy{allowRoles(append([]string{koncern.AccessAdmin}, writers...)...)}
	mutation = append(mutation, extra...)
	return entprivacy.Policy{
		Query:    entprivacy.QueryPolicy{allowReaders(), denyQuery(what)},
		Mutation: append(mutation, denyMutation(what)),
	}
}

// AuditPolicy is the audit trail's: admin and auditor read it; every
// authenticated change appends to it (the change itself was judged by its
// own entity's policy in the same transaction); nobody, admin included,
// updates or deletes an event.
func AuditPolicy() ent.Policy {
	return entprivacy.Policy{
		Query: entprivacy.QueryPolicy{allowRoles(koncern.AccessAdmin, koncern.AccessAuditor), denyQuery("the audit trail")},
		Mutation: entprivacy.MutationPolicy{
			entprivacy.OnMutationOperation(allowRoles(koncern.AccessRoles...), ent.OpCreate),
			denyMutation("the audit trail"),
		},
	}
}

// AdminPolicy is the policy of what only an administrator may see and
// change: the API tokens.
func AdminPolicy(what string) ent.Policy {
	return entprivacy.Policy{
		Query:    entprivacy.QueryPolicy{allowRoles(koncern.AccessAdmin), denyQuery(what)},
		Mutation: entprivacy.MutationPolicy{allowRoles(koncern.AccessAdmin), denyMutation(what)},
	}
}

// CallerPolicy lets every authenticated caller read and write, and nobody
// else: the idempotency keys, which hold a caller's own answers.
func CallerPolicy(what string) ent.Policy {
	return entprivacy.Policy{
		Query:    entprivacy.QueryPolicy{allowRoles(koncern.AccessRoles...), denyQuery(what)},
		Mutation: entprivacy.MutationPolicy{allowRoles(koncern.AccessRoles...), denyMutation(what)},
	}
}

// allowRoles allows callers holding one of roles.
func allowRoles(roles ...string) entprivacy.QueryMutationRule {
	return entprivacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if v, ok := viewer.FromContext(ctx); ok && v.Has(roles...) {
			return entprivacy.Allow
		}
		return entprivacy.Skip
	})
}

// allowReaders allows every caller who may read the registry: any role,
// and an anonymous caller when the server publishes the registry.
func allowReaders() entprivacy.QueryRule {
	return entprivacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		if v, ok := viewer.FromContext(ctx); ok && v.CanRead() {
			return entprivacy.Allow
		}
		return entprivacy.Skip
	})
}

func denyQuery(what string) entprivacy.QueryRule {
	return entprivacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		return Denial(ctx, "read "+what)
	})
}

func denyMutation(what string) entprivacy.MutationRule {
	return entprivacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		return Denial(ctx, "change "+what)
	})
}

// Denial is the error that refuses the caller of ctx the action: "sign in"
// (unauthorized) for a caller without credentials, "not with your role"
// (forbidden) for one with them. It is a domain error, so the handlers map
// it like any other.
func Denial(ctx context.Context, action string) error {
	v, ok := viewer.FromContext(ctx)
	if !ok || v.IsAnonymous() {
		return koncern.Errorf(koncern.EUNAUTHORIZED, "to %s, authenticate with an API token (Authorization: Bearer …)", action)
	}
	return koncern.Errorf(koncern.EFORBIDDEN, "the role %s may not %s", v.Role, action)
}
