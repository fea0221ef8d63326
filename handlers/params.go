package handlers

import (
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// query reads query parameters and collects every error, so that a request
// with three bad parameters hears about all three.
type query struct {
	c    echo.Context
	errs []koncern.FieldError
}

func newQuery(c echo.Context) *query { return &query{c: c} }

func (q *query) fail(name, msg string) {
	q.errs = append(q.errs, koncern.FieldError{Field: name, Message: msg})
}

func (q *query) str(name string) string {
	s := strings.TrimSpace(q.c.QueryParam(name))
	if strings.ContainsRune(s, 0) {
		q.fail(name, koncern.NULMessage)
		return ""
	}
	return s
}

func (q *query) uuid(name string) *uuid.UUID {
	s := q.str(name)
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		q.fail(name, "must be a UUID")
		return nil
	}
	return &id
}

func (q *query) date(name string) *koncern.Date {
	s := q.str(name)
	if s == "" {
		return nil
	}
	d, err := koncern.ParseDate(s)
	if err != nil {
		q.fail(name, err.Error())
		return nil
	}
	return &d
}

func (q *query) bool(name string) *bool {
	s := q.str(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fail(name, "must be true or false")
		return nil
	}
	return &b
}

func (q *query) enum(name string, allowed []string) string {
	s := q.str(name)
	if s != "" && !slices.Contains(allowed, s) {
		q.fail(name, "must be one of: "+strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// orgNumber reads an organisationsnummer in either written form and
// returns it in the form the registry stores.
func (q *query) orgNumber(name string) string {
	s := q.str(name)
	if s == "" {
		return ""
	}
	n, err := koncern.NormalizeOrgNumber(s)
	if err != nil {
		q.fail(name, "is not a valid organisationsnummer: "+err.Error())
	}
	return n
}

func (q *query) int(name string) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.fail(name, "must be a whole number")
	}
	return n
}

// list reads the options every list takes: at, history, cursor and limit.
func (q *query) list() registry.ListOptions {
	history := q.bool("history")
	return registry.ListOptions{
		At: q.date("at"), History: history != nil && *history,
		Cursor: q.str("cursor"), Limit: q.int("limit"),
	}
}

func (q *query) err() error {
	if len(q.errs) == 0 {
		return nil
	}
	return &koncern.Error{Code: koncern.EBADREQUEST, Message: koncern.SummarizeFields(q.errs), Fields: q.errs}
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
	v, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || v < 1 {
		return 0, &koncern.Error{Code: koncern.EBADREQUEST, Message: "If-Match: must be an ETag this server handed out",
			Fields: []koncern.FieldError{{Field: "If-Match", Message: "must be an ETag this server handed out"}}}
	}
	return v, nil
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// maxWithin bounds how far ahead an expiry report looks: ten years.
const maxWithin = 3660

// days reads a number of days written "90d" or "90", or def when absent.
func (q *query) days(name string, def int) int {
	s := strings.TrimSuffix(q.str(name), "d")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxWithin {
		q.fail(name, "must be a number of days between 0 and 3660, written like 90d")
		return def
	}
	return n
}
