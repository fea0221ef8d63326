package handlers_test

import (
	"testing"
)

// TestRuleBookFields: the fields the rule book reads from documents and
// municipalities go through the API and are refused by name when wrong,
// writing nothing.
func TestRuleBookFields(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	ks := a.create("/api/v1/organizations", map[string]any{"kind": "executive_board", "name": "Kommunstyrelsen", "parent_id": f.muni, "valid_from": "2003-01-01"})
	directive := a.create("/api/v1/documents", map[string]any{"kind": "owner_directive", "title": "Ägardirektiv", "decided_on": "2004-03-01", "issuer_id": f.muni, "valid_from": "2004-03-01"})
	v1 := []string{"If-Match", `"1"`}
	review := func(year any, subjects ...string) map[string]any {
		return map[string]any{"kind": "annual_review", "title": "Prövning 2013", "decided_on": "2014-03-01", "issuer_id": ks,
			"subject_ids": subjects, "year": year, "valid_from": "2014-03-01"}
	}
	refuse(t, a, []inputCase{
		{"ErrReviewWithoutYear", "POST", "/api/v1/documents", review(nil, f.holding), nil, 422, "year", "required for an annual review"},
		{"ErrReviewOfACommittee", "POST", "/api/v1/documents", review(2013, f.committee), nil, 422, "subject_ids", "covers companies"},
		{"ErrReviewWithoutCompanies", "POST", "/api/v1/documents", review(2013), nil, 422, "subject_ids", "at least one company"},
		{"ErrYearOnADirective", "PATCH", "/api/v1/documents/" + directive, map[string]any{"year": 2003}, v1, 422, "year", "only an annual review"},
		{"ErrDirectiveRefersToADocument", "PATCH", "/api/v1/documents/" + directive, map[string]any{"refers_to_id": directive}, v1, 422, "refers_to_id", ""},
		{"ErrDeadlineNoSuchDay", "PATCH", "/api/v1/organizations/" + f.muni, map[string]any{"review_deadline": "02-30"}, v1, 422, "review_deadline", "MM-DD"},
		{"ErrDeadlineOnACompany", "PATCH", "/api/v1/organizations/" + f.holding, map[string]any{"review_deadline": "06-30"}, v1, 422, "review_deadline", "only a municipality"},
	})
	t.Run("Stored", func(t *testing.T) {
		var doc struct {
			SubjectIDs []string `json:"subject_ids"`
			Year       *int     `json:"year"`
		}
		a.mustDo(201, "POST", "/api/v1/documents", review(2013, f.holding)).decode(t, &doc)
		if len(doc.SubjectIDs) != 1 || doc.SubjectIDs[0] != f.holding || doc.Year == nil || *doc.Year != 2013 {
			t.Fatalf("review %+v", doc)
		}
		var adopted struct {
			RefersToID *string `json:"refers_to_id"`
		}
		a.mustDo(201, "POST", "/api/v1/documents", map[string]any{"kind": "general_meeting_resolution", "title": "Årsstämma", "decided_on": "2004-04-20",
			"issuer_id": f.holding, "refers_to_id": directive, "valid_from": "2004-04-20"}).decode(t, &adopted)
		if adopted.RefersToID == nil || *adopted.RefersToID != directive {
			t.Fatalf("resolution %+v", adopted)
		}
		var muni struct {
			ReviewDeadline *string `json:"review_deadline"`
		}
		a.mustDo(200, "PATCH", "/api/v1/organizations/"+f.muni, map[string]any{"review_deadline": "04-30"}, v1...).decode(t, &muni)
		if muni.ReviewDeadline == nil || *muni.ReviewDeadline != "04-30" {
			t.Fatalf("municipality %+v", muni)
		}
	})
}
