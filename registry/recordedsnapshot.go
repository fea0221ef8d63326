package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
)

// rewindSnapshot turns a snapshot loaded as the registry is now into the
// snapshot as it was recorded at h.t: each kind of record is rewound, then
// what the past records refer to across the group's border is filled in.
// The share capital follows in rewindCapital, once it is loaded.
func (r *Registry) rewindSnapshot(ctx context.Context, d *analysis.Data, h history, window koncern.Period) error {
	g := groupOf(d.Municipality)
	overlaps := func(p koncern.Period) bool { return p.Overlaps(window) }
	var err error
	// Records from outside the group were loaded because the current
	// lines, stakes and citations refer to them; they are dropped here and
	// fillReferences loads those the past records refer to.
	d.Organizations, err = rewind(h, organizationKind.entity, d.Organizations,
		func(o koncern.Organization) bool { return g.has(o.MunicipalityID) && overlaps(o.Period) },
		func(o koncern.Organization) bool { return g.has(o.MunicipalityID) })
	if err != nil {
		return err
	}
	orgs := members(g, d.Organizations, func(o koncern.Organization) *uuid.UUID { return o.MunicipalityID })
	d.Posts, err = rewind(h, postKind.entity, d.Posts,
		func(p koncern.Post) bool { return g.has(p.MunicipalityID) && overlaps(p.Period) },
		func(p koncern.Post) bool { return g.has(p.MunicipalityID) })
	if err != nil {
		return err
	}
	posts := members(g, d.Posts, func(p koncern.Post) *uuid.UUID { return p.MunicipalityID })
	d.Assignments, err = rewind(h, assignmentKind.entity, d.Assignments,
		func(a koncern.Assignment) bool { return overlaps(a.Period) },
		func(a koncern.Assignment) bool { return g.has(a.MunicipalityID) })
	if err != nil {
		return err
	}
	d.Stakes, err = rewind(h, stakeKind.entity, d.Stakes,
		func(s koncern.Stake) bool { return overlaps(s.Period) },
		func(s koncern.Stake) bool { return g.has(s.MunicipalityID) || orgs[s.OwnerID] })
	if err != nil {
		return err
	}
	d.Lines, err = rewind(h, steeringLineKind.entity, d.Lines,
		func(l koncern.SteeringLine) bool { return overlaps(l.Period) },
		func(l koncern.SteeringLine) bool {
			return g.has(l.MunicipalityID) || posts[l.Source()] || orgs[l.Source()]
		})
	if err != nil {
		return err
	}
	d.Documents, err = rewind(h, documentKind.entity, d.Documents,
		func(x koncern.Document) bool { return g.has(x.MunicipalityID) },
		func(x koncern.Document) bool { return g.has(x.MunicipalityID) })
	if err != nil {
		return err
	}
	holders := make(map[uuid.UUID]bool, len(d.Assignments))
	for _, a := range d.Assignments {
		holders[a.PersonID] = true
	}
	d.People, err = rewind(h, personKind.entity, d.People,
		func(p koncern.Person) bool { return overlaps(p.Period) && (g.all || holders[p.ID]) },
		func(p koncern.Person) bool { return g.all || holders[p.ID] })
	if err != nil {
		return err
	}
	if g.all {
		return nil
	}
	return r.fillReferences(ctx, d, h, window)
}

// fillReferences loads, as recorded at h.t, what the group's past records
// refer to and were not loaded with the present: the people holding its
// assignments, and outside it the posts and organisations at the far ends
// of its lines and stakes and the documents it cites (as addAcrossBorder
// does for the present).
func (r *Registry) fillReferences(ctx context.Context, d *analysis.Data, h history, window koncern.Period) error {
	c := r.client()
	holders := make([]uuid.UUID, len(d.Assignments))
	for i, a := range d.Assignments {
		holders[i] = a.PersonID
	}
	// A holder is loaded for as long as the group's assignment and the
	// person's own period both meet the window, as personIn does.
	var err error
	if d.People, err = fill(ctx, r, h, personKind.entity, d.People, holders, func(ids []uuid.UUID) ([]koncern.Person, error) {
		return loadAll(ctx, c.Person.Query().Where(person.IDIn(ids...)), toPerson)
	}, func(p koncern.Person) bool { return p.Overlaps(window) }); err != nil {
		return err
	}
	if d.Posts, err = fill(ctx, r, h, postKind.entity, d.Posts, lineEnds(d.Lines, true), func(ids []uuid.UUID) ([]koncern.Post, error) {
		return loadAll(ctx, c.Post.Query().Where(entpost.IDIn(ids...)), toPost)
	}, always[koncern.Post]); err != nil {
		return err
	}
	refs := append(lineEnds(d.Lines, false), stakeEnds(d.Stakes)...)
	for _, p := range d.Posts {
		refs = append(refs, p.OrganizationID)
	}
	if d.Organizations, err = fill(ctx, r, h, organizationKind.entity, d.Organizations, refs, func(ids []uuid.UUID) ([]koncern.Organization, error) {
		return loadAll(ctx, c.Organization.Query().Where(organization.IDIn(ids...)), toOrganization)
	}, always[koncern.Organization]); err != nil {
		return err
	}
	d.Documents, err = fill(ctx, r, h, documentKind.entity, d.Documents, citedDocuments(d), func(ids []uuid.UUID) ([]koncern.Document, error) {
		return loadAll(ctx, c.Document.Query().Where(document.IDIn(ids...)), toDocument)
	}, always[koncern.Document])
	return err
}

// fill appends to have the records of refs it lacks, as they stood at
// h.t. Their rows are read now, after the trail was, so the trail is asked
// again about them.
func fill[T stored](ctx context.Context, r *Registry, h history, entity string, have []T, refs []uuid.UUID,
	load func([]uuid.UUID) ([]T, error), keep func(T) bool) ([]T, error) {
	ids := missing(idsOf(have, func(x T) uuid.UUID { return x.Record().ID }), refs)
	if len(ids) == 0 {
		return have, nil
	}
	rows, err := loadByID(ctx, ids, load)
	if err != nil {
		return nil, err
	}
	if err := h.learn(ctx, r.client(), entity, ids); err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*T, len(rows))
	for i := range rows {
		byID[rows[i].Record().ID] = &rows[i]
	}
	for _, id := range ids {
		v, ok, err := at(h, entity, id, byID[id])
		if err != nil {
			return nil, err
		}
		if ok && keep(v) {
			have = append(have, v)
		}
	}
	return have, nil
}

// rewindCapital puts back the capital periods of the companies whose
// capital a transaction changed after h.t, as the trail recorded them
// before; d.Capital holds the current periods of the loaded companies.
func (r *Registry) rewindCapital(ctx context.Context, d *analysis.Data, h history, window koncern.Period) error {
	var companies []uuid.UUID
	for _, o := range d.Organizations {
		if o.Kind == "company" {
			companies = append(companies, o.ID)
		}
	}
	if err := h.learn(ctx, r.client(), entityShareCapital, companies); err != nil {
		return err
	}
	changed := h.before[entityShareCapital]
	kept := make([]koncern.ShareCapital, 0, len(d.Capital))
	for _, c := range d.Capital {
		if _, ok := changed[c.CompanyID]; !ok {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(companies, compareIDs)
	for _, id := range companies {
		before, ok := changed[id]
		if !ok || before == nil {
			continue
		}
		var periods []koncern.ShareCapital
		if err := json.Unmarshal([]byte(*before), &periods); err != nil {
			return fmt.Errorf("audit trail: share capital of %s: %w", id, err)
		}
		for _, p := range periods {
			if p.Period.Overlaps(window) {
				kept = append(kept, p)
			}
		}
	}
	d.Capital = kept
	return nil
}

// group tells the records of one municipality's group, or of every
// group when the snapshot is of the whole registry.
type group struct {
	all bool
	id  uuid.UUID
}

func groupOf(m *uuid.UUID) group {
	if m == nil {
		return group{all: true}
	}
	return group{id: *m}
}

// has reports whether a record of municipality m belongs to the group.
func (g group) has(m *uuid.UUID) bool { return g.all || (m != nil && *m == g.id) }

// members are the ids of the items that belong to group g.
func members[T stored](g group, items []T, muni func(T) *uuid.UUID) map[uuid.UUID]bool {
	ids := make(map[uuid.UUID]bool, len(items))
	for _, it := range items {
		if g.has(muni(it)) {
			ids[it.Record().ID] = true
		}
	}
	return ids
}

func always[T any](T) bool { return true }
