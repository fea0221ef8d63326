package render

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/i18n"
)

// MediaICalendar is the media type of a calendar feed.
const MediaICalendar = "text/calendar; charset=utf-8"

// uidDomain makes a duty's id a globally unique UID, as RFC 5545 asks.
const uidDomain = "@koncernregistret"

// ICalendar writes duties as an iCalendar feed (RFC 5545) that a calendar
// program subscribes to: one all-day event per duty on its due date, in
// Swedish, with its status and what did it. The UID is the duty's id, the
// same in every answer, so a program that refreshes the feed updates an
// event rather than adding another. stamp is when the feed was made.
//
// golang-ical folds lines at 75 octets and escapes the text values; the
// text is given LF line ends only, since it leaves a carriage return as it
// is, which would end the content line.
func ICalendar(w io.Writer, name string, duties []analysis.Duty, stamp time.Time) error {
	cal := ics.NewCalendarFor("Koncernregistret")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(plain(name))
	cal.SetName(plain(name))
	cal.SetCalscale("GREGORIAN")
	for _, d := range duties {
		e := cal.AddEvent(d.ID + uidDomain)
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(d.Due.Time())
		e.SetAllDayEndAt(d.Due.AddDays(1).Time())
		e.SetSummary(plain(summary(d)))
		e.SetDescription(plain(description(d)))
		e.SetStatus(ics.ObjectStatusConfirmed)
		e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		e.AddCategory(plain(label("duty_kind", d.Kind)))
		e.AddCategory(plain(label("duty_status", d.Status)))
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// CalendarName names a calendar feed after the registry and, for one
// municipality's calendar, after the municipality.
func CalendarName(s *analysis.Snapshot) string {
	name := "Koncernregistret – efterlevnadskalender"
	if m := s.Data().Municipality; m != nil {
		name += " – " + s.Name(*m)
	}
	return name
}

func label(vocabulary, value string) string { return i18n.Label(vocabulary, value, i18n.SV) }

// summary is the event's title: what is due, of whom.
func summary(d analysis.Duty) string {
	return label("duty_kind", d.Kind) + ": " + d.Subject.Name
}

// description is the event's text: the duty, its status and what did it.
func description(d analysis.Duty) string {
	lines := []string{d.Description.SV, "Status: " + label("duty_status", d.Status)}
	if d.Done != nil {
		by := d.Done.Record.Name
		if d.Done.Document != nil {
			by = d.Done.Document.Name
		}
		lines = append(lines, "Klart "+d.Done.On.String()+" genom "+by)
	}
	if d.Basis != "" {
		lines = append(lines, "Grund: "+d.Basis)
	}
	if d.Municipality != nil {
		lines = append(lines, "Kommun: "+d.Municipality.Name)
	}
	return strings.Join(lines, "\n")
}

// plain gives text LF line ends only.
func plain(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}
