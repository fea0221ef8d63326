package jwtauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// maxKeySetSize bounds a fetched key set, so that a misbehaving endpoint
// cannot make the server read without end. Real key sets are a few KiB.
const maxKeySetSize = 1 << 20

// parseKeySet reads a JWKS and keeps the public signature keys in it.
// Keys of a type go-jose does not know are skipped rather than failing the
// whole set, as RFC 7517 section 5 asks, so that a provider that adds a new
// kind of key does not lock everybody out.
func parseKeySet(data []byte) ([]jose.JSONWebKey, error) {
	var raw struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %w", err)
	}
	if raw.Keys == nil {
		return nil, errors.New(`not a JSON Web Key Set: no "keys" array`)
	}
	var keys []jose.JSONWebKey
	for _, r := range raw.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(r); err != nil {
			continue
		}
		// Only the public half is kept: a set that carries private or
		// symmetric keys must never lend them to verification.
		pub := k.Public()
		if !pub.Valid() || !pub.IsPublic() || (pub.Use != "" && pub.Use != "sig") {
			continue
		}
		if pub.Algorithm != "" && !allowed(pub.Algorithm) {
			continue
		}
		keys = append(keys, pub)
	}
	if len(keys) == 0 {
		return nil, errors.New("JSON Web Key Set holds no usable signature key (RSA, EC or Ed25519 public key)")
	}
	return keys, nil
}

// fits reports whether k can check a signature made with alg. The check
// happens before verification so that a key is never used with an
// algorithm of another family, whatever the token's header claims.
func fits(k jose.JSONWebKey, alg string) bool {
	if k.Algorithm != "" && k.Algorithm != alg {
		return false
	}
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
	case *ecdsa.PublicKey:
		return (alg == "ES256" && key.Curve == elliptic.P256()) ||
			(alg == "ES384" && key.Curve == elliptic.P384()) ||
			(alg == "ES512" && key.Curve == elliptic.P521())
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

// candidates returns the keys of set that may have signed a token with kid
// and alg, and whether kid is in the set at all. A token without kid is
// tried against every key that fits, as single-key providers often omit it.
func candidates(set []jose.JSONWebKey, kid, alg string) (keys []jose.JSONWebKey, known bool) {
	for _, k := range set {
		if kid != "" && k.KeyID != kid {
			continue
		}
		known = true
		if fits(k, alg) {
			keys = append(keys, k)
		}
	}
	return keys, known
}

// keySource holds the key set: fixed when it came from a file, cached and
// refreshed when it comes from a URL. It is shared by concurrent Verify
// calls, so mu guards the cached fields and fetchMu lets only one fetch run
// at a time; readers never wait for a fetch unless they have nothing to use.
type keySource struct {
	url        string
	client     *http.Client
	refresh    time.Duration
	minRefetch time.Duration
	now        func() time.Time
	log        *slog.Logger

	fetchMu sync.Mutex

	mu        sync.Mutex
	keys      []jose.JSONWebKey
	fetched   time.Time // when keys were fetched
	attempted time.Time // when the last fetch began, for rate limiting
}

// lookup returns the keys that may have signed a token with kid and alg.
// With a URL it fetches on first use, refreshes a stale set, and refetches
// once (rate limited) when kid is not in the set, since that is how a key
// rotation at the provider shows up.
func (s *keySource) lookup(ctx context.Context, kid, alg string) ([]jose.JSONWebKey, error) {
	if s.url != "" {
		s.refreshIfStale(ctx)
	}
	set := s.snapshot()
	if set == nil {
		return nil, ErrKeySet
	}
	keys, known := candidates(set, kid, alg)
	if !known && kid != "" && s.url != "" {
		s.fetchMu.Lock()
		s.fetchLocked(ctx, func(time.Time) bool { return true })
		s.fetchMu.Unlock()
		keys, known = candidates(s.snapshot(), kid, alg)
	}
	switch {
	case !known && kid != "":
		return nil, ErrUnknownKey
	case len(keys) == 0:
		return nil, ErrSignature
	}
	return keys, nil
}

func (s *keySource) snapshot() []jose.JSONWebKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys
}

// refreshIfStale fetches when there is no set yet or it is older than the
// refresh interval. With an old set in hand it does not wait for a fetch
// another call already runs; it goes on with the old set instead.
func (s *keySource) refreshIfStale(ctx context.Context) {
	s.mu.Lock()
	have := s.keys != nil
	stale := !have || s.now().Sub(s.fetched) >= s.refresh
	s.mu.Unlock()
	if !stale {
		return
	}
	if have {
		if !s.fetchMu.TryLock() {
			return
		}
	} else {
		s.fetchMu.Lock()
	}
	defer s.fetchMu.Unlock()
	s.fetchLocked(ctx, func(now time.Time) bool {
		return s.keys == nil || now.Sub(s.fetched) >= s.refresh
	})
}

// fetchLocked fetches the set when due still says so (another call may
// have fetched while this one waited) and the last attempt is at least
// minRefetch ago, so that neither a flood of unknown kids nor a dead
// endpoint makes us hammer the provider. The caller holds fetchMu. A failed
// fetch keeps the old set: a brief outage at the provider must not lock out
// callers whose keys we already know.
func (s *keySource) fetchLocked(ctx context.Context, due func(now time.Time) bool) {
	s.mu.Lock()
	now := s.now()
	if !due(now) || (!s.attempted.IsZero() && now.Sub(s.attempted) < s.minRefetch) {
		s.mu.Unlock()
		return
	}
	s.attempted = now
	s.mu.Unlock()

	// The fetch serves every waiting caller, so one caller giving up must
	// not cancel it; the client's timeout bounds it instead.
	keys, err := s.download(context.WithoutCancel(ctx))
	if err != nil {
		s.log.Warn("jwtauth: fetching the JWKS failed; keeping the key set we have", "url", s.url, "err", err)
		return
	}
	s.mu.Lock()
	s.keys, s.fetched = keys, now
	s.mu.Unlock()
}

func (s *keySource) download(ctx context.Context) ([]jose.JSONWebKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxKeySetSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxKeySetSize {
		return nil, fmt.Errorf("key set larger than %d bytes", maxKeySetSize)
	}
	return parseKeySet(data)
}
