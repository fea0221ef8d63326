package demo

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// loader creates the tables of this package in order and remembers the ids
// of what it created, by name, so that later records can refer to them.
type loader struct {
	ctx     context.Context
	r       *registry.Registry
	orgs    map[string]uuid.UUID
	people  map[string]uuid.UUID
	posts   map[ref]uuid.UUID
	holders map[ref][]tenure
	docs    map[string]uuid.UUID
	sum     Summary
}

func newLoader(ctx context.Context, r *registry.Registry) *loader {
	return &loader{
		ctx: ctx, r: r,
		orgs:    map[string]uuid.UUID{},
		people:  map[string]uuid.UUID{},
		posts:   map[ref]uuid.UUID{},
		holders: map[ref][]tenure{},
		docs:    map[string]uuid.UUID{},
	}
}

// record runs one create, names the record in the error when it fails and
// counts it when it succeeds.
func record[In, Out any](l *loader, name string, count *int, create func(context.Context, In) (Out, error), in In) (Out, error) {
	out, err := create(l.ctx, in)
	if err != nil {
		return out, fmt.Errorf("demo: %s: %w", name, err)
	}
	*count++
	return out, nil
}

// summary fills in the notable ids once everything is created.
func (l *loader) summary() (Summary, error) {
	var err error
	s := l.sum
	if s.Municipality, err = l.orgID(municipality); err != nil {
		return Summary{}, err
	}
	if s.HoldingCompany, err = l.orgID(holdingCo); err != nil {
		return Summary{}, err
	}
	if s.CityOffice, err = l.orgID(cityOffice); err != nil {
		return Summary{}, err
	}
	if s.CityManagerPost, err = l.postID(cityManager); err != nil {
		return Summary{}, err
	}
	if s.TripleSteeredHeadPost, err = l.postID(post(technicalOffice, headTitle)); err != nil {
		return Summary{}, err
	}
	return s, nil
}

func (l *loader) orgID(name string) (uuid.UUID, error) {
	id, ok := l.orgs[name]
	if !ok {
		return uuid.UUID{}, fmt.Errorf("demo: no organisation %q in the demo data", name)
	}
	return id, nil
}

func (l *loader) postID(p ref) (uuid.UUID, error) {
	id, ok := l.posts[p]
	if !ok {
		return uuid.UUID{}, fmt.Errorf("demo: no post %s in the demo data", p)
	}
	return id, nil
}

func (l *loader) docID(title string) (*uuid.UUID, error) {
	if title == "" {
		return nil, nil
	}
	id, ok := l.docs[title]
	if !ok {
		return nil, fmt.Errorf("demo: no document %q in the demo data", title)
	}
	return &id, nil
}

// endpoint resolves a ref to the post or the organisation it names.
func (l *loader) endpoint(x ref) (postID, orgID *uuid.UUID, err error) {
	if x.isPost() {
		id, err := l.postID(x)
		return &id, nil, err
	}
	id, err := l.orgID(x.Org)
	return nil, &id, err
}

// person returns the id of the named person, creating the person the first
// time the name appears in a table.
func (l *loader) person(name string) (uuid.UUID, error) {
	if id, ok := l.people[name]; ok {
		return id, nil
	}
	in := koncern.PersonInput{Name: name, Period: koncern.Period{From: start}}
	p, err := record(l, "person "+quote(name), &l.sum.People, l.r.CreatePerson, in)
	if err != nil {
		return uuid.UUID{}, err
	}
	l.people[name] = p.ID
	return p.ID, nil
}

func ptr[T any](v T) *T { return &v }

func quote(s string) string { return fmt.Sprintf("%q", s) }
