// Package oidclogin signs a person in to the web application with the
// municipality's OpenID Connect provider: the authorization code flow with
// PKCE (S256), a state that ties the provider's answer to the browser that
// started the sign-in, and a nonce that ties the ID token to it. The role is
// read from the ID token exactly as package jwtauth reads a bearer JWT's.
//
// The package knows nothing of HTTP routing, cookies or pages. A caller
//
//  1. calls Begin, keeps Pending.Encode() in a short-lived HttpOnly cookie
//     and redirects the browser to the URL;
//  2. on the redirect URL, checks CallbackError, reads the cookie back with
//     DecodePending, and calls Finish with the query's state and code.
//
// The cookie must be SameSite=Lax, not Strict: the browser comes back from
// the provider's site, and a Strict cookie would not come with it.
package oidclogin

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/koncernregistret/koncern/jwtauth"
	"github.com/koncernregistret/koncern/viewer"
)

// ActorPrefix starts the name the audit trail records for a person signed
// in here. The registry reserves it (registry.OIDCActorPrefix), so that no
// API token can pass for such a person, nor such a person for a token.
const ActorPrefix = "oidc:"

// Provider signs people in with one OpenID Connect provider. It is safe
// for concurrent use.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New reads the provider's discovery document and returns a Provider. Its
// errors are about configuration and meant for the operator; each names
// the flag to put right.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.normalize(); err != nil {
		return nil, fmt.Errorf("oidclogin: %w", err)
	}
	// The client in the context serves the discovery request and, kept by
	// go-oidc, every later fetch of the provider's keys.
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, cfg.HTTPClient), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidclogin: %w", discoveryError(cfg.Issuer, err))
	}
	if err := checkPKCE(op); err != nil {
		return nil, fmt.Errorf("oidclogin: --oidc-issuer %q: %w", cfg.Issuer, err)
	}
	return &Provider{
		cfg: cfg,
		// The endpoint's AuthStyle is left to auto-detection: providers
		// differ in whether they take the client secret in the header or
		// the body, whatever their discovery document says.
		oauth: oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: op.Endpoint(), Scopes: cfg.Scopes,
		},
		verifier: op.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// checkPKCE refuses a provider that says it does PKCE but not with S256.
// One that says nothing may still do it (many do without saying), and one
// that ignores the challenge still gets the state and the nonce checked.
func checkPKCE(op *oidc.Provider) error {
	var meta struct {
		Methods []string `json:"code_challenge_methods_supported"`
	}
	if err := op.Claims(&meta); err != nil {
		return fmt.Errorf("the discovery document could not be read: %w", err)
	}
	if len(meta.Methods) > 0 && !slices.Contains(meta.Methods, "S256") {
		return fmt.Errorf("the provider offers PKCE only with %v; the registry needs S256", meta.Methods)
	}
	return nil
}

// Name is the provider's name for the sign-in button: "Logga in med
// <Name>".
func (p *Provider) Name() string { return p.cfg.DisplayName }

// Begin starts a sign-in. It returns the URL to send the browser to and
// what the caller must keep, in a short-lived HttpOnly cookie, to finish
// it: a fresh random state, nonce and PKCE verifier, whose S256 challenge
// is in the URL. The error is always nil today; it is in the signature so
// that callers handle it should starting ever need the provider.
func (p *Provider) Begin() (authURL string, pending Pending, err error) {
	pending = newPending()
	authURL = p.oauth.AuthCodeURL(pending.State, oidc.Nonce(pending.Nonce), oauth2.S256ChallengeOption(pending.Verifier))
	return authURL, pending, nil
}

// Finish completes a sign-in with the state and code the provider sent to
// the redirect URL and the pending values of the browser that came back.
// It checks the state, exchanges the code with the PKCE verifier, verifies
// the ID token (signature, issuer, audience, authorized party, expiry,
// nonce) and returns the person as a viewer, with the role of the role
// claim, and their stable subject, "issuer#sub", for the session to keep.
// Every error is one of this package's Err* values, possibly wrapping the
// cause for the log.
func (p *Provider) Finish(ctx context.Context, pending Pending, state, code string) (viewer.Viewer, string, error) {
	if pending.State == "" || pending.Nonce == "" || pending.Verifier == "" {
		return viewer.Viewer{}, "", ErrPending
	}
	if subtle.ConstantTimeCompare([]byte(state), []byte(pending.State)) != 1 {
		return viewer.Viewer{}, "", ErrState
	}
	if code == "" {
		return viewer.Viewer{}, "", ErrNoCode
	}
	tok, err := p.idToken(ctx, pending, code)
	if err != nil {
		return viewer.Viewer{}, "", err
	}
	return p.caller(tok)
}

// idToken exchanges code for tokens and returns the verified ID token.
func (p *Provider) idToken(ctx context.Context, pending Pending, code string) (*oidc.IDToken, error) {
	ctx = oidc.ClientContext(ctx, p.cfg.HTTPClient)
	t, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		return nil, exchangeError(err)
	}
	raw, _ := t.Extra("id_token").(string)
	if raw == "" {
		return nil, ErrNoIDToken
	}
	tok, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		if _, ok := errors.AsType[*oidc.TokenExpiredError](err); ok {
			return nil, wrap(ErrExpired, err)
		}
		return nil, wrap(ErrIDToken, err)
	}
	if err := p.checkParty(tok); err != nil {
		return nil, wrap(ErrIDToken, err)
	}
	if subtle.ConstantTimeCompare([]byte(tok.Nonce), []byte(pending.Nonce)) != 1 {
		return nil, ErrNonce
	}
	return tok, nil
}

// exchangeError tells a provider that refused the code (a used or
// expired code, a wrong secret or verifier) from one that could not
// answer (the network, or its own fault).
func exchangeError(err error) error {
	if re, ok := errors.AsType[*oauth2.RetrieveError](err); ok && re.Response != nil && re.Response.StatusCode < http.StatusInternalServerError {
		return wrap(ErrExchange, err)
	}
	return wrap(ErrUnreachable, err)
}

// checkParty does what go-oidc leaves to the caller of OpenID Connect
// Core 3.1.3.7, items 4 and 5: a token for several audiences must say it
// was issued to this client (azp), and an azp must be this client.
func (p *Provider) checkParty(tok *oidc.IDToken) error {
	var c struct {
		AZP string `json:"azp"`
	}
	if err := tok.Claims(&c); err != nil {
		return err
	}
	switch {
	case c.AZP != "" && c.AZP != p.cfg.ClientID:
		return fmt.Errorf("the token was issued to %q (azp), not to this client", c.AZP)
	case c.AZP == "" && len(tok.Audience) > 1:
		return fmt.Errorf("the token is for several audiences %q and does not say which one it was issued to (azp)", tok.Audience)
	case tok.Subject == "":
		return errors.New("the token has no subject (sub)")
	}
	return nil
}

// caller reads the person from a verified ID token.
func (p *Provider) caller(tok *oidc.IDToken) (viewer.Viewer, string, error) {
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return viewer.Viewer{}, "", wrap(ErrIDToken, err)
	}
	role, err := jwtauth.RoleOf(claims[p.cfg.RoleClaim])
	if err != nil {
		return viewer.Viewer{}, "", roleError(p.cfg.RoleClaim, err)
	}
	subject := tok.Issuer + "#" + tok.Subject
	return viewer.Viewer{Name: ActorPrefix + nameOf(claims, tok.Subject), Role: role}, subject, nil
}

// roleError turns jwtauth's refusal into this package's, naming the claim
// for the log: the operator then sees which claim the provider left out.
func roleError(claim string, err error) error {
	if errors.Is(err, jwtauth.ErrNoRole) {
		return wrap(ErrNoRole, fmt.Errorf("the ID token has no %q claim", claim))
	}
	return wrap(ErrRole, fmt.Errorf("the ID token's %q claim names no role of the registry", claim))
}

// nameOf is the name the audit trail records: one a person recognises,
// rather than the provider's opaque subject. preferred_username comes
// first since providers set it from the directory (the UPN in Entra ID);
// an email counts only when the provider has verified it, since people
// can often type their own; the display name is last, as two people may
// share one. The subject is the fallback.
func nameOf(claims map[string]any, sub string) string {
	if s := claimString(claims, "preferred_username"); s != "" {
		return s
	}
	if verified, _ := claims["email_verified"].(bool); verified {
		if s := claimString(claims, "email"); s != "" {
			return s
		}
	}
	if s := claimString(claims, "name"); s != "" {
		return s
	}
	return sub
}

func claimString(claims map[string]any, name string) string {
	s, _ := claims[name].(string)
	return strings.TrimSpace(s)
}
