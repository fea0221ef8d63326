package importer

import (
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// People of the same name and e-mail whose records begin on the same day
// look alike in the registry, which does not keep the file's key that
// tells them apart. When a file's person matches several of them, the
// posts they hold decide: the file's assignments of that person against
// each record's assignments in the registry, both written as an export
// writes them. This is what makes an export of a registry with such
// people import into that registry again as unchanged.

// choosePerson picks among the registry's people that match a row of the
// people sheet the one that holds the posts the file gives that person,
// and that no earlier row took. The one person that matches is the row's
// without looking at the posts unless the file has other rows of that
// name, e-mail and first day (other keys): then one registry person must
// not stand for two of the file's, whose assignments would all be tied to
// it.
func (run *run) choosePerson(name, email, key string, from koncern.Date, same []koncern.Person) (koncern.Person, bool) {
	if len(same) == 1 && run.namesakes(name, email, from) < 2 {
		run.claimed[same[0].ID] = true
		return same[0], true
	}
	want := run.fileHoldings(name, email, key)
	for _, p := range same {
		if run.claimed[p.ID] {
			continue
		}
		held, err := run.registryHoldings(p.ID)
		if err != nil {
			run.fail(err)
			return koncern.Person{}, false
		}
		if held == want {
			run.claimed[p.ID] = true
			return p, true
		}
	}
	return koncern.Person{}, false
}

// namesakes counts the rows of the people sheet with the name, e-mail and
// first day.
func (run *run) namesakes(name, email string, from koncern.Date) int {
	if run.namesakeRows == nil {
		run.namesakeRows = map[string]int{}
		if t := run.wb.tables[SheetPeople]; t != nil {
			for _, raw := range t.rows {
				rw := run.newRow(t, raw)
				run.namesakeRows[namesakeKey(rw.str("name"), rw.str("email"), quietDate(rw.str("valid_from"), run.wb.date1904))]++
			}
		}
	}
	return run.namesakeRows[namesakeKey(name, email, from)]
}

func namesakeKey(name, email string, from koncern.Date) string {
	return name + "\x00" + email + "\x00" + from.String()
}

// quietDate reads a date as row.date does, without reporting a problem:
// the row's own reading reports it.
func quietDate(s string, date1904 bool) koncern.Date {
	if d, ok := dateSerial(s, date1904); ok {
		return d
	}
	d, _ := koncern.ParseDate(s)
	return d
}

// holding is one assignment as an export writes it: the post's
// organisation (organisationsnummer, or name and path), title and period.
func holding(number, name, path, title, from, to string) string {
	return strings.Join([]string{number, name, path, title, from, to}, "\x00")
}

// fileHoldings is what the assignments sheet gives the person of a name,
// e-mail and key, one holding per row, sorted.
func (run *run) fileHoldings(name, email, key string) string {
	if run.holdings == nil {
		run.holdings = map[string][]string{}
		if t := run.wb.tables[SheetAssignments]; t != nil {
			for _, raw := range t.rows {
				rw := run.newRow(t, raw)
				who := holding(rw.str("person_name"), rw.str("person_email"), rw.str("person_key"), "", "", "")
				run.holdings[who] = append(run.holdings[who], holding(rw.str("organization_org_number"), rw.str("organization_name"),
					koncern.CanonicalPath(rw.str("organization_path")), rw.str("post_title"), rw.str("valid_from"), rw.str("valid_to")))
			}
		}
	}
	held := run.holdings[holding(name, email, key, "", "", "")]
	slices.Sort(held)
	return strings.Join(held, "\x01")
}

// registryHoldings is what the registry gives the person id, in the form
// of fileHoldings.
func (run *run) registryHoldings(id uuid.UUID) (string, error) {
	as, err := collect(func(cursor string) (registry.Page[koncern.Assignment], error) {
		return run.r.ListAssignments(run.ctx, registry.AssignmentFilter{PersonID: &id, ListOptions: history(cursor)})
	})
	if err != nil {
		return "", err
	}
	var held []string
	for _, a := range as {
		p, err := run.r.GetPost(run.ctx, a.PostID)
		if err != nil {
			return "", err
		}
		o, err := run.r.GetOrganization(run.ctx, p.OrganizationID)
		if err != nil {
			return "", err
		}
		number, path := strOr(o.OrgNumber), ""
		if number == "" {
			path = run.registryPath(o.ParentID)
		}
		to := ""
		if a.To != nil {
			to = a.To.String()
		}
		held = append(held, holding(number, o.Name, path, p.Title, a.From.String(), to))
	}
	slices.Sort(held)
	return strings.Join(held, "\x01"), nil
}
