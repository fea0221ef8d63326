package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCacheKnowsTheDay: a list without at= is about today, so a cached
// answer must not outlive midnight even when nothing is written.
func TestCacheKnowsTheDay(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	today := now.Format("2006-01-02")
	a.create("/api/v1/organizations", map[string]any{"kind": "committee", "name": "Nämnd som upphör", "parent_id": f.muni,
		"valid_from": "2003-01-01", "valid_to": today})
	list := "/api/v1/organizations?kind=committee"
	if body := string(a.mustDo(http.StatusOK, http.MethodGet, list, nil).Body); !strings.Contains(body, "Nämnd som upphör") {
		t.Fatalf("today's list lacks the committee in force today: %s", body)
	}
	a.reg.Now = func() time.Time { return now.Add(24 * time.Hour) }
	if body := string(a.mustDo(http.StatusOK, http.MethodGet, list, nil).Body); strings.Contains(body, "Nämnd som upphör") {
		t.Fatalf("the next day's list still shows the committee that ended the day before: %s", body)
	}
}

// TestCacheSeesEveryWrite: a cached list and report change with the
// write that changes them, on the same server.
func TestCacheSeesEveryWrite(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	reads := []string{"/api/v1/organizations?kind=committee", "/api/v1/reports/org-chart?at=2024-06-01&root=" + f.muni}
	for i, name := range []string{"Miljönämnden", "Kulturnämnden", "Valnämnden"} {
		for _, path := range reads {
			a.mustDo(http.StatusOK, http.MethodGet, path, nil)
		}
		path := "/api/v1/organizations/" + f.committee
		a.mustDo(http.StatusOK, http.MethodPatch, path, map[string]any{"name": name}, "If-Match", a.etag(path))
		for _, p := range reads {
			if body := string(a.mustDo(http.StatusOK, http.MethodGet, p, nil).Body); !strings.Contains(body, name) {
				t.Fatalf("write %d: %s does not show %q: %s", i, p, name, body)
			}
		}
	}
}
