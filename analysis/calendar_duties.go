package analysis

import (
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The generators of the calendar, one per kind of duty. Each finds the
// duties due within the window and what did each, on whatever day; the
// calendar then settles their status on the day asked about.

// annualReviewDuties: each year the executive board decides, for each
// company of the group, whether its activity in the past year was within
// its municipal purpose and powers (Snapshot.AnnualReviews). The duty is
// due on the municipality's deadline and done by the decision.
func annualReviewDuties(s *Snapshot, w Span) []duty {
	var out []duty
	for _, r := range s.AnnualReviews() {
		if !w.Contains(DayOf(r.Due)) || !s.inScope(r.Company.MunicipalityID) {
			continue
		}
		d := s.newDuty(DutyAnnualReview, orgSubject(r.Company), r.Due, r.Company.MunicipalityID)
		last := koncern.NewDate(r.Year, time.December, 31)
		d.Period = &koncern.Period{From: koncern.NewDate(r.Year, time.January, 1), To: &last}
		d.Basis, d.Description = sourceOn(annualReviewDuty, r.Due), annualReviewText(r.Company, r.Year)
		if r.Decision != nil {
			doc := docSubject(r.Decision)
			d.doneBy = &Done{On: r.Decision.DecidedOn, Record: *doc, Document: doc}
		}
		out = append(out, d)
	}
	return out
}

// mandateDuties: when the council's mandate period ends, the new council
// elects the boards and committees for the new period. The duty is done
// by the first appointment the council records for the new period (a line
// of kind appointment from the council that begins within it) citing a
// council decision.
func mandateDuties(s *Snapshot, w Span) []duty {
	var out []duty
	for _, e := range ElectionsAround(w.From.Date(), w.To.Date()) {
		due := *e.Council.To
		next, ok := e.Next()
		if !ok || !w.Contains(DayOf(due)) {
			continue
		}
		for _, m := range s.municipalitiesOn(due) {
			d := s.newDuty(DutyMandatePeriodEnd, s.councilOf(m, due), due, &m.ID)
			d.Period, d.Basis = &next.Council, sourceOn(councilTermSources, due)
			d.Description = mandateText(m, e, next)
			d.doneBy = s.newAppointments(m, next.Council)
			out = append(out, d)
		}
	}
	return out
}

// municipalitiesOn lists the municipalities of the snapshot's scope in
// force on day d.
func (s *Snapshot) municipalitiesOn(d koncern.Date) []*koncern.Organization {
	var out []*koncern.Organization
	for i := range s.data.Organizations {
		o := &s.data.Organizations[i]
		if o.Kind == "municipality" && s.inScope(o.MunicipalityID) && o.Contains(d) {
			out = append(out, o)
		}
	}
	return out
}

// councilOf names the council of municipality m on day d, or m itself
// when the registry records no council.
func (s *Snapshot) councilOf(m *koncern.Organization, d koncern.Date) Subject {
	for _, o := range s.children[m.ID] {
		if o.Kind == "council" && o.Contains(d) {
			return orgSubject(o)
		}
	}
	return orgSubject(m)
}

// newAppointments finds the council's first appointment of period.
func (s *Snapshot) newAppointments(m *koncern.Organization, period koncern.Period) *Done {
	var best *Done
	for _, council := range s.children[m.ID] {
		if council.Kind != "council" {
			continue
		}
		for _, l := range s.linesFrom[council.ID] {
			if l.Kind == "appointment" && period.Contains(l.From) && s.cites(l.DocumentID, "council_decision") {
				best = earliest(best, s.doneBy(s.lineSubject(l), l.From, l.DocumentID))
			}
		}
	}
	return best
}

// layAuditorDuties: on the first day of the auditors' mandate period,
// every company the municipality wholly owns needs lay auditors for it
// (since 1999, when the law first asked for them).
// The duty is done by an assignment to a lay-auditor post of the company
// that begins within the new period.
func layAuditorDuties(s *Snapshot, w Span) []duty {
	var out []duty
	wholly := s.whollyOwned()
	for _, e := range ElectionsAround(w.From.Date(), w.To.Date()) {
		due := e.Auditors.From
		basis := sourceOn(layAuditorSources, due)
		if !w.Contains(DayOf(due)) || basis == "" {
			continue
		}
		basis += "; " + sourceOn(auditorsTermSources, due)
		for _, c := range s.groupCompanies() {
			if !wholly.days(c).Overlaps(Span{DayOf(due), DayOf(due)}) {
				continue
			}
			d := s.newDuty(DutyLayAuditors, orgSubject(c), due, c.MunicipalityID)
			d.Period, d.Basis = &e.Auditors, basis
			d.Description = layAuditorText(c, e)
			d.doneBy = s.newLayAuditor(c, e.Auditors)
			out = append(out, d)
		}
	}
	return out
}

// newLayAuditor finds the first lay auditor of company c whose assignment
// begins within period.
func (s *Snapshot) newLayAuditor(c *koncern.Organization, period koncern.Period) *Done {
	var best *Done
	for _, p := range s.postsByOrg[c.ID] {
		if p.Role != "lay_auditor" {
			continue
		}
		for _, a := range s.assignmentsByPost[p.ID] {
			if period.Contains(a.From) {
				best = earliest(best, s.doneBy(s.assignmentSubject(a), a.From, a.DocumentID))
			}
		}
	}
	return best
}

// directiveDuties: an owner directive with a last day must be followed by
// a new one. For each company it steers on its last day (by a line of
// kind ownership_directive citing it), the duty is done by another owner
// directive, in force from a later day than the old one, that steers the
// company on the next day.
func directiveDuties(s *Snapshot, w Span) []duty {
	var out []duty
	for i := range s.data.Lines {
		l := &s.data.Lines[i]
		doc, c := s.citedDirective(l), s.orgs[l.Target()]
		if doc == nil || doc.To == nil || c == nil || c.Kind != "company" || !s.inScope(c.MunicipalityID) {
			continue
		}
		due := *doc.To
		if !w.Contains(DayOf(due)) || !l.Contains(due) || !c.Contains(due.AddDays(1)) {
			continue
		}
		d := s.newDuty(DutyDirectiveRenewal, orgSubject(c), due, c.MunicipalityID)
		d.Source = docSubject(doc)
		d.Description = directiveText(c, doc)
		d.doneBy = s.newDirective(c, doc)
		out = append(out, d)
	}
	return out
}

// citedDirective returns the owner directive an ownership-directive line
// cites, or nil.
func (s *Snapshot) citedDirective(l *koncern.SteeringLine) *koncern.Document {
	if l.Kind != "ownership_directive" || l.DocumentID == nil {
		return nil
	}
	if doc := s.documents[*l.DocumentID]; doc != nil && doc.Kind == "owner_directive" {
		return doc
	}
	return nil
}

// newDirective finds the directive that follows old for company c.
func (s *Snapshot) newDirective(c *koncern.Organization, old *koncern.Document) *Done {
	next := old.To.AddDays(1)
	var best *Done
	for _, l := range s.linesInto[c.ID] {
		doc := s.citedDirective(l)
		if doc == nil || doc.ID == old.ID || !doc.From.After(old.From) || !doc.Contains(next) || !l.Contains(next) {
			continue
		}
		best = earliest(best, s.doneBy(s.lineSubject(l), l.From, &doc.ID))
	}
	return best
}

// termDuties: an assignment that ends needs a successor from the next
// day, unless the post ends with it. The duty is done by the assignment
// of the post that begins after the ending one and holds on the next day,
// or by the post's own end.
func termDuties(s *Snapshot, w Span) []duty {
	var out []duty
	for i := range s.data.Assignments {
		a := &s.data.Assignments[i]
		p := s.posts[a.PostID]
		if a.To == nil || p == nil || !w.Contains(DayOf(*a.To)) || !s.inScope(p.MunicipalityID) {
			continue
		}
		d := s.newDuty(DutyTermExpiry, s.postSubject(p), *a.To, p.MunicipalityID)
		src := s.assignmentSubject(a)
		d.Source = &src
		d.Description = termText(s.personName(a.PersonID), s.postName(p), *a.To)
		d.doneBy = s.successor(p, a)
		out = append(out, d)
	}
	return out
}

// successor finds what did a term's duty: the post's end, or its next
// holder.
func (s *Snapshot) successor(p *koncern.Post, a *koncern.Assignment) *Done {
	if p.To != nil && !p.To.After(*a.To) {
		return &Done{On: *p.To, Record: s.postSubject(p)}
	}
	next := a.To.AddDays(1)
	var best *Done
	for _, b := range s.assignmentsByPost[p.ID] {
		if b.ID != a.ID && b.From.After(a.From) && b.Contains(next) {
			best = earliest(best, s.doneBy(s.assignmentSubject(b), b.From, b.DocumentID))
		}
	}
	return best
}

// cites reports whether a record's document is of kind.
func (s *Snapshot) cites(doc *uuid.UUID, kind string) bool {
	if doc == nil {
		return false
	}
	d := s.documents[*doc]
	return d != nil && d.Kind == kind
}

func (s *Snapshot) lineSubject(l *koncern.SteeringLine) Subject {
	return Subject{Type: "steering_line", ID: l.ID, Name: s.lineEvidence(l).Description}
}

func (s *Snapshot) assignmentSubject(a *koncern.Assignment) Subject {
	return Subject{Type: "assignment", ID: a.ID, Name: s.assignmentEvidence(a).Description}
}

func docSubject(d *koncern.Document) *Subject {
	return &Subject{Type: "document", ID: d.ID, Name: d.Title}
}
