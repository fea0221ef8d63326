package analysis_test

import (
	"testing"
)

// office has four officers a, b, c, d in one administration; their names
// are "admin / a" and so on, so a circle through a is reported on a.
func office(g *graph) {
	g.org("muni", "municipality", "", "1971-01-01", "")
	g.org("ks", "executive_board", "muni", "1971-01-01", "")
	g.org("admin", "administration", "ks", "1971-01-01", "")
	for _, p := range []string{"a", "b", "c", "d"} {
		g.post(p, "admin", "officer", false, "2000-01-01", "")
	}
}

func TestReportingCycle(t *testing.T) {
	runRule(t, "reporting_cycle", office, []ruleCase{
		{name: "WhileAllLinesOfTheLoopHold", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("bc", "b", "c", "line_management", "2003-03-01", "2003-09-30")
			g.line("ca", "c", "a", "line_management", "2003-05-01", "")
			g.line("cd", "c", "d", "line_management", "2003-01-01", "") // not in the loop
		}, want: []want{{subject: "a", periods: []string{"2003-05-01..2003-09-30"}, evidence: []string{"ab", "bc", "ca"}}}},

		{name: "OneDay", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "2003-08-08")
			g.line("ba", "b", "a", "line_management", "2003-08-08", "")
		}, want: []want{{subject: "a", periods: []string{"2003-08-08..2003-08-08"}, evidence: []string{"ab", "ba"}}}},

		{name: "ReportingAgainstTheManagerCloses", build: func(g *graph) {
			// a manages b, yet a reports to b.
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("areportsb", "b", "a", "reporting", "2003-04-01", "2003-04-30")
		}, want: []want{{subject: "a", periods: []string{"2003-04-01..2003-04-30"}, evidence: []string{"ab", "areportsb"}}}},

		{name: "LoopOfReportingLines", build: func(g *graph) {
			// a reports to b, b to c and c to a.
			g.line("ba", "b", "a", "reporting", "2003-06-01", "2003-06-30")
			g.line("cb", "c", "b", "reporting", "2003-01-01", "")
			g.line("ac", "a", "c", "reporting", "2003-01-01", "")
		}, want: []want{{subject: "a", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"ac", "ba", "cb"}}}},

		{name: "MixedLoopThroughReporting", build: func(g *graph) {
			// a manages b, b manages c, and a reports to c: c is above a.
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("bc", "b", "c", "line_management", "2003-01-01", "")
			g.line("areportsc", "c", "a", "reporting", "2003-10-01", "2003-10-31")
		}, want: []want{{subject: "a", periods: []string{"2003-10-01..2003-10-31"}, evidence: []string{"ab", "bc", "areportsc"}}}},

		{name: "TwoSpellsOneFinding", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("ba1", "b", "a", "line_management", "2003-02-01", "2003-02-28")
			g.line("ba2", "b", "a", "line_management", "2003-10-01", "2003-10-31")
		}, want: []want{{subject: "a", periods: []string{"2003-02-01..2003-02-28", "2003-10-01..2003-10-31"}, evidence: []string{"ab", "ba1", "ba2"}}}},

		{name: "ReportingDirectionMattersAndAdjacentSpellsJoin", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("ba1", "b", "a", "line_management", "2003-02-01", "2003-02-28")
			g.line("breportsa", "a", "b", "reporting", "2003-03-01", "2003-03-31").basis("observed") // agrees with ab
			g.line("areportsb", "b", "a", "reporting", "2003-04-01", "2003-04-30")                   // closes the loop
			g.line("ba2", "b", "a", "line_management", "2003-05-01", "2003-05-31")
		}, want: []want{{subject: "a", periods: []string{"2003-02-01..2003-02-28", "2003-04-01..2003-05-31"},
			evidence: []string{"ab", "ba1", "areportsb", "ba2"}}}},

		{name: "TwoSeparateLoops", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "2003-01-31")
			g.line("ba", "b", "a", "line_management", "2003-01-01", "2003-01-31")
			g.line("cd", "c", "d", "line_management", "2003-06-01", "2003-06-30")
			g.line("dc", "d", "c", "line_management", "2003-06-01", "2003-06-30")
		}, want: []want{
			{subject: "a", periods: []string{"2003-01-01..2003-01-31"}, evidence: []string{"ab", "ba"}},
			{subject: "c", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"cd", "dc"}},
		}},

		{name: "ClippedByWindow", from: "2003-03-01", to: "2003-03-31", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2002-01-01", "")
			g.line("ba", "b", "a", "line_management", "2002-01-01", "2004-12-31")
		}, want: []want{{subject: "a", periods: []string{"2003-03-01..2003-03-31"}, evidence: []string{"ab", "ba"}}}},

		{name: "OpenWindow", from: "2003-01-01", to: "", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2002-01-01", "")
			g.line("ba", "b", "a", "line_management", "2003-07-01", "")
		}, want: []want{{subject: "a", periods: []string{"2003-07-01.."}, evidence: []string{"ab", "ba"}}}},

		{name: "ThroughAnOrganisation", build: func(g *graph) {
			// The administration as a whole reports to b, whom a manages
			// on its behalf.
			g.line("adminA", "admin", "a", "line_management", "2003-01-01", "")
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("adminReports", "b", "admin", "reporting", "2003-05-01", "2003-05-31")
		}, want: []want{{subject: "admin", periods: []string{"2003-05-01..2003-05-31"}, evidence: []string{"adminA", "ab", "adminReports"}}}},

		// Must not fire.
		{name: "ReportingAlongTheManager", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("breportsa", "a", "b", "reporting", "2003-01-01", "")
		}},
		{name: "MixedWithoutLoop", build: func(g *graph) {
			// a manages b, b manages c, and c reports to a: a is on top.
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("bc", "b", "c", "line_management", "2003-01-01", "")
			g.line("creportsa", "a", "c", "reporting", "2003-01-01", "")
		}},
		{name: "LoopNeverWhole", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "2003-06-30")
			g.line("bc", "b", "c", "line_management", "2003-01-01", "")
			g.line("ca", "c", "a", "line_management", "2003-07-01", "")
		}},
		{name: "OtherKinds", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("coord", "b", "a", "coordination", "2003-01-01", "")
			g.line("mandate", "b", "a", "mandate", "2003-01-01", "")
			g.line("appraisal", "b", "a", "appraisal", "2003-01-01", "")
			g.line("delegation", "b", "a", "delegation", "2003-01-01", "")
		}},
		{name: "Chain", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2003-01-01", "")
			g.line("bc", "b", "c", "line_management", "2003-01-01", "")
			g.line("dc", "d", "c", "line_management", "2003-01-01", "")
			g.line("dreportsa", "a", "d", "reporting", "2003-01-01", "")
		}},
		{name: "OutsideTheWindow", build: func(g *graph) {
			g.line("ab", "a", "b", "line_management", "2002-01-01", "2002-12-31")
			g.line("ba", "b", "a", "line_management", "2002-01-01", "")
		}},
	})
}
