package web

import (
	"maps"
	"slices"
	"strconv"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// orgTables are the tables of an organisation's page that download as CSV
// or XLSX (?format=csv&table=owners), by name. Their columns use the
// API's field names, as the exports do.
var orgTables = map[string]func(orgData) analysis.Table{
	"posts":     postsTable,
	"children":  childrenTable,
	"owners":    func(d orgData) analysis.Table { return stakesTable("owner", d.Owners) },
	"holdings":  func(d orgData) analysis.Table { return stakesTable("company", d.Holdings) },
	"documents": documentsTable,
	"lines":     linesTable,
}

// orgTable is the table ?table= names, with the file name it downloads as.
func orgTable(name string, d orgData) (string, analysis.Table, error) {
	mk, ok := orgTables[name]
	if !ok {
		return "", analysis.Table{}, koncern.Invalid("table", "must be one of posts, children, owners, holdings, documents or lines, got %q", name)
	}
	return name, mk(d), nil
}

// periodTypes types the period every table of the page ends with, and
// the columns more names, for the workbook (exchange.NewBook).
func periodTypes(more map[string]analysis.ColumnType) map[string]analysis.ColumnType {
	out := map[string]analysis.ColumnType{"valid_from": analysis.DateColumn, "valid_to": analysis.DateColumn}
	maps.Copy(out, more)
	return out
}

func periodCells(p koncern.Period) []string {
	to := ""
	if p.To != nil {
		to = p.To.String()
	}
	return []string{p.From.String(), to}
}

func postsTable(d orgData) analysis.Table {
	t := analysis.Table{Columns: []string{"post_id", "title", "role", "political", "person_id", "person", "valid_from", "valid_to"},
		Types: periodTypes(map[string]analysis.ColumnType{"political": analysis.BoolColumn})}
	for _, r := range d.Posts {
		post := []string{r.Post.ID.String(), r.Post.Title, r.Post.Role, strconv.FormatBool(r.Post.Political)}
		if len(r.Holders) == 0 {
			t.Rows = append(t.Rows, append(post, "", "", "", ""))
		}
		for _, h := range r.Holders {
			t.Rows = append(t.Rows, append(append(slices.Clone(post), h.Assignment.PersonID.String(), h.Person.Name), periodCells(h.Assignment.Period)...))
		}
	}
	return t
}

func childrenTable(d orgData) analysis.Table {
	t := analysis.Table{Columns: []string{"id", "kind", "name", "org_number", "valid_from", "valid_to"}, Types: periodTypes(nil)}
	for _, o := range d.Children {
		num := ""
		if o.OrgNumber != nil {
			num = *o.OrgNumber
		}
		t.Rows = append(t.Rows, append([]string{o.ID.String(), o.Kind, o.Name, num}, periodCells(o.Period)...))
	}
	return t
}

// stakesTable lists stakes with their far end, which is the owner or the
// company (other), and their exact parts of the capital.
func stakesTable(other string, rows []stakeRow) analysis.Table {
	t := analysis.Table{Columns: []string{other + "_id", other, "shares", "votes", "share_of_capital", "share_of_votes", "valid_from", "valid_to"},
		Types: periodTypes(map[string]analysis.ColumnType{"shares": analysis.CountColumn, "votes": analysis.CountColumn})}
	for _, r := range rows {
		id := r.Stake.OwnerID
		if other == "company" {
			id = r.Stake.CompanyID
		}
		t.Rows = append(t.Rows, append([]string{id.String(), r.Other.Name, strconv.FormatInt(r.Stake.Shares, 10),
			strconv.FormatInt(r.Stake.Votes, 10), r.Shares, r.Votes}, periodCells(r.Stake.Period)...))
	}
	return t
}

func documentsTable(d orgData) analysis.Table {
	t := analysis.Table{Columns: []string{"id", "kind", "title", "reference", "decided_on", "valid_from", "valid_to"},
		Types: periodTypes(map[string]analysis.ColumnType{"decided_on": analysis.DateColumn})}
	for _, doc := range d.Documents {
		ref := ""
		if doc.Reference != nil {
			ref = *doc.Reference
		}
		t.Rows = append(t.Rows, append([]string{doc.ID.String(), doc.Kind, doc.Title, ref, doc.DecidedOn.String()}, periodCells(doc.Period)...))
	}
	return t
}

// linesTable lists the lines out of the organisation, then those into it.
func linesTable(d orgData) analysis.Table {
	t := analysis.Table{Columns: []string{"id", "direction", "kind", "basis", "other_end", "document", "valid_from", "valid_to"}, Types: periodTypes(nil)}
	add := func(direction string, rows []lineRow) {
		for _, r := range rows {
			doc := ""
			if r.Document != nil {
				doc = r.Document.Name
			}
			t.Rows = append(t.Rows, append([]string{r.Line.ID.String(), direction, r.Line.Kind, r.Line.Basis, r.Other.Name, doc}, periodCells(r.Line.Period)...))
		}
	}
	add("out", d.LinesOut)
	add("in", d.LinesIn)
	return t
}
