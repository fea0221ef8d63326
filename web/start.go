package web

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
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
	// The snapshot, not a list, gives the municipalities: it can show the
	// registry as it was recorded at a moment (?recorded_at=).
	snap, err := s.snapshot(c.Request().Context(), nil, dayWindow(day))
	if err != nil {
		return err
	}
	data := startData{Municipalities: municipalitiesOf(snap)}
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

// municipalitiesOf lists the municipalities of a snapshot by name.
func municipalitiesOf(snap *analysis.Snapshot) []koncern.Organization {
	var out []koncern.Organization
	for _, o := range snap.Data().Organizations {
		if o.Kind == "municipality" {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b koncern.Organization) int { return strings.Compare(a.Name, b.Name) })
	return out
}
