package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/i18n"
)

// statusOrder reads the statuses of the calendar's rows, in order.
var statusOrder = regexp.MustCompile(`<tr class="duty" data-status="([a-z]+)"`)

func TestCalendarPage(t *testing.T) {
	h := newHarness(t)
	muni := h.municipality().ID.String()
	c := h.signedIn(koncern.AccessReader)
	path := "/calendar?from=2003-01-01&to=2012-12-31&municipality=" + muni

	t.Run("OverdueFirstThenDueThenDone", func(t *testing.T) {
		body := c.in(t).h.page(c.get(path + "&at=2006-12-15"))
		var statuses []string
		for _, m := range statusOrder.FindAllStringSubmatch(body, -1) {
			statuses = append(statuses, m[1])
		}
		if len(statuses) == 0 || statuses[0] != analysis.DutyOverdue {
			t.Fatalf("statuses %v, want overdue first", statuses)
		}
		rank := map[string]int{analysis.DutyOverdue: 0, analysis.DutyDue: 1, analysis.DutyDone: 2}
		for i := 1; i < len(statuses); i++ {
			if rank[statuses[i]] < rank[statuses[i-1]] {
				t.Fatalf("statuses out of order: %v", statuses)
			}
		}
		for _, want := range []string{analysis.DutyDue, analysis.DutyDone} {
			if !strings.Contains(strings.Join(statuses, " "), want) {
				t.Errorf("no %s duty on 2006-12-15 among %v", want, statuses)
			}
		}
	})

	t.Run("LinksToSubjectAndDocument", func(t *testing.T) {
		body := c.in(t).h.page(c.get(path))
		for _, want := range []string{
			i18n.Label("duty_kind", analysis.DutyMandatePeriodEnd, i18n.SV), "Kommunfullmäktiges mandatperiod 2002-11-01–2006-10-31 slutar",
			"Val av kommunstyrelsens ordförande och av lekmannarevisorer 2007–2010", `href="/documents/`, `href="/organizations/`,
			"KL (1991:900) 5 kap. 5 §", "format=ics", "/api/v1/calendar?format=ics&amp;municipality=" + muni,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
	})

	t.Run("English", func(t *testing.T) {
		body := c.in(t).h.page(c.get(path + "&lang=en"))
		if !strings.Contains(body, "mandate period 2002-11-01–2006-10-31 ends in Jönköpings kommun") || !strings.Contains(body, "Compliance calendar") {
			t.Error("the English page is not in English")
		}
	})

	t.Run("Downloads", func(t *testing.T) {
		c.in(t).download(t, path, "csv", "id,due,status,kind,subject_type,subject_id,subject,municipality,basis,done_on,done_by_type,done_by_id,done_by,document_id,document,description_sv,description_en")
		c.in(t).download(t, path, "xlsx", "")
		res, body := c.get(path + "&format=ics")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
			!strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(body, "BEGIN:VEVENT") {
			t.Errorf("the iCalendar file: %d %q %.40q", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	})

	t.Run("ToBeforeFromNamesTo", func(t *testing.T) {
		body := c.in(t).h.expect(http.StatusBadRequest)(c.get("/calendar?from=2006-01-01&to=2005-01-01"))
		if !strings.Contains(body, "to") {
			t.Error("the refusal does not name to")
		}
	})
}
