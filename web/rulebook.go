package web

import (
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// registerRuleBook adds the rule book: every rule with its severity, what
// it checks and the texts it rests on, each with the period it applied.
func (s *Site) registerRuleBook(r *router) {
	r.page("/rules", s.ruleBookPage)
}

// ruleView is one rule as the rule book shows it.
type ruleView struct {
	ID, Severity, Description string
	Sources                   []sourceView
}

// sourceView is one source of a rule, or of a finding: its citation, the
// act it is in, where to read it and the period it applied (or, for a
// finding, the days it is cited on).
type sourceView struct {
	Citation, Law, URL string
	// Review says that the source is a section of the 2003 review rather
	// than of an act.
	Review bool
	Period string
}

func (s *Site) ruleBookPage(c echo.Context) error {
	p := s.newPage(c, "", nil)
	var rules []ruleView
	for _, r := range analysis.Rules() {
		v := ruleView{ID: r.ID, Severity: r.Severity, Description: r.DescriptionSV}
		if p.Lang == langEN {
			v.Description = r.Description
		}
		for _, src := range r.Sources {
			v.Sources = append(v.Sources, sourceOf(src, p.sourcePeriod(src)))
		}
		rules = append(rules, v)
	}
	p.Data = rules
	p.Title = p.T("rules.title")
	return s.render(c, "rulebook", p)
}

// sourceOf is a source as the pages show it, over the days period names.
func sourceOf(src analysis.Source, period string) sourceView {
	return sourceView{Citation: src.Citation, Law: src.Law, URL: src.URL, Review: src.SFS == "", Period: period}
}

// sourcePeriod is the period a source applied: from its first day to its
// last, or "every day" for the review's sections.
func (p *page) sourcePeriod(src analysis.Source) string {
	if src.ValidFrom == nil {
		return p.T("rules.always")
	}
	return p.Period(koncern.Period{From: *src.ValidFrom, To: src.ValidTo})
}

// citedSources are a finding's sources, each with the days of the finding
// it is cited on.
func (p *page) citedSources(f analysis.Finding) []sourceView {
	var out []sourceView
	for _, c := range f.Sources {
		period := ""
		for i, per := range c.Periods {
			if i > 0 {
				period += "; "
			}
			period += p.Period(per)
		}
		out = append(out, sourceOf(c.Source, period))
	}
	return out
}

// ReviewDeadline is a municipality's deadline for the annual review as the
// organisation page shows it: its own day, or the default said to be one.
func (p *page) ReviewDeadline(o koncern.Organization) string {
	if o.ReviewDeadline != nil {
		return *o.ReviewDeadline
	}
	return p.Tf("org.review_default", koncern.DefaultReviewDeadline)
}
