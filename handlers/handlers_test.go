package handlers_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestOperations(t *testing.T) {
	a := newAPI(t)
	// The liveness check names the build; go test stamps no commit, so
	// only the version and the toolchain are certain here.
	var health struct {
		Version struct{ Version, Go string }
	}
	if err := json.Unmarshal(a.mustDo(http.StatusOK, "GET", "/healthz", nil).Body, &health); err != nil {
		t.Fatal(err)
	}
	if health.Version.Version == "" || !strings.HasPrefix(health.Version.Go, "go") {
		t.Errorf("/healthz names no build: %+v", health.Version)
	}
	a.mustDo(http.StatusOK, "GET", "/readyz", nil)
	if res := a.mustDo(http.StatusOK, "GET", "/openapi.yaml", nil); !strings.HasPrefix(string(res.Body), "openapi: 3.1") {
		t.Fatalf("/openapi.yaml does not serve the spec: %.40s", res.Body)
	}
	if res := a.mustDo(http.StatusOK, "GET", "/docs", nil); !strings.Contains(string(res.Body), "/api/v1/organizations") {
		t.Fatal("/docs does not describe the routes")
	}
	a.mustDo(http.StatusNotFound, "GET", "/api/v1/nothing-here", nil)
	// The operations' routes take no parameters and refuse unknown ones
	// like every other route: the 400 their contract declares.
	for _, path := range []string{"/healthz", "/readyz", "/openapi.yaml", "/docs"} {
		t.Run("ErrUnknownParameter"+path, func(t *testing.T) {
			if p := a.mustDo(http.StatusBadRequest, "GET", path+"?verbose=1", nil).problem(t); !namesField(p.Errors, "verbose") {
				t.Errorf("%s?verbose=1: the problem does not name verbose: %+v", path, p)
			}
		})
	}
	res := a.mustDo(http.StatusOK, "GET", "/metrics", nil)
	for _, want := range []string{
		`koncern_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`koncern_http_errors_total{method="GET",route="unmatched",status="404"} 1`,
		`koncern_http_request_duration_seconds_bucket{method="GET",route="/readyz"`,
	} {
		if !strings.Contains(string(res.Body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if !strings.Contains(a.logs.String(), `"request_id"`) {
		t.Error("requests are not logged with their request id")
	}
}

// fixture is a small group built through the API.
type fixture struct {
	muni, committee, admin, holding, company, head, chair, person string
}

func newFixture(a *api) fixture {
	var f fixture
	f.muni = a.create("/api/v1/organizations", map[string]any{"kind": "municipality", "name": "Jönköpings kommun", "org_number": "212000-0530", "valid_from": "2003-01-01"})
	f.committee = a.create("/api/v1/organizations", map[string]any{"kind": "committee", "name": "Tekniska nämnden", "parent_id": f.muni, "valid_from": "2003-01-01"})
	f.admin = a.create("/api/v1/organizations", map[string]any{"kind": "administration", "name": "Tekniska kontoret", "parent_id": f.committee, "valid_from": "2003-01-01"})
	f.holding = a.create("/api/v1/organizations", map[string]any{"kind": "company", "name": "Jönköpings Rådhus AB", "parent_id": f.muni, "total_shares": 1000, "total_votes": 1000, "valid_from": "2003-01-01"})
	f.company = a.create("/api/v1/organizations", map[string]any{"kind": "company", "name": "Elmia AB", "parent_id": f.holding, "total_shares": 100, "total_votes": 100, "valid_from": "2004-01-01"})
	a.create("/api/v1/stakes", map[string]any{"owner_id": f.muni, "company_id": f.holding, "shares": 1000, "votes": 1000, "valid_from": "2003-01-01"})
	a.create("/api/v1/stakes", map[string]any{"owner_id": f.holding, "company_id": f.company, "shares": 100, "votes": 100, "valid_from": "2004-01-01"})
	f.head = a.create("/api/v1/posts", map[string]any{"organization_id": f.admin, "title": "Förvaltningschef", "role": "head", "valid_from": "2003-01-01"})
	f.chair = a.create("/api/v1/posts", map[string]any{"organization_id": f.committee, "title": "Ordförande", "role": "chair", "political": true, "valid_from": "2003-01-01"})
	f.person = a.create("/api/v1/people", map[string]any{"name": "Anna Berg", "email": "anna.berg@example.se", "valid_from": "2003-01-01"})
	a.create("/api/v1/assignments", map[string]any{"person_id": f.person, "post_id": f.head, "valid_from": "2003-01-01", "valid_to": "2003-12-31"})
	return f
}

// snapshot returns every record of every resource, over all periods, as
// the API shows them: two equal snapshots mean nothing was written.
func (a *api) snapshot() string {
	a.t.Helper()
	var all strings.Builder
	for _, resource := range []string{"organizations", "people", "posts", "assignments", "stakes", "steering-lines", "documents", "ownership/transactions"} {
		cursor := ""
		for {
			var page struct {
				Items      []json.RawMessage `json:"items"`
				NextCursor *string           `json:"next_cursor"`
			}
			url := "/api/v1/" + resource + "?history=true&limit=500"
			if cursor != "" {
				url += "&cursor=" + cursor
			}
			a.mustDo(http.StatusOK, "GET", url, nil).decode(a.t, &page)
			for _, item := range page.Items {
				all.Write(item)
				all.WriteByte('\n')
			}
			if page.NextCursor == nil {
				break
			}
			cursor = *page.NextCursor
		}
	}
	return all.String()
}

func (a *api) ids(path string) map[string]bool {
	a.t.Helper()
	var page struct {
		Items []struct {
			ID        string `json:"id"`
			CompanyID string `json:"company_id"`
		} `json:"items"`
	}
	a.mustDo(http.StatusOK, "GET", path, nil).decode(a.t, &page)
	out := map[string]bool{}
	for _, it := range page.Items {
		out[it.ID] = true
		if it.CompanyID != "" {
			out[it.CompanyID] = true
		}
	}
	return out
}

func TestRegistryRoutes(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)

	t.Run("ListByKindAndAsOf", func(t *testing.T) {
		if got := a.ids("/api/v1/organizations?kind=company&at=2004-06-01"); !got[f.holding] || !got[f.company] || len(got) != 2 {
			t.Fatalf("companies in 2004 = %v", got)
		}
		if got := a.ids("/api/v1/organizations?kind=company&at=2003-06-01"); got[f.company] {
			t.Fatal("at= before valid_from shows the company")
		}
	})
	t.Run("ByOrgNumberInEitherForm", func(t *testing.T) {
		for _, n := range []string{"212000-0530", "2120000530"} {
			if got := a.ids("/api/v1/organizations?org_number=" + n); !got[f.muni] || len(got) != 1 {
				t.Fatalf("org_number=%s: %v", n, got)
			}
		}
		a.mustDo(http.StatusBadRequest, "GET", "/api/v1/organizations?org_number=212000-0531", nil)
	})
	t.Run("SubResources", func(t *testing.T) {
		if got := a.ids("/api/v1/organizations/" + f.holding + "/holdings"); !got[f.company] {
			t.Fatalf("holdings of the holding company = %v", got)
		}
		if got := a.ids("/api/v1/organizations/" + f.company + "/owners"); len(got) != 2 {
			t.Fatalf("owners of the company = %v", got)
		}
		if got := a.ids("/api/v1/organizations/" + f.admin + "/posts"); !got[f.head] {
			t.Fatalf("posts of the administration = %v", got)
		}
		if got := a.ids("/api/v1/organizations/" + f.muni + "/children"); !got[f.committee] || !got[f.holding] {
			t.Fatalf("children of the municipality = %v", got)
		}
		var holders struct {
			Items []struct {
				Person struct{ Name string } `json:"person"`
			} `json:"items"`
		}
		a.mustDo(http.StatusOK, "GET", "/api/v1/posts/"+f.head+"/holders?at=2003-05-01", nil).decode(t, &holders)
		if len(holders.Items) != 1 || holders.Items[0].Person.Name != "Anna Berg" {
			t.Fatalf("holders = %+v", holders.Items)
		}
		if n := len(a.ids("/api/v1/people/" + f.person + "/assignments?history=true")); n != 1 {
			t.Fatalf("assignments of the person = %d", n)
		}
		a.mustDo(http.StatusNotFound, "GET", "/api/v1/posts/01900000-0000-7000-8000-000000000000/holders", nil)
	})
	t.Run("GetPatchEnd", func(t *testing.T) {
		res := a.mustDo(http.StatusOK, "GET", "/api/v1/posts/"+f.chair, nil)
		tag := res.Header.Get("ETag")
		if tag != `"1"` {
			t.Fatalf("ETag = %q", tag)
		}
		res = a.mustDo(http.StatusOK, "PATCH", "/api/v1/posts/"+f.chair, map[string]any{"title": "Nämndens ordförande"}, "If-Match", tag)
		if res.Header.Get("ETag") != `"2"` {
			t.Fatalf("ETag after PATCH = %q", res.Header.Get("ETag"))
		}
		a.mustDo(http.StatusPreconditionFailed, "PATCH", "/api/v1/posts/"+f.chair, map[string]any{"title": "stale"}, "If-Match", tag)
		var post struct {
			Title   string  `json:"title"`
			ValidTo *string `json:"valid_to"`
		}
		a.mustDo(http.StatusOK, "DELETE", "/api/v1/posts/"+f.chair+"?on=2004-12-31", nil, "If-Match", `"2"`).decode(t, &post)
		if post.Title != "Nämndens ordförande" || post.ValidTo == nil || *post.ValidTo != "2004-12-31" {
			t.Fatalf("ended post = %+v", post)
		}
		a.mustDo(http.StatusOK, "GET", "/api/v1/posts/"+f.chair, nil)
		if a.ids("/api/v1/posts?at=2005-01-01")[f.chair] {
			t.Fatal("an ended post is listed after its last day")
		}
	})
	t.Run("EndDefaultsToToday", func(t *testing.T) {
		id := a.create("/api/v1/people", map[string]any{"name": "Tillfällig", "valid_from": "2003-01-01"})
		var p struct {
			ValidTo string `json:"valid_to"`
		}
		a.mustDo(http.StatusOK, "DELETE", "/api/v1/people/"+id, nil, "If-Match", a.etag("/api/v1/people/"+id)).decode(t, &p)
		if p.ValidTo != "2026-11-27" {
			t.Fatalf("valid_to = %q, want today", p.ValidTo)
		}
	})
}

// TestRejections sends bad input of every kind and checks the status, the
// field named in the problem, and that nothing was written.
func TestRejections(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	org := func(extra map[string]any) map[string]any {
		body := map[string]any{"kind": "committee", "name": "Miljönämnden", "parent_id": f.muni, "valid_from": "2003-01-01"}
		for k, v := range extra {
			if v == nil {
				delete(body, k)
			} else {
				body[k] = v
			}
		}
		return body
	}
	stake := func(shares int) map[string]any {
		return map[string]any{"owner_id": f.muni, "company_id": f.company, "shares": shares, "votes": 1, "valid_from": "2004-01-01"}
	}
	v1 := []string{"If-Match", `"1"`}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		header []string
		status int
		field  string
	}{
		{"ErrNameRequired", "POST", "/api/v1/organizations", org(map[string]any{"name": nil}), nil, 422, "name"},
		{"ErrNameBlank", "POST", "/api/v1/organizations", org(map[string]any{"name": "  "}), nil, 422, "name"},
		{"ErrKindUnknown", "POST", "/api/v1/organizations", org(map[string]any{"kind": "ministry"}), nil, 422, "kind"},
		{"ErrUnknownField", "POST", "/api/v1/organizations", org(map[string]any{"budget": 5}), nil, 422, "budget"},
		{"ErrBodyOverridesID", "POST", "/api/v1/organizations", org(map[string]any{"id": f.muni}), nil, 422, "id"},
		{"ErrOrgNumberCheckDigit", "POST", "/api/v1/organizations", org(map[string]any{"org_number": "212000-0143"}), nil, 422, "org_number"},
		{"ErrOrgNumberFormat", "POST", "/api/v1/organizations", org(map[string]any{"org_number": "21200-00142"}), nil, 422, "org_number"},
		{"ErrOrgNumberInUse", "POST", "/api/v1/organizations", org(map[string]any{"org_number": "212000-0530"}), nil, 409, "org_number"},
		{"ErrValidFromMissing", "POST", "/api/v1/organizations", org(map[string]any{"valid_from": nil}), nil, 422, "valid_from"},
		{"ErrValidFromNotADate", "POST", "/api/v1/organizations", org(map[string]any{"valid_from": "2003-02-30"}), nil, 422, "valid_from"},
		{"ErrValidToBeforeValidFrom", "POST", "/api/v1/organizations", org(map[string]any{"valid_to": "2002-12-31"}), nil, 422, "valid_to"},
		{"ErrParentMissing", "POST", "/api/v1/organizations", org(map[string]any{"parent_id": "01900000-0000-7000-8000-000000000000"}), nil, 422, "parent_id"},
		{"ErrParentNotValidYet", "POST", "/api/v1/organizations", org(map[string]any{"parent_id": f.company}), nil, 422, "parent_id"},
		{"ErrParentNotAUUID", "POST", "/api/v1/organizations", org(map[string]any{"parent_id": "rådhuset"}), nil, 422, "parent_id"},
		{"ErrNameTooLong", "POST", "/api/v1/organizations", org(map[string]any{"name": strings.Repeat("x", 201)}), nil, 422, "name"},
		{"ErrMalformedJSON", "POST", "/api/v1/organizations", `{"kind": "committee",`, nil, 400, ""},
		{"ErrNotJSON", "POST", "/api/v1/organizations", `kind=committee`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, ""},
		{"ErrBodyTooLarge", "POST", "/api/v1/organizations", `{"name": "` + strings.Repeat("x", 2<<20) + `"}`, nil, 413, ""},
		{"ErrAtNotADate", "GET", "/api/v1/organizations?at=2003-13-01", nil, nil, 400, "at"},
		{"ErrUnknownQueryParameter", "GET", "/api/v1/organizations?kinds=company", nil, nil, 400, "kinds"},
		{"ErrLimitTooLarge", "GET", "/api/v1/organizations?limit=501", nil, nil, 400, "limit"},
		{"ErrCursorForged", "GET", "/api/v1/organizations?cursor=abc", nil, nil, 422, "cursor"},
		{"ErrAtWithHistory", "GET", "/api/v1/organizations?at=2003-01-01&history=true", nil, nil, 422, "history"},
		{"ErrPathIDNotAUUID", "GET", "/api/v1/organizations/rådhuset", nil, nil, 400, "id"},
		{"ErrNotFound", "GET", "/api/v1/organizations/01900000-0000-7000-8000-000000000000", nil, nil, 404, ""},
		{"ErrPatchKind", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"kind": "council"}, v1, 422, "kind"},
		{"ErrPatchNullName", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": nil}, v1, 422, "name"},
		{"ErrPatchIfMatchWeak", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, []string{"If-Match", `W/"1"`}, 412, ""},
		{"ErrPatchWithoutIfMatch", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, nil, 428, ""},
		{"ErrPatchIfMatchWildcard", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, []string{"If-Match", "*"}, 428, ""},
		{"ErrEndWithoutIfMatch", "DELETE", "/api/v1/organizations/" + f.committee + "?on=2003-06-30", nil, nil, 428, ""},
		// If-Match is required in the contract, yet its absence is 428, not the
		// validator's 400; a request that is malformed besides hears that first.
		{"ErrPatchIfMatchEmpty", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, []string{"If-Match", ""}, 428, ""},
		{"ErrPatchWithoutIfMatchUnknownField", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"budget": 5}, nil, 422, "budget"},
		{"ErrEndWithoutIfMatchBadDay", "DELETE", "/api/v1/organizations/" + f.committee + "?on=2003-13-01", nil, nil, 400, "on"},
		{"ErrMethodNotAllowed", "PUT", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, nil, 405, ""},
		{"ErrNULInName", "POST", "/api/v1/organizations", org(map[string]any{"name": "Miljö\u0000nämnden"}), nil, 422, "name"},
		{"ErrNULInQuery", "GET", "/api/v1/organizations?q=a%00b", nil, nil, 400, "q"},
		{"ErrTotalSharesTooLarge", "POST", "/api/v1/organizations", map[string]any{"kind": "company", "name": "Stort AB", "total_shares": int64(9223372036854775807), "total_votes": 1, "valid_from": "2003-01-01"}, nil, 422, "total_shares"},
		{"ErrPatchIfMatchStale", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"name": "X"}, []string{"If-Match", `"7"`}, 412, ""},
		{"ErrPatchMovesOutsideParent", "PATCH", "/api/v1/organizations/" + f.committee, map[string]any{"valid_from": "2002-01-01"}, v1, 422, "parent_id"},
		{"ErrEndWithDependents", "DELETE", "/api/v1/organizations/" + f.committee + "?on=2003-06-30", nil, v1, 409, "valid_to"},
		{"ErrEndBeforeStart", "DELETE", "/api/v1/organizations/" + f.committee + "?on=2002-06-30", nil, v1, 422, "on"},
		{"ErrStakeAboveTotal", "POST", "/api/v1/stakes", stake(101), nil, 422, "shares"},
		{"ErrStakesSumAboveTotal", "POST", "/api/v1/stakes", stake(1), nil, 409, "shares"},
		{"ErrStakeInNonCompany", "POST", "/api/v1/stakes", map[string]any{"owner_id": f.muni, "company_id": f.committee, "shares": 1, "votes": 1, "valid_from": "2004-01-01"}, nil, 422, "company_id"},
		{"ErrStakeNegative", "POST", "/api/v1/stakes", map[string]any{"owner_id": f.muni, "company_id": f.company, "shares": -1, "votes": 1, "valid_from": "2004-01-01"}, nil, 422, "shares"},
		{"ErrPostRoleUnknown", "POST", "/api/v1/posts", map[string]any{"organization_id": f.admin, "title": "Chef", "role": "boss", "valid_from": "2003-01-01"}, nil, 422, "role"},
		{"ErrAssignmentOverlaps", "POST", "/api/v1/assignments", map[string]any{"person_id": f.person, "post_id": f.head, "valid_from": "2003-12-31"}, nil, 409, "valid_from"},
		{"ErrAssignmentBeforePost", "POST", "/api/v1/assignments", map[string]any{"person_id": f.person, "post_id": f.chair, "valid_from": "2002-01-01", "valid_to": "2002-12-31"}, nil, 422, "person_id"},
		{"ErrPersonEmail", "POST", "/api/v1/people", map[string]any{"name": "B", "email": "not-an-address", "valid_from": "2003-01-01"}, nil, 422, "email"},
		{"ErrLineFormalWithoutDocument", "POST", "/api/v1/steering-lines", map[string]any{"from_organization_id": f.committee, "to_post_id": f.head, "kind": "mandate", "basis": "formal", "valid_from": "2003-01-01"}, nil, 422, "document_id"},
		{"ErrLineWithoutFrom", "POST", "/api/v1/steering-lines", map[string]any{"to_post_id": f.head, "kind": "mandate", "basis": "practice", "valid_from": "2003-01-01"}, nil, 422, "from_post_id"},
		{"ErrLineToItself", "POST", "/api/v1/steering-lines", map[string]any{"from_post_id": f.head, "to_post_id": f.head, "kind": "reporting", "basis": "practice", "valid_from": "2003-01-01"}, nil, 422, "to_post_id"},
		{"ErrDocumentInForceBeforeDecision", "POST", "/api/v1/documents", map[string]any{"kind": "owner_directive", "title": "Ägardirektiv", "decided_on": "2003-05-01", "issuer_id": f.muni, "valid_from": "2003-04-01"}, nil, 422, "valid_from"},
		{"ErrDocumentURL", "POST", "/api/v1/documents", map[string]any{"kind": "owner_directive", "title": "Ägardirektiv", "decided_on": "2003-05-01", "issuer_id": f.muni, "url": "not a url", "valid_from": "2003-05-01"}, nil, 422, "url"},
	}
	before := a.snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.do(tt.method, tt.path, tt.body, tt.header...)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("content type %q", ct)
			}
			p := res.problem(t)
			if p.Status != tt.status || p.Detail == "" || p.Code == "" {
				t.Fatalf("problem %+v", p)
			}
			if tt.field != "" && !namesField(p.Errors, tt.field) {
				t.Fatalf("problem does not name %q: %s", tt.field, res.Body)
			}
		})
	}
	if after := a.snapshot(); after != before {
		t.Fatal("rejected requests changed the registry")
	}
}
