package demo

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The steps of Load, in the order the references between records allow.

func (l *loader) loadOrganizations() error {
	for _, o := range organizations() {
		in := koncern.OrganizationInput{Kind: o.Kind, Name: o.Name, Period: span(o.From, "")}
		if o.Parent != "" {
			id, err := l.orgID(o.Parent)
			if err != nil {
				return err
			}
			in.ParentID = &id
		}
		if o.OrgNumber != "" {
			in.OrgNumber = ptr(o.OrgNumber)
		}
		if o.StaffFTE != 0 {
			in.StaffFTE = ptr(o.StaffFTE)
		}
		if o.Kind == "company" {
			in.TotalShares, in.TotalVotes = ptr(o.Shares), ptr(o.Votes)
		}
		created, err := record(l, "organisation "+quote(o.Name), &l.sum.Organizations, l.r.CreateOrganization, in)
		if err != nil {
			return err
		}
		l.orgs[o.Name] = created.ID
	}
	return nil
}

func (l *loader) loadDocuments() error {
	for _, d := range documents() {
		if err := l.loadDocument(d); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadDocument(d docSpec) error {
	issuer, err := l.orgID(d.Issuer)
	if err != nil {
		return err
	}
	from := d.From
	if from == "" {
		from = d.DecidedOn
	}
	in := koncern.DocumentInput{Kind: d.Kind, Title: d.Title, DecidedOn: day(d.DecidedOn),
		IssuerID: issuer, Period: span(from, "")}
	if d.Reference != "" {
		in.Reference = ptr(d.Reference)
	}
	created, err := record(l, "document "+quote(d.Title), &l.sum.Documents, l.r.CreateDocument, in)
	if err != nil {
		return err
	}
	l.docs[d.Title] = created.ID
	return nil
}

func (l *loader) loadStakes() error {
	for _, c := range companies {
		company, err := l.orgID(c.Name)
		if err != nil {
			return err
		}
		for _, h := range c.Owners {
			if err := l.loadStake(c, company, h); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadStake(c company, companyID uuid.UUID, h holding) error {
	owner, err := l.orgID(h.Owner)
	if err != nil {
		return err
	}
	shares, votes := h.Shares, h.Votes
	if shares == 0 && votes == 0 {
		shares, votes = c.totals()
	}
	in := koncern.StakeInput{OwnerID: owner, CompanyID: companyID, Shares: shares, Votes: votes, Period: span(c.From, "")}
	_, err = record(l, "stake of "+quote(h.Owner)+" in "+quote(c.Name), &l.sum.Stakes, l.r.CreateStake, in)
	return err
}

func (l *loader) loadPosts() error {
	for _, p := range posts() {
		if err := l.loadPost(p); err != nil {
			return err
		}
	}
	return nil
}

// loadPost creates a post and its tenures. Political posts are filled by
// KF's election, which their assignments cite.
func (l *loader) loadPost(p postSpec) error {
	orgID, err := l.orgID(p.At.Org)
	if err != nil {
		return err
	}
	in := koncern.PostInput{OrganizationID: orgID, Title: p.At.Title, Role: p.Role, Political: p.Political, Period: span(p.From, "")}
	created, err := record(l, "post "+p.At.String(), &l.sum.Posts, l.r.CreatePost, in)
	if err != nil {
		return err
	}
	l.posts[p.At] = created.ID
	l.holders[p.At] = p.Holders
	var doc string
	if p.Political {
		doc = docElection
	}
	for _, t := range p.Holders {
		if err := l.loadAssignment(p.At, t.Person, t.period(), doc); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadAssignment(at ref, person string, p koncern.Period, doc string) error {
	personID, err := l.person(person)
	if err != nil {
		return err
	}
	postID, err := l.postID(at)
	if err != nil {
		return err
	}
	docID, err := l.docID(doc)
	if err != nil {
		return err
	}
	in := koncern.AssignmentInput{PersonID: personID, PostID: postID, DocumentID: docID, Period: p}
	_, err = record(l, "assignment of "+quote(person)+" to "+at.String(), &l.sum.Assignments, l.r.CreateAssignment, in)
	return err
}

// loadForums creates the chair and member posts of each forum, held by
// whoever holds the post they stand for, for as long as the forum exists.
func (l *loader) loadForums() error {
	for _, f := range forums() {
		if err := l.loadForumSeat(f, f.Chair, "chair", "Ordförande ("+f.Chair.Title+")"); err != nil {
			return err
		}
		for _, m := range f.Members {
			if err := l.loadForumSeat(f, m, "member", "Ledamot ("+m.Title+", "+m.Org+")"); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadForumSeat(f forum, source ref, role, title string) error {
	seat := post(f.Name, title)
	within := span(f.From, "")
	if err := l.loadPost(postSpec{At: seat, Role: role, From: f.From}); err != nil {
		return err
	}
	for _, t := range l.holders[source] {
		if p, ok := clip(t.period(), within); ok {
			if err := l.loadAssignment(seat, t.Person, p, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadLines() error {
	for _, s := range steeringLines() {
		if err := l.loadLine(s); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadLine(s lineSpec) error {
	in := koncern.SteeringLineInput{Kind: s.Kind, Basis: s.Basis, Period: span(s.Start, s.End)}
	var err error
	if in.FromPostID, in.FromOrganizationID, err = l.endpoint(s.From); err != nil {
		return err
	}
	if in.ToPostID, in.ToOrganizationID, err = l.endpoint(s.To); err != nil {
		return err
	}
	if in.DocumentID, err = l.docID(s.Doc); err != nil {
		return err
	}
	if s.Note != "" {
		in.Description = ptr(s.Note)
	}
	name := "steering line " + s.Kind + " " + s.From.String() + " → " + s.To.String()
	_, err = record(l, name, &l.sum.SteeringLines, l.r.CreateSteeringLine, in)
	return err
}
