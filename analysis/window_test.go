package analysis_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

func TestWhole(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
	g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
	// Two spells of political steering with a gap: two periods of triple
	// steering, and a day asks about one of them only.
	g.line("political", "com", "head", "direct_political", "2003-03-01", "2003-04-30")
	g.line("political2", "com", "head", "direct_political", "2003-09-01", "")
	wide := analysis.Findings(analysis.NewSnapshot(analysis.History, g.data), analysis.Filter{Rules: []string{"triple_steering"}})
	periods := func(fs []analysis.Finding) [][]string {
		var out [][]string
		for _, f := range fs {
			var ps []string
			for _, p := range f.Periods {
				ps = append(ps, periodString(p))
			}
			out = append(out, ps)
		}
		return out
	}
	cases := []struct {
		name, from, to string
		want           [][]string
	}{
		{"DayInFirstSpell", "2003-04-10", "2003-04-10", [][]string{{"2003-03-01..2003-04-30"}}},
		{"DayInOpenSpell", "2004-01-01", "2004-01-01", [][]string{{"2003-09-01.."}}},
		{"RangeOverBoth", "2003-04-01", "2003-09-05", [][]string{{"2003-03-01..2003-04-30", "2003-09-01.."}}},
		{"DayInGap", "2003-06-01", "2003-06-01", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			narrow := g.findings("triple_steering", c.from, c.to)
			got := analysis.Whole(narrow, wide)
			if !slices.EqualFunc(periods(got), c.want, slices.Equal) {
				t.Errorf("periods %v, want %v", periods(got), c.want)
			}
			for i := range got {
				if !slices.Equal(got[i].Evidence, narrow[i].Evidence) {
					t.Errorf("evidence changed: %v, want the narrow finding's %v", got[i].Evidence, narrow[i].Evidence)
				}
			}
		})
	}
	t.Run("WithoutWideKeepsNarrow", func(t *testing.T) {
		narrow := g.findings("triple_steering", "2003-04-10", "2003-04-10")
		if got := periods(analysis.Whole(narrow, nil)); !slices.EqualFunc(got, [][]string{{"2003-04-10..2003-04-10"}}, slices.Equal) {
			t.Errorf("periods %v, want the narrow one", got)
		}
	})
}

func TestWindow(t *testing.T) {
	d := koncern.MustDate
	p := func(s string) *koncern.Date { x := d(s); return &x }
	today := d("2026-11-27")
	cases := []struct {
		name       string
		at, f, to  *koncern.Date
		want       string
		wantFields []string
	}{
		{"Today", nil, nil, nil, "2026-11-27..2026-11-27", nil},
		{"Day", p("2003-10-01"), nil, nil, "2003-10-01..2003-10-01", nil},
		{"Range", nil, p("2003-01-01"), p("2003-12-31"), "2003-01-01..2003-12-31", nil},
		{"ErrDayAndRange", p("2003-10-01"), p("2003-01-01"), nil, "", []string{"at"}},
		{"ErrFromAlone", nil, p("2003-01-01"), nil, "", []string{"to"}},
		{"ErrToAlone", nil, nil, p("2003-01-01"), "", []string{"from"}},
		{"ErrBackwards", nil, p("2003-12-31"), p("2003-01-01"), "", []string{"to"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, problems := analysis.Window(c.at, c.f, c.to, today)
			var fields []string
			for _, pr := range problems {
				fields = append(fields, pr.Field)
			}
			if !slices.Equal(fields, c.wantFields) {
				t.Fatalf("problems %v, want fields %v", problems, c.wantFields)
			}
			if c.want != "" && periodString(w) != c.want {
				t.Errorf("window %s, want %s", periodString(w), c.want)
			}
		})
	}
	t.Run("ExpiringPastLastDate", func(t *testing.T) {
		if _, fe := analysis.ExpiringWindow(d("9999-12-01"), 90); fe == nil || fe.Field != "within" {
			t.Errorf("problem %v, want one about within", fe)
		}
		if w, fe := analysis.ExpiringWindow(d("2003-10-01"), 90); fe != nil || periodString(w) != "2003-10-01..2003-12-30" {
			t.Errorf("window %s, %v", periodString(w), fe)
		}
	})
}
