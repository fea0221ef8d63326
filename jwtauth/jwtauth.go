// Package jwtauth verifies JSON Web Tokens that a municipality's identity
// provider issues, against the provider's key set (JWKS), and turns a valid
// token into the caller of a request.
package jwtauth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejson "github.com/go-jose/go-jose/v4/json"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/viewer"
)

// Config says where the keys are and what a token must claim.
type Config struct {
	JWKSFile        string        // path of a JWKS JSON file, read and parsed in New
	JWKSURL         string        // http(s) URL of a JWKS, fetched on first use and cached
	Issuer          string        // when set, iss must equal it
	Audience        string        // when set, aud must contain it
	RoleClaim       string        // claim with the role (string or array of strings), default "role"
	NameClaim       string        // claim naming the caller for the audit trail, default "sub"
	Leeway          time.Duration // clock skew allowed on exp/nbf/iat, default 60s
	RefreshInterval time.Duration // age after which a URL key set is fetched again, default 10 minutes
	MinRefetch      time.Duration // least time between two fetches, default 1 minute
	HTTPClient      *http.Client  // default one with a 10 s timeout
	Now             func() time.Time
	// Logger receives the causes of failed fetches, which the client only
	// sees as ErrKeySet; default slog.Default().
	Logger *slog.Logger
}

// Verifier checks tokens. It is safe for concurrent use.
type Verifier struct {
	cfg  Config
	keys *keySource
}

// algorithms are the signature algorithms accepted. HMAC and "none" are
// left out on purpose: with a public key set, an HS256 token "signed" with
// the public key as secret is the classic algorithm-confusion forgery.
var algorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.EdDSA,
}

func allowed(alg string) bool {
	return slices.Contains(algorithms, jose.SignatureAlgorithm(alg))
}

// New checks cfg, fills in defaults and, for a JWKS file, reads the keys.
// Its errors are about configuration and meant for the operator.
func New(cfg Config) (*Verifier, error) {
	if (cfg.JWKSFile == "") == (cfg.JWKSURL == "") {
		return nil, errors.New("jwtauth: set exactly one of JWKSFile and JWKSURL")
	}
	if cfg.Leeway < 0 || cfg.RefreshInterval < 0 || cfg.MinRefetch < 0 {
		return nil, errors.New("jwtauth: Leeway, RefreshInterval and MinRefetch must not be negative")
	}
	cfg.RoleClaim = cmp.Or(cfg.RoleClaim, "role")
	cfg.NameClaim = cmp.Or(cfg.NameClaim, "sub")
	cfg.Leeway = cmp.Or(cfg.Leeway, 60*time.Second)
	cfg.RefreshInterval = cmp.Or(cfg.RefreshInterval, 10*time.Minute)
	cfg.MinRefetch = cmp.Or(cfg.MinRefetch, time.Minute)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	src := &keySource{
		url: cfg.JWKSURL, client: cfg.HTTPClient, refresh: cfg.RefreshInterval,
		minRefetch: cfg.MinRefetch, now: cfg.Now, log: cfg.Logger,
	}
	if cfg.JWKSFile != "" {
		data, err := os.ReadFile(cfg.JWKSFile)
		if err != nil {
			return nil, fmt.Errorf("jwtauth: reading JWKS file %s: %w", cfg.JWKSFile, err)
		}
		if src.keys, err = parseKeySet(data); err != nil {
			return nil, fmt.Errorf("jwtauth: JWKS file %s: %w", cfg.JWKSFile, err)
		}
	} else if u, err := url.Parse(cfg.JWKSURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("jwtauth: JWKSURL %q is not an http(s) URL", cfg.JWKSURL)
	}
	return &Verifier{cfg: cfg, keys: src}, nil
}

// Verify checks raw's signature and claims and returns the caller it names.
// Every error is one of the Err* values of this package.
func (v *Verifier) Verify(ctx context.Context, raw string) (viewer.Viewer, error) {
	sig, err := jose.ParseSignedCompact(raw, algorithms)
	if err != nil {
		var alg *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &alg) {
			return viewer.Viewer{}, ErrAlgorithm
		}
		return viewer.Viewer{}, ErrMalformed
	}
	if len(sig.Signatures) != 1 {
		return viewer.Viewer{}, ErrMalformed
	}
	h := sig.Signatures[0].Header
	keys, err := v.keys.lookup(ctx, h.KeyID, h.Algorithm)
	if err != nil {
		return viewer.Viewer{}, err
	}
	var payload []byte
	for _, k := range keys {
		if payload, err = sig.Verify(k.Key); err == nil {
			break
		}
	}
	if err != nil {
		return viewer.Viewer{}, ErrSignature
	}
	return v.caller(payload)
}

// caller checks the claims of a verified payload and reads the caller from
// them. The go-jose json package is used because it matches claim names
// exactly, so "EXP" cannot stand in for "exp".
func (v *Verifier) caller(payload []byte) (viewer.Viewer, error) {
	var std jwt.Claims
	var all map[string]any
	if josejson.Unmarshal(payload, &std) != nil || josejson.Unmarshal(payload, &all) != nil {
		return viewer.Viewer{}, ErrClaims
	}
	if std.Expiry == nil {
		return viewer.Viewer{}, ErrNoExpiry
	}
	want := jwt.Expected{Issuer: v.cfg.Issuer, Time: v.cfg.Now()}
	if v.cfg.Audience != "" {
		want.AnyAudience = jwt.Audience{v.cfg.Audience}
	}
	if err := std.ValidateWithLeeway(want, v.cfg.Leeway); err != nil {
		return viewer.Viewer{}, claimError(err)
	}
	role, err := RoleOf(all[v.cfg.RoleClaim])
	if err != nil {
		return viewer.Viewer{}, err
	}
	name, _ := all[v.cfg.NameClaim].(string)
	if strings.TrimSpace(name) == "" {
		return viewer.Viewer{}, ErrNoName
	}
	return viewer.Viewer{Name: "jwt:" + name, Role: role}, nil
}

func claimError(err error) error {
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return ErrExpired
	case errors.Is(err, jwt.ErrNotValidYet):
		return ErrNotYet
	case errors.Is(err, jwt.ErrIssuedInTheFuture):
		return ErrIssuedLate
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return ErrIssuer
	case errors.Is(err, jwt.ErrInvalidAudience):
		return ErrAudience
	}
	return ErrClaims
}

// RoleOf reads the role claim: a string naming one of koncern.AccessRoles,
// or an array, since providers often put the registry's role among the
// groups of other applications. An array grants the most privileged role it
// names, in the order of koncern.AccessRoles, whatever the order of the
// array: a caller in both the admin and the reader group is an
// administrator, however the provider happens to list the groups.
// It is exported so that the web sign-in (package oidclogin) grants roles
// from an ID token exactly as the API does from a bearer JWT. claim is the
// value as encoding/json decodes it into an any: nil, string or []any.
// The error is ErrNoRole or ErrRole.
func RoleOf(claim any) (string, error) {
	switch c := claim.(type) {
	case nil:
		return "", ErrNoRole
	case string:
		if slices.Contains(koncern.AccessRoles, c) {
			return c, nil
		}
	case []any:
		best := len(koncern.AccessRoles)
		for _, e := range c {
			if s, ok := e.(string); ok {
				if i := slices.Index(koncern.AccessRoles, s); i >= 0 {
					best = min(best, i)
				}
			}
		}
		if best < len(koncern.AccessRoles) {
			return koncern.AccessRoles[best], nil
		}
	}
	return "", ErrRole
}

// LooksLikeJWT reports whether raw has the shape of a signed JWT: three
// non-empty base64url segments separated by dots. It lets the server tell a
// JWT from one of the registry's own API tokens ("kr_...", no dots) before
// choosing how to check it.
func LooksLikeJWT(raw string) bool {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.ContainsFunc(p, func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_')
		}) {
			return false
		}
	}
	return true
}
