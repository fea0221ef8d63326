package analysis_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

// subsidiary makes bolag a company muni owns outright from 2000, whose
// annual reviews fall due on 2014-06-30 (for 2013), overdue from the day after.
func subsidiary(g *graph) {
	group(g)
	g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
	g.stake("own", "muni", "bolag", 1000, 1000, "2000-01-01", "")
}

// review records the executive board's annual review of year, decided on
// decided, covering the companies named.
func review(g *graph, key, decided string, year int, companies ...string) {
	g.doc(key, "annual_review", "ks", decided, "").covers(year, companies...)
}

const (
	old2013 = "KL (1991:900) 6 kap. 1 a §"
	new2018 = "KL (2017:725) 6 kap. 9 §"
)

func TestAnnualReviewMissing(t *testing.T) {
	const y14from, y14to = "2014-01-01", "2014-12-31"
	runRule(t, "annual_review_missing", subsidiary, []ruleCase{
		{name: "NeverDecided", from: y14from, to: y14to, build: func(g *graph) {},
			want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"},
				sources: []string{old2013 + ": 2014-07-01..2014-12-31"}}}},

		{name: "DecidedLate", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-09-15", 2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-09-14"}, evidence: []string{"bolag", "own"}}}},

		{name: "MunicipalitysOwnDeadline", from: y14from, to: y14to, build: func(g *graph) {
			g.deadline("muni", "04-30")
			review(g, "ks2013", "2014-05-02", 2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-05-01..2014-05-01"}, evidence: []string{"bolag", "own"}}}},

		{name: "SecondDecisionDoesNotUndoTheFirst", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "late", "2014-10-01", 2013, "bolag")
			review(g, "early", "2014-07-10", 2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-07-09"}, evidence: []string{"bolag", "own"}}}},

		{name: "ReviewOfAnotherYear", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2012", "2014-03-01", 2012, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"}}}},

		{name: "ReviewOfAnotherCompany", from: y14from, to: y14to, build: func(g *graph) {
			g.company("annat", "muni", 10, 10, "1990-01-01", "")
			g.stake("ownannat", "muni", "annat", 10, 10, "2000-01-01", "")
			review(g, "ks2013", "2014-03-01", 2013, "annat")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"}}}},

		// KL 6 kap. 9 §: the executive board decides, not the council,
		// and not a neighbour's executive board.
		{name: "DecidedByTheCouncil", from: y14from, to: y14to, build: func(g *graph) {
			g.doc("kf2013", "annual_review", "kf", "2014-03-01", "").covers(2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"}}}},
		{name: "DecidedByAnotherMunicipality", from: y14from, to: y14to, build: func(g *graph) {
			g.org("ks2", "executive_board", "muni2", "1971-01-01", "")
			g.doc("ks2review", "annual_review", "ks2", "2014-03-01", "").covers(2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"}}}},
		{name: "AnotherKindOfDocument", from: y14from, to: y14to, build: func(g *graph) {
			g.doc("beslut", "board_decision", "ks", "2014-03-01", "").covers(2013, "bolag")
		}, want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"bolag", "own"}}}},

		{name: "SubsidiaryForOneMonthOfTheYear", from: y14from, to: y14to, build: func(g *graph) {
			g.company("kort", "muni", 10, 10, "1990-01-01", "")
			g.stake("ext1", "ext", "kort", 10, 10, "1990-01-01", "2013-10-31")
			g.stake("muni1", "muni", "kort", 10, 10, "2013-11-01", "2013-11-30")
			g.stake("ext2", "ext", "kort", 10, 10, "2013-12-01", "")
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
		}, want: []want{{subject: "kort", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"kort"}}}},

		{name: "ControlledThroughTheHolding", from: y14from, to: y14to, build: func(g *graph) {
			holding(g)
			g.company("dotter", "holding", 10, 10, "1990-01-01", "")
			g.stake("owndotter", "holding", "dotter", 6, 6, "2000-01-01", "")
			g.stake("extdotter", "ext", "dotter", 4, 4, "2000-01-01", "")
			review(g, "ks2013", "2014-08-01", 2013, "bolag", "holding")
		}, want: []want{
			{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-07-31"}, evidence: []string{"bolag", "own"}},
			{subject: "holding", detail: "2013", periods: []string{"2014-07-01..2014-07-31"}, evidence: []string{"holding", "ownholding"}},
			{subject: "dotter", detail: "2013", periods: []string{"2014-07-01..2014-12-31"}, evidence: []string{"dotter", "owndotter"}},
		}},

		{name: "WoundUpAfterTheDeadline", from: y14from, to: y14to, build: func(g *graph) {
			g.company("slut", "muni", 10, 10, "1990-01-01", "2014-08-31")
			g.stake("ownslut", "muni", "slut", 10, 10, "2000-01-01", "2014-08-31")
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
		}, want: []want{{subject: "slut", detail: "2013", periods: []string{"2014-07-01..2014-08-31"}, evidence: []string{"slut", "ownslut"}}}},

		// The deadline is the last day in time: a decision on it leaves no
		// finding, and neither does one on the first day after it, since
		// no day passed without it.
		{name: "DecidedOnTheDeadline", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-06-30", 2013, "bolag")
		}},
		{name: "DecidedTheDayAfter", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-07-01", 2013, "bolag")
		}},

		{name: "FirstDeadline", from: "2014-06-29", to: "2014-07-01", build: func(g *graph) {},
			want: []want{{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-07-01"}, evidence: []string{"bolag", "own"}}}},

		// A day two years on asks about two years, before the window.
		{name: "OneDayYearsLater", from: "2016-03-01", to: "2016-03-01", build: func(g *graph) {},
			want: []want{
				{subject: "bolag", detail: "2013", periods: []string{"2016-03-01..2016-03-01"}, evidence: []string{"bolag", "own"}},
				{subject: "bolag", detail: "2014", periods: []string{"2016-03-01..2016-03-01"}, evidence: []string{"bolag", "own"}},
			}},
		{name: "SoldYearsBefore", from: "2016-03-01", to: "2016-03-01", build: func(g *graph) {
			g.company("sald", "muni", 10, 10, "1990-01-01", "")
			g.stake("ownsald", "muni", "sald", 10, 10, "2000-01-01", "2013-12-31")
			g.stake("extsald", "ext", "sald", 10, 10, "2014-01-01", "")
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
			review(g, "ks2014", "2015-03-01", 2014, "bolag")
		}, want: []want{{subject: "sald", detail: "2013", periods: []string{"2016-03-01..2016-03-01"}, evidence: []string{"sald"}}}},

		// The 2016 review falls due under the old act and is still missing
		// under the new one.
		{name: "AcrossTheNewAct", from: "2017-06-01", to: "2018-12-31", build: func(g *graph) {
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
			review(g, "ks2014", "2015-03-01", 2014, "bolag")
			review(g, "ks2015", "2016-03-01", 2015, "bolag")
		}, want: []want{
			{subject: "bolag", detail: "2016", periods: []string{"2017-07-01..2018-12-31"}, evidence: []string{"bolag", "own"},
				sources: []string{old2013 + ": 2017-07-01..2017-12-31", new2018 + ": 2018-01-01..2018-12-31"}},
			{subject: "bolag", detail: "2017", periods: []string{"2018-07-01..2018-12-31"}, evidence: []string{"bolag", "own"},
				sources: []string{new2018 + ": 2018-07-01..2018-12-31"}},
		}},

		{name: "OpenWindow", from: "2014-01-01", to: "", build: func(g *graph) {
			review(g, "ks2013", "2014-09-01", 2013, "bolag")
		}, want: []want{
			{subject: "bolag", detail: "2013", periods: []string{"2014-07-01..2014-08-31"}, evidence: []string{"bolag", "own"}},
			{subject: "bolag", detail: "2014", periods: []string{"2015-07-01.."}, evidence: []string{"bolag", "own"}},
		}},

		// Must not fire.
		{name: "DecidedInTime", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-05-15", 2013, "bolag")
		}},
		{name: "DecidedOnTheDeadline", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-06-30", 2013, "bolag")
		}},
		{name: "BeforeTheDuty", from: "2013-01-01", to: "2014-06-29", build: func(g *graph) {}},
		{name: "WoundUpBeforeTheDeadline", from: y14from, to: y14to, build: func(g *graph) {
			g.company("slut", "muni", 10, 10, "1990-01-01", "2014-05-31")
			g.stake("ownslut", "muni", "slut", 10, 10, "2000-01-01", "2014-05-31")
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
		}},
		{name: "MinorityStake", from: y14from, to: y14to, build: func(g *graph) {
			g.company("intresse", "muni", 10, 10, "1990-01-01", "")
			g.stake("ownintresse", "muni", "intresse", 3, 3, "2000-01-01", "")
			g.stake("extintresse", "ext", "intresse", 7, 7, "2000-01-01", "")
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
		}},
		{name: "ExternalCompany", from: y14from, to: y14to, build: func(g *graph) {
			review(g, "ks2013", "2014-03-01", 2013, "bolag")
		}},
	})
}

// TestAnnualReviews lists the duties with their due days and decisions,
// for the calendar.
func TestAnnualReviews(t *testing.T) {
	g := newGraph(t)
	subsidiary(g)
	g.deadline("muni", "05-31")
	review(g, "ks2013", "2014-04-01", 2013, "bolag")
	review(g, "ks2015", "2016-09-01", 2015, "bolag")
	got := g.snapshot("2016-12-31", "2016-12-31").AnnualReviews()
	var lines []string
	for _, d := range got {
		done := "-"
		if d.Decision != nil {
			done = g.keys[d.Decision.ID] + " " + d.Done.String()
		}
		lines = append(lines, fmt.Sprintf("%s %d due %s %s %s", g.keys[d.Company.ID], d.Year, d.Due, done, g.keys[d.Municipality.ID]))
	}
	want := []string{
		"bolag 2013 due 2014-05-31 ks2013 2014-04-01 muni",
		"bolag 2014 due 2015-05-31 - muni",
		"bolag 2015 due 2016-05-31 ks2015 2016-09-01 muni",
		"bolag 2016 due 2017-05-31 - muni",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("duties\n got %q\nwant %q", lines, want)
	}
}

// TestReviewReach checks which windows need the years before them.
func TestReviewReach(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     string
	}{
		{"2016-03-01", "2016-03-01", "2013-01-01..2016-03-01"},
		{"2014-01-01", "", "2013-01-01.."},
		{"2013-01-01", "2016-12-31", ""}, // the window reaches back itself
		{"2003-10-01", "2003-10-01", ""}, // nothing is due yet
		{"2013-06-01", "2013-12-31", ""},
	} {
		t.Run(c.from+".."+c.to, func(t *testing.T) {
			got, ok := analysis.ReviewReach(period(c.from, c.to))
			s := ""
			if ok {
				s = periodString(got)
			}
			if s != c.want {
				t.Errorf("reach %q, want %q", s, c.want)
			}
		})
	}
}
