package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/rule"
)

// check refuses the caller of ctx an action, or lets it pass.
type check func(ctx context.Context) error

// validTo is the field that ends a dated record (ent/schema's
// ValidityMixin): a DELETE changes it and nothing else.
const validTo = "valid_to"

// mayChange lets pass a caller whose role may, at least sometimes, make
// the change op to a's entity, of fields if named. Ending a record changes
// its valid_to, which the finance role, say, may not do to an
// organisation.
func mayChange(a rule.Access, op rule.Op, fields ...string) check {
	return func(ctx context.Context) error { return a.MayChange(ctx, op, fields...) }
}

// mayRead lets pass a caller who may read a's entity.
func mayRead(a rule.Access) check {
	return func(ctx context.Context) error { return a.MayRead(ctx) }
}

// MayImport lets pass a caller who may create the records of some sheet
// of an import: the registrar imports most registers, finance the stakes,
// an auditor its observed steering lines. Which rows it may import the
// privacy rules judge row by row, and a row they refuse stops the import.
// The web's import form asks the same.
func MayImport(ctx context.Context) error {
	for _, sheet := range importer.Sheets {
		if importRegisters[sheet].MayChange(ctx, rule.Create) == nil {
			return nil
		}
	}
	return rule.Denial(ctx, "import registers")
}

// guard refuses a caller whose role may never do what the route does
// before anything else judges the request: its body, its parameters, its
// version, or the records it would touch. Otherwise a reader sending an
// invalid body would hear what is wrong with it (422), or that the person
// it tries to end still holds a post (409), instead of that it may not
// (403). The privacy rules still judge every change in full.
func guard(tables ...map[string]check) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Method + " " + c.Path()
			for _, guards := range tables {
				if may, ok := guards[key]; ok {
					if err := may(c.Request().Context()); err != nil {
						return err
					}
				}
			}
			return next(c)
		}
	}
}

// checkGuards holds the route table and the guards to each other: every
// route that changes something has a guard, every guard a route, and
// every sheet of an import its register, so that no write route can be
// added without saying what it changes.
func checkGuards(routes []*echo.Route, guards map[string]check) error {
	known := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		known[key] = true
		if _, ok := guards[key]; !ok && !slices.Contains([]string{http.MethodGet, http.MethodHead}, r.Method) {
			return fmt.Errorf("handlers: route %s changes the registry but routeGuards does not say what it changes", key)
		}
	}
	for key := range guards {
		if !known[key] {
			return fmt.Errorf("handlers: routeGuards names %s, which is no route", key)
		}
	}
	for _, sheet := range importer.Sheets {
		if _, ok := importRegisters[sheet]; !ok {
			return fmt.Errorf("handlers: importRegisters does not say which register the sheet %s creates", sheet)
		}
	}
	return nil
}
