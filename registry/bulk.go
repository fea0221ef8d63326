package registry

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/assignment"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// Bulk is a whole dataset to be stored at once by BulkLoad. Every record
// carries its id (Meta.ID) and every field the registry would otherwise
// derive (the municipality ids), so that records can refer to one another
// before any of them is stored. Zero timestamps are stored as the time of
// the load and a zero version as 1.
type Bulk struct {
	Organizations []koncern.Organization
	People        []koncern.Person
	Posts         []koncern.Post
	Assignments   []koncern.Assignment
	Stakes        []koncern.Stake
	SteeringLines []koncern.SteeringLine
	Documents     []koncern.Document
}

// Len is the number of records in b.
func (b Bulk) Len() int {
	return len(b.Organizations) + len(b.People) + len(b.Posts) + len(b.Assignments) +
		len(b.Stakes) + len(b.SteeringLines) + len(b.Documents)
}

// Bind-parameter limits: SQLite's default SQLITE_MAX_VARIABLE_NUMBER and the
// 16-bit parameter count of PostgreSQL's wire protocol. A multi-row INSERT
// binds one parameter per column and row, so these bound the rows per
// statement.
const (
	sqliteMaxParams   = 32766
	postgresMaxParams = 65535
)

// BulkLoad stores a generated dataset in one transaction, through ent's
// CreateBulk in chunks as large as the engine's parameter limit allows. It
// is the fast path for large datasets such as the synthetic national one,
// which would take hours through the checked Create methods.
//
// BulkLoad trusts the caller for most rules that span records, which is
// what makes it fast: it does NOT check that referenced records cover a
// record's period, that assignments and stakes of the same pair do not
// overlap, that a cited document is in force on a record's first day, that
// organisation numbers are unique, or that the derived municipality ids
// agree with the parent chain. The caller (a generator) guarantees those;
// the synthetic package's tests check them in Go. It does check that the
// stakes in each company stay within its totals on every day, in one sweep
// over the stakes, since that bound is what keeps every sum of counts in
// the registry from overflowing.
//
// It does check every value: each record passes the Validator and the
// record-level rules of the Create methods (a company's totals, a stake of
// something, a line with one from and one to and a document when formal, a
// document not in force before its decision), ids are set and unique,
// references name records of the same bulk, and the organisations form a
// forest, stored parents first. It returns EINVALID naming the record at
// fault (e.g. "stakes[3].shares"), and ECONFLICT unless the registry is
// empty. Nothing is stored unless everything is.
func (r *Registry) BulkLoad(ctx context.Context, b Bulk) error {
	orgs, err := r.checkBulk(&b)
	if err != nil {
		return err
	}
	b.Organizations = orgs
	return r.Atomic(ctx, func(r *Registry) error {
		empty, err := r.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			return koncern.Errorf(koncern.ECONFLICT, "the database is not empty; a bulk load goes only into an empty registry")
		}
		if err := r.insertBulk(ctx, b); err != nil {
			return err
		}
		digests, err := bulkDigests(ctx, r.tx.Client())
		if err != nil {
			return err
		}
		return r.audit(ctx, r.tx, change{entity: "registry", op: opBulkLoad, after: bulkSummary{Counts: b.counts(), Digests: digests}})
	})
}

// bulkSummary is what a bulk load's audit event records: one event, not
// one per record, which at national scale would double the load, with the
// number of records of each kind and a digest of each kind's records as
// stored, by which koncern check reconciles them (Registry.Reconcile).
type bulkSummary struct {
	Counts  map[string]int    `json:"counts"`
	Digests map[string]string `json:"digests"`
}

// counts is the number of records of each kind.
func (b Bulk) counts() map[string]int {
	return map[string]int{
		"organizations": len(b.Organizations), "people": len(b.People), "posts": len(b.Posts),
		"assignments": len(b.Assignments), "stakes": len(b.Stakes), "steering_lines": len(b.SteeringLines),
		"documents": len(b.Documents),
	}
}

// insertBulk writes the records in the order their foreign keys need.
func (r *Registry) insertBulk(ctx context.Context, b Bulk) error {
	stamp := bulkStamp{now: r.Now().UTC().Truncate(time.Microsecond)}
	max := sqliteMaxParams
	if r.db.Dialect == dialect.Postgres {
		max = postgresMaxParams
	}
	tx := r.tx
	steps := []func() error{
		func() error {
			return insertChunks(ctx, b.Organizations, max/len(organization.Columns), stamp.organization(tx), tx.Organization.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.Documents, max/len(document.Columns), stamp.document(tx), tx.Document.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.People, max/len(person.Columns), stamp.person(tx), tx.Person.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.Posts, max/len(entpost.Columns), stamp.post(tx), tx.Post.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.Stakes, max/len(ownershipstake.Columns), stamp.stake(tx), tx.OwnershipStake.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.Assignments, max/len(assignment.Columns), stamp.assignment(tx), tx.Assignment.CreateBulk)
		},
		func() error {
			return insertChunks(ctx, b.SteeringLines, max/len(steeringline.Columns), stamp.line(tx), tx.SteeringLine.CreateBulk)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// execer is what every generated CreateBulk builder offers.
type execer interface{ Exec(context.Context) error }

// insertChunks builds each item and executes the builders per chunk of at
// most size rows, one INSERT statement each.
func insertChunks[T any, B any, E execer](ctx context.Context, items []T, size int, build func(T) B, bulk func(...B) E) error {
	for start := 0; start < len(items); start += size {
		end := min(start+size, len(items))
		builders := make([]B, 0, end-start)
		for _, it := range items[start:end] {
			builders = append(builders, build(it))
		}
		if err := bulk(builders...).Exec(ctx); err != nil {
			return fmt.Errorf("bulk insert rows %d–%d of %T: %w", start, end-1, items[0], err)
		}
	}
	return nil
}

// bulkStamp fills the bookkeeping fields the caller left unset.
type bulkStamp struct{ now time.Time }

func (s bulkStamp) meta(m koncern.Meta) (created, updated time.Time, version int) {
	created, updated, version = m.CreatedAt.UTC().Truncate(time.Microsecond), m.UpdatedAt.UTC().Truncate(time.Microsecond), m.Version
	if m.CreatedAt.IsZero() {
		created = s.now
	}
	if m.UpdatedAt.IsZero() {
		updated = created
	}
	if version == 0 {
		version = 1
	}
	return created, updated, version
}

func (s bulkStamp) organization(tx *ent.Tx) func(koncern.Organization) *ent.OrganizationCreate {
	return func(o koncern.Organization) *ent.OrganizationCreate {
		c, u, v := s.meta(o.Meta)
		return tx.Organization.Create().SetID(o.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetKind(o.Kind).SetName(o.Name).SetNillableOrgNumber(o.OrgNumber).SetNillableParentID(o.ParentID).
			SetNillableMunicipalityID(o.MunicipalityID).SetNillableTotalShares(o.TotalShares).
			SetNillableTotalVotes(o.TotalVotes).SetNillableStaffFte(o.StaffFTE).SetNillableReviewDeadline(o.ReviewDeadline).
			SetValidFrom(o.From.Time()).SetNillableValidTo(timePtr(o.To))
	}
}

func (s bulkStamp) document(tx *ent.Tx) func(koncern.Document) *ent.DocumentCreate {
	return func(d koncern.Document) *ent.DocumentCreate {
		c, u, v := s.meta(d.Meta)
		create := tx.Document.Create().SetID(d.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetKind(d.Kind).SetTitle(d.Title).SetNillableReference(d.Reference).SetDecidedOn(d.DecidedOn.Time()).
			SetNillableURL(d.URL).SetIssuerID(d.IssuerID).SetNillableMunicipalityID(d.MunicipalityID).
			SetNillableRefersToID(d.RefersToID).SetNillableYear(d.Year).
			SetValidFrom(d.From.Time()).SetNillableValidTo(timePtr(d.To))
		if len(d.SubjectIDs) > 0 {
			create.SetSubjectIds(d.SubjectIDs)
		}
		return create
	}
}

func (s bulkStamp) person(tx *ent.Tx) func(koncern.Person) *ent.PersonCreate {
	return func(p koncern.Person) *ent.PersonCreate {
		c, u, v := s.meta(p.Meta)
		return tx.Person.Create().SetID(p.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetName(p.Name).SetNillableEmail(p.Email).SetNillablePhone(p.Phone).
			SetValidFrom(p.From.Time()).SetNillableValidTo(timePtr(p.To))
	}
}

func (s bulkStamp) post(tx *ent.Tx) func(koncern.Post) *ent.PostCreate {
	return func(p koncern.Post) *ent.PostCreate {
		c, u, v := s.meta(p.Meta)
		return tx.Post.Create().SetID(p.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetOrganizationID(p.OrganizationID).SetNillableMunicipalityID(p.MunicipalityID).
			SetTitle(p.Title).SetRole(p.Role).SetPolitical(p.Political).
			SetValidFrom(p.From.Time()).SetNillableValidTo(timePtr(p.To))
	}
}

func (s bulkStamp) stake(tx *ent.Tx) func(koncern.Stake) *ent.OwnershipStakeCreate {
	return func(x koncern.Stake) *ent.OwnershipStakeCreate {
		c, u, v := s.meta(x.Meta)
		return tx.OwnershipStake.Create().SetID(x.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetOwnerID(x.OwnerID).SetCompanyID(x.CompanyID).SetNillableMunicipalityID(x.MunicipalityID).
			SetShares(x.Shares).SetVotes(x.Votes).SetNillableDocumentID(x.DocumentID).
			SetValidFrom(x.From.Time()).SetNillableValidTo(timePtr(x.To))
	}
}

func (s bulkStamp) assignment(tx *ent.Tx) func(koncern.Assignment) *ent.AssignmentCreate {
	return func(a koncern.Assignment) *ent.AssignmentCreate {
		c, u, v := s.meta(a.Meta)
		return tx.Assignment.Create().SetID(a.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetPersonID(a.PersonID).SetPostID(a.PostID).SetNillableMunicipalityID(a.MunicipalityID).
			SetNillableDocumentID(a.DocumentID).SetValidFrom(a.From.Time()).SetNillableValidTo(timePtr(a.To))
	}
}

func (s bulkStamp) line(tx *ent.Tx) func(koncern.SteeringLine) *ent.SteeringLineCreate {
	return func(l koncern.SteeringLine) *ent.SteeringLineCreate {
		c, u, v := s.meta(l.Meta)
		return tx.SteeringLine.Create().SetID(l.ID).SetCreatedAt(c).SetUpdatedAt(u).SetVersion(v).
			SetNillableFromPostID(l.FromPostID).SetNillableFromOrganizationID(l.FromOrganizationID).
			SetNillableToPostID(l.ToPostID).SetNillableToOrganizationID(l.ToOrganizationID).
			SetNillableMunicipalityID(l.MunicipalityID).SetKind(l.Kind).SetBasis(l.Basis).
			SetNillableDocumentID(l.DocumentID).SetNillableDescription(l.Description).
			SetValidFrom(l.From.Time()).SetNillableValidTo(timePtr(l.To))
	}
}

// idSet is the ids of one kind of record in the bulk.
type idSet map[uuid.UUID]bool

// bulkIDs collects the ids of one kind, refusing a missing or repeated one.
func bulkIDs[T interface{ Record() koncern.Meta }](what string, items []T) (idSet, error) {
	ids := make(idSet, len(items))
	for i, it := range items {
		id := it.Record().ID
		if id == uuid.Nil {
			return nil, bulkInvalid(what, i, "id", "is required: a bulk record carries its id")
		}
		if ids[id] {
			return nil, bulkInvalid(what, i, "id", "%s appears twice", id)
		}
		ids[id] = true
	}
	return ids, nil
}

// bulkInvalid names a field of the i:th record of a kind.
func bulkInvalid(what string, i int, field, format string, args ...any) error {
	return koncern.Invalid(fmt.Sprintf("%s[%d].%s", what, i, field), format, args...)
}

// bulkRecordError prefixes the fields of a record's rejection with the
// record's place in the bulk.
func bulkRecordError(what string, i int, err error) error {
	kerr, ok := err.(*koncern.Error)
	if !ok {
		return err
	}
	out := &koncern.Error{Code: kerr.Code, Fields: make([]koncern.FieldError, len(kerr.Fields))}
	for j, f := range kerr.Fields {
		out.Fields[j] = koncern.FieldError{Field: fmt.Sprintf("%s[%d].%s", what, i, f.Field), Message: f.Message}
	}
	out.Message = koncern.SummarizeFields(out.Fields)
	if len(out.Fields) == 0 {
		out.Message = fmt.Sprintf("%s[%d]: %s", what, i, kerr.Message)
	}
	return out
}

// bulkRefs are the ids of every kind in the bulk, for reference checks.
type bulkRefs struct {
	orgs, people, posts, docs idSet
}

// checkBulk validates every record and returns the organisations ordered
// parents first, with their organisationsnummer in canonical form. The
// caller's slices are left as they were.
func (r *Registry) checkBulk(b *Bulk) ([]koncern.Organization, error) {
	refs, err := bulkIDSets(b)
	if err != nil {
		return nil, err
	}
	checks := []func() error{
		func() error { return r.checkBulkOrganizations(b.Organizations, refs) },
		func() error { return r.checkBulkDocuments(b.Documents, refs) },
		func() error { return checkBulkKind(r, "people", b.People, nil) },
		func() error { return r.checkBulkPosts(b.Posts, refs) },
		func() error { return r.checkBulkAssignments(b.Assignments, refs) },
		func() error { return r.checkBulkStakes(b.Stakes, refs) },
		func() error { return checkBulkStakeSums(b.Organizations, b.Stakes) },
		func() error { return r.checkBulkLines(b.SteeringLines, refs) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return orderOrganizations(b.Organizations)
}

func bulkIDSets(b *Bulk) (bulkRefs, error) {
	var refs bulkRefs
	var err error
	if refs.orgs, err = bulkIDs("organizations", b.Organizations); err != nil {
		return refs, err
	}
	if refs.people, err = bulkIDs("people", b.People); err != nil {
		return refs, err
	}
	if refs.posts, err = bulkIDs("posts", b.Posts); err != nil {
		return refs, err
	}
	if refs.docs, err = bulkIDs("documents", b.Documents); err != nil {
		return refs, err
	}
	if _, err = bulkIDs("assignments", b.Assignments); err != nil {
		return refs, err
	}
	if _, err = bulkIDs("stakes", b.Stakes); err != nil {
		return refs, err
	}
	_, err = bulkIDs("steering_lines", b.SteeringLines)
	return refs, err
}

// checkBulkKind runs the Validator on the input of every record of a kind,
// then the kind's own record-level rule, if any.
func checkBulkKind[T any](r *Registry, what string, items []T, rule func(T) error) error {
	for i, it := range items {
		if err := r.validate.Validate(bulkInput(it)); err != nil {
			return bulkRecordError(what, i, err)
		}
		if rule == nil {
			continue
		}
		if err := rule(it); err != nil {
			return bulkRecordError(what, i, err)
		}
	}
	return nil
}

// bulkInput is the client-written part of a stored record, which is what
// the Validator's tags describe.
func bulkInput(v any) any {
	switch x := v.(type) {
	case koncern.Organization:
		return x.OrganizationInput
	case koncern.Person:
		return x.PersonInput
	case koncern.Post:
		return x.PostInput
	case koncern.Assignment:
		return x.AssignmentInput
	case koncern.Stake:
		return x.StakeInput
	case koncern.SteeringLine:
		return x.SteeringLineInput
	case koncern.Document:
		return x.DocumentInput
	}
	return v
}

// refIn reports a reference to a record that is not in the bulk; the
// registry is empty, so it could be nowhere else.
func refIn(ids idSet, field, what string, id uuid.UUID) error {
	if !ids[id] {
		return koncern.Invalid(field, "no %s in the bulk has id %s", what, id)
	}
	return nil
}

func (r *Registry) checkBulkOrganizations(orgs []koncern.Organization, refs bulkRefs) error {
	return checkBulkKind(r, "organizations", orgs, func(o koncern.Organization) error {
		in := o.OrganizationInput
		if err := checkShareCapital(&in); err != nil {
			return err
		}
		if err := checkReviewDeadline(&in); err != nil {
			return err
		}
		switch {
		case o.Kind == "municipality" && o.ParentID != nil:
			return koncern.Invalid("parent_id", "a municipality is the root of its group and has no parent")
		case o.Kind == "municipality" && !sameID(o.MunicipalityID, &o.ID):
			return koncern.Invalid("municipality_id", "a municipality is its own root")
		case o.ParentID == nil && o.Kind != "municipality" && o.Kind != "company":
			return koncern.Invalid("parent_id", "is required for a %s", o.Kind)
		case o.ParentID != nil:
			return refIn(refs.orgs, "parent_id", "organisation", *o.ParentID)
		}
		return nil
	})
}

func (r *Registry) checkBulkDocuments(docs []koncern.Document, refs bulkRefs) error {
	return checkBulkKind(r, "documents", docs, func(d koncern.Document) error {
		if d.From.Before(d.DecidedOn) {
			return koncern.Invalid("valid_from", "must not be before decided_on %s: a decision cannot be in force before it is taken", d.DecidedOn)
		}
		in := d.DocumentInput
		if err := koncern.CheckDocumentFields(&in); err != nil {
			return err
		}
		for _, id := range d.SubjectIDs {
			if err := refIn(refs.orgs, "subject_ids", "organisation", id); err != nil {
				return err
			}
		}
		if err := optRefIn(refs.docs, "refers_to_id", "document", d.RefersToID); err != nil {
			return err
		}
		return refIn(refs.orgs, "issuer_id", "organisation", d.IssuerID)
	})
}

func (r *Registry) checkBulkPosts(posts []koncern.Post, refs bulkRefs) error {
	return checkBulkKind(r, "posts", posts, func(p koncern.Post) error {
		return refIn(refs.orgs, "organization_id", "organisation", p.OrganizationID)
	})
}

func (r *Registry) checkBulkAssignments(as []koncern.Assignment, refs bulkRefs) error {
	return checkBulkKind(r, "assignments", as, func(a koncern.Assignment) error {
		if err := refIn(refs.people, "person_id", "person", a.PersonID); err != nil {
			return err
		}
		if err := refIn(refs.posts, "post_id", "post", a.PostID); err != nil {
			return err
		}
		return optRefIn(refs.docs, "document_id", "document", a.DocumentID)
	})
}

func (r *Registry) checkBulkStakes(stakes []koncern.Stake, refs bulkRefs) error {
	return checkBulkKind(r, "stakes", stakes, func(s koncern.Stake) error {
		if s.Shares == 0 && s.Votes == 0 {
			return koncern.Invalid("shares", "a stake needs shares or votes; both are zero")
		}
		if s.OwnerID == s.CompanyID {
			return koncern.Invalid("owner_id", "a company cannot own a stake in itself")
		}
		if err := refIn(refs.orgs, "owner_id", "organisation", s.OwnerID); err != nil {
			return err
		}
		if err := refIn(refs.orgs, "company_id", "organisation", s.CompanyID); err != nil {
			return err
		}
		return optRefIn(refs.docs, "document_id", "document", s.DocumentID)
	})
}

// checkBulkStakeSums refuses stakes that together hold more than their
// company's total shares or votes on some day (or more than MaxCount, for
// a company without totals), the rule CreateStake applies to each new
// stake. It sweeps each company's stakes by the days they begin and end,
// in O(n log n), and the running sums stay within MaxCount, so however
// many stakes a bulk holds, no sum over them, here or in the analysis of
// the stored records, can overflow.
func checkBulkStakeSums(orgs []koncern.Organization, stakes []koncern.Stake) error {
	byID := make(map[uuid.UUID]*koncern.Organization, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	edges := map[uuid.UUID][]stakeEdge{}
	var companies []uuid.UUID // in the order of their first stake, for a stable error
	for i, s := range stakes {
		if _, seen := edges[s.CompanyID]; !seen {
			companies = append(companies, s.CompanyID)
		}
		edges[s.CompanyID] = append(edges[s.CompanyID], stakeEdge{day: s.From, stake: i, start: true})
		if s.To != nil {
			edges[s.CompanyID] = append(edges[s.CompanyID], stakeEdge{day: s.To.AddDays(1), stake: i})
		}
	}
	for _, id := range companies {
		if err := sweepStakes(byID[id], stakes, edges[id]); err != nil {
			return err
		}
	}
	return nil
}

// stakeEdge is the day a stake begins (start) or the day after it ends.
type stakeEdge struct {
	day   koncern.Date
	stake int
	start bool
}

// sweepStakes adds up one company's stakes day by day, the ends of a day
// before its starts, and names the first stake with which the sums pass
// the company's totals.
func sweepStakes(company *koncern.Organization, stakes []koncern.Stake, edges []stakeEdge) error {
	slices.SortStableFunc(edges, func(a, b stakeEdge) int {
		if c := a.day.Time().Compare(b.day.Time()); c != 0 {
			return c
		}
		return cmp.Compare(boolInt(a.start), boolInt(b.start))
	})
	maxShares, maxVotes, name := koncern.MaxCount, koncern.MaxCount, ""
	if company != nil {
		name = company.Name
		if company.TotalShares != nil && company.TotalVotes != nil {
			maxShares, maxVotes = *company.TotalShares, *company.TotalVotes
		}
	}
	var shares, votes int64
	for _, e := range edges {
		s := stakes[e.stake]
		if !e.start {
			shares, votes = shares-s.Shares, votes-s.Votes
			continue
		}
		shares, votes = shares+s.Shares, votes+s.Votes // each at most 2 × MaxCount
		if shares > maxShares {
			return koncern.Invalid(fmt.Sprintf("stakes[%d].shares", e.stake), "on %s the stakes in %q would add up to more than its total of %d shares", e.day, name, maxShares)
		}
		if votes > maxVotes {
			return koncern.Invalid(fmt.Sprintf("stakes[%d].votes", e.stake), "on %s the stakes in %q would add up to more than its total of %d votes", e.day, name, maxVotes)
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r *Registry) checkBulkLines(lines []koncern.SteeringLine, refs bulkRefs) error {
	return checkBulkKind(r, "steering_lines", lines, func(l koncern.SteeringLine) error {
		from, err := bulkEndpoint("from", l.FromPostID, l.FromOrganizationID, refs)
		if err != nil {
			return err
		}
		to, err := bulkEndpoint("to", l.ToPostID, l.ToOrganizationID, refs)
		if err != nil {
			return err
		}
		if from == to {
			return koncern.Invalid("to_post_id", "a line cannot run from an endpoint to itself")
		}
		if l.Basis == "formal" && l.DocumentID == nil {
			return koncern.Invalid("document_id", "is required when basis is formal: a formal line rests on a decision")
		}
		return optRefIn(refs.docs, "document_id", "document", l.DocumentID)
	})
}

// bulkEndpoint checks one end of a line: a post or an organisation of the
// bulk, never both.
func bulkEndpoint(side string, postID, orgID *uuid.UUID, refs bulkRefs) (uuid.UUID, error) {
	postField, orgField := side+"_post_id", side+"_organization_id"
	switch {
	case postID != nil && orgID != nil:
		return uuid.Nil, koncern.Invalid(orgField, "give either %s or %s, not both", postField, orgField)
	case postID != nil:
		return *postID, refIn(refs.posts, postField, "post", *postID)
	case orgID != nil:
		return *orgID, refIn(refs.orgs, orgField, "organisation", *orgID)
	}
	return uuid.Nil, koncern.Invalid(postField, "give one of %s and %s", postField, orgField)
}

func optRefIn(ids idSet, field, what string, id *uuid.UUID) error {
	if id == nil {
		return nil
	}
	return refIn(ids, field, what, *id)
}

// orderOrganizations returns the organisations parents first, breadth
// first from the roots in the order given, with each organisationsnummer
// in canonical form. An organisation left over is its own ancestor.
func orderOrganizations(orgs []koncern.Organization) ([]koncern.Organization, error) {
	children := make(map[uuid.UUID][]int, len(orgs))
	queue := make([]int, 0, len(orgs))
	for i, o := range orgs {
		if o.ParentID == nil {
			queue = append(queue, i)
		} else {
			children[*o.ParentID] = append(children[*o.ParentID], i)
		}
	}
	for next := 0; next < len(queue); next++ {
		queue = append(queue, children[orgs[queue[next]].ID]...)
	}
	if len(queue) < len(orgs) {
		return nil, cycleError(orgs, queue)
	}
	out := make([]koncern.Organization, len(orgs))
	for n, i := range queue {
		out[n] = orgs[i]
		if o := &out[n]; o.OrgNumber != nil {
			// The Validator has accepted the number, so it normalises.
			canon, _ := koncern.NormalizeOrgNumber(*o.OrgNumber)
			o.OrgNumber = &canon
		}
	}
	return out, nil
}

// cycleError names the first organisation that no root reaches.
func cycleError(orgs []koncern.Organization, reached []int) error {
	seen := make(map[int]bool, len(reached))
	for _, i := range reached {
		seen[i] = true
	}
	for i := range orgs {
		if !seen[i] {
			return bulkInvalid("organizations", i, "parent_id", "would make the organisation its own ancestor")
		}
	}
	return nil
}
