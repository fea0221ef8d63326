package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// registerLedgerRoutes wires the ownership ledger, the cap table and the
// history of a company's share capital. A
// ledger entry is written once and never changed, so it has no PATCH or
// DELETE and no ETag, unlike the records of resource.
func registerLedgerRoutes(g *echo.Group, r *registry.Registry) {
	g.POST("/ownership/transactions", func(c echo.Context) error {
		var in koncern.TransactionInput
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		out, err := r.RecordTransaction(c.Request().Context(), in)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderLocation, c.Request().URL.Path+"/"+out.ID.String())
		return c.JSON(http.StatusCreated, out)
	})
	g.GET("/ownership/transactions", func(c echo.Context) error {
		q := newQuery(c)
		f := registry.TransactionFilter{CompanyID: q.Org("company"), OwnerID: q.Org("owner"), ListOptions: q.list()}
		if err := q.Err(); err != nil {
			return err
		}
		page, err := r.ListTransactions(c.Request().Context(), f)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, page)
	})
	g.GET("/ownership/transactions/:id", func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		out, err := r.GetTransaction(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	})
	g.GET("/organizations/:id/cap-table", func(c echo.Context) error { return handleCapTable(c, r) })
	g.GET("/organizations/:id/capital", func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		items, err := r.ListCapital(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"items": items})
	})
}

// handleCapTable answers a company's cap table on at=, today by default,
// as JSON or as a table of its owners (analysis.CapTablesTable).
func handleCapTable(c echo.Context, r *registry.Registry) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	q := newQuery(c)
	at := q.Date("at")
	format := q.Enum("format", append([]string{"json"}, tableFormats...))
	if err := q.Err(); err != nil {
		return err
	}
	if at == nil {
		d := r.Today()
		at = &d
	}
	t, err := r.CapTable(c.Request().Context(), id, *at)
	if err != nil {
		return err
	}
	if f := chosen(c, format, tableFormats...); f != "json" {
		return writeTable(c, f, "cap-table", analysis.CapTablesTable([]analysis.CapTable{t}))
	}
	return c.JSON(http.StatusOK, t)
}
