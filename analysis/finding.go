package analysis

import (
	"cmp"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Severities, from the most to the least pressing.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// Subject is the post or organisation a finding concerns.
type Subject struct {
	Type string    `json:"type"` // post or organization
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// Evidence is one record that makes a finding true: a steering line, an
// assignment, a stake, a post or an organisation, with its own period.
type Evidence struct {
	Type        string    `json:"type"`
	ID          uuid.UUID `json:"id"`
	Kind        string    `json:"kind,omitempty"`
	Description string    `json:"description"`
	koncern.Period
}

// Finding is one rule holding for one subject during the periods listed,
// computed exactly from the validity of the records in its evidence.
type Finding struct {
	Rule     string           `json:"rule"`
	Severity string           `json:"severity"`
	Subject  Subject          `json:"subject"`
	Detail   string           `json:"detail,omitempty"`
	Message  string           `json:"message"`
	Periods  []koncern.Period `json:"periods"`
	// Sources are the texts of the rule in force on the finding's days,
	// each with the days on which it is the one cited.
	Sources  []Cited    `json:"sources"`
	Evidence []Evidence `json:"evidence"`

	spans Spans
}

// Spans returns the days on which the finding holds.
func (f Finding) Spans() Spans { return f.spans }

// newFinding builds a finding from the days it holds; it returns false when
// there are none, which is how a rule says "does not fire". It is the one
// place where a finding is kept to the days on which its rule applied
// (Rule.applies): a rule of the law never fires before the law. The
// subject, message and evidence are only described when the rule fires,
// since naming things costs more than most checks.
func newFinding(r *Rule, spans Spans, describe func() (Subject, string, []Evidence)) (Finding, bool) {
	spans = spans.Intersect(r.applies())
	if len(spans) == 0 {
		return Finding{}, false
	}
	subj, message, evidence := describe()
	var kept []Evidence
	for _, e := range evidence {
		if spans.Overlaps(SpanOf(e.Period)) {
			kept = append(kept, e)
		}
	}
	slices.SortFunc(kept, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Description, b.Description), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	return Finding{
		Rule: r.ID, Severity: r.Severity, Subject: subj, Message: message,
		Periods: spans.Periods(), Sources: r.cite(spans), Evidence: kept, spans: spans,
	}, true
}

// sortFindings orders findings by rule, subject name and first day, so that
// every run over the same data lists them alike.
func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject.Name, b.Subject.Name),
			cmp.Compare(a.Subject.ID.String(), b.Subject.ID.String()), cmp.Compare(a.spans[0].From, b.spans[0].From),
			cmp.Compare(a.Detail, b.Detail))
	})
}
