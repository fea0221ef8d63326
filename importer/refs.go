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
	SheetDocuments:     {"issuer_id": "@issuer", "subject_ids": "subjects", "refers_to_id": "refers_to"},
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
	doc    *docEntry // a file document, imported on demand
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
	if c.doc != nil {
		if c.doc.state == orgInProgress {
			rw.problem(col, "refers to itself, or to a document that refers back to it")
			return uuid.Nil, refFailed
		}
		run.processDoc(c.doc)
		c.file = &c.doc.entry
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
// prefix_org_number, prefix_name and prefix_path, as it stood on day: by
// organisationsnummer when given, else by name and path; the file first,
// then the registry.
func (run *run) resolveOrg(rw *row, prefix string, day koncern.Date) (uuid.UUID, refState) {
	ref := run.orgRef(rw, prefix)
	if ref.state != refFound {
		return uuid.Nil, ref.state
	}
	c, n := pick(ref.cands, day)
	if !run.picked(rw, ref.col, n, "organisation", ref.what, day, ref.hint) {
		return uuid.Nil, refFailed
	}
	if ref.number != "" && ref.name != "" && c.label != ref.name {
		rw.problem(prefix+"_name", "the organisation %s is named %s, not %s", ref.what, quote(c.label), quote(ref.name))
		return uuid.Nil, refFailed
	}
	return run.settle(rw, ref.col, c)
}

// orgRef is an organisation reference read from a row, with every record
// it may mean whatever their periods.
type orgRef struct {
	state           refState // refFound when the row gives a reference that could be read
	number, name    string
	col, what, hint string
	cands           []candidate
}

// orgRef reads the reference in the columns prefix_* and lists its
// candidates.
func (run *run) orgRef(rw *row, prefix string) orgRef {
	numCol, nameCol, pathCol := prefix+"_org_number", prefix+"_name", prefix+"_path"
	ref := orgRef{number: rw.str(numCol), name: rw.str(nameCol), state: refFound}
	path := koncern.CanonicalPath(rw.str(pathCol))
	switch {
	case ref.number != "":
		n, err := koncern.NormalizeOrgNumber(ref.number)
		if err != nil {
			rw.problem(numCol, "is not a valid organisationsnummer: %s", err)
			return orgRef{state: refFailed}
		}
		ref.col, ref.what, ref.hint = numCol, "with organisationsnummer "+n, "check the periods of the organisation"
		ref.cands = run.orgsNumbered(n)
	case ref.name != "":
		ref.col, ref.what = nameCol, "named "+quote(ref.name)
		if path != "" {
			ref.what += " under " + quote(path)
		}
		ref.hint = "give " + numCol + " or " + pathCol + " (the names of its parents from the top down, separated by \"" + koncern.PathSeparator + "\", a slash of a name doubled) to say which"
		ref.cands = run.orgsNamed(ref.name, path)
	default:
		return orgRef{state: refAbsent}
	}
	if run.fatal != nil {
		return orgRef{state: refFailed}
	}
	return ref
}

// orgsNumbered lists the organisations with organisationsnummer n: the
// file's, or else the registry's.
func (run *run) orgsNumbered(n string) []candidate {
	if cands := orgCandidates(run.orgsByNumber[n]); len(cands) > 0 {
		return cands
	}
	return run.registryOrgs(registry.OrganizationFilter{OrgNumber: n})
}

// orgsNamed lists the organisations of a name under a path of parents
// (any path when empty): the file's, or else the registry's.
func (run *run) orgsNamed(name, path string) []candidate {
	if cands := run.fileOrgsNamed(name, path); len(cands) > 0 {
		return cands
	}
	var out []candidate
	for _, o := range run.registryNamed().orgs(name, run.created) {
		if path == "" || pathMatches(run.registryPath(o.ParentID), path) {
			out = append(out, candidate{id: o.ID, period: o.Period, label: o.Name})
		}
	}
	return out
}

// pathMatches reports whether the path of an organisation's parents, full
// from the top, is the given path or ends with it; an empty given path
// matches any.
func pathMatches(full, given string) bool {
	return given == "" || full == given || strings.HasSuffix(full, koncern.PathSeparator+given)
}

// fileOrgsNamed lists the file's organisations of a name whose parents'
// path matches: exactly through the index when the path is full, else
// among those of the name, counting in those whose path the file leaves
// open (a parent given by a name that is not unique).
func (run *run) fileOrgsNamed(name, path string) []candidate {
	if path != "" {
		if exact := run.orgsByPath[pathKey(path, name)]; len(exact) > 0 {
			return orgCandidates(exact)
		}
	}
	var out []*orgEntry
	for _, e := range run.orgsByName[name] {
		if !e.pathKnown || pathMatches(e.parentPath, path) {
			out = append(out, e)
		}
	}
	return orgCandidates(out)
}

func pathKey(parentPath, name string) string { return parentPath + "\x00" + name }

func orgCandidates(entries []*orgEntry) []candidate {
	out := make([]candidate, len(entries))
	for i, e := range entries {
		out[i] = candidate{period: e.in.Period, label: e.in.Name, org: e}
	}
	return out
}

// registryPath is the path of an organisation of the registry and its
// parents from the top, as the export writes it; "" for none.
func (run *run) registryPath(id *uuid.UUID) string {
	return koncern.PathOf(id, run.regPaths, func(id uuid.UUID) (string, *uuid.UUID, bool) {
		if run.fatal != nil {
			return "", nil, false
		}
		o, err := run.r.GetOrganization(run.ctx, id)
		if err != nil {
			run.fail(err)
			return "", nil, false
		}
		return o.Name, o.ParentID, true
	})
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

// registryOrgs lists the registry's organisations that f finds, leaving
// out those this import created.
func (run *run) registryOrgs(f registry.OrganizationFilter) []candidate {
	orgs, err := run.listOrgs(f)
	if err != nil {
		run.fail(err)
		return nil
	}
	out := make([]candidate, len(orgs))
	for i, o := range orgs {
		out[i] = candidate{id: o.ID, period: o.Period, label: o.Name}
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
	for _, e := range run.postsByKey[postKey(orgID, title)] {
		cands = append(cands, candidate{period: e.period, label: title, file: &e.entry})
	}
	if len(cands) == 0 {
		posts, err := run.registryPosts(orgID, title)
		if err != nil {
			run.fail(err)
			return uuid.Nil, false
		}
		for _, p := range posts {
			if !run.created[p.ID] {
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

// registryPosts lists the registry's posts of an organisation with a
// title. They are filtered here rather than by the list's query, which
// folds case in SQLite for ASCII letters only and so misses "Ledamot
// (Förvaltningschef, Äldreförvaltningen)".
func (run *run) registryPosts(orgID uuid.UUID, title string) ([]koncern.Post, error) {
	posts, err := collect(func(cursor string) (registry.Page[koncern.Post], error) {
		return run.r.ListPosts(run.ctx, registry.PostFilter{OrganizationID: &orgID, ListOptions: history(cursor)})
	})
	return filter(posts, func(p koncern.Post) bool { return p.Title == title }), err
}

func postKey(orgID uuid.UUID, title string) string { return orgID.String() + "\x00" + title }

// resolvePerson resolves a person by name, and by e-mail and key when
// given. The key tells apart people who share name and e-mail within the
// file; the registry does not keep it.
func (run *run) resolvePerson(rw *row, nameCol, emailCol, keyCol string, day koncern.Date) (uuid.UUID, bool) {
	name, email, key := rw.str(nameCol), rw.str(emailCol), rw.str(keyCol)
	if name == "" {
		return uuid.Nil, false
	}
	sameMail := func(e *string) bool { return email == "" || (e != nil && *e == email) }
	var cands, exact []candidate
	for _, e := range run.peopleByName[name] {
		if sameMail(e.email) && (key == "" || e.key == key) {
			c := candidate{period: e.period, label: name, file: &e.entry}
			cands = append(cands, c)
			if strOr(e.email) == email && e.key == key {
				exact = append(exact, c)
			}
		}
	}
	// An empty e-mail or key cell matches any, so that a file may name a
	// person by name alone; but where that is ambiguous, the person
	// without e-mail or key is the one the row names.
	if len(cands) > 1 && len(exact) > 0 {
		cands = exact
	}
	if len(cands) == 0 {
		for _, p := range run.registryNamed().people(name, run.created) {
			if sameMail(p.Email) {
				c := candidate{id: p.ID, period: p.Period, label: name}
				cands = append(cands, c)
				if strOr(p.Email) == email {
					exact = append(exact, c)
				}
			}
		}
		if len(cands) > 1 && len(exact) > 0 {
			cands = exact
		}
	}
	what := "named " + quote(name)
	if email != "" {
		what += " with e-mail " + email
	}
	if key != "" {
		what += " and key " + quote(key)
	}
	c, n := pick(cands, day)
	if !run.picked(rw, nameCol, n, "person", what, day, "give "+emailCol+" or "+keyCol+" to say which") {
		return uuid.Nil, false
	}
	id, st := run.settle(rw, nameCol, c)
	return id, st == refFound
}

// resolveDocument resolves the document named in col by its reference,
// or else by its title, and by its issuer when the row names one in the
// columns col_issuer_* (every municipality has its "KF §12" and its
// "Reglemente för kommunstyrelsen"). An empty cell cites no document.
func (run *run) resolveDocument(rw *row, col string, day koncern.Date) (*uuid.UUID, bool) {
	v := rw.str(col)
	if v == "" {
		return nil, true
	}
	issuer := col + "_issuer"
	issuers, ok := run.documentIssuers(rw, issuer)
	if !ok {
		rw.bad[col] = true // the issuer's problem says it all
		return nil, false
	}
	what, hint := "with reference or title "+quote(v), "give "+issuer+"_name (and "+issuer+"_path) to say which"
	if issuers != nil {
		what += " issued by that organisation"
		hint = "cite it by its title where its reference is shared"
	}
	cands := run.fileDocs(v, issuers)
	if len(cands) == 0 {
		cands = run.registryDocs().candidates(v, issuers, run.created)
	}
	c, n := pick(cands, day)
	if !run.picked(rw, col, n, "document", what, day, hint) {
		return nil, false
	}
	id, st := run.settle(rw, col, c)
	return &id, st == refFound
}

// documentIssuers lists the ids of every organisation the row's document
// issuer columns (prefix_*) may mean, whatever their periods, since the
// document's date is not known before it is found; nil when the row names
// no issuer.
func (run *run) documentIssuers(rw *row, prefix string) ([]uuid.UUID, bool) {
	ref := run.orgRef(rw, prefix)
	switch ref.state {
	case refAbsent:
		return nil, true
	case refFailed:
		return nil, false
	}
	ids := []uuid.UUID{}
	var failed *orgEntry
	for _, c := range ref.cands {
		if c.org != nil {
			run.processOrg(c.org)
			c.id = c.org.id
			if c.id == uuid.Nil {
				failed = c.org
			}
		}
		if c.id != uuid.Nil {
			ids = append(ids, c.id)
		}
	}
	switch {
	case len(ids) > 0:
		return ids, true
	case failed != nil:
		rw.problem(ref.col, "refers to %s row %d, which has problems", failed.sheet, failed.row)
	default:
		rw.problem(ref.col, "no organisation %s is in this file or in the registry", ref.what)
	}
	return nil, false
}

// docIndex finds documents by reference or title, by issuer too.
type docIndex map[string][]docRef

// docRef is a document an index holds: a row of the file or a record of
// the registry.
type docRef struct {
	file *docEntry
	doc  *koncern.Document
}

// docKeys are the keys a document is found by: its reference and title,
// each alone and with its issuer.
func docKeys(reference, title string, issuer uuid.UUID) []string {
	keys := []string{"t\x00" + title, issuer.String() + "\x00t\x00" + title}
	if reference != "" {
		keys = append(keys, "r\x00"+reference, issuer.String()+"\x00r\x00"+reference)
	}
	return keys
}

func (ix docIndex) add(d docRef, reference, title string, issuer uuid.UUID) {
	for _, k := range docKeys(reference, title, issuer) {
		ix[k] = append(ix[k], d)
	}
}

// find lists the documents cited as v: by reference, or else by title;
// issued by one of issuers unless that is nil.
func (ix docIndex) find(v string, issuers []uuid.UUID) []docRef {
	for _, kind := range []string{"r\x00", "t\x00"} {
		var out []docRef
		if issuers == nil {
			out = ix[kind+v]
		}
		for _, id := range issuers {
			out = append(out, ix[id.String()+"\x00"+kind+v]...)
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func (run *run) fileDocs(v string, issuers []uuid.UUID) []candidate {
	var out []candidate
	for _, d := range run.docIndex.find(v, issuers) {
		out = append(out, candidate{period: d.file.in.Period, label: d.file.in.Title, doc: d.file})
	}
	return out
}

// candidates lists the registry's documents cited as v, leaving out those
// this import created.
func (ix docIndex) candidates(v string, issuers []uuid.UUID, created map[uuid.UUID]bool) []candidate {
	var out []candidate
	for _, d := range ix.find(v, issuers) {
		if !created[d.doc.ID] {
			out = append(out, candidate{id: d.doc.ID, period: d.doc.Period, label: d.doc.Title})
		}
	}
	return out
}

// registryDocs indexes the documents the registry held before this
// import, loaded on first need: the registry has no lookup by reference,
// and documents are few beside the rows that cite them.
func (run *run) registryDocs() docIndex {
	if run.regDocs == nil {
		run.regDocs = docIndex{}
		docs, err := collect(func(cursor string) (registry.Page[koncern.Document], error) {
			return run.r.ListDocuments(run.ctx, registry.DocumentFilter{ListOptions: history(cursor)})
		})
		if err != nil {
			run.fail(err)
		}
		for i := range docs {
			d := &docs[i]
			run.regDocs.add(docRef{doc: d}, strOr(d.Reference), d.Title, d.IssuerID)
		}
	}
	return run.regDocs
}

// named indexes by name the organisations and people the registry held
// before this import. Finding them by name in the database scans the
// table, which the import grows row by row; a national workbook would
// make that quadratic.
type named struct {
	orgsByName   map[string][]koncern.Organization
	peopleByName map[string][]koncern.Person
}

// registryNamed loads the index on first need, before this import has
// created a record of either kind: organisations are the first sheet,
// and people are only read after the organisations.
func (run *run) registryNamed() *named {
	if run.regNamed != nil {
		return run.regNamed
	}
	run.regNamed = &named{orgsByName: map[string][]koncern.Organization{}, peopleByName: map[string][]koncern.Person{}}
	orgs, err := run.listOrgs(registry.OrganizationFilter{})
	if err != nil {
		run.fail(err)
	}
	for _, o := range orgs {
		run.regNamed.orgsByName[o.Name] = append(run.regNamed.orgsByName[o.Name], o)
	}
	people, err := collect(func(cursor string) (registry.Page[koncern.Person], error) {
		return run.r.ListPeople(run.ctx, registry.PersonFilter{ListOptions: history(cursor)})
	})
	if err != nil {
		run.fail(err)
	}
	for _, p := range people {
		if !run.created[p.ID] {
			run.regNamed.peopleByName[p.Name] = append(run.regNamed.peopleByName[p.Name], p)
		}
	}
	return run.regNamed
}

// orgs lists the registry's organisations of a name, leaving out those
// this import created.
func (n *named) orgs(name string, created map[uuid.UUID]bool) []koncern.Organization {
	return filter(n.orgsByName[name], func(o koncern.Organization) bool { return !created[o.ID] })
}

// people lists the registry's people of a name, leaving out those this
// import created.
func (n *named) people(name string, created map[uuid.UUID]bool) []koncern.Person {
	return filter(n.peopleByName[name], func(p koncern.Person) bool { return !created[p.ID] })
}

func quote(s string) string { return "\"" + s + "\"" }
