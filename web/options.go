package web

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// option is one choice of a select.
type option struct{ Value, Label string }

// enumValues are the values of each vocabulary a form offers, in the
// order the domain lists them.
var enumValues = map[string][]string{
	"org_kind": koncern.OrgKinds, "role": koncern.Roles, "line_kind": koncern.LineKinds,
	"basis": koncern.Bases, "document_kind": koncern.DocumentKinds,
}

// optionSource lists the records a form's selects offer, each list read
// once per form. At demo scale a select of every organisation, post,
// person and document of the municipality (or of the registry, where the
// record belongs to none) is short enough to use. At national scale the
// lists would run to tens of thousands: the selects would become search
// fields that ask /search for matches as one types (htmx), with the
// select of the few matches as the step that works without JavaScript.
type optionSource struct {
	ctx  context.Context
	reg  *registry.Registry
	p    *page
	muni *uuid.UUID
	read map[string][]option
	orgs map[uuid.UUID]koncern.Organization
}

// options are the choices of field f: its vocabulary, or the records it
// may refer to, with an empty choice first where none may be chosen.
func (o *optionSource) options(f formField) ([]option, error) {
	var list []option
	if f.Kind == kindEnum {
		for _, v := range enumValues[f.Vocabulary] {
			list = append(list, option{v, o.p.Label(f.Vocabulary, v)})
		}
	} else {
		var err error
		if list, err = o.records(f.Kind); err != nil {
			return nil, err
		}
	}
	none := option{"", o.p.T("form.none")}
	if f.Required {
		none.Label = o.p.T("form.choose")
	}
	return append([]option{none}, list...), nil
}

// records are the choices of a reference kind, read once.
func (o *optionSource) records(kind string) ([]option, error) {
	if list, ok := o.read[kind]; ok {
		return list, nil
	}
	var list []option
	var err error
	switch kind {
	case kindOrg:
		list, err = o.organizations()
	case kindPost:
		list, err = o.posts()
	case kindPerson:
		list, err = listAll(func(opt registry.ListOptions) (registry.Page[koncern.Person], error) {
			return o.reg.ListPeople(o.ctx, registry.PersonFilter{MunicipalityID: o.muni, ListOptions: opt})
		}, func(x koncern.Person) option { return option{x.ID.String(), o.dated(x.Name, x.Period)} })
	case kindDocument:
		list, err = listAll(func(opt registry.ListOptions) (registry.Page[koncern.Document], error) {
			return o.reg.ListDocuments(o.ctx, registry.DocumentFilter{MunicipalityID: o.muni, ListOptions: opt})
		}, o.document)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b option) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	o.read[kind] = list
	return list, nil
}

func (o *optionSource) organizations() ([]option, error) {
	if err := o.loadOrganizations(); err != nil {
		return nil, err
	}
	list := make([]option, 0, len(o.orgs))
	for _, x := range o.orgs {
		list = append(list, option{x.ID.String(), o.dated(x.Name+" ("+o.p.Label("org_kind", x.Kind)+")", x.Period)})
	}
	return list, nil
}

// posts are named with their organisation: "Ordförande, Tekniska nämnden".
func (o *optionSource) posts() ([]option, error) {
	if err := o.loadOrganizations(); err != nil {
		return nil, err
	}
	return listAll(func(opt registry.ListOptions) (registry.Page[koncern.Post], error) {
		return o.reg.ListPosts(o.ctx, registry.PostFilter{MunicipalityID: o.muni, ListOptions: opt})
	}, func(x koncern.Post) option {
		return option{x.ID.String(), o.dated(x.Title+", "+o.orgs[x.OrganizationID].Name, x.Period)}
	})
}

func (o *optionSource) document(x koncern.Document) option {
	name := x.Title
	if x.Reference != nil {
		name += " (" + *x.Reference + ")"
	}
	return option{x.ID.String(), o.dated(name, x.Period)}
}

func (o *optionSource) loadOrganizations() error {
	if o.orgs != nil {
		return nil
	}
	all, err := listAll(func(opt registry.ListOptions) (registry.Page[koncern.Organization], error) {
		return o.reg.ListOrganizations(o.ctx, registry.OrganizationFilter{MunicipalityID: o.muni, ListOptions: opt})
	}, func(x koncern.Organization) koncern.Organization { return x })
	if err != nil {
		return err
	}
	o.orgs = make(map[uuid.UUID]koncern.Organization, len(all))
	for _, x := range all {
		o.orgs[x.ID] = x
	}
	return nil
}

// dated adds the period to the name of a record that has ended, so that
// a choice of the past is told from the present one.
func (o *optionSource) dated(name string, p koncern.Period) string {
	if p.To == nil {
		return name
	}
	return name + " [" + o.p.Period(p) + "]"
}

// listAll reads every page of a list over the whole history, each record
// made into an item by mk.
func listAll[T, Item any](list func(registry.ListOptions) (registry.Page[T], error), mk func(T) Item) ([]Item, error) {
	var out []Item
	opt := registry.ListOptions{History: true, Limit: registry.MaxLimit}
	for {
		page, err := list(opt)
		if err != nil {
			return nil, err
		}
		for _, x := range page.Items {
			out = append(out, mk(x))
		}
		if page.NextCursor == nil {
			return out, nil
		}
		opt.Cursor = *page.NextCursor
	}
}
