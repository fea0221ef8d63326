package web

import (
	"bytes"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/params"
	"github.com/koncernregistret/koncern/render"
)

// registerCalendar adds the compliance calendar: the law's and the
// records' duties with their due dates, the overdue ones first.
func (s *Site) registerCalendar(r *router) {
	r.page("/calendar", s.calendarPage)
}

// calendarData is the calendar page: the duties due within the window,
// with their status on the day shown.
type calendarData struct {
	reportFilter
	Window koncern.Period
	Counts map[string]int
	Items  []dutyView
	// Subscribe is the address of the API's feed for this municipality,
	// for a calendar program to subscribe to.
	Subscribe string
}

// dutyView is a duty as the page lists it, its subject and what did it
// linked to their pages.
type dutyView struct {
	analysis.Duty
	Subject nodeLink
	DoneBy  *recordView
}

func (s *Site) calendarPage(c echo.Context) error {
	format, err := download(c, "ics", "csv", "xlsx")
	if err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	q := params.New(c.QueryParams())
	window, problems := analysis.CalendarWindow(q.Date("from"), q.Date("to"), day)
	q.Add(problems...)
	muni, err := s.readMunicipality(ctx, q)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(ctx, muni, analysis.CalendarLoad(window))
	if err != nil {
		return err
	}
	duties := analysis.ByUrgency(analysis.Calendar(snap, window, day, analysis.CalendarFilter{}))
	if format != "" {
		return s.writeCalendar(c, format, snap, duties)
	}
	filter, err := s.newReportFilter(ctx, day, muni)
	if err != nil {
		return err
	}
	d := calendarData{reportFilter: filter, Window: window, Counts: map[string]int{}, Subscribe: subscribeAddress(c, filter.Municipality)}
	idx := newRecordIndex(snap)
	for _, x := range duties {
		d.Counts[x.Status]++
		d.Items = append(d.Items, dutyViewOf(idx, x))
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("calendar.title")
	return s.render(c, "calendar", p)
}

// subscribeAddress is the API's iCalendar feed of a municipality (or of
// all) at the address the page was asked at: a subscription always shows
// the year before and after the day the program asks.
func subscribeAddress(c echo.Context, muni string) string {
	q := url.Values{"format": {"ics"}}
	if muni != "" {
		q.Set("municipality", muni)
	}
	return c.Scheme() + "://" + c.Request().Host + "/api/v1/calendar?" + q.Encode()
}

func dutyViewOf(idx *recordIndex, x analysis.Duty) dutyView {
	v := dutyView{Duty: x, Subject: nodeLink{x.Subject.Name, recordPath(x.Subject.Type, x.Subject.ID)}}
	if x.Done != nil {
		r := idx.describe(x.Done.Record.Type, x.Done.Record.ID, koncern.Period{}, x.Done.Record.Name)
		if doc := x.Done.Document; doc != nil && r.Document == nil && x.Done.Record.Type != "document" {
			r.Document = &nodeLink{doc.Name, recordPath("document", doc.ID)}
		}
		v.DoneBy = &r
	}
	return v
}

// writeCalendar sends the calendar as a file: the iCalendar feed, or the
// table as CSV or XLSX.
func (s *Site) writeCalendar(c echo.Context, format string, snap *analysis.Snapshot, duties []analysis.Duty) error {
	if format != "ics" {
		return writeTable(c, format, "calendar", analysis.CalendarTable(duties))
	}
	var buf bytes.Buffer
	if err := render.ICalendar(&buf, render.CalendarName(snap), duties, s.cfg.Registry.Now()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="calendar.ics"`)
	return c.Blob(http.StatusOK, render.MediaICalendar, buf.Bytes())
}
