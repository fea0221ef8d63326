package oidclogin

import (
	"crypto/rand"
	"strings"

	"golang.org/x/oauth2"
)

// Pending is what the browser must bring back to finish a sign-in: the
// state that ties the provider's answer to this browser, the nonce the ID
// token must carry, and the PKCE verifier whose hash went out in the
// authorization URL. The caller keeps it in a short-lived HttpOnly cookie
// (Encode), never in a URL and never where a script can read it.
type Pending struct {
	State, Nonce, Verifier string
}

// newPending draws a fresh state, nonce and verifier. crypto/rand cannot
// fail here: since Go 1.24 it crashes the program rather than return weak
// randomness.
func newPending() Pending {
	return Pending{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
}

// pendingSep joins the three values in a cookie. It is outside the
// alphabets of all three (rand.Text's base32 and the verifier's base64url),
// and a cookie value may hold it unquoted.
const pendingSep = "."

// maxPart bounds each value: RFC 7636 allows a verifier of at most 128
// characters, and a state or nonce of ours is 26.
const maxPart = 128

// Encode returns p as a cookie value.
func (p Pending) Encode() string {
	return p.State + pendingSep + p.Nonce + pendingSep + p.Verifier
}

// DecodePending reads a cookie value made by Encode. A missing or altered
// cookie gives ErrPending, which tells the person to start again.
func DecodePending(s string) (Pending, error) {
	parts := strings.Split(s, pendingSep)
	if len(parts) != 3 {
		return Pending{}, ErrPending
	}
	for _, part := range parts {
		if !wellFormed(part) {
			return Pending{}, ErrPending
		}
	}
	return Pending{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, nil
}

// wellFormed reports whether part is a non-empty run of base64url
// characters (which include rand.Text's base32 ones) of at most maxPart.
func wellFormed(part string) bool {
	if part == "" || len(part) > maxPart {
		return false
	}
	return !strings.ContainsFunc(part, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_')
	})
}
