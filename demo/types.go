package demo

import "github.com/koncernregistret/koncern"

// start is the registry's first day: the municipality, its bodies and
// every record without a date of its own begin here.
var start = koncern.MustDate("2003-01-01")

// day reads a literal date of the tables; the empty string is start.
func day(s string) koncern.Date {
	if s == "" {
		return start
	}
	return koncern.MustDate(s)
}

// span is the period from..to of the tables: "" as from is start, "" as to
// is still in force.
func span(from, to string) koncern.Period {
	p := koncern.Period{From: day(from)}
	if to != "" {
		p.To = ptr(koncern.MustDate(to))
	}
	return p
}

// ref names an organisation, or a post in it when Title is set. Posts are
// known by organisation and title, which the tables keep unique.
type ref struct{ Org, Title string }

func org(name string) ref        { return ref{Org: name} }
func post(org, title string) ref { return ref{Org: org, Title: title} }
func (x ref) isPost() bool       { return x.Title != "" }

func (x ref) String() string {
	if x.isPost() {
		return quote(x.Org + " / " + x.Title)
	}
	return quote(x.Org)
}

// tenure is one person's holding of a post, from..to as in span.
type tenure struct{ Person, From, To string }

func (t tenure) period() koncern.Period { return span(t.From, t.To) }

// held is the tenure of a post held by one person throughout.
func held(person string) []tenure { return []tenure{{Person: person}} }

// clip narrows p to the days it shares with within; ok is false when they
// share none.
func clip(p, within koncern.Period) (koncern.Period, bool) { return p.Intersect(within) }

// orgSpec is one organisation of the tables.
type orgSpec struct {
	Name, Kind, Parent string
	From               string
	OrgNumber          string
	StaffFTE           float64
	Shares, Votes      int64 // a company's totals
	// ReviewDeadline is a municipality's deadline for the annual review.
	ReviewDeadline string
}

// postSpec is one post and the people who hold it over time; a gap between
// tenures is a vacancy.
type postSpec struct {
	At        ref
	Role      string
	Political bool
	From      string
	Holders   []tenure
}

// docSpec is one decision document; From "" means in force on the day of
// the decision, To "" in force until further notice.
type docSpec struct {
	Title, Kind, Issuer string
	DecidedOn, From, To string
	Reference           string
	// Subjects names the organisations the document concerns; RefersTo
	// the title of the document it adopts or approves; Year the year an
	// annual review covers.
	Subjects []string
	RefersTo string
	Year     int
}

// lineSpec is one steering line, in force Start..End as in span.
type lineSpec struct {
	From, To         ref
	Kind, Basis, Doc string
	Start, End       string
	Note             string
}
