package jwtauth

import "github.com/koncernregistret/koncern"

// The errors Verify returns. Each is an EUNAUTHORIZED *koncern.Error whose
// message is safe to show the client: it says what is wrong with the token
// and never repeats the token. They are shared values so that callers and
// tests can tell them apart with errors.Is; treat them as read-only.
var (
	ErrMalformed  = unauthorized("The bearer token is not a well-formed signed JWT.")
	ErrAlgorithm  = unauthorized("The token is signed with an algorithm this registry does not accept (accepted: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA).")
	ErrUnknownKey = unauthorized("The token names a key id (kid) that is not in the identity provider's key set.")
	ErrSignature  = unauthorized("The token's signature does not verify.")
	ErrClaims     = unauthorized("The token's claims could not be read.")
	ErrNoExpiry   = unauthorized("The token has no expiry (exp).")
	ErrExpired    = unauthorized("The token has expired.")
	ErrNotYet     = unauthorized("The token is not valid yet (nbf).")
	ErrIssuedLate = unauthorized("The token was issued in the future (iat).")
	ErrIssuer     = unauthorized("The token's issuer (iss) is not the one this registry trusts.")
	ErrAudience   = unauthorized("The token's audience (aud) does not include this registry.")
	ErrNoRole     = unauthorized("The token has no role claim.")
	ErrRole       = unauthorized("The token's role claim names no role of this registry (admin, registrar, finance, auditor, reader).")
	ErrNoName     = unauthorized("The token has no name claim to record in the audit trail.")
	ErrKeySet     = unauthorized("The identity provider's key set could not be fetched.")
)

func unauthorized(msg string) *koncern.Error {
	return koncern.Errorf(koncern.EUNAUTHORIZED, "%s", msg)
}
