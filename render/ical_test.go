package render_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// contentLine is one unfolded line of an iCalendar stream.
type contentLine struct {
	name   string
	params map[string]string
	value  string
}

// parseICalendar is a small strict reader of RFC 5545: every physical
// line ends in CRLF and is at most 75 octets, a continuation begins with
// one space, no line break or control character stands unescaped, and
// each content line is name, parameters and value. It fails the test on
// anything else and returns the unfolded lines.
func parseICalendar(t *testing.T, b []byte) []contentLine {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("the stream does not end with CRLF")
	}
	var logical []string
	for i, phys := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(phys) > 75 {
			t.Errorf("line %d is %d octets, more than 75: %q", i+1, len(phys), phys)
		}
		if strings.ContainsAny(phys, "\r\n") || !utf8.ValidString(phys) {
			t.Errorf("line %d holds a bare CR or LF, or is not UTF-8: %q", i+1, phys)
		}
		if strings.HasPrefix(phys, " ") {
			if len(logical) == 0 {
				t.Fatal("the stream begins with a continuation")
			}
			logical[len(logical)-1] += phys[1:]
			continue
		}
		logical = append(logical, phys)
	}
	out := make([]contentLine, len(logical))
	for i, l := range logical {
		out[i] = parseContentLine(t, l)
	}
	return out
}

func parseContentLine(t *testing.T, l string) contentLine {
	t.Helper()
	colon := strings.IndexByte(l, ':')
	if colon < 1 {
		t.Fatalf("no name and value in %q", l)
	}
	head := strings.Split(l[:colon], ";")
	c := contentLine{name: head[0], params: map[string]string{}, value: l[colon+1:]}
	for _, p := range head[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			t.Fatalf("parameter %q without value in %q", p, l)
		}
		c.params[k] = v
	}
	for _, r := range c.name {
		if !(r >= 'A' && r <= 'Z' || r == '-') {
			t.Fatalf("property name %q in %q", c.name, l)
		}
	}
	return c
}

// unescapeText reads a TEXT value, refusing an unescaped , or ; and an
// escape RFC 5545 does not define.
func unescapeText(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case ',', ';':
			t.Fatalf("unescaped %q in %q", c, v)
		case '\\':
			i++
			if i == len(v) {
				t.Fatalf("a lone backslash ends %q", v)
			}
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ',', ';':
				b.WriteByte(v[i])
			default:
				t.Fatalf("unknown escape \\%c in %q", v[i], v)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestICalendar(t *testing.T) {
	done := koncern.MustDate("2006-11-27")
	long := "Bolaget; med ett namn, som är långt och har åäö, citattecken \"så\" och \\ snedstreck " + strings.Repeat("ö", 60)
	duties := []analysis.Duty{
		{ID: "term_expiry/" + uuid.NewString() + "/2006-12-31", Kind: analysis.DutyTermExpiry, Due: koncern.MustDate("2006-12-31"),
			Subject: analysis.Subject{Type: "post", ID: uuid.New(), Name: long}, Status: analysis.DutyOverdue,
			Description: analysis.Texts{SV: "Rad ett\r\nrad två\rrad tre", EN: "x"}},
		{ID: "lay_auditor_appointment/x/2007-01-01", Kind: analysis.DutyLayAuditors, Due: koncern.MustDate("2007-01-01"),
			Subject: analysis.Subject{Type: "organization", ID: uuid.New(), Name: "Elmia AB"}, Status: analysis.DutyDone, Basis: "KL (1991:900) 3 kap. 17 §",
			Done:        &analysis.Done{On: done, Record: analysis.Subject{Name: "Rune holds Elmia AB / Lekmannarevisor"}, Document: &analysis.Subject{Name: "Val av lekmannarevisorer"}},
			Description: analysis.Texts{SV: "Elmia AB behöver lekmannarevisorer.", EN: "x"}},
	}
	var buf bytes.Buffer
	stamp := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if err := render.ICalendar(&buf, "Efterlevnadskalender, Jönköpings kommun", duties, stamp); err != nil {
		t.Fatal(err)
	}
	lines := parseICalendar(t, buf.Bytes())
	if lines[0].name != "BEGIN" || lines[0].value != "VCALENDAR" || lines[len(lines)-1].value != "VCALENDAR" {
		t.Fatalf("not one VCALENDAR: %+v", lines)
	}
	events := splitEvents(t, lines)
	if len(events) != len(duties) {
		t.Fatalf("%d events for %d duties", len(events), len(duties))
	}
	cal := props(lines)
	if got := unescapeText(t, cal["X-WR-CALNAME"].value); got != "Efterlevnadskalender, Jönköpings kommun" {
		t.Errorf("X-WR-CALNAME %q", got)
	}
	for _, want := range []string{"VERSION", "PRODID"} {
		if _, ok := cal[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	t.Run("OneAllDayEventPerDuty", func(t *testing.T) {
		for i, e := range events {
			d := duties[i]
			if e["UID"].value != d.ID+"@koncernregistret" {
				t.Errorf("UID %q for %s", e["UID"].value, d.ID)
			}
			start := strings.ReplaceAll(d.Due.String(), "-", "")
			if e["DTSTART"].value != start || e["DTSTART"].params["VALUE"] != "DATE" {
				t.Errorf("DTSTART %+v, want the date %s", e["DTSTART"], start)
			}
			if e["DTEND"].value != strings.ReplaceAll(d.Due.AddDays(1).String(), "-", "") {
				t.Errorf("DTEND %+v is not the next day", e["DTEND"])
			}
			if e["DTSTAMP"].value != "20261207T100000Z" {
				t.Errorf("DTSTAMP %q", e["DTSTAMP"].value)
			}
		}
	})
	t.Run("TextRoundTrips", func(t *testing.T) {
		if got := unescapeText(t, events[0]["SUMMARY"].value); got != "Uppdrag löper ut: "+long {
			t.Errorf("SUMMARY %q", got)
		}
		if got := unescapeText(t, events[0]["DESCRIPTION"].value); !strings.HasPrefix(got, "Rad ett\nrad två\nrad tre\nStatus: Försenad") {
			t.Errorf("DESCRIPTION %q", got)
		}
		got := unescapeText(t, events[1]["DESCRIPTION"].value)
		for _, want := range []string{"Status: Klar", "Klart 2006-11-27 genom Val av lekmannarevisorer", "Grund: KL (1991:900) 3 kap. 17 §"} {
			if !strings.Contains(got, want) {
				t.Errorf("DESCRIPTION %q lacks %q", got, want)
			}
		}
	})
	t.Run("TheLibraryReadsItBack", func(t *testing.T) {
		cal, err := ics.ParseCalendar(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		evs := cal.Events()
		if len(evs) != 2 || evs[0].Id() != duties[0].ID+"@koncernregistret" {
			t.Fatalf("parsed %d events", len(evs))
		}
		if got := evs[0].GetProperty(ics.ComponentPropertySummary).Value; got != "Uppdrag löper ut: "+long {
			t.Errorf("parsed SUMMARY %q", got)
		}
	})
}

// splitEvents returns the properties of each VEVENT, by name.
func splitEvents(t *testing.T, lines []contentLine) []map[string]contentLine {
	t.Helper()
	var out []map[string]contentLine
	var cur []contentLine
	in := false
	for _, l := range lines {
		switch {
		case l.name == "BEGIN" && l.value == "VEVENT":
			in, cur = true, nil
		case l.name == "END" && l.value == "VEVENT":
			out = append(out, props(cur))
			in = false
		case in:
			cur = append(cur, l)
		}
	}
	return out
}

func props(lines []contentLine) map[string]contentLine {
	m := map[string]contentLine{}
	for _, l := range lines {
		if _, ok := m[l.name]; !ok {
			m[l.name] = l
		}
	}
	return m
}
