package koncern

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is the one textual form of a calendar date, in the API and in
// query parameters alike.
const DateLayout = "2006-01-02"

// Date is a calendar date. It is stored as midnight UTC so that the same
// value compares equal on every engine; SQLite compares times as text, so a
// zone other than UTC would order dates wrongly.
type Date struct{ t time.Time }

// NewDate returns the date of y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t as seen in t's own location.
func DateOf(t time.Time) Date {
	return NewDate(t.Date())
}

// The registry's calendar: years before 1000 would collide with the zero
// date that means "not set", and the last day is the last four-digit one.
var (
	FirstDate = NewDate(1000, time.January, 1)
	LastDate  = NewDate(9999, time.December, 31)
)

// ParseDate reads YYYY-MM-DD and rejects anything else, including dates that
// do not exist such as 2003-02-30 and dates outside FirstDate..LastDate.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("must be a date written YYYY-MM-DD, got %q", s)
	}
	d := Date{t}
	if d.Before(FirstDate) || d.After(LastDate) {
		return Date{}, fmt.Errorf("must lie between %s and %s", FirstDate, LastDate)
	}
	return d, nil
}

// MustDate parses s and panics on error. It exists for tests and for the
// fixed demo data, never for input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether d was never set.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// AddDays returns the date n days later (or earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// MarshalJSON writes the date as a JSON string.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a JSON string in YYYY-MM-DD form.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a date written YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Period is a validity interval of calendar dates. To is the last day on
// which the record holds (inclusive, as Swedish decisions write "t.o.m.");
// a nil To means the record is still in force.
type Period struct {
	From Date  `json:"valid_from" validate:"required"`
	To   *Date `json:"valid_to"`
}

// Contains reports whether the period holds on day d.
func (p Period) Contains(d Date) bool {
	return !d.Before(p.From) && (p.To == nil || !d.After(*p.To))
}

// Overlaps reports whether p and o share at least one day.
func (p Period) Overlaps(o Period) bool {
	if p.To != nil && p.To.Before(o.From) {
		return false
	}
	if o.To != nil && o.To.Before(p.From) {
		return false
	}
	return true
}

// Covers reports whether every day of inner is also a day of p.
func (p Period) Covers(inner Period) bool {
	if inner.From.Before(p.From) {
		return false
	}
	if p.To == nil {
		return true
	}
	return inner.To != nil && !inner.To.After(*p.To)
}

// String formats the period the way the API's messages write it.
func (p Period) String() string {
	if p.To == nil {
		return p.From.String() + "–"
	}
	return p.From.String() + "–" + p.To.String()
}

// Span returns the period itself; every input embeds a Period, so generic
// code reaches the period of any input through this method.
func (p Period) Span() Period { return p }

// Record returns the metadata itself; every stored value embeds Meta, so
// generic code reaches any record's id and version through this method.
func (m Meta) Record() Meta { return m }

// Intersect returns the days p shares with o; ok is false when they share
// none.
func (p Period) Intersect(o Period) (Period, bool) {
	if !p.Overlaps(o) {
		return Period{}, false
	}
	out := p
	if out.From.Before(o.From) {
		out.From = o.From
	}
	if o.To != nil && (out.To == nil || out.To.After(*o.To)) {
		out.To = o.To
	}
	return out, true
}
