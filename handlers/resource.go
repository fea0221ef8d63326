package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// record is what every stored domain value offers: its id and version.
type record interface{ Record() koncern.Meta }

// resource wires one registry entity to its five routes: list, create,
// get, update (PATCH) and end (DELETE). In is the create DTO, P the patch
// DTO, F the list filter and Out the stored value.
type resource[In any, P any, F any, Out record] struct {
	path   string
	filter func(q *query) F
	list   func(ctx context.Context, f F) (registry.Page[Out], error)
	create func(ctx context.Context, in In) (Out, error)
	get    func(ctx context.Context, id uuid.UUID) (Out, error)
	update func(ctx context.Context, id uuid.UUID, ifVersion int, p P) (Out, error)
	// end is nil for a resource whose records are never ended, which then
	// has no DELETE.
	end func(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (Out, error)
	// show, when set, gives the records as the API shows them: each with
	// the names of the records it refers to (names.go).
	show func(ctx context.Context, items []Out) ([]record, error)
}

func (res resource[In, P, F, Out]) register(g *echo.Group, today func() koncern.Date) {
	g.GET(res.path, res.handleList)
	g.POST(res.path, res.handleCreate)
	g.GET(res.path+"/:id", res.handleGet)
	g.PATCH(res.path+"/:id", res.handleUpdate)
	if res.end != nil {
		g.DELETE(res.path+"/:id", func(c echo.Context) error { return res.handleEnd(c, today) })
	}
}

func (res resource[In, P, F, Out]) handleList(c echo.Context) error {
	q := newQuery(c)
	f := res.filter(q)
	if err := q.Err(); err != nil {
		return err
	}
	page, err := res.list(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return writePage(c, page, res.show)
}

// write answers one record as the API shows it.
func (res resource[In, P, F, Out]) write(c echo.Context, status int, out Out) error {
	if res.show == nil {
		return writeRecord(c, status, out)
	}
	shown, err := res.show(c.Request().Context(), []Out{out})
	if err != nil {
		return err
	}
	return writeRecord(c, status, shown[0])
}

// writePage answers a page of records, each as show gives it when set.
func writePage[Out any](c echo.Context, page registry.Page[Out], show func(ctx context.Context, items []Out) ([]record, error)) error {
	if show == nil {
		return c.JSON(http.StatusOK, page)
	}
	items, err := show(c.Request().Context(), page.Items)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, registry.Page[record]{Items: items, NextCursor: page.NextCursor})
}

func (res resource[In, P, F, Out]) handleCreate(c echo.Context) error {
	var in In
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := res.create(c.Request().Context(), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, c.Request().URL.Path+"/"+out.Record().ID.String())
	return res.write(c, http.StatusCreated, out)
}

func (res resource[In, P, F, Out]) handleGet(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	out, err := res.get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return res.write(c, http.StatusOK, out)
}

func (res resource[In, P, F, Out]) handleUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var p P
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	out, err := res.update(c.Request().Context(), id, version, p)
	if err != nil {
		return err
	}
	return res.write(c, http.StatusOK, out)
}

// handleEnd ends the record's validity on the day named by on (today when
// absent); the record and its history stay.
func (res resource[In, P, F, Out]) handleEnd(c echo.Context, today func() koncern.Date) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	q := newQuery(c)
	on := q.Date("on")
	if err := q.Err(); err != nil {
		return err
	}
	if on == nil {
		d := today()
		on = &d
	}
	out, err := res.end(c.Request().Context(), id, version, *on)
	if err != nil {
		return err
	}
	return res.write(c, http.StatusOK, out)
}

// writeRecord answers out with its ETag: its version, and for a record
// shown with the names of others (names.go) a digest of those names after
// a dot, so that the tag changes when a name it shows does. If-Match
// compares the version alone (ifMatch): a renamed company is no change to
// its stakes.
func writeRecord(c echo.Context, status int, out record) error {
	tag := etag(out.Record().Version)
	if n, ok := out.(interface{ displayNames() []string }); ok {
		tag = `"` + strconv.Itoa(out.Record().Version) + "." + namesDigest(n.displayNames()) + `"`
	}
	c.Response().Header().Set("ETag", tag)
	return c.JSON(status, out)
}

// writeVersioned answers body with the ETag of its version.
func writeVersioned(c echo.Context, status, version int, body any) error {
	c.Response().Header().Set("ETag", etag(version))
	return c.JSON(status, body)
}

// subList serves a list preset to one parent record, such as the posts of
// an organisation: the parent must exist, and the rest of the query works
// as on the full list.
// show, when set, gives the records as the API shows them (resource.show).
func subList[F any, Out any](exists func(ctx context.Context, id uuid.UUID) error, filter func(q *query, parent uuid.UUID) F,
	list func(ctx context.Context, f F) (registry.Page[Out], error), show func(ctx context.Context, items []Out) ([]record, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		q := newQuery(c)
		f := filter(q, id)
		if err := q.Err(); err != nil {
			return err
		}
		if err := exists(c.Request().Context(), id); err != nil {
			return err
		}
		page, err := list(c.Request().Context(), f)
		if err != nil {
			return err
		}
		return writePage(c, page, show)
	}
}
