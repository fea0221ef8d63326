package handlers_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/viewer"
)

// FuzzCreateOrganization sends arbitrary bytes as the body of a create
// through the full router: the answer is never a fault of ours, always one
// the contract declares, and the registry holds exactly one more
// organisation after a 201 and none more otherwise.
func FuzzCreateOrganization(f *testing.F) {
	for _, s := range []string{
		`{"kind":"municipality","name":"Jönköpings kommun","org_number":"212000-0530","valid_from":"1971-01-01"}`,
		`{"kind":"company","name":"Bolaget AB","valid_from":"2003-01-01","total_shares":1000,"total_votes":1000}`,
		`{"kind":"municipality","name":"X","valid_from":"2003-02-30"}`,
		`{"kind":"committee","name":"Nämnd","parent_id":"00000000-0000-0000-0000-000000000000","valid_from":"2003-01-01"}`,
		`{"kind":"municipality","name":"","valid_from":"2003-01-01","valid_to":"2002-01-01"}`,
		`{"kind":"municipality","name":"X","valid_from":"2003-01-01","unknown":1}`,
		`{"kind":1e999}`, `[]`, `null`, `{`, "", "\x00",
	} {
		f.Add([]byte(s))
	}
	a := newAPI(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a := a.in(t)
		before := a.organizations()
		res := a.do(http.MethodPost, "/api/v1/organizations", string(body))
		after := a.organizations()
		switch {
		case res.Status >= 500:
			t.Fatalf("POST %q → %d: %s", body, res.Status, res.Body)
		case res.Status == http.StatusCreated && after != before+1:
			t.Fatalf("POST %q → 201, organisations %d → %d", body, before, after)
		case res.Status == http.StatusCreated:
			a.mustDo(http.StatusOK, http.MethodGet, res.Header.Get("Location"), nil)
		case after != before:
			t.Fatalf("POST %q → %d, yet organisations %d → %d", body, res.Status, before, after)
		}
	})
}

// FuzzListOrganizationsQuery sends an arbitrary query string, as net/http
// would deliver it, to the organisation list: it is read or refused, never
// a fault of ours.
func FuzzListOrganizationsQuery(f *testing.F) {
	for _, s := range []string{
		"", "kind=company", "at=2026-11-27&history=true", "limit=0", "limit=-1", "limit=99999999999999999999",
		"cursor=abc", "parent=not-a-uuid", "org_number=212000-0142", "q=%00", "kinds=company", "at=2003-02-30",
		"history=maybe", "municipality=00000000-0000-0000-0000-000000000000&q=%", "q=a&q=b", "limit=1&cursor=",
	} {
		f.Add(s)
	}
	a := newAPI(f)
	f.Fuzz(func(t *testing.T, query string) {
		raw := "GET /api/v1/organizations?" + query + " HTTP/1.1\r\nHost: koncern\r\n\r\n"
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // the server would refuse it before any handler runs
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		a.e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET ?%s → %d: %s", query, rec.Code, rec.Body)
		}
	})
}

// in returns a copy of a that reports to t, as a fuzz function must.
func (a *api) in(t *testing.T) *api {
	c := *a
	c.t = t
	return &c
}

// organizations counts the organisation rows, every period included.
func (a *api) organizations() int {
	a.t.Helper()
	n, err := a.reg.DB().Client.Organization.Query().Count(viewer.System(a.t.Context()))
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}
