package analysis_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

// TestSteeringDuring checks the map over a span, which a post's timeline
// is drawn from: every line that holds on some day of it, the holders of
// any day of it, and the findings with their whole periods; and that the
// table lays the lines out with the decision's id.
func TestSteeringDuring(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.doc("regulation", "regulation", "committee", "2000-01-01", "")
	g.line("mandate", "committee", "head", "mandate", "2003-01-01", "").cite("regulation")
	g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
	g.line("direct", "com", "head", "direct_political", "2003-02-01", "2003-02-28")
	g.line("later", "com", "head", "direct_political", "2005-01-01", "2005-12-31")
	g.line("manage", "head", "depthead", "line_management", "2003-01-01", "")
	g.assign("first", "Anna", "head", "2000-01-01", "2003-01-31")
	g.assign("second", "Bo", "head", "2003-02-01", "")
	s := g.snapshot("2000-01-01", "")

	m := analysis.SteeringDuring(s, g.id("head"), analysis.Span{From: day("2003-01-01"), To: day("2003-12-31")})
	if got := len(m.Incoming["political"]); got != 1 {
		t.Errorf("%d political lines in 2003, want the one of February", got)
	}
	if !slices.Equal(m.Holders, []string{"Anna", "Bo"}) {
		t.Errorf("holders in 2003: %v", m.Holders)
	}
	i := slices.IndexFunc(m.Findings, func(f analysis.Finding) bool { return f.Rule == "triple_steering" })
	if i < 0 || m.Findings[i].Periods[0].From.String() != "2003-02-01" || m.Findings[i].Periods[0].To.String() != "2003-02-28" {
		t.Errorf("the triple steering of February is not among the findings: %+v", m.Findings)
	}
	if day := analysis.Steering(s, g.id("head"), day("2003-03-01")); len(day.Incoming["political"]) != 0 || !slices.Equal(day.Holders, []string{"Bo"}) {
		t.Errorf("the map of one day holds what it should not: %+v", day)
	}
	if analysis.SteeringDuring(s, g.id("head"), analysis.Span{From: day("1990-01-01"), To: day("1999-12-31")}) != nil {
		t.Error("a map of the days before the post existed")
	}

	t.Run("Table", func(t *testing.T) {
		tab := analysis.SteeringTable(m)
		if len(tab.Rows) != 4 {
			t.Fatalf("%d rows for the 3 lines in and 1 out: %v", len(tab.Rows), tab.Rows)
		}
		first, last := tab.Rows[0], tab.Rows[len(tab.Rows)-1]
		if first[0] != "in" || first[1] != "board" || first[2] != "mandate" || first[10] != g.id("regulation").String() || first[13] != "" {
			t.Errorf("the board's mandate: %v", first)
		}
		if last[0] != "out" || last[1] != "line" || last[9] != "dept / depthead" {
			t.Errorf("the line out: %v", last)
		}
	})
}
