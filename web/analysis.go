package web

import (
	"context"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/labstack/echo/v4"
)

// snapshot loads the graph of one municipality's group (or all) over
// window, as the API's analysis routes do.
func (s *Site) snapshot(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (*analysis.Snapshot, error) {
	data, err := s.cfg.Registry.LoadSnapshot(ctx, municipality, window)
	if err != nil {
		return nil, err
	}
	return analysis.NewSnapshot(window, data), nil
}

// day is the day a page shows: ?at=, or today. A malformed day is refused
// naming the field, like the API refuses it.
func (s *Site) day(c echo.Context) (koncern.Date, error) {
	at := c.QueryParam("at")
	if at == "" {
		return s.cfg.Registry.Today(), nil
	}
	d, err := koncern.ParseDate(at)
	if err != nil {
		return koncern.Date{}, koncern.Invalid("at", "%s", err.Error())
	}
	return d, nil
}

// dayWindow is the one-day window of d.
func dayWindow(d koncern.Date) koncern.Period { return koncern.Period{From: d, To: &d} }

// recordRequest is what a record's page reads before anything else: the
// record's id in its path, the day it shows, and the file asked for with
// ?format= ("" for the page itself).
type recordRequest struct {
	ID     uuid.UUID
	Day    koncern.Date
	Format string
}

// readRecord reads a record page's request, refusing an id, a day or a
// format it cannot take with the name of the parameter at fault.
func (s *Site) readRecord(c echo.Context, formats ...string) (recordRequest, error) {
	var r recordRequest
	var err error
	if r.ID, err = handlers.PathID(c); err != nil {
		return r, err
	}
	if r.Day, err = s.day(c); err != nil {
		return r, err
	}
	r.Format, err = download(c, formats...)
	return r, err
}
