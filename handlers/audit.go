package handlers

import (
	"crypto/ed25519"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/registry"
)

// registerAuditRoutes wires the audit trail and its verification.
func registerAuditRoutes(g *echo.Group, r *registry.Registry, key ed25519.PrivateKey) {
	g.GET("/audit/events", func(c echo.Context) error {
		q := newQuery(c)
		f := registry.AuditFilter{
			Entity: q.Str("entity"), EntityID: q.Str("entity_id"), Actor: q.Str("actor"),
			Operation: q.Enum("operation", registry.AuditOperations),
			From:      q.Moment("from"), To: q.Moment("to"), Cursor: q.Str("cursor"), Limit: q.Int("limit"),
		}
		if err := q.Err(); err != nil {
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
