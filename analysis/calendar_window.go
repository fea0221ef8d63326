package analysis

import (
	"fmt"
	"time"

	"github.com/koncernregistret/koncern"
)

// MaxCalendarYears bounds the days one calendar covers: two and a half
// mandate periods, enough to look back over one and ahead over the next,
// and few enough that a national registry's duties stay a readable answer.
const MaxCalendarYears = 10

// calendarLookahead is how far past a calendar's last day what did a duty
// may lie: the appointments of a new mandate period are recorded within
// the four years of that period.
const calendarLookahead = 4

// CalendarWindow reads the days a calendar covers. Without from and to it
// is the year before the day at and the year after it; with one of them,
// the two years from from, or up to to. It refuses a to before from and a
// window longer than MaxCalendarYears, naming the field.
func CalendarWindow(from, to *koncern.Date, at koncern.Date) (koncern.Period, []koncern.FieldError) {
	start, end := addYears(at, -1), addYears(at, 1)
	switch {
	case from != nil && to != nil:
		start, end = *from, *to
	case from != nil:
		start, end = *from, addYears(*from, 2)
	case to != nil:
		start, end = addYears(*to, -2), *to
	}
	w := koncern.Period{From: start, To: &end}
	switch {
	case end.Before(start):
		return w, []koncern.FieldError{{Field: "to", Message: "must not be before from"}}
	case !end.Before(addYears(start, MaxCalendarYears)):
		return w, []koncern.FieldError{{Field: "to", Message: fmt.Sprintf("must lie less than %d years after from (%s): a calendar covers at most %d years", MaxCalendarYears, start, MaxCalendarYears)}}
	}
	return w, nil
}

// CalendarLoad is the window a calendar's snapshot must cover: the
// calendar's days and the years after them in which what did a duty may
// lie.
func CalendarLoad(window koncern.Period) koncern.Period {
	end := addYears(*window.To, calendarLookahead)
	if end.Before(koncern.LastDate) {
		end = end.AddDays(1)
	}
	return koncern.Period{From: window.From, To: &end}
}

// addYears moves a date by years, kept within the registry's calendar.
func addYears(d koncern.Date, years int) koncern.Date {
	t := d.Time().AddDate(years, 0, 0)
	switch {
	case t.Before(koncern.FirstDate.Time()):
		return koncern.FirstDate
	case t.After(koncern.LastDate.Time()):
		return koncern.LastDate
	}
	return koncern.DateOf(t.In(time.UTC))
}
