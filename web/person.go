package web

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// personData is what a person's page shows: the person and every post
// they have held, the day's marked.
type personData struct {
	Person      koncern.Person
	Assignments []assignmentRow
	// Recorded says that the page shows the registry as recorded at a
	// moment, and so only the posts held on the day.
	Recorded bool
}

type assignmentRow struct {
	Assignment koncern.Assignment
	Post       nodeLink
	Role       string
	Org        nodeLink
	Document   *nodeLink
	// Current says whether the assignment holds on the page's day.
	Current bool
}

func (s *Site) personPage(c echo.Context) error {
	req, err := s.readRecord(c)
	if err != nil {
		return err
	}
	id, day := req.ID, req.Day
	ctx := c.Request().Context()
	person, err := s.cfg.Registry.GetPerson(ctx, id)
	if err != nil {
		return err
	}
	as, err := s.assignmentsOf(ctx, id, day)
	if err != nil {
		return err
	}
	d := personData{Person: person, Recorded: recorded(ctx)}
	look := &lookup{ctx: ctx, s: s}
	for _, a := range as {
		row, err := look.assignment(a, day)
		if err != nil {
			return err
		}
		d.Assignments = append(d.Assignments, row)
	}
	slices.SortFunc(d.Assignments, func(a, b assignmentRow) int {
		return b.Assignment.From.Time().Compare(a.Assignment.From.Time())
	})
	return s.render(c, "person", s.newPage(c, person.Name, d))
}

// assignmentsOf are every assignment of the person, or, when the page
// shows the registry as recorded at a moment, those of the day: a list
// reads the registry as it is now, a snapshot can read it as it was.
func (s *Site) assignmentsOf(ctx context.Context, id uuid.UUID, day koncern.Date) ([]koncern.Assignment, error) {
	if !recorded(ctx) {
		return listAll(func(o registry.ListOptions) (registry.Page[koncern.Assignment], error) {
			return s.cfg.Registry.ListAssignments(ctx, registry.AssignmentFilter{PersonID: &id, ListOptions: o})
		}, func(a koncern.Assignment) koncern.Assignment { return a })
	}
	snap, err := s.snapshot(ctx, nil, dayWindow(day))
	if err != nil {
		return nil, err
	}
	var out []koncern.Assignment
	for _, a := range snap.AssignmentsOf(id) {
		out = append(out, *a)
	}
	return out, nil
}

// lookup reads the records a page names by id, each once.
type lookup struct {
	ctx   context.Context
	s     *Site
	posts map[uuid.UUID]koncern.Post
	orgs  map[uuid.UUID]koncern.Organization
	docs  map[uuid.UUID]koncern.Document
}

func (l *lookup) assignment(a koncern.Assignment, day koncern.Date) (assignmentRow, error) {
	post, err := cached(l.ctx, &l.posts, a.PostID, l.s.cfg.Registry.GetPost)
	if err != nil {
		return assignmentRow{}, err
	}
	org, err := cached(l.ctx, &l.orgs, post.OrganizationID, l.s.cfg.Registry.GetOrganization)
	if err != nil {
		return assignmentRow{}, err
	}
	row := assignmentRow{Assignment: a, Role: post.Role, Current: a.Period.Contains(day),
		Post: nodeLink{Path: "/posts/" + post.ID.String(), Name: post.Title},
		Org:  nodeLink{Path: "/organizations/" + org.ID.String(), Name: org.Name}}
	if a.DocumentID != nil {
		doc, err := cached(l.ctx, &l.docs, *a.DocumentID, l.s.cfg.Registry.GetDocument)
		if err != nil {
			return assignmentRow{}, err
		}
		row.Document = &nodeLink{Path: "/documents/" + doc.ID.String(), Name: doc.Title}
	}
	return row, nil
}

// cached is get(id), read once into *m.
func cached[T any](ctx context.Context, m *map[uuid.UUID]T, id uuid.UUID, get func(context.Context, uuid.UUID) (T, error)) (T, error) {
	if *m == nil {
		*m = map[uuid.UUID]T{}
	}
	if x, ok := (*m)[id]; ok {
		return x, nil
	}
	x, err := get(ctx, id)
	if err == nil {
		(*m)[id] = x
	}
	return x, err
}

// recorded reports whether the reads of ctx show the registry as recorded
// at a moment (?recorded_at=).
func recorded(ctx context.Context) bool {
	_, ok := registry.RecordedAt(ctx)
	return ok
}
