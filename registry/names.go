package registry

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/person"
	"github.com/koncernregistret/koncern/ent/post"
)

// NameRefs are the records whose names a page of records shows beside
// their ids: organisations, posts and people.
type NameRefs struct {
	Organizations, Posts, People []uuid.UUID
}

// Names are the current names of the records of NameRefs (or those
// recorded at a moment, for a read as recorded then), with each
// post's organisation: what a client would otherwise look up row by row
// to read a list of stakes, assignments or steering lines.
type Names struct {
	orgs   map[uuid.UUID]string
	posts  map[uuid.UUID]postName
	people map[uuid.UUID]string
}

// postName is a post's title and the organisation it belongs to.
type postName struct {
	title string
	org   uuid.UUID
}

// Names reads the names of refs in at most three queries, whatever their
// number: the posts first, for their organisations, then the
// organisations and the people. The caller's privacy rules apply as to
// any read. Read as recorded at a moment (AsRecorded), they are the names
// recorded then, as the record beside them is: each step then also asks
// the audit trail for those of its records changed since.
func (r *Registry) Names(ctx context.Context, refs NameRefs) (Names, error) {
	n := Names{orgs: map[uuid.UUID]string{}, posts: map[uuid.UUID]postName{}, people: map[uuid.UUID]string{}}
	orgs := refs.Organizations
	if len(refs.Posts) > 0 {
		rows, err := r.client().Post.Query().Where(post.IDIn(refs.Posts...)).
			Select(post.FieldID, post.FieldTitle, post.FieldOrganizationID).All(ctx)
		if err != nil {
			return n, err
		}
		for _, p := range rows {
			n.posts[p.ID] = postName{title: p.Title, org: p.OrganizationID}
		}
		err = recordedNames(ctx, r, postKind.entity, refs.Posts, func(id uuid.UUID, v struct {
			Title string    `json:"title"`
			Org   uuid.UUID `json:"organization_id"`
		}) {
			n.posts[id] = postName{title: v.Title, org: v.Org}
		})
		if err != nil {
			return n, err
		}
		for _, p := range n.posts {
			orgs = append(orgs, p.org)
		}
	}
	if len(orgs) > 0 {
		rows, err := r.client().Organization.Query().Where(organization.IDIn(orgs...)).
			Select(organization.FieldID, organization.FieldName).All(ctx)
		if err != nil {
			return n, err
		}
		for _, o := range rows {
			n.orgs[o.ID] = o.Name
		}
		if err := recordedNames(ctx, r, organizationKind.entity, orgs, func(id uuid.UUID, v namedJSON) { n.orgs[id] = v.Name }); err != nil {
			return n, err
		}
	}
	if len(refs.People) > 0 {
		rows, err := r.client().Person.Query().Where(person.IDIn(refs.People...)).
			Select(person.FieldID, person.FieldName).All(ctx)
		if err != nil {
			return n, err
		}
		for _, p := range rows {
			n.people[p.ID] = p.Name
		}
		if err := recordedNames(ctx, r, personKind.entity, refs.People, func(id uuid.UUID, v namedJSON) { n.people[id] = v.Name }); err != nil {
			return n, err
		}
	}
	return n, nil
}

// namedJSON is the name in a record's JSON in the audit trail.
type namedJSON struct {
	Name string `json:"name"`
}

// recordedNames does nothing unless ctx reads as recorded at a moment;
// then it calls set with the record as the trail says it stood then, for
// each of ids of entity changed since that existed then.
func recordedNames[T any](ctx context.Context, r *Registry, entity string, ids []uuid.UUID, set func(uuid.UUID, T)) error {
	t, ok := RecordedAt(ctx)
	if !ok {
		return nil
	}
	h, err := historyAfter(ctx, r.client(), t, ids...)
	if err != nil {
		return err
	}
	for id, before := range h.before[entity] {
		if before == nil {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(*before), &v); err != nil {
			return fmt.Errorf("audit trail: %s %s: %w", entity, id, err)
		}
		set(id, v)
	}
	return nil
}

// Organization is the name of organisation id.
func (n Names) Organization(id uuid.UUID) string { return n.orgs[id] }

// Person is the name of person id.
func (n Names) Person(id uuid.UUID) string { return n.people[id] }

// Post is the title of post id and the name of its organisation.
func (n Names) Post(id uuid.UUID) (title, organization string) {
	p := n.posts[id]
	return p.title, n.orgs[p.org]
}
