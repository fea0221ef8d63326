package exchange

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

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
// (importer.Columns), which refers to records by natural key only, and
// the keys are written so that they are unique across the whole registry,
// not just within one municipality: an organisation by its
// organisationsnummer, or else by its name and the path of names from the
// top of its hierarchy down to its parent (every municipality has a
// Kommunstyrelsen); a post by its organisation and title; a document by
// its issuer and its reference or else title; a person by name and
// e-mail, and a numbered key where several people share both. The
// registry's ids are left out because they mean nothing to the registry a
// file is imported into, and the importer refuses columns it does not
// know.
func Registers(s *analysis.Snapshot, at *koncern.Date) []Register {
	t := tabler{s: s, at: at, paths: map[uuid.UUID]string{}}
	t.personKey = t.personKeys()
	t.docRefs = t.referenceCounts()
	regs := []Register{
		{"organizations", t.organizations()}, {"documents", t.documents()}, {"people", t.people()},
		{"posts", t.posts()}, {"assignments", t.assignments()}, {"stakes", t.stakes()}, {"steering_lines", t.lines()},
	}
	for i := range regs {
		regs[i].Types = registerTypes
	}
	return regs
}

// tabler lays out the registers of one snapshot.
type tabler struct {
	s  *analysis.Snapshot
	at *koncern.Date
	// paths caches the path of each organisation, which every reference
	// to it writes.
	paths map[uuid.UUID]string
	// personKey holds the key of each person who shares name and e-mail
	// with another.
	personKey map[uuid.UUID]string
	// docRefs counts the documents of each issuer and reference.
	docRefs map[string]int
}

// periodColumns are the two columns every register ends with.
var periodColumns = []string{"valid_from", "valid_to"}

func periodCells(p koncern.Period) []string { return []string{p.From.String(), date(p.To)} }

func columns(names ...string) []string { return append(names, periodColumns...) }

func (t tabler) organizations() analysis.Table {
	tab := analysis.Table{Columns: columns("kind", "name", "org_number", "parent_org_number", "parent_name", "parent_path", "total_shares", "total_votes", "staff_fte", "review_deadline")}
	for _, o := range pick(t.s.Data().Organizations, t.at, func(o *koncern.Organization) string { return o.Kind + "\x00" + o.Name }) {
		row := append([]string{o.Kind, o.Name, str(o.OrgNumber)}, t.orgCells(o.ParentID)...)
		row = append(row, integer(o.TotalShares), integer(o.TotalVotes), decimal(o.StaffFTE), str(o.ReviewDeadline))
		tab.Rows = append(tab.Rows, append(row, periodCells(o.Period)...))
	}
	return tab
}

// documents lists the documents by title, those that refer to another
// (adopt, approve or answer it) after the others, so that an import finds
// the document referred to in an earlier row.
func (t tabler) documents() analysis.Table {
	tab := analysis.Table{Columns: columns("kind", "title", "reference", "decided_on", "url", "issuer_org_number", "issuer_name", "issuer_path",
		"subjects", "refers_to", "refers_to_issuer_org_number", "refers_to_issuer_name", "refers_to_issuer_path", "year")}
	for _, d := range pick(t.s.Data().Documents, t.at, func(d *koncern.Document) string { return strconv.FormatBool(d.RefersToID != nil) + d.Title }) {
		row := append([]string{d.Kind, d.Title, str(d.Reference), d.DecidedOn.String(), str(d.URL)}, t.orgCells(&d.IssuerID)...)
		row = append(row, t.subjectsCell(d.SubjectIDs))
		row = append(row, t.documentCells(d.RefersToID)...)
		row = append(row, yearCell(d.Year))
		tab.Rows = append(tab.Rows, append(row, periodCells(d.Period)...))
	}
	return tab
}

// subjectsCell names the organisations a document concerns as the import
// reads them: each by its organisationsnummer, or else by its whole path,
// separated by "; ". An organisation the snapshot does not hold is left
// out.
func (t tabler) subjectsCell(ids []uuid.UUID) string {
	var out []string
	for _, id := range ids {
		o := t.org(&id)
		switch {
		case o.OrgNumber != nil:
			out = append(out, *o.OrgNumber)
		case o.Name != "":
			out = append(out, koncern.AppendPath(t.path(o.ParentID), o.Name))
		}
	}
	return strings.Join(out, "; ")
}

func yearCell(y *int) string {
	if y == nil {
		return ""
	}
	return strconv.Itoa(*y)
}

func (t tabler) people() analysis.Table {
	tab := analysis.Table{Columns: columns("name", "email", "key", "phone")}
	for _, p := range pick(t.s.Data().People, t.at, func(p *koncern.Person) string { return p.Name }) {
		tab.Rows = append(tab.Rows, append([]string{p.Name, str(p.Email), t.personKey[p.ID], str(p.Phone)}, periodCells(p.Period)...))
	}
	return tab
}

func (t tabler) posts() analysis.Table {
	tab := analysis.Table{Columns: columns("organization_org_number", "organization_name", "organization_path", "title", "role", "political")}
	for _, p := range pick(t.s.Data().Posts, t.at, func(p *koncern.Post) string { return t.postKey(p.ID) }) {
		row := append(t.orgCells(&p.OrganizationID), p.Title, p.Role, strconv.FormatBool(p.Political))
		tab.Rows = append(tab.Rows, append(row, periodCells(p.Period)...))
	}
	return tab
}

func (t tabler) assignments() analysis.Table {
	tab := analysis.Table{Columns: columns("person_name", "person_email", "person_key", "organization_org_number", "organization_name", "organization_path",
		"post_title", "document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path")}
	for _, a := range pick(t.s.Data().Assignments, t.at, func(a *koncern.Assignment) string { return t.postKey(a.PostID) }) {
		row := t.personCells(a.PersonID)
		row = append(row, t.postCells(&a.PostID)...)
		row = append(row, t.documentCells(a.DocumentID)...)
		tab.Rows = append(tab.Rows, append(row, periodCells(a.Period)...))
	}
	return tab
}

func (t tabler) stakes() analysis.Table {
	tab := analysis.Table{Columns: columns("owner_org_number", "owner_name", "owner_path", "company_org_number", "company_name", "company_path",
		"shares", "votes", "document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path")}
	for _, st := range pick(t.s.Data().Stakes, t.at, func(st *koncern.Stake) string {
		return t.org(&st.CompanyID).Name + "\x00" + t.org(&st.OwnerID).Name
	}) {
		row := append(t.orgCells(&st.OwnerID), t.orgCells(&st.CompanyID)...)
		row = append(row, strconv.FormatInt(st.Shares, 10), strconv.FormatInt(st.Votes, 10))
		row = append(row, t.documentCells(st.DocumentID)...)
		tab.Rows = append(tab.Rows, append(row, periodCells(st.Period)...))
	}
	return tab
}

func (t tabler) lines() analysis.Table {
	tab := analysis.Table{Columns: columns("from_org_number", "from_name", "from_path", "from_post_title", "to_org_number", "to_name", "to_path", "to_post_title",
		"kind", "basis", "document", "document_issuer_org_number", "document_issuer_name", "document_issuer_path", "description")}
	for _, l := range pick(t.s.Data().Lines, t.at, func(l *koncern.SteeringLine) string { return t.nodeKey(l.Target()) + "\x00" + l.Kind }) {
		row := append(t.endCells(l.FromPostID, l.FromOrganizationID), t.endCells(l.ToPostID, l.ToOrganizationID)...)
		row = append(row, l.Kind, l.Basis)
		row = append(row, t.documentCells(l.DocumentID)...)
		row = append(row, str(l.Description))
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

// orgCells names a referenced organisation: organisationsnummer, name and
// path. The number is the key where there is one, so the path is written
// only for an organisation without.
func (t tabler) orgCells(ref *uuid.UUID) []string {
	if ref == nil {
		return []string{"", "", ""}
	}
	o := t.org(ref)
	if o.OrgNumber != nil {
		return []string{*o.OrgNumber, o.Name, ""}
	}
	return []string{"", o.Name, t.path(o.ParentID)}
}

// path is the names of an organisation and its parents from the top of the
// hierarchy down, as koncern.JoinPath writes them; "" for none.
func (t tabler) path(ref *uuid.UUID) string {
	return koncern.PathOf(ref, t.paths, func(id uuid.UUID) (string, *uuid.UUID, bool) {
		o := t.org(&id)
		return o.Name, o.ParentID, true
	})
}

// postCells names a referenced post: its organisation, then its title.
func (t tabler) postCells(ref *uuid.UUID) []string {
	if p := t.post(ref); p != nil {
		return append(t.orgCells(&p.OrganizationID), p.Title)
	}
	return []string{"", "", "", ""}
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

// documentCells names a referenced document by its issuer, since every
// municipality has its "KF § 12" and its "Reglemente för
// kommunstyrelsen", and by its reference, or by its title where it has
// none or its issuer adopted several documents under the same reference
// (one paragraph adopting every committee's regulation).
func (t tabler) documentCells(ref *uuid.UUID) []string {
	if ref != nil {
		if d := t.s.Document(*ref); d != nil {
			cite := d.Title
			if d.Reference != nil && t.docRefs[docRefKey(d)] == 1 {
				cite = *d.Reference
			}
			return append([]string{cite}, t.orgCells(&d.IssuerID)...)
		}
	}
	return []string{"", "", "", ""}
}

// referenceCounts counts the documents per issuer and reference, all of
// them and not only those the export lists: an export of one day may
// cite a document ended before it, and the reference it shares with a
// document in force would import as that one.
func (t tabler) referenceCounts() map[string]int {
	n := map[string]int{}
	docs := t.s.Data().Documents
	for i := range docs {
		if d := &docs[i]; d.Reference != nil {
			n[docRefKey(d)]++
		}
	}
	return n
}

func docRefKey(d *koncern.Document) string { return d.IssuerID.String() + "\x00" + *d.Reference }

// personCells names a person: name, e-mail and key.
func (t tabler) personCells(ref uuid.UUID) []string {
	if p := t.s.Person(ref); p != nil {
		return []string{p.Name, str(p.Email), t.personKey[ref]}
	}
	return []string{"", "", ""}
}

// personKeys numbers the people who share name and e-mail with another,
// 1, 2, … in the order of what the registry holds of them (their other
// values, then the posts they hold and when), so that two registries
// holding the same people number them alike whatever their ids.
func (t tabler) personKeys() map[uuid.UUID]string {
	data := t.s.Data()
	byName := map[string][]uuid.UUID{}
	for _, p := range pick(data.People, t.at, func(p *koncern.Person) string { return p.Name }) {
		k := p.Name + "\x00" + str(p.Email)
		byName[k] = append(byName[k], p.ID)
	}
	held := map[uuid.UUID][]string{}
	for _, a := range pick(data.Assignments, t.at, func(a *koncern.Assignment) string { return "" }) {
		c := append(t.postCells(&a.PostID), periodCells(a.Period)...)
		held[a.PersonID] = append(held[a.PersonID], strings.Join(c, "\x00"))
	}
	keys := map[uuid.UUID]string{}
	for _, ids := range byName {
		if len(ids) < 2 {
			continue
		}
		sig := map[uuid.UUID]string{}
		for _, id := range ids {
			p := t.s.Person(id)
			posts := held[id]
			slices.Sort(posts)
			sig[id] = strings.Join(append([]string{str(p.Phone), p.From.String(), date(p.To)}, posts...), "\x01")
		}
		slices.SortStableFunc(ids, func(a, b uuid.UUID) int { return cmp.Compare(sig[a], sig[b]) })
		for i, id := range ids {
			keys[id] = strconv.Itoa(i + 1)
		}
	}
	return keys
}

// postKey is what posts sort by: organisation, then title.
func (t tabler) postKey(ref uuid.UUID) string {
	c := t.postCells(&ref)
	return c[1] + "\x00" + c[3]
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
