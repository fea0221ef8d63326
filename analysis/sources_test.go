package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

// cited writes a finding's sources as "citation: from..to, from..to".
func cited(f analysis.Finding) []string {
	var out []string
	for _, c := range f.Sources {
		var ps []string
		for _, p := range c.Periods {
			ps = append(ps, periodString(p))
		}
		out = append(out, c.Citation+": "+strings.Join(ps, ", "))
	}
	return out
}

// TestFindingCitesTheLawInForce runs a rule of Kommunallagen over windows
// around the day the 2017 act replaced the 1991 act, and around the day
// the 1991 act came into force: a finding cites 3 kap. 17 § for its days
// up to 2017-12-31 and 10 kap. 3 § from 2018-01-01, and holds on no day
// before 1992-01-01.
func TestFindingCitesTheLawInForce(t *testing.T) {
	const old, new = "KL (1991:900) 3 kap. 17 §", "KL (2017:725) 10 kap. 3 §"
	cases := []struct {
		name, from, to, founded string
		periods, sources        []string
		section                 string
	}{
		{name: "AcrossTheNewAct", from: "2017-12-01", to: "2018-01-31", founded: "1990-01-01",
			periods: []string{"2017-12-01..2018-01-31"},
			sources: []string{old + ": 2017-12-01..2017-12-31", new + ": 2018-01-01..2018-01-31"}, section: new},
		{name: "LastDayOfTheOldAct", from: "2017-12-31", to: "2017-12-31", founded: "1990-01-01",
			periods: []string{"2017-12-31..2017-12-31"}, sources: []string{old + ": 2017-12-31..2017-12-31"}, section: old},
		{name: "FirstDayOfTheNewAct", from: "2018-01-01", to: "2018-01-01", founded: "1990-01-01",
			periods: []string{"2018-01-01..2018-01-01"}, sources: []string{new + ": 2018-01-01..2018-01-01"}, section: new},
		{name: "BeforeTheOldAct", from: "1991-06-01", to: "1992-01-31", founded: "1990-01-01",
			periods: []string{"1992-01-01..1992-01-31"}, sources: []string{old + ": 1992-01-01..1992-01-31"}, section: old},
		{name: "WoundUpBeforeTheOldAct", from: "1991-01-01", to: "1991-12-31", founded: "1990-01-01"},
		{name: "OpenWindow", from: "2017-07-01", to: "", founded: "1990-01-01",
			periods: []string{"2017-07-01.."}, sources: []string{old + ": 2017-07-01..2017-12-31", new + ": 2018-01-01.."}, section: new},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGraph(t)
			group(g)
			g.company("bolag", "muni", 1000, 1000, c.founded, "")
			g.stake("own", "muni", "bolag", 1000, 1000, c.founded, "")
			got := g.findings("no_lay_auditor", c.from, c.to)
			if len(c.periods) == 0 {
				if len(got) != 0 {
					t.Fatalf("findings before the act: %s", g.describe(got))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want one finding, got %s", g.describe(got))
			}
			f := got[0]
			var periods []string
			for _, p := range f.Periods {
				periods = append(periods, periodString(p))
			}
			if !slices.Equal(periods, c.periods) {
				t.Errorf("periods %v, want %v", periods, c.periods)
			}
			if !slices.Equal(cited(f), c.sources) {
				t.Errorf("sources %q, want %q", cited(f), c.sources)
			}
			if f.Section() != c.section {
				t.Errorf("section %q, want %q", f.Section(), c.section)
			}
		})
	}
}

// TestWholeCitesTheWholePeriods checks that a finding given its whole
// periods cites its sources over them, not over the day asked about.
func TestWholeCitesTheWholePeriods(t *testing.T) {
	g := newGraph(t)
	group(g)
	g.company("bolag", "muni", 1000, 1000, "2015-01-01", "")
	g.stake("own", "muni", "bolag", 1000, 1000, "2015-01-01", "2019-06-30")
	narrow := g.findings("no_lay_auditor", "2018-03-01", "2018-03-01")
	wide := g.findings("no_lay_auditor", "1000-01-01", "")
	got := analysis.Whole(narrow, wide)
	want := []string{"KL (1991:900) 3 kap. 17 §: 2015-01-01..2017-12-31", "KL (2017:725) 10 kap. 3 §: 2018-01-01..2019-06-30"}
	if len(got) != 1 || !slices.Equal(cited(got[0]), want) {
		t.Fatalf("sources %q, want %q", fmt.Sprint(got), want)
	}
}

// TestReviewRulesApplyEveryDay checks that a rule of the 2003 review cites
// its sections with open periods, on any day.
func TestReviewRulesApplyEveryDay(t *testing.T) {
	g := newGraph(t)
	town(g)
	got := g.findings("vacant_head", "2000-01-01", "2000-01-01")
	if len(got) == 0 {
		t.Fatal("no vacant head")
	}
	if c := cited(got[0]); !slices.Equal(c, []string{"§3: 2000-01-01..2000-01-01"}) {
		t.Errorf("sources %q", c)
	}
}
