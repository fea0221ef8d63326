package oidclogin

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/koncernregistret/koncern"
)

// The errors Begin, Finish, DecodePending and CallbackError return. Each is
// a *koncern.Error whose message is safe to show the person signing in;
// where there is a cause worth logging (the provider's answer, a network
// fault) it is wrapped beside the value, so that errors.Is tells the cases
// apart, koncern.ErrorMessage gives the safe text and err.Error() gives the
// operator the cause. They are shared values; treat them as read-only.
var (
	ErrPending     = unauthorized("The sign-in was not started in this browser, or it took too long. Start it again.")
	ErrState       = unauthorized("The answer from the identity provider does not belong to the sign-in this browser started (state). Start it again.")
	ErrDenied      = unauthorized("The identity provider did not sign you in.")
	ErrNoCode      = unauthorized("The identity provider's answer carries no authorization code.")
	ErrExchange    = unauthorized("The identity provider refused to exchange the authorization code for tokens.")
	ErrNoIDToken   = unauthorized("The identity provider's answer carries no ID token.")
	ErrIDToken     = unauthorized("The identity provider's ID token did not verify (signature, issuer or audience).")
	ErrExpired     = unauthorized("The identity provider's ID token has expired.")
	ErrNonce       = unauthorized("The ID token was not issued for the sign-in this browser started (nonce). Start it again.")
	ErrUnreachable = koncern.Errorf(koncern.EUNAVAILABLE, "%s", "The identity provider could not be reached. Try again later.")
	// ErrNoRole and ErrRole refuse a person the provider did sign in: who
	// they are is known, but the registry grants them nothing, hence 403.
	ErrNoRole = koncern.Errorf(koncern.EFORBIDDEN, "%s", "The identity provider signed you in but gives you no role in this registry.")
	ErrRole   = koncern.Errorf(koncern.EFORBIDDEN, "%s", "The identity provider signed you in but names no role of this registry (admin, registrar, finance, auditor, reader) for you.")
)

// swedish holds the Swedish text of each error above, since the person
// reading them is on the web application, which speaks Swedish first.
var swedish = map[*koncern.Error]string{
	ErrPending:     "Inloggningen påbörjades inte i den här webbläsaren, eller tog för lång tid. Börja om.",
	ErrState:       "Svaret från identitetsleverantören hör inte till inloggningen som den här webbläsaren påbörjade (state). Börja om.",
	ErrDenied:      "Identitetsleverantören loggade inte in dig.",
	ErrNoCode:      "Svaret från identitetsleverantören saknar auktoriseringskod.",
	ErrExchange:    "Identitetsleverantören vägrade byta auktoriseringskoden mot token.",
	ErrNoIDToken:   "Svaret från identitetsleverantören saknar ID-token.",
	ErrIDToken:     "Identitetsleverantörens ID-token kunde inte verifieras (signatur, utfärdare eller mottagare).",
	ErrExpired:     "Identitetsleverantörens ID-token har gått ut.",
	ErrNonce:       "ID-token utfärdades inte för inloggningen som den här webbläsaren påbörjade (nonce). Börja om.",
	ErrUnreachable: "Identitetsleverantören gick inte att nå. Försök igen senare.",
	ErrNoRole:      "Identitetsleverantören loggade in dig men ger dig ingen roll i registret.",
	ErrRole:        "Identitetsleverantören loggade in dig men anger ingen av registrets roller (admin, registrar, finance, auditor, reader) för dig.",
}

// Message returns the text of err to show the person signing in, in
// Swedish when lang is "sv" and in English otherwise. Errors that are not
// this package's get koncern.ErrorMessage, which never leaks internals.
func Message(err error, lang string) string {
	var e *koncern.Error
	if lang == "sv" && errors.As(err, &e) {
		if sv, ok := swedish[e]; ok {
			return sv
		}
	}
	return koncern.ErrorMessage(err)
}

// CallbackError reports the error the provider sent to the redirect URL
// instead of a code (RFC 6749 section 4.1.2.1: the person cancelled, or the
// provider refused the client), or nil when the answer carries none. Call
// it before Finish with the query of the redirect.
func CallbackError(query url.Values) error {
	code := query.Get("error")
	if code == "" {
		return nil
	}
	cause := "the provider answered " + code
	if d := query.Get("error_description"); d != "" {
		cause += ": " + d
	}
	return wrap(ErrDenied, errors.New(cause))
}

func unauthorized(msg string) *koncern.Error {
	return koncern.Errorf(koncern.EUNAUTHORIZED, "%s", msg)
}

// wrap joins the safe error shown to the person with the cause the
// operator needs in the log. The safe error comes first, so that errors.As
// finds it before any *koncern.Error the cause may hold.
func wrap(safe *koncern.Error, cause error) error {
	return fmt.Errorf("%w: %w", safe, cause)
}
