package web

import (
	"html/template"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// registerPosts adds a post's page (its steering map, its lines by channel
// and its timeline) and the organisation chart.
func (s *Site) registerPosts(r *router) {
	r.page("/posts/:id", s.postPage)
	r.page("/org-chart/:id", s.orgChartPage)
}

// postView is what a post's page shows.
type postView struct {
	Post    koncern.Post
	Org     anchor
	Holders []anchor
	// Steering is the map on the chosen day; nil when the post does not
	// exist that day.
	Steering *analysis.SteeringMap
	Drawing  template.HTML
	Channels []channelGroup
	Findings []findingLink
	Timeline *timeline
}

// anchor is a link: its text and where it goes.
type anchor struct{ Text, Href string }

// channelGroup is the lines of one channel, into the post and out of it.
type channelGroup struct {
	Channel, Colour string
	Rows            []mapRow
}

// mapRow is one line of the lines table, its ends and decision linked.
type mapRow struct {
	Incoming    bool
	From, To    anchor
	Kind, Basis string
	Decision    *anchor
	koncern.Period
}

// findingLink is a finding on the post, linked to its place in the
// findings list.
type findingLink struct {
	analysis.Finding
	Href string
}

func (s *Site) postPage(c echo.Context) error {
	id, err := pathUUID(c)
	if err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	format, err := download(c, "svg", "csv", "xlsx")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.cfg.Registry.GetPost(ctx, id)
	if err != nil {
		return err
	}
	org, err := s.cfg.Registry.GetOrganization(ctx, post.OrganizationID)
	if err != nil {
		return err
	}
	// One snapshot over the post's whole life serves the map of the day
	// and the timeline: no line to or from a post outlives it.
	snap, err := s.snapshot(ctx, post.MunicipalityID, post.Period)
	if err != nil {
		return err
	}
	onDay := analysis.Steering(snap, id, analysis.DayOf(day))
	p := s.newPage(c, "", nil)
	if format != "" {
		return s.postDownload(c, p, format, post, onDay, day)
	}
	v := &postView{Post: post, Org: anchor{org.Name, subjectHref(p, analysis.Subject{Type: "organization", ID: org.ID}, day)},
		Steering: onDay}
	for _, person := range snap.PeopleHolding(id, analysis.Span{From: analysis.DayOf(day), To: analysis.DayOf(day)}) {
		v.Holders = append(v.Holders, anchor{person.Name, p.Link("/people/"+person.ID.String(), "at", day.String())})
	}
	if onDay != nil {
		if err := s.fillSteering(c, p, v, onDay, day); err != nil {
			return err
		}
	}
	v.Timeline = newTimeline(p, analysis.SteeringDuring(snap, id, analysis.SpanOf(post.Period)), day)
	p.Data = v
	p.Title = p.Tf("post.title", post.Title, org.Name)
	return s.render(c, "post", p)
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
		From: anchor{l.From.Name, subjectHref(p, l.From, day)}, To: anchor{l.To.Name, subjectHref(p, l.To, day)}}
	if l.DocumentID != nil && l.Document != nil {
		r.Decision = &anchor{*l.Document, p.Link("/documents/"+l.DocumentID.String(), "at", day.String())}
	}
	return r
}

// subjectHref is the page of a post or an organisation on day.
func subjectHref(p *page, subj analysis.Subject, day koncern.Date) string {
	switch subj.Type {
	case "post":
		return p.Link("/posts/"+subj.ID.String(), "at", day.String())
	case "organization":
		return p.Link("/organizations/"+subj.ID.String(), "at", day.String())
	}
	return ""
}

// findingHref is a finding's place in the list of findings of its rule on
// day, at the anchor the findings page gives it.
func findingHref(p *page, f analysis.Finding, day koncern.Date) string {
	anchor := "finding-" + f.Rule + "-" + f.Subject.ID.String()
	if f.Detail != "" {
		anchor += "-" + f.Detail
	}
	return p.Link("/findings", "rule", f.Rule, "at", day.String()) + "#" + anchor
}

// pathUUID reads the record id in the page's path, refused naming the
// field id like the API refuses it.
func pathUUID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return uuid.UUID{}, koncern.Invalid("id", "must be a UUID")
	}
	return id, nil
}
