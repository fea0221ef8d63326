package web

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// searchLimit bounds each kind of result: a search that finds more is
// told to say more.
const searchLimit = 50

// searchData is what the search page shows.
type searchData struct {
	Query         string
	Organizations []koncern.Organization
	People        []koncern.Person
	// More says that a list was cut at Limit.
	More  bool
	Limit int
}

// searchPage finds organisations by name or organisationsnummer and
// people by name, over the whole history, with the registry's own list
// filters.
func (s *Site) searchPage(c echo.Context) error {
	if _, err := s.day(c); err != nil {
		return err
	}
	d := searchData{Query: strings.TrimSpace(c.QueryParam("q")), Limit: searchLimit}
	if d.Query != "" {
		if err := s.search(c, &d); err != nil {
			return err
		}
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("search.title")
	return s.render(c, "search", p)
}

func (s *Site) search(c echo.Context, d *searchData) error {
	ctx := c.Request().Context()
	all := registry.ListOptions{History: true, Limit: searchLimit}
	orgs, err := s.cfg.Registry.ListOrganizations(ctx, registry.OrganizationFilter{Query: d.Query, ListOptions: all})
	if err != nil {
		return err
	}
	d.Organizations, d.More = orgs.Items, orgs.NextCursor != nil
	// A query that is an organisationsnummer, written with or without its
	// hyphen, finds the organisation that has it.
	if n, err := koncern.NormalizeOrgNumber(d.Query); err == nil {
		byNumber, err := s.cfg.Registry.ListOrganizations(ctx, registry.OrganizationFilter{OrgNumber: n, ListOptions: all})
		if err != nil {
			return err
		}
		for _, o := range byNumber.Items {
			if !slices.ContainsFunc(d.Organizations, func(x koncern.Organization) bool { return x.ID == o.ID }) {
				d.Organizations = append(d.Organizations, o)
			}
		}
	}
	slices.SortFunc(d.Organizations, func(a, b koncern.Organization) int { return strings.Compare(a.Name, b.Name) })
	people, err := s.cfg.Registry.ListPeople(ctx, registry.PersonFilter{Query: d.Query, ListOptions: all})
	if err != nil {
		return err
	}
	d.People, d.More = people.Items, d.More || people.NextCursor != nil
	slices.SortFunc(d.People, func(a, b koncern.Person) int { return strings.Compare(a.Name, b.Name) })
	return nil
}
