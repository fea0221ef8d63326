package exchange

import (
	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// PopoloData is the registry on one day in Popolo's terms: the people, the
// organisations, the posts in them and the people holding the posts.
type PopoloData struct {
	Persons       []PopoloPerson       `json:"persons"`
	Organizations []PopoloOrganization `json:"organizations"`
	Posts         []PopoloPost         `json:"posts"`
	Memberships   []PopoloMembership   `json:"memberships"`
}

// PopoloPerson is a person.
type PopoloPerson struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Email          string          `json:"email,omitempty"`
	ContactDetails []PopoloContact `json:"contact_details,omitempty"`
}

// PopoloContact is a means of contacting a person.
type PopoloContact struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// PopoloOrganization is an organisation; classification is its kind in
// the registry and the dates are those of its period.
type PopoloOrganization struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	Classification  string             `json:"classification"`
	ParentID        string             `json:"parent_id,omitempty"`
	Identifiers     []PopoloIdentifier `json:"identifiers,omitempty"`
	FoundingDate    string             `json:"founding_date"`
	DissolutionDate string             `json:"dissolution_date,omitempty"`
}

// PopoloIdentifier is an identifier in some scheme.
type PopoloIdentifier struct {
	Identifier string `json:"identifier"`
	Scheme     string `json:"scheme"`
}

// PopoloPost is a post in an organisation.
type PopoloPost struct {
	ID             string `json:"id"`
	Label          string `json:"label"`
	Role           string `json:"role"`
	OrganizationID string `json:"organization_id"`
	StartDate      string `json:"start_date"`
	EndDate        string `json:"end_date,omitempty"`
}

// PopoloMembership is a person holding a post: an assignment.
type PopoloMembership struct {
	ID             string `json:"id"`
	Label          string `json:"label"`
	Role           string `json:"role"`
	PersonID       string `json:"person_id"`
	PostID         string `json:"post_id"`
	OrganizationID string `json:"organization_id"`
	StartDate      string `json:"start_date"`
	EndDate        string `json:"end_date,omitempty"`
}

// Popolo returns the people, organisations, posts and assignments of the
// snapshot that are in force on day at, each with its whole period, sorted
// by name (or title) and then id. Ids are the registry's own.
func Popolo(s *analysis.Snapshot, at koncern.Date) *PopoloData {
	d := s.Data()
	out := &PopoloData{Persons: []PopoloPerson{}, Organizations: []PopoloOrganization{}, Posts: []PopoloPost{}, Memberships: []PopoloMembership{}}
	for _, p := range inForce(d.People, at, func(p *koncern.Person) string { return p.Name }) {
		out.Persons = append(out.Persons, popoloPerson(p))
	}
	for _, o := range inForce(d.Organizations, at, func(o *koncern.Organization) string { return o.Name }) {
		out.Organizations = append(out.Organizations, popoloOrganization(o))
	}
	for _, p := range inForce(d.Posts, at, func(p *koncern.Post) string { return p.Title }) {
		out.Posts = append(out.Posts, PopoloPost{ID: p.ID.String(), Label: p.Title, Role: p.Role, OrganizationID: p.OrganizationID.String(),
			StartDate: p.From.String(), EndDate: date(p.To)})
	}
	for _, a := range inForce(d.Assignments, at, func(a *koncern.Assignment) string { return a.PostID.String() }) {
		if m, ok := popoloMembership(s, a); ok {
			out.Memberships = append(out.Memberships, m)
		}
	}
	return out
}

func popoloPerson(p *koncern.Person) PopoloPerson {
	out := PopoloPerson{ID: p.ID.String(), Name: p.Name, Email: str(p.Email)}
	if p.Email != nil {
		out.ContactDetails = append(out.ContactDetails, PopoloContact{Type: "email", Value: *p.Email})
	}
	if p.Phone != nil {
		out.ContactDetails = append(out.ContactDetails, PopoloContact{Type: "voice", Value: *p.Phone})
	}
	return out
}

func popoloOrganization(o *koncern.Organization) PopoloOrganization {
	out := PopoloOrganization{ID: o.ID.String(), Name: o.Name, Classification: o.Kind, ParentID: id(o.ParentID),
		FoundingDate: o.From.String(), DissolutionDate: date(o.To)}
	if o.OrgNumber != nil {
		out.Identifiers = []PopoloIdentifier{{Identifier: *o.OrgNumber, Scheme: SchemeSwedishOrgNumber}}
	}
	return out
}

// popoloMembership describes an assignment; one whose post is not in the
// snapshot has no organisation to name and is left out.
func popoloMembership(s *analysis.Snapshot, a *koncern.Assignment) (PopoloMembership, bool) {
	post := s.Post(a.PostID)
	if post == nil {
		return PopoloMembership{}, false
	}
	return PopoloMembership{ID: a.ID.String(), Label: post.Title, Role: post.Role, PersonID: a.PersonID.String(), PostID: post.ID.String(),
		OrganizationID: post.OrganizationID.String(), StartDate: a.From.String(), EndDate: date(a.To)}, true
}
