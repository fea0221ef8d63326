package main

import (
	"context"
	"flag"
	"os"
	"strings"

	"github.com/koncernregistret/koncern/oidclogin"
)

// oidcFlags are the flags of the web application's sign-in with the
// municipality's OpenID Connect provider.
type oidcFlags struct {
	issuer, clientID, clientSecret, redirectURL, name, scopes string
}

func (f *oidcFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.issuer, "oidc-issuer", "", "let people sign in to the web application with the OpenID Connect provider of this issuer URL")
	fs.StringVar(&f.clientID, "oidc-client-id", "", "the registry's client id at the OpenID Connect provider")
	// The default is not the variable's value: the usage text, printed on a
	// mistyped flag, would show the secret.
	fs.StringVar(&f.clientSecret, "oidc-client-secret", "", "the registry's client secret at the OpenID Connect provider; default $"+oidclogin.ClientSecretEnv)
	fs.StringVar(&f.redirectURL, "oidc-redirect-url", "", "where the provider sends the browser back: https://HOST/login/oidc/callback, as registered with the provider")
	fs.StringVar(&f.name, "oidc-name", "", `the provider's name on the sign-in page, "Logga in med NAME" (default: the issuer's host)`)
	fs.StringVar(&f.scopes, "oidc-scopes", "profile email", "scopes asked for beside openid, such as groups when the role claim needs it")
}

// oidcConfig reads the flags into the provider's configuration; ok is
// false when none of them is given. The role comes from the same claim as
// a bearer JWT's (--jwt-role-claim), so that a person has one role in the
// registry whichever way they come in.
func oidcConfig(o options) (cfg oidclogin.Config, ok bool) {
	f := o.oidc
	if f.clientSecret == "" {
		f.clientSecret = os.Getenv(oidclogin.ClientSecretEnv)
	}
	if f.issuer == "" && f.clientID == "" && f.clientSecret == "" && f.redirectURL == "" && f.name == "" {
		return oidclogin.Config{}, false
	}
	return oidclogin.Config{
		Issuer: f.issuer, ClientID: f.clientID, ClientSecret: f.clientSecret, RedirectURL: f.redirectURL,
		DisplayName: f.name, RoleClaim: o.jwt.RoleClaim,
		Scopes: strings.FieldsFunc(f.scopes, func(r rune) bool { return r == ',' || r == ' ' }),
	}, true
}

// oidcProvider builds the web application's OpenID Connect sign-in from
// the --oidc-* flags, or returns nil when they give none. It reads the
// provider's discovery document, so that a wrong issuer or an unreachable
// provider stops the server at its start instead of failing the first
// person who signs in; its errors name the flag to put right.
func oidcProvider(ctx context.Context, o options) (*oidclogin.Provider, error) {
	cfg, ok := oidcConfig(o)
	if !ok {
		return nil, nil
	}
	return oidclogin.New(ctx, cfg)
}
