package analysis

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// postName names a post the way people do: organisation and title.
func (s *Snapshot) postName(p *koncern.Post) string {
	if o := s.orgs[p.OrganizationID]; o != nil {
		return o.Name + " / " + p.Title
	}
	return p.Title
}

// personName names a person by id, or gives the id when the snapshot
// does not hold the person.
func (s *Snapshot) personName(id uuid.UUID) string {
	if p := s.people[id]; p != nil {
		return p.Name
	}
	return id.String()
}

// nodeName names a post or an organisation by id.
func (s *Snapshot) nodeName(id uuid.UUID) string {
	if p := s.posts[id]; p != nil {
		return s.postName(p)
	}
	if o := s.orgs[id]; o != nil {
		return o.Name
	}
	return id.String()
}

func (s *Snapshot) postSubject(p *koncern.Post) Subject {
	return Subject{Type: "post", ID: p.ID, Name: s.postName(p)}
}

func orgSubject(o *koncern.Organization) Subject {
	return Subject{Type: "organization", ID: o.ID, Name: o.Name}
}

// orgEvidence describes an organisation as evidence.
func orgEvidence(o *koncern.Organization) Evidence {
	return Evidence{Type: "organization", ID: o.ID, Kind: o.Kind, Period: o.Period, Description: o.Name}
}

// lineEvidence describes a steering line as evidence.
func (s *Snapshot) lineEvidence(l *koncern.SteeringLine) Evidence {
	return Evidence{
		Type: "steering_line", ID: l.ID, Kind: l.Kind, Period: l.Period,
		Description: s.nodeName(l.Source()) + " → " + s.nodeName(l.Target()) + " (" + l.Kind + ", " + l.Basis + ")",
	}
}

func (s *Snapshot) linesEvidence(lines []*koncern.SteeringLine) []Evidence {
	out := make([]Evidence, len(lines))
	for i, l := range lines {
		out[i] = s.lineEvidence(l)
	}
	return out
}

func (s *Snapshot) postEvidence(p *koncern.Post) Evidence {
	return Evidence{Type: "post", ID: p.ID, Kind: p.Role, Period: p.Period, Description: s.postName(p)}
}

func (s *Snapshot) assignmentEvidence(a *koncern.Assignment) Evidence {
	return Evidence{Type: "assignment", ID: a.ID, Period: a.Period, Description: s.personName(a.PersonID) + " holds " + s.nodeName(a.PostID)}
}

func (s *Snapshot) stakeEvidence(st *koncern.Stake) Evidence {
	return Evidence{Type: "stake", ID: st.ID, Period: st.Period,
		Description: s.nodeName(st.OwnerID) + " owns shares in " + s.nodeName(st.CompanyID)}
}

// documentEvidence describes a decision as evidence: its title and, when
// it has one, its reference.
func documentEvidence(d *koncern.Document) Evidence {
	desc := d.Title
	if d.Reference != nil {
		desc += " (" + *d.Reference + ")"
	}
	return Evidence{Type: "document", ID: d.ID, Kind: d.Kind, Period: d.Period, Description: desc}
}
