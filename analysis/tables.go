package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Table is a tabular report as rows of text, ready for CSV. Types says
// what the columns named in it hold, so that a spreadsheet can show them as
// what they are (exchange.NewBook): every cell of such a column is empty
// or the text its ColumnType describes. A column it does not name is text.
//
// The rows stay text rather than typed values so that the CSV and the
// workbook cannot disagree: the workbook reads each cell back from the
// very text the CSV writes.
type Table struct {
	Columns []string
	Types   map[string]ColumnType
	Rows    [][]string
}

// ColumnType is what a table's column holds, and the text each cell of it
// is written as.
type ColumnType int

// The column types.
const (
	// TextColumn holds text.
	TextColumn ColumnType = iota
	// DateColumn holds days as YYYY-MM-DD (koncern.Date).
	DateColumn
	// CountColumn holds whole numbers in decimal digits: shares, votes,
	// days, depths.
	CountColumn
	// NumberColumn holds decimal numbers with a point, such as 12.5.
	NumberColumn
	// PercentColumn holds percentages in points with a decimal point, as
	// ownership.Percent writes them: "66.67" is 66.67 %.
	PercentColumn
	// BoolColumn holds true or false.
	BoolColumn
)

// Type is the type of the named column, text when Types does not name it.
func (t Table) Type(column string) ColumnType { return t.Types[column] }

// Record names one stored record of any kind in a report.
type Record struct {
	Type string    `json:"type"`
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	koncern.Period
}

// records lists every record of the snapshot with a name for people.
func (s *Snapshot) records() []Record {
	var out []Record
	for _, o := range s.data.Organizations {
		if s.inScope(o.MunicipalityID) {
			out = append(out, Record{"organization", o.ID, o.Name, o.Period})
		}
	}
	for _, p := range s.data.People {
		out = append(out, Record{"person", p.ID, p.Name, p.Period})
	}
	for i := range s.data.Posts {
		if p := &s.data.Posts[i]; s.inScope(p.MunicipalityID) {
			out = append(out, Record{"post", p.ID, s.postName(p), p.Period})
		}
	}
	for i := range s.data.Assignments {
		a := &s.data.Assignments[i]
		out = append(out, Record{"assignment", a.ID, s.assignmentEvidence(a).Description, a.Period})
	}
	for i := range s.data.Stakes {
		if st := &s.data.Stakes[i]; s.inScope(st.MunicipalityID) || s.ownedHere(st.OwnerID) {
			out = append(out, Record{"stake", st.ID, fmt.Sprintf("%s holds %d shares, %d votes in %s",
				s.nodeName(st.OwnerID), st.Shares, st.Votes, s.nodeName(st.CompanyID)), st.Period})
		}
	}
	for i := range s.data.Lines {
		if l := &s.data.Lines[i]; s.inScope(l.MunicipalityID) || s.subjectInScope(l.Source()) {
			out = append(out, Record{"steering_line", l.ID, s.lineEvidence(l).Description, l.Period})
		}
	}
	for _, d := range s.data.Documents {
		if s.inScope(d.MunicipalityID) {
			out = append(out, Record{"document", d.ID, d.Title, d.Period})
		}
	}
	return out
}

// ownedHere reports whether an organisation belongs to the snapshot's group.
func (s *Snapshot) ownedHere(id uuid.UUID) bool {
	o := s.orgs[id]
	return o != nil && s.inScope(o.MunicipalityID)
}

// Change is one record starting or ending within a report's period.
type Change struct {
	Date   koncern.Date `json:"date"`
	Change string       `json:"change"` // started or ended
	Record
}

// Changes lists what began and what ended between from and to, inclusive:
// a record ends on its last day, valid_to. They are ordered by date,
// started before ended, type and id (changeKey), an order PageChanges
// pages through.
func Changes(s *Snapshot, from, to Day) []Change {
	window := Span{from, to}
	out := []Change{}
	for _, r := range s.records() {
		span := SpanOf(r.Period)
		if window.Contains(span.From) {
			out = append(out, Change{Date: r.From, Change: "started", Record: r})
		}
		if span.To != Forever && window.Contains(span.To) {
			out = append(out, Change{Date: *r.To, Change: "ended", Record: r})
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return compareKeys(keyOf(a), keyOf(b)) })
	return out
}

// ChangesTable lays out changes for CSV.
func ChangesTable(cs []Change) Table {
	t := Table{Columns: []string{"date", "change", "type", "id", "name", "valid_from", "valid_to"},
		Types: map[string]ColumnType{"date": DateColumn, "valid_from": DateColumn, "valid_to": DateColumn}}
	for _, c := range cs {
		t.Rows = append(t.Rows, []string{c.Date.String(), c.Change, c.Type, c.ID.String(), c.Name, c.From.String(), dateText(c.To)})
	}
	return t
}

// Expiry is a record whose period ends soon.
type Expiry struct {
	DaysLeft int `json:"days_left"`
	Record
}

// Expiring lists the records whose last day falls within the next within
// days from today (today included), soonest first.
func Expiring(s *Snapshot, today Day, within int) []Expiry {
	window := Span{today, today + Day(within)}
	out := []Expiry{}
	for _, r := range s.records() {
		if end := SpanOf(r.Period).To; end != Forever && window.Contains(end) {
			out = append(out, Expiry{DaysLeft: int(end - today), Record: r})
		}
	}
	slices.SortFunc(out, func(a, b Expiry) int {
		return cmp.Or(cmp.Compare(a.DaysLeft, b.DaysLeft), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ExpiringTable lays out expiries for CSV.
func ExpiringTable(es []Expiry) Table {
	t := Table{Columns: []string{"valid_to", "days_left", "type", "id", "name", "valid_from"},
		Types: map[string]ColumnType{"valid_to": DateColumn, "days_left": CountColumn, "valid_from": DateColumn}}
	for _, e := range es {
		t.Rows = append(t.Rows, []string{dateText(e.To), strconv.Itoa(e.DaysLeft), e.Type, e.ID.String(), e.Name, e.From.String()})
	}
	return t
}

// Interlock is a person holding posts in several steering bodies on one
// day: the same person on a nämnd, a company board and a forum, say.
type Interlock struct {
	Person Subject   `json:"person"`
	Bodies []Subject `json:"bodies"`
	Posts  []Subject `json:"posts"`
}

// Organisation kinds that steer: councils, boards, committees, company
// boards and forums. In a company only the board's seats count; its VD
// is staff.
var steeringBodies = []string{"council", "executive_board", "committee", "company", "forum"}

// Interlocks lists the people who hold posts in two or more steering
// bodies on day d, those with the most bodies first.
func Interlocks(s *Snapshot, d Day) []Interlock {
	out := []Interlock{}
	for i := range s.data.People {
		if il, ok := s.interlock(&s.data.People[i], d); ok {
			out = append(out, il)
		}
	}
	slices.SortFunc(out, func(a, b Interlock) int {
		return cmp.Or(cmp.Compare(len(b.Bodies), len(a.Bodies)), cmp.Compare(a.Person.Name, b.Person.Name))
	})
	return out
}

func (s *Snapshot) interlock(person *koncern.Person, d Day) (Interlock, bool) {
	il := Interlock{Person: Subject{Type: "person", ID: person.ID, Name: person.Name}}
	seen := map[uuid.UUID]bool{}
	for _, a := range s.assignmentsByWho[person.ID] {
		p := s.posts[a.PostID]
		if p == nil || !SpanOf(a.Period).Contains(d) {
			continue
		}
		o := s.orgs[p.OrganizationID]
		if o == nil || !slices.Contains(steeringBodies, o.Kind) || (o.Kind == "company" && !slices.Contains(boardRoles, p.Role)) {
			continue
		}
		il.Posts = append(il.Posts, s.postSubject(p))
		if !seen[o.ID] {
			seen[o.ID] = true
			il.Bodies = append(il.Bodies, orgSubject(o))
		}
	}
	slices.SortFunc(il.Bodies, func(a, b Subject) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(il.Posts, func(a, b Subject) int { return cmp.Compare(a.Name, b.Name) })
	return il, len(il.Bodies) > 1
}

// InterlocksTable lays out interlocks for CSV.
func InterlocksTable(ils []Interlock) Table {
	t := Table{Columns: []string{"person_id", "person", "bodies", "body_names", "posts"}, Types: map[string]ColumnType{"bodies": CountColumn}}
	for _, il := range ils {
		t.Rows = append(t.Rows, []string{il.Person.ID.String(), il.Person.Name, strconv.Itoa(len(il.Bodies)),
			joinNames(il.Bodies), joinNames(il.Posts)})
	}
	return t
}

// FindingsTable lays out findings for CSV, one row per finding. The
// sources column cites each text with the days on which it applied, such
// as "KL (1991:900) 3 kap. 17 §: 2017-06-01..2017-12-31; KL (2017:725)
// 10 kap. 3 §: 2018-01-01..2018-03-31" (a text cited on several runs of
// days lists them with commas). first_day and last_day bound its periods,
// as dates a spreadsheet can sort and filter by; last_day is empty while
// the finding still holds at the end of the days asked about.
func FindingsTable(fs []Finding) Table {
	t := Table{Columns: []string{"rule", "severity", "subject_type", "subject_id", "subject", "detail", "periods", "evidence", "sources",
		"first_day", "last_day"}, Types: map[string]ColumnType{"first_day": DateColumn, "last_day": DateColumn}}
	for _, f := range fs {
		evidence := make([]string, len(f.Evidence))
		for i, e := range f.Evidence {
			evidence[i] = e.Description
		}
		sources := make([]string, len(f.Sources))
		for i, c := range f.Sources {
			sources[i] = c.Citation + ": " + periodsText(c.Periods, ", ")
		}
		t.Rows = append(t.Rows, []string{f.Rule, f.Severity, f.Subject.Type, f.Subject.ID.String(), f.Subject.Name,
			f.Detail, periodsText(f.Periods, "; "), strings.Join(evidence, "; "), strings.Join(sources, "; "), firstDay(f.Periods), lastDay(f.Periods)})
	}
	return t
}

// firstDay and lastDay are the bounds of ordered periods as text, empty
// when there are none or the last is open.
func firstDay(ps []koncern.Period) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].From.String()
}

func lastDay(ps []koncern.Period) string {
	if len(ps) == 0 {
		return ""
	}
	return dateText(ps[len(ps)-1].To)
}

// periodsText writes periods as "from..to" ("from.." when open), joined
// by sep.
func periodsText(ps []koncern.Period, sep string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.From.String() + ".." + dateText(p.To)
	}
	return strings.Join(out, sep)
}

func joinNames(ss []Subject) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return strings.Join(names, "; ")
}

func dateText(d *koncern.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}
