package registry

import (
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
)

// The functions below map stored rows to domain values, field by field.

func date(t time.Time) koncern.Date { return koncern.DateOf(t.UTC()) }

func datePtr(t *time.Time) *koncern.Date {
	if t == nil {
		return nil
	}
	d := date(*t)
	return &d
}

func timePtr(d *koncern.Date) *time.Time {
	if d == nil {
		return nil
	}
	t := d.Time()
	return &t
}

// dateText is an optional date as its text, which compares by value
// wherever the time under it came from.
func dateText(d *koncern.Date) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

func period(from time.Time, to *time.Time) koncern.Period {
	return koncern.Period{From: date(from), To: datePtr(to)}
}

func meta(id uuid.UUID, version int, created, updated time.Time) koncern.Meta {
	return koncern.Meta{ID: id, Version: version, CreatedAt: created.UTC(), UpdatedAt: updated.UTC()}
}

func toOrganization(o *ent.Organization) koncern.Organization {
	return koncern.Organization{
		Meta: meta(o.ID, o.Version, o.CreatedAt, o.UpdatedAt),
		OrganizationInput: koncern.OrganizationInput{
			Kind: o.Kind, Name: o.Name, OrgNumber: o.OrgNumber, ParentID: o.ParentID,
			TotalShares: o.TotalShares, TotalVotes: o.TotalVotes, StaffFTE: o.StaffFte,
			ReviewDeadline: o.ReviewDeadline, Period: period(o.ValidFrom, o.ValidTo),
		},
		MunicipalityID: o.MunicipalityID,
	}
}

func toPerson(p *ent.Person) koncern.Person {
	return koncern.Person{
		Meta: meta(p.ID, p.Version, p.CreatedAt, p.UpdatedAt),
		PersonInput: koncern.PersonInput{
			Name: p.Name, Email: p.Email, Phone: p.Phone,
			Period: period(p.ValidFrom, p.ValidTo),
		},
	}
}

func toPost(p *ent.Post) koncern.Post {
	return koncern.Post{
		Meta: meta(p.ID, p.Version, p.CreatedAt, p.UpdatedAt),
		PostInput: koncern.PostInput{
			OrganizationID: p.OrganizationID, Title: p.Title, Role: p.Role, Political: p.Political,
			Period: period(p.ValidFrom, p.ValidTo),
		},
		MunicipalityID: p.MunicipalityID,
	}
}

func toAssignment(a *ent.Assignment) koncern.Assignment {
	return koncern.Assignment{
		Meta: meta(a.ID, a.Version, a.CreatedAt, a.UpdatedAt),
		AssignmentInput: koncern.AssignmentInput{
			PersonID: a.PersonID, PostID: a.PostID, DocumentID: a.DocumentID,
			Period: period(a.ValidFrom, a.ValidTo),
		},
		MunicipalityID: a.MunicipalityID,
	}
}

func toStake(s *ent.OwnershipStake) koncern.Stake {
	return koncern.Stake{
		Meta: meta(s.ID, s.Version, s.CreatedAt, s.UpdatedAt),
		StakeInput: koncern.StakeInput{
			OwnerID: s.OwnerID, CompanyID: s.CompanyID, Shares: s.Shares, Votes: s.Votes,
			DocumentID: s.DocumentID, Period: period(s.ValidFrom, s.ValidTo),
		},
		MunicipalityID: s.MunicipalityID,
	}
}

func toSteeringLine(l *ent.SteeringLine) koncern.SteeringLine {
	return koncern.SteeringLine{
		Meta: meta(l.ID, l.Version, l.CreatedAt, l.UpdatedAt),
		SteeringLineInput: koncern.SteeringLineInput{
			FromPostID: l.FromPostID, FromOrganizationID: l.FromOrganizationID,
			ToPostID: l.ToPostID, ToOrganizationID: l.ToOrganizationID,
			Kind: l.Kind, Basis: l.Basis, DocumentID: l.DocumentID, Description: l.Description,
			Period: period(l.ValidFrom, l.ValidTo),
		},
		MunicipalityID: l.MunicipalityID,
	}
}

func toDocument(d *ent.Document) koncern.Document {
	return koncern.Document{
		Meta: meta(d.ID, d.Version, d.CreatedAt, d.UpdatedAt),
		DocumentInput: koncern.DocumentInput{
			Kind: d.Kind, Title: d.Title, Reference: d.Reference, DecidedOn: date(d.DecidedOn),
			URL: d.URL, IssuerID: d.IssuerID, SubjectIDs: subjects(d.SubjectIds), RefersToID: d.RefersToID,
			Year: d.Year, Period: period(d.ValidFrom, d.ValidTo),
		},
		MunicipalityID: d.MunicipalityID,
	}
}

// subjects is a document's list of organisations, nil when it names none
// (the API's null), however the engine stored the empty list.
func subjects(ids []uuid.UUID) []uuid.UUID {
	if len(ids) == 0 {
		return nil
	}
	return ids
}
