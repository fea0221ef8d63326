package handlers_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestRecordedAt asks the API what it answered before a round of changes,
// with recorded_at, and wants the very same bodies: one record, a stake
// with the names beside its ids, the
// steering map of a head, the findings and the group report. The current
// answers must differ, or the test would prove nothing.
func TestRecordedAt(t *testing.T) {
	a := newAPI(t)
	clock := registrytest.NewClock()
	a.reg.Now = clock.Now
	f := newFixture(a)
	const day = "2024-06-01"
	var stakes struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/stakes?company="+f.company, nil).decode(t, &stakes)
	if len(stakes.Items) != 1 {
		t.Fatalf("the company has %d stakes, want 1", len(stakes.Items))
	}
	stake := stakes.Items[0].ID
	reads := []string{
		"/api/v1/organizations/" + f.admin,
		// A stake shows its company's name, which is renamed below.
		"/api/v1/stakes/" + stake,
		"/api/v1/reports/steering/" + f.head + "?at=" + day,
		"/api/v1/findings?municipality=" + f.muni + "&at=" + day,
		"/api/v1/reports/group?municipality=" + f.muni + "&at=" + day,
	}
	then := map[string]string{}
	for _, path := range reads {
		then[path] = string(a.mustDo(http.StatusOK, http.MethodGet, path, nil).Body)
	}
	moment := clock.Now()
	clock.Tick()

	// The round of changes: two renames, three lines onto the head from
	// the chair, a commissioner and the committee, and a post created
	// after the moment.
	for id, name := range map[string]string{f.admin: "Stadsbyggnadskontoret", f.company: "Elmia Aktiebolag"} {
		path := "/api/v1/organizations/" + id
		a.mustDo(http.StatusOK, http.MethodPatch, path, map[string]any{"name": name}, "If-Match", a.etag(path))
	}
	commissioner := a.create("/api/v1/posts", map[string]any{"organization_id": f.committee, "title": "Kommunalråd", "role": "commissioner", "political": true, "valid_from": "2003-01-01"})
	for _, from := range []map[string]any{{"from_post_id": f.chair}, {"from_post_id": commissioner}, {"from_organization_id": f.committee}} {
		line := map[string]any{"to_post_id": f.head, "kind": "direct_political", "basis": "practice", "valid_from": "2020-01-01"}
		for k, v := range from {
			line[k] = v
		}
		a.create("/api/v1/steering-lines", line)
	}

	auditor := a.tokenFor(koncern.AccessAuditor)
	recorded := "recorded_at=" + url.QueryEscape(moment.Format(time.RFC3339Nano))
	withMoment := func(path string) string {
		u, err := url.Parse(path)
		if err != nil {
			t.Fatal(err)
		}
		if u.RawQuery != "" {
			return path + "&" + recorded
		}
		return path + "?" + recorded
	}
	for _, path := range reads {
		t.Run(path, func(t *testing.T) {
			got := string(a.mustDo(http.StatusOK, http.MethodGet, withMoment(path), nil, "Authorization", "Bearer "+auditor).Body)
			if got != then[path] {
				t.Errorf("as recorded:\n got %s\nwant %s", got, then[path])
			}
			if now := string(a.mustDo(http.StatusOK, http.MethodGet, path, nil).Body); now == then[path] {
				t.Errorf("the changes left the answer as it was: %s", now)
			}
		})
	}
	t.Run("ErrCreatedLater", func(t *testing.T) {
		a.mustDo(http.StatusNotFound, http.MethodGet, withMoment("/api/v1/posts/"+commissioner), nil, "Authorization", "Bearer "+auditor)
	})
	t.Run("ErrReaderMayNotLookBack", func(t *testing.T) {
		reader := a.tokenFor(koncern.AccessReader)
		a.mustDo(http.StatusForbidden, http.MethodGet, withMoment(reads[0]), nil, "Authorization", "Bearer "+reader)
		a.mustDo(http.StatusForbidden, http.MethodGet, withMoment(reads[2]), nil, "Authorization", "Bearer "+reader)
	})
	t.Run("ErrListsDoNotTakeIt", func(t *testing.T) {
		p := a.mustDo(http.StatusBadRequest, http.MethodGet, withMoment("/api/v1/organizations"), nil, "Authorization", "Bearer "+auditor).problem(t)
		if !namesField(p.Errors, "recorded_at") {
			t.Fatalf("problem %+v does not name recorded_at", p)
		}
	})
	t.Run("ErrNotAMoment", func(t *testing.T) {
		for _, bad := range []string{"2024-06-01", "yesterday", "2024-06-01T12:00:00"} {
			p := a.mustDo(http.StatusBadRequest, http.MethodGet, reads[0]+"?recorded_at="+bad, nil, "Authorization", "Bearer "+auditor).problem(t)
			if !namesField(p.Errors, "recorded_at") {
				t.Fatalf("recorded_at=%s: problem %+v does not name recorded_at", bad, p)
			}
		}
	})
}
