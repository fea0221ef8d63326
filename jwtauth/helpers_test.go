package jwtauth_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/koncernregistret/koncern"
)

const (
	issuer   = "https://idp.kommun.example"
	audience = "koncernregistret"
)

// testKey is a key pair the test plays identity provider with.
type testKey struct {
	kid  string
	alg  jose.SignatureAlgorithm
	priv any
	pub  any
}

func rsaKey(t *testing.T, kid string) testKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid, jose.RS256, k, &k.PublicKey}
}

func ecKey(t *testing.T, kid string) testKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid, jose.ES256, k, &k.PublicKey}
}

func edKey(t *testing.T, kid string) testKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid, jose.EdDSA, priv, pub}
}

// jwks is the public key set a provider would publish for keys.
func jwks(t *testing.T, keys ...testKey) []byte {
	t.Helper()
	var set jose.JSONWebKeySet
	for _, k := range keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.pub, KeyID: k.kid, Use: "sig"})
	}
	data, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// claims are those of a good token at now; tests change or delete some.
func claims(now time.Time) map[string]any {
	return map[string]any{
		"iss":  issuer,
		"aud":  []string{audience, "other-app"},
		"sub":  "anna.andersson",
		"role": koncern.AccessRegistrar,
		"iat":  now.Unix(),
		"exp":  now.Add(time.Hour).Unix(),
	}
}

func sign(t *testing.T, k testKey, c map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: jose.JSONWebKey{Key: k.priv, KeyID: k.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(s).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// unsigned builds a token by hand, for headers no honest signer writes.
func unsigned(t *testing.T, header map[string]any, c map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	p, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b64(h) + "." + b64(p)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// wantErr checks that err is want, an EUNAUTHORIZED error, and that its
// message does not repeat the token.
func wantErr(t *testing.T, err error, want *koncern.Error, raw string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if code := koncern.ErrorCode(err); code != koncern.EUNAUTHORIZED {
		t.Errorf("code = %q, want %q", code, koncern.EUNAUTHORIZED)
	}
	if msg := koncern.ErrorMessage(err); raw != "" && strings.Contains(msg, raw) {
		t.Errorf("message %q repeats the token", msg)
	}
}

// clock is a settable Config.Now, safe for the concurrent Verify calls.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// provider serves a JWKS on loopback and counts the fetches.
type provider struct {
	*httptest.Server
	fetches atomic.Int64
	mu      sync.Mutex
	body    []byte // nil answers 500
}

func newProvider(t *testing.T, body []byte) *provider {
	t.Helper()
	p := &provider{body: body}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.fetches.Add(1)
		p.mu.Lock()
		body := p.body
		p.mu.Unlock()
		if body == nil {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *provider) serve(body []byte) {
	p.mu.Lock()
	p.body = body
	p.mu.Unlock()
}
