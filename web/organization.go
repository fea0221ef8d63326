package web

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// orgData is what an organisation's page shows, all of it as it stood on
// the page's day.
type orgData struct {
	Org koncern.Organization
	// InForce says whether the organisation holds on the day; when it does
	// not, the lists are empty.
	InForce      bool
	Parent       *nodeLink
	Municipality *nodeLink
	// Shares and Votes are a company's share capital on the day.
	Shares, Votes *int64
	Posts         []postRow
	Children      []*koncern.Organization
	Owners        []stakeRow
	Holdings      []stakeRow
	Documents     []*koncern.Document
	LinesOut      []lineRow
	LinesIn       []lineRow
	Findings      []analysis.Finding
}

type postRow struct {
	Post    *koncern.Post
	Holders []holderRow
}

type holderRow struct {
	Person     nodeLink
	Assignment *koncern.Assignment
}

// stakeRow is a stake seen from one end: Other is the owner on the
// company's page and the company on the owner's. Shares and Votes are
// the stake's part of the company's capital on the day, as exact
// fractions ("3/4"), empty when the capital is not known.
type stakeRow struct {
	Stake         *koncern.Stake
	Other         nodeLink
	Shares, Votes string
}

// lineRow is a steering line seen from one end: Other is the far end.
type lineRow struct {
	Line     *koncern.SteeringLine
	Other    nodeLink
	Document *nodeLink
}

func (s *Site) organizationPage(c echo.Context) error {
	req, err := s.readRecord(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	id, day, format := req.ID, req.Day, req.Format
	ctx := c.Request().Context()
	org, err := s.cfg.Registry.GetOrganization(ctx, id)
	if err != nil {
		return err
	}
	// An organisation outside every group (an external co-owner) is seen
	// against the whole registry, which is what its stakes reach into.
	snap, err := s.snapshot(ctx, org.MunicipalityID, dayWindow(day))
	if err != nil {
		return err
	}
	d := orgPage(snap, org, day)
	if format != "" {
		name, t, err := orgTable(c.QueryParam("table"), d)
		if err != nil {
			return err
		}
		return writeTable(c, format, name, t)
	}
	p := s.newPage(c, org.Name, d)
	return s.render(c, "organization", p)
}

// orgPage gathers the page of org from the snapshot of its group on day.
func orgPage(snap *analysis.Snapshot, org koncern.Organization, day koncern.Date) orgData {
	d := orgData{Org: org, InForce: org.Period.Contains(day)}
	if org.ParentID != nil {
		d.Parent = snapNames{snap}.org(*org.ParentID)
	}
	if org.MunicipalityID != nil && *org.MunicipalityID != org.ID {
		d.Municipality = snapNames{snap}.org(*org.MunicipalityID)
	}
	if org.Kind == "company" {
		d.Shares, d.Votes = koncern.CapitalOn(org, snap.Data().Capital, day)
	}
	for _, p := range snap.PostsOf(org.ID) {
		row := postRow{Post: p}
		for _, a := range snap.HoldersOf(p.ID) {
			row.Holders = append(row.Holders, holderRow{Person: snapNames{snap}.person(a.PersonID), Assignment: a})
		}
		d.Posts = append(d.Posts, row)
	}
	slices.SortFunc(d.Posts, func(a, b postRow) int { return strings.Compare(a.Post.Title, b.Post.Title) })
	d.Children = slices.Clone(snap.ChildrenOf(org.ID))
	slices.SortFunc(d.Children, func(a, b *koncern.Organization) int { return strings.Compare(a.Name, b.Name) })
	for _, st := range snap.OwnersOf(org.ID) {
		d.Owners = append(d.Owners, stakeRowOf(snap, st, st.OwnerID, day))
	}
	for _, st := range snap.HoldingsOf(org.ID) {
		d.Holdings = append(d.Holdings, stakeRowOf(snap, st, st.CompanyID, day))
	}
	for i := range snap.Data().Documents {
		if doc := &snap.Data().Documents[i]; doc.IssuerID == org.ID && doc.Period.Contains(day) {
			d.Documents = append(d.Documents, doc)
		}
	}
	slices.SortFunc(d.Documents, func(a, b *koncern.Document) int { return b.DecidedOn.Time().Compare(a.DecidedOn.Time()) })
	d.LinesOut = lineRows(snap, snap.LinesFrom(org.ID), false)
	d.LinesIn = lineRows(snap, snap.LinesInto(org.ID), true)
	d.Findings = findingsOf(snap, org.ID)
	return d
}

// stakeRowOf is a stake with its far end named and its part of the
// company's capital on day.
func stakeRowOf(snap *analysis.Snapshot, st *koncern.Stake, other uuid.UUID, day koncern.Date) stakeRow {
	row := stakeRow{Stake: st, Other: *snapNames{snap}.org(other)}
	if company := snap.Organization(st.CompanyID); company != nil {
		shares, votes := koncern.CapitalOn(*company, snap.Data().Capital, day)
		row.Shares, row.Votes = shareOf(st.Shares, shares), shareOf(st.Votes, votes)
	}
	return row
}

func shareOf(part int64, whole *int64) string {
	if whole == nil || *whole == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", part, *whole)
}

// lineRows names the far end of each line (the steering end of lines in,
// the steered end of lines out) and its decision.
func lineRows(snap *analysis.Snapshot, lines []*koncern.SteeringLine, in bool) []lineRow {
	n := snapNames{snap}
	var out []lineRow
	for _, l := range lines {
		row := lineRow{Line: l, Other: n.end(l.ToPostID, l.ToOrganizationID)}
		if in {
			row.Other = n.end(l.FromPostID, l.FromOrganizationID)
		}
		if l.DocumentID != nil {
			row.Document = n.document(*l.DocumentID)
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b lineRow) int { return strings.Compare(a.Line.Kind+a.Other.Name, b.Line.Kind+b.Other.Name) })
	return out
}

// findingsOf are the findings on the organisation and on its posts.
func findingsOf(snap *analysis.Snapshot, org uuid.UUID) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range analysis.Findings(snap, analysis.Filter{}) {
		if f.Subject.ID == org {
			out = append(out, f)
		} else if p := snap.Post(f.Subject.ID); p != nil && p.OrganizationID == org {
			out = append(out, f)
		}
	}
	return out
}

// snapNames names the records of a snapshot and links them to their
// pages; a record the snapshot lacks is named by its id.
type snapNames struct{ snap *analysis.Snapshot }

func (n snapNames) org(id uuid.UUID) *nodeLink {
	name := id.String()
	if o := n.snap.Organization(id); o != nil {
		name = o.Name
	}
	return &nodeLink{Path: "/organizations/" + id.String(), Name: name}
}

// post names a post with its organisation: "Ordförande, Socialnämnden".
func (n snapNames) post(id uuid.UUID) nodeLink {
	name := id.String()
	if p := n.snap.Post(id); p != nil {
		name = p.Title
		if o := n.snap.Organization(p.OrganizationID); o != nil {
			name += ", " + o.Name
		}
	}
	return nodeLink{Path: "/posts/" + id.String(), Name: name}
}

func (n snapNames) person(id uuid.UUID) nodeLink {
	name := id.String()
	if p := n.snap.Person(id); p != nil {
		name = p.Name
	}
	return nodeLink{Path: "/people/" + id.String(), Name: name}
}

func (n snapNames) document(id uuid.UUID) *nodeLink {
	name := id.String()
	if d := n.snap.Document(id); d != nil {
		name = d.Title
	}
	return &nodeLink{Path: "/documents/" + id.String(), Name: name}
}

// end names one end of a steering line, a post or an organisation.
func (n snapNames) end(post, org *uuid.UUID) nodeLink {
	if post != nil {
		return n.post(*post)
	}
	return *n.org(*org)
}
