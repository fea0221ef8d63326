package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/viewer"
)

// TestFindingsWholePeriod: a finding asked about on one day also gives the
// whole continuous period it holds in around that day; its periods keep
// to the day, and a range asked about gives no such period.
func TestFindingsWholePeriod(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	type finding struct {
		Subject struct {
			ID string `json:"id"`
		} `json:"subject"`
		Periods []struct {
			From string `json:"valid_from"`
			To   string `json:"valid_to"`
		} `json:"periods"`
		Period *struct {
			From string `json:"valid_from"`
			To   string `json:"valid_to"`
		} `json:"period"`
	}
	triple := func(t *testing.T, query string) finding {
		t.Helper()
		var page struct{ Items []finding }
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/findings?rule=triple_steering&subject="+sum.TripleSteeredHeadPost.String()+"&"+query, nil).decode(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("%s: %d findings, want the triple steering", query, len(page.Items))
		}
		return page.Items[0]
	}
	var whole struct{ From, To string }
	for _, day := range []string{"2003-10-01", "2003-06-15"} {
		t.Run(day, func(t *testing.T) {
			f := triple(t, "at="+day)
			if len(f.Periods) != 1 || f.Periods[0].From != day || f.Periods[0].To != day {
				t.Fatalf("periods %+v, want the day %s alone", f.Periods, day)
			}
			if f.Period == nil || f.Period.From > day || f.Period.To < day || f.Period.From == f.Period.To {
				t.Fatalf("period %+v does not hold %s, or is that day alone", f.Period, day)
			}
			if whole.From != "" && (whole.From != f.Period.From || whole.To != f.Period.To) {
				t.Fatalf("period %+v on %s, %+v on another day of it", f.Period, day, whole)
			}
			whole.From, whole.To = f.Period.From, f.Period.To
		})
	}
	t.Run("StillHolding", func(t *testing.T) {
		var page struct {
			Items []struct {
				Period *struct {
					To *string `json:"valid_to"`
				} `json:"period"`
			}
		}
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/findings", nil).decode(t, &page)
		open := 0
		for _, f := range page.Items {
			if f.Period == nil {
				t.Fatalf("today's finding without its period")
			}
			if f.Period.To == nil {
				open++
			}
		}
		if open == 0 {
			t.Fatalf("none of today's %d findings still holds", len(page.Items))
		}
	})
	t.Run("TheWholeIsTheRange", func(t *testing.T) {
		f := triple(t, "from="+whole.From+"&to="+whole.To)
		if len(f.Periods) != 1 || f.Periods[0].From != whole.From || f.Periods[0].To != whole.To || f.Period != nil {
			t.Fatalf("over %+v: periods %+v, period %+v", whole, f.Periods, f.Period)
		}
	})
}
