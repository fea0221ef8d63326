package render

import (
	"fmt"
	"strings"

	"github.com/koncernregistret/koncern/analysis"
)

// Colours of the drawings: one per kind of organisation, one per channel of
// steering, and red for anything a rule flags.
var (
	kindColour = map[string]string{
		"municipality": "#dbe9f6", "council": "#e8dff5", "executive_board": "#e8dff5", "committee": "#efe6fa",
		"administration": "#e3f2e1", "department": "#eef7ec", "unit": "#f5faf4", "company": "#fdf0d5", "forum": "#f0f0f0",
	}
	channelColour = map[string]string{
		"board": "#1f5fa8", "city_manager": "#2e8b57", "political": "#c0392b", "line": "#555555",
		"appraisal": "#8e44ad", "ownership": "#b8860b", "other": "#999999",
	}
	flagColour = "#c0392b"
)

// OrgChart draws an organisation chart: one box per organisation with its
// posts and holders, flagged organisations and posts outlined in red with
// the rules that hold for them.
func OrgChart(root *analysis.ChartNode, title string) string {
	g := NewGraph(title, "LR")
	var walk func(n *analysis.ChartNode)
	walk = func(n *analysis.ChartNode) {
		g.Node(n.ID.String(), chartAttrs(n))
		for _, c := range n.Children {
			walk(c)
			g.Edge(n.ID.String(), c.ID.String(), Attrs{"arrowhead": "none", "color": "#888888"})
		}
	}
	walk(root)
	return g.String()
}

func chartAttrs(n *analysis.ChartNode) Attrs {
	lines := []string{n.Name, "(" + n.Kind + ")"}
	flagged := len(n.Findings) > 0
	for _, p := range n.Posts {
		holder := "vacant"
		if len(p.Holders) > 0 {
			holder = strings.Join(p.Holders, ", ")
		}
		line := p.Title + ": " + holder
		if len(p.Findings) > 0 {
			line += " ⚠ " + strings.Join(p.Findings, ", ")
			flagged = true
		}
		lines = append(lines, line)
	}
	if len(n.Findings) > 0 {
		lines = append(lines, "⚠ "+strings.Join(n.Findings, ", "))
	}
	a := Attrs{"label": strings.Join(lines, "\n"), "fillcolor": colourOr(kindColour[n.Kind], "#ffffff")}
	if flagged {
		a["color"], a["penwidth"] = flagColour, "2"
	}
	return a
}

// steeringLegend explains the arrows under the title of a steering map.
const steeringLegend = "Arrows run from the steering end to the steered end; a reporting arrow points the other way, at the post reported to."

// Steering draws the steering map of one post: the post in the middle, the
// lines into it on one side and out of it on the other, coloured by
// channel, dashed where no decision grounds them.
func Steering(m *analysis.SteeringMap, title string) string {
	g := NewGraph(title+"\n"+steeringLegend, "LR")
	centre := Attrs{"label": m.Post.Name + "\n" + holdersText(m.Holders), "fillcolor": "#ffffff", "penwidth": "2"}
	if len(m.Findings) > 0 {
		rules := make([]string, len(m.Findings))
		for i, f := range m.Findings {
			rules[i] = f.Rule
		}
		centre["label"] += "\n⚠ " + strings.Join(rules, ", ")
		centre["color"] = flagColour
	}
	g.Node(m.Post.ID.String(), centre)
	seen := map[string]bool{m.Post.ID.String(): true}
	for _, ch := range analysis.Channels {
		for _, l := range m.Incoming[ch] {
			steeringEdge(g, seen, l, ch)
		}
		for _, l := range m.Outgoing[ch] {
			steeringEdge(g, seen, l, ch)
		}
	}
	return g.String()
}

func steeringEdge(g *Graph, seen map[string]bool, l analysis.MapLine, channel string) {
	for _, end := range []analysis.Subject{l.From, l.To} {
		if id := end.ID.String(); !seen[id] {
			seen[id] = true
			g.Node(id, Attrs{"label": end.Name})
		}
	}
	a := Attrs{"label": fmt.Sprintf("%s\n(%s)", l.Kind, l.Basis), "color": channelColour[channel], "fontcolor": channelColour[channel]}
	if l.Basis != "formal" {
		a["style"] = "dashed"
	}
	if l.Kind == "reporting" {
		// The line runs from the post reported to, like every line, and
		// is laid out so; its arrow shows the report going up, as the
		// legend says.
		a["dir"] = "back"
	}
	g.Edge(l.From.ID.String(), l.To.ID.String(), a)
}

func holdersText(holders []string) string {
	if len(holders) == 0 {
		return "(vacant)"
	}
	return strings.Join(holders, ", ")
}

func colourOr(c, fallback string) string {
	if c == "" {
		return fallback
	}
	return c
}

// relationColour tells subsidiaries from associated companies.
var relationColour = map[string]string{"subsidiary": "#fdf0d5", "associated": "#eaf2fb"}

// Group draws a group tree for the API: in English, without links.
func Group(rep *analysis.GroupReport, title string) string { return GroupFor(rep, title, English) }

// GroupFor draws a group tree for reader: the root, every member with its
// relation and effective share, and the direct holdings among them
// labelled with their percentages of capital and votes, each box a link to
// its organisation where the reader has pages.
func GroupFor(rep *analysis.GroupReport, title string, reader Reader) string {
	g := NewGraph(title, "LR")
	g.Node(rep.Root.ID.String(), linkOrganization(reader, Attrs{"label": rep.Root.Name, "fillcolor": kindColour["municipality"], "penwidth": "2"}, rep.Root.ID))
	for _, m := range rep.Members {
		label := m.Company.Name + "\n" + phrase(reader, "drawing.group.member", reader.Label("relation", m.Relation),
			reader.Percent(m.EffectiveCapital.Exact), reader.Percent(m.EffectiveVotes.Exact))
		g.Node(m.Company.ID.String(), linkOrganization(reader, Attrs{"label": label, "fillcolor": colourOr(relationColour[m.Relation], "#ffffff")}, m.Company.ID))
	}
	for _, st := range rep.Stakes {
		label := reader.Percent(st.Capital.Exact)
		if votes := reader.Percent(st.Votes.Exact); votes != label {
			label += "\n" + phrase(reader, "drawing.group.votes", votes)
		}
		g.Edge(st.Owner.ID.String(), st.Company.ID.String(), Attrs{"label": label, "color": "#b8860b"})
	}
	return g.String()
}
