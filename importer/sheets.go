package importer

import (
	"cmp"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// Import states of a file organisation, which is imported when it is
// reached or when another row refers to it as parent, whichever is first.
const (
	orgPending = iota
	orgInProgress
	orgDone
)

type orgEntry struct {
	entry
	rw     *row
	in     koncern.OrganizationInput
	number string // canonical when valid, as written otherwise
	state  int
	// parentPath is the path of the organisation's parents as the row
	// declares it, full from the top: what a reference's X_path names.
	// pathKnown is false when the row's parent is a name that is not
	// unique, without a path; pathDone marks it worked out.
	parentPath          string
	pathKnown, pathDone bool
}

// docEntry is a row of the documents sheet. A row may refer to another
// (refers_to) further down, which is then imported first, as a parent
// organisation is.
type docEntry struct {
	entry
	rw    *row
	in    koncern.DocumentInput
	state int // orgPending, orgInProgress or orgDone
}

type personEntry struct {
	entry
	email *string
	key   string
}

type postEntry struct {
	entry
}

// organizations reads every row first, so that a parent may be given
// anywhere in the sheet, and then imports them parents first.
func (run *run) organizations(t *table) {
	for _, raw := range t.rows {
		rw := run.newRow(t, raw)
		e := &orgEntry{rw: rw, in: koncern.OrganizationInput{
			Kind: rw.str("kind"), Name: rw.str("name"), OrgNumber: rw.opt("org_number"),
			TotalShares: rw.optInt("total_shares"), TotalVotes: rw.optInt("total_votes"), StaffFTE: rw.optFloat("staff_fte"),
			ReviewDeadline: rw.opt("review_deadline"), Period: rw.period(),
		}}
		e.sheet, e.row, e.period = t.sheet, rw.num, e.in.Period
		if e.in.OrgNumber != nil {
			e.number = *e.in.OrgNumber
			if n, err := koncern.NormalizeOrgNumber(e.number); err == nil {
				e.number, e.in.OrgNumber = n, &n
			}
		}
		run.orgs = append(run.orgs, e)
		run.orgsByName[e.in.Name] = append(run.orgsByName[e.in.Name], e)
		if e.number != "" {
			run.orgsByNumber[e.number] = append(run.orgsByNumber[e.number], e)
		}
	}
	for _, e := range run.orgs {
		if run.declarePath(e); e.pathKnown {
			k := pathKey(e.parentPath, e.in.Name)
			run.orgsByPath[k] = append(run.orgsByPath[k], e)
		}
	}
	for _, e := range run.orgs {
		if run.fatal != nil {
			return
		}
		run.processOrg(e)
	}
}

// declarePath works out the path of e's parents from the row's own
// columns, without resolving them (which needs the paths to find
// parents): the parent's path and name as written, or the path of the one
// organisation of the file with the parent's number or name.
func (run *run) declarePath(e *orgEntry) {
	if e.pathDone {
		return
	}
	// Marked done before the parent is looked at, so that a chain of
	// parents that loops ends here; processOrg reports the loop.
	e.pathDone = true
	rw := e.rw
	number, name, path := rw.str("parent_org_number"), rw.str("parent_name"), koncern.CanonicalPath(rw.str("parent_path"))
	var parent []*orgEntry
	switch {
	case number != "":
		n, err := koncern.NormalizeOrgNumber(number)
		if err != nil {
			return // resolving the parent reports the number
		}
		parent = run.orgsByNumber[n]
		if len(parent) == 0 {
			e.parentPath, e.pathKnown = run.registryNumberPath(n)
			return
		}
	case name != "" && path != "":
		e.parentPath, e.pathKnown = koncern.AppendPath(path, name), true
		return
	case name != "":
		parent = run.orgsByName[name]
	default:
		e.pathKnown = true // a top organisation
		return
	}
	if len(parent) != 1 {
		return
	}
	p := parent[0]
	run.declarePath(p)
	if p.pathKnown {
		e.parentPath, e.pathKnown = koncern.AppendPath(p.parentPath, p.in.Name), true
	}
}

// registryNumberPath is the full path of the registry's one organisation
// with organisationsnummer n.
func (run *run) registryNumberPath(n string) (string, bool) {
	orgs, err := run.listOrgs(registry.OrganizationFilter{OrgNumber: n})
	if err != nil {
		run.fail(err)
	}
	if len(orgs) != 1 {
		return "", false
	}
	return run.registryPath(&orgs[0].ID), true
}

// each imports the rows of t one by one until an error that is not a
// rule's rejection stops the import.
func (run *run) each(t *table, fn func(rw *row)) {
	for _, raw := range t.rows {
		if run.fatal != nil {
			return
		}
		fn(run.newRow(t, raw))
	}
}

func (rw *row) period() koncern.Period {
	return koncern.Period{From: rw.date("valid_from"), To: rw.optDate("valid_to")}
}

// processOrg imports one organisation row after its parent, which may be
// a row further down; the states catch a chain of parents that loops.
func (run *run) processOrg(e *orgEntry) {
	if e.state != orgPending {
		return
	}
	e.state = orgInProgress
	defer func() { e.state = orgDone }()
	rw, in := e.rw, e.in
	parent, st := run.resolveOrg(rw, "parent", in.From)
	if st == refFound {
		in.ParentID = &parent
	}
	key := "org:" + in.Kind + "\x00" + in.Name + "\x00" + idKey(in.ParentID)
	if e.number != "" {
		key = "org#" + e.number
	}
	importRecord(run, rw, &e.entry, recordSpec[koncern.OrganizationInput, koncern.Organization]{
		what: "organisation", key: key, in: in, period: in.Period,
		existing: func() ([]koncern.Organization, error) { return run.sameOrgs(in) },
		input:    func(o koncern.Organization) koncern.OrganizationInput { return o.OrganizationInput },
		create:   run.r.CreateOrganization,
	})
}

// sameOrgs lists the registry's organisations with the row's key: its
// organisationsnummer, or its kind, name and parent. Both are asked so
// that a number added in the file to an organisation the registry holds
// without one is a difference, not a second organisation.
func (run *run) sameOrgs(in koncern.OrganizationInput) ([]koncern.Organization, error) {
	var out []koncern.Organization
	if in.OrgNumber != nil {
		byNumber, err := run.listOrgs(registry.OrganizationFilter{OrgNumber: *in.OrgNumber})
		if err != nil {
			return nil, err
		}
		out = byNumber
	}
	for _, o := range run.registryNamed().orgs(in.Name, run.created) {
		if o.Kind == in.Kind && idKey(o.ParentID) == idKey(in.ParentID) && !containsID(out, o.ID) {
			out = append(out, o)
		}
	}
	return out, run.fatal
}

// documents reads every row of the sheet into the file's index before it
// matches any with the registry, since whether a row is the registry's
// document of its reference depends on how many rows of the file share
// that reference (sameDocs), wherever they stand in the sheet.
func (run *run) documents(t *table) {
	var rows []*docEntry
	run.each(t, func(rw *row) {
		in := koncern.DocumentInput{
			Kind: rw.str("kind"), Title: rw.str("title"), Reference: rw.opt("reference"),
			DecidedOn: rw.date("decided_on"), URL: rw.opt("url"), Year: rw.optYear("year"), Period: rw.period(),
		}
		if id, ok := run.requireOrg(rw, "issuer", in.DecidedOn); ok {
			in.IssuerID = id
		}
		in.SubjectIDs = run.resolveSubjects(rw, in.DecidedOn)
		e := &docEntry{rw: rw, in: in}
		run.docIndex.add(docRef{file: e}, strOr(in.Reference), in.Title, in.IssuerID)
		rows = append(rows, e)
	})
	for _, e := range rows {
		if run.fatal != nil {
			return
		}
		run.processDoc(e)
	}
}

// processDoc imports one row of the documents sheet, once, after the
// document it refers to.
func (run *run) processDoc(e *docEntry) {
	if e.state != orgPending {
		return
	}
	e.state = orgInProgress
	defer func() { e.state = orgDone }()
	run.document(e)
}

// document matches one row of the documents sheet with the registry, or
// creates its document.
func (run *run) document(e *docEntry) {
	rw, in := e.rw, e.in
	in.RefersToID, _ = run.resolveDocument(rw, "refers_to", in.DecidedOn)
	reference := strOr(in.Reference)
	// One decision may adopt several documents (a council's paragraph
	// adopting every committee's regulation), so the reference alone
	// is not the key.
	key := "doc:" + in.IssuerID.String() + "\x00" + reference + "\x00" + in.Title
	importRecord(run, rw, &e.entry, recordSpec[koncern.DocumentInput, koncern.Document]{
		what: "document", key: key, in: in, period: in.Period,
		existing: func() ([]koncern.Document, error) { return run.sameDocs(reference, in), nil },
		input:    func(d koncern.Document) koncern.DocumentInput { return d.DocumentInput },
		create:   run.r.CreateDocument,
	})
}

// sameDocs lists the registry's documents with the row's key: its
// issuer, reference and title. Where the issuer has one document of the
// reference and the file one row, that is the row's document whatever its
// title, so that a title changed in the file is a difference, not a
// second document.
func (run *run) sameDocs(reference string, in koncern.DocumentInput) []koncern.Document {
	var exact, byRef []koncern.Document
	for _, d := range run.registryDocs().find(cmp.Or(reference, in.Title), []uuid.UUID{in.IssuerID}) {
		if strOr(d.doc.Reference) != reference {
			continue
		}
		byRef = append(byRef, *d.doc)
		if d.doc.Title == in.Title {
			exact = append(exact, *d.doc)
		}
	}
	inFile := run.docIndex.find(reference, []uuid.UUID{in.IssuerID})
	if len(exact) == 0 && reference != "" && len(byRef) == 1 && len(inFile) == 1 {
		return byRef
	}
	return exact
}

func (run *run) peopleSheet(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.PersonInput{Name: rw.str("name"), Email: rw.opt("email"), Phone: rw.opt("phone"), Period: rw.period()}
		e := &personEntry{email: in.Email, key: rw.str("key")}
		run.peopleByName[in.Name] = append(run.peopleByName[in.Name], e)
		importRecord(run, rw, &e.entry, recordSpec[koncern.PersonInput, koncern.Person]{
			what: "person", key: "person:" + in.Name + "\x00" + strOr(in.Email) + "\x00" + e.key, in: in, period: in.Period,
			existing: func() ([]koncern.Person, error) {
				people := run.registryNamed().people(in.Name, run.created)
				return filter(people, func(p koncern.Person) bool { return strOr(p.Email) == strOr(in.Email) }), run.fatal
			},
			choose: func(same []koncern.Person) (koncern.Person, bool) {
				return run.choosePerson(in.Name, strOr(in.Email), e.key, in.From, same)
			},
			input:  func(p koncern.Person) koncern.PersonInput { return p.PersonInput },
			create: run.r.CreatePerson,
		})
	})
}

func (run *run) postsSheet(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.PostInput{Title: rw.str("title"), Role: rw.str("role"), Political: rw.boolean("political"), Period: rw.period()}
		e := &postEntry{}
		if id, ok := run.requireOrg(rw, "organization", in.From); ok {
			in.OrganizationID = id
			k := postKey(id, in.Title)
			run.postsByKey[k] = append(run.postsByKey[k], e)
		}
		importRecord(run, rw, &e.entry, recordSpec[koncern.PostInput, koncern.Post]{
			what: "post", key: "post:" + postKey(in.OrganizationID, in.Title), in: in, period: in.Period,
			existing: func() ([]koncern.Post, error) { return run.registryPosts(in.OrganizationID, in.Title) },
			input:    func(p koncern.Post) koncern.PostInput { return p.PostInput },
			create:   run.r.CreatePost,
		})
	})
}

func (run *run) assignments(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.AssignmentInput{Period: rw.period()}
		in.PersonID, _ = run.resolvePerson(rw, "person_name", "person_email", "person_key", in.From)
		in.PostID, _ = run.resolvePost(rw, "organization", "post_title", in.From)
		in.DocumentID, _ = run.resolveDocument(rw, "document", in.From)
		importRecord(run, rw, &entry{}, recordSpec[koncern.AssignmentInput, koncern.Assignment]{
			what: "assignment", key: "assignment:" + in.PersonID.String() + in.PostID.String(), in: in, period: in.Period,
			existing: func() ([]koncern.Assignment, error) {
				return collect(func(cursor string) (registry.Page[koncern.Assignment], error) {
					return run.r.ListAssignments(run.ctx, registry.AssignmentFilter{PersonID: &in.PersonID, PostID: &in.PostID, ListOptions: history(cursor)})
				})
			},
			input:  func(a koncern.Assignment) koncern.AssignmentInput { return a.AssignmentInput },
			create: run.r.CreateAssignment,
		})
	})
}

func (run *run) stakes(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.StakeInput{Shares: rw.integer("shares"), Votes: rw.integer("votes"), Period: rw.period()}
		in.OwnerID, _ = run.requireOrg(rw, "owner", in.From)
		in.CompanyID, _ = run.requireOrg(rw, "company", in.From)
		in.DocumentID, _ = run.resolveDocument(rw, "document", in.From)
		importRecord(run, rw, &entry{}, recordSpec[koncern.StakeInput, koncern.Stake]{
			what: "stake", key: "stake:" + in.OwnerID.String() + in.CompanyID.String(), in: in, period: in.Period,
			existing: func() ([]koncern.Stake, error) {
				return collect(func(cursor string) (registry.Page[koncern.Stake], error) {
					return run.r.ListStakes(run.ctx, registry.StakeFilter{OwnerID: &in.OwnerID, CompanyID: &in.CompanyID, ListOptions: history(cursor)})
				})
			},
			input:  func(s koncern.Stake) koncern.StakeInput { return s.StakeInput },
			create: run.r.CreateStake,
		})
	})
}

func (run *run) steeringLines(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.SteeringLineInput{Kind: rw.str("kind"), Basis: rw.str("basis"), Description: rw.text("description"), Period: rw.period()}
		in.FromPostID, in.FromOrganizationID = run.endpoint(rw, "from", in.From)
		in.ToPostID, in.ToOrganizationID = run.endpoint(rw, "to", in.From)
		in.DocumentID, _ = run.resolveDocument(rw, "document", in.From)
		key := "line:" + idKey(in.FromPostID) + idKey(in.FromOrganizationID) + idKey(in.ToPostID) + idKey(in.ToOrganizationID) + in.Kind
		importRecord(run, rw, &entry{}, recordSpec[koncern.SteeringLineInput, koncern.SteeringLine]{
			what: "steering line", key: key, in: in, period: in.Period,
			existing: func() ([]koncern.SteeringLine, error) { return run.sameLines(in) },
			input:    func(l koncern.SteeringLine) koncern.SteeringLineInput { return l.SteeringLineInput },
			create:   run.r.CreateSteeringLine,
		})
	})
}

// endpoint resolves one end of a line: a post when its title is given,
// else the organisation itself.
func (run *run) endpoint(rw *row, side string, day koncern.Date) (post, org *uuid.UUID) {
	if rw.str(side+"_post_title") != "" {
		if id, ok := run.resolvePost(rw, side, side+"_post_title", day); ok {
			return &id, nil
		}
		return nil, nil
	}
	if id, ok := run.requireOrg(rw, side, day); ok {
		return nil, &id
	}
	return nil, nil
}

func (run *run) sameLines(in koncern.SteeringLineInput) ([]koncern.SteeringLine, error) {
	lines, err := collect(func(cursor string) (registry.Page[koncern.SteeringLine], error) {
		return run.r.ListSteeringLines(run.ctx, registry.SteeringLineFilter{
			FromPostID: in.FromPostID, FromOrganizationID: in.FromOrganizationID,
			ToPostID: in.ToPostID, ToOrganizationID: in.ToOrganizationID, Kind: in.Kind, ListOptions: history(cursor),
		})
	})
	return filter(lines, func(l koncern.SteeringLine) bool {
		return idKey(l.FromPostID) == idKey(in.FromPostID) && idKey(l.FromOrganizationID) == idKey(in.FromOrganizationID) &&
			idKey(l.ToPostID) == idKey(in.ToPostID) && idKey(l.ToOrganizationID) == idKey(in.ToOrganizationID)
	}), err
}

func idKey(id *uuid.UUID) string {
	if id == nil {
		return "-"
	}
	return id.String()
}

func strOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func containsID(orgs []koncern.Organization, id uuid.UUID) bool {
	for _, o := range orgs {
		if o.ID == id {
			return true
		}
	}
	return false
}

func filter[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}
