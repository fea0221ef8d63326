package registry

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/predicate"
)

// loadPast loads, over reach, what the annual reviews read of the years
// before a window (Data.Past): which companies the group controlled each
// year, worked out from the organisations that may hold shares, the
// stakes and the share capital, and the names the evidence shows. The
// posts, people, assignments, lines and documents of those years are not
// read: the reviews take their decisions from the window's own documents,
// which are loaded whatever their dates. At national scale that is a
// tenth of the rows a whole snapshot over the same years would load.
//
// A snapshot as recorded at an earlier moment rewinds whole records
// through the audit trail, so it loads the whole past and keeps the same
// part of it; both ways give the same Data for the same records.
func (r *Registry) loadPast(ctx context.Context, municipality *uuid.UUID, reach koncern.Period) (analysis.Data, error) {
	if _, recorded := RecordedAt(ctx); recorded {
		d, err := r.loadSnapshot(ctx, municipality, reach)
		return holdingsOf(d, reach), err
	}
	d, err := r.loadHoldings(ctx, municipality, reach)
	if err != nil {
		return d, err
	}
	if err := r.addCapital(ctx, &d, reach); err != nil {
		return d, err
	}
	return holdingsOf(d, reach), nil
}

// loadHoldings loads the group's organisations that may hold shares and
// its stakes over window; for one municipality also the stakes its
// organisations hold outside it and the organisations at the far end of
// every stake, as addAcrossBorder does.
func (r *Registry) loadHoldings(ctx context.Context, municipality *uuid.UUID, window koncern.Period) (analysis.Data, error) {
	d := analysis.Data{Municipality: municipality}
	c := r.client()
	in := overlapping(window)
	var err error
	if d.Organizations, err = loadAll(ctx, c.Organization.Query().Where(predicate.Organization(in), orgIn(municipality),
		organization.KindIn(koncern.OwnerKinds...)), toOrganization); err != nil {
		return d, err
	}
	if d.Stakes, err = loadAll(ctx, c.OwnershipStake.Query().Where(predicate.OwnershipStake(in), stakeIn(municipality)), toStake); err != nil {
		return d, err
	}
	if municipality == nil {
		return d, nil
	}
	owners := keys(idsOf(d.Organizations, func(o koncern.Organization) uuid.UUID { return o.ID }))
	outgoing, err := r.outgoingStakes(ctx, *municipality, owners, window)
	if err != nil {
		return d, err
	}
	d.Stakes = append(d.Stakes, outgoing...)
	return d, r.addOrganizations(ctx, &d, stakeEnds(d.Stakes))
}

// holdingsOf keeps of d what loadPast promises: the stakes, the
// organisations at their ends, the group's organisations of a kind that
// may hold shares in force over window, and the capital of the companies
// kept.
func holdingsOf(d analysis.Data, window koncern.Period) analysis.Data {
	g := groupOf(d.Municipality)
	ends := idsOf(stakeEnds(d.Stakes), func(id uuid.UUID) uuid.UUID { return id })
	out := analysis.Data{Municipality: d.Municipality, Stakes: d.Stakes}
	kept := make(map[uuid.UUID]bool, len(d.Organizations))
	for _, o := range d.Organizations {
		if ends[o.ID] || (slices.Contains(koncern.OwnerKinds, o.Kind) && g.has(o.MunicipalityID) && o.Period.Overlaps(window)) {
			out.Organizations = append(out.Organizations, o)
			kept[o.ID] = true
		}
	}
	for _, k := range d.Capital {
		if kept[k.CompanyID] {
			out.Capital = append(out.Capital, k)
		}
	}
	return out
}
