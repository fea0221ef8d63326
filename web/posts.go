package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/render"
)

// registerPosts adds a post's page (its steering map, its lines by channel
// and its timeline) and the organisation chart.
func (s *Site) registerPosts(r *router) {
	r.page("/posts/:id", s.postPage)
	r.page("/posts/:id/timeline.svg", s.postTimelinePage)
	r.orgPage("/org-chart/:id", s.orgChartPage)
}

// postView is what a post's page shows.
type postView struct {
	Post    koncern.Post
	Org     nodeLink
	Holders []nodeLink
	// Steering is the map on the chosen day; nil when the post does not
	// exist that day.
	Steering *analysis.SteeringMap
	Drawing  template.HTML
	Channels []channelGroup
	Findings []findingLink
	Timeline *timeline
}

// channelGroup is the lines of one channel, into the post and out of it.
type channelGroup struct {
	Channel, Colour string
	Rows            []mapRow
}

// mapRow is one line of the lines table, its ends and decision linked.
type mapRow struct {
	Incoming    bool
	From, To    nodeLink
	Kind, Basis string
	Decision    *nodeLink
	koncern.Period
}

// findingLink is a finding on the post, linked to its place in the
// findings list.
type findingLink struct {
	analysis.Finding
	Href string
}

// postHistory is a post as its page shows it: the post, its
// organisation, and a snapshot over its whole life, which serves the map
// of the day and the timeline alike (no line to or from a post outlives
// it).
type postHistory struct {
	post koncern.Post
	org  koncern.Organization
	snap *analysis.Snapshot
	day  koncern.Date
}

func (s *Site) loadPost(c echo.Context) (*postHistory, error) {
	id, err := handlers.PathID(c)
	if err != nil {
		return nil, err
	}
	day, err := s.day(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	post, err := s.cfg.Registry.GetPost(ctx, id)
	if err != nil {
		return nil, err
	}
	org, err := s.cfg.Registry.GetOrganization(ctx, post.OrganizationID)
	if err != nil {
		return nil, err
	}
	snap, err := s.snapshot(ctx, post.MunicipalityID, post.Period)
	if err != nil {
		return nil, err
	}
	return &postHistory{post: post, org: org, snap: snap, day: day}, nil
}

// timeline draws the post's lines over its whole life.
func (ph *postHistory) timeline(p *page) *timeline {
	return newTimeline(p, analysis.SteeringDuring(ph.snap, ph.post.ID, analysis.SpanOf(ph.post.Period)), ph.day)
}

func (s *Site) postPage(c echo.Context) error {
	format, err := download(c, "svg", "csv", "xlsx")
	if err != nil {
		return err
	}
	ph, err := s.loadPost(c)
	if err != nil {
		return err
	}
	day := ph.day
	onDay := analysis.Steering(ph.snap, ph.post.ID, analysis.DayOf(day))
	p := s.newPage(c, "", nil)
	if format != "" {
		return s.postDownload(c, p, format, ph.post, onDay, day)
	}
	v := &postView{Post: ph.post, Org: nodeLink{ph.org.Name, subjectHref(p, analysis.Subject{Type: "organization", ID: ph.org.ID}, day)},
		Steering: onDay}
	for _, person := range ph.snap.PeopleHolding(ph.post.ID, analysis.Span{From: analysis.DayOf(day), To: analysis.DayOf(day)}) {
		v.Holders = append(v.Holders, nodeLink{person.Name, p.Link("/people/"+person.ID.String(), "at", day.String())})
	}
	if onDay != nil {
		if err := s.fillSteering(c, p, v, onDay, day); err != nil {
			return err
		}
	}
	v.Timeline = ph.timeline(p)
	p.Data = v
	p.Title = p.Tf("post.title", ph.post.Title, ph.org.Name)
	return s.render(c, "post", p)
}

// postTimelinePage sends the post's timeline as an SVG file: the picture
// of the page, which carries its colours itself.
func (s *Site) postTimelinePage(c echo.Context) error {
	ph, err := s.loadPost(c)
	if err != nil {
		return err
	}
	t := ph.timeline(s.newPage(c, "", nil))
	if t == nil {
		return koncern.Errorf(koncern.ENOTFOUND, "post %q has had no steering lines to draw", ph.post.Title)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := s.pages.executePart(&buf, "post", "timeline", t); err != nil {
		return err
	}
	return writeSVG(c, "timeline", buf.Bytes())
}

// fillSteering adds the day's map to the page: drawn, its nodes linked to
// their pages, and its lines by channel.
func (s *Site) fillSteering(c echo.Context, p *page, v *postView, m *analysis.SteeringMap, day koncern.Date) error {
	link := func(subj analysis.Subject) string { return subjectHref(p, subj, day) }
	svg, err := s.drawing(c, render.Steering(m, render.Title("steering", m.Post.Name, day, p.Lang), render.In(p.Lang), render.Linked(link)))
	if err != nil {
		return err
	}
	v.Drawing = inlineSVG(svg)
	v.Channels = channelGroups(p, m, day)
	for _, f := range m.Findings {
		v.Findings = append(v.Findings, findingLink{f, findingHref(p, f, day)})
	}
	return nil
}

// postDownload sends the day's steering map as SVG or its lines as a
// table.
func (s *Site) postDownload(c echo.Context, p *page, format string, post koncern.Post, m *analysis.SteeringMap, day koncern.Date) error {
	if m == nil {
		return koncern.Invalid("at", "post %q is not in force on %s", post.Title, day)
	}
	if format != "svg" {
		return writeTable(c, format, "steering", analysis.SteeringTable(m))
	}
	svg, err := s.drawing(c, render.Steering(m, render.Title("steering", m.Post.Name, day, p.Lang), render.In(p.Lang)))
	if err != nil {
		return err
	}
	return writeSVG(c, "steering", svg)
}

// channelGroups lays out a map's lines by channel, in the order of
// analysis.Channels, the lines into the post before those out of it.
func channelGroups(p *page, m *analysis.SteeringMap, day koncern.Date) []channelGroup {
	var out []channelGroup
	for _, ch := range analysis.Channels {
		g := channelGroup{Channel: ch, Colour: render.ChannelColour(ch)}
		for _, l := range m.Incoming[ch] {
			g.Rows = append(g.Rows, newMapRow(p, l, true, day))
		}
		for _, l := range m.Outgoing[ch] {
			g.Rows = append(g.Rows, newMapRow(p, l, false, day))
		}
		if len(g.Rows) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func newMapRow(p *page, l analysis.MapLine, incoming bool, day koncern.Date) mapRow {
	r := mapRow{Incoming: incoming, Kind: l.Kind, Basis: l.Basis, Period: l.Period,
		From: nodeLink{l.From.Name, subjectHref(p, l.From, day)}, To: nodeLink{l.To.Name, subjectHref(p, l.To, day)}}
	if l.DocumentID != nil && l.Document != nil {
		r.Decision = &nodeLink{*l.Document, p.Link("/documents/"+l.DocumentID.String(), "at", day.String())}
	}
	return r
}

// subjectHref is the page of a post or an organisation on day.
func subjectHref(p *page, subj analysis.Subject, day koncern.Date) string {
	if path := recordPath(subj.Type, subj.ID); path != "" {
		return p.Link(path, "at", day.String())
	}
	return ""
}

// findingHref is a finding's place in the list of findings of its rule on
// day, at the nodeLink the findings page gives it.
func findingHref(p *page, f analysis.Finding, day koncern.Date) string {
	nodeLink := "finding-" + f.Rule + "-" + f.Subject.ID.String()
	if f.Detail != "" {
		nodeLink += "-" + f.Detail
	}
	return p.Link("/findings", "rule", f.Rule, "at", day.String()) + "#" + nodeLink
}

// executePart writes one template of a page's set by itself, without the
// layout: a picture the page draws, as a file.
func (p *pages) executePart(w io.Writer, page, part string, data any) error {
	t, ok := p.byName[page]
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	return t.ExecuteTemplate(w, part, data)
}
