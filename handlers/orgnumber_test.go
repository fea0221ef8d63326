package handlers_test

import (
	"bytes"
	"net/http"
	"testing"
)

// TestOrgNumberParameters: wherever a report or a filter takes an
// organisation's id, its organisationsnummer does as well, with or
// without the hyphen, and a number nobody carries is refused naming the
// parameter.
func TestOrgNumberParameters(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	a.create("/api/v1/organizations", map[string]any{"kind": "company", "name": "Elbolaget AB", "org_number": "556999-0012",
		"parent_id": f.holding, "total_shares": 10, "total_votes": 10, "valid_from": "2004-01-01"})
	same := []struct{ name, byID, byNumber string }{
		{"GroupByMunicipality", "/api/v1/reports/group?at=2004-06-01&municipality=" + f.muni, "/api/v1/reports/group?at=2004-06-01&municipality=212000-0530"},
		{"GroupRootWithoutHyphen", "/api/v1/reports/group?at=2004-06-01&root=" + f.muni, "/api/v1/reports/group?at=2004-06-01&root=2120000530"},
		{"OrgChartRoot", "/api/v1/reports/org-chart?at=2004-06-01&root=" + f.muni, "/api/v1/reports/org-chart?at=2004-06-01&root=212000-0530"},
		{"FindingsMunicipality", "/api/v1/findings?at=2004-06-01&municipality=" + f.muni, "/api/v1/findings?at=2004-06-01&municipality=212000-0530"},
		{"StakesOwner", "/api/v1/stakes?at=2004-06-01&owner=" + f.muni, "/api/v1/stakes?at=2004-06-01&owner=212000-0530"},
		{"OrganizationsParent", "/api/v1/organizations?parent=" + f.holding, "/api/v1/organizations?parent=" + f.holding + "&municipality=2120000530"},
		{"CalendarMunicipality", "/api/v1/calendar?at=2004-06-01&municipality=" + f.muni, "/api/v1/calendar?at=2004-06-01&municipality=212000-0530"},
	}
	for _, c := range same {
		t.Run(c.name, func(t *testing.T) {
			want := a.mustDo(http.StatusOK, http.MethodGet, c.byID, nil).Body
			if got := a.mustDo(http.StatusOK, http.MethodGet, c.byNumber, nil).Body; !bytes.Equal(got, want) {
				t.Fatalf("by number:\n%s\nby id:\n%s", got, want)
			}
		})
	}
	t.Run("ANewCompanysNumber", func(t *testing.T) {
		var page struct{ Items []struct{ Name string } }
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/organizations?parent=5569990012", nil).decode(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("Elbolaget has no children, got %v", page.Items)
		}
	})
	bad := []struct{ name, path, field, message string }{
		{"ErrNobodysNumber", "/api/v1/reports/group?root=556999-0020", "root", "no organisation has the organisationsnummer 556999-0020"},
		{"ErrCheckDigit", "/api/v1/reports/group?root=556999-0013", "root", "is not a valid organisationsnummer: check digit is wrong (the last digit must be 2)"},
		{"ErrNeither", "/api/v1/stakes?company=rådhuset", "company", "must be an organisation's id (a UUID) or its organisationsnummer, written NNNNNN-NNNN"},
		{"ErrNobodysNumberAmongOthers", "/api/v1/findings?municipality=212000-0530&subject=556999-0020", "subject", "no organisation has the organisationsnummer 556999-0020"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			p := a.mustDo(http.StatusBadRequest, http.MethodGet, c.path, nil).problem(t)
			if len(p.Errors) != 1 || p.Errors[0].Field != c.field || p.Errors[0].Message != c.message {
				t.Fatalf("errors %+v, want %s: %s", p.Errors, c.field, c.message)
			}
		})
	}
}
