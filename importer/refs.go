package importer

import (
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// fieldColumns maps the JSON field of an input, as the validator and the
// registry name it in errors, to the column that holds it. A value "@p"
// names a reference written in the columns p_org_number and p_name; the
// one the row filled in is blamed.
var fieldColumns = map[string]map[string]string{
	SheetOrganizations: {"parent_id": "@parent"},
	SheetDocuments:     {"issuer_id": "@issuer"},
	SheetPosts:         {"organization_id": "@organization"},
	SheetAssignments:   {"person_id": "person_name", "post_id": "post_title", "document_id": "document"},
	SheetStakes:        {"owner_id": "@owner", "company_id": "@company", "document_id": "document"},
	SheetSteeringLines: {
		"from_post_id": "from_post_title", "to_post_id": "to_post_title",
		"from_organization_id": "@from", "to_organization_id": "@to", "document_id": "document",
	},
}

// column is the column of the row that holds an input's field; empty when
// the field has no column (the problem is then the row's).
func (rw *row) column(field string) string {
	sheet := rw.t.sheet
	if col, ok := fieldColumns[sheet][field]; ok {
		if prefix, ok := strings.CutPrefix(col, "@"); ok {
			return rw.refColumn(prefix)
		}
		return col
	}
	if slices.Contains(Columns[sheet], field) {
		return field
	}
	return ""
}

// refColumn is the column of an organisation reference the row used.
func (rw *row) refColumn(prefix string) string {
	if rw.str(prefix+"_org_number") != "" {
		return prefix + "_org_number"
	}
	return prefix + "_name"
}

// refState is the outcome of resolving a reference.
type refState int

const (
	refAbsent refState = iota // the row gives no reference
	refFound
	refFailed // a problem was recorded
)

// candidate is a record a reference may mean: a row of the file or a
// record already in the registry.
type candidate struct {
	id     uuid.UUID
	period koncern.Period
	label  string
	file   *entry
	org    *orgEntry // a file organisation, imported on demand
}

// pick chooses among the candidates that share a key: the only one, or
// else the only one in force on day (an organisation reorganised under the
// same name has one record per period). n is the number of candidates
// left: 0 for none, above 1 for an ambiguous reference.
func pick(cands []candidate, day koncern.Date) (candidate, int) {
	if len(cands) == 1 {
		return cands[0], 1
	}
	var inForce []candidate
	for _, c := range cands {
		if c.period.Contains(day) {
			inForce = append(inForce, c)
		}
	}
	if len(inForce) == 1 {
		return inForce[0], 1
	}
	return candidate{}, len(cands)
}

// settle turns a chosen candidate into an id. A file row is imported
// first if it has not been; one that failed makes the reference fail too,
// saying where the cause is.
func (run *run) settle(rw *row, col string, c candidate) (uuid.UUID, refState) {
	if c.org != nil {
		if c.org.state == orgInProgress {
			rw.problem(col, "the chain of parents runs in a circle through %s row %d", SheetOrganizations, c.org.row)
			return uuid.Nil, refFailed
		}
		run.processOrg(c.org)
		c.file = &c.org.entry
	}
	if c.file == nil {
		return c.id, refFound
	}
	if c.file.id == uuid.Nil {
		rw.problem(col, "refers to %s row %d, which has problems", c.file.sheet, c.file.row)
		return uuid.Nil, refFailed
	}
	return c.file.id, refFound
}

// resolveOrg resolves the organisation named in the columns
// prefix_org_number and prefix_name, as it stood on day: by
// organisationsnummer when given, else by name; the file first, then the
// registry.
func (run *run) resolveOrg(rw *row, prefix string, day koncern.Date) (uuid.UUID, refState) {
	numCol, nameCol := prefix+"_org_number", prefix+"_name"
	number, name := rw.str(numCol), rw.str(nameCol)
	var cands []candidate
	col, what := numCol, ""
	switch {
	case number != "":
		n, err := koncern.NormalizeOrgNumber(number)
		if err != nil {
			rw.problem(numCol, "is not a valid organisationsnummer: %s", err)
			return uuid.Nil, refFailed
		}
		what = "with organisationsnummer " + n
		cands = run.fileOrgs(func(e *orgEntry) bool { return e.number == n })
		if len(cands) == 0 {
			cands = run.registryOrgs(registry.OrganizationFilter{OrgNumber: n}, func(o koncern.Organization) bool { return true })
		}
	case name != "":
		col, what = nameCol, "named "+quote(name)
		cands = run.fileOrgs(func(e *orgEntry) bool { return e.in.Name == name })
		if len(cands) == 0 {
			cands = run.registryOrgs(registry.OrganizationFilter{Query: name}, func(o koncern.Organization) bool { return o.Name == name })
		}
	default:
		return uuid.Nil, refAbsent
	}
	if run.fatal != nil {
		return uuid.Nil, refFailed
	}
	c, n := pick(cands, day)
	if !run.picked(rw, col, n, "organisation", what, day, "give "+numCol+" to say which") {
		return uuid.Nil, refFailed
	}
	if number != "" && name != "" && c.label != name {
		rw.problem(nameCol, "the organisation %s is named %s, not %s", what, quote(c.label), quote(name))
		return uuid.Nil, refFailed
	}
	return run.settle(rw, col, c)
}

// picked reports a reference that matched nothing or too much.
func (run *run) picked(rw *row, col string, n int, kind, what string, day koncern.Date, hint string) bool {
	switch {
	case n == 0:
		rw.problem(col, "no %s %s is in this file or in the registry", kind, what)
		return false
	case n > 1:
		rw.problem(col, "%d records of a %s %s exist and not exactly one of them is in force on %s; %s", n, kind, what, day, hint)
		return false
	}
	return true
}

// requireOrg is resolveOrg for a reference the row must give.
func (run *run) requireOrg(rw *row, prefix string, day koncern.Date) (uuid.UUID, bool) {
	id, st := run.resolveOrg(rw, prefix, day)
	if st == refAbsent {
		rw.problem(prefix+"_name", "give %s_org_number or %s_name", prefix, prefix)
	}
	return id, st == refFound
}

func (run *run) fileOrgs(match func(*orgEntry) bool) []candidate {
	var out []candidate
	for _, e := range run.orgs {
		if match(e) {
			out = append(out, candidate{period: e.in.Period, label: e.in.Name, org: e})
		}
	}
	return out
}

// registryOrgs lists the registry's organisations that f finds and keep
// accepts, leaving out those this import created.
func (run *run) registryOrgs(f registry.OrganizationFilter, keep func(koncern.Organization) bool) []candidate {
	orgs, err := run.listOrgs(f)
	if err != nil {
		run.fail(err)
		return nil
	}
	var out []candidate
	for _, o := range orgs {
		if keep(o) {
			out = append(out, candidate{id: o.ID, period: o.Period, label: o.Name})
		}
	}
	return out
}

func (run *run) listOrgs(f registry.OrganizationFilter) ([]koncern.Organization, error) {
	orgs, err := collect(func(cursor string) (registry.Page[koncern.Organization], error) {
		f.ListOptions = history(cursor)
		return run.r.ListOrganizations(run.ctx, f)
	})
	return slices.DeleteFunc(orgs, func(o koncern.Organization) bool { return run.created[o.ID] }), err
}

// resolvePost resolves a post by its organisation (columns prefix_*) and
// its title in column titleCol.
func (run *run) resolvePost(rw *row, prefix, titleCol string, day koncern.Date) (uuid.UUID, bool) {
	orgID, ok := run.requireOrg(rw, prefix, day)
	title := rw.str(titleCol)
	if !ok {
		rw.bad[titleCol] = true // the organisation's problem says it all
	}
	if !ok || title == "" {
		return uuid.Nil, false
	}
	var cands []candidate
	for _, e := range run.posts {
		if e.orgID == orgID && e.title == title {
			cands = append(cands, candidate{period: e.period, label: title, file: &e.entry})
		}
	}
	if len(cands) == 0 {
		posts, err := collect(func(cursor string) (registry.Page[koncern.Post], error) {
			return run.r.ListPosts(run.ctx, registry.PostFilter{OrganizationID: &orgID, Query: title, ListOptions: history(cursor)})
		})
		if err != nil {
			run.fail(err)
			return uuid.Nil, false
		}
		for _, p := range posts {
			if p.Title == title && !run.created[p.ID] {
				cands = append(cands, candidate{id: p.ID, period: p.Period, label: title})
			}
		}
	}
	c, n := pick(cands, day)
	if !run.picked(rw, titleCol, n, "post", "titled "+quote(title)+" in that organisation", day, "check the periods of the post") {
		return uuid.Nil, false
	}
	id, st := run.settle(rw, titleCol, c)
	return id, st == refFound
}

// resolvePerson resolves a person by name, and by e-mail when given.
func (run *run) resolvePerson(rw *row, nameCol, emailCol string, day koncern.Date) (uuid.UUID, bool) {
	name, email := rw.str(nameCol), rw.str(emailCol)
	if name == "" {
		return uuid.Nil, false
	}
	same := func(n string, e *string) bool { return n == name && (email == "" || (e != nil && *e == email)) }
	var cands []candidate
	for _, e := range run.people {
		if same(e.name, e.email) {
			cands = append(cands, candidate{period: e.period, label: name, file: &e.entry})
		}
	}
	if len(cands) == 0 {
		people, err := collect(func(cursor string) (registry.Page[koncern.Person], error) {
			return run.r.ListPeople(run.ctx, registry.PersonFilter{Query: name, ListOptions: history(cursor)})
		})
		if err != nil {
			run.fail(err)
			return uuid.Nil, false
		}
		for _, p := range people {
			if same(p.Name, p.Email) && !run.created[p.ID] {
				cands = append(cands, candidate{id: p.ID, period: p.Period, label: name})
			}
		}
	}
	what := "named " + quote(name)
	if email != "" {
		what += " with e-mail " + email
	}
	c, n := pick(cands, day)
	if !run.picked(rw, nameCol, n, "person", what, day, "give "+emailCol+" to say which") {
		return uuid.Nil, false
	}
	id, st := run.settle(rw, nameCol, c)
	return id, st == refFound
}

// resolveDocument resolves the document named in col by its reference,
// or else by its title. An empty cell cites no document.
func (run *run) resolveDocument(rw *row, col string, day koncern.Date) (*uuid.UUID, bool) {
	v := rw.str(col)
	if v == "" {
		return nil, true
	}
	cands := run.fileDocs(func(e *docEntry) bool { return e.reference == v })
	if len(cands) == 0 {
		cands = run.fileDocs(func(e *docEntry) bool { return e.title == v })
	}
	if len(cands) == 0 {
		docs := run.registryDocs()
		cands = docCandidates(docs, func(d koncern.Document) bool { return d.Reference != nil && *d.Reference == v })
		if len(cands) == 0 {
			cands = docCandidates(docs, func(d koncern.Document) bool { return d.Title == v })
		}
	}
	c, n := pick(cands, day)
	if !run.picked(rw, col, n, "document", "with reference or title "+quote(v), day, "cite it by its reference") {
		return nil, false
	}
	id, st := run.settle(rw, col, c)
	return &id, st == refFound
}

func (run *run) fileDocs(match func(*docEntry) bool) []candidate {
	var out []candidate
	for _, e := range run.docs {
		if match(e) {
			out = append(out, candidate{period: e.period, label: e.title, file: &e.entry})
		}
	}
	return out
}

func docCandidates(docs []koncern.Document, match func(koncern.Document) bool) []candidate {
	var out []candidate
	for _, d := range docs {
		if match(d) {
			out = append(out, candidate{id: d.ID, period: d.Period, label: d.Title})
		}
	}
	return out
}

// registryDocs are the documents the registry held before this import.
func (run *run) registryDocs() []koncern.Document {
	if !run.docsOK {
		docs, err := collect(func(cursor string) (registry.Page[koncern.Document], error) {
			return run.r.ListDocuments(run.ctx, registry.DocumentFilter{ListOptions: history(cursor)})
		})
		if err != nil {
			run.fail(err)
		}
		run.regDocs, run.docsOK = docs, true
	}
	return slices.DeleteFunc(slices.Clone(run.regDocs), func(d koncern.Document) bool { return run.created[d.ID] })
}

func quote(s string) string { return "\"" + s + "\"" }
