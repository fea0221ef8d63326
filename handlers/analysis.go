package handlers

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/render"
)

// analyst serves the findings and reports: it loads a snapshot for the
// days a request asks about and hands it to the pure analysis package.
type analyst struct {
	reg    *registry.Registry
	render *render.SVG
}

// registerAnalysisRoutes lists the routes of the rules, the findings and
// the reports.
func registerAnalysisRoutes(g *echo.Group, r *registry.Registry, svg *render.SVG) {
	a := &analyst{reg: r, render: svg}
	g.GET("/rules", a.handleRules)
	g.GET("/findings", a.handleFindings)
	g.GET("/reports/org-chart", a.handleOrgChart)
	g.GET("/reports/steering/:id", a.handleSteering)
	g.GET("/reports/changes", a.handleChanges)
	g.GET("/reports/interlocks", a.handleInterlocks)
	g.GET("/reports/expiring", a.handleExpiring)
	g.GET("/reports/group", a.handleGroup)
	g.GET("/calendar", a.handleCalendar)
	registerExportRoutes(g, a)
}

// snapshot loads the graph of one municipality's group (or all) over
// window.
func (a *analyst) snapshot(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (*analysis.Snapshot, error) {
	data, err := a.reg.LoadSnapshot(ctx, municipality, window)
	if err != nil {
		return nil, err
	}
	return analysis.NewSnapshot(window, data), nil
}

// checkMunicipality makes sure a municipality parameter names one
// (registry.CheckMunicipality).
func (a *analyst) checkMunicipality(ctx context.Context, id *uuid.UUID) error {
	return a.reg.CheckMunicipality(ctx, id)
}

// day reads at=, defaulting to today.
func (a *analyst) day(q *query) koncern.Date { return atOrToday(q, a.reg) }

// atOrToday reads at=, defaulting to the registry's today.
func atOrToday(q *query, r *registry.Registry) koncern.Date {
	if d := q.Date("at"); d != nil {
		return *d
	}
	return r.Today()
}

// window reads either at= (one day) or from= and to= (a period), today
// when neither is given (analysis.Window).
func (a *analyst) window(q *query) koncern.Period {
	w, problems := analysis.Window(q.Date("at"), q.Date("from"), q.Date("to"), a.reg.Today())
	q.Add(problems...)
	return w
}

func (a *analyst) handleRules(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"items": analysis.Rules()})
}

// findingsPage is the answer of GET /findings.
type findingsPage struct {
	Window koncern.Period     `json:"window"`
	Items  []commentedFinding `json:"items"`
}

func (a *analyst) handleFindings(c echo.Context) error {
	q := newQuery(c)
	window := a.window(q)
	muni := q.Org("municipality")
	f := analysis.Filter{Rules: q.CSVList("rule", analysis.RuleIDs()), Severity: q.Enum("severity", []string{analysis.High, analysis.Medium, analysis.Low}), SubjectID: q.Org("subject")}
	format := q.Enum("format", append([]string{"json"}, tableFormats...))
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
	items := analysis.Findings(s, f)
	if items == nil {
		items = []analysis.Finding{}
	}
	if f := chosen(c, format, tableFormats...); f != "json" {
		return writeTable(c, f, "findings", analysis.FindingsTable(items))
	}
	commented, err := withComments(c.Request().Context(), a.reg, items)
	if err != nil {
		return err
	}
	if window.To != nil && *window.To == window.From {
		if err := a.wholePeriods(c.Request().Context(), muni, items, commented); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, findingsPage{Window: window, Items: commented})
}

// wholePeriods gives each finding of one day the whole continuous period
// it holds in around that day (registry.WholeFindings), beside its
// periods, which keep to the day asked about. A finding of one day has
// one such period.
func (a *analyst) wholePeriods(ctx context.Context, muni *uuid.UUID, items []analysis.Finding, out []commentedFinding) error {
	whole, err := a.reg.WholeFindings(ctx, muni, items)
	if err != nil {
		return err
	}
	for i := range whole {
		out[i].Period = &whole[i].Periods[0]
	}
	return nil
}
