package handlers_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/jwtauth"
	"github.com/koncernregistret/koncern/registry"
)

func bearer(secret string) []string { return []string{"Authorization", "Bearer " + secret} }

func person(name string) map[string]any {
	return map[string]any{"name": name, "valid_from": "2004-01-01"}
}

func TestTokens(t *testing.T) {
	t.Run("IssueUseRevoke", func(t *testing.T) {
		a := newAPI(t)
		var tok koncern.IssuedToken
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "kansli", "role": "registrar"}).decode(t, &tok)
		if !strings.HasPrefix(tok.Secret, registry.TokenPrefix) || !strings.HasPrefix(tok.Secret, tok.Prefix) || tok.Role != "registrar" {
			t.Fatalf("issued %+v", tok)
		}
		if list := a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/tokens", nil); strings.Contains(string(list.Body), tok.Secret) {
			t.Fatal("the token list shows a secret")
		}
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/people", person("Anna Kansli"), bearer(tok.Secret)...)
		var events registry.Page[registry.AuditEvent]
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/audit/events?actor=kansli", nil).decode(t, &events)
		if len(events.Items) != 1 || events.Items[0].Entity != "person" || events.Items[0].Operation != "create" {
			t.Fatalf("events by the token: %+v", events.Items)
		}
		var revoked koncern.Token
		a.mustDo(http.StatusOK, http.MethodDelete, "/api/v1/tokens/"+tok.ID, nil, "If-Match", `"1"`).decode(t, &revoked)
		if revoked.RevokedAt == nil || revoked.Version != 2 {
			t.Fatalf("revoked %+v", revoked)
		}
		res := a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/people", nil, bearer(tok.Secret)...)
		if res.Header.Get("WWW-Authenticate") == "" || !strings.Contains(res.problem(t).Detail, "revoked") {
			t.Fatalf("revoked token: %s %v", res.Body, res.Header)
		}
		a.mustDo(http.StatusConflict, http.MethodDelete, "/api/v1/tokens/"+tok.ID, nil, "If-Match", `"2"`)
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/audit/events?entity=api_token&entity_id="+tok.ID, nil).decode(t, &events)
		if len(events.Items) != 2 || events.Items[0].Operation != "create" || events.Items[1].Operation != "revoke" || events.Items[1].Actor != "test-admin" {
			t.Fatalf("token events: %+v", events.Items)
		}
		if strings.Contains(string(events.Items[0].After), tok.Secret) {
			t.Fatal("the audit trail holds the secret")
		}
	})
	t.Run("SecretStoredAsHashOnly", func(t *testing.T) {
		a := newAPI(t)
		var n int
		q := "SELECT count(*) FROM api_tokens WHERE secret_hash = '" + a.token + "' OR prefix = '" + a.token + "'"
		if err := a.reg.DB().SQL.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Fatalf("the secret is stored as it is: %d %v", n, err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		a := newAPI(t)
		var tok koncern.IssuedToken
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/tokens", map[string]any{"name": "kort", "role": "reader", "expires_at": now.Add(time.Hour)}).decode(t, &tok)
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/people", nil, bearer(tok.Secret)...)
		a.reg.Now = func() time.Time { return now.Add(2 * time.Hour) }
		if p := a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/people", nil, bearer(tok.Secret)...).problem(t); !strings.Contains(p.Detail, "expired") {
			t.Fatalf("expired token: %+v", p)
		}
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		a := newAPI(t)
		a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/people", nil, bearer(registry.TokenPrefix+"nothing")...)
		a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/people", nil, "Authorization", "Basic dXNlcjpwYXNz")
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		a := newAPI(t)
		for _, c := range []struct {
			body   map[string]any
			status int
			field  string
		}{
			{map[string]any{"name": "x", "role": "superuser"}, http.StatusUnprocessableEntity, "role"},
			{map[string]any{"name": "system", "role": "reader"}, http.StatusUnprocessableEntity, "name"},
			{map[string]any{"name": "jwt:anna", "role": "reader"}, http.StatusUnprocessableEntity, "name"},
			{map[string]any{"name": "oidc:anna", "role": "reader"}, http.StatusUnprocessableEntity, "name"},
			{map[string]any{"name": "x", "role": "reader", "expires_at": now.Add(-time.Hour)}, http.StatusUnprocessableEntity, "expires_at"},
			{map[string]any{"name": "test-admin", "role": "reader"}, http.StatusConflict, "name"},
			{map[string]any{"name": "x", "role": "reader", "secret": "mine"}, http.StatusUnprocessableEntity, "secret"},
		} {
			if p := a.mustDo(c.status, http.MethodPost, "/api/v1/tokens", c.body).problem(t); !namesField(p.Errors, c.field) {
				t.Errorf("%v: %+v, want the field %s named", c.body, p, c.field)
			}
		}
	})
	t.Run("IdempotencyKeyPerCaller", func(t *testing.T) {
		a := newAPI(t)
		other := a.tokenFor(koncern.AccessRegistrar)
		var first, second struct{ ID string }
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/people", person("Samma Nyckel"), "Idempotency-Key", "k1").decode(t, &first)
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/people", person("Samma Nyckel"), "Idempotency-Key", "k1", "Authorization", "Bearer "+other).decode(t, &second)
		if first.ID == second.ID {
			t.Fatal("another caller's request with the same key was answered with the first caller's record")
		}
	})
}

// TestJWT signs tokens with a locally generated key whose public half is
// the server's JWKS file, as the identity provider's would be.
func TestJWT(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "idp-1", Algorithm: "RS256", Use: "sig"}}})
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, set, 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := jwtauth.New(jwtauth.Config{JWKSFile: path, Issuer: "https://idp.example", Audience: "koncern"})
	if err != nil {
		t.Fatal(err)
	}
	a := newAPIWith(t, func(c *handlers.Config) { c.JWT = v })
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "idp-1"))
	if err != nil {
		t.Fatal(err)
	}
	sign := func(sub, role string) string {
		raw, err := jwt.Signed(signer).Claims(map[string]any{
			"sub": sub, "role": role, "iss": "https://idp.example", "aud": "koncern",
			"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix(),
		}).Serialize()
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	t.Run("RoleFromClaim", func(t *testing.T) {
		tok := sign("anna", koncern.AccessRegistrar)
		var who struct{ Name, Role string }
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/me", nil, bearer(tok)...).decode(t, &who)
		if who.Name != "jwt:anna" || who.Role != koncern.AccessRegistrar {
			t.Fatalf("me: %+v", who)
		}
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/people", person("Via IdP"), bearer(tok)...)
		var events registry.Page[registry.AuditEvent]
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/audit/events?actor=jwt:anna", nil).decode(t, &events)
		if len(events.Items) != 1 {
			t.Fatalf("events by jwt:anna: %+v", events.Items)
		}
	})
	t.Run("ErrForbiddenRole", func(t *testing.T) {
		a.mustDo(http.StatusForbidden, http.MethodPost, "/api/v1/people", person("Läsare"), bearer(sign("bo", koncern.AccessReader))...)
	})
	t.Run("ErrTampered", func(t *testing.T) {
		tok := sign("bo", koncern.AccessReader)
		parts := strings.Split(tok, ".")
		forged, _ := json.Marshal(map[string]any{"sub": "bo", "role": "admin", "iss": "https://idp.example", "aud": "koncern", "exp": time.Now().Add(time.Hour).Unix()})
		parts[1] = base64.RawURLEncoding.EncodeToString(forged)
		a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/people", nil, bearer(strings.Join(parts, "."))...)
	})
	t.Run("APITokensStillWork", func(t *testing.T) {
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/people", nil)
	})
}
