package analysis

import (
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The rules of this file judge the company law the rule book cites beside
// the board and the lay auditor: articles of association the council has
// approved, owner directives the general meeting has adopted, and the
// council's appointment of the municipality's representative at the
// general meeting (stämmoombud).

// isCouncilOf reports whether organisation id is the council of company
// c's own municipality (KL 10 kap. 3 §: the owner's council, not a
// neighbour's). An organisation the snapshot did not load is not taken for
// the council.
func (s *Snapshot) isCouncilOf(c *koncern.Organization, id uuid.UUID) bool {
	o := s.orgs[id]
	return o != nil && o.Kind == "council" && sameGroup(o, c)
}

// articlesOf lists the articles of association that concern company c: of
// kind articles_of_association, naming c among their subjects or issued
// by c (its general meeting adopts them).
func (s *Snapshot) articlesOf(c *koncern.Organization) []*koncern.Document {
	var out []*koncern.Document
	for _, d := range s.docsAbout[c.ID] {
		if d.Kind == "articles_of_association" && (d.IssuerID == c.ID || slices.Contains(d.SubjectIDs, c.ID)) {
			out = append(out, d)
		}
	}
	return out
}

// approvedDays returns the days on which articles of association are in
// force and approved by the council of c's own municipality: issued by
// that council, or approved by a council decision of it that refers to
// them, on the days the decision holds.
func (s *Snapshot) approvedDays(c *koncern.Organization, a *koncern.Document) Spans {
	days := s.Valid(a.Period)
	if s.isCouncilOf(c, a.IssuerID) {
		return days
	}
	var approved Spans
	for _, d := range s.referrers[a.ID] {
		if d.Kind == "council_decision" && s.isCouncilOf(c, d.IssuerID) {
			approved = approved.Union(s.Valid(d.Period))
		}
	}
	return days.Intersect(approved)
}

// checkArticlesApproved finds the days on which a company its municipality
// wholly owns has no articles of association in force that the council has
// approved: the council settles the company's municipal purpose, which the
// articles state (KL 10 kap. 3 § 1–2 p.).
func checkArticlesApproved(r *Rule, s *Snapshot) []Finding {
	w := s.whollyOwned()
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		var approved Spans
		var evidence []Evidence
		for _, a := range s.articlesOf(c) {
			approved = approved.Union(s.approvedDays(c, a))
			evidence = append(evidence, documentEvidence(a))
		}
		return newFinding(r, w.days(c).Minus(approved), func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " is wholly owned by the municipality but has no articles of association in force approved by the council", evidence
		})
	})
}

// adoptedDays returns the days on which the general meeting of company c
// has adopted owner directive d: a general_meeting_resolution issued by c
// that refers to d, on the days it holds.
func (s *Snapshot) adoptedDays(c *koncern.Organization, d *koncern.Document) Spans {
	var out Spans
	for _, res := range s.referrers[d.ID] {
		if res.Kind == "general_meeting_resolution" && res.IssuerID == c.ID {
			out = out.Union(s.Valid(res.Period))
		}
	}
	return out
}

// checkDirectiveAdopted finds the days on which an owner directive is in
// force for a company (missing_owner_directive's directive) but its general
// meeting has not adopted it, so that it does not bind the board (ABL
// 8 kap. 41 §).
func checkDirectiveAdopted(r *Rule, s *Snapshot) []Finding {
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		var days Spans
		var evidence []Evidence
		for _, d := range s.directives(c) {
			if missing := d.days.Minus(s.adoptedDays(c, d.doc)); len(missing) > 0 {
				days = days.Union(missing)
				evidence = append(evidence, s.lineEvidence(d.line), documentEvidence(d.doc))
			}
		}
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " has an owner directive its general meeting has not adopted", evidence
		})
	})
}

// checkOmbudAppointed finds the days on which a company's post of
// stämmoombud exists but is vacant, or is not appointed by the council of
// the company's own municipality: an appointment line from that council to
// the post. The post's existence is the municipality's practice; the
// registry does not require one.
func checkOmbudAppointed(r *Rule, s *Snapshot) []Finding {
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		var days Spans
		var evidence []Evidence
		for _, p := range s.postsByOrg[c.ID] {
			if p.Role != "ombud" {
				continue
			}
			lines := s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool {
				return l.Kind == "appointment" && s.isCouncilOf(c, l.Source())
			})
			missing := s.Valid(p.Period).Minus(s.Held(p.ID).Intersect(s.lineDays(lines)))
			if len(missing) == 0 {
				continue
			}
			days = days.Union(missing)
			evidence = append(evidence, s.postEvidence(p))
			evidence = append(evidence, s.linesEvidence(lines)...)
			for _, a := range s.assignmentsByPost[p.ID] {
				evidence = append(evidence, s.assignmentEvidence(a))
			}
		}
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + "'s representative at the general meeting is vacant or not appointed by the council", evidence
		})
	})
}
