package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// The calendar's tests build small graphs, ask for the duties of one kind
// over a window on a day, and compare them to the day: the due date on
// the last day of the window and not the day after, done on the day of
// the decision and not the day before, overdue from the day after the due
// date.

// decided sets the day a document was decided.
func (g *graph) decided(doc, on string) {
	g.t.Helper()
	g.want(doc, "doc")
	for i := range g.data.Documents {
		if g.data.Documents[i].ID == g.id(doc) {
			g.data.Documents[i].DecidedOn = koncern.MustDate(on)
		}
	}
}

// citedBy makes an assignment cite a document.
func (g *graph) citedBy(assignment, doc string) {
	g.t.Helper()
	g.want(doc, "doc")
	for i := range g.data.Assignments {
		if g.data.Assignments[i].ID == g.id(assignment) {
			g.data.Assignments[i].DocumentID = g.idp(doc)
		}
	}
}

// calendar runs the calendar of kind over from..to on day at, loading the
// snapshot as the API does.
func (g *graph) calendar(kind, from, to, at string) []analysis.Duty {
	window := period(from, to)
	return analysis.Calendar(g.calendarSnapshot(window), window, koncern.MustDate(at), analysis.CalendarFilter{Kinds: []string{kind}})
}

// calendarSnapshot loads the graph as the registry loads a calendar's:
// over CalendarLoad, with the past years the annual reviews look back to.
func (g *graph) calendarSnapshot(window koncern.Period) *analysis.Snapshot {
	load := analysis.CalendarLoad(window)
	data := g.data
	if _, ok := analysis.ReviewReach(load); ok {
		past := g.data
		data.Past = &past
	}
	return analysis.NewSnapshot(load, data)
}

// describe writes a duty as the tests expect it: "subject due status",
// with " by record/document on day" when done.
func (g *graph) describeDuty(d analysis.Duty) string {
	s := fmt.Sprintf("%s %s %s", g.keys[d.Subject.ID], d.Due, d.Status)
	if d.Done != nil {
		s += fmt.Sprintf(" by %s", g.keys[d.Done.Record.ID])
		if d.Done.Document != nil {
			s += "/" + g.keys[d.Done.Document.ID]
		}
		s += " on " + d.Done.On.String()
	}
	return s
}

type calendarCase struct {
	name         string
	build        func(g *graph)
	from, to, at string
	want         []string
}

func runCalendarCases(t *testing.T, kind string, base func(g *graph), cases []calendarCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newGraph(t)
			base(g)
			if tc.build != nil {
				tc.build(g)
			}
			var got []string
			for _, d := range g.calendar(kind, tc.from, tc.to, tc.at) {
				got = append(got, g.describeDuty(d))
				checkDutyShape(t, d, kind)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("duties\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// checkDutyShape checks what every duty carries whatever its case.
func checkDutyShape(t *testing.T, d analysis.Duty, kind string) {
	t.Helper()
	if d.Kind != kind || d.ID != kind+"/"+d.Subject.ID.String()+"/"+d.Due.String() {
		t.Errorf("duty %+v: kind or id wrong", d)
	}
	if d.Description.SV == "" || d.Description.EN == "" || d.Subject.Name == "" || d.Municipality == nil {
		t.Errorf("duty %+v: a description, subject name or municipality missing", d)
	}
	if (d.Status == analysis.DutyDone) != (d.Done != nil) {
		t.Errorf("duty %+v: status %s with done %v", d, d.Status, d.Done)
	}
}

// municipalGroup is a municipality with its council, a committee and a
// company it wholly owns, from 2000.
func municipalGroup(g *graph) {
	g.org("m", "municipality", "", "2000-01-01", "")
	g.org("kf", "council", "m", "2000-01-01", "")
	g.org("nämnd", "committee", "m", "2000-01-01", "")
	g.company("ab", "m", 100, 100, "2000-01-01", "")
	g.stake("m-ab", "m", "ab", 100, 100, "2000-01-01", "")
}

func TestCalendarMandatePeriodEnd(t *testing.T) {
	// The 2002 election's council period ends 2006-10-31; the new period
	// runs 2006-11-01..2010-10-31.
	appointed := func(lineFrom, docKind, decided string) func(g *graph) {
		return func(g *graph) {
			g.doc("val", docKind, "kf", "2007-01-01", "")
			g.decided("val", decided)
			g.line("kf-nämnd", "kf", "nämnd", "appointment", lineFrom, "").cite("val")
		}
	}
	runCalendarCases(t, analysis.DutyMandatePeriodEnd, municipalGroup, []calendarCase{
		{name: "DueOnTheLastDay", from: "2006-01-01", to: "2006-10-31", at: "2006-10-31",
			want: []string{"kf 2006-10-31 due"}},
		{name: "OverdueTheDayAfter", from: "2006-01-01", to: "2006-12-31", at: "2006-11-01",
			want: []string{"kf 2006-10-31 overdue"}},
		{name: "NotInAWindowEndingTheDayBefore", from: "2006-01-01", to: "2006-10-30", at: "2006-10-30"},
		{name: "NotInAWindowStartingTheDayAfter", from: "2006-11-01", to: "2006-12-31", at: "2006-11-01"},
		{name: "OverdueTheDayBeforeTheDecision", build: appointed("2007-01-01", "council_decision", "2006-11-27"),
			from: "2006-01-01", to: "2006-12-31", at: "2006-11-26", want: []string{"kf 2006-10-31 overdue"}},
		{name: "DoneOnTheDayOfTheDecision", build: appointed("2007-01-01", "council_decision", "2006-11-27"),
			from: "2006-01-01", to: "2006-12-31", at: "2006-11-27", want: []string{"kf 2006-10-31 done by kf-nämnd/val on 2006-11-27"}},
		{name: "AnAppointmentOfTheOldPeriodDoesNotDoIt", build: appointed("2006-10-31", "council_decision", "2006-10-01"),
			from: "2006-01-01", to: "2006-12-31", at: "2007-06-01", want: []string{"kf 2006-10-31 overdue"}},
		{name: "OnlyACouncilDecisionDoesIt", build: appointed("2007-01-01", "board_decision", "2006-11-27"),
			from: "2006-01-01", to: "2006-12-31", at: "2007-06-01", want: []string{"kf 2006-10-31 overdue"}},
		{name: "TheMunicipalityWhenNoCouncilIsRecorded", build: func(g *graph) {
			g.org("m2", "municipality", "", "2000-01-01", "")
		}, from: "2006-10-31", to: "2006-10-31", at: "2006-10-31", want: []string{"kf 2006-10-31 due", "m2 2006-10-31 due"}},
		{name: "NotForAMunicipalityThatNoLongerExists", build: func(g *graph) {
			g.org("m2", "municipality", "", "2000-01-01", "2006-10-30")
		}, from: "2006-10-31", to: "2006-10-31", at: "2006-10-31", want: []string{"kf 2006-10-31 due"}},
		{name: "TheShorterPeriodOf2014", from: "2014-01-01", to: "2014-12-31", at: "2014-10-15",
			want: []string{"kf 2014-10-14 overdue"}},
	})
}

func TestCalendarLayAuditors(t *testing.T) {
	// The auditors' period after the 2006 election begins 2007-01-01.
	base := func(g *graph) {
		municipalGroup(g)
		g.post("lr", "ab", "lay_auditor", true, "2000-01-01", "")
		g.assign("lr-old", "Ulla", "lr", "2003-01-01", "2006-12-31")
	}
	newAuditor := func(from string) func(g *graph) {
		return func(g *graph) { g.assign("lr-new", "Rune", "lr", from, "") }
	}
	runCalendarCases(t, analysis.DutyLayAuditors, base, []calendarCase{
		{name: "DueOnTheFirstDay", from: "2006-01-01", to: "2007-01-01", at: "2007-01-01",
			want: []string{"ab 2007-01-01 due"}},
		{name: "OverdueTheDayAfter", from: "2006-01-01", to: "2007-12-31", at: "2007-01-02",
			want: []string{"ab 2007-01-01 overdue"}},
		{name: "NotInAWindowEndingTheDayBefore", from: "2006-01-01", to: "2006-12-31", at: "2006-12-31"},
		{name: "DoneOnTheFirstDayWithoutADecision", build: newAuditor("2007-01-01"),
			from: "2007-01-01", to: "2007-01-01", at: "2007-01-01", want: []string{"ab 2007-01-01 done by lr-new on 2007-01-01"}},
		{name: "DueTheDayBeforeTheNewAuditorBegins", build: newAuditor("2007-01-01"),
			from: "2007-01-01", to: "2007-01-01", at: "2006-12-31", want: []string{"ab 2007-01-01 due"}},
		{name: "DoneOnTheDayOfTheCouncilsDecision", build: func(g *graph) {
			newAuditor("2007-01-01")(g)
			g.doc("val", "council_decision", "kf", "2006-11-27", "")
			g.citedBy("lr-new", "val")
		}, from: "2007-01-01", to: "2007-01-01", at: "2006-11-27", want: []string{"ab 2007-01-01 done by lr-new/val on 2006-11-27"}},
		{name: "AnAuditorOfTheOldPeriodDoesNotDoIt", build: newAuditor("2006-12-31"),
			from: "2007-01-01", to: "2007-01-01", at: "2007-06-01", want: []string{"ab 2007-01-01 overdue"}},
		{name: "LateButDone", build: newAuditor("2007-03-01"),
			from: "2007-01-01", to: "2007-01-01", at: "2007-03-01", want: []string{"ab 2007-01-01 done by lr-new on 2007-03-01"}},
		{name: "NotForACompanyHalfOwned", build: func(g *graph) {
			g.company("half", "m", 100, 100, "2000-01-01", "")
			g.stake("m-half", "m", "half", 50, 50, "2000-01-01", "")
		}, from: "2007-01-01", to: "2007-01-01", at: "2007-01-01", want: []string{"ab 2007-01-01 due"}},
		{name: "NotForACompanyWhollyOwnedOnlyUntilTheDayBefore", build: func(g *graph) {
			g.company("sold", "m", 100, 100, "2000-01-01", "")
			g.stake("m-sold", "m", "sold", 100, 100, "2000-01-01", "2006-12-31")
		}, from: "2007-01-01", to: "2007-01-01", at: "2007-01-01", want: []string{"ab 2007-01-01 due"}},
	})
}

func TestCalendarDirectiveRenewal(t *testing.T) {
	base := func(g *graph) {
		municipalGroup(g)
		g.doc("dir", "owner_directive", "kf", "2004-01-01", "2004-12-31")
		g.line("kf-ab", "kf", "ab", "ownership_directive", "2004-01-01", "2004-12-31").cite("dir")
	}
	renewed := func(from string) func(g *graph) {
		return func(g *graph) {
			g.doc("dir2", "owner_directive", "kf", from, "")
			g.decided("dir2", "2004-12-13")
			g.line("kf-ab-2", "kf", "ab", "ownership_directive", from, "").cite("dir2")
		}
	}
	runCalendarCases(t, analysis.DutyDirectiveRenewal, base, []calendarCase{
		{name: "DueOnTheLastDay", from: "2004-01-01", to: "2004-12-31", at: "2004-12-31",
			want: []string{"ab 2004-12-31 due"}},
		{name: "OverdueTheDayAfter", from: "2004-01-01", to: "2004-12-31", at: "2005-01-01",
			want: []string{"ab 2004-12-31 overdue"}},
		{name: "NotInAWindowEndingTheDayBefore", from: "2004-01-01", to: "2004-12-30", at: "2004-12-30"},
		{name: "DueTheDayBeforeTheRenewal", build: renewed("2005-01-01"),
			from: "2004-01-01", to: "2004-12-31", at: "2004-12-12", want: []string{"ab 2004-12-31 due"}},
		{name: "DoneOnTheDayOfTheRenewal", build: renewed("2005-01-01"),
			from: "2004-01-01", to: "2004-12-31", at: "2004-12-13", want: []string{"ab 2004-12-31 done by kf-ab-2/dir2 on 2004-12-13"}},
		{name: "ARenewalADayLateDoesNotDoIt", build: renewed("2005-01-02"),
			from: "2004-01-01", to: "2004-12-31", at: "2005-06-01", want: []string{"ab 2004-12-31 overdue"}},
		{name: "AnOlderDirectiveStillInForceDoesNotDoIt", build: func(g *graph) {
			g.doc("common", "owner_directive", "kf", "2003-01-01", "")
			g.line("kf-ab-common", "kf", "ab", "ownership_directive", "2003-01-01", "").cite("common")
		}, from: "2004-01-01", to: "2004-12-31", at: "2005-06-01", want: []string{"ab 2004-12-31 overdue"}},
		{name: "NotWhenTheCompanyEndsWithIt", build: func(g *graph) {
			g.company("gone", "m", 100, 100, "2000-01-01", "2004-12-31")
			g.line("kf-gone", "kf", "gone", "ownership_directive", "2004-01-01", "2004-12-31").cite("dir")
		}, from: "2004-01-01", to: "2004-12-31", at: "2004-12-31", want: []string{"ab 2004-12-31 due"}},
		{name: "NotWhenTheLineEndedBefore", build: func(g *graph) {
			g.company("cd", "m", 100, 100, "2000-01-01", "")
			g.line("kf-cd", "kf", "cd", "ownership_directive", "2004-01-01", "2004-06-30").cite("dir")
		}, from: "2004-01-01", to: "2004-12-31", at: "2004-12-31", want: []string{"ab 2004-12-31 due"}},
	})
}

func TestCalendarTermExpiry(t *testing.T) {
	base := func(g *graph) {
		municipalGroup(g)
		g.post("ordf", "nämnd", "chair", true, "2000-01-01", "")
		g.assign("a1", "Anna", "ordf", "2003-01-01", "2006-12-31")
	}
	successor := func(from string) func(g *graph) {
		return func(g *graph) { g.assign("a2", "Bo", "ordf", from, "") }
	}
	runCalendarCases(t, analysis.DutyTermExpiry, base, []calendarCase{
		{name: "DueOnTheLastDay", from: "2006-01-01", to: "2006-12-31", at: "2006-12-31",
			want: []string{"ordf 2006-12-31 due"}},
		{name: "OverdueTheDayAfter", from: "2006-01-01", to: "2006-12-31", at: "2007-01-01",
			want: []string{"ordf 2006-12-31 overdue"}},
		{name: "NotInAWindowEndingTheDayBefore", from: "2006-01-01", to: "2006-12-30", at: "2006-12-30"},
		{name: "NotInAWindowStartingTheDayAfter", from: "2007-01-01", to: "2007-12-31", at: "2007-01-01"},
		{name: "DoneWhenTheSuccessorBegins", build: successor("2007-01-01"),
			from: "2006-01-01", to: "2006-12-31", at: "2007-01-01", want: []string{"ordf 2006-12-31 done by a2 on 2007-01-01"}},
		{name: "DueTheDayBeforeTheSuccessorBegins", build: successor("2007-01-01"),
			from: "2006-01-01", to: "2006-12-31", at: "2006-12-31", want: []string{"ordf 2006-12-31 due"}},
		{name: "DoneOnTheDayOfTheSuccessorsElection", build: func(g *graph) {
			successor("2007-01-01")(g)
			g.doc("val", "council_decision", "kf", "2006-12-01", "")
			g.citedBy("a2", "val")
		}, from: "2006-01-01", to: "2006-12-31", at: "2006-12-01", want: []string{"ordf 2006-12-31 done by a2/val on 2006-12-01"}},
		{name: "ASuccessorADayLateDoesNotDoIt", build: successor("2007-01-02"),
			from: "2006-01-01", to: "2006-12-31", at: "2007-06-01", want: []string{"ordf 2006-12-31 overdue"}},
		{name: "DoneWhenThePostEndsWithIt", build: func(g *graph) {
			g.post("sekr", "nämnd", "secretary", false, "2000-01-01", "2006-06-30")
			g.assign("s1", "Siv", "sekr", "2003-01-01", "2006-06-30")
		}, from: "2006-01-01", to: "2006-12-31", at: "2006-12-31",
			want: []string{"sekr 2006-06-30 done by sekr on 2006-06-30", "ordf 2006-12-31 due"}},
		{name: "ACoHolderWhoBeganEarlierIsNoSuccessor", build: successor("2002-01-01"),
			from: "2006-01-01", to: "2006-12-31", at: "2007-01-01", want: []string{"ordf 2006-12-31 overdue"}},
	})
}

// TestCalendarScope: a municipality's calendar holds its own duties only.
func TestCalendarScope(t *testing.T) {
	g := newGraph(t)
	municipalGroup(g)
	g.org("other", "municipality", "", "2000-01-01", "")
	g.org("other-kf", "council", "other", "2000-01-01", "")
	window := period("2006-10-31", "2006-10-31")
	g.data.Municipality = g.idp("other")
	got := analysis.Calendar(g.calendarSnapshot(window), window, koncern.MustDate("2006-10-31"), analysis.CalendarFilter{})
	if len(got) != 1 || got[0].Subject.ID != g.id("other-kf") || got[0].Municipality.ID != g.id("other") {
		t.Fatalf("the calendar of another municipality: %+v", got)
	}
}

// TestCalendarFilterAndOrder: filters by kind and status, the order by
// due date, and ByUrgency's overdue first.
func TestCalendarFilterAndOrder(t *testing.T) {
	g := newGraph(t)
	municipalGroup(g)
	g.post("ordf", "nämnd", "chair", true, "2000-01-01", "")
	g.assign("a1", "Anna", "ordf", "2003-01-01", "2006-12-31")
	g.post("vice", "nämnd", "vice_chair", true, "2000-01-01", "")
	g.assign("v1", "Vera", "vice", "2003-01-01", "2006-06-30")
	g.assign("v2", "Vilma", "vice", "2006-07-01", "")
	window := period("2006-01-01", "2007-12-31")
	s := g.calendarSnapshot(window)
	at := koncern.MustDate("2006-11-15")
	describe := func(ds []analysis.Duty) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Kind+":"+g.keys[d.Subject.ID]+":"+d.Status)
		}
		return strings.Join(out, " ")
	}
	all := analysis.Calendar(s, window, at, analysis.CalendarFilter{})
	if got, want := describe(all), "term_expiry:vice:done mandate_period_end:kf:overdue term_expiry:ordf:due lay_auditor_appointment:ab:due"; got != want {
		t.Errorf("by due date: %s\nwant %s", got, want)
	}
	if got, want := describe(analysis.ByUrgency(all)), "mandate_period_end:kf:overdue term_expiry:ordf:due lay_auditor_appointment:ab:due term_expiry:vice:done"; got != want {
		t.Errorf("by urgency: %s\nwant %s", got, want)
	}
	due := analysis.Calendar(s, window, at, analysis.CalendarFilter{Status: analysis.DutyDue, Kinds: []string{analysis.DutyTermExpiry}})
	if got, want := describe(due), "term_expiry:ordf:due"; got != want {
		t.Errorf("filtered: %s, want %s", got, want)
	}
}

func TestCalendarWindow(t *testing.T) {
	d := func(s string) *koncern.Date { x := koncern.MustDate(s); return &x }
	at := koncern.MustDate("2026-12-07")
	cases := []struct {
		name     string
		from, to *koncern.Date
		want     string
		field    string
	}{
		{"AYearEachSideOfAt", nil, nil, "2025-12-07..2027-12-07", ""},
		{"TwoYearsFromFrom", d("2003-01-01"), nil, "2003-01-01..2005-01-01", ""},
		{"TwoYearsUpToTo", nil, d("2006-12-31"), "2004-12-31..2006-12-31", ""},
		{"OneDay", d("2006-10-31"), d("2006-10-31"), "2006-10-31..2006-10-31", ""},
		{"ToBeforeFrom", d("2006-10-31"), d("2006-10-30"), "", "to"},
		{"TheLongestWindow", d("2003-01-01"), d("2012-12-31"), "2003-01-01..2012-12-31", ""},
		{"ADayTooLong", d("2003-01-01"), d("2013-01-01"), "", "to"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, problems := analysis.CalendarWindow(tc.from, tc.to, at)
			switch {
			case tc.field != "" && (len(problems) != 1 || problems[0].Field != tc.field):
				t.Errorf("problems %+v, want one naming %q", problems, tc.field)
			case tc.field == "" && len(problems) > 0:
				t.Errorf("problems %+v", problems)
			case tc.field == "" && periodString(w) != tc.want:
				t.Errorf("window %s, want %s", periodString(w), tc.want)
			}
		})
	}
	load := analysis.CalendarLoad(period("2003-01-01", "2006-12-31"))
	if got := periodString(load); got != "2003-01-01..2011-01-01" {
		t.Errorf("CalendarLoad: %s", got)
	}
}

// TestCalendarLayAuditorsSince1999: the law asks for lay auditors from
// 1999, so the auditors' period of 1995 has no such duty.
func TestCalendarLayAuditorsSince1999(t *testing.T) {
	g := newGraph(t)
	g.org("m", "municipality", "", "1990-01-01", "")
	g.company("ab", "m", 100, 100, "1990-01-01", "")
	g.stake("m-ab", "m", "ab", 100, 100, "1990-01-01", "")
	got := g.calendar(analysis.DutyLayAuditors, "1995-01-01", "2003-01-01", "2003-01-01")
	var dues []string
	for _, d := range got {
		dues = append(dues, d.Due.String()+" "+d.Basis)
	}
	want := []string{"1999-01-01 KL (1991:900) 3 kap. 17 §; KL (1991:900) 9 kap. 2 §",
		"2003-01-01 KL (1991:900) 3 kap. 17 §; KL (1991:900) 9 kap. 2 §"}
	if !slices.Equal(dues, want) {
		t.Errorf("lay auditor duties %v, want %v", dues, want)
	}
}

func TestCalendarAnnualReview(t *testing.T) {
	// The review of 2013 is due on 30 June 2014, by default.
	base := func(g *graph) {
		municipalGroup(g)
		g.org("ks", "executive_board", "m", "2000-01-01", "")
	}
	reviewed := func(issuer, decided string, year int) func(g *graph) {
		return func(g *graph) {
			g.doc("prövning", "annual_review", issuer, decided, "")
			doc := &g.data.Documents[len(g.data.Documents)-1]
			doc.SubjectIDs, doc.Year = []uuid.UUID{g.id("ab")}, &year
		}
	}
	runCalendarCases(t, analysis.DutyAnnualReview, base, []calendarCase{
		{name: "DueOnTheDeadline", from: "2014-01-01", to: "2014-12-31", at: "2014-06-30",
			want: []string{"ab 2014-06-30 due"}},
		{name: "OverdueTheDayAfter", from: "2014-01-01", to: "2014-12-31", at: "2014-07-01",
			want: []string{"ab 2014-06-30 overdue"}},
		{name: "NotInAWindowEndingTheDayBefore", from: "2014-01-01", to: "2014-06-29", at: "2014-06-29"},
		{name: "NoneBefore2013", from: "2012-01-01", to: "2013-12-31", at: "2013-12-31"},
		{name: "DueTheDayBeforeTheDecision", build: reviewed("ks", "2014-04-10", 2013),
			from: "2014-01-01", to: "2014-12-31", at: "2014-04-09", want: []string{"ab 2014-06-30 due"}},
		{name: "DoneOnTheDayOfTheDecision", build: reviewed("ks", "2014-04-10", 2013),
			from: "2014-01-01", to: "2014-12-31", at: "2014-04-10", want: []string{"ab 2014-06-30 done by prövning/prövning on 2014-04-10"}},
		{name: "LateButDone", build: reviewed("ks", "2014-09-01", 2013),
			from: "2014-01-01", to: "2014-12-31", at: "2014-09-01", want: []string{"ab 2014-06-30 done by prövning/prövning on 2014-09-01"}},
		{name: "AReviewOfAnotherYearDoesNotDoIt", build: reviewed("ks", "2015-04-10", 2014),
			from: "2014-01-01", to: "2014-12-31", at: "2015-06-01", want: []string{"ab 2014-06-30 overdue"}},
		{name: "TheMunicipalitysOwnDeadline", build: func(g *graph) {
			deadline := "03-31"
			g.data.Organizations[0].ReviewDeadline = &deadline
		}, from: "2014-01-01", to: "2014-12-31", at: "2014-04-01", want: []string{"ab 2014-03-31 overdue"}},
	})
}
