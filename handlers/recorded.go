package handlers

import (
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// recordedAt reads recorded_at= and has the request's reads answer what
// the registry had recorded at that moment. It runs after the contract
// check, which refuses the parameter on every operation that does not
// declare it (the lists, the ledger, the trail itself), so the operations
// that do declare it are the one list of where it works.
func recordedAt() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			s := c.QueryParam("recorded_at")
			if s == "" {
				return next(c)
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return &koncern.Error{Code: koncern.EBADREQUEST, Message: "recorded_at: " + recordedAtMessage,
					Fields: []koncern.FieldError{{Field: "recorded_at", Message: recordedAtMessage}}}
			}
			req := c.Request()
			c.SetRequest(req.WithContext(registry.AsRecorded(req.Context(), t)))
			return next(c)
		}
	}
}

const recordedAtMessage = "must be a moment in RFC 3339 with a zone, such as 2026-03-01T12:00:00Z"
