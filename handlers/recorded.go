package handlers

import (
	"github.com/labstack/echo/v4"

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
			q := newQuery(c)
			t := q.Moment("recorded_at")
			if err := q.Err(); err != nil {
				return err
			}
			if t != nil {
				req := c.Request()
				c.SetRequest(req.WithContext(registry.AsRecorded(req.Context(), *t)))
			}
			return next(c)
		}
	}
}
