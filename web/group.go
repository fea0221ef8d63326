package web

import (
	"context"
	"html/template"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// groupData is what the group page shows: the report, its chart and the
// cap table of every company in the group.
type groupData struct {
	Report    *analysis.GroupReport
	Chart     template.HTML
	CapTables []analysis.CapTable
}

// groupPage is /groups/{id}: the group of organisation id on the day, as
// the API's group report computes it, with the ownership chart inline and
// the cap tables below. ?format= gives the members (or with
// table=cap-tables the cap tables) as CSV or XLSX, or the chart as SVG.
func (s *Site) groupPage(c echo.Context) error {
	req, err := s.readRecord(c, "csv", "xlsx", "svg")
	if err != nil {
		return err
	}
	id, day, format := req.ID, req.Day, req.Format
	ctx := c.Request().Context()
	rep, err := s.cfg.Registry.Group(ctx, id, day)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", nil)
	p.Title = p.Tf("group.title", rep.Root.Name)
	chart := func() ([]byte, error) {
		link := func(subj analysis.Subject) string { return subjectHref(p, subj, day) }
		return s.drawing(c, render.Group(rep, p.Tf("group.chart.title", rep.Root.Name, p.Date(day)), render.In(p.Lang), render.Linked(link)))
	}
	switch {
	case format == "svg":
		svg, err := chart()
		if err != nil {
			return err
		}
		return writeSVG(c, "group", svg)
	case format != "" && c.QueryParam("table") != "cap-tables":
		return writeTable(c, format, "group", analysis.GroupTable(rep))
	}
	tables, err := s.groupCapTables(ctx, rep, day)
	if err != nil {
		return err
	}
	if format != "" {
		return writeTable(c, format, "cap-tables", analysis.CapTablesTable(tables))
	}
	svg, err := chart()
	if err != nil {
		return err
	}
	p.Data = groupData{Report: rep, Chart: inlineSVG(svg), CapTables: tables}
	return s.render(c, "group", p)
}

// groupCapTables is the cap table of the root, when it is a company, and
// of every member, in the report's order.
func (s *Site) groupCapTables(ctx context.Context, rep *analysis.GroupReport, day koncern.Date) ([]analysis.CapTable, error) {
	ids := make([]uuid.UUID, 0, len(rep.Members)+1)
	root, err := s.cfg.Registry.GetOrganization(ctx, rep.Root.ID)
	if err != nil {
		return nil, err
	}
	if root.Kind == "company" {
		ids = append(ids, root.ID)
	}
	for _, m := range rep.Members {
		ids = append(ids, m.Company.ID)
	}
	tables := make([]analysis.CapTable, 0, len(ids))
	for _, id := range ids {
		t, err := s.cfg.Registry.CapTable(ctx, id, day)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// OrganizationURL is the address of an organisation's page on the page's
// day, for the drawings' links (render.Reader).
func (p *page) OrganizationURL(id uuid.UUID) string { return p.Link("/organizations/" + id.String()) }
