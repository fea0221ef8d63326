package analysis

import (
	"cmp"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The compliance calendar: the dated duties that the law and the
// registry's own records put on a municipality and its companies, each
// with its due date and its status on a day, computed from the records
// rather than ticked by hand.

// Kinds of duty.
const (
	DutyAnnualReview     = "annual_review"
	DutyMandatePeriodEnd = "mandate_period_end"
	DutyLayAuditors      = "lay_auditor_appointment"
	DutyDirectiveRenewal = "owner_directive_renewal"
	DutyTermExpiry       = "term_expiry"
)

// Statuses of a duty on a day.
const (
	DutyDone    = "done"
	DutyDue     = "due"
	DutyOverdue = "overdue"
)

// DutyKinds lists the kinds of duty the calendar knows.
var DutyKinds = []string{DutyAnnualReview, DutyMandatePeriodEnd, DutyLayAuditors, DutyDirectiveRenewal, DutyTermExpiry}

// DutyStatuses lists a duty's statuses, the most pressing first.
var DutyStatuses = []string{DutyOverdue, DutyDue, DutyDone}

// Texts is a text in Swedish and in English.
type Texts struct {
	SV string `json:"sv"`
	EN string `json:"en"`
}

// Duty is one thing that must be done by a day: a subject (a post or an
// organisation) and what is due of it.
type Duty struct {
	// ID is the same for the same duty in every answer: kind, subject
	// and due date.
	ID           string       `json:"id"`
	Kind         string       `json:"kind"`
	Due          koncern.Date `json:"due"`
	Subject      Subject      `json:"subject"`
	Municipality *Subject     `json:"municipality"`
	// Status is done, due (its day not yet past) or overdue, on the day
	// the calendar was asked about.
	Status string `json:"status"`
	// Source is the record the duty arises from: the assignment that
	// ends, the owner directive that expires. Duties of the law have none.
	Source *Subject `json:"source,omitempty"`
	// Period is the mandate period the duty provides for, or the year an
	// annual review covers.
	Period *koncern.Period `json:"period,omitempty"`
	// Basis cites the provision of law that sets the duty, as in force on
	// the due date; duties that arise from a record's own term have none.
	Basis string `json:"basis,omitempty"`
	// Done is what did the duty, present only when it was done on or
	// before the day asked about.
	Done        *Done `json:"done,omitempty"`
	Description Texts `json:"description"`
}

// Done is the record that did a duty, the decision it cites, and the day
// it was done: the decision's date, or the record's first day when it
// cites none.
type Done struct {
	On       koncern.Date `json:"on"`
	Record   Subject      `json:"record"`
	Document *Subject     `json:"document"`
}

// CalendarFilter narrows a calendar to some kinds and one status.
type CalendarFilter struct {
	Kinds  []string
	Status string
}

// Calendar lists the duties whose due date falls within window (an open
// window runs to the last date), with their status on day at, ordered by
// due date. The snapshot must cover the window and the days after it that
// CalendarLoad adds, where what did a duty may lie.
func Calendar(s *Snapshot, window koncern.Period, at koncern.Date, f CalendarFilter) []Duty {
	if window.To == nil {
		window.To = &koncern.LastDate
	}
	w := SpanOf(window)
	var found []duty
	for _, gen := range []func(*Snapshot, Span) []duty{annualReviewDuties, mandateDuties, layAuditorDuties, directiveDuties, termDuties} {
		found = append(found, gen(s, w)...)
	}
	out := []Duty{}
	seen := map[string]bool{}
	for _, d := range found {
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		d.settle(at)
		if f.keeps(d.Duty) {
			out = append(out, d.Duty)
		}
	}
	slices.SortFunc(out, func(a, b Duty) int {
		return cmp.Or(a.Due.Time().Compare(b.Due.Time()), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Subject.Name, b.Subject.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// ByUrgency orders duties as an officer reads them: overdue first, then
// due, then done, each by due date.
func ByUrgency(ds []Duty) []Duty {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, func(a, b Duty) int {
		return cmp.Compare(slices.Index(DutyStatuses, a.Status), slices.Index(DutyStatuses, b.Status))
	})
	return out
}

func (f CalendarFilter) keeps(d Duty) bool {
	return (len(f.Kinds) == 0 || slices.Contains(f.Kinds, d.Kind)) && (f.Status == "" || f.Status == d.Status)
}

// duty is a duty as a generator finds it: with what did it, on whatever
// day, before settle decides its status on the day asked about.
type duty struct {
	Duty
	doneBy *Done
}

// newDuty starts a duty of kind for subject, due on day due.
func (s *Snapshot) newDuty(kind string, subject Subject, due koncern.Date, muni *uuid.UUID) duty {
	d := duty{Duty: Duty{ID: kind + "/" + subject.ID.String() + "/" + due.String(), Kind: kind, Due: due, Subject: subject}}
	if muni != nil {
		if m := s.orgs[*muni]; m != nil {
			ms := orgSubject(m)
			d.Municipality = &ms
		}
	}
	return d
}

// settle sets the status on day at: done once what did it was done,
// overdue from the day after the due date, due until then.
func (d *duty) settle(at koncern.Date) {
	switch {
	case d.doneBy != nil && !d.doneBy.On.After(at):
		d.Status, d.Done = DutyDone, d.doneBy
	case at.After(d.Due):
		d.Status = DutyOverdue
	default:
		d.Status = DutyDue
	}
}

// earliest keeps the candidate done soonest; ties go to the record named
// first, so that every run picks the same.
func earliest(a, b *Done) *Done {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case b.On.Before(a.On) || (!a.On.Before(b.On) && b.Record.Name < a.Record.Name):
		return b
	}
	return a
}

// doneBy describes a record that did a duty: on the day its document was
// decided, or on its own first day when it cites none.
func (s *Snapshot) doneBy(record Subject, first koncern.Date, doc *uuid.UUID) *Done {
	d := &Done{On: first, Record: record}
	if doc != nil {
		if x := s.documents[*doc]; x != nil {
			d.On, d.Document = x.DecidedOn, docSubject(x)
		}
	}
	return d
}
