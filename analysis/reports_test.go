package analysis_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

func TestOrgChart(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.assign("anna", "Anna", "head", "2003-01-01", "2003-06-30")
	g.org("late", "committee", "muni", "2004-01-01", "")
	s := g.snapshot("2003-03-01", "2003-03-01")

	chart := analysis.OrgChart(s, g.id("muni"), day("2003-03-01"))
	if chart == nil || chart.Name != "muni" {
		t.Fatalf("chart %+v", chart)
	}
	var committee *analysis.ChartNode
	for _, c := range chart.Children {
		if c.ID == g.id("late") {
			t.Error("an organisation formed in 2004 is on the 2003 chart")
		}
		if c.ID == g.id("committee") {
			committee = c
		}
	}
	if committee == nil || len(committee.Children) != 1 || committee.Children[0].ID != g.id("admin") {
		t.Fatalf("the committee's branch: %+v", committee)
	}
	admin := committee.Children[0]
	if admin.Posts[0].ID != g.id("head") || !slices.Equal(admin.Posts[0].Holders, []string{"Anna"}) {
		t.Errorf("the head leads the administration's posts and Anna holds it: %+v", admin.Posts)
	}
	t.Run("FindingsMarked", func(t *testing.T) {
		vacant := analysis.OrgChart(g.snapshot("2003-07-01", "2003-07-01"), g.id("admin"), day("2003-07-01"))
		if !slices.Contains(vacant.Posts[0].Findings, "vacant_head") || len(vacant.Posts[0].Holders) != 0 {
			t.Errorf("the vacant head on 2003-07-01: %+v", vacant.Posts[0])
		}
	})
	t.Run("RootNotInForce", func(t *testing.T) {
		if analysis.OrgChart(s, g.id("late"), day("2003-03-01")) != nil {
			t.Error("a chart of an organisation that does not yet exist")
		}
	})
}

func TestSteeringMap(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
	g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
	g.line("direct", "com", "head", "direct_political", "2003-02-01", "2003-02-28")
	g.line("appraise", "chair", "head", "appraisal", "2003-01-01", "")
	g.line("manage", "head", "depthead", "line_management", "2003-01-01", "")
	g.line("report", "committee", "head", "reporting", "2003-01-01", "") // the head reports to its nämnd

	m := analysis.Steering(g.snapshot("2003-02-15", "2003-02-15"), g.id("head"), day("2003-02-15"))
	want := map[string][]string{"board": {"mandate"}, "city_manager": {"coordination"}, "political": {"direct_political"}, "appraisal": {"appraisal"},
		"line": {"reporting"}}
	for ch, kinds := range want {
		var got []string
		for _, l := range m.Incoming[ch] {
			got = append(got, l.Kind)
		}
		if !slices.Equal(got, kinds) {
			t.Errorf("incoming %s: %v, want %v", ch, got, kinds)
		}
	}
	if len(m.Outgoing["line"]) != 1 {
		t.Errorf("outgoing line management: %+v", m.Outgoing)
	}
	if !slices.ContainsFunc(m.Findings, func(f analysis.Finding) bool { return f.Rule == "triple_steering" }) {
		t.Error("the map of a triple-steered head does not show the finding")
	}
	t.Run("DayOutsideALine", func(t *testing.T) {
		m := analysis.Steering(g.snapshot("2003-03-01", "2003-03-01"), g.id("head"), day("2003-03-01"))
		if len(m.Incoming["political"]) != 0 {
			t.Error("a line that ended on 2003-02-28 is on the map of 2003-03-01")
		}
	})
}

func TestChangesAndExpiring(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.assign("first", "Anna", "head", "2003-01-01", "2003-06-30")
	g.assign("second", "Bo", "head", "2003-07-01", "")
	s := g.snapshot("2003-06-01", "2003-07-31")

	changes := analysis.Changes(s, day("2003-06-01"), day("2003-07-31"))
	var got []string
	for _, c := range changes {
		if c.Type == "assignment" {
			got = append(got, c.Date.String()+" "+c.Change+" "+c.Name)
		}
	}
	if !slices.Equal(got, []string{"2003-06-30 ended Anna holds admin / head", "2003-07-01 started Bo holds admin / head"}) {
		t.Errorf("changes: %v", got)
	}
	if n := len(analysis.Changes(s, day("2003-07-02"), day("2003-07-31"))); n != 0 {
		t.Errorf("%d changes in a month without any", n)
	}

	soon := analysis.Expiring(g.snapshot("2003-06-01", "2003-07-01"), day("2003-06-01"), 29)
	if len(soon) != 1 || soon[0].ID != g.id("first") || soon[0].DaysLeft != 29 {
		t.Errorf("expiring within 29 days of 2003-06-01: %+v", soon)
	}
	if n := len(analysis.Expiring(g.snapshot("2003-06-01", "2003-06-29"), day("2003-06-01"), 28)); n != 0 {
		t.Errorf("%d records expire within 28 days; the last day is 29 days away", n)
	}
}

func TestInterlocks(t *testing.T) {
	g := newGraph(t)
	town(g)
	townCompany(g)
	g.assign("a1", "Anna", "chair", "2003-01-01", "")
	g.assign("a2", "Anna", "bchair", "2003-01-01", "2003-06-30")
	g.assign("b1", "Bo", "member", "2003-01-01", "")
	g.assign("b2", "Bo", "ceo", "2003-01-01", "")

	ils := analysis.Interlocks(g.snapshot("2003-03-01", "2003-03-01"), day("2003-03-01"))
	if len(ils) != 1 || ils[0].Person.Name != "Anna" || len(ils[0].Bodies) != 2 {
		t.Fatalf("interlocks on 2003-03-01: %+v (a VD is staff, not a board seat)", ils)
	}
	if n := len(analysis.Interlocks(g.snapshot("2003-07-01", "2003-07-01"), day("2003-07-01"))); n != 0 {
		t.Errorf("%d interlocks after Anna left the company board", n)
	}
}
