package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/registry"
)

// anonymousActor is who every API write is audited as until API tokens
// name the caller.
const anonymousActor = "anonymous"

// auditActor hands the registry the actor and request id of the request,
// so that every write it makes is audited with them. It runs after the
// request id middleware, which has set the response header by then.
func auditActor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ctx := registry.WithActor(req.Context(), registry.Actor{Name: anonymousActor, RequestID: requestID(c)})
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}

// registerAuditRoutes wires the audit trail and its verification.
func registerAuditRoutes(g *echo.Group, r *registry.Registry) {
	g.GET("/audit/events", func(c echo.Context) error {
		q := newQuery(c)
		f := registry.AuditFilter{
			Entity: q.str("entity"), EntityID: q.str("entity_id"), Actor: q.str("actor"),
			Operation: q.enum("operation", registry.AuditOperations),
			From:      q.moment("from"), To: q.moment("to"), Cursor: q.str("cursor"), Limit: q.int("limit"),
		}
		if err := q.err(); err != nil {
			return err
		}
		page, err := r.ListAuditEvents(c.Request().Context(), f)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, page)
	})
	g.GET("/audit/verify", func(c echo.Context) error {
		res, err := r.VerifyAudit(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, res)
	})
}

// moment reads an RFC 3339 time.
func (q *query) moment(name string) *time.Time {
	s := q.str(name)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		q.fail(name, "must be an RFC 3339 time, e.g. 2025-01-31T12:00:00Z")
		return nil
	}
	return &t
}
