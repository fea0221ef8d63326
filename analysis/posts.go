package analysis

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// checkUnclearAppraisal looks at every förvaltningschef (the head of an
// administration) on the days the post is held, and finds the days on which
// no line, or more than one, says who holds the annual appraisal.
func checkUnclearAppraisal(r *Rule, s *Snapshot) []Finding {
	var out []Finding
	for i := range s.data.Posts {
		if p := &s.data.Posts[i]; p.Role == "head" && s.isHeadLevel(p) {
			out = append(out, s.appraisalFindings(r, p)...)
		}
	}
	return out
}

func (s *Snapshot) appraisalFindings(r *Rule, p *koncern.Post) []Finding {
	held := s.Held(p.ID).Intersect(s.Valid(p.Period))
	if len(held) == 0 {
		return nil
	}
	lines := s.linesWhere(p.ID, func(l *koncern.SteeringLine) bool { return l.Kind == "appraisal" })
	levels := Levels(s.window, appraisers(lines))
	var out []Finding
	none := Where(levels, func(n int64) bool { return n == 0 }).Intersect(held)
	if f, ok := newFinding(r, none, func() (Subject, string, []Evidence) {
		return s.postSubject(p), "nobody is responsible for the annual appraisal of " + s.postName(p), []Evidence{s.postEvidence(p)}
	}); ok {
		f.Detail = "none"
		out = append(out, f)
	}
	several := Where(levels, func(n int64) bool { return n > 1 }).Intersect(held)
	if f, ok := newFinding(r, several, func() (Subject, string, []Evidence) {
		return s.postSubject(p), "more than one is responsible for the annual appraisal of " + s.postName(p), s.linesEvidence(lines)
	}); ok {
		f.Detail = "several"
		out = append(out, f)
	}
	return out
}

// checkVacantHead finds the days on which a head, city manager or CEO post
// exists but nobody holds it.
func checkVacantHead(r *Rule, s *Snapshot) []Finding {
	leads := func(p *koncern.Post) bool { return p.Role == "head" || p.Role == "city_manager" || p.Role == "ceo" }
	return s.forPosts(leads, func(p *koncern.Post) (Finding, bool) {
		days := s.Valid(p.Period).Minus(s.Held(p.ID))
		return newFinding(r, days, func() (Subject, string, []Evidence) {
			return s.postSubject(p), s.postName(p) + " has no holder", []Evidence{s.postEvidence(p)}
		})
	})
}

// appraisers returns, for each post or organisation that holds appraisals,
// the days it does so: the same appraiser on two overlapping lines is still
// one appraiser.
func appraisers(lines []*koncern.SteeringLine) []Span {
	byWho := map[uuid.UUID][]Span{}
	var order []uuid.UUID
	for _, l := range lines {
		if _, seen := byWho[l.Source()]; !seen {
			order = append(order, l.Source())
		}
		byWho[l.Source()] = append(byWho[l.Source()], SpanOf(l.Period))
	}
	var out []Span
	for _, who := range order {
		out = append(out, Normalize(byWho[who])...)
	}
	return out
}
