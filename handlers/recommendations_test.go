package handlers_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// auditFixture adds to the fixture a city manager who coordinates the
// head in practice until the executive board's decision of 2003-11-12
// grounds it, the auditors' report of 2003-10-15 and the committee's answer
// of 2003-12-01.
type auditFixture struct {
	fixture
	board, cityManager, decision, report, answer, practice, formal string
}

func newAuditFixture(a *api) auditFixture {
	f := auditFixture{fixture: newFixture(a)}
	f.board = a.create("/api/v1/organizations", map[string]any{"kind": "executive_board", "name": "Kommunstyrelsen", "parent_id": f.muni, "valid_from": "2003-01-01"})
	auditors := a.create("/api/v1/organizations", map[string]any{"kind": "auditors", "name": "Kommunrevisionen", "parent_id": f.muni, "valid_from": "2003-01-01"})
	f.cityManager = a.create("/api/v1/posts", map[string]any{"organization_id": f.board, "title": "Stadsdirektör", "role": "city_manager", "valid_from": "2003-01-01"})
	doc := func(kind, title, issuer, on string) string {
		return a.create("/api/v1/documents", map[string]any{"kind": kind, "title": title, "decided_on": on, "issuer_id": issuer, "valid_from": on})
	}
	f.decision = doc("board_decision", "Stadsdirektörens roll", f.board, "2003-11-12")
	f.report = doc("audit_report", "Granskning av stadskontoret", auditors, "2003-10-15")
	f.answer = doc("audit_response", "Yttrande över granskningen", f.committee, "2003-12-01")
	line := map[string]any{"from_post_id": f.cityManager, "to_post_id": f.head, "kind": "coordination", "basis": "practice",
		"valid_from": "2003-01-01", "valid_to": "2003-11-11"}
	f.practice = a.create("/api/v1/steering-lines", line)
	f.formal = a.create("/api/v1/steering-lines", map[string]any{"from_post_id": f.cityManager, "to_post_id": f.head, "kind": "coordination",
		"basis": "formal", "document_id": f.decision, "valid_from": "2003-11-12"})
	return f
}

// recommendationBody is the coordination recommendation as a client sends
// it.
func (f auditFixture) recommendationBody() map[string]any {
	return map[string]any{"report_id": f.report, "text": "Tydliggör stadsdirektörens samordnande roll.",
		"addressed_organization_id": f.board, "due_on": "2004-06-30",
		"target_rules": []string{"coordination_without_basis"}, "target_subject_ids": []string{f.head}}
}

// TestRecommendationRoutes gives, answers and judges a recommendation
// through the API, each answer with the status computed on the day asked
// about and checked against the contract.
func TestRecommendationRoutes(t *testing.T) {
	a := newAPI(t)
	f := newAuditFixture(a)
	auditor, registrar := bearer(a.tokenFor(koncern.AccessAuditor)), bearer(a.tokenFor(koncern.AccessRegistrar))

	var rec registry.FollowedRecommendation
	res := a.mustDo(http.StatusCreated, http.MethodPost, "/api/v1/recommendations?at=2003-10-20", f.recommendationBody(), auditor...)
	res.decode(t, &rec)
	if rec.FollowUp == nil || rec.FollowUp.Status != analysis.StatusOpen || res.Header.Get("ETag") != `"1"` ||
		res.Header.Get("Location") != "/api/v1/recommendations/"+rec.ID.String() {
		t.Fatalf("created %+v with headers %v", rec, res.Header)
	}
	path := "/api/v1/recommendations/" + rec.ID.String()

	t.Run("StatusOnTheDayAsked", func(t *testing.T) {
		for at, want := range map[string]string{"2003-10-20": "open", "2003-11-11": "open", "2003-11-12": "resolved", "2004-12-31": "resolved"} {
			var got registry.FollowedRecommendation
			a.mustDo(http.StatusOK, http.MethodGet, path+"?at="+at, nil).decode(t, &got)
			if got.FollowUp.Status != want {
				t.Errorf("on %s: %s, want %s", at, got.FollowUp.Status, want)
			}
		}
		var got registry.FollowedRecommendation
		a.mustDo(http.StatusOK, http.MethodGet, path+"?at=2003-11-12", nil).decode(t, &got)
		var evidence []string
		for _, e := range got.FollowUp.Evidence {
			evidence = append(evidence, e.Change+" "+e.ID.String())
		}
		slices.Sort(evidence)
		want := []string{"ended " + f.practice, "started " + f.decision, "started " + f.formal}
		slices.Sort(want)
		if !slices.Equal(evidence, want) {
			t.Errorf("evidence %v, want %v", evidence, want)
		}
		a.mustDo(http.StatusOK, http.MethodGet, path+"?at=2003-10-14", nil).decode(t, &got)
		if got.FollowUp != nil {
			t.Errorf("a status before the report: %+v", got.FollowUp)
		}
	})

	t.Run("Roles", func(t *testing.T) {
		answer := map[string]any{"response_document_id": f.answer, "response_text": "Nämnden delar bedömningen."}
		a.mustDo(http.StatusForbidden, http.MethodPost, "/api/v1/recommendations", f.recommendationBody(), bearer(a.tokenFor(koncern.AccessReader))...)
		a.mustDo(http.StatusUnauthorized, http.MethodGet, path, nil, "Authorization", "")
		a.mustDo(http.StatusForbidden, http.MethodPatch, path, answer, append(auditor, "If-Match", `"1"`)...)
		a.mustDo(http.StatusForbidden, http.MethodPatch, path, map[string]any{"text": "Annat."}, append(registrar, "If-Match", `"1"`)...)
		var got registry.FollowedRecommendation
		a.mustDo(http.StatusOK, http.MethodPatch, path+"?at=2003-12-01", answer, append(registrar, "If-Match", `"1"`)...).decode(t, &got)
		if got.Version != 2 || got.FollowUp.AnsweredOn == nil || got.FollowUp.AnsweredOn.String() != "2003-12-01" {
			t.Errorf("answered %+v", got)
		}
	})

	t.Run("Judgment", func(t *testing.T) {
		res := a.mustDo(http.StatusUnprocessableEntity, http.MethodPatch, path, map[string]any{"judged_resolved_on": "2003-11-01"},
			append(auditor, "If-Match", a.etag(path))...)
		if !namesField(res.problem(t).Errors, "judgment_comment") {
			t.Errorf("a judgment without comment: %s", res.Body)
		}
		var got registry.FollowedRecommendation
		a.mustDo(http.StatusOK, http.MethodPatch, path+"?at=2003-11-05", map[string]any{"judged_resolved_on": "2003-11-01",
			"judgment_comment": "KSO har förtydligat rollen muntligt."}, append(auditor, "If-Match", a.etag(path))...).decode(t, &got)
		if !got.FollowUp.ByJudgment || got.FollowUp.Status != analysis.StatusResolved || got.JudgedBy == nil || *got.JudgedBy != "test-auditor" {
			t.Errorf("judged %+v", got)
		}
		var events registry.Page[registry.AuditEvent]
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/audit/events?entity=recommendation&entity_id="+rec.ID.String(), nil).decode(t, &events)
		if len(events.Items) != 3 {
			t.Errorf("%d events, want the creation, the answer and the judgment", len(events.Items))
		}
	})

	t.Run("Rejections", func(t *testing.T) {
		for name, tc := range map[string]struct {
			method, path string
			edit         func(body map[string]any)
			status       int
			field        string
		}{
			"ErrNotAReport":       {http.MethodPost, "/api/v1/recommendations", func(b map[string]any) { b["report_id"] = f.decision }, http.StatusUnprocessableEntity, "report_id"},
			"ErrUnknownRule":      {http.MethodPost, "/api/v1/recommendations", func(b map[string]any) { b["target_rules"] = []string{"x"} }, http.StatusUnprocessableEntity, ""},
			"ErrMunicipalitySent": {http.MethodPost, "/api/v1/recommendations", func(b map[string]any) { b["municipality_id"] = f.muni }, http.StatusUnprocessableEntity, "municipality_id"},
			"ErrReportChanged":    {http.MethodPatch, path, func(b map[string]any) { clear(b); b["report_id"] = f.report }, http.StatusUnprocessableEntity, "report_id"},
			"ErrBadAt":            {http.MethodPost, "/api/v1/recommendations?at=2003-13-01", func(map[string]any) {}, http.StatusBadRequest, "at"},
		} {
			t.Run(name, func(t *testing.T) {
				body := f.recommendationBody()
				tc.edit(body)
				res := a.mustDo(tc.status, tc.method, tc.path, body, "If-Match", a.etag(path))
				if tc.field != "" && !namesField(res.problem(t).Errors, tc.field) {
					t.Errorf("problem %s does not name %s", res.Body, tc.field)
				}
			})
		}
	})
	t.Run("ErrSeverityNamesTheChoices", func(t *testing.T) {
		// The contract's enum holds null beside the severities; the
		// message names it as JSON does, not as Go prints nil.
		body := f.recommendationBody()
		body["target_severity"] = "critical"
		res := a.mustDo(http.StatusUnprocessableEntity, http.MethodPost, "/api/v1/recommendations", body)
		if p := res.problem(t); !namesField(p.Errors, "target_severity") || !strings.HasSuffix(p.Errors[0].Message, "high, medium, low, null") {
			t.Errorf("problem %s", res.Body)
		}
	})
}

// TestRecommendationList lists by municipality, report and status on a
// day, a page at a time.
func TestRecommendationList(t *testing.T) {
	a := newAPI(t)
	f := newAuditFixture(a)
	coord := a.create("/api/v1/recommendations", f.recommendationBody())
	delegation := a.create("/api/v1/recommendations", map[string]any{"report_id": f.report, "text": "Pröva mer delegation.",
		"addressed_organization_id": f.board})
	for query, want := range map[string][]string{
		"?at=2004-01-01":                                    {coord, delegation},
		"?at=2004-01-01&status=resolved":                    {coord},
		"?at=2004-01-01&status=open&municipality=" + f.muni: {delegation},
		"?at=2004-01-01&report_id=" + f.report + "&limit=1": {coord},
		"?at=2003-10-14":                                    nil,
		"?at=2004-01-01&report_id=" + f.decision:            nil,
	} {
		var page registry.Page[registry.FollowedRecommendation]
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/recommendations"+query, nil).decode(t, &page)
		var got []string
		for _, it := range page.Items {
			got = append(got, it.ID.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", query, got, want)
		}
	}
	a.mustDo(http.StatusBadRequest, http.MethodGet, "/api/v1/recommendations?status=done", nil)
	a.mustDo(http.StatusUnprocessableEntity, http.MethodGet, "/api/v1/recommendations?municipality="+f.committee, nil)
}

// TestFollowUpReportRoute answers the year's follow-up as JSON, CSV and
// XLSX.
func TestFollowUpReportRoute(t *testing.T) {
	a := newAPI(t)
	f := newAuditFixture(a)
	a.create("/api/v1/recommendations", f.recommendationBody())
	a.create("/api/v1/recommendations", map[string]any{"report_id": f.report, "text": "Inför ett uppföljningssystem.",
		"addressed_organization_id": f.board, "due_on": "2004-06-30"})
	base := "/api/v1/reports/follow-up?municipality=" + f.muni + "&year=2003&at=2004-07-01"

	var rep analysis.FollowUpReport
	a.mustDo(http.StatusOK, http.MethodGet, base, nil).decode(t, &rep)
	if rep.Totals.Given != 2 || rep.Totals.Resolved != 1 || rep.Totals.Overdue != 1 || rep.Totals.MeanDaysToResolve == nil ||
		*rep.Totals.MeanDaysToResolve != 28 {
		t.Errorf("totals %+v", rep.Totals)
	}

	res := a.mustDo(http.StatusOK, http.MethodGet, base+"&format=csv", nil)
	rows, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][6] != "status" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV %q (%v)", rows, err)
	}
	res = a.mustDo(http.StatusOK, http.MethodGet, base+"&format=xlsx", nil)
	if !bytes.HasPrefix(res.Body, []byte("PK")) || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("XLSX answer %v", res.Header)
	}

	for name, tc := range map[string]struct {
		query  string
		status int
	}{
		"ErrNoYear":           {"?municipality=" + f.muni, http.StatusBadRequest},
		"ErrNoMunicipality":   {"?year=2003", http.StatusBadRequest},
		"ErrNotAMunicipality": {"?municipality=" + f.committee + "&year=2003", http.StatusUnprocessableEntity},
		"ErrAnonymous":        {"?municipality=" + f.muni + "&year=2003", http.StatusUnauthorized},
	} {
		t.Run(name, func(t *testing.T) {
			var header []string
			if name == "ErrAnonymous" {
				header = []string{"Authorization", ""}
			}
			a.mustDo(tc.status, http.MethodGet, "/api/v1/reports/follow-up"+tc.query, nil, header...)
		})
	}
}
