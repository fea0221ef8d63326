package exchange

import (
	"cmp"
	"strconv"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// Register is one of the registry's registers laid out as a table: one
// sheet of the workbook, one file of the CSV archive.
type Register struct {
	Name string
	analysis.Table
}

// RegisterNames lists the registers in the order the importer reads them
// (importer.Sheets): every register comes after those its rows refer to.
var RegisterNames = []string{"organizations", "documents", "people", "posts", "assignments", "stakes", "steering_lines"}

// Registers lays out every register of the snapshot: the records in force
// on day at, or every record the snapshot holds when at is nil (a complete
// copy of the registry's history, which imports into an empty registry as
// the same registry).
//
// The columns are exactly those of the import template
// (importer.Columns), which refers to records by natural key only: an
// organisation by organisationsnummer and name, a post by its
// organisation and title, a person by name and email, a document by
// reference or else title. The registry's ids are left out because they
// mean nothing to the registry a file is imported into, and the importer
// refuses columns it does not know.
func Registers(s *analysis.Snapshot, at *koncern.Date) []Register {
	t := tabler{s: s, at: at}
	return []Register{
		{"organizations", t.organizations()}, {"documents", t.documents()}, {"people", t.people()},
		{"posts", t.posts()}, {"assignments", t.assignments()}, {"stakes", t.stakes()}, {"steering_lines", t.lines()},
	}
}

// tabler lays out the registers of one snapshot.
type tabler struct {
	s  *analysis.Snapshot
	at *koncern.Date
}

// periodColumns are the two columns every register ends with.
var periodColumns = []string{"valid_from", "valid_to"}

func periodCells(p koncern.Period) []string { return []string{p.From.String(), date(p.To)} }

func columns(names ...string) []string { return append(names, periodColumns...) }

func (t tabler) organizations() analysis.Table {
	tab := analysis.Table{Columns: columns("kind", "name", "org_number", "parent_org_number", "parent_name", "total_shares", "total_votes", "staff_fte")}
	for _, o := range pick(t.s.Data().Organizations, t.at, func(o *koncern.Organization) string { return o.Kind + "\x00" + o.Name }) {
		row := append([]string{o.Kind, o.Name, str(o.OrgNumber)}, t.orgCells(o.ParentID)...)
		row = append(row, integer(o.TotalShares), integer(o.TotalVotes), decimal(o.StaffFTE))
		tab.Rows = append(tab.Rows, append(row, periodCells(o.Period)...))
	}
	return tab
}

func (t tabler) documents() analysis.Table {
	tab := analysis.Table{Columns: columns("kind", "title", "reference", "decided_on", "url", "issuer_org_number", "issuer_name")}
	for _, d := range pick(t.s.Data().Documents, t.at, func(d *koncern.Document) string { return d.Title }) {
		row := append([]string{d.Kind, d.Title, str(d.Reference), d.DecidedOn.String(), str(d.URL)}, t.orgCells(&d.IssuerID)...)
		tab.Rows = append(tab.Rows, append(row, periodCells(d.Period)...))
	}
	return tab
}

func (t tabler) people() analysis.Table {
	tab := analysis.Table{Columns: columns("name", "email", "phone")}
	for _, p := range pick(t.s.Data().People, t.at, func(p *koncern.Person) string { return p.Name }) {
		tab.Rows = append(tab.Rows, append([]string{p.Name, str(p.Email), str(p.Phone)}, periodCells(p.Period)...))
	}
	return tab
}

func (t tabler) posts() analysis.Table {
	tab := analysis.Table{Columns: columns("organization_org_number", "organization_name", "title", "role", "political")}
	for _, p := range pick(t.s.Data().Posts, t.at, func(p *koncern.Post) string { return t.postKey(p.ID) }) {
		row := append(t.orgCells(&p.OrganizationID), p.Title, p.Role, strconv.FormatBool(p.Political))
		tab.Rows = append(tab.Rows, append(row, periodCells(p.Period)...))
	}
	return tab
}

func (t tabler) assignments() analysis.Table {
	tab := analysis.Table{Columns: columns("person_name", "person_email", "organization_org_number", "organization_name", "post_title", "document")}
	for _, a := range pick(t.s.Data().Assignments, t.at, func(a *koncern.Assignment) string { return t.postKey(a.PostID) }) {
		row := t.personCells(a.PersonID)
		row = append(row, t.postCells(&a.PostID)...)
		row = append(row, t.document(a.DocumentID))
		tab.Rows = append(tab.Rows, append(row, periodCells(a.Period)...))
	}
	return tab
}

func (t tabler) stakes() analysis.Table {
	tab := analysis.Table{Columns: columns("owner_org_number", "owner_name", "company_org_number", "company_name", "shares", "votes", "document")}
	for _, st := range pick(t.s.Data().Stakes, t.at, func(st *koncern.Stake) string {
		return t.org(&st.CompanyID).Name + "\x00" + t.org(&st.OwnerID).Name
	}) {
		row := append(t.orgCells(&st.OwnerID), t.orgCells(&st.CompanyID)...)
		row = append(row, strconv.FormatInt(st.Shares, 10), strconv.FormatInt(st.Votes, 10), t.document(st.DocumentID))
		tab.Rows = append(tab.Rows, append(row, periodCells(st.Period)...))
	}
	return tab
}

func (t tabler) lines() analysis.Table {
	tab := analysis.Table{Columns: columns("from_org_number", "from_name", "from_post_title", "to_org_number", "to_name", "to_post_title",
		"kind", "basis", "document", "description")}
	for _, l := range pick(t.s.Data().Lines, t.at, func(l *koncern.SteeringLine) string { return t.nodeKey(l.Target()) + "\x00" + l.Kind }) {
		row := append(t.endCells(l.FromPostID, l.FromOrganizationID), t.endCells(l.ToPostID, l.ToOrganizationID)...)
		row = append(row, l.Kind, l.Basis, t.document(l.DocumentID), str(l.Description))
		tab.Rows = append(tab.Rows, append(row, periodCells(l.Period)...))
	}
	return tab
}

// org returns an organisation of the snapshot, or an empty one for an
// absent reference.
func (t tabler) org(ref *uuid.UUID) koncern.Organization {
	if ref == nil {
		return koncern.Organization{}
	}
	if o := t.s.Organization(*ref); o != nil {
		return *o
	}
	return koncern.Organization{}
}

// orgCells names a referenced organisation: organisationsnummer, name.
func (t tabler) orgCells(ref *uuid.UUID) []string {
	if ref == nil {
		return []string{"", ""}
	}
	o := t.org(ref)
	return []string{str(o.OrgNumber), o.Name}
}

// postCells names a referenced post: its organisation, then its title.
func (t tabler) postCells(ref *uuid.UUID) []string {
	if p := t.post(ref); p != nil {
		return append(t.orgCells(&p.OrganizationID), p.Title)
	}
	return []string{"", "", ""}
}

// endCells names the end of a steering line, a post or an organisation:
// the organisation, then the post's title or nothing.
func (t tabler) endCells(post, org *uuid.UUID) []string {
	if post != nil {
		return t.postCells(post)
	}
	return append(t.orgCells(org), "")
}

func (t tabler) post(ref *uuid.UUID) *koncern.Post {
	if ref == nil {
		return nil
	}
	return t.s.Post(*ref)
}

// document names a referenced document by reference, or else by title.
func (t tabler) document(ref *uuid.UUID) string {
	if ref == nil {
		return ""
	}
	if d := t.s.Document(*ref); d != nil {
		return cmp.Or(str(d.Reference), d.Title)
	}
	return ""
}

// personCells names a person: name, then email.
func (t tabler) personCells(ref uuid.UUID) []string {
	if p := t.s.Person(ref); p != nil {
		return []string{p.Name, str(p.Email)}
	}
	return []string{"", ""}
}

// postKey is what posts sort by: organisation, then title.
func (t tabler) postKey(ref uuid.UUID) string {
	c := t.postCells(&ref)
	return c[1] + "\x00" + c[2]
}

// nodeKey is what a line end sorts by, a post or an organisation.
func (t tabler) nodeKey(ref uuid.UUID) string {
	if t.s.Post(ref) != nil {
		return t.postKey(ref)
	}
	return t.org(&ref).Name
}

func integer(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

func decimal(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
