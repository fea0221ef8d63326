package analysis

import (
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Board roles: the seats of a company's board (bolagsstyrelse).
var boardRoles = []string{"chair", "vice_chair", "member", "deputy"}

// groupCompanies lists the companies that belong to a municipality's group.
func (s *Snapshot) groupCompanies() []*koncern.Organization {
	var out []*koncern.Organization
	for i := range s.data.Organizations {
		o := &s.data.Organizations[i]
		if o.Kind == "company" && o.MunicipalityID != nil && s.inScope(o.MunicipalityID) {
			out = append(out, o)
		}
	}
	return out
}

// forCompanies runs fn for every company of a group and collects findings.
func (s *Snapshot) forCompanies(fn func(c *koncern.Organization) (Finding, bool)) []Finding {
	var out []Finding
	for _, c := range s.groupCompanies() {
		if f, ok := fn(c); ok {
			out = append(out, f)
		}
	}
	return out
}

func (s *Snapshot) stakesEvidence(stakes []*koncern.Stake) []Evidence {
	out := make([]Evidence, len(stakes))
	for i, st := range stakes {
		out[i] = s.stakeEvidence(st)
	}
	return out
}

// owned returns the days on which someone holds shares in the company.
func (s *Snapshot) owned(c uuid.UUID) Spans { return validOf(s, s.stakesInto[c]) }

func checkOwnerlessCompany(r *Rule, s *Snapshot) []Finding {
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		days := s.Valid(c.Period).Minus(s.owned(c.ID))
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " belongs to the group but has no owner", nil
		})
	})
}

// wholly finds the days on which companies are wholly owned by their
// municipality, directly or through companies that are themselves wholly
// owned. It remembers answers, and treats a company it is still working
// out (a cross-holding) as not wholly owned.
type wholly struct {
	s    *Snapshot
	done map[uuid.UUID]Spans
	busy map[uuid.UUID]bool
}

func (s *Snapshot) whollyOwned() *wholly {
	return &wholly{s: s, done: map[uuid.UUID]Spans{}, busy: map[uuid.UUID]bool{}}
}

func (w *wholly) days(c *koncern.Organization) Spans {
	if d, ok := w.done[c.ID]; ok {
		return d
	}
	if w.busy[c.ID] || c.TotalShares == nil {
		return nil
	}
	w.busy[c.ID] = true
	var held []Weighted
	for _, st := range w.s.stakesInto[c.ID] {
		for _, x := range w.ownerDays(c, st.OwnerID).Intersect(Spans{SpanOf(st.Period)}) {
			held = append(held, Weighted{x, st.Shares})
		}
	}
	// The capital counts against the shares held, day by day, so a sum of
	// zero is a day on which the municipality holds every share.
	held = append(held, w.s.capitalSpans(c)...)
	d := Where(Sums(w.s.window, held), func(sum int64) bool { return sum == 0 }).Intersect(w.s.Valid(c.Period))
	delete(w.busy, c.ID)
	w.done[c.ID] = d
	return d
}

// ownerDays returns the days on which an owner counts as the municipality
// of company c: the municipality itself, or a company it wholly owns.
func (w *wholly) ownerDays(c *koncern.Organization, owner uuid.UUID) Spans {
	o := w.s.orgs[owner]
	switch {
	case o == nil:
		return nil
	case o.Kind == "municipality" && c.MunicipalityID != nil && o.ID == *c.MunicipalityID:
		return w.s.Valid(o.Period)
	case o.Kind == "company":
		return w.days(o)
	}
	return nil
}

// sameGroup reports whether two organisations belong to one municipality's
// group: the owner's own council appoints a municipal company's board.
func sameGroup(a, b *koncern.Organization) bool {
	return a.MunicipalityID != nil && b.MunicipalityID != nil && *a.MunicipalityID == *b.MunicipalityID
}

// appointedDays returns the days on which the council appoints a board
// seat: an appointment line from a council to the seat or to the company.
func (s *Snapshot) appointedDays(c *koncern.Organization, seat *koncern.Post) ([]*koncern.SteeringLine, Spans) {
	fromCouncil := func(l *koncern.SteeringLine) bool { return l.Kind == "appointment" && s.isCouncilOf(c, l.Source()) }
	lines := slices.Concat(s.linesWhere(seat.ID, fromCouncil), s.linesWhere(c.ID, fromCouncil))
	return lines, s.lineDays(lines)
}

func checkBoardAppointed(r *Rule, s *Snapshot) []Finding {
	w := s.whollyOwned()
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		owned := w.days(c)
		if len(owned) == 0 {
			return Finding{}, false
		}
		var days Spans
		var evidence []Evidence
		for _, seat := range s.postsByOrg[c.ID] {
			if !slices.Contains(boardRoles, seat.Role) {
				continue
			}
			lines, appointed := s.appointedDays(c, seat)
			missing := s.Valid(seat.Period).Minus(appointed).Intersect(owned)
			if len(missing) == 0 {
				continue
			}
			days = days.Union(missing)
			evidence = append(evidence, s.postEvidence(seat))
			evidence = append(evidence, s.linesEvidence(lines)...)
		}
		return newFinding(r, days.Intersect(owned), func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " is wholly owned by the municipality but not all its board is appointed by the council", evidence
		})
	})
}

func checkLayAuditor(r *Rule, s *Snapshot) []Finding {
	w := s.whollyOwned()
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		var audited Spans
		var evidence []Evidence
		for _, p := range s.postsByOrg[c.ID] {
			if p.Role == "lay_auditor" {
				audited = audited.Union(s.Held(p.ID))
				evidence = append(evidence, s.postEvidence(p))
			}
		}
		days := w.days(c).Minus(audited)
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " is wholly owned by the municipality but has no lay auditor", evidence
		})
	})
}

// directive is an ownership-directive line into a company that cites a
// document of kind owner_directive, and the days both hold.
type directive struct {
	line *koncern.SteeringLine
	doc  *koncern.Document
	days Spans
}

// directives lists the owner directives into the company.
func (s *Snapshot) directives(c *koncern.Organization) []directive {
	var out []directive
	for _, l := range s.linesInto[c.ID] {
		if doc := s.citedDirective(l); doc != nil {
			out = append(out, directive{l, doc, s.Valid(l.Period).Intersect(s.Valid(doc.Period))})
		}
	}
	return out
}

// directiveDays returns the days on which an owner directive is in force
// for the company, whether or not its general meeting has adopted it
// (owner_directive_not_adopted judges that): a company with a directive
// that does not bind it yet is not a company without one.
func (s *Snapshot) directiveDays(c *koncern.Organization) ([]*koncern.SteeringLine, Spans) {
	var lines []*koncern.SteeringLine
	var days Spans
	for _, d := range s.directives(c) {
		lines = append(lines, d.line)
		days = days.Union(d.days)
	}
	return lines, days
}

// groupStakesIn returns the stakes in company c held by organisations of
// its own group: the holdings that make it a subsidiary.
func (s *Snapshot) groupStakesIn(c *koncern.Organization) []*koncern.Stake {
	var out []*koncern.Stake
	for _, st := range s.stakesInto[c.ID] {
		if o := s.orgs[st.OwnerID]; o != nil && sameGroup(o, c) {
			out = append(out, st)
		}
	}
	return out
}

// checkOwnerDirective finds the days on which a company its municipality
// controls has no owner directive in force.
func checkOwnerDirective(r *Rule, s *Snapshot) []Finding {
	subsidiaries := s.subsidiaries()
	return s.forCompanies(func(c *koncern.Organization) (Finding, bool) {
		sub, stakes := subsidiaries[c.ID].Intersect(s.Valid(c.Period)), s.groupStakesIn(c)
		lines, directed := s.directiveDays(c)
		return newFinding(r, sub.Minus(directed), func() (Subject, string, []Evidence) {
			return orgSubject(c), c.Name + " is a subsidiary without an owner directive in force", append(s.stakesEvidence(stakes), s.linesEvidence(lines)...)
		})
	})
}
