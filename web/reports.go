package web

import (
	"context"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/params"
)

// reportFilter is the municipality a report is narrowed to, and the
// municipalities it could be.
type reportFilter struct {
	Municipality   string
	Municipalities []koncern.Organization
}

// readMunicipality reads ?municipality= and checks that it names one, as
// the API's reports do.
func (s *Site) readMunicipality(ctx context.Context, q *params.Query) (*uuid.UUID, error) {
	muni := q.UUID("municipality")
	if err := q.Err(); err != nil {
		return nil, err
	}
	return muni, s.cfg.Registry.CheckMunicipality(ctx, muni)
}

// newReportFilter lists the municipalities in force on day for a report's
// filter, with muni chosen.
func (s *Site) newReportFilter(ctx context.Context, day koncern.Date, muni *uuid.UUID) (reportFilter, error) {
	f := reportFilter{}
	if muni != nil {
		f.Municipality = muni.String()
	}
	var err error
	f.Municipalities, err = s.municipalities(ctx, day)
	return f, err
}

// reportsData is the index of the reports: the municipalities, whose
// group and organisation chart are reports of their own.
type reportsData struct {
	Municipalities []koncern.Organization
}

func (s *Site) reportsPage(c echo.Context) error {
	day, err := s.day(c)
	if err != nil {
		return err
	}
	munis, err := s.municipalities(c.Request().Context(), day)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", reportsData{Municipalities: munis})
	p.Title = p.T("reports.title")
	return s.render(c, "reports", p)
}

// interlocksData is the interlocks report: who sits in several steering
// bodies on the day.
type interlocksData struct {
	reportFilter
	Items []interlockView
}

type interlockView struct {
	Person        nodeLink
	Bodies, Posts []nodeLink
}

func subjectLinks(ss []analysis.Subject) []nodeLink {
	out := make([]nodeLink, len(ss))
	for i, x := range ss {
		out[i] = nodeLink{x.Name, recordPath(x.Type, x.ID)}
	}
	return out
}

func (s *Site) interlocksPage(c echo.Context) error {
	format, err := download(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	muni, err := s.readMunicipality(ctx, params.New(c.QueryParams()))
	if err != nil {
		return err
	}
	snap, err := s.snapshot(ctx, muni, dayWindow(day))
	if err != nil {
		return err
	}
	items := analysis.Interlocks(snap, analysis.DayOf(day))
	if format != "" {
		return writeTable(c, format, "interlocks", analysis.InterlocksTable(items))
	}
	filter, err := s.newReportFilter(ctx, day, muni)
	if err != nil {
		return err
	}
	d := interlocksData{reportFilter: filter}
	for _, il := range items {
		d.Items = append(d.Items, interlockView{Person: nodeLink{il.Person.Name, recordPath("person", il.Person.ID)},
			Bodies: subjectLinks(il.Bodies), Posts: subjectLinks(il.Posts)})
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("interlocks.title")
	return s.render(c, "interlocks", p)
}

// withinChoices are the spans the expiry report offers, in days.
var withinChoices = []string{"30", "90", "180", "365"}

// expiringData is the expiry report: what ends within the days chosen.
type expiringData struct {
	reportFilter
	Within  string
	Choices []string
	Window  koncern.Period
	Items   []expiryView
}

type expiryView struct {
	DaysLeft int
	Record   recordView
}

func (s *Site) expiringPage(c echo.Context) error {
	format, err := download(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	q := params.New(c.QueryParams())
	within := q.Enum("within", withinChoices)
	if within == "" {
		within = "90"
	}
	muni, err := s.readMunicipality(ctx, q)
	if err != nil {
		return err
	}
	days, _ := strconv.Atoi(within)
	window, problem := analysis.ExpiringWindow(day, days)
	if problem != nil {
		return koncern.Invalid(problem.Field, "%s", problem.Message)
	}
	snap, err := s.snapshot(ctx, muni, window)
	if err != nil {
		return err
	}
	items := analysis.Expiring(snap, analysis.DayOf(day), days)
	if format != "" {
		return writeTable(c, format, "expiring", analysis.ExpiringTable(items))
	}
	filter, err := s.newReportFilter(ctx, day, muni)
	if err != nil {
		return err
	}
	d := expiringData{reportFilter: filter, Within: within, Choices: withinChoices, Window: window}
	idx := newRecordIndex(snap)
	for _, e := range items {
		d.Items = append(d.Items, expiryView{e.DaysLeft, idx.describe(e.Type, e.ID, e.Period, e.Name)})
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("expiring.title")
	return s.render(c, "expiring", p)
}

// changesDays is how far back the changes report looks when the reader
// has chosen no range: the 90 days up to the day shown.
const changesDays = 90

// changesData is the changes report: what began and ended in the range.
type changesData struct {
	reportFilter
	Window koncern.Period
	Items  []changeView
}

type changeView struct {
	Date   koncern.Date
	Change string
	Record recordView
}

// changesWindow is the range of the changes report: from= and to= as the
// findings read a range, or the days up to the day shown.
func (s *Site) changesWindow(c echo.Context, q *params.Query) (koncern.Period, error) {
	day, err := s.day(c)
	if err != nil {
		return koncern.Period{}, err
	}
	from, to := q.Date("from"), q.Date("to")
	if from == nil && to == nil && q.Str("from") == "" && q.Str("to") == "" {
		return koncern.Period{From: day.AddDays(-changesDays), To: &day}, q.Err()
	}
	w, problems := analysis.Window(nil, from, to, day)
	q.Add(problems...)
	return w, q.Err()
}

func (s *Site) changesPage(c echo.Context) error {
	format, err := download(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	q := params.New(c.QueryParams())
	window, err := s.changesWindow(c, q)
	if err != nil {
		return err
	}
	muni, err := s.readMunicipality(ctx, q)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(ctx, muni, window)
	if err != nil {
		return err
	}
	items := analysis.Changes(snap, analysis.DayOf(window.From), analysis.DayOf(*window.To))
	if format != "" {
		return writeTable(c, format, "changes", analysis.ChangesTable(items))
	}
	filter, err := s.newReportFilter(ctx, *window.To, muni)
	if err != nil {
		return err
	}
	d := changesData{reportFilter: filter, Window: window}
	idx := newRecordIndex(snap)
	for _, ch := range items {
		d.Items = append(d.Items, changeView{ch.Date, ch.Change, idx.describe(ch.Type, ch.ID, ch.Period, ch.Name)})
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("changes.title")
	return s.render(c, "changes", p)
}
