package handlers

import (
	"crypto/ed25519"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/registry"
)

// registerAuditRoutes wires the audit trail and its verification.
func registerAuditRoutes(g *echo.Group, r *registry.Registry, key ed25519.PrivateKey) {
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
	g.POST("/audit/verify", func(c echo.Context) error {
		var cp registry.Checkpoint
		if err := bindJSON(c, &cp); err != nil {
			return err
		}
		res, err := r.VerifyAuditAgainst(c.Request().Context(), cp)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, res)
	})
	g.GET("/audit/checkpoint", func(c echo.Context) error {
		cp, err := r.SignCheckpoint(c.Request().Context(), key)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, cp)
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
