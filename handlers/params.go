package handlers

import (
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
type query struct{ *params.Query }

func newQuery(c echo.Context) *query { return &query{params.New(c.QueryParams())} }

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
	v, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || v < 1 {
		return 0, &koncern.Error{Code: koncern.EBADREQUEST, Message: "If-Match: must be an ETag this server handed out",
			Fields: []koncern.FieldError{{Field: "If-Match", Message: "must be an ETag this server handed out"}}}
	}
	return v, nil
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }
