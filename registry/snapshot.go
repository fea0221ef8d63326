package registry

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
	"github.com/koncernregistret/koncern/ent/assignment"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/sharecapital"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// LoadSnapshot loads every record that holds on at least one day of window:
// of one municipality's group, or of the whole registry when municipality
// is nil. What crosses the group's border comes along so that nothing is
// judged on half the facts: stakes the group holds in outside companies,
// lines from the group's posts to outside ones, and the organisations,
// posts and documents those records refer to. When the annual reviews the
// window asks about look back before it (analysis.ReviewReach), the
// group's ownership is loaded over those years too, as Data.Past (see
// loadPast).
func (r *Registry) LoadSnapshot(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (analysis.Data, error) {
	d, err := r.loadSnapshot(ctx, municipality, window)
	if err != nil {
		return d, err
	}
	if reach, ok := analysis.ReviewReach(window); ok {
		past, err := r.loadPast(ctx, municipality, reach)
		if err != nil {
			return d, err
		}
		d.Past = &past
	}
	return d, nil
}

// loadSnapshot loads the records of one window, as LoadSnapshot says.
func (r *Registry) loadSnapshot(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (analysis.Data, error) {
	d, err := r.loadRecords(ctx, municipality, window)
	if err != nil {
		return d, err
	}
	t, recorded := RecordedAt(ctx)
	if !recorded {
		return d, r.addCapital(ctx, &d, window)
	}
	// The trail is read after the records, so that a change committed in
	// between shows as an event rather than being missed (see getRecorded).
	h, err := historyAfter(ctx, r.client(), t)
	if err != nil {
		return d, err
	}
	if err := r.rewindSnapshot(ctx, &d, h, window); err != nil {
		return d, err
	}
	if err := r.addCapital(ctx, &d, window); err != nil {
		return d, err
	}
	return d, r.rewindCapital(ctx, &d, h, window)
}

// loadRecords loads the records of a snapshot as they are now, all but the
// share capital.
func (r *Registry) loadRecords(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (analysis.Data, error) {
	d := analysis.Data{Municipality: municipality}
	c := r.client()
	in := overlapping(window)
	var err error
	if d.Organizations, err = loadAll(ctx, c.Organization.Query().Where(predicate.Organization(in), orgIn(municipality)), toOrganization); err != nil {
		return d, err
	}
	if d.Posts, err = loadAll(ctx, c.Post.Query().Where(predicate.Post(in), postIn(municipality)), toPost); err != nil {
		return d, err
	}
	if d.Assignments, err = loadAll(ctx, c.Assignment.Query().Where(predicate.Assignment(in), assignmentIn(municipality)), toAssignment); err != nil {
		return d, err
	}
	if d.People, err = loadAll(ctx, c.Person.Query().Where(predicate.Person(in), personIn(municipality, in)), toPerson); err != nil {
		return d, err
	}
	if d.Stakes, err = loadAll(ctx, c.OwnershipStake.Query().Where(predicate.OwnershipStake(in), stakeIn(municipality)), toStake); err != nil {
		return d, err
	}
	if d.Lines, err = loadAll(ctx, c.SteeringLine.Query().Where(predicate.SteeringLine(in), lineIn(municipality)), toSteeringLine); err != nil {
		return d, err
	}
	if d.Documents, err = loadAll(ctx, c.Document.Query().Where(documentIn(municipality)), toDocument); err != nil {
		return d, err
	}
	if municipality != nil {
		return d, r.addAcrossBorder(ctx, &d, window)
	}
	return d, nil
}

// addCapital loads the dated share capital of the companies loaded, those
// across the border included, so that each day's stakes meet that day's
// capital.
func (r *Registry) addCapital(ctx context.Context, d *analysis.Data, window koncern.Period) error {
	var companies []uuid.UUID
	for _, o := range d.Organizations {
		if o.Kind == "company" {
			companies = append(companies, o.ID)
		}
	}
	var err error
	d.Capital, err = loadByID(ctx, companies, func(ids []uuid.UUID) ([]koncern.ShareCapital, error) {
		return loadAll(ctx, r.client().ShareCapital.Query().Where(sharecapital.CompanyIDIn(ids...), predicate.ShareCapital(overlapping(window))), toShareCapital)
	})
	return err
}

// addAcrossBorder loads what the group's records refer to outside it: the
// posts at the far end of lines, the organisations of those posts and at
// the far end of stakes and lines, and the documents cited.
func (r *Registry) addAcrossBorder(ctx context.Context, d *analysis.Data, window koncern.Period) error {
	c := r.client()
	if err := r.addOutgoing(ctx, d, window); err != nil {
		return err
	}
	posts := missing(idsOf(d.Posts, func(p koncern.Post) uuid.UUID { return p.ID }), lineEnds(d.Lines, true))
	more, err := loadByID(ctx, posts, func(ids []uuid.UUID) ([]koncern.Post, error) {
		return loadAll(ctx, c.Post.Query().Where(entpost.IDIn(ids...)), toPost)
	})
	if err != nil {
		return err
	}
	d.Posts = append(d.Posts, more...)
	refs := append(lineEnds(d.Lines, false), stakeEnds(d.Stakes)...)
	for _, p := range more {
		refs = append(refs, p.OrganizationID)
	}
	if err := r.addOrganizations(ctx, d, refs); err != nil {
		return err
	}
	docs, err := loadByID(ctx, missing(idsOf(d.Documents, func(x koncern.Document) uuid.UUID { return x.ID }), citedDocuments(d)),
		func(ids []uuid.UUID) ([]koncern.Document, error) {
			return loadAll(ctx, c.Document.Query().Where(document.IDIn(ids...)), toDocument)
		})
	d.Documents = append(d.Documents, docs...)
	return err
}

// addOrganizations loads the organisations of refs that d does not hold.
func (r *Registry) addOrganizations(ctx context.Context, d *analysis.Data, refs []uuid.UUID) error {
	orgs, err := loadByID(ctx, missing(idsOf(d.Organizations, func(o koncern.Organization) uuid.UUID { return o.ID }), refs),
		func(ids []uuid.UUID) ([]koncern.Organization, error) {
			return loadAll(ctx, r.client().Organization.Query().Where(organization.IDIn(ids...)), toOrganization)
		})
	d.Organizations = append(d.Organizations, orgs...)
	return err
}

// addOutgoing loads the stakes the group's organisations hold in outside
// companies and the lines from the group's posts and organisations to
// outside ones. They are looked up by the group's ids, which the owner and
// endpoint indexes answer at once; a join on the municipality would make
// SQLite scan the tables.
func (r *Registry) addOutgoing(ctx context.Context, d *analysis.Data, window koncern.Period) error {
	c := r.client()
	in := overlapping(window)
	m := *d.Municipality
	orgIDs := keys(idsOf(d.Organizations, func(o koncern.Organization) uuid.UUID { return o.ID }))
	postIDs := keys(idsOf(d.Posts, func(p koncern.Post) uuid.UUID { return p.ID }))
	stakes, err := r.outgoingStakes(ctx, m, orgIDs, window)
	if err != nil {
		return err
	}
	d.Stakes = append(d.Stakes, stakes...)
	elsewhere := steeringline.Or(steeringline.MunicipalityIDIsNil(), steeringline.MunicipalityIDNEQ(m))
	fromPosts, err := loadByID(ctx, postIDs, func(ids []uuid.UUID) ([]koncern.SteeringLine, error) {
		return loadAll(ctx, c.SteeringLine.Query().Where(steeringline.FromPostIDIn(ids...), predicate.SteeringLine(in), elsewhere), toSteeringLine)
	})
	if err != nil {
		return err
	}
	fromOrgs, err := loadByID(ctx, orgIDs, func(ids []uuid.UUID) ([]koncern.SteeringLine, error) {
		return loadAll(ctx, c.SteeringLine.Query().Where(steeringline.FromOrganizationIDIn(ids...), predicate.SteeringLine(in), elsewhere), toSteeringLine)
	})
	d.Lines = append(append(d.Lines, fromPosts...), fromOrgs...)
	return err
}

// outgoingStakes loads the stakes that the organisations owners hold in
// companies outside the group m, over window.
func (r *Registry) outgoingStakes(ctx context.Context, m uuid.UUID, owners []uuid.UUID, window koncern.Period) ([]koncern.Stake, error) {
	in := overlapping(window)
	return loadByID(ctx, owners, func(ids []uuid.UUID) ([]koncern.Stake, error) {
		return loadAll(ctx, r.client().OwnershipStake.Query().Where(ownershipstake.OwnerIDIn(ids...), predicate.OwnershipStake(in),
			ownershipstake.Or(ownershipstake.MunicipalityIDIsNil(), ownershipstake.MunicipalityIDNEQ(m))), toStake)
	})
}

func keys(set map[uuid.UUID]bool) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	return out
}

// lineEnds lists the post ends (posts true) or organisation ends of lines.
func lineEnds(lines []koncern.SteeringLine, posts bool) []uuid.UUID {
	var out []uuid.UUID
	for _, l := range lines {
		ends := []*uuid.UUID{l.FromOrganizationID, l.ToOrganizationID}
		if posts {
			ends = []*uuid.UUID{l.FromPostID, l.ToPostID}
		}
		for _, id := range ends {
			if id != nil {
				out = append(out, *id)
			}
		}
	}
	return out
}

func stakeEnds(stakes []koncern.Stake) []uuid.UUID {
	out := make([]uuid.UUID, 0, 2*len(stakes))
	for _, st := range stakes {
		out = append(out, st.OwnerID, st.CompanyID)
	}
	return out
}

func citedDocuments(d *analysis.Data) []uuid.UUID {
	var out []uuid.UUID
	add := func(id *uuid.UUID) {
		if id != nil {
			out = append(out, *id)
		}
	}
	for _, l := range d.Lines {
		add(l.DocumentID)
	}
	for _, st := range d.Stakes {
		add(st.DocumentID)
	}
	for _, a := range d.Assignments {
		add(a.DocumentID)
	}
	return out
}

func idsOf[T any](items []T, id func(T) uuid.UUID) map[uuid.UUID]bool {
	have := make(map[uuid.UUID]bool, len(items))
	for _, it := range items {
		have[id(it)] = true
	}
	return have
}

// missing returns the ids of refs not in have, each once.
func missing(have map[uuid.UUID]bool, refs []uuid.UUID) []uuid.UUID {
	var out []uuid.UUID
	for _, id := range refs {
		if !have[id] {
			have[id] = true
			out = append(out, id)
		}
	}
	return out
}

// loadByID loads records by id in chunks that stay within every engine's
// limit on query parameters.
func loadByID[T any](ctx context.Context, ids []uuid.UUID, load func([]uuid.UUID) ([]T, error)) ([]T, error) {
	var out []T
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := load(chunk)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// loadAll runs a query and converts its rows.
func loadAll[Row any, Out any](ctx context.Context, q interface {
	All(context.Context) ([]Row, error)
}, conv func(Row) Out) ([]Out, error) {
	rows, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Out, len(rows))
	for i, row := range rows {
		out[i] = conv(row)
	}
	return out, nil
}

// The filters below keep a municipality's group, or everything for nil.

func orgIn(m *uuid.UUID) predicate.Organization {
	return orAll(m, organization.MunicipalityID)
}

func postIn(m *uuid.UUID) predicate.Post { return orAll(m, entpost.MunicipalityID) }

func assignmentIn(m *uuid.UUID) predicate.Assignment {
	return orAll(m, assignment.MunicipalityID)
}

func stakeIn(m *uuid.UUID) predicate.OwnershipStake { return orAll(m, ownershipstake.MunicipalityID) }

func lineIn(m *uuid.UUID) predicate.SteeringLine { return orAll(m, steeringline.MunicipalityID) }

func documentIn(m *uuid.UUID) predicate.Document { return orAll(m, document.MunicipalityID) }

func personIn(m *uuid.UUID, in selector) predicate.Person {
	if m == nil {
		return func(*entsql.Selector) {}
	}
	return person.HasAssignmentsWith(assignment.MunicipalityID(*m), predicate.Assignment(in))
}

// orAll applies the municipality predicate, or none at all for nil.
func orAll[P ~func(*entsql.Selector)](m *uuid.UUID, pred func(uuid.UUID) P) P {
	if m == nil {
		return func(*entsql.Selector) {}
	}
	return pred(*m)
}

// LoadOwnership loads what effective ownership on day d is computed from
// and nothing else: the share capital of the companies in force that day
// (their capital period of the day, else their totals) and the stakes that
// hold on it. Only the columns the calculation reads
// are fetched, so the whole country loads in a few milliseconds.
func (r *Registry) LoadOwnership(ctx context.Context, d koncern.Date) ([]ownership.Company, []ownership.Holding, error) {
	c := r.client()
	on := inForce(d)
	var companies []struct {
		ID          uuid.UUID `json:"id"`
		Name        string    `json:"name"`
		TotalShares *int64    `json:"total_shares"`
		TotalVotes  *int64    `json:"total_votes"`
	}
	err := c.Organization.Query().Where(organization.Kind("company"), predicate.Organization(on)).
		Select(organization.FieldID, organization.FieldName, organization.FieldTotalShares, organization.FieldTotalVotes).
		Scan(ctx, &companies)
	if err != nil {
		return nil, nil, err
	}
	var stakes []struct {
		Owner   uuid.UUID `json:"owner_id"`
		Company uuid.UUID `json:"company_id"`
		Shares  int64     `json:"shares"`
		Votes   int64     `json:"votes"`
	}
	err = c.OwnershipStake.Query().Where(predicate.OwnershipStake(on)).
		Select(ownershipstake.FieldOwnerID, ownershipstake.FieldCompanyID, ownershipstake.FieldShares, ownershipstake.FieldVotes).
		Scan(ctx, &stakes)
	if err != nil {
		return nil, nil, err
	}
	capital, err := capitalInForce(ctx, c, d)
	if err != nil {
		return nil, nil, err
	}
	dated := make(map[uuid.UUID]koncern.ShareCapital, len(capital))
	for _, k := range capital {
		dated[k.CompanyID] = k
	}
	out := make([]ownership.Company, 0, len(companies))
	for _, co := range companies {
		if k, ok := dated[co.ID]; ok {
			co.TotalShares, co.TotalVotes = &k.TotalShares, &k.TotalVotes
		}
		if co.TotalShares != nil && co.TotalVotes != nil {
			out = append(out, ownership.Company{ID: co.ID, Name: co.Name, TotalShares: *co.TotalShares, TotalVotes: *co.TotalVotes})
		}
	}
	holdings := make([]ownership.Holding, len(stakes))
	for i, st := range stakes {
		holdings[i] = ownership.Holding{Owner: st.Owner, Company: st.Company, Shares: st.Shares, Votes: st.Votes}
	}
	return out, holdings, nil
}
