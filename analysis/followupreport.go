package analysis

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// FollowUpItem is one recommendation in the follow-up: its words, report,
// addressee and answer by name, and its status on the report's day.
type FollowUpItem struct {
	ID        uuid.UUID `json:"id"`
	ReportID  uuid.UUID `json:"report_id"`
	Report    string    `json:"report"`
	Text      string    `json:"text"`
	Addressed Subject   `json:"addressed"`
	// DueOn is the day by which the recommendation is to be followed.
	DueOn *koncern.Date `json:"due_on"`
	// ResponseDocumentID, Response and ResponseText are the answer: its
	// document, that document's name, and the text recorded with it.
	ResponseDocumentID *uuid.UUID `json:"response_document_id"`
	Response           *string    `json:"response"`
	ResponseText       *string    `json:"response_text"`
	// JudgedBy is the caller who recorded the auditors' judgment.
	JudgedBy *string  `json:"judged_by"`
	FollowUp FollowUp `json:"follow_up"`
}

// FollowUpTotals count the recommendations of a follow-up by status, and
// the mean number of days the resolved ones took, rounded to whole days
// (null when none is resolved).
type FollowUpTotals struct {
	Given              int  `json:"given"`
	Open               int  `json:"open"`
	Answered           int  `json:"answered"`
	Overdue            int  `json:"overdue"`
	Reopened           int  `json:"reopened"`
	Resolved           int  `json:"resolved"`
	ResolvedByJudgment int  `json:"resolved_by_judgment"`
	MeanDaysToResolve  *int `json:"mean_days_to_resolve"`
}

// FollowUpReport is the auditors' follow-up of a municipality's
// recommendations given in one year, as they stand on day On.
type FollowUpReport struct {
	MunicipalityID uuid.UUID      `json:"municipality_id"`
	Year           int            `json:"year"`
	On             koncern.Date   `json:"on"`
	Totals         FollowUpTotals `json:"totals"`
	Items          []FollowUpItem `json:"items"`
}

// NewFollowUpReport orders the items by the day and name of their report
// and counts them.
func NewFollowUpReport(municipality uuid.UUID, year int, on koncern.Date, items []FollowUpItem) FollowUpReport {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b FollowUpItem) int {
		return cmp.Or(a.FollowUp.GivenOn.Time().Compare(b.FollowUp.GivenOn.Time()), cmp.Compare(a.Report, b.Report),
			cmp.Compare(a.ID.String(), b.ID.String()))
	})
	if items == nil {
		items = []FollowUpItem{}
	}
	return FollowUpReport{MunicipalityID: municipality, Year: year, On: on, Totals: countFollowUps(items), Items: items}
}

func countFollowUps(items []FollowUpItem) FollowUpTotals {
	t := FollowUpTotals{Given: len(items)}
	days := 0
	for _, it := range items {
		f := it.FollowUp
		switch f.Status {
		case StatusOpen:
			t.Open++
		case StatusAnswered:
			t.Answered++
		case StatusOverdue:
			t.Overdue++
		case StatusReopened:
			t.Reopened++
		case StatusResolved:
			t.Resolved++
			days += *f.DaysToResolve
			if f.ByJudgment {
				t.ResolvedByJudgment++
			}
		}
	}
	if t.Resolved > 0 {
		mean := (days + t.Resolved/2) / t.Resolved
		t.MeanDaysToResolve = &mean
	}
	return t
}

// FollowUpTable lays the report's recommendations out for CSV and XLSX,
// one row each, the evidence of a resolution in one cell.
func FollowUpTable(r FollowUpReport) Table {
	t := Table{Columns: []string{"id", "report", "given_on", "text", "addressed", "due_on", "status", "since", "by_judgment",
		"days_to_resolve", "answered_on", "response", "judgment_comment", "evidence"},
		Types: map[string]ColumnType{"given_on": DateColumn, "due_on": DateColumn, "since": DateColumn, "by_judgment": BoolColumn,
			"days_to_resolve": CountColumn, "answered_on": DateColumn}}
	for _, it := range r.Items {
		f := it.FollowUp
		evidence := make([]string, len(f.Evidence))
		for i, e := range f.Evidence {
			evidence[i] = e.Change + ": " + e.Description
		}
		t.Rows = append(t.Rows, []string{it.ID.String(), it.Report, f.GivenOn.String(), it.Text, it.Addressed.Name,
			dateText(it.DueOn), f.Status, f.Since.String(), strconv.FormatBool(f.ByJudgment), intText(f.DaysToResolve),
			dateText(f.AnsweredOn), textOf(it.Response), textOf(f.JudgmentComment), strings.Join(evidence, "; ")})
	}
	return t
}

// FollowUpTotalsTable lays the totals out as one row, the second sheet of
// the report's workbook.
func FollowUpTotalsTable(r FollowUpReport) Table {
	t := r.Totals
	return Table{
		Columns: []string{"year", "on", "given", "open", "answered", "overdue", "reopened", "resolved", "resolved_by_judgment", "mean_days_to_resolve"},
		Types: map[string]ColumnType{"year": CountColumn, "on": DateColumn, "given": CountColumn, "open": CountColumn, "answered": CountColumn,
			"overdue": CountColumn, "reopened": CountColumn, "resolved": CountColumn, "resolved_by_judgment": CountColumn, "mean_days_to_resolve": CountColumn},
		Rows: [][]string{{strconv.Itoa(r.Year), r.On.String(), strconv.Itoa(t.Given), strconv.Itoa(t.Open), strconv.Itoa(t.Answered),
			strconv.Itoa(t.Overdue), strconv.Itoa(t.Reopened), strconv.Itoa(t.Resolved), strconv.Itoa(t.ResolvedByJudgment),
			intText(t.MeanDaysToResolve)}},
	}
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
