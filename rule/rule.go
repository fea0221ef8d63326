// Package rule holds the privacy rules of the data layer: who may read and
// write each entity. Every entity's policy ends in a denial, so that an
// entity, a field or a caller nobody thought of is refused rather than let
// through; and because the rules run inside ent, no route and no command
// can forget them. Each entity's rules are data (Access), so that the
// handlers can also refuse, from the same data and before they read a
// request, a caller whose role may never do what a route does; otherwise
// they only turn the errors into statuses.
package rule

import (
	"context"
	"errors"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/viewer"
)

// Grant lets Role make the mutations Ops of an entity: those that change
// only Fields when it names some, and as far as Judge allows when there is
// one, looking at the mutation and the stored records. A grant with fields
// or a judge is a role's "may sometimes": the role may make such changes,
// but only some of them.
type Grant struct {
	Role   string
	Ops    ent.Op
	Fields []string
	Judge  entprivacy.MutationRule
}

// Op is a kind of change as the guards above the store ask MayChange
// about it, Create or Change, so that they need not import ent to name one.
type Op = ent.Op

const (
	// Create is the making of a record.
	Create = ent.OpCreate
	// Change is a change of one record or of several. Ending a record is
	// a Change too: the registry ends a record by setting its valid_to.
	Change = ent.OpUpdate | ent.OpUpdateOne
)

// anyOp is every operation of a mutation.
const anyOp = ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne | ent.OpDelete | ent.OpDeleteOne

// writers grants roles every change of an entity outright.
func writers(roles ...string) []Grant {
	out := make([]Grant, len(roles))
	for i, r := range roles {
		out[i] = Grant{Role: r, Ops: anyOp}
	}
	return out
}

// Access is the policy of an entity as data: the roles that read it, and
// the grants that say who changes it. The entity's ent policy is built
// from it, and so are the checks the HTTP layer makes before it reads a
// request (MayChange, MayRead), so that the two cannot disagree.
type Access struct {
	what    string
	readers []string
	// public lets an anonymous caller read the entity when the server
	// publishes the registry.
	public bool
	grants []Grant
}

// registryAccess is the access to a registry entity: anyone who may read
// the registry reads it, and admin and the grants' roles change it.
func registryAccess(what string, grants ...Grant) Access {
	return Access{what: what, readers: koncern.AccessRoles, public: true, grants: append(writers(koncern.AccessAdmin), grants...)}
}

// The access of every entity, which its schema's Policy and the routes
// that read or change it both use.
var (
	Organizations = registryAccess("organisations", append(writers(koncern.AccessRegistrar),
		Grant{Role: koncern.AccessFinance, Ops: ent.OpUpdate | ent.OpUpdateOne, Fields: capitalFields})...)
	People        = registryAccess("people", writers(koncern.AccessRegistrar)...)
	Posts         = registryAccess("posts", writers(koncern.AccessRegistrar)...)
	Assignments   = registryAccess("assignments", writers(koncern.AccessRegistrar)...)
	Documents     = registryAccess("documents", writers(koncern.AccessRegistrar)...)
	SteeringLines = registryAccess("steering lines", append(writers(koncern.AccessRegistrar),
		Grant{Role: koncern.AccessAuditor, Ops: anyOp, Judge: auditorObservations()})...)
	Stakes       = registryAccess("ownership stakes", writers(koncern.AccessFinance)...)
	ShareCapital = registryAccess("share capital", writers(koncern.AccessFinance)...)
	Transactions = registryAccess("the ownership ledger", writers(koncern.AccessFinance)...)
	// Comments are read by every role, so that the registrar and the
	// finance department see what the auditors remarked; anonymous callers
	// never do, published registry or not, since they are the auditors'
	// working notes rather than the registry. Admin writes them, and an
	// auditor writes its own.
	Comments = Access{what: "findings' comments", readers: koncern.AccessRoles, grants: append(writers(koncern.AccessAdmin),
		Grant{Role: koncern.AccessAuditor, Ops: ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne, Judge: auditorOwnComments()})}
	// AuditTrail is read by admin and auditor; every authenticated change
	// appends to it (the change itself was judged by its own entity's
	// policy in the same transaction); nobody, admin included, updates or
	// deletes an event.
	AuditTrail = Access{what: "the audit trail", readers: []string{koncern.AccessAdmin, koncern.AccessAuditor}, grants: appenders(koncern.AccessRoles...)}
	// Tokens are what only an administrator may see and change.
	Tokens = Access{what: "API tokens", readers: []string{koncern.AccessAdmin}, grants: writers(koncern.AccessAdmin)}
	// IdempotencyKeys hold a caller's own answers: every authenticated
	// caller reads and writes them, and nobody else.
	IdempotencyKeys = Access{what: "idempotency keys", readers: koncern.AccessRoles, grants: writers(koncern.AccessRoles...)}
)

// appenders grants roles the creation of records, and nothing more.
func appenders(roles ...string) []Grant {
	out := writers(roles...)
	for i := range out {
		out[i].Ops = ent.OpCreate
	}
	return out
}

// Policy is the entity's ent privacy policy: its readers and grants, then
// a denial of everything else.
func (a Access) Policy() ent.Policy {
	return domainDenials{what: a.what, Policy: entprivacy.Policy{
		Query:    entprivacy.QueryPolicy{a.allowReads(), denyQuery(a.what)},
		Mutation: entprivacy.MutationPolicy{a.allowChanges(), denyMutation(a.what)},
	}}
}

// domainDenials turns ent's bare privacy.Deny, which a judge may return
// without saying why, into the domain's denial naming the role, so that
// every refusal that leaves the store is a koncern error and nothing above
// it (handlers, web) needs to know ent's privacy package to recognise one.
type domainDenials struct {
	what string
	ent.Policy
}

func (p domainDenials) EvalQuery(ctx context.Context, q ent.Query) error {
	return asDenial(ctx, "read "+p.what, p.Policy.EvalQuery(ctx, q))
}

func (p domainDenials) EvalMutation(ctx context.Context, m ent.Mutation) error {
	return asDenial(ctx, "change "+p.what, p.Policy.EvalMutation(ctx, m))
}

func asDenial(ctx context.Context, action string, err error) error {
	if errors.Is(err, entprivacy.Deny) {
		return Denial(ctx, action)
	}
	return err
}

// MayRead refuses, with the entity's own denial, a caller who may never
// read the entity; it consults no state.
func (a Access) MayRead(ctx context.Context) error {
	if a.reads(ctx) {
		return nil
	}
	return Denial(ctx, "read "+a.what)
}

// MayChange refuses, with the entity's own denial, a caller whose role no
// grant lets make a mutation of kind op (one of them, when op names
// several) that changes fields (any fields, when none are named): one who
// may never make such a change. It consults neither the mutation nor any
// stored record, so it can run before a request's body is read; a caller
// it lets pass is judged by the full policy when the change is made.
func (a Access) MayChange(ctx context.Context, op Op, fields ...string) error {
	v, _ := viewer.FromContext(ctx)
	for _, g := range a.grants {
		if g.Role == v.Role && g.Ops.Is(op) && g.covers(fields) {
			return nil
		}
	}
	return Denial(ctx, "change "+a.what)
}

func (a Access) reads(ctx context.Context) bool {
	v, ok := viewer.FromContext(ctx)
	return ok && (v.Has(a.readers...) || (a.public && v.PublicRead))
}

func (a Access) allowReads() entprivacy.QueryRule {
	return entprivacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		if a.reads(ctx) {
			return entprivacy.Allow
		}
		return entprivacy.Skip
	})
}

// allowChanges applies the grants of the caller's role for the mutation's
// operation: a grant limited to fields refuses a change of any other, the
// first grant without a judge allows, a judge decides (or skips to the
// next grant); no grant skips to the final denial.
func (a Access) allowChanges() entprivacy.MutationRule {
	return entprivacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v, ok := viewer.FromContext(ctx)
		if !ok {
			return entprivacy.Skip
		}
		for _, g := range a.grants {
			if g.Role != v.Role || !m.Op().Is(g.Ops) {
				continue
			}
			if err := g.outsideFields(m, a.what); err != nil {
				return err
			}
			if g.Judge == nil {
				return entprivacy.Allow
			}
			if err := g.Judge.EvalMutation(ctx, m); !errors.Is(err, entprivacy.Skip) {
				return err
			}
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
