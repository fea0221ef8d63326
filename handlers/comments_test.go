package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// findingWithComments is a finding as the findings list shows it.
type findingWithComments struct {
	Rule    string `json:"rule"`
	Subject struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"subject"`
	Comments *[]koncern.FindingComment `json:"comments"`
}

func findings(t *testing.T, a *api, path string, header ...string) []findingWithComments {
	t.Helper()
	var page struct {
		Items []findingWithComments `json:"items"`
	}
	a.mustDo(http.StatusOK, http.MethodGet, path, nil, header...).decode(t, &page)
	if len(page.Items) == 0 {
		t.Fatalf("%s: no findings to comment on", path)
	}
	return page.Items
}

// TestFindingComments has auditors comment on a finding and finds the
// comment on that finding and no other, its author kept, its text changed
// only by its author, its history in the trail and in recorded_at reads.
func TestFindingComments(t *testing.T) {
	a := newAPI(t)
	clock := registrytest.NewClock()
	a.reg.Now = clock.Now
	f := newFixture(a)
	list := "/api/v1/findings?municipality=" + f.muni + "&at=2024-06-01"
	first := findings(t, a, list)[0]
	auditor := a.tokenFor(koncern.AccessAuditor)
	second, err := a.reg.CreateToken(viewer.System(context.Background()), koncern.TokenInput{Name: "revisor-2", Role: koncern.AccessAuditor})
	if err != nil {
		t.Fatal(err)
	}
	other := second.Secret
	as := func(token string) []string { return []string{"Authorization", "Bearer " + token} }

	var c koncern.FindingComment
	a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/finding-comments", map[string]any{
		"rule": first.Rule, "subject_id": first.Subject.ID, "body": "Iakttaget vid granskningen 2024; förvaltningen har fått frågan.",
	}, as(auditor)...).decode(t, &c)
	if c.Author != "test-auditor" || c.SubjectType != first.Subject.Type || c.Version != 1 {
		t.Fatalf("comment %+v: want author test-auditor, subject type %s, version 1", c, first.Subject.Type)
	}
	// moment is on the registry's clock, which the trail keeps; between
	// is on the wall clock, which stamps created_at.
	moment, between := clock.Now(), time.Now()
	clock.Tick()

	t.Run("OnItsFindingOnly", func(t *testing.T) {
		for _, got := range findings(t, a, list) {
			if got.Comments == nil {
				t.Fatalf("finding %s on %s has no comments field", got.Rule, got.Subject.ID)
			}
			mine := got.Rule == first.Rule && got.Subject.ID == first.Subject.ID
			if n := len(*got.Comments); (mine && (n != 1 || (*got.Comments)[0].ID != c.ID)) || (!mine && n != 0) {
				t.Errorf("finding %s on %s: comments %+v", got.Rule, got.Subject.ID, *got.Comments)
			}
		}
	})
	t.Run("ErrAnotherAuditorMayNotChangeIt", func(t *testing.T) {
		a.mustDo(http.StatusForbidden, http.MethodPatch, "/api/v1/finding-comments/"+c.ID.String(), map[string]any{"body": "Inte min"},
			append(as(other), "If-Match", `"1"`)...)
	})
	t.Run("ItsAuthorMay", func(t *testing.T) {
		var changed koncern.FindingComment
		a.mustDo(http.StatusOK, http.MethodPatch, "/api/v1/finding-comments/"+c.ID.String(), map[string]any{"body": "Rättad kommentar."},
			append(as(auditor), "If-Match", `"1"`)...).decode(t, &changed)
		if changed.Body != "Rättad kommentar." || changed.Version != 2 || changed.Author != c.Author || changed.Rule != c.Rule {
			t.Fatalf("changed comment %+v", changed)
		}
		var events registry.Page[registry.AuditEvent]
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/audit/events?entity=finding_comment&entity_id="+c.ID.String(), nil).decode(t, &events)
		if len(events.Items) != 2 || events.Items[0].Operation != "create" || events.Items[1].Operation != "update" ||
			events.Items[1].Actor != "test-auditor" || !json.Valid(events.Items[1].Before) {
			t.Fatalf("events %+v: want the create and the update by test-auditor", events.Items)
		}
	})
	t.Run("AsRecordedBeforeTheChange", func(t *testing.T) {
		// A second comment written after the moment must not show either.
		a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/finding-comments", map[string]any{
			"rule": first.Rule, "subject_id": first.Subject.ID, "body": "Senare kommentar.",
		}, as(auditor)...)
		recorded := "&recorded_at=" + url.QueryEscape(moment.Format(time.RFC3339Nano))
		for _, got := range findings(t, a, list+recorded, as(auditor)...) {
			if got.Rule == first.Rule && got.Subject.ID == first.Subject.ID {
				if len(*got.Comments) != 1 || (*got.Comments)[0].Body != c.Body {
					t.Fatalf("comments as recorded %+v, want the first text only", *got.Comments)
				}
			}
		}
	})
	t.Run("ListFilters", func(t *testing.T) {
		var page registry.Page[koncern.FindingComment]
		for query, want := range map[string]int{
			"":                        2,
			"?rule=" + first.Rule:     2,
			"?subject=" + f.committee: 0,
			"?author=test-auditor":    2,
			"?author=test-admin":      0,
			"?to=" + url.QueryEscape(between.Format(time.RFC3339Nano)):   1,
			"?from=" + url.QueryEscape(between.Format(time.RFC3339Nano)): 1,
		} {
			a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/finding-comments"+query, nil).decode(t, &page)
			if len(page.Items) != want {
				t.Errorf("list%s: %d comments, want %d", query, len(page.Items), want)
			}
		}
	})
	t.Run("Rejections", func(t *testing.T) {
		for name, tc := range map[string]struct {
			body   map[string]any
			status int
			field  string
		}{
			"ErrUnknownRule":     {map[string]any{"rule": "no_such_rule", "subject_id": first.Subject.ID, "body": "x"}, http.StatusUnprocessableEntity, "rule"},
			"ErrUnknownSubject":  {map[string]any{"rule": first.Rule, "subject_id": c.ID, "body": "x"}, http.StatusUnprocessableEntity, "subject_id"},
			"ErrBodyBlank":       {map[string]any{"rule": first.Rule, "subject_id": first.Subject.ID, "body": " x "}, http.StatusUnprocessableEntity, "body"},
			"ErrAuthorIsNotSent": {map[string]any{"rule": first.Rule, "subject_id": first.Subject.ID, "body": "x", "author": "someone"}, http.StatusUnprocessableEntity, "author"},
		} {
			t.Run(name, func(t *testing.T) {
				before := a.snapshot()
				p := a.mustDo(tc.status, http.MethodPost, "/api/v1/finding-comments", tc.body, as(auditor)...).problem(t)
				if !namesField(p.Errors, tc.field) {
					t.Fatalf("problem %+v does not name %s", p, tc.field)
				}
				if a.snapshot() != before {
					t.Fatal("a refused comment wrote something")
				}
			})
		}
	})
}

// TestFindingCommentsArePrivate: a published registry shows its findings
// to anonymous callers, without the auditors' comments.
func TestFindingCommentsArePrivate(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.PublicRead = true })
	f := newFixture(a)
	list := "/api/v1/findings?municipality=" + f.muni + "&at=2024-06-01"
	first := findings(t, a, list)[0]
	a.create("/api/v1/finding-comments", map[string]any{"rule": first.Rule, "subject_id": first.Subject.ID, "body": "Intern anteckning."})
	for _, got := range findings(t, a, list, "Authorization", "") {
		if got.Comments != nil {
			t.Fatalf("an anonymous caller sees comments %+v", *got.Comments)
		}
	}
	a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/finding-comments", nil, "Authorization", "")
}
