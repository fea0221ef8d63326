package web

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// longMap is a post with lines over four decades: one ended, one still in
// force, and a finding in the middle.
func longMap() *analysis.SteeringMap {
	post := analysis.Subject{Type: "post", ID: uuid.New(), Name: "Förvaltningen / Chef"}
	board := analysis.Subject{Type: "organization", ID: uuid.New(), Name: strings.Repeat("Mycket lång nämnd ", 5)}
	end := koncern.MustDate("1999-12-31")
	found := koncern.MustDate("2001-06-30")
	return &analysis.SteeringMap{Post: post,
		Incoming: map[string][]analysis.MapLine{"board": {
			{ID: uuid.New(), Kind: "mandate", Basis: "formal", From: board, To: post, Period: koncern.Period{From: koncern.MustDate("1988-03-01"), To: &end}},
			{ID: uuid.New(), Kind: "mandate", Basis: "practice", From: board, To: post, Period: koncern.Period{From: koncern.MustDate("2000-01-01")}},
		}},
		Findings: []analysis.Finding{{Rule: "vacant_head", Severity: analysis.Medium,
			Periods: []koncern.Period{{From: koncern.MustDate("2001-01-01"), To: &found}}}},
	}
}

func TestTimelineGeometry(t *testing.T) {
	p := &page{Lang: langSV}
	tl := newTimeline(p, longMap(), koncern.MustDate("2026-11-27"))
	t.Run("YearsFromFirstLineToChosenDay", func(t *testing.T) {
		first, last := tl.Ticks[0], tl.Ticks[len(tl.Ticks)-1]
		if first.Date != "1988-01-01" || first.X != px(tlChartX) {
			t.Errorf("first tick %+v", first)
		}
		labelled := 0
		for _, tick := range tl.Ticks {
			if tick.Label != "" {
				labelled++
			}
		}
		if labelled > tlMaxYears || labelled < tlMaxYears/2 {
			t.Errorf("%d years labelled of 39", labelled)
		}
		if last.Date > "2027-01-01" {
			t.Errorf("last tick %+v", last)
		}
	})
	t.Run("OpenLineEndsInArrow", func(t *testing.T) {
		ended, open := tl.Bars[0].Spans[0], tl.Bars[1].Spans[0]
		if ended.Arrow != "" || open.Arrow == "" || open.To != "" || ended.To != "1999-12-31" {
			t.Errorf("ended %+v, open %+v", ended, open)
		}
		if tl.Bars[1].Dash == "none" || tl.Bars[0].Dash != "none" {
			t.Error("the line without a decision is not dashed, or the formal one is")
		}
	})
	t.Run("LongLabelShortened", func(t *testing.T) {
		l := tl.Bars[0]
		if n := len([]rune(l.Label)); n != tlLabelMax || !strings.HasSuffix(l.Label, "…") || !strings.Contains(l.Title, strings.TrimSpace(strings.Repeat("Mycket lång nämnd ", 5))) {
			t.Errorf("label %q (%d runes), title %q", l.Label, n, l.Title)
		}
	})
	t.Run("DayAtTheEdgeStaysInside", func(t *testing.T) {
		if tl.Day.Anchor != "end" {
			t.Errorf("the day's label at the right edge is anchored %q", tl.Day.Anchor)
		}
	})
	t.Run("ShadeOfTheFinding", func(t *testing.T) {
		if len(tl.Shades) != 1 || tl.Shades[0].From != "2001-01-01" || tl.Shades[0].To != "2001-06-30" {
			t.Errorf("shades %+v", tl.Shades)
		}
		if !strings.Contains(tl.Desc, "Vakant chefstjänst gäller 2001-01-01 – 2001-06-30") {
			t.Errorf("the description does not say when the finding holds: %q", tl.Desc)
		}
	})
	t.Run("NoLinesNoTimeline", func(t *testing.T) {
		if newTimeline(p, &analysis.SteeringMap{}, koncern.MustDate("2003-10-01")) != nil {
			t.Error("a timeline without lines")
		}
	})
}
