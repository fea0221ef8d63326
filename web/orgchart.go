package web

import (
	"html/template"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// orgChartView is what the organisation chart's page shows: the chart
// drawn, and the same tree as a list for those who do not see the
// drawing.
type orgChartView struct {
	Root    *analysis.ChartNode
	Drawing template.HTML
	Day     koncern.Date
}

// orgChartPage draws the administrative tree below an organisation on the
// chosen day, each box a link to its organisation's page; ?format=svg
// downloads the drawing.
func (s *Site) orgChartPage(c echo.Context) error {
	req, err := s.readRecord(c, "svg")
	if err != nil {
		return err
	}
	id, day, format := req.ID, req.Day, req.Format
	ctx := c.Request().Context()
	org, err := s.cfg.Registry.GetOrganization(ctx, id)
	if err != nil {
		return err
	}
	snap, err := s.snapshot(ctx, org.MunicipalityID, dayWindow(day))
	if err != nil {
		return err
	}
	chart := analysis.OrgChart(snap, id, analysis.DayOf(day))
	if chart == nil {
		return koncern.Invalid("at", "organisation %q is not in force on %s", org.Name, day)
	}
	p := s.newPage(c, "", nil)
	opts := []render.Option{render.In(p.Lang)}
	if format == "" {
		opts = append(opts, render.Linked(func(subj analysis.Subject) string { return subjectHref(p, subj, day) }))
	}
	svg, err := s.drawing(c, render.OrgChart(chart, render.Title("org_chart", chart.Name, day, p.Lang), opts...))
	if err != nil {
		return err
	}
	if format == "svg" {
		return writeSVG(c, "org-chart", svg)
	}
	p.Data = orgChartView{Root: chart, Drawing: inlineSVG(svg), Day: day}
	p.Title = p.Tf("orgchart.title", chart.Name)
	return s.render(c, "orgchart", p)
}
