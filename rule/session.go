package rule

import (
	"context"
	"slices"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	gen "github.com/koncernregistret/koncern/ent"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/websession"
	"github.com/koncernregistret/koncern/viewer"
)

// Sessions are the web application's sign-ins. The registry finds a
// session by the hash of its secret before it knows the caller, past these
// rules, as it finds a token; everything else is judged here. An
// administrator reads and changes every session (revoking a token ends its
// sessions, and the process clears old ones as system); every other role
// starts sessions under its own name and role only, and changes nothing
// of them but ending its own.
var Sessions = Access{what: "sign-in sessions", readers: []string{koncern.AccessAdmin},
	grants: append(writers(koncern.AccessAdmin), ownSessions(nonAdmins()...)...)}

// nonAdmins are the roles other than admin, whichever a later version adds.
func nonAdmins() []string {
	return slices.DeleteFunc(slices.Clone(koncern.AccessRoles), func(r string) bool { return r == koncern.AccessAdmin })
}

// ownSessions grants each role the start of its own sessions and the end
// of them: an update that sets ended_at and nothing else.
func ownSessions(roles ...string) []Grant {
	var out []Grant
	for _, r := range roles {
		out = append(out,
			Grant{Role: r, Ops: ent.OpCreate, Judge: ownSessionStart()},
			Grant{Role: r, Ops: ent.OpUpdate | ent.OpUpdateOne, Fields: []string{websession.FieldEndedAt}, Judge: ownSessionEnd()})
	}
	return out
}

// ownSessionStart lets a caller start a session under its own name and
// role, so that no one signs in as somebody else or as a stronger role.
func ownSessionStart() entprivacy.MutationRule {
	return entprivacy.WebSessionMutationRuleFunc(func(ctx context.Context, m *gen.WebSessionMutation) error {
		v, _ := viewer.FromContext(ctx)
		name, _ := m.Name()
		role, _ := m.Role()
		if name != v.Name || role != v.Role {
			return koncern.Errorf(koncern.EFORBIDDEN, "a caller starts sessions under its own name and role only")
		}
		return entprivacy.Allow
	})
}

// ownSessionEnd lets a caller end the sessions that are its own. Reading
// the sessions to tell goes past the rules (only an administrator reads
// them), since it only decides and returns nothing.
func ownSessionEnd() entprivacy.MutationRule {
	return entprivacy.WebSessionMutationRuleFunc(func(ctx context.Context, m *gen.WebSessionMutation) error {
		v, _ := viewer.FromContext(ctx)
		decide := entprivacy.DecisionContext(ctx, entprivacy.Allow)
		ids, err := m.IDs(decide)
		if err != nil {
			return err
		}
		others, err := m.Client().WebSession.Query().
			Where(websession.IDIn(ids...), websession.Or(websession.NameNEQ(v.Name), websession.RoleNEQ(v.Role))).Exist(decide)
		if err != nil {
			return err
		}
		if others {
			return koncern.Errorf(koncern.EFORBIDDEN, "a caller ends its own sessions only")
		}
		return entprivacy.Allow
	})
}
