package render

import (
	"strings"

	"github.com/koncernregistret/koncern/analysis"
)

// Colours of the drawings: one per kind of organisation, one per channel of
// steering, and red for anything a rule flags. The channels' colours are
// dark enough to read as text on white (WCAG AA, 4.5:1).
var (
	kindColour = map[string]string{
		"municipality": "#dbe9f6", "council": "#e8dff5", "executive_board": "#e8dff5", "committee": "#efe6fa",
		"administration": "#e3f2e1", "department": "#eef7ec", "unit": "#f5faf4", "company": "#fdf0d5", "forum": "#f0f0f0",
	}
	channelColour = map[string]string{
		"board": "#1f5fa8", "city_manager": "#2e7d4f", "political": "#c0392b", "line": "#555555",
		"appraisal": "#8e44ad", "ownership": "#8a6508", "other": "#666666",
	}
	flagColour = "#c0392b"
)

// ChannelColour is the colour a channel of steering is drawn in, for the
// pictures drawn outside Graphviz (a post's timeline) to match the map.
func ChannelColour(channel string) string {
	return colourOr(channelColour[channel], channelColour["other"])
}

// OrgChart draws an organisation chart: one box per organisation with its
// posts and holders, flagged organisations and posts outlined in red with
// the rules that hold for them.
func OrgChart(root *analysis.ChartNode, title string, opts ...Option) string {
	st := styleOf(opts)
	g := NewGraph(title, "LR")
	var walk func(n *analysis.ChartNode)
	walk = func(n *analysis.ChartNode) {
		g.Node(n.ID.String(), st.chartAttrs(n))
		for _, c := range n.Children {
			walk(c)
			g.Edge(n.ID.String(), c.ID.String(), Attrs{"arrowhead": "none", "color": "#888888"})
		}
	}
	walk(root)
	return g.String()
}

func (st style) chartAttrs(n *analysis.ChartNode) Attrs {
	lines := []string{n.Name, "(" + st.label("org_kind", n.Kind) + ")"}
	flagged := len(n.Findings) > 0
	for _, p := range n.Posts {
		holder := st.text("vacant")
		if len(p.Holders) > 0 {
			holder = strings.Join(p.Holders, ", ")
		}
		line := p.Title + ": " + holder
		if len(p.Findings) > 0 {
			line += " ⚠ " + st.rules(p.Findings)
			flagged = true
		}
		lines = append(lines, line)
	}
	if len(n.Findings) > 0 {
		lines = append(lines, "⚠ "+st.rules(n.Findings))
	}
	a := Attrs{"label": strings.Join(lines, "\n"), "fillcolor": colourOr(kindColour[n.Kind], "#ffffff")}
	if flagged {
		a["color"], a["penwidth"] = flagColour, "2"
	}
	return st.linkAttrs(a, analysis.Subject{Type: "organization", ID: n.ID, Name: n.Name})
}

// Steering draws the steering map of one post: the post in the middle, the
// lines into it on one side and out of it on the other, coloured by
// channel, dashed where no decision grounds them.
func Steering(m *analysis.SteeringMap, title string, opts ...Option) string {
	st := styleOf(opts)
	g := NewGraph(title+"\n"+st.text("steering.legend"), "LR")
	centre := Attrs{"label": m.Post.Name + "\n" + st.holders(m.Holders), "fillcolor": "#ffffff", "penwidth": "2"}
	if len(m.Findings) > 0 {
		rules := make([]string, len(m.Findings))
		for i, f := range m.Findings {
			rules[i] = f.Rule
		}
		centre["label"] += "\n⚠ " + st.rules(rules)
		centre["color"] = flagColour
	}
	g.Node(m.Post.ID.String(), centre)
	seen := map[string]bool{m.Post.ID.String(): true}
	for _, ch := range analysis.Channels {
		for _, l := range m.Incoming[ch] {
			st.steeringEdge(g, seen, l, ch)
		}
		for _, l := range m.Outgoing[ch] {
			st.steeringEdge(g, seen, l, ch)
		}
	}
	return g.String()
}

func (st style) steeringEdge(g *Graph, seen map[string]bool, l analysis.MapLine, channel string) {
	for _, end := range []analysis.Subject{l.From, l.To} {
		if id := end.ID.String(); !seen[id] {
			seen[id] = true
			g.Node(id, st.linkAttrs(Attrs{"label": end.Name}, end))
		}
	}
	a := Attrs{"label": st.label("line_kind", l.Kind) + "\n(" + st.label("basis", l.Basis) + ")",
		"color": channelColour[channel], "fontcolor": channelColour[channel]}
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

func (st style) holders(holders []string) string {
	if len(holders) == 0 {
		return "(" + st.text("vacant") + ")"
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

// Group draws a group tree: the root, every member with its relation and
// effective share, and the direct holdings among them labelled with their
// percentages of capital and votes.
func Group(rep *analysis.GroupReport, title string, opts ...Option) string {
	st := styleOf(opts)
	g := NewGraph(title, "LR")
	g.Node(rep.Root.ID.String(), st.linkAttrs(Attrs{"label": rep.Root.Name, "fillcolor": kindColour["municipality"], "penwidth": "2"}, rep.Root))
	for _, m := range rep.Members {
		label := m.Company.Name + "\n" + st.text("group.member", st.label("relation", m.Relation),
			st.percent(m.EffectiveCapital.Percent), st.percent(m.EffectiveVotes.Percent))
		g.Node(m.Company.ID.String(), st.linkAttrs(Attrs{"label": label, "fillcolor": colourOr(relationColour[m.Relation], "#ffffff")}, m.Company))
	}
	for _, s := range rep.Stakes {
		label := st.percent(s.Capital.Percent) + " %"
		if s.Votes.Percent != s.Capital.Percent {
			label += "\n" + st.text("group.votes", st.percent(s.Votes.Percent))
		}
		g.Edge(s.Owner.ID.String(), s.Company.ID.String(), Attrs{"label": label, "color": "#b8860b"})
	}
	return g.String()
}
