package handlers_test

import (
	"testing"
)

// chain is three posts of one office, built through the API: a manages b
// and b manages c, each line running from the manager, as the contract
// says every line runs from its steering end to its steered end.
type chain struct {
	a, b, c string
}

func newChain(api *api) chain {
	muni := api.create("/api/v1/organizations", map[string]any{"kind": "municipality", "name": "Habo kommun", "org_number": "212000-1785", "valid_from": "2003-01-01"})
	office := api.create("/api/v1/organizations", map[string]any{"kind": "administration", "name": "Kommunkontoret", "parent_id": muni, "valid_from": "2003-01-01"})
	post := func(title string) string {
		return api.create("/api/v1/posts", map[string]any{"organization_id": office, "title": title, "role": "head", "valid_from": "2003-01-01"})
	}
	c := chain{a: post("Kommunchef"), b: post("Ekonomichef"), c: post("Redovisningschef")}
	api.line(c.a, c.b, "line_management")
	api.line(c.b, c.c, "line_management")
	return c
}

// line records a steering line from post from to post to.
func (a *api) line(from, to, kind string) {
	a.t.Helper()
	a.create("/api/v1/steering-lines", map[string]any{"from_post_id": from, "to_post_id": to, "kind": kind, "basis": "practice", "valid_from": "2003-01-01"})
}

// reportingCycles returns the reporting_cycle findings on the review's day.
func (a *api) reportingCycles(t *testing.T) []findingJSON {
	var page findingsJSON
	a.get(t, 200, ctJSON, "/api/v1/findings?rule=reporting_cycle&at="+review).decode(t, &page)
	return page.Items
}

// TestReportingLineDirection drives the reporting_cycle rule through the
// API with reporting lines written as the contract describes them: from
// the post reported to, to the post that reports.
func TestReportingLineDirection(t *testing.T) {
	t.Run("LoopOfManagementAndReporting", func(t *testing.T) {
		a := newAPI(t)
		c := newChain(a)
		// a reports to c, who is below a: the chain runs in a circle.
		a.line(c.c, c.a, "reporting")
		found := a.reportingCycles(t)
		if len(found) != 1 {
			t.Fatalf("%d reporting_cycle findings, want 1: %+v", len(found), found)
		}
		lines := 0
		for _, e := range found[0].Evidence {
			if e.Type == "steering_line" {
				lines++
			}
		}
		if lines != 3 {
			t.Errorf("%d steering lines among the evidence, want the 3 of the circle: %+v", lines, found[0].Evidence)
		}
	})
	t.Run("ReportingUpTheChainIsNoLoop", func(t *testing.T) {
		a := newAPI(t)
		c := newChain(a)
		// c reports to a, at the top of the chain: no circle.
		a.line(c.a, c.c, "reporting")
		if found := a.reportingCycles(t); len(found) != 0 {
			t.Fatalf("reporting_cycle findings for a chain without a circle: %+v", found)
		}
	})
}
