package handlers

import (
	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// The titles of the drawings say what was drawn and as of which day.

func renderOrgChart(chart *analysis.ChartNode, day koncern.Date) string {
	return render.OrgChart(chart, "Organisation chart of "+chart.Name+" on "+day.String())
}

func renderSteering(m *analysis.SteeringMap, day koncern.Date) string {
	return render.Steering(m, "Steering of "+m.Post.Name+" on "+day.String())
}

func renderGroup(rep *analysis.GroupReport) string {
	return render.Group(rep, "Group of "+rep.Root.Name+" on "+rep.At.String())
}
