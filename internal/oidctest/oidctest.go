// Package oidctest runs a mock OpenID Connect provider (mockoidc) for the
// tests of signing in, with people whose ID tokens carry the claims a
// municipality's provider would add: a role, a preferred username.
package oidctest

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// Start runs a mock provider for one test.
func Start(t testing.TB) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

// Person is a user of the mock provider whose ID token carries Extra
// beside the standard ones; Edit, when not nil, changes the standard ones,
// to play a provider that issues a token it should not.
type Person struct {
	Sub   string
	Extra map[string]any
	Edit  func(*mockoidc.IDTokenClaims)
}

// ID is the person's subject.
func (u Person) ID() string { return u.Sub }

// Userinfo is what the provider's userinfo endpoint says of the person.
func (u Person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.Sub})
}

// Claims are the claims of the person's ID token.
func (u Person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.Edit != nil {
		u.Edit(base)
	}
	return idClaims{IDTokenClaims: base, extra: u.Extra}, nil
}

// idClaims are the claims of an ID token of the mock provider: the
// standard ones of mockoidc and the person's own.
type idClaims struct {
	*mockoidc.IDTokenClaims
	extra map[string]any
}

func (c idClaims) MarshalJSON() ([]byte, error) {
	std, err := json.Marshal(c.IDTokenClaims)
	if err != nil {
		return nil, err
	}
	all := map[string]any{}
	if err := json.Unmarshal(std, &all); err != nil {
		return nil, err
	}
	maps.Copy(all, c.extra)
	return json.Marshal(all)
}

// Anna is a registrar whose provider names her by preferred_username.
func Anna() Person {
	return Person{Sub: "anna-0001", Extra: map[string]any{
		"role": "registrar", "preferred_username": "anna.andersson@kommun.example", "name": "Anna Andersson",
	}}
}

// With returns u with claims changed; a nil value removes the claim.
func (u Person) With(claims map[string]any) Person {
	out := Person{Sub: u.Sub, Edit: u.Edit, Extra: maps.Clone(u.Extra)}
	for k, v := range claims {
		if v == nil {
			delete(out.Extra, k)
		} else {
			out.Extra[k] = v
		}
	}
	return out
}
