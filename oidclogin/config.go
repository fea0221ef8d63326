package oidclogin

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// Config says which provider to sign in with and how the registry is
// known to it. The four strings Issuer, ClientID, ClientSecret and
// RedirectURL are required together; the errors of New name them by the
// flags of `koncern serve` that set them, since that is where an operator
// puts them right.
type Config struct {
	Issuer       string // --oidc-issuer: the provider's issuer URL, as its discovery document spells it
	ClientID     string // --oidc-client-id
	ClientSecret string // --oidc-client-secret or $KONCERN_OIDC_CLIENT_SECRET
	RedirectURL  string // --oidc-redirect-url: where the provider sends the browser back, registered with it
	// DisplayName is shown as "Logga in med <DisplayName>"; default the
	// issuer's host name (--oidc-name).
	DisplayName string
	// RoleClaim is the ID token claim that names the role, read as
	// jwtauth reads a bearer JWT's (--jwt-role-claim); default "role".
	RoleClaim string
	// Scopes are asked for beside "openid", which is always asked for;
	// default profile and email. A provider may put the role claim in the
	// ID token only when a scope such as "groups" asks for it.
	Scopes []string
	// HTTPClient reaches the provider (discovery, keys, token exchange);
	// default one with a 10 s timeout, so that a hung provider cannot hold
	// a sign-in, or the start of the server, for ever.
	HTTPClient *http.Client
}

// ClientSecretEnv names the variable `koncern serve` also reads the
// client secret from, so that it need not stand on a command line, which ps
// shows to every user of the machine.
const ClientSecretEnv = "KONCERN_OIDC_CLIENT_SECRET"

// normalize checks cfg and fills in the defaults.
func (cfg *Config) normalize() error {
	for _, f := range []struct{ flag, value string }{
		{"--oidc-issuer", cfg.Issuer},
		{"--oidc-client-id", cfg.ClientID},
		{"--oidc-client-secret (or $" + ClientSecretEnv + ")", cfg.ClientSecret},
		{"--oidc-redirect-url", cfg.RedirectURL},
	} {
		if strings.TrimSpace(f.value) == "" {
			return fmt.Errorf("sign-in with OpenID Connect needs %s too: set the issuer, client id, client secret and redirect URL together", f.flag)
		}
	}
	issuer, err := checkIssuer(cfg.Issuer)
	if err != nil {
		return err
	}
	if err := checkRedirect(cfg.RedirectURL); err != nil {
		return err
	}
	cfg.DisplayName = cmp.Or(strings.TrimSpace(cfg.DisplayName), issuer.Hostname())
	cfg.RoleClaim = cmp.Or(cfg.RoleClaim, "role")
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"profile", "email"}
	}
	cfg.Scopes = withOpenID(cfg.Scopes)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return nil
}

// checkIssuer accepts an https URL, or plain http on the loopback
// interface for a provider on the operator's own machine: the client
// secret and the tokens travel to the issuer's endpoints, and anywhere
// else plain http would show them to the network.
func checkIssuer(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("--oidc-issuer %q is not an http(s) URL", raw)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("--oidc-issuer %q must use https (plain http only on localhost)", raw)
	}
	return u, nil
}

// checkRedirect accepts an absolute http(s) URL without a fragment, as
// RFC 6749 section 3.1.2 requires of a redirection endpoint.
func checkRedirect(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return fmt.Errorf("--oidc-redirect-url %q is not an absolute http(s) URL", raw)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Errorf("--oidc-redirect-url %q must not have a fragment (#...)", raw)
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// withOpenID puts "openid" first, once: without it the provider answers
// with plain OAuth 2.0 and no ID token.
func withOpenID(scopes []string) []string {
	out := []string{"openid"}
	for _, s := range scopes {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// discoveryError explains a failed discovery to the operator. The common
// mistake, an issuer spelt differently from the provider's own spelling
// (a trailing slash, http for https), gets its own advice.
func discoveryError(issuer string, err error) error {
	if mismatch, ok := errors.AsType[*oidc.IssuerMismatchError](err); ok {
		return fmt.Errorf("--oidc-issuer %q: the provider calls itself %q; give the issuer exactly as the provider spells it", issuer, mismatch.Discovered)
	}
	return fmt.Errorf("--oidc-issuer %q: reading the provider's discovery document (%s/.well-known/openid-configuration) failed: %w",
		issuer, strings.TrimSuffix(issuer, "/"), err)
}
