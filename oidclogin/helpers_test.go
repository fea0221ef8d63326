package oidclogin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/koncernregistret/koncern/internal/oidctest"
	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/viewer"
)

// redirectURL is where the provider sends the browser back. Nothing
// listens there: the test's browser stops at the redirect and reads it.
const redirectURL = "http://127.0.0.1:9/login/oidc/callback"

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

// person is a user of the mock provider (package oidctest).
type person = oidctest.Person

func startProvider(t *testing.T) *mockoidc.MockOIDC { return oidctest.Start(t) }

func anna() person { return oidctest.Anna() }
