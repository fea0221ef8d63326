package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/apitoken"
	"github.com/koncernregistret/koncern/viewer"
)

// TokenPrefix starts every API token, so that a leaked one is recognised
// for what it is and is never mistaken for a JWT (it has no dots).
const TokenPrefix = "kr_"

// tokenShown is how much of a token a list shows to tell tokens apart: the
// prefix and a few characters of the secret, too few to guess the rest.
const tokenShown = len(TokenPrefix) + 6

// reservedActors are names the audit trail gives to callers who are not
// tokens; a token named so would pass for one of them.
var reservedActors = []string{viewer.SystemName, viewer.Anonymous}

const entityToken = "api_token"

// hashSecret is what the database keeps of a token.
func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// newSecret is 32 random bytes in base64url after prefix, which tells what
// the secret opens.
func newSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

func toToken(t *ent.APIToken) koncern.Token {
	return koncern.Token{
		ID: t.ID.String(), Name: t.Name, Role: t.Role, Prefix: t.Prefix, CreatedAt: t.CreatedAt.UTC(),
		ExpiresAt: utcPtr(t.ExpiresAt), RevokedAt: utcPtr(t.RevokedAt), Version: t.Version,
	}
}

// auditedToken is a token as its audit events hold it: with the hash of
// its secret, so that reconciliation catches a hash swapped by SQL for one
// whose secret the swapper knows. The hash of a 256-bit random secret
// gives no one the secret.
type auditedToken struct {
	koncern.Token
	SecretHash string `json:"secret_hash"`
}

func toAuditedToken(t *ent.APIToken) auditedToken {
	return auditedToken{toToken(t), t.SecretHash}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateToken issues a token with a role. The secret is in the answer and
// nowhere else: the database keeps its hash.
func (r *Registry) CreateToken(ctx context.Context, in koncern.TokenInput) (koncern.IssuedToken, error) {
	var out koncern.IssuedToken
	if err := r.validate.Validate(in); err != nil {
		return out, err
	}
	if err := r.checkTokenInput(in); err != nil {
		return out, err
	}
	secret, err := newSecret(TokenPrefix)
	if err != nil {
		return out, err
	}
	err = r.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.APIToken.Create().SetName(in.Name).SetRole(in.Role).SetSecretHash(hashSecret(secret)).
			SetPrefix(secret[:tokenShown])
		if in.ExpiresAt != nil {
			c.SetExpiresAt(in.ExpiresAt.UTC().Truncate(time.Microsecond))
		}
		row, err := c.Save(ctx)
		if ent.IsConstraintError(err) {
			// The unique name index decides, so that two concurrent requests
			// for one name cannot both pass a check made before the insert.
			return koncern.Conflict("name", "a token named %q exists already; token names are unique", in.Name)
		} else if err != nil {
			return err
		}
		out = koncern.IssuedToken{Token: toToken(row), Secret: secret}
		return r.audit(ctx, tx, change{entity: entityToken, entityID: row.ID.String(), op: opCreate, after: toAuditedToken(row)})
	})
	return out, err
}

func (r *Registry) checkTokenInput(in koncern.TokenInput) error {
	for _, name := range reservedActors {
		if strings.EqualFold(in.Name, name) {
			return koncern.Invalid("name", "%q is reserved for callers without a token", in.Name)
		}
	}
	for _, prefix := range providerPrefixes {
		if strings.HasPrefix(in.Name, prefix) {
			return koncern.Invalid("name", "must not start with %q, which marks callers signed in through the identity provider", prefix)
		}
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(r.Now()) {
		return koncern.Invalid("expires_at", "must be in the future")
	}
	return nil
}

// JWTActorPrefix starts the actor name of a caller signed in with a JWT.
const JWTActorPrefix = "jwt:"

// OIDCActorPrefix starts the actor name of a caller signed in to the web
// application through OpenID Connect (package oidclogin).
const OIDCActorPrefix = "oidc:"

// providerPrefixes mark the actors the identity provider vouches for. A
// token may not take a name that starts with one, or it would pass in the
// audit trail for a person the provider signed in.
var providerPrefixes = []string{JWTActorPrefix, OIDCActorPrefix}

// ListTokens lists every token, revoked and expired ones too, oldest first.
func (r *Registry) ListTokens(ctx context.Context) ([]koncern.Token, error) {
	rows, err := r.client().APIToken.Query().Order(ent.Asc(apitoken.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]koncern.Token, len(rows))
	for i, row := range rows {
		out[i] = toToken(row)
	}
	return out, nil
}

// GetToken returns one token.
func (r *Registry) GetToken(ctx context.Context, id uuid.UUID) (koncern.Token, error) {
	row, err := r.client().APIToken.Get(ctx, id)
	if err != nil {
		return koncern.Token{}, notFound(err, "token", id)
	}
	return toToken(row), nil
}

// TokenID finds a token by its unique name, for the CLI.
func (r *Registry) TokenID(ctx context.Context, name string) (uuid.UUID, error) {
	id, err := r.client().APIToken.Query().Where(apitoken.Name(name)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return uuid.UUID{}, koncern.Errorf(koncern.ENOTFOUND, "no token is named %q", name)
	}
	return id, err
}

// RevokeToken ends a token at once, and the web sessions started with it;
// the row stays, so that the audit trail keeps pointing at something.
// ifVersion zero skips the version check (the CLI, which names the token
// by name).
func (r *Registry) RevokeToken(ctx context.Context, id uuid.UUID, ifVersion int) (koncern.Token, error) {
	var out koncern.Token
	err := r.withTx(ctx, func(tx *ent.Tx) error {
		cur, err := tx.APIToken.Get(ctx, id)
		if err != nil {
			return notFound(err, "token", id)
		}
		if err := checkVersion(cur.Version, ifVersion); err != nil {
			return err
		}
		if cur.RevokedAt != nil {
			return koncern.Conflict("id", "the token was revoked on %s already", cur.RevokedAt.UTC().Format(time.RFC3339))
		}
		at := r.Now().UTC().Truncate(time.Microsecond)
		err = saveOne(tx.APIToken.Update().Where(apitoken.ID(id), apitoken.Version(cur.Version)).
			SetRevokedAt(at).AddVersion(1).Save(ctx))
		if err != nil {
			return err
		}
		if err := endTokenSessions(ctx, tx, id, at); err != nil {
			return err
		}
		row, err := tx.APIToken.Get(ctx, id)
		if err != nil {
			return err
		}
		out = toToken(row)
		return r.audit(ctx, tx, change{entity: entityToken, entityID: id.String(), op: opRevoke, before: toAuditedToken(cur), after: toAuditedToken(row)})
	})
	return out, err
}

// Authenticate returns the caller a token secret stands for. The lookup
// itself runs before anyone is known, so it is allowed past the privacy
// rules; what it returns is then judged by them like any caller.
func (r *Registry) Authenticate(ctx context.Context, secret string) (viewer.Viewer, error) {
	row, err := r.tokenInForce(ctx, secret)
	if err != nil {
		return viewer.Viewer{}, err
	}
	return tokenViewer(row), nil
}

func tokenViewer(row *ent.APIToken) viewer.Viewer {
	return viewer.Viewer{Name: row.Name, Role: row.Role}
}

// tokenInForce finds the token of secret and refuses it unless it is in
// force.
func (r *Registry) tokenInForce(ctx context.Context, secret string) (*ent.APIToken, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, koncern.Errorf(koncern.EUNAUTHORIZED, "the bearer token is not an API token of this registry")
	}
	hash := hashSecret(secret)
	row, err := cachedToken(ctx, r, &r.shared.tokens, hash, apitoken.SecretHash(hash))
	if ent.IsNotFound(err) {
		return nil, koncern.Errorf(koncern.EUNAUTHORIZED, "the API token is not known")
	} else if err != nil {
		return nil, err
	}
	if _, err := r.tokenRefusal(row); err != nil {
		return nil, err
	}
	return row, nil
}

// tokenRefusal refuses a revoked or expired token, and says which of the
// two for a session started with it; it returns nil for a token in force.
func (r *Registry) tokenRefusal(row *ent.APIToken) (SessionRefusal, error) {
	switch {
	case row.RevokedAt != nil:
		return SessionTokenRevoked, koncern.Errorf(koncern.EUNAUTHORIZED, "the API token %s was revoked", row.Prefix)
	case row.ExpiresAt != nil && !r.Now().Before(*row.ExpiresAt):
		return SessionTokenExpired, koncern.Errorf(koncern.EUNAUTHORIZED, "the API token %s expired at %s", row.Prefix, row.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return "", nil
}
