package registry

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/apitoken"
	"github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/websession"
	"github.com/koncernregistret/koncern/viewer"
)

// Sessions are the web application's sign-ins (ent/schema/websession.go
// says why they stay out of the audit trail). The browser holds the
// secret; the database keeps its hash, like a token's.

// SessionPrefix starts every session secret, so that a leaked one is
// recognised for what it is and never taken for an API token.
const SessionPrefix = "ks_"

// DefaultSessionTTL is how long a session lasts when its starter asks for
// no other time: a working day, so that a browser left signed in overnight
// is signed out by the morning.
const DefaultSessionTTL = 12 * time.Hour

// sessionRetention is how long a session is kept after it ended or
// expired: long enough for its holder to be told why it no longer signs
// in, short enough that the table does not grow with every sign-in.
const sessionRetention = 24 * time.Hour

// SessionRefusal says why a session secret signs nobody in, so that a page
// can tell its holder in the holder's language.
type SessionRefusal string

// The reasons a session is refused.
const (
	SessionUnknown      SessionRefusal = "unknown"
	SessionExpired      SessionRefusal = "expired"
	SessionEnded        SessionRefusal = "ended"
	SessionTokenRevoked SessionRefusal = "token_revoked"
	SessionTokenExpired SessionRefusal = "token_expired"
)

// SessionError refuses a session: an EUNAUTHORIZED *koncern.Error, which
// errors.As and koncern.ErrorCode find as such, with the reason beside it.
type SessionError struct {
	Reason SessionRefusal
	Err    *koncern.Error
}

func (e *SessionError) Error() string { return e.Err.Error() }

// Unwrap is the domain error, for the layers that map errors to statuses.
func (e *SessionError) Unwrap() error { return e.Err }

func refuseSession(reason SessionRefusal, format string, args ...any) *SessionError {
	return &SessionError{Reason: reason, Err: koncern.Errorf(koncern.EUNAUTHORIZED, format, args...)}
}

// StartTokenSession authenticates an API token, as Authenticate does, and
// starts a session for its holder, with the token's name and role. The
// session never outlives the token: it expires at the token's expiry if
// that comes before ttl has passed, and it ends when the token is revoked.
// A ttl of zero or less means DefaultSessionTTL.
func (r *Registry) StartTokenSession(ctx context.Context, apiToken string, ttl time.Duration) (string, viewer.Viewer, error) {
	row, err := r.tokenInForce(ctx, apiToken)
	if err != nil {
		return "", viewer.Viewer{}, err
	}
	v := tokenViewer(row)
	expires := r.sessionExpiry(ttl)
	if row.ExpiresAt != nil && row.ExpiresAt.Before(expires) {
		expires = row.ExpiresAt.UTC()
	}
	secret, err := r.startSession(ctx, v, expires, func(c *ent.WebSessionCreate) { c.SetTokenID(row.ID) })
	return secret, v, err
}

// StartSession starts a session for a caller authenticated elsewhere (by
// the identity provider): v's name and role, and the subject that
// identifies it there, such as "issuer#sub". A ttl of zero or less means
// DefaultSessionTTL.
func (r *Registry) StartSession(ctx context.Context, v viewer.Viewer, subject string, ttl time.Duration) (string, error) {
	if strings.TrimSpace(v.Name) == "" {
		return "", koncern.Invalid("name", "must not be empty")
	}
	if slices.ContainsFunc(reservedActors, func(n string) bool { return strings.EqualFold(v.Name, n) }) {
		return "", koncern.Invalid("name", "%q is reserved for callers without a sign-in", v.Name)
	}
	if !slices.Contains(koncern.AccessRoles, v.Role) {
		return "", koncern.Invalid("role", "must be one of %s", strings.Join(koncern.AccessRoles, ", "))
	}
	return r.startSession(ctx, viewer.Viewer{Name: v.Name, Role: v.Role}, r.sessionExpiry(ttl), func(c *ent.WebSessionCreate) {
		if subject != "" {
			c.SetSubject(subject)
		}
	})
}

// sessionExpiry is when a session started now with ttl expires.
func (r *Registry) sessionExpiry(ttl time.Duration) time.Time {
	if ttl <= 0 {
		ttl = DefaultSessionTTL
	}
	return r.Now().UTC().Add(ttl)
}

// startSession stores a session for v, which the privacy rules judge as
// v's own, and returns its secret. It first clears old sessions, so that
// the sign-ins themselves keep the table small.
func (r *Registry) startSession(ctx context.Context, v viewer.Viewer, expires time.Time, set func(*ent.WebSessionCreate)) (string, error) {
	secret, err := newSecret(SessionPrefix)
	if err != nil {
		return "", err
	}
	now := r.Now().UTC().Truncate(time.Microsecond)
	if err := r.clearOldSessions(ctx, now); err != nil {
		return "", err
	}
	c := r.client().WebSession.Create().SetSecretHash(hashSecret(secret)).SetName(v.Name).SetRole(v.Role).
		SetCreatedAt(now).SetExpiresAt(expires.UTC().Truncate(time.Microsecond))
	set(c)
	if err := c.Exec(viewer.NewContext(ctx, v)); err != nil {
		return "", err
	}
	return secret, nil
}

// clearOldSessions deletes the sessions that ended or expired more than
// sessionRetention before now. It is the process's own housekeeping, not
// the caller's act, so it runs as system.
func (r *Registry) clearOldSessions(ctx context.Context, now time.Time) error {
	cutoff := now.Add(-sessionRetention)
	_, err := r.client().WebSession.Delete().
		Where(websession.Or(websession.ExpiresAtLT(cutoff), websession.EndedAtLT(cutoff))).Exec(viewer.System(ctx))
	return err
}

// SessionViewer returns the caller a session secret stands for, or a
// *SessionError saying why it stands for nobody. A session started with a
// token is checked against the token on every lookup (from the token cache
// while the registry's version stays), so that it stops at once when the
// token is revoked or expires, and so that a session row whose name or
// role was changed past the registry signs nobody in.
func (r *Registry) SessionViewer(ctx context.Context, secret string) (viewer.Viewer, error) {
	row, err := r.sessionOf(ctx, secret)
	if err != nil {
		return viewer.Viewer{}, err
	}
	if row.TokenID != nil {
		if err := r.checkSessionToken(ctx, row); err != nil {
			return viewer.Viewer{}, err
		}
	}
	switch {
	case row.EndedAt != nil:
		return viewer.Viewer{}, refuseSession(SessionEnded, "the session ended at %s; sign in again", row.EndedAt.UTC().Format(time.RFC3339))
	case !r.Now().Before(row.ExpiresAt):
		return viewer.Viewer{}, refuseSession(SessionExpired, "the session expired at %s; sign in again", row.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return viewer.Viewer{Name: row.Name, Role: row.Role}, nil
}

// sessionOf finds the session of secret. The lookup runs before anyone is
// known, so it is allowed past the privacy rules, as a token's is.
func (r *Registry) sessionOf(ctx context.Context, secret string) (*ent.WebSession, error) {
	if !strings.HasPrefix(secret, SessionPrefix) {
		return nil, refuseSession(SessionUnknown, "the session is not a session of this registry; sign in")
	}
	row, err := r.client().WebSession.Query().Where(websession.SecretHash(hashSecret(secret))).
		Only(privacy.DecisionContext(ctx, privacy.Allow))
	if ent.IsNotFound(err) {
		return nil, refuseSession(SessionUnknown, "the session is not known (it may have ended long ago); sign in")
	}
	return row, err
}

// checkSessionToken refuses a session whose token is no longer in force or
// does not match it.
func (r *Registry) checkSessionToken(ctx context.Context, row *ent.WebSession) error {
	tok, err := r.sessionToken(ctx, *row.TokenID)
	if ent.IsNotFound(err) {
		return refuseSession(SessionUnknown, "the API token of the session is not known; sign in")
	} else if err != nil {
		return err
	}
	if tok.Name != row.Name || tok.Role != row.Role {
		return refuseSession(SessionUnknown, "the session does not match its API token; sign in")
	}
	if reason, err := r.tokenRefusal(tok); err != nil {
		return &SessionError{Reason: reason, Err: koncern.Errorf(koncern.EUNAUTHORIZED, "the session has ended: %s", koncern.ErrorMessage(err))}
	}
	return nil
}

func (r *Registry) sessionToken(ctx context.Context, id uuid.UUID) (*ent.APIToken, error) {
	return cachedToken(ctx, r, &r.shared.sessionTokens, id, apitoken.ID(id))
}

// EndSession ends the session of secret (signing out). Ending a session
// that is unknown or has ended already is no error: the holder is signed
// out either way. Whoever holds the secret is the session's caller, so the
// end is judged as the session's own.
func (r *Registry) EndSession(ctx context.Context, secret string) error {
	row, err := r.sessionOf(ctx, secret)
	if koncern.ErrorCode(err) == koncern.EUNAUTHORIZED {
		return nil
	} else if err != nil || row.EndedAt != nil {
		return err
	}
	holder := viewer.NewContext(ctx, viewer.Viewer{Name: row.Name, Role: row.Role})
	return r.client().WebSession.Update().Where(websession.ID(row.ID), websession.EndedAtIsNil()).
		SetEndedAt(r.Now().UTC().Truncate(time.Microsecond)).Exec(holder)
}

// endTokenSessions ends, in the revocation's transaction, the sessions
// started with token id, at the revocation's moment at.
func endTokenSessions(ctx context.Context, tx *ent.Tx, id uuid.UUID, at time.Time) error {
	return tx.WebSession.Update().Where(websession.TokenID(id), websession.EndedAtIsNil()).SetEndedAt(at).Exec(ctx)
}

// EndSessionsOf ends every open session of the caller named name (an API
// token's name, or "oidc:" and a person's name at the identity provider),
// and says how many it ended: the administrator's way to sign out a person
// whose sessions no token revocation reaches, such as one disabled at the
// identity provider. The privacy rules let only an administrator end
// another's sessions.
func (r *Registry) EndSessionsOf(ctx context.Context, name string) (int, error) {
	if strings.TrimSpace(name) == "" {
		return 0, koncern.Invalid("name", "is required: the name the sessions were started under")
	}
	return r.client().WebSession.Update().Where(websession.Name(name), websession.EndedAtIsNil()).
		SetEndedAt(r.Now().UTC().Truncate(time.Microsecond)).Save(ctx)
}
