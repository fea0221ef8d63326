package analysis

import (
	"strings"

	"github.com/koncernregistret/koncern"
)

// Source is one text a rule rests on: a section of the 2003 review of
// Jönköping's stadskontoret, or a law's chapter and section, with the days
// on which that text applied. Kommunallagen 1991:900 and 2017:725 number
// the same duties differently, so a rule about them has one source for
// each act, and a finding cites the one in force on its days.
type Source struct {
	// Citation is how the text is cited: "KL (2017:725) 10 kap. 3 §", or
	// the review's "§5".
	Citation string `json:"citation"`
	// Law names the act (or the review) the citation is in.
	Law string `json:"law"`
	// SFS is the act's number in Svensk författningssamling; empty for
	// the review.
	SFS string `json:"sfs,omitempty"`
	// URL is where the text can be read, where one is known.
	URL string `json:"url,omitempty"`
	// ValidFrom and ValidTo are the first and last day on which the source
	// applied; nil is open (the review's sections apply on every day).
	ValidFrom *koncern.Date `json:"valid_from"`
	ValidTo   *koncern.Date `json:"valid_to"`
}

// span is the days on which the source applied.
func (s Source) span() Span {
	x := Span{From: DayOf(koncern.FirstDate), To: Forever}
	if s.ValidFrom != nil {
		x.From = DayOf(*s.ValidFrom)
	}
	if s.ValidTo != nil {
		x.To = DayOf(*s.ValidTo)
	}
	return x
}

// Cited is a source of a finding's rule with the days of the finding on
// which it is the text cited: the source's own period clipped to the
// finding's periods.
type Cited struct {
	Source
	Periods []koncern.Period `json:"periods"`
}

// text is an act or the review, as the rule book cites it.
type text struct{ short, name, sfs, url string }

// section cites one section of the text in force from from to to ("" is
// open).
func (t text) section(section, from, to string) Source {
	s := Source{Citation: section, Law: t.name, SFS: t.sfs, URL: t.url}
	if t.short != "" {
		s.Citation = t.short + " (" + t.sfs + ") " + section
	}
	if from != "" {
		d := koncern.MustDate(from)
		s.ValidFrom = &d
	}
	if to != "" {
		d := koncern.MustDate(to)
		s.ValidTo = &d
	}
	return s
}

// applies returns the days on which a rule applied: those of any of its
// sources.
func (r *Rule) applies() Spans {
	spans := make([]Span, len(r.Sources))
	for i, s := range r.Sources {
		spans[i] = s.span()
	}
	return Normalize(spans)
}

// cite lists the rule's sources in force on the days of a finding, each
// with those of the days on which it applied.
func (r *Rule) cite(days Spans) []Cited {
	var out []Cited
	for _, s := range r.Sources {
		if on := days.Intersect(Spans{s.span()}); len(on) > 0 {
			out = append(out, Cited{Source: s, Periods: on.Periods()})
		}
	}
	return out
}

// lastSection joins the citations of the sources in force on the last day
// of days: the section a finding (or, over every day, the rule) is cited
// by today.
func lastSection(sources []Source, days Spans) string {
	if len(days) == 0 {
		return ""
	}
	last := days[len(days)-1].To
	var cites []string
	for _, s := range sources {
		if s.span().Contains(last) {
			cites = append(cites, s.Citation)
		}
	}
	return strings.Join(cites, ", ")
}

// Section is the citation in force on the finding's last day, such as
// "KL (2017:725) 10 kap. 3 §"; Sources says which text applied on which
// of its days.
func (f Finding) Section() string {
	var sources []Source
	for _, c := range f.Sources {
		sources = append(sources, c.Source)
	}
	return lastSection(sources, f.spans)
}

// ruleByID returns the rule book's rule, or nil.
func ruleByID(id string) *Rule {
	for i := range rules {
		if rules[i].ID == id {
			return &rules[i]
		}
	}
	return nil
}

// sectioned fills each rule's Section from its sources: the citations in
// force on the last day any of them applied.
func sectioned(rs []Rule) []Rule {
	for i := range rs {
		rs[i].Section = lastSection(rs[i].Sources, rs[i].applies())
	}
	return rs
}
