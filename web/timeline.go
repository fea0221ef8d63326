package web

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// The timeline's geometry in the units of its viewBox: a column of labels
// on the left, the years on the right, one row per finding and per line.
const (
	tlWidth    = 1120
	tlLabelX   = 6
	tlChartX   = 390
	tlChartW   = 712
	tlYearY    = 14
	tlAxisY    = 20
	tlTop      = 26
	tlRowH     = 22
	tlBar      = 14
	tlGap      = 8
	tlLabelMax = 58
	tlLegendW  = 270
	tlLegendH  = 20
	tlMaxYears = 12
)

// timeline is the picture of a post's steering lines over the years: one
// bar per line, the periods of each finding about the post shaded across
// all of them, the chosen day marked. It is drawn by the template
// "timeline" (post.html) from these numbers, so that every text in it is
// escaped by html/template like the rest of the page.
type timeline struct {
	Width, Height int
	Title, Desc   string
	YearY, AxisY  int
	// Top and Bottom bound the rows; the ticks and the shading run
	// across them.
	Top, Bottom, ShadeH int
	Ticks               []tlTick
	Findings            []tlRow
	Bars                []tlRow
	Shades              []tlSpan
	Day                 tlMark
	Legend              []tlLegend
}

// tlTick is the first day of a year, labelled in the middle of the year.
type tlTick struct {
	X, Date, Label, LabelX string
}

// tlSpan is one period on the timeline, with the dates it covers, which
// the tests read beside its position.
type tlSpan struct {
	X, W, From, To, Title string
	// Arrow is the arrowhead's points when the period runs on past the
	// timeline's end.
	Arrow string
}

// tlRow is one row: a line's bar or a finding's periods, with its label.
type tlRow struct {
	BarY, TextY int
	Label       string
	Title       string
	Colour      string
	Class       string
	// Opacity and Dash tell a line without a formal decision from one
	// with: paler, with a dashed edge.
	Opacity, Dash string
	Spans         []tlSpan
}

// tlMark is the chosen day: a vertical line and its date below the rows.
type tlMark struct {
	X, Label, Anchor, LabelX, Date string
	Y2, LabelY                     int
}

// tlLegend is one entry of the legend: a swatch of Kind and its text.
// An arrow's swatch has its points, the day's swatch is a line.
type tlLegend struct {
	X, Y, TextX, TextY    int
	Kind, Colour, Label   string
	Arrow                 string
	LineX, LineY1, LineY2 int
}

// severityColour paints a finding's periods as the pages write its
// severity (app.css: --high, --medium, --low).
var severityColour = map[string]string{analysis.High: "#a4161a", analysis.Medium: "#8a5a00", analysis.Low: "#2f6b2f"}

// tlScale places days on the x axis: from the first day of the first
// year to the first day after the last year, proportionally.
type tlScale struct{ start, end analysis.Day }

func (s tlScale) x(d analysis.Day) float64 {
	d = min(max(d, s.start), s.end)
	return tlChartX + float64(d-s.start)*tlChartW/float64(s.end-s.start)
}

// span places an inclusive period: from its first day's left edge to its
// last day's right edge. ok is false when it lies outside the timeline.
func (s tlScale) span(sp analysis.Span) (x0, x1 float64, open, ok bool) {
	if sp.To < s.start || sp.From >= s.end {
		return 0, 0, false, false
	}
	open = sp.To >= s.end
	last := min(sp.To, s.end-1)
	return s.x(sp.From), s.x(last + 1), open, true
}

func px(f float64) string { return fmt.Sprintf("%.2f", f) }

// newTimeline draws m, a post's steering map over its whole history, for
// page p with the chosen day marked; nil when no line ever ran to or from
// the post.
//
// The years run from the first line's start to the year of the last
// change that can be seen (a line or a finding starting or ending, or
// the chosen day). A line still in force runs to the right edge and ends
// in an arrow rather than stretching the axis to today: twenty years in
// which nothing changed would squeeze the months in which the head was
// steered from three directions into a sliver.
func newTimeline(p *page, m *analysis.SteeringMap, day koncern.Date) *timeline {
	lines := timelineLines(m)
	if len(lines) == 0 {
		return nil
	}
	sc := timelineScale(lines, m.Findings, analysis.DayOf(day))
	t := &timeline{Width: tlWidth, YearY: tlYearY, AxisY: tlAxisY, Top: tlTop}
	t.Ticks = timelineTicks(sc)
	y := tlTop
	for _, f := range sortFindingsBySeverity(m.Findings) {
		t.Findings = append(t.Findings, findingRow(p, sc, f, y))
		t.Shades = append(t.Shades, t.Findings[len(t.Findings)-1].Spans...)
		y += tlRowH
	}
	if len(m.Findings) > 0 {
		y += tlGap
	}
	for _, l := range lines {
		t.Bars = append(t.Bars, lineBar(p, sc, l, y))
		y += tlRowH
	}
	t.Bottom, t.ShadeH = y, y-tlTop
	t.Day = dayMark(p, sc, analysis.DayOf(day), y)
	t.Legend = timelineLegend(p, lines, day, y+30)
	t.Height = t.Legend[len(t.Legend)-1].Y + tlLegendH + 4
	first, last := sc.start.Date().Time().Year(), sc.end.Date().Time().Year()-1
	t.Title = p.Tf("post.timeline.title", m.Post.Name, first, last)
	t.Desc = timelineDesc(p, len(lines), m.Findings)
	return t
}

// timelineLine is a line of the map with the channel it came by.
type timelineLine struct {
	analysis.MapLine
	Channel  string
	Incoming bool
}

// timelineLines lists the lines of m, those into the post first, each
// group by channel and then by first day.
func timelineLines(m *analysis.SteeringMap) []timelineLine {
	var out []timelineLine
	for _, dir := range []struct {
		in    bool
		lines map[string][]analysis.MapLine
	}{{true, m.Incoming}, {false, m.Outgoing}} {
		for _, ch := range analysis.Channels {
			group := slices.Clone(dir.lines[ch])
			slices.SortStableFunc(group, func(a, b analysis.MapLine) int { return a.Period.From.Time().Compare(b.Period.From.Time()) })
			for _, l := range group {
				out = append(out, timelineLine{MapLine: l, Channel: ch, Incoming: dir.in})
			}
		}
	}
	return out
}

// timelineScale chooses the years the timeline shows (see newTimeline).
func timelineScale(lines []timelineLine, findings []analysis.Finding, day analysis.Day) tlScale {
	first, last := day, day
	see := func(sp analysis.Span) {
		first, last = min(first, sp.From), max(last, sp.From)
		if sp.To != analysis.Forever {
			last = max(last, sp.To)
		}
	}
	for _, l := range lines {
		see(analysis.SpanOf(l.Period))
	}
	for _, f := range findings {
		for _, per := range f.Periods {
			see(analysis.SpanOf(per))
		}
	}
	y0, y1 := first.Date().Time().Year(), last.Date().Time().Year()+1
	return tlScale{start: yearStart(y0), end: yearStart(y1)}
}

func yearStart(y int) analysis.Day {
	return analysis.DayOf(koncern.DateOf(time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)))
}

// timelineTicks marks the years, every one of them when they are few, and
// every second, fifth... when there are many.
func timelineTicks(sc tlScale) []tlTick {
	y0, y1 := sc.start.Date().Time().Year(), sc.end.Date().Time().Year()
	step := (y1 - y0 + tlMaxYears - 1) / tlMaxYears
	var ticks []tlTick
	for y := y0; y <= y1; y += step {
		d := yearStart(y)
		t := tlTick{X: px(sc.x(d)), Date: d.Date().String()}
		if y < y1 {
			t.Label, t.LabelX = fmt.Sprint(y), px((sc.x(d)+sc.x(yearStart(min(y+step, y1))))/2)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// findingRow is a finding's own row: its periods in its severity's colour.
// The same periods shade the whole timeline.
func findingRow(p *page, sc tlScale, f analysis.Finding, y int) tlRow {
	name := p.Label("rule", f.Rule)
	r := tlRow{BarY: y + (tlRowH-tlBar)/2, TextY: y + tlRowH/2 + 4, Label: shorten("⚠ " + name),
		Class: "tl-finding sev-" + f.Severity, Title: name, Colour: severityColour[f.Severity]}
	for _, per := range f.Periods {
		if s, ok := placed(sc, analysis.SpanOf(per), r.BarY); ok {
			s.Title = name + ": " + p.Period(per)
			r.Spans = append(r.Spans, s)
		}
	}
	return r
}

// lineBar is a line's bar, labelled with its kind and the post or
// organisation at its other end.
func lineBar(p *page, sc tlScale, l timelineLine, y int) tlRow {
	other, arrow := l.From.Name, "← "
	if !l.Incoming {
		other, arrow = l.To.Name, "→ "
	}
	kind, basis := p.Label("line_kind", l.Kind), p.Label("basis", l.Basis)
	title := p.Tf("post.timeline.bar", kind, p.Label("channel", l.Channel), l.From.Name, l.To.Name, p.Period(l.Period), basis)
	if l.Document != nil {
		title += " · " + *l.Document
	}
	r := tlRow{BarY: y + (tlRowH-tlBar)/2, TextY: y + tlRowH/2 + 4, Label: shorten(arrow + kind + " · " + other),
		Title: title, Colour: render.ChannelColour(l.Channel), Class: "tl-bar", Opacity: "1", Dash: "none"}
	if l.Basis != "formal" {
		r.Opacity, r.Dash = "0.4", "4 3"
	}
	if s, ok := placed(sc, analysis.SpanOf(l.Period), r.BarY); ok {
		s.Title = title
		r.Spans = []tlSpan{s}
	}
	return r
}

// placed is a period's place on the timeline, with an arrowhead at the
// right edge when it runs on past it.
func placed(sc tlScale, sp analysis.Span, barY int) (tlSpan, bool) {
	x0, x1, open, ok := sc.span(sp)
	if !ok {
		return tlSpan{}, false
	}
	s := tlSpan{X: px(x0), W: px(max(x1-x0, 1)), From: sp.From.Date().String()}
	if sp.To != analysis.Forever {
		s.To = sp.To.Date().String()
	}
	if open {
		s.Arrow = fmt.Sprintf("%s,%d %s,%d %s,%d", px(x1), barY-2, px(x1+7), barY+tlBar/2, px(x1), barY+tlBar+2)
	}
	return s, true
}

// dayMark is the chosen day's line, through the middle of the day, and its
// date below the rows, kept inside the picture at either end.
func dayMark(p *page, sc tlScale, d analysis.Day, bottom int) tlMark {
	x0, x1, _, _ := sc.span(analysis.Span{From: d, To: d})
	x := (x0 + x1) / 2
	m := tlMark{X: px(x), Y2: bottom + 2, LabelY: bottom + 16, Label: p.Tf("post.timeline.day", d.Date().String()),
		Anchor: "middle", LabelX: px(x), Date: d.Date().String()}
	switch {
	case x < tlChartX+80:
		m.Anchor, m.LabelX = "start", px(x-2)
	case x > tlChartX+tlChartW-80:
		m.Anchor, m.LabelX = "end", px(x+2)
	}
	return m
}

// timelineLegend explains the colours of the channels drawn, the pale
// dashed bars, the shading, the arrow and the day's line, four to a row.
func timelineLegend(p *page, lines []timelineLine, day koncern.Date, y int) []tlLegend {
	var entries []tlLegend
	for _, ch := range analysis.Channels {
		if slices.ContainsFunc(lines, func(l timelineLine) bool { return l.Channel == ch }) {
			entries = append(entries, tlLegend{Kind: "swatch", Colour: render.ChannelColour(ch), Label: p.Label("channel", ch)})
		}
	}
	entries = append(entries,
		tlLegend{Kind: "dashed", Colour: render.ChannelColour("other"), Label: p.T("post.timeline.dashed")},
		tlLegend{Kind: "shade", Label: p.T("post.timeline.shade")},
		tlLegend{Kind: "arrow", Colour: render.ChannelColour("other"), Label: p.T("post.timeline.arrow")},
		tlLegend{Kind: "day", Label: p.Tf("post.timeline.day", day.String())})
	for i := range entries {
		e := &entries[i]
		e.X, e.Y = tlLabelX+(i%4)*tlLegendW, y+(i/4)*tlLegendH
		e.TextX, e.TextY = e.X+22, e.Y+11
		e.Arrow = fmt.Sprintf("%d,%d %d,%d %d,%d", e.X+9, e.Y-1, e.X+16, e.Y+6, e.X+9, e.Y+13)
		e.LineX, e.LineY1, e.LineY2 = e.X+8, e.Y-2, e.Y+14
	}
	return entries
}

// timelineDesc says in words what the picture shows, for those who cannot
// see it: how many lines, and when each finding holds.
func timelineDesc(p *page, lines int, findings []analysis.Finding) string {
	var b strings.Builder
	b.WriteString(p.Tf("post.timeline.desc", lines))
	for _, f := range findings {
		periods := make([]string, len(f.Periods))
		for i, per := range f.Periods {
			periods[i] = p.Period(per)
		}
		b.WriteString(p.Tf("post.timeline.holds", p.Label("rule", f.Rule), strings.Join(periods, ", ")))
	}
	return strings.TrimSpace(b.String())
}

// shorten cuts a label to what the label column holds; the bar's hover
// text has it in full.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= tlLabelMax {
		return s
	}
	return string(r[:tlLabelMax-1]) + "…"
}

// sortFindingsBySeverity puts the most pressing findings on top.
func sortFindingsBySeverity(fs []analysis.Finding) []analysis.Finding {
	order := []string{analysis.High, analysis.Medium, analysis.Low}
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b analysis.Finding) int {
		return cmp.Compare(slices.Index(order, a.Severity), slices.Index(order, b.Severity))
	})
	return out
}
