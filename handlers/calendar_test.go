package handlers_test

import (
	"bytes"
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/viewer"
)

// ctICS is the media type of the calendar feed.
const ctICS = "text/calendar; charset=utf-8"

type (
	dutyRecordJSON struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	dutyJSON struct {
		ID      string         `json:"id"`
		Kind    string         `json:"kind"`
		Due     string         `json:"due"`
		Subject dutyRecordJSON `json:"subject"`
		Status  string         `json:"status"`
		Basis   string         `json:"basis"`
		Done    *struct {
			On       string          `json:"on"`
			Record   dutyRecordJSON  `json:"record"`
			Document *dutyRecordJSON `json:"document"`
		} `json:"done"`
	}
	calendarJSON struct {
		Window periodJSON `json:"window"`
		At     string     `json:"at"`
		Items  []dutyJSON `json:"items"`
	}
)

// duty finds the one duty of kind, due on due, about a subject whose name
// contains name.
func (c calendarJSON) duty(t *testing.T, kind, due, name string) dutyJSON {
	t.Helper()
	var found []dutyJSON
	for _, d := range c.Items {
		if d.Kind == kind && d.Due == due && strings.Contains(d.Subject.Name, name) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d duties %s due %s about %q among %d", len(found), kind, due, name, len(c.Items))
	}
	return found[0]
}

// TestCalendarRoute runs the calendar over the demo's two mandate periods
// after the review, in every format, and its refusals. The harness checks
// each answer against openapi.yaml.
func TestCalendarRoute(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	muni := sum.Municipality.String()
	base := "/api/v1/calendar?from=2003-01-01&to=2012-12-31&municipality=" + muni
	calendar := func(t *testing.T, query string) calendarJSON {
		t.Helper()
		var c calendarJSON
		a.get(t, 200, ctJSON, base+query).decode(t, &c)
		return c
	}

	t.Run("TheDemosDuties", func(t *testing.T) {
		c := calendar(t, "")
		if c.At != now.Format("2006-01-02") || c.Window.From != "2003-01-01" || *c.Window.To != "2012-12-31" {
			t.Errorf("at %s window %+v", c.At, c.Window)
		}
		mandate := c.duty(t, "mandate_period_end", "2006-10-31", "Kommunfullmäktige")
		if mandate.Status != "done" || mandate.Done.On != "2006-11-27" || mandate.Done.Document == nil ||
			!strings.Contains(mandate.Done.Document.Name, "2007–2010") || !strings.Contains(mandate.Basis, "1991:900") {
			t.Errorf("the 2002 period's end: %+v", mandate)
		}
		if d := c.duty(t, "mandate_period_end", "2010-10-31", "Kommunfullmäktige"); d.Status != "overdue" {
			t.Errorf("the 2006 period's end: %+v", d)
		}
		if d := c.duty(t, "owner_directive_renewal", "2004-12-31", "Airport"); d.Status != "done" || d.Done.On != "2004-12-13" {
			t.Errorf("the 2004 directive: %+v", d)
		}
		if d := c.duty(t, "owner_directive_renewal", "2006-12-31", "Airport"); d.Status != "overdue" || d.Done != nil {
			t.Errorf("the 2005–2006 directive: %+v", d)
		}
		if d := c.duty(t, "lay_auditor_appointment", "2007-01-01", "Rådhus"); d.Status != "done" || d.Done.Record.Type != "assignment" {
			t.Errorf("Rådhus AB's lay auditors: %+v", d)
		}
		if d := c.duty(t, "lay_auditor_appointment", "2007-01-01", "Elmia"); d.Status != "overdue" {
			t.Errorf("Elmia AB's lay auditors: %+v", d)
		}
		if d := c.duty(t, "term_expiry", "2010-12-31", "Rådhus AB / Lekmannarevisor"); d.Status != "overdue" {
			t.Errorf("the lay auditor's term: %+v", d)
		}
	})

	t.Run("StatusOnTheDayBeforeAndOfTheDecision", func(t *testing.T) {
		before := calendar(t, "&at=2006-11-26").duty(t, "mandate_period_end", "2006-10-31", "Kommunfullmäktige")
		on := calendar(t, "&at=2006-11-27").duty(t, "mandate_period_end", "2006-10-31", "Kommunfullmäktige")
		if before.Status != "overdue" || before.Done != nil || on.Status != "done" {
			t.Errorf("the day before %+v, the day of %+v", before, on)
		}
		if d := calendar(t, "&at=2006-10-31").duty(t, "mandate_period_end", "2006-10-31", "Kommunfullmäktige"); d.Status != "due" {
			t.Errorf("on the due date: %+v", d)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		c := calendar(t, "&kind=term_expiry,owner_directive_renewal&status=overdue")
		if len(c.Items) == 0 {
			t.Fatal("no overdue term or directive")
		}
		for _, d := range c.Items {
			if d.Status != "overdue" || (d.Kind != "term_expiry" && d.Kind != "owner_directive_renewal") {
				t.Errorf("the filters let through %+v", d)
			}
		}
	})

	t.Run("AnnualReviews", func(t *testing.T) {
		// On 2020-07-01 the reviews of 2019, due on 30 June, are done but
		// for Hamn AB's, which the demo's decision of 2020-10-01 makes good;
		// the ownership of 2019 is loaded from before the window.
		var c calendarJSON
		a.get(t, 200, ctJSON, "/api/v1/calendar?kind=annual_review&at=2020-07-01&from=2020-01-01&to=2020-12-31&municipality="+muni).decode(t, &c)
		if d := c.duty(t, "annual_review", "2020-06-30", "Jönköpings Rådhus AB"); d.Status != "done" || !strings.Contains(d.Basis, "6 kap. 9 §") {
			t.Errorf("Rådhus AB's review of 2019: %+v", d)
		}
		if d := c.duty(t, "annual_review", "2020-06-30", "Jönköpings Hamn AB (illustrativt)"); d.Status != "overdue" {
			t.Errorf("Hamn AB's review of 2019, decided 2020-10-01: %+v", d)
		}
	})

	t.Run("ICalendar", func(t *testing.T) {
		all := calendar(t, "")
		for _, ask := range []struct {
			name, query string
			header      []string
		}{{"ByFormat", "&format=ics", nil}, {"ByAccept", "", []string{"Accept", "text/calendar"}}} {
			t.Run(ask.name, func(t *testing.T) {
				res := a.get(t, 200, ctICS, base+ask.query, ask.header...)
				if d := res.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "inline") || !strings.Contains(d, ".ics") {
					t.Errorf("Content-Disposition %q", d)
				}
				cal, err := ics.ParseCalendar(bytes.NewReader(res.Body))
				if err != nil {
					t.Fatal(err)
				}
				events := cal.Events()
				if len(events) != len(all.Items) {
					t.Fatalf("%d events for %d duties", len(events), len(all.Items))
				}
				for i, e := range events {
					if e.Id() != all.Items[i].ID+"@koncernregistret" {
						t.Fatalf("event %d has UID %q, duty %q", i, e.Id(), all.Items[i].ID)
					}
				}
				if unfolded := strings.ReplaceAll(string(res.Body), "\r\n ", ""); !strings.Contains(unfolded, "X-WR-CALNAME:Koncernregistret – efterlevnadskalender – Jönköpings kommun") {
					t.Error("the feed is not named after the municipality")
				}
			})
		}
	})

	t.Run("CSVAndXLSX", func(t *testing.T) {
		header := []string{"id", "due", "status", "kind", "subject_type", "subject_id", "subject", "municipality",
			"basis", "done_on", "done_by_type", "done_by_id", "done_by", "document_id", "document", "description_sv", "description_en"}
		rows := readCSV(t, a.get(t, 200, ctCSV, base+"&format=csv").Body, header...)
		n := len(calendar(t, "").Items)
		if len(rows) != n || !slices.ContainsFunc(rows, func(r []string) bool { return r[3] == "mandate_period_end" && r[2] == "done" }) {
			t.Errorf("%d CSV rows for %d duties", len(rows), n)
		}
		res := a.get(t, 200, ctXLSX, base+"&format=xlsx")
		if d := res.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment") {
			t.Errorf("Content-Disposition %q", d)
		}
		if got := workbookRows(t, res.Body)["calendar"]; got != n {
			t.Errorf("%d workbook rows for %d duties", got, n)
		}
	})

	t.Run("Refusals", func(t *testing.T) {
		a.failsOn(t, 400, "to", "/api/v1/calendar?from=2006-10-31&to=2006-10-30")
		a.failsOn(t, 400, "to", "/api/v1/calendar?from=2003-01-01&to=2013-01-01")
		a.failsOn(t, 400, "from", "/api/v1/calendar?from=2006-02-30")
		a.failsOn(t, 400, "kind", "/api/v1/calendar?kind=birthday")
		a.failsOn(t, 400, "status", "/api/v1/calendar?status=late")
		a.failsOn(t, 400, "format", "/api/v1/calendar?format=svg")
		a.failsOn(t, 422, "municipality", "/api/v1/calendar?municipality="+sum.HoldingCompany.String())
		a.get(t, 200, ctJSON, "/api/v1/calendar?from=2003-01-01&to=2012-12-31")
		a.get(t, 200, ctJSON, "/api/v1/calendar?"+url.Values{"to": {"2012-12-31"}}.Encode())
	})
}
