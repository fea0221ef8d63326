package jwtauth_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/jwtauth"
	"github.com/koncernregistret/koncern/viewer"
)

func TestVerify(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	rsa1, ec1, ed1 := rsaKey(t, "rsa1"), ecKey(t, "ec1"), edKey(t, "ed1")
	v, err := jwtauth.New(jwtauth.Config{
		JWKSFile: writeFile(t, jwks(t, rsa1, ec1, ed1)),
		Issuer:   issuer, Audience: audience,
		Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	// with returns the good claims changed by edit.
	with := func(edit func(map[string]any)) map[string]any {
		c := claims(now)
		edit(c)
		return c
	}

	for _, k := range []testKey{rsa1, ec1, ed1} {
		t.Run("Valid"+string(k.alg), func(t *testing.T) {
			got, err := v.Verify(ctx, sign(t, k, claims(now)))
			want := viewer.Viewer{Name: "jwt:anna.andersson", Role: koncern.AccessRegistrar}
			if err != nil || got != want {
				t.Fatalf("Verify = %+v, %v; want %+v", got, err, want)
			}
		})
	}
	// A list grants the most privileged role it names, wherever it stands
	// in the list and whatever else the list holds.
	for _, c := range []struct {
		name  string
		roles []any
		want  string
	}{
		{"RoleArrayAmongOtherGroups", []any{"intranet", 7, "finance", "reader"}, koncern.AccessFinance},
		{"RoleArrayLeastFirst", []any{"reader", "auditor", "admin"}, koncern.AccessAdmin},
		{"RoleArrayMostFirst", []any{"admin", "auditor", "reader"}, koncern.AccessAdmin},
		{"RoleArrayRegistrarOverFinance", []any{"finance", "registrar"}, koncern.AccessRegistrar},
		{"RoleArrayOne", []any{"auditor"}, koncern.AccessAuditor},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := sign(t, rsa1, with(func(cl map[string]any) { cl["role"] = c.roles }))
			got, err := v.Verify(ctx, raw)
			if err != nil || got.Role != c.want {
				t.Fatalf("role claim %v: Verify = %+v, %v; want role %s", c.roles, got, err, c.want)
			}
		})
	}
	t.Run("WithinLeeway", func(t *testing.T) {
		raw := sign(t, rsa1, with(func(c map[string]any) { c["exp"] = now.Add(-30 * time.Second).Unix() }))
		if _, err := v.Verify(ctx, raw); err != nil {
			t.Fatalf("token 30 s past exp, within the 60 s leeway: %v", err)
		}
	})

	fails := []struct {
		name string
		raw  func(t *testing.T) string
		want *koncern.Error
	}{
		{"ErrExpired", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["exp"] = now.Add(-2 * time.Minute).Unix() }))
		}, jwtauth.ErrExpired},
		{"ErrNotYet", func(t *testing.T) string {
			return sign(t, ec1, with(func(c map[string]any) { c["nbf"] = now.Add(5 * time.Minute).Unix() }))
		}, jwtauth.ErrNotYet},
		{"ErrNoExpiry", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { delete(c, "exp") }))
		}, jwtauth.ErrNoExpiry},
		{"ErrIssuer", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["iss"] = "https://evil.example" }))
		}, jwtauth.ErrIssuer},
		{"ErrAudience", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["aud"] = "other-app" }))
		}, jwtauth.ErrAudience},
		{"ErrNoRole", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { delete(c, "role") }))
		}, jwtauth.ErrNoRole},
		{"ErrRole", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["role"] = "superuser" }))
		}, jwtauth.ErrRole},
		{"ErrRoleArrayWithoutRole", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["role"] = []any{"intranet", "Admin", 1} }))
		}, jwtauth.ErrRole},
		{"ErrRoleArrayEmpty", func(t *testing.T) string {
			return sign(t, rsa1, with(func(c map[string]any) { c["role"] = []any{} }))
		}, jwtauth.ErrRole},
		{"ErrNoName", func(t *testing.T) string {
			return sign(t, ed1, with(func(c map[string]any) { delete(c, "sub") }))
		}, jwtauth.ErrNoName},
		{"ErrSignatureTamperedPayload", func(t *testing.T) string {
			// The payload is swapped for one that makes the caller an
			// administrator; the signature is that of the original.
			parts := strings.Split(sign(t, rsa1, claims(now)), ".")
			forged := unsigned(t, map[string]any{}, with(func(c map[string]any) { c["role"] = "admin" }))
			return parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]
		}, jwtauth.ErrSignature},
		{"ErrUnknownKeyFile", func(t *testing.T) string {
			return sign(t, rsaKey(t, "rsa2"), claims(now))
		}, jwtauth.ErrUnknownKey},
		{"ErrSignatureOtherKeySameKid", func(t *testing.T) string {
			return sign(t, rsaKey(t, "rsa1"), claims(now))
		}, jwtauth.ErrSignature},
		{"ErrAlgorithmNone", func(t *testing.T) string {
			return unsigned(t, map[string]any{"alg": "none", "kid": "rsa1"}, claims(now)) + "."
		}, jwtauth.ErrAlgorithm},
		{"ErrAlgorithmHS256WithPublicKey", func(t *testing.T) string {
			// The classic confusion attack: HMAC keyed with the public key
			// the verifier holds, in the PEM form an attacker can download.
			der, err := x509.MarshalPKIXPublicKey(rsa1.pub)
			if err != nil {
				t.Fatal(err)
			}
			secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
			input := unsigned(t, map[string]any{"alg": "HS256", "kid": "rsa1", "typ": "JWT"}, claims(now))
			mac := hmac.New(sha256.New, secret)
			mac.Write([]byte(input))
			return input + "." + b64(mac.Sum(nil))
		}, jwtauth.ErrAlgorithm},
		{"ErrMalformed", func(t *testing.T) string { return "a.b.c" }, jwtauth.ErrMalformed},
	}
	for _, tc := range fails {
		t.Run(tc.name, func(t *testing.T) {
			raw := tc.raw(t)
			got, err := v.Verify(ctx, raw)
			wantErr(t, err, tc.want, raw)
			if got != (viewer.Viewer{}) {
				t.Errorf("viewer = %+v on failure, want zero", got)
			}
		})
	}
}

func TestCustomClaims(t *testing.T) {
	now := time.Now()
	k := ecKey(t, "ec1")
	v, err := jwtauth.New(jwtauth.Config{JWKSFile: writeFile(t, jwks(t, k)), RoleClaim: "groups", NameClaim: "email"})
	if err != nil {
		t.Fatal(err)
	}
	c := claims(now)
	c["groups"], c["email"] = []string{"auditor"}, "revisor@kommun.example"
	got, err := v.Verify(context.Background(), sign(t, k, c))
	if want := (viewer.Viewer{Name: "jwt:revisor@kommun.example", Role: koncern.AccessAuditor}); err != nil || got != want {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, want)
	}
}

// TestKeyRotation plays a provider that rotates to a new key, and a flood
// of tokens naming a key nobody has.
func TestKeyRotation(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	oldKey, newKey := rsaKey(t, "2026-01"), edKey(t, "2026-03")
	idp := newProvider(t, jwks(t, oldKey))
	v, err := jwtauth.New(jwtauth.Config{JWKSURL: idp.URL, MinRefetch: time.Minute, RefreshInterval: 10 * time.Minute, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	good := func(k testKey) string { return sign(t, k, claims(clk.Now())) }
	wantFetches := func(n int64) {
		t.Helper()
		if got := idp.fetches.Load(); got != n {
			t.Fatalf("fetches = %d, want %d", got, n)
		}
	}
	// flood sends many concurrent tokens with an unknown kid.
	flood := func() {
		t.Helper()
		raw := good(rsaKey(t, "nobody"))
		var wg sync.WaitGroup
		errs := make([]error, 50)
		for i := range errs {
			wg.Go(func() { _, errs[i] = v.Verify(ctx, raw) })
		}
		wg.Wait()
		for _, err := range errs {
			wantErr(t, err, jwtauth.ErrUnknownKey, raw)
		}
	}

	if _, err := v.Verify(ctx, good(oldKey)); err != nil {
		t.Fatal(err)
	}
	wantFetches(1)
	if _, err := v.Verify(ctx, good(oldKey)); err != nil {
		t.Fatal(err)
	}
	wantFetches(1) // The set is cached.

	t.Run("NewKidAfterOneRefetch", func(t *testing.T) {
		idp.serve(jwks(t, oldKey, newKey))
		clk.Advance(2 * time.Minute)
		if _, err := v.Verify(ctx, good(newKey)); err != nil {
			t.Fatal(err)
		}
		wantFetches(2)
		if _, err := v.Verify(ctx, good(oldKey)); err != nil {
			t.Fatalf("old key after rotation: %v", err)
		}
		wantFetches(2)
	})
	t.Run("UnknownKidFloodRateLimited", func(t *testing.T) {
		flood()
		wantFetches(2) // The last fetch was less than MinRefetch ago.
		clk.Advance(time.Minute)
		flood()
		wantFetches(3) // One fetch for the whole flood.
		flood()
		wantFetches(3)
	})
}

func TestRefresh(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	k := ecKey(t, "ec1")
	idp := newProvider(t, jwks(t, k))
	v, err := jwtauth.New(jwtauth.Config{JWKSURL: idp.URL, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	verify := func(wantFetches int64) {
		t.Helper()
		if _, err := v.Verify(ctx, sign(t, k, claims(clk.Now()))); err != nil {
			t.Fatal(err)
		}
		if got := idp.fetches.Load(); got != wantFetches {
			t.Fatalf("fetches = %d, want %d", got, wantFetches)
		}
	}
	verify(1)
	clk.Advance(9 * time.Minute)
	verify(1)
	t.Run("AfterRefreshInterval", func(t *testing.T) {
		clk.Advance(time.Minute)
		verify(2)
	})
	t.Run("FetchFailureKeepsOldSet", func(t *testing.T) {
		idp.serve(nil)
		clk.Advance(10 * time.Minute)
		verify(3)
		verify(3) // A failed fetch is rate limited like any other.
	})
}

func TestKeySetUnavailable(t *testing.T) {
	idp := newProvider(t, nil)
	v, err := jwtauth.New(jwtauth.Config{JWKSURL: idp.URL})
	if err != nil {
		t.Fatal(err)
	}
	raw := sign(t, rsaKey(t, "rsa1"), claims(time.Now()))
	for range 3 {
		_, err := v.Verify(context.Background(), raw)
		wantErr(t, err, jwtauth.ErrKeySet, raw)
	}
	if got := idp.fetches.Load(); got != 1 {
		t.Errorf("fetches = %d, want 1: a dead endpoint must not be hammered", got)
	}
}

func TestNewBadConfig(t *testing.T) {
	good := writeFile(t, jwks(t, edKey(t, "ed1")))
	missing := filepath.Join(t.TempDir(), "nope.json")
	cases := []struct {
		name    string
		cfg     jwtauth.Config
		mention string // what the error must name
	}{
		{"Neither", jwtauth.Config{}, "exactly one"},
		{"Both", jwtauth.Config{JWKSFile: good, JWKSURL: "https://idp.example/jwks"}, "exactly one"},
		{"UnreadableFile", jwtauth.Config{JWKSFile: missing}, missing},
		{"NotAJWKS", jwtauth.Config{JWKSFile: writeFile(t, []byte(`{"hello": "world"}`))}, "jwks.json"},
		{"NotJSON", jwtauth.Config{JWKSFile: writeFile(t, []byte("-----BEGIN PUBLIC KEY-----"))}, "jwks.json"},
		{"OnlySymmetricKey", jwtauth.Config{JWKSFile: writeFile(t, []byte(`{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}]}`))}, "no usable"},
		{"NotHTTPURL", jwtauth.Config{JWKSURL: "file:///etc/jwks.json"}, "http(s)"},
		{"NegativeLeeway", jwtauth.Config{JWKSFile: good, Leeway: -time.Second}, "negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := jwtauth.New(tc.cfg)
			if err == nil || v != nil {
				t.Fatalf("New = %v, %v; want an error", v, err)
			}
			var kerr *koncern.Error
			if errors.As(err, &kerr) {
				t.Errorf("config error %v is a *koncern.Error, want a plain error", err)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not mention %q", err, tc.mention)
			}
		})
	}
}

func TestLooksLikeJWT(t *testing.T) {
	cases := map[string]bool{
		"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln": true,
		"a-_.B0.c":      true,
		"kr_3f9a0c1d2e": false,
		"a.b":           false,
		"a.b.c.d":       false,
		"a..c":          false,
		"a.b.":          false, // alg none leaves the signature empty.
		"a.b=.c":        false,
		"a.b c.d":       false,
		"":              false,
	}
	for raw, want := range cases {
		if got := jwtauth.LooksLikeJWT(raw); got != want {
			t.Errorf("LooksLikeJWT(%q) = %v, want %v", raw, got, want)
		}
	}
}
