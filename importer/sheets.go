package importer

import (
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
}

type docEntry struct {
	entry
	reference, title string
}

type personEntry struct {
	entry
	name  string
	email *string
}

type postEntry struct {
	entry
	orgID uuid.UUID
	title string
}

// organizations reads every row first, so that a parent may be given
// anywhere in the sheet, and then imports them parents first.
func (run *run) organizations(t *table) {
	for _, raw := range t.rows {
		rw := run.newRow(t, raw)
		e := &orgEntry{rw: rw, in: koncern.OrganizationInput{
			Kind: rw.str("kind"), Name: rw.str("name"), OrgNumber: rw.opt("org_number"),
			TotalShares: rw.optInt("total_shares"), TotalVotes: rw.optInt("total_votes"), StaffFTE: rw.optFloat("staff_fte"),
			Period: rw.period(),
		}}
		e.sheet, e.row, e.period = t.sheet, rw.num, e.in.Period
		if e.in.OrgNumber != nil {
			e.number = *e.in.OrgNumber
			if n, err := koncern.NormalizeOrgNumber(e.number); err == nil {
				e.number, e.in.OrgNumber = n, &n
			}
		}
		run.orgs = append(run.orgs, e)
	}
	for _, e := range run.orgs {
		if run.fatal != nil {
			return
		}
		run.processOrg(e)
	}
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
	byName, err := run.listOrgs(registry.OrganizationFilter{Query: in.Name})
	for _, o := range byName {
		if o.Name == in.Name && o.Kind == in.Kind && idKey(o.ParentID) == idKey(in.ParentID) && !containsID(out, o.ID) {
			out = append(out, o)
		}
	}
	return out, err
}

func (run *run) documents(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.DocumentInput{
			Kind: rw.str("kind"), Title: rw.str("title"), Reference: rw.opt("reference"),
			DecidedOn: rw.date("decided_on"), URL: rw.opt("url"), Period: rw.period(),
		}
		if id, ok := run.requireOrg(rw, "issuer", in.DecidedOn); ok {
			in.IssuerID = id
		}
		e := &docEntry{reference: rw.str("reference"), title: in.Title}
		run.docs = append(run.docs, e)
		key := "doc:" + in.Title
		if e.reference != "" {
			key = "doc#" + e.reference
		}
		importRecord(run, rw, &e.entry, recordSpec[koncern.DocumentInput, koncern.Document]{
			what: "document", key: key, in: in, period: in.Period,
			existing: func() ([]koncern.Document, error) { return run.sameDocs(e), nil },
			input:    func(d koncern.Document) koncern.DocumentInput { return d.DocumentInput },
			create:   run.r.CreateDocument,
		})
	})
}

// sameDocs lists the registry's documents with the row's key: its
// reference when it has one, else its title.
func (run *run) sameDocs(e *docEntry) []koncern.Document {
	var out []koncern.Document
	for _, d := range run.registryDocs() {
		if (e.reference != "" && d.Reference != nil && *d.Reference == e.reference) || (e.reference == "" && d.Title == e.title) {
			out = append(out, d)
		}
	}
	return out
}

func (run *run) peopleSheet(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.PersonInput{Name: rw.str("name"), Email: rw.opt("email"), Phone: rw.opt("phone"), Period: rw.period()}
		e := &personEntry{name: in.Name, email: in.Email}
		run.people = append(run.people, e)
		importRecord(run, rw, &e.entry, recordSpec[koncern.PersonInput, koncern.Person]{
			what: "person", key: "person:" + in.Name + "\x00" + strOr(in.Email), in: in, period: in.Period,
			existing: func() ([]koncern.Person, error) {
				people, err := collect(func(cursor string) (registry.Page[koncern.Person], error) {
					return run.r.ListPeople(run.ctx, registry.PersonFilter{Query: in.Name, ListOptions: history(cursor)})
				})
				return filter(people, func(p koncern.Person) bool { return p.Name == in.Name && strOr(p.Email) == strOr(in.Email) }), err
			},
			input:  func(p koncern.Person) koncern.PersonInput { return p.PersonInput },
			create: run.r.CreatePerson,
		})
	})
}

func (run *run) postsSheet(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.PostInput{Title: rw.str("title"), Role: rw.str("role"), Political: rw.boolean("political"), Period: rw.period()}
		e := &postEntry{title: in.Title}
		run.posts = append(run.posts, e)
		if id, ok := run.requireOrg(rw, "organization", in.From); ok {
			in.OrganizationID, e.orgID = id, id
		}
		importRecord(run, rw, &e.entry, recordSpec[koncern.PostInput, koncern.Post]{
			what: "post", key: "post:" + e.orgID.String() + "\x00" + in.Title, in: in, period: in.Period,
			existing: func() ([]koncern.Post, error) {
				posts, err := collect(func(cursor string) (registry.Page[koncern.Post], error) {
					return run.r.ListPosts(run.ctx, registry.PostFilter{OrganizationID: &in.OrganizationID, Query: in.Title, ListOptions: history(cursor)})
				})
				return filter(posts, func(p koncern.Post) bool { return p.Title == in.Title }), err
			},
			input:  func(p koncern.Post) koncern.PostInput { return p.PostInput },
			create: run.r.CreatePost,
		})
	})
}

func (run *run) assignments(t *table) {
	run.each(t, func(rw *row) {
		in := koncern.AssignmentInput{Period: rw.period()}
		in.PersonID, _ = run.resolvePerson(rw, "person_name", "person_email", in.From)
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
		in := koncern.SteeringLineInput{Kind: rw.str("kind"), Basis: rw.str("basis"), Description: rw.opt("description"), Period: rw.period()}
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
