package koncern

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The rules below say which document kinds carry which of the fields the
// rule book reads: the organisations a document concerns (subject_ids),
// the document it adopts or answers (refers_to_id) and the year an annual
// review covers. The registry checks the references against the graph;
// what can be judged from the input alone is judged here.

// DocumentRefers lists, for each kind of document that may refer to
// another document, the kinds it may refer to. Every other kind refers to
// none.
var DocumentRefers = map[string][]string{
	// The general meeting adopts the owner directive (which binds the
	// company only then) or the articles of association.
	"general_meeting_resolution": {"owner_directive", "articles_of_association"},
	// The council approves the articles of association (the company's
	// municipal purpose) or an owner directive.
	"council_decision": {"articles_of_association", "owner_directive"},
	// The addressed body answers the auditors' report.
	"audit_response": {"audit_report"},
}

// DocumentIssuers lists, for the kinds whose issuer the law names, the
// kinds of organisation that issue them.
var DocumentIssuers = map[string][]string{
	// KL 6 kap. 9 § (1991:900 6 kap. 1 a §): the executive board's decision.
	"annual_review": {"executive_board"},
	// A general meeting is the company's own.
	"general_meeting_resolution": {"company"},
}

// DefaultReviewDeadline is the day ("MM-DD") of the year after the one
// reviewed by which the executive board's annual review is due, when a
// municipality has not set its own. The law names no day; 30 June is the
// issue's default, the day by which the companies' annual general
// meetings, held within six months of the financial year (ABL 7 kap.
// 10 §), have the past year's accounts before them.
const DefaultReviewDeadline = "06-30"

// ParseMonthDay reads "MM-DD", a day that every year has: 02-29 is
// refused, since a deadline must fall on a day in every year.
func ParseMonthDay(s string) (time.Month, int, error) {
	t, err := time.Parse("2006-01-02", "2001-"+s)
	if err != nil || len(s) != 5 {
		return 0, 0, fmt.Errorf("must be a day of the year written MM-DD, such as 06-30, that every year has, got %q", s)
	}
	return t.Month(), t.Day(), nil
}

// ReviewDeadlineIn is the day in year by which the annual review of the
// year before is due: the municipality's own review_deadline, or
// DefaultReviewDeadline.
func (o OrganizationInput) ReviewDeadlineIn(year int) Date {
	md := DefaultReviewDeadline
	if o.ReviewDeadline != nil {
		md = *o.ReviewDeadline
	}
	m, d, err := ParseMonthDay(md)
	if err != nil {
		m, d, _ = ParseMonthDay(DefaultReviewDeadline)
	}
	return NewDate(year, m, d)
}

// CheckDocumentFields judges the rule book's fields of a document against
// its kind: an annual review names its year and at least one company, and
// is decided after that year; only the kinds of DocumentRefers refer to a
// document; no organisation is named twice.
func CheckDocumentFields(in *DocumentInput) error {
	if in.Kind == "annual_review" {
		switch {
		case in.Year == nil:
			return Invalid("year", "is required for an annual review: the calendar year it covers")
		case *in.Year >= in.DecidedOn.Time().Year():
			return Invalid("year", "must be before the year of decided_on (%d): an annual review looks back on a year that has ended", in.DecidedOn.Time().Year())
		case len(in.SubjectIDs) == 0:
			return Invalid("subject_ids", "must name at least one company for an annual review: the companies it covers")
		}
	} else if in.Year != nil {
		return Invalid("year", "only an annual review covers a year, not a %s", in.Kind)
	}
	if in.RefersToID != nil && len(DocumentRefers[in.Kind]) == 0 {
		return Invalid("refers_to_id", "a %s refers to no document; only %s do", in.Kind, strings.Join(referringKinds(), ", "))
	}
	seen := map[uuid.UUID]bool{}
	for _, id := range in.SubjectIDs {
		if seen[id] {
			return Invalid("subject_ids", "names %s twice", id)
		}
		seen[id] = true
	}
	return nil
}

// referringKinds lists the kinds of DocumentRefers in order.
func referringKinds() []string {
	var out []string
	for k := range DocumentRefers {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
