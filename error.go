// Package koncern holds the domain of Koncernregistret: the values the
// registry stores, the error codes every layer speaks, and the validation
// rules that apply wherever a value enters the system.
package koncern

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in the handlers package;
// nothing else in the program decides a status.
const (
	ECONFLICT     = "conflict"       // the change contradicts other records
	EINTERNAL     = "internal"       // a fault of ours; details go to the log only
	EINVALID      = "invalid"        // well-formed input that breaks a rule
	EBADREQUEST   = "bad_request"    // input that could not be read at all
	ENOTFOUND     = "not_found"      // the addressed record does not exist
	EPRECONDITION = "precondition"   // If-Match named a version that is no longer current
	ETOOLARGE     = "too_large"      // the body (or headers) is larger than the server accepts
	EUNSUPPORTED  = "unsupported"    // a media type the server does not speak
	EUNAVAILABLE  = "unavailable"    // the server cannot serve right now (readiness, time limit)
	EMETHOD       = "method"         // the route exists but not for this method
	ENOTACCEPT    = "not_acceptable" // the client accepts nothing we can produce
	ERATELIMIT    = "rate_limited"   // the client sent more requests than its share
	EUNAUTHORIZED = "unauthorized"   // no credentials, or credentials the server does not accept
	EFORBIDDEN    = "forbidden"      // the caller's role may not do this
	// EPRECONDREQUIRED: a change came without If-Match, so it could
	// overwrite a version the client never saw.
	EPRECONDREQUIRED = "precondition_required"
)

// FieldError names one field of the input and what is wrong with it. Field
// uses the JSON name of the field, as the client wrote it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type that crosses layers. Message is safe to show
// to the client; anything that is not an *Error is treated as internal.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("koncern error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("koncern error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid builds an EINVALID error for a single field.
func Invalid(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: field + ": " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// Conflict builds an ECONFLICT error that names the field at fault.
func Conflict(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: ECONFLICT, Message: field + ": " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// ErrorCode returns the code of err, or EINTERNAL when err is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err. Errors that are not
// an *Error never leak their text.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
