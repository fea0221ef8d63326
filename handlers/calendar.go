package handlers

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// calendarFormats are the formats of the calendar besides JSON: the
// iCalendar feed an officer subscribes to, and the table as CSV or XLSX.
var calendarFormats = []string{"ics", "csv", "xlsx"}

// calendarPage is the answer of GET /calendar as JSON.
type calendarPage struct {
	Window koncern.Period  `json:"window"`
	At     koncern.Date    `json:"at"`
	Items  []analysis.Duty `json:"items"`
}

// handleCalendar serves the compliance calendar: the duties due within
// the window, with their status on the day at.
func (a *analyst) handleCalendar(c echo.Context) error {
	q := newQuery(c)
	at := a.day(q)
	window, problems := analysis.CalendarWindow(q.Date("from"), q.Date("to"), at)
	q.Add(problems...)
	muni := q.Org("municipality")
	f := analysis.CalendarFilter{Kinds: q.CSVList("kind", analysis.DutyKinds), Status: q.Enum("status", analysis.DutyStatuses)}
	format := q.Enum("format", append([]string{"json"}, calendarFormats...))
	if err := q.Err(); err != nil {
		return err
	}
	if err := a.checkMunicipality(c.Request().Context(), muni); err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), muni, analysis.CalendarLoad(window))
	if err != nil {
		return err
	}
	duties := analysis.Calendar(s, window, at, f)
	switch f := chosen(c, format, calendarFormats...); f {
	case "ics":
		return a.writeICalendar(c, render.CalendarName(s), duties)
	case "csv", "xlsx":
		return writeTable(c, f, "calendar", analysis.CalendarTable(duties))
	}
	return c.JSON(http.StatusOK, calendarPage{Window: window, At: at, Items: duties})
}

// writeICalendar sends the feed inline, so that a calendar program can
// subscribe to its address.
func (a *analyst) writeICalendar(c echo.Context, name string, duties []analysis.Duty) error {
	var buf bytes.Buffer
	if err := render.ICalendar(&buf, name, duties, a.reg.Now()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `inline; filename="koncernregistret-calendar.ics"`)
	return c.Blob(http.StatusOK, render.MediaICalendar, buf.Bytes())
}
