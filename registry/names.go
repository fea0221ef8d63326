package registry

import (
	"context"

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

// Names are the current names of the records of NameRefs, with each
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
// any read.
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
			orgs = append(orgs, p.OrganizationID)
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
	}
	return n, nil
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
