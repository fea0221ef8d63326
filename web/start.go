package web

import (
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// startData is what the start page shows: the municipalities, and how many
// findings of each severity hold on the day.
type startData struct {
	Municipalities []koncern.Organization
	Severities     []severityCount
	Total          int
}

type severityCount struct {
	Severity string
	Count    int
}

func (s *Site) registerStart(r *router) {
	r.page("/", s.startPage)
}

func (s *Site) startPage(c echo.Context) error {
	day, err := s.day(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	munis, err := s.cfg.Registry.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "municipality",
		ListOptions: registry.ListOptions{At: &day, Limit: registry.MaxLimit}})
	if err != nil {
		return err
	}
	snap, err := s.snapshot(ctx, nil, dayWindow(day))
	if err != nil {
		return err
	}
	data := startData{Municipalities: munis.Items}
	counts := map[string]int{}
	for _, f := range analysis.Findings(snap, analysis.Filter{}) {
		counts[f.Severity]++
		data.Total++
	}
	for _, sev := range []string{analysis.High, analysis.Medium, analysis.Low} {
		data.Severities = append(data.Severities, severityCount{Severity: sev, Count: counts[sev]})
	}
	p := s.newPage(c, "", data)
	p.Title = p.T("app.name")
	return s.render(c, "start", p)
}
