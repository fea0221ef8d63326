package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// TestFollowUp tells the follow-up of the review: the clearer role of the
// city manager is resolved on the day the executive board's decision
// grounds the coordination of the heads, the delegation stays open, and
// the follow-up system, answered in February 2004, is overdue after its
// due date.
func TestFollowUp(t *testing.T) {
	r, sum := loaded(t)
	ctx := viewer.System(context.Background())
	report := func(at string) analysis.FollowUpReport {
		t.Helper()
		rep, err := r.FollowUpReport(ctx, sum.Municipality, 2003, koncern.MustDate(at))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Items) != 3 {
			t.Fatalf("on %s: %d recommendations, want the report's 3", at, len(rep.Items))
		}
		return rep
	}
	statuses := func(rep analysis.FollowUpReport) string {
		var s []string
		for _, it := range rep.Items {
			s = append(s, it.FollowUp.Status+" since "+it.FollowUp.Since.String())
		}
		return strings.Join(s, "; ")
	}
	// The items are in the order the report lists them: coordination,
	// delegation, follow-up system.
	for _, c := range []struct{ at, want string }{
		{"2003-10-15", "open since 2003-10-15; open since 2003-10-15; open since 2003-10-15"},
		{"2003-11-11", "open since 2003-10-15; open since 2003-10-15; open since 2003-10-15"},
		{"2003-11-12", "resolved since 2003-11-12; open since 2003-10-15; open since 2003-10-15"},
		{"2004-02-18", "resolved since 2003-11-12; open since 2003-10-15; answered since 2004-02-18"},
		{"2004-04-01", "resolved since 2003-11-12; open since 2003-10-15; overdue since 2004-04-01"},
		{"2026-11-27", "resolved since 2003-11-12; open since 2003-10-15; overdue since 2004-04-01"},
	} {
		if got := statuses(report(c.at)); got != c.want {
			t.Errorf("on %s:\n got %s\nwant %s", c.at, got, c.want)
		}
	}

	t.Run("TheDecisionIsTheEvidence", func(t *testing.T) {
		coordination := report("2003-12-31").Items[0]
		if !strings.Contains(coordination.Text, "samordningsroll") || coordination.Addressed.Name != "Kommunstyrelsen" {
			t.Fatalf("the first recommendation is %q to %s", coordination.Text, coordination.Addressed.Name)
		}
		var ended, started, decision int
		for _, e := range coordination.FollowUp.Evidence {
			switch {
			case e.Type == "steering_line" && e.Kind == "coordination" && e.Change == "ended" && e.Period.To.String() == "2003-11-11":
				ended++
			case e.Type == "steering_line" && e.Kind == "coordination" && e.Change == "started":
				started++
			case e.Type == "document" && e.Change == "started" && strings.HasPrefix(e.Description, "Stadsdirektörens ledande och samordnande roll"):
				decision++
			}
		}
		if ended != 5 || started != 5 || decision != 1 {
			t.Errorf("evidence: %d practice lines ended, %d formal lines started, the decision %d times; want 5, 5 and 1: %+v",
				ended, started, decision, coordination.FollowUp.Evidence)
		}
		if d := coordination.FollowUp.DaysToResolve; d == nil || *d != 28 {
			t.Errorf("days to resolve %v, want 28", d)
		}
	})

	t.Run("Totals", func(t *testing.T) {
		got := report("2026-11-27").Totals
		if got.Given != 3 || got.Resolved != 1 || got.Open != 1 || got.Overdue != 1 {
			t.Errorf("totals %+v, want 3 given, 1 resolved, 1 open, 1 overdue", got)
		}
	})

	t.Run("ListedAsResolved", func(t *testing.T) {
		at := koncern.MustDate("2003-11-12")
		p, err := r.ListRecommendations(ctx, registry.RecommendationFilter{At: &at, Status: analysis.StatusResolved})
		if err != nil || len(p.Items) != 1 || p.Items[0].ReportID != sum.AuditReport {
			t.Fatalf("resolved on %s: %+v (%v)", at, p.Items, err)
		}
	})
}
