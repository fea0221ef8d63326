package analysis

import (
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// isHeadLevel reports whether a post is at the level the review calls
// förvaltningschef: the head of an administration, or a company's VD. Heads
// of departments and units are below it.
func (s *Snapshot) isHeadLevel(p *koncern.Post) bool {
	if p.Role == "ceo" {
		return true
	}
	o := s.orgs[p.OrganizationID]
	return p.Role == "head" && o != nil && o.Kind == "administration"
}

// Organisation kinds that govern: the bodies a head answers to.
var governingKinds = []string{"committee", "executive_board", "council"}

// board returns the body that governs the holder of post p: for a company's
// post the company's board (the company itself), otherwise the nearest
// ancestor that is a nämnd, the executive board or the council.
func (s *Snapshot) board(p *koncern.Post) *koncern.Organization {
	o := s.orgs[p.OrganizationID]
	if o != nil && o.Kind == "company" {
		return o
	}
	for depth := 0; o != nil && o.ParentID != nil && depth < maxDepth; depth++ {
		o = s.orgs[*o.ParentID]
		if o != nil && slices.Contains(governingKinds, o.Kind) {
			return o
		}
	}
	return nil
}

// Organisation kinds of the civil service: a post in one of them is
// staff, not a board seat or a forum member.
var serviceKinds = []string{"administration", "department", "unit"}

// inAdministration reports whether a post belongs to the civil service.
func (s *Snapshot) inAdministration(p *koncern.Post) bool {
	o := s.orgs[p.OrganizationID]
	return o != nil && slices.Contains(serviceKinds, o.Kind)
}

// fromPost returns the post a line starts at, or nil when it starts at an
// organisation.
func (s *Snapshot) fromPost(l *koncern.SteeringLine) *koncern.Post {
	if l.FromPostID == nil {
		return nil
	}
	return s.posts[*l.FromPostID]
}

// isCommissioner reports whether a post is a kommunalråd's: a commissioner,
// or a political post of the executive board such as the KSO.
func (s *Snapshot) isCommissioner(p *koncern.Post) bool {
	if p == nil {
		return false
	}
	if p.Role == "commissioner" {
		return true
	}
	o := s.orgs[p.OrganizationID]
	return p.Political && o != nil && o.Kind == "executive_board"
}

// lineDays returns the days of the window on which any of the lines holds.
func (s *Snapshot) lineDays(lines []*koncern.SteeringLine) Spans { return validOf(s, lines) }

// linesWhere keeps the lines into id that match keep.
func (s *Snapshot) linesWhere(id uuid.UUID, keep func(l *koncern.SteeringLine) bool) []*koncern.SteeringLine {
	var out []*koncern.SteeringLine
	for _, l := range s.linesInto[id] {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// forPosts runs fn for every post that keep accepts and collects the
// findings it returns.
func (s *Snapshot) forPosts(keep func(p *koncern.Post) bool, fn func(p *koncern.Post) (Finding, bool)) []Finding {
	var out []Finding
	for i := range s.data.Posts {
		p := &s.data.Posts[i]
		if !keep(p) {
			continue
		}
		if f, ok := fn(p); ok {
			out = append(out, f)
		}
	}
	return out
}

// The three channels of steering the review describes: the board's
// mandate (from the board or its chair), the city manager's coordination,
// and a commissioner acting directly.
func (s *Snapshot) boardLines(p *koncern.Post) []*koncern.SteeringLine {
	return s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool { return l.Kind == "mandate" && s.fromBoard(l, p) })
}

func (s *Snapshot) cityManagerLines(p *koncern.Post) []*koncern.SteeringLine {
	return s.linesWhere(p.ID, s.fromCityManager)
}

// fromCityManager reports whether a line is the city manager coordinating
// or managing.
func (s *Snapshot) fromCityManager(l *koncern.SteeringLine) bool {
	from := s.fromPost(l)
	return (l.Kind == "coordination" || l.Kind == "line_management") && from != nil && from.Role == "city_manager"
}

func (s *Snapshot) commissionerLines(p *koncern.Post) []*koncern.SteeringLine {
	return s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool {
		return l.Kind == "direct_political" && s.isCommissioner(s.fromPost(l))
	})
}

func checkTripleSteering(r *Rule, s *Snapshot) []Finding {
	return s.forPosts(s.isHeadLevel, func(p *koncern.Post) (Finding, bool) {
		board, cm, com := s.boardLines(p), s.cityManagerLines(p), s.commissionerLines(p)
		if len(board) == 0 || len(cm) == 0 || len(com) == 0 {
			return Finding{}, false
		}
		days := s.Valid(p.Period).Intersect(s.lineDays(board)).Intersect(s.lineDays(cm)).Intersect(s.lineDays(com))
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return s.postSubject(p), s.postName(p) + " is steered by the board, the city manager and a commissioner at once", s.linesEvidence(slices.Concat(board, cm, com))
		})
	})
}

func checkPoliticalBypass(r *Rule, s *Snapshot) []Finding {
	return s.forPosts(s.isHeadLevel, func(p *koncern.Post) (Finding, bool) {
		board := s.board(p)
		lines := s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool {
			from := s.fromPost(l)
			politician := from != nil && (from.Political || s.isCommissioner(from))
			return l.Kind == "direct_political" && politician && (board == nil || from.OrganizationID != board.ID)
		})
		days := s.Valid(p.Period).Intersect(s.lineDays(lines))
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return s.postSubject(p), "a politician outside its board steers " + s.postName(p) + " directly", s.linesEvidence(lines)
		})
	})
}

func checkPoliticalBelowHead(r *Rule, s *Snapshot) []Finding {
	below := func(p *koncern.Post) bool {
		return !p.Political && !s.isHeadLevel(p) && p.Role != "city_manager" && s.inAdministration(p)
	}
	return s.forPosts(below, func(p *koncern.Post) (Finding, bool) {
		lines := s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool { return l.Kind == "direct_political" })
		days := s.Valid(p.Period).Intersect(s.lineDays(lines))
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return s.postSubject(p), "a politician steers " + s.postName(p) + ", below head level, directly", s.linesEvidence(lines)
		})
	})
}

// checkCoordinationWithoutBasis finds, per steered post or organisation,
// the days on which a coordination or line-management line into it rests
// on no decision in force: it cites none, or the one it cites has been
// repealed.
func checkCoordinationWithoutBasis(r *Rule, s *Snapshot) []Finding {
	byTarget := map[uuid.UUID][]*koncern.SteeringLine{}
	var order []uuid.UUID
	for i := range s.data.Lines {
		l := &s.data.Lines[i]
		if l.Kind == "coordination" || l.Kind == "line_management" {
			if _, seen := byTarget[l.Target()]; !seen {
				order = append(order, l.Target())
			}
			byTarget[l.Target()] = append(byTarget[l.Target()], l)
		}
	}
	var out []Finding
	for _, id := range order {
		var days Spans
		var bare []*koncern.SteeringLine
		for _, l := range byTarget[id] {
			if d := s.unfounded(l); len(d) > 0 {
				days = days.Union(d)
				bare = append(bare, l)
			}
		}
		if f, ok := newFinding(r, days, func() (Subject, string, []Evidence) {
			return s.subject(id), s.nodeName(id) + " is coordinated or managed without a formal decision", s.linesEvidence(bare)
		}); ok {
			out = append(out, f)
		}
	}
	return out
}

// unfounded returns the days on which a line holds without a decision in
// force behind it.
func (s *Snapshot) unfounded(l *koncern.SteeringLine) Spans {
	days := s.Valid(l.Period)
	if l.DocumentID == nil {
		return days
	}
	if d := s.documents[*l.DocumentID]; d != nil {
		return days.Minus(s.Valid(d.Period))
	}
	return days
}

// subject names a post or organisation as a finding's subject.
func (s *Snapshot) subject(id uuid.UUID) Subject {
	if p := s.posts[id]; p != nil {
		return s.postSubject(p)
	}
	if o := s.orgs[id]; o != nil {
		return orgSubject(o)
	}
	return Subject{Type: "unknown", ID: id, Name: id.String()}
}
