package handlers_test

import (
	"bytes"
	"net/http"
	"testing"
)

// TestIdempotencyKey retries a create under one key: the same body gets
// the first answer again and creates nothing more; another body is refused.
func TestIdempotencyKey(t *testing.T) {
	a := newAPI(t)
	body := map[string]any{"name": "Eva Lind", "valid_from": "2003-01-01"}
	first := a.mustDo(http.StatusCreated, "POST", "/api/v1/people", body, "Idempotency-Key", "k-1")
	again := a.mustDo(http.StatusCreated, "POST", "/api/v1/people", body, "Idempotency-Key", "k-1")
	if !bytes.Equal(first.Body, again.Body) || first.Header.Get("Location") != again.Header.Get("Location") ||
		first.Header.Get("ETag") != again.Header.Get("ETag") {
		t.Fatalf("replay differs:\n%s %v\n%s %v", first.Body, first.Header, again.Body, again.Header)
	}
	if n := len(a.ids("/api/v1/people")); n != 1 {
		t.Fatalf("%d people after a retried create, want 1", n)
	}
	other := a.mustDo(http.StatusUnprocessableEntity, "POST", "/api/v1/people", map[string]any{"name": "Per", "valid_from": "2003-01-01"}, "Idempotency-Key", "k-1")
	if !namesField(other.problem(t).Errors, "Idempotency-Key") {
		t.Fatalf("problem does not name Idempotency-Key: %s", other.Body)
	}
	bad := map[string]any{"name": "", "valid_from": "2003-01-01"}
	a.mustDo(http.StatusUnprocessableEntity, "POST", "/api/v1/people", bad, "Idempotency-Key", "k-2")
	a.mustDo(http.StatusCreated, "POST", "/api/v1/people", map[string]any{"name": "Per", "valid_from": "2003-01-01"}, "Idempotency-Key", "k-2")
	// A request refused by the registry rather than by the contract check
	// had reserved its key; the refusal releases it for the corrected retry.
	org := map[string]any{"kind": "company", "name": "Nytt Bolag AB", "org_number": "212000-0143",
		"total_shares": 1000, "total_votes": 1000, "valid_from": "2004-01-01"}
	a.mustDo(http.StatusUnprocessableEntity, "POST", "/api/v1/organizations", org, "Idempotency-Key", "k-3")
	org["org_number"] = "212000-0142"
	a.mustDo(http.StatusCreated, "POST", "/api/v1/organizations", org, "Idempotency-Key", "k-3")
}
