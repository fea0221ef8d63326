package web

import (
	"context"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
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
