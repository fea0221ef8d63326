package oidclogin_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/viewer"
)

// redirectURL is where the provider sends the browser back. Nothing
// listens there: the test's browser stops at the redirect and reads it.
const redirectURL = "http://127.0.0.1:9/login/oidc/callback"

// startProvider runs a mock OpenID Connect provider for one test.
func startProvider(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return m
}

// configFor is a Config for the mock provider m.
func configFor(m *mockoidc.MockOIDC) oidclogin.Config {
	c := m.Config()
	return oidclogin.Config{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: redirectURL}
}

// fixture is a mock provider and a Provider signing in with it.
type fixture struct {
	m *mockoidc.MockOIDC
	p *oidclogin.Provider
}

// newFixture starts a mock provider and discovers it; edit, when not nil,
// changes the configuration first.
func newFixture(t *testing.T, edit func(*oidclogin.Config)) fixture {
	t.Helper()
	m := startProvider(t)
	cfg := configFor(m)
	if edit != nil {
		edit(&cfg)
	}
	p, err := oidclogin.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return fixture{m: m, p: p}
}

// start queues u at the provider, begins a sign-in and plays the browser
// through the provider's authorization endpoint.
func (f fixture) start(t *testing.T, u person) (pending oidclogin.Pending, state, code string) {
	t.Helper()
	f.m.QueueUser(u)
	authURL, pending, err := f.p.Begin()
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	state, code = authorize(t, authURL)
	return pending, state, code
}

// signIn runs the whole flow for u as an honest browser would.
func (f fixture) signIn(t *testing.T, u person) (viewer.Viewer, string, error) {
	t.Helper()
	pending, state, code := f.start(t, u)
	return f.p.Finish(context.Background(), pending, state, code)
}

// authorize plays the browser at the provider: it opens authURL and
// returns the state and code the provider sends back to the redirect URL,
// without following that last redirect.
func authorize(t *testing.T, authURL string) (state, code string) {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorization endpoint answered %s, want 302", resp.Status)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc.String(), redirectURL+"?") {
		t.Fatalf("provider sent the browser to %s, want %s", loc, redirectURL)
	}
	return loc.Query().Get("state"), loc.Query().Get("code")
}

// person is a user of the mock provider whose ID token carries claims
// beside the standard ones; edit, when not nil, changes the standard ones,
// to play a provider that issues a token it should not.
type person struct {
	sub    string
	claims map[string]any
	edit   func(*mockoidc.IDTokenClaims)
}

func (u person) ID() string { return u.sub }

func (u person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.sub})
}

func (u person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.edit != nil {
		u.edit(base)
	}
	return idClaims{IDTokenClaims: base, extra: u.claims}, nil
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

// anna is a registrar whose provider names her by preferred_username.
func anna() person {
	return person{sub: "anna-0001", claims: map[string]any{
		"role": "registrar", "preferred_username": "anna.andersson@kommun.example", "name": "Anna Andersson",
	}}
}

// with returns u with claims changed; a nil value removes the claim.
func (u person) with(claims map[string]any) person {
	out := person{sub: u.sub, edit: u.edit, claims: maps.Clone(u.claims)}
	for k, v := range claims {
		if v == nil {
			delete(out.claims, k)
		} else {
			out.claims[k] = v
		}
	}
	return out
}
