package analysis

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// History is the widest window there is: every day a record may hold.
var History = koncern.Period{From: koncern.FirstDate}

// Window is the period a request for findings asks about: one day (at),
// or a range (from and to, both), or today when it names neither. The
// problems are returned by field, so that the API and the pages refuse the
// same requests with the same words.
func Window(at, from, to *koncern.Date, today koncern.Date) (koncern.Period, []koncern.FieldError) {
	var problems []koncern.FieldError
	fail := func(field, msg string) { problems = append(problems, koncern.FieldError{Field: field, Message: msg}) }
	switch {
	case at != nil && (from != nil || to != nil):
		fail("at", "cannot be combined with from and to")
	case from != nil && to == nil:
		fail("to", "is required with from")
	case to != nil && from == nil:
		fail("from", "is required with to")
	case from != nil && to.Before(*from):
		fail("to", "must not be before from")
	case from != nil:
		return koncern.Period{From: *from, To: to}, nil
	}
	d := today
	if at != nil {
		d = *at
	}
	return koncern.Period{From: d, To: &d}, problems
}

// ExpiringWindow is the window an expiry report loads: today and the
// within days after it, which must not reach past the last date.
func ExpiringWindow(today koncern.Date, within int) (koncern.Period, *koncern.FieldError) {
	end := today.AddDays(within)
	if end.After(koncern.LastDate) {
		return koncern.Period{}, &koncern.FieldError{Field: "within", Message: "reaches past " + koncern.LastDate.String()}
	}
	return koncern.Period{From: today, To: &end}, nil
}

// Whole gives each of the narrow findings the whole of the periods it
// holds in rather than only their part inside the window it was computed
// over: a finding asked about on one day then reads from the day it began
// to the day it ended. wide are the findings of the same rules over a
// window that contains the narrow one (History, say).
//
// This is exact, not an estimate: every rule decides day by day from the
// records in force on the day, so a wide finding holds on the days of the
// narrow window exactly where the narrow finding does. Each continuous
// period of the narrow finding therefore lies inside one continuous period
// of the wide finding with the same rule, subject and detail, and those
// periods are the ones returned. The evidence stays the narrow finding's:
// what makes it true in the window asked about. A narrow finding without
// a wide one (wide computed over too short a window) keeps its periods.
// The sources are cited anew over the whole periods.
func Whole(narrow, wide []Finding) []Finding {
	type key struct {
		rule, detail string
		subject      uuid.UUID
	}
	byKey := map[key][]Finding{}
	for _, w := range wide {
		k := key{w.Rule, w.Detail, w.Subject.ID}
		byKey[k] = append(byKey[k], w)
	}
	out := make([]Finding, len(narrow))
	for i, f := range narrow {
		out[i] = f
		var kept []Span
		for _, w := range byKey[key{f.Rule, f.Detail, f.Subject.ID}] {
			for _, x := range w.spans {
				if f.spans.Overlaps(x) {
					kept = append(kept, x)
				}
			}
		}
		if whole := Normalize(kept); len(whole) > 0 {
			out[i].spans, out[i].Periods = whole, whole.Periods()
			if r := ruleByID(f.Rule); r != nil {
				out[i].Sources = r.cite(whole)
			}
		}
	}
	return out
}

// Name names a post (organisation and title) or an organisation by id as
// the findings name them; an id not in the snapshot names itself.
func (s *Snapshot) Name(id uuid.UUID) string { return s.nodeName(id) }
