package analysis

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The executive board's annual review (uppsiktsplikt, KL 6 kap. 9 §,
// earlier 1991:900 6 kap. 1 a §): each year it decides whether the
// activity of each of the municipality's companies in the past calendar
// year was consistent with the municipal purpose and within the municipal
// powers. The registry counts as the municipality's companies those it
// controls (its subsidiaries) on some day of the year; the law's
// companies of KL 10 kap. 2–6 §§ are those it has handed a municipal
// matter to, wholly or partly owned, and a subsidiary always is one.

// ReviewDuty is the annual review one company is owed for one year.
type ReviewDuty struct {
	Company      *koncern.Organization
	Municipality *koncern.Organization
	// Year is the calendar year the review covers.
	Year int
	// Due is the municipality's deadline in the year after (review_deadline,
	// 30 June unless it set another day).
	Due koncern.Date
	// Decision is the first annual review of the municipality's executive
	// board that covers the company and the year, nil while there is none;
	// Done is the day it was decided.
	Decision *koncern.Document
	Done     *koncern.Date
}

// firstReviewYear is the first year the duty covers: the year its oldest
// source came into force (2013).
func firstReviewYear() int { return annualReviewDuty[0].ValidFrom.Time().Year() }

// ReviewReach is the window whose ownership the annual reviews over window
// look back to: from 1 January of the first year the duty covers to the
// window's end. It is false when the window reaches back that far itself,
// or ends before any review can fall due; the registry then loads no
// more than the window (Data.Past).
func ReviewReach(window koncern.Period) (koncern.Period, bool) {
	first := koncern.NewDate(firstReviewYear(), 1, 1)
	firstDue := koncern.NewDate(firstReviewYear()+1, 1, 1)
	if !window.From.After(first) || (window.To != nil && window.To.Before(firstDue)) {
		return koncern.Period{}, false
	}
	return koncern.Period{From: first, To: window.To}, true
}

// reviewBase is the snapshot whose ownership the annual review reads: the
// one loaded over ReviewReach, or the snapshot itself.
func (s *Snapshot) reviewBase() *Snapshot {
	if s.past != nil {
		return s.past
	}
	return s
}

// AnnualReviews lists the annual reviews owed for the companies of the
// snapshot's groups: one for each company and each year from 2013 in
// which its municipality controlled it on some day, up to the year the
// window ends in (for an open window, the last year the data speaks of),
// with the decision that did it, if any. The list is ordered by company
// name and year. The calendar shows them; the rule annual_review_missing
// finds those overdue.
func (s *Snapshot) AnnualReviews() []ReviewDuty {
	base := s.reviewBase()
	last := s.lastYear()
	decisions := s.reviewDecisions()
	subsidiaries := base.subsidiaries()
	var out []ReviewDuty
	companies := base.groupCompanies()
	slices.SortFunc(companies, func(a, b *koncern.Organization) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), bytes.Compare(a.ID[:], b.ID[:]))
	})
	for _, c := range companies {
		muni := base.orgs[*c.MunicipalityID]
		for _, year := range yearsOf(subsidiaries[c.ID], firstReviewYear(), last) {
			d := ReviewDuty{Company: c, Municipality: muni, Year: year, Due: reviewDue(muni, year+1)}
			if doc := decisions[reviewKey{c.ID, year}]; doc != nil {
				d.Decision, d.Done = doc, &doc.DecidedOn
			}
			out = append(out, d)
		}
	}
	return out
}

// reviewDue is the municipality's deadline in year; the default when the
// municipality is not loaded.
func reviewDue(muni *koncern.Organization, year int) koncern.Date {
	if muni == nil {
		return koncern.OrganizationInput{}.ReviewDeadlineIn(year)
	}
	return muni.ReviewDeadlineIn(year)
}

// lastYear is the last year whose review the snapshot lists: the year the
// window ends in, or for an open window the last year any record of the
// data begins or ends in (beyond it the registry knows nothing, and every
// year would make a duty). The window's own records are read, not the
// past's: a record of the past that the window lacks ended before the
// window begins, and Data.Past holds only the ownership.
func (s *Snapshot) lastYear() int {
	if s.window.To != Forever {
		return s.window.To.Date().Time().Year()
	}
	last := s.window.From
	see := func(p koncern.Period) {
		sp := SpanOf(p)
		last = max(last, sp.From)
		if sp.To != Forever {
			last = max(last, sp.To)
		}
	}
	for i := range s.data.Organizations {
		see(s.data.Organizations[i].Period)
	}
	for i := range s.data.Stakes {
		see(s.data.Stakes[i].Period)
	}
	for i := range s.data.Documents {
		see(koncern.Period{From: s.data.Documents[i].DecidedOn})
	}
	return last.Date().Time().Year()
}

// yearsOf lists the calendar years from first to last that share a day
// with days.
func yearsOf(days Spans, first, last int) []int {
	var out []int
	for _, x := range days {
		from := max(x.From.Date().Time().Year(), first)
		to := last
		if x.To != Forever {
			to = min(x.To.Date().Time().Year(), last)
		}
		for y := from; y <= to; y++ {
			if len(out) == 0 || out[len(out)-1] < y {
				out = append(out, y)
			}
		}
	}
	return out
}

type reviewKey struct {
	company uuid.UUID
	year    int
}

// reviewDecisions finds, for each company and year, the first annual
// review that covers them, issued by the executive board of the company's
// own municipality.
func (s *Snapshot) reviewDecisions() map[reviewKey]*koncern.Document {
	out := map[reviewKey]*koncern.Document{}
	for i := range s.data.Documents {
		doc := &s.data.Documents[i]
		if doc.Kind != "annual_review" || doc.Year == nil || !s.issuedByExecutiveBoard(doc) {
			continue
		}
		for _, id := range doc.SubjectIDs {
			c := s.reviewBase().orgs[id]
			if c == nil || c.MunicipalityID == nil || doc.MunicipalityID == nil || *c.MunicipalityID != *doc.MunicipalityID {
				continue
			}
			k := reviewKey{id, *doc.Year}
			if prev := out[k]; prev == nil || doc.DecidedOn.Before(prev.DecidedOn) {
				out[k] = doc
			}
		}
	}
	return out
}

// issuedByExecutiveBoard reports whether an executive board issued doc.
// The registry refuses an annual review from anyone else; an issuer the
// snapshot did not load is taken at the registry's word.
func (s *Snapshot) issuedByExecutiveBoard(doc *koncern.Document) bool {
	o := s.orgs[doc.IssuerID]
	return o == nil || o.Kind == "executive_board"
}

// checkAnnualReview finds, for each annual review owed, the days from the
// day after its deadline to the day before the executive board decided it
// (or on, while it has not), within the company's life. A decision taken
// on the deadline is in time, so the deadline itself is not a day of the
// finding; the compliance calendar calls the duty overdue from the same
// day.
func checkAnnualReview(r *Rule, s *Snapshot) []Finding {
	var out []Finding
	base := s.reviewBase()
	for _, d := range s.AnnualReviews() {
		owed := Span{From: DayOf(d.Due) + 1, To: Forever}
		if d.Done != nil {
			owed.To = DayOf(*d.Done) - 1
		}
		days := s.Valid(d.Company.Period).Intersect(Spans{owed})
		f, ok := newFinding(r, days, func() (Subject, string, []Evidence) {
			evidence := []Evidence{orgEvidence(d.Company)}
			year := Spans{{DayOf(koncern.NewDate(d.Year, 1, 1)), DayOf(koncern.NewDate(d.Year, 12, 31))}}
			for _, st := range base.groupStakesIn(d.Company) {
				if year.Overlaps(SpanOf(st.Period)) {
					evidence = append(evidence, base.stakeEvidence(st))
				}
			}
			return orgSubject(d.Company), "The executive board has not decided whether " + d.Company.Name + "'s activity in " +
				strconv.Itoa(d.Year) + " was consistent with its municipal purpose and powers (due " + d.Due.String() + ")", evidence
		})
		if ok {
			f.Detail = strconv.Itoa(d.Year)
			out = append(out, f)
		}
	}
	return out
}
