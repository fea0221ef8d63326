package handlers

import (
	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/i18n"
	"github.com/koncernregistret/koncern/render"
)

// The titles of the drawings say what was drawn and as of which day, in
// the language the client asked for.

func renderOrgChart(chart *analysis.ChartNode, day koncern.Date, lang string) string {
	return render.OrgChart(chart, render.Title("org_chart", chart.Name, day, lang), render.In(lang))
}

func renderSteering(m *analysis.SteeringMap, day koncern.Date, lang string) string {
	return render.Steering(m, render.Title("steering", m.Post.Name, day, lang), render.In(lang))
}

func renderGroup(rep *analysis.GroupReport, lang string) string {
	return render.Group(rep, render.Title("group", rep.Root.Name, rep.At, lang), render.In(lang))
}

// drawingLang reads the language of a drawing's texts: English unless the
// client asks for Swedish, so that a client written before lang existed
// gets the drawing it always got, and the API's other words (its errors,
// its enumerations) stay in the one language they are in.
func drawingLang(q *query) string {
	if l := q.Enum("lang", []string{i18n.SV, i18n.EN}); l != "" {
		return l
	}
	return i18n.EN
}
