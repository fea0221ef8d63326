// Package viewer carries the caller of a request through the context: who
// they are (the name the audit trail records) and the role that the
// privacy rules of the data layer judge them by.
package viewer

import (
	"context"

	"github.com/koncernregistret/koncern"
)

// Viewer is the caller. A zero Role means an anonymous caller, who may read
// the registry only when the server publishes it (PublicRead).
type Viewer struct {
	// Name is what the audit trail records as the actor.
	Name string
	// Role is one of koncern.AccessRoles, or empty for an anonymous caller.
	Role string
	// PublicRead lets an anonymous caller read the registry (not the audit
	// trail), for a server that publishes under the principle of public
	// access.
	PublicRead bool
}

// Anonymous is the name recorded for a caller without credentials.
const Anonymous = "anonymous"

// SystemName is the actor of the process itself: the CLI, the demo loader.
const SystemName = "system"

// IsAnonymous reports whether the caller showed no credentials.
func (v Viewer) IsAnonymous() bool { return v.Role == "" }

// Has reports whether the caller holds one of roles.
func (v Viewer) Has(roles ...string) bool {
	for _, r := range roles {
		if v.Role == r {
			return true
		}
	}
	return false
}

type ctxKey struct{}

// NewContext returns a context that carries v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx; ok is false when there is none,
// which the privacy rules treat as a caller who may do nothing.
func FromContext(ctx context.Context) (v Viewer, ok bool) {
	v, ok = ctx.Value(ctxKey{}).(Viewer)
	return v, ok
}

// System returns a context for the process's own work (the CLI, loading
// the demo, migrations' data steps): an administrator named "system".
func System(ctx context.Context) context.Context {
	return NewContext(ctx, Viewer{Name: SystemName, Role: koncern.AccessAdmin})
}
