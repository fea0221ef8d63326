package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/registry"
)

// Media types of the report formats.
const (
	mimeCSV = "text/csv; charset=utf-8"
	mimeSVG = "image/svg+xml"
	mimeDOT = "text/vnd.graphviz; charset=utf-8"
)

// formatMedia maps the format parameter to what Accept would name.
var formatMedia = map[string]string{"csv": "text/csv", "svg": "image/svg+xml", "dot": "text/vnd.graphviz", "ics": "text/calendar", "xlsx": mimeXLSX}

// wants reports whether the client asked for format f: by ?format=, or,
// without it, by naming the media type in Accept.
func wants(c echo.Context, format, f string) bool {
	if format != "" {
		return format == f
	}
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), formatMedia[f])
}

// chosen returns the format a client asked for among those a report has,
// JSON when it named none of them.
func chosen(c echo.Context, format string, offered ...string) string {
	for _, f := range offered {
		if wants(c, format, f) {
			return f
		}
	}
	return "json"
}

// tableFormats are the forms every tabular report takes besides JSON.
var tableFormats = []string{"csv", "xlsx"}

// writeTable sends a report's table as CSV or, for xlsx, as a workbook of
// one sheet with typed cells (exchange.NewBook).
func writeTable(c echo.Context, format, name string, t analysis.Table) error {
	if format == "xlsx" {
		return writeWorkbook(c, "koncernregistret-"+name+".xlsx", exchange.Register{Name: name, Table: t})
	}
	return writeCSV(c, name, t)
}

// writeCSV sends a table as CSV with a header row, written as the
// exports write theirs: each field that a spreadsheet would read as a
// formula escaped (koncern.EscapeFormula).
func writeCSV(c echo.Context, name string, t analysis.Table) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, mimeCSV)
	h.Set(echo.HeaderContentDisposition, `inline; filename="`+name+`.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return exchange.WriteCSV(c.Response(), exchange.Register{Name: name, Table: t})
}

// writeDrawing sends a drawing as DOT text or as SVG laid out by Graphviz.
func (a *analyst) writeDrawing(c echo.Context, format, dot string) error {
	if format == "dot" {
		return c.Blob(http.StatusOK, mimeDOT, []byte(dot))
	}
	svg, err := a.render.Render(c.Request().Context(), dot)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mimeSVG, svg)
}

func (a *analyst) handleOrgChart(c echo.Context) error {
	q := newQuery(c)
	root, day := q.Org("root"), a.day(q)
	format, lang := q.Enum("format", []string{"json", "svg", "dot"}), drawingLang(q)
	if root == nil && q.Str("root") == "" {
		q.Fail("root", "is required: the id of the organisation at the top of the chart")
	}
	if err := q.Err(); err != nil {
		return err
	}
	org, err := a.reg.GetOrganization(c.Request().Context(), *root)
	if err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), org.MunicipalityID, koncern.Period{From: day, To: &day})
	if err != nil {
		return err
	}
	chart := analysis.OrgChart(s, *root, analysis.DayOf(day))
	if chart == nil {
		return koncern.Invalid("at", "organisation %q is not in force on %s", org.Name, day)
	}
	if f := chosen(c, format, "svg", "dot"); f != "json" {
		return a.writeDrawing(c, f, renderOrgChart(chart, day, lang))
	}
	return c.JSON(http.StatusOK, chart)
}

func (a *analyst) handleSteering(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	q := newQuery(c)
	day := a.day(q)
	format, lang := q.Enum("format", []string{"json", "svg", "dot"}), drawingLang(q)
	if err := q.Err(); err != nil {
		return err
	}
	post, err := a.reg.GetPost(c.Request().Context(), id)
	if err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), post.MunicipalityID, koncern.Period{From: day, To: &day})
	if err != nil {
		return err
	}
	m := analysis.Steering(s, id, analysis.DayOf(day))
	if m == nil {
		return koncern.Invalid("at", "post %q is not in force on %s", post.Title, day)
	}
	if f := chosen(c, format, "svg", "dot"); f != "json" {
		return a.writeDrawing(c, f, renderSteering(m, day, lang))
	}
	return c.JSON(http.StatusOK, m)
}

// handleChanges answers what started and what ended in a period: a page of
// it as JSON, or all of it as a file (unpagedFile).
func (a *analyst) handleChanges(c echo.Context) error {
	q := newQuery(c)
	from, to := q.Date("from"), q.Date("to")
	muni := q.Org("municipality")
	f := chosen(c, q.Enum("format", append([]string{"json"}, tableFormats...)), tableFormats...)
	cursor, limit := q.Str("cursor"), q.Int("limit")
	if from == nil && q.Str("from") == "" {
		q.Fail("from", "is required")
	}
	if to == nil && q.Str("to") == "" {
		q.Fail("to", "is required")
	}
	if from != nil && to != nil && to.Before(*from) {
		q.Fail("to", "must not be before from")
	}
	if f != "json" {
		unpagedFile(q, f)
	}
	if err := q.Err(); err != nil {
		return err
	}
	size, err := registry.PageLimit(limit)
	if err != nil {
		return err
	}
	if err := a.checkMunicipality(c.Request().Context(), muni); err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), muni, koncern.Period{From: *from, To: to})
	if err != nil {
		return err
	}
	changes := analysis.Changes(s, analysis.DayOf(*from), analysis.DayOf(*to))
	if f != "json" {
		return writeTable(c, f, "changes", analysis.ChangesTable(changes))
	}
	page, err := analysis.PageChanges(changes, cursor, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// unpagedFile refuses a cursor with a file: the JSON answer of the
// changes is paged, since a national one is tens of megabytes, but a CSV
// or XLSX file is one whole table to keep or open in a spreadsheet, which
// cannot follow a cursor, so it holds every change and is streamed. The
// limit is not refused but has no effect: the contract's check fills in
// its default before the handler runs, so a limit the client sent cannot
// be told from none.
func unpagedFile(q *query, format string) {
	if q.Str("cursor") != "" {
		q.Fail("cursor", "pages the JSON answer; a "+strings.ToUpper(format)+" file holds every change of the period")
	}
}

func (a *analyst) handleInterlocks(c echo.Context) error {
	q := newQuery(c)
	day, muni := a.day(q), q.Org("municipality")
	format := q.Enum("format", append([]string{"json"}, tableFormats...))
	if err := q.Err(); err != nil {
		return err
	}
	if err := a.checkMunicipality(c.Request().Context(), muni); err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), muni, koncern.Period{From: day, To: &day})
	if err != nil {
		return err
	}
	items := analysis.Interlocks(s, analysis.DayOf(day))
	if f := chosen(c, format, tableFormats...); f != "json" {
		return writeTable(c, f, "interlocks", analysis.InterlocksTable(items))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (a *analyst) handleExpiring(c echo.Context) error {
	q := newQuery(c)
	within := q.Days("within", 90)
	today, muni := a.day(q), q.Org("municipality")
	format := q.Enum("format", append([]string{"json"}, tableFormats...))
	window, problem := analysis.ExpiringWindow(today, within)
	if problem != nil {
		q.Add(*problem)
	}
	if err := q.Err(); err != nil {
		return err
	}
	if err := a.checkMunicipality(c.Request().Context(), muni); err != nil {
		return err
	}
	s, err := a.snapshot(c.Request().Context(), muni, window)
	if err != nil {
		return err
	}
	items := analysis.Expiring(s, analysis.DayOf(today), within)
	if f := chosen(c, format, tableFormats...); f != "json" {
		return writeTable(c, f, "expiring", analysis.ExpiringTable(items))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (a *analyst) handleGroup(c echo.Context) error {
	q := newQuery(c)
	day, root, muni := a.day(q), q.Org("root"), q.Org("municipality")
	format, lang := q.Enum("format", []string{"json", "csv", "xlsx", "svg", "dot"}), drawingLang(q)
	if q.Str("root") == "" && q.Str("municipality") == "" {
		q.Fail("root", "is required (or municipality): the organisation whose group to report")
	}
	if err := q.Err(); err != nil {
		return err
	}
	if root == nil {
		if err := a.checkMunicipality(c.Request().Context(), muni); err != nil {
			return err
		}
		root = muni
	}
	rep, err := a.reg.Group(c.Request().Context(), *root, day)
	if err != nil {
		return err
	}
	switch f := chosen(c, format, "csv", "xlsx", "svg", "dot"); f {
	case "csv", "xlsx":
		return writeTable(c, f, "group", analysis.GroupTable(rep))
	case "svg", "dot":
		return a.writeDrawing(c, f, renderGroup(rep, lang))
	}
	return c.JSON(http.StatusOK, rep)
}
