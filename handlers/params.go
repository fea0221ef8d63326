package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/params"
	"github.com/koncernregistret/koncern/registry"
)

// query reads a request's query parameters (package params), with the
// list options every list of the API takes.
type query struct {
	*params.Query
	c echo.Context
}

func newQuery(c echo.Context) *query { return &query{Query: params.New(c.QueryParams()), c: c} }

// Err looks up the organisationsnummer that parameters naming an
// organisation gave (params.Query.Org), all in one query, and then
// reports every problem of the query at once, a number no organisation
// carries among them. It is the one place where a number becomes an id,
// so every report and filter that takes an organisation takes its number
// alike.
func (q *query) Err() error {
	find, ok := q.c.Get(orgFinderKey).(orgFinder)
	if !ok {
		return fmt.Errorf("handlers: no organisation finder on the request (New installs it)")
	}
	// A number held by two records in turn means the one in force on the
	// day asked; at= is read here without a second complaint about it.
	var at *koncern.Date
	if d, err := koncern.ParseDate(strings.TrimSpace(q.c.QueryParam("at"))); err == nil {
		at = &d
	}
	if err := q.ResolveOrgs(func(numbers []string) (map[string]uuid.UUID, error) {
		return find(q.c.Request().Context(), numbers, at)
	}); err != nil {
		return err
	}
	return q.Query.Err()
}

// orgFinder finds organisations by organisationsnummer on a day, today
// when at is nil (registry.OrganizationsByNumber).
type orgFinder func(ctx context.Context, numbers []string, at *koncern.Date) (map[string]uuid.UUID, error)

// orgFinderKey is where orgNumbers leaves the finder on the request.
const orgFinderKey = "koncern.orgFinder"

// orgNumbers gives every request the registry's finder of organisations
// by number, for the query's Err.
func orgNumbers(r *registry.Registry) echo.MiddlewareFunc {
	find := orgFinder(func(ctx context.Context, numbers []string, at *koncern.Date) (map[string]uuid.UUID, error) {
		day := r.Today()
		if at != nil {
			day = *at
		}
		return r.OrganizationsByNumber(ctx, numbers, day)
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(orgFinderKey, find)
			return next(c)
		}
	}
}

// list reads the options every list takes: at, history, cursor and limit.
func (q *query) list() registry.ListOptions {
	history := q.Bool("history")
	return registry.ListOptions{
		At: q.Date("at"), History: history != nil && *history,
		Cursor: q.Str("cursor"), Limit: q.Int("limit"),
	}
}

// PathID is pathID for the web's pages, whose addresses carry ids as the
// API's do and refuse a malformed one the same way.
func PathID(c echo.Context) (uuid.UUID, error) { return pathID(c) }

// pathID reads the record id from the path.
func pathID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return uuid.UUID{}, &koncern.Error{Code: koncern.EBADREQUEST, Message: "id: must be a UUID",
			Fields: []koncern.FieldError{{Field: "id", Message: "must be a UUID"}}}
	}
	return id, nil
}

// ifMatch reads the version an If-Match header names. The header is
// required: a change without it could silently overwrite one made since the
// client read the record (a lost update), so it is refused with 428. The
// wildcard "*" gives no such protection and is refused the same way. The
// ETag of a record is its version in quotes. If-Match compares strongly
// (RFC 9110), so a weak tag never matches.
func ifMatch(c echo.Context) (int, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, koncern.Errorf(koncern.EPRECONDREQUIRED,
			"If-Match: send the ETag of the version the change is based on (GET the record for it)")
	}
	if strings.HasPrefix(h, "W/") {
		return 0, koncern.Errorf(koncern.EPRECONDITION, "If-Match: a weak ETag never matches; send the ETag as the server gave it")
	}
	// A record shown with the names of others has a digest of them after
	// a dot (writeRecord); the version before it is what a change is
	// based on.
	version, _, _ := strings.Cut(strings.Trim(h, `"`), ".")
	v, err := strconv.Atoi(version)
	if err != nil || v < 1 {
		return 0, &koncern.Error{Code: koncern.EBADREQUEST, Message: "If-Match: must be an ETag this server handed out",
			Fields: []koncern.FieldError{{Field: "If-Match", Message: "must be an ETag this server handed out"}}}
	}
	return v, nil
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }
