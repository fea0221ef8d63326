// Package handlers is the HTTP face of the registry: Echo routes, request
// binding and validation, and the problem documents errors become.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// codeStatus is the one map from domain error code to HTTP status.
var codeStatus = map[string]int{
	koncern.EBADREQUEST:      http.StatusBadRequest,
	koncern.EINVALID:         http.StatusUnprocessableEntity,
	koncern.ENOTFOUND:        http.StatusNotFound,
	koncern.ECONFLICT:        http.StatusConflict,
	koncern.EPRECONDITION:    http.StatusPreconditionFailed,
	koncern.EPRECONDREQUIRED: http.StatusPreconditionRequired,
	koncern.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	koncern.EUNSUPPORTED:     http.StatusUnsupportedMediaType,
	koncern.EUNAVAILABLE:     http.StatusServiceUnavailable,
	koncern.EMETHOD:          http.StatusMethodNotAllowed,
	koncern.ENOTACCEPT:       http.StatusNotAcceptable,
	koncern.ERATELIMIT:       http.StatusTooManyRequests,
	koncern.EUNAUTHORIZED:    http.StatusUnauthorized,
	koncern.EFORBIDDEN:       http.StatusForbidden,
	koncern.EINTERNAL:        http.StatusInternalServerError,
}

// statusCode is the reverse, for errors that Echo itself raises (unknown
// route, body too large) before our handlers run.
var statusCode = map[int]string{
	http.StatusBadRequest:            koncern.EBADREQUEST,
	http.StatusNotFound:              koncern.ENOTFOUND,
	http.StatusMethodNotAllowed:      koncern.EMETHOD,
	http.StatusRequestEntityTooLarge: koncern.ETOOLARGE,
	http.StatusUnsupportedMediaType:  koncern.EUNSUPPORTED,
	http.StatusServiceUnavailable:    koncern.EUNAVAILABLE,
	http.StatusTooManyRequests:       koncern.ERATELIMIT,
}

// Problem is an RFC 9457 problem document with the registry's extensions:
// the error code, the request id to quote to support, and the fields at
// fault.
type Problem struct {
	Type      string               `json:"type"`
	Title     string               `json:"title"`
	Status    int                  `json:"status"`
	Detail    string               `json:"detail"`
	Code      string               `json:"code"`
	RequestID string               `json:"request_id"`
	Errors    []koncern.FieldError `json:"errors,omitempty"`
}

// ErrorPage shows an error to a person in a browser: the web application
// renders it as a page. It reports whether it did; the error handler
// answers with a problem document otherwise.
type ErrorPage func(c echo.Context, err error, kerr *koncern.Error, status int) bool

// errorHandler is Echo's one HTTPErrorHandler. Domain errors become their
// problem, or a page for a request outside the API that page takes;
// Echo's own errors are translated by status; anything else is logged
// with its detail and shown as a bare internal error.
func errorHandler(log *slog.Logger, page ErrorPage) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		kerr := domainError(err)
		if kerr.Code == koncern.EINTERNAL {
			log.Error("internal error", "request_id", requestID(c), "method", c.Request().Method,
				"path", c.Request().URL.Path, "error", err)
		}
		status := StatusOf(kerr)
		if kerr.Code == koncern.EUNAVAILABLE && c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", "1")
		}
		if page != nil && !strings.HasPrefix(c.Request().URL.Path, "/api/") && page(c, err, kerr, status) {
			return
		}
		if kerr.Code == koncern.EUNAUTHORIZED {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, bearerChallenge)
		}
		p := Problem{
			Type: "about:blank", Title: http.StatusText(status), Status: status,
			Detail: kerr.Message, Code: kerr.Code, RequestID: requestID(c), Errors: kerr.Fields,
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		if werr := c.JSON(status, p); werr != nil {
			log.Error("write problem", "request_id", requestID(c), "error", werr)
		}
	}
}

// StatusOf is the HTTP status of err, from the one map of codes to
// statuses.
func StatusOf(err error) int {
	if status, ok := codeStatus[domainError(err).Code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// domainError turns any error into a *koncern.Error that is safe to show.
func domainError(err error) *koncern.Error {
	var kerr *koncern.Error
	if errors.As(err, &kerr) {
		return kerr
	}
	// A request that ran out of its time limit is the server's
	// unavailability, not a fault: the client may retry.
	if errors.Is(err, context.DeadlineExceeded) {
		return &koncern.Error{Code: koncern.EUNAVAILABLE, Message: "the request took longer than the server allows; retry later"}
	}
	var herr *echo.HTTPError
	if errors.As(err, &herr) {
		if code, ok := statusCode[herr.Code]; ok {
			return &koncern.Error{Code: code, Message: httpErrorMessage(herr)}
		}
	}
	return &koncern.Error{Code: koncern.EINTERNAL, Message: "Internal error."}
}

func httpErrorMessage(herr *echo.HTTPError) string {
	if s, ok := herr.Message.(string); ok {
		return s
	}
	return http.StatusText(herr.Code)
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}
