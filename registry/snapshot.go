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
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// LoadSnapshot loads every record that holds on at least one day of window:
// of one municipality's group, or of the whole registry when municipality
// is nil. Owners of the group's companies that stand outside it (a
// neighbouring municipality, an external company) come along, so that
// ownership adds up.
func (r *Registry) LoadSnapshot(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (analysis.Data, error) {
	var d analysis.Data
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
	return d, r.addOutsideOwners(ctx, &d)
}

// addOutsideOwners loads the owners of the group's companies that the
// municipality filter left out.
func (r *Registry) addOutsideOwners(ctx context.Context, d *analysis.Data) error {
	have := make(map[uuid.UUID]bool, len(d.Organizations))
	for _, o := range d.Organizations {
		have[o.ID] = true
	}
	var missing []uuid.UUID
	for _, st := range d.Stakes {
		if !have[st.OwnerID] {
			have[st.OwnerID] = true
			missing = append(missing, st.OwnerID)
		}
	}
	for len(missing) > 0 {
		chunk := missing[:min(len(missing), 500)]
		missing = missing[len(chunk):]
		owners, err := loadAll(ctx, r.client().Organization.Query().Where(organization.IDIn(chunk...)), toOrganization)
		if err != nil {
			return err
		}
		d.Organizations = append(d.Organizations, owners...)
	}
	return nil
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

func stakeIn(m *uuid.UUID) predicate.OwnershipStake {
	return orAll(m, ownershipstake.MunicipalityID)
}

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
// and the stakes that hold on it. Only the columns the calculation reads
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
	out := make([]ownership.Company, 0, len(companies))
	for _, co := range companies {
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
