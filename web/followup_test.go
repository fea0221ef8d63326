package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// demoRecommendations are the demo report's recommendations in the order
// they were given: the clearer coordinating role, more delegation, the
// follow-up system.
func (h *harness) demoRecommendations() []registry.FollowedRecommendation {
	h.t.Helper()
	p, err := h.Reg.ListRecommendations(adminContext(), registry.RecommendationFilter{})
	if err != nil || len(p.Items) != 3 {
		h.t.Fatalf("the demo's recommendations: %d, %v", len(p.Items), err)
	}
	return p.Items
}

// TestFollowUpPage shows the auditors' follow-up of the demo's year: one
// recommendation resolved by the executive board's decision, one open, one
// overdue, with the evidence and the totals.
func TestFollowUpPage(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	auditor, reader := h.signedIn(koncern.AccessAuditor), h.signedIn(koncern.AccessReader)
	recs := h.demoRecommendations()

	t.Run("TheYear", func(t *testing.T) {
		body := h.in(t).page(auditor.in(t).get("/follow-up"))
		for _, want := range []string{"Uppföljande granskning", "Rekommendationer 2003", `id="total-given">3<`, `id="total-resolved">1, i genomsnitt 28 dagar<`,
			`id="total-open">1<`, `id="total-overdue">1<`, "status-resolved", "status-open", "status-overdue",
			"Stadsdirektörens ledande och samordnande roll", "Upphörde 2003-11-11", "Började 2003-11-12",
			"/recommendations/" + recs[0].ID.String(), "Ny rekommendation i Översyn, granskning"} {
			if !strings.Contains(body, want) {
				t.Errorf("the follow-up lacks %q", want)
			}
		}
	})
	t.Run("OnTheReviewDay", func(t *testing.T) {
		body := h.in(t).page(reader.in(t).get("/follow-up?at=2003-10-20&year=2003"))
		if !strings.Contains(body, `id="total-open">3<`) || strings.Contains(body, "Ny rekommendation") {
			t.Errorf("on 2003-10-20 all three are open, and a reader gives none:\n%s", body)
		}
	})
	t.Run("English", func(t *testing.T) {
		body := h.in(t).page(auditor.in(t).get("/follow-up?lang=en"))
		for _, want := range []string{"Follow-up of the audit recommendations", "Resolved", "Overdue"} {
			if !strings.Contains(body, want) {
				t.Errorf("the English follow-up lacks %q", want)
			}
		}
	})
	t.Run("Downloads", func(t *testing.T) {
		res, body := auditor.in(t).get("/follow-up?year=2003&format=csv")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "id,report,given_on") || strings.Count(body, "\n") != 4 {
			t.Errorf("CSV %d:\n%s", res.StatusCode, body)
		}
		res, body = auditor.in(t).get("/follow-up?year=2003&format=xlsx")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("XLSX %d", res.StatusCode)
		}
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		h.in(t).expect(http.StatusUnauthorized)(h.client().get("/follow-up"))
		h.in(t).expect(http.StatusUnauthorized)(h.client().get("/recommendations/" + recs[0].ID.String()))
	})
	t.Run("ErrBadYear", func(t *testing.T) {
		body := h.in(t).expect(http.StatusBadRequest)(auditor.in(t).get("/follow-up?year=twenty"))
		if !strings.Contains(body, "year") {
			t.Errorf("the refusal does not name the year:\n%s", body)
		}
	})
	t.Run("NavOnlyForRoles", func(t *testing.T) {
		if !strings.Contains(h.in(t).page(reader.in(t).get("/")), `href="/follow-up"`) {
			t.Error("a reader has no link to the follow-up")
		}
		if strings.Contains(h.in(t).page(h.client().get("/")), `href="/follow-up"`) {
			t.Error("an anonymous visitor has a link to the follow-up")
		}
	})
}

// TestRecommendationPage shows a recommendation with its history and the
// links its reader's role may follow.
func TestRecommendationPage(t *testing.T) {
	h := newHarness(t)
	recs := h.demoRecommendations()
	path := "/recommendations/" + recs[0].ID.String()
	for role, links := range map[string][2]bool{
		koncern.AccessAuditor: {true, false}, koncern.AccessRegistrar: {false, true}, koncern.AccessReader: {false, false},
	} {
		t.Run(role, func(t *testing.T) {
			body := h.in(t).page(h.signedIn(role).in(t).get(path))
			for _, want := range []string{"samordningsroll", "Samordning utan formell grund", "Åtgärdad", "Händelser",
				"event-given", "event-resolved", "event-answered", "2003-11-12", "Kommunstyrelsens yttrande"} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if got := strings.Contains(body, path+"/judge"); got != links[0] {
				t.Errorf("judge link shown %v, want %v", got, links[0])
			}
			if got := strings.Contains(body, path+"/answer"); got != links[1] {
				t.Errorf("answer link shown %v, want %v", got, links[1])
			}
		})
	}
	t.Run("BeforeTheReport", func(t *testing.T) {
		body := h.in(t).page(h.signedIn(koncern.AccessReader).in(t).get(path + "?at=2003-10-01"))
		if !strings.Contains(body, "ännu inte lämnad") {
			t.Errorf("the page before the report:\n%s", body)
		}
	})
}

// TestRecommendationForms gives, answers and judges a recommendation
// through the forms, each role only its own, and shows a refusal beside
// its field.
func TestRecommendationForms(t *testing.T) {
	h := newHarness(t)
	auditor, registrar := h.signedIn(koncern.AccessAuditor), h.signedIn(koncern.AccessRegistrar)
	recs := h.demoRecommendations()
	report := recs[0].ReportID.String()
	board := recs[0].AddressedOrganizationID.String()
	answer := recs[0].ResponseDocumentID.String()
	var id uuid.UUID

	t.Run("Give", func(t *testing.T) {
		h.in(t).page(auditor.in(t).get("/recommendations/new?report_id=" + report))
		res, body := auditor.in(t).post("/recommendations/new", url.Values{"report_id": {report}, "text": {"Se över budgetprocessen.\r\nÄven tidsplanen."},
			"addressed_organization_id": {board}, "addressed_post_id": {""}, "due_on": {"2004-12-31"},
			"target_rules": {"vacant_head", "unclear_appraisal"}, "target_severity": {""}})
		id = created(t, res, body, "/recommendations/")
		rec, err := h.Reg.GetRecommendation(adminContext(), id)
		if err != nil || rec.Text != "Se över budgetprocessen.\nÄven tidsplanen." || len(rec.TargetRules) != 2 || rec.DueOn.String() != "2004-12-31" {
			t.Errorf("stored %+v, %v", rec, err)
		}
	})
	t.Run("ErrNoAddressee", func(t *testing.T) {
		body := h.in(t).expect(http.StatusUnprocessableEntity)(auditor.in(t).post("/recommendations/new", url.Values{"report_id": {report},
			"text": {"Utan mottagare."}}))
		if !strings.Contains(body, `id="addressed_organization_id-error"`) || !strings.Contains(body, "Utan mottagare.") {
			t.Errorf("the refusal is not beside the field, or the text is lost:\n%s", body)
		}
	})
	t.Run("ErrRegistrarGives", func(t *testing.T) {
		h.in(t).expect(http.StatusForbidden)(registrar.in(t).get("/recommendations/new"))
		h.in(t).expect(http.StatusForbidden)(registrar.in(t).post("/recommendations/new", url.Values{"report_id": {report}}))
	})
	t.Run("Answer", func(t *testing.T) {
		path := "/recommendations/" + id.String() + "/answer"
		h.in(t).expect(http.StatusForbidden)(auditor.in(t).get(path))
		body := h.in(t).page(registrar.in(t).get(path))
		res, body := registrar.in(t).post(path, url.Values{"version": {formVersion(t, body)}, "response_document_id": {answer},
			"response_text": {"Budgetprocessen ses över 2004."}})
		seeOther(t, res, body, "/recommendations/"+id.String())
	})
	t.Run("ErrJudgmentWithoutComment", func(t *testing.T) {
		path := "/recommendations/" + id.String() + "/judge"
		h.in(t).expect(http.StatusForbidden)(registrar.in(t).get(path))
		body := h.in(t).page(auditor.in(t).get(path))
		body = h.in(t).expect(http.StatusUnprocessableEntity)(auditor.in(t).post(path, url.Values{"version": {formVersion(t, body)},
			"judged_resolved_on": {"2004-09-01"}, "judgment_comment": {""}}))
		if !strings.Contains(body, `id="judgment_comment-error"`) {
			t.Errorf("the refusal is not beside the comment:\n%s", body)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		body := h.in(t).expect(http.StatusPreconditionFailed)(auditor.in(t).post("/recommendations/"+id.String()+"/edit",
			url.Values{"version": {"1"}, "text": {"Gammal version."}}))
		if !strings.Contains(body, "Någon annan har ändrat") {
			t.Errorf("the stale form does not say so:\n%s", body)
		}
	})
	t.Run("Judge", func(t *testing.T) {
		path := "/recommendations/" + id.String() + "/judge"
		body := h.in(t).page(auditor.in(t).get(path))
		res, body := auditor.in(t).post(path, url.Values{"version": {formVersion(t, body)},
			"judged_resolved_on": {"2004-09-01"}, "judgment_comment": {"Budgetprocessen är omlagd enligt KF:s beslut."}})
		seeOther(t, res, body, "/recommendations/"+id.String())
		page := h.in(t).page(auditor.in(t).get("/recommendations/" + id.String()))
		for _, want := range []string{"enligt revisorernas bedömning", "Budgetprocessen är omlagd enligt KF:s beslut.", "test-auditor", "event-judged"} {
			if !strings.Contains(page, want) {
				t.Errorf("the judged recommendation's page lacks %q", want)
			}
		}
	})
}
