package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
)

// TestNamesBesideIds: stakes, assignments, holders and steering lines
// show the names of the records they refer to, read-only, and a record's
// tag changes when a name it shows does.
func TestNamesBesideIds(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	t.Run("Holdings", func(t *testing.T) {
		var page struct {
			Items []struct {
				OwnerName   string `json:"owner_name"`
				CompanyName string `json:"company_name"`
			}
		}
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/organizations/"+f.holding+"/holdings?at=2004-06-01", nil).decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].OwnerName != "Jönköpings Rådhus AB" || page.Items[0].CompanyName != "Elmia AB" {
			t.Fatalf("holdings %+v", page.Items)
		}
	})
	type names struct {
		PersonName       string `json:"person_name"`
		PostTitle        string `json:"post_title"`
		OrganizationName string `json:"organization_name"`
	}
	t.Run("AssignmentsAndHolders", func(t *testing.T) {
		for _, path := range []string{"/api/v1/assignments?at=2003-06-01", "/api/v1/posts/" + f.head + "/holders?at=2003-06-01", "/api/v1/people/" + f.person + "/assignments?at=2003-06-01"} {
			var page struct {
				Items []names
			}
			a.mustDo(http.StatusOK, http.MethodGet, path, nil).decode(t, &page)
			want := names{"Anna Berg", "Förvaltningschef", "Tekniska kontoret"}
			if len(page.Items) != 1 || page.Items[0] != want {
				t.Fatalf("%s: %+v, want %+v", path, page.Items, want)
			}
		}
	})
	t.Run("SteeringLineEnds", func(t *testing.T) {
		byPosts := a.create("/api/v1/steering-lines", map[string]any{"from_post_id": f.chair, "to_post_id": f.head, "kind": "direct_political", "basis": "practice", "valid_from": "2003-01-01"})
		byOrgs := a.create("/api/v1/steering-lines", map[string]any{"from_organization_id": f.committee, "to_organization_id": f.admin, "kind": "line_management", "basis": "practice", "valid_from": "2003-01-01"})
		type ends struct {
			FromPostTitle        *string `json:"from_post_title"`
			FromOrganizationName string  `json:"from_organization_name"`
			ToPostTitle          *string `json:"to_post_title"`
			ToOrganizationName   string  `json:"to_organization_name"`
		}
		var l ends
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/steering-lines/"+byPosts, nil).decode(t, &l)
		if l.FromPostTitle == nil || *l.FromPostTitle != "Ordförande" || l.FromOrganizationName != "Tekniska nämnden" ||
			l.ToPostTitle == nil || *l.ToPostTitle != "Förvaltningschef" || l.ToOrganizationName != "Tekniska kontoret" {
			t.Fatalf("between posts: %+v", l)
		}
		l = ends{}
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/steering-lines/"+byOrgs, nil).decode(t, &l)
		if l.FromPostTitle != nil || l.FromOrganizationName != "Tekniska nämnden" || l.ToPostTitle != nil || l.ToOrganizationName != "Tekniska kontoret" {
			t.Fatalf("between organisations: %+v", l)
		}
	})
	stake := func() string {
		var page struct{ Items []struct{ ID string } }
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/stakes?at=2004-06-01&company="+f.company, nil).decode(t, &page)
		return "/api/v1/stakes/" + page.Items[0].ID
	}()
	t.Run("ErrReadOnly", func(t *testing.T) {
		for _, c := range []struct {
			name, method, path, field string
			body                      map[string]any
			header                    []string
		}{
			{"Create", http.MethodPost, "/api/v1/stakes", "owner_name", map[string]any{"owner_id": f.muni, "company_id": f.company, "shares": 0, "votes": 0,
				"valid_from": "2004-01-01", "owner_name": "Någon annan"}, nil},
			{"Patch", http.MethodPatch, stake, "company_name", map[string]any{"company_name": "Elmia Holding AB"}, []string{"If-Match", a.etag(stake)}},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := a.mustDo(http.StatusUnprocessableEntity, c.method, c.path, c.body, c.header...).problem(t)
				if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Message, "read-only") {
					t.Fatalf("errors %+v, want %s read-only", p.Errors, c.field)
				}
			})
		}
	})
	t.Run("TagFollowsTheNames", func(t *testing.T) {
		tag := a.etag(stake)
		if !strings.HasPrefix(tag, `"1.`) {
			t.Fatalf("stake ETag %s, want the version and a digest of its names", tag)
		}
		a.mustDo(http.StatusNotModified, http.MethodGet, stake, nil, "If-None-Match", tag)
		company := "/api/v1/organizations/" + f.company
		a.mustDo(http.StatusOK, http.MethodPatch, company, map[string]any{"name": "Elmia Mässor AB"}, "If-Match", a.etag(company))
		var s struct {
			CompanyName string `json:"company_name"`
		}
		res := a.mustDo(http.StatusOK, http.MethodGet, stake, nil, "If-None-Match", tag)
		res.decode(t, &s)
		if s.CompanyName != "Elmia Mässor AB" || res.Header.Get("ETag") == tag {
			t.Fatalf("after the rename: %s, ETag %s (was %s)", s.CompanyName, res.Header.Get("ETag"), tag)
		}
		// If-Match compares the version: the old tag, or the bare version, still changes the stake.
		var changed koncern.Stake
		a.mustDo(http.StatusOK, http.MethodPatch, stake, map[string]any{"shares": 100}, "If-Match", tag).decode(t, &changed)
		a.mustDo(http.StatusOK, http.MethodPatch, stake, map[string]any{"votes": 100}, "If-Match", `"2"`)
		a.mustDo(http.StatusPreconditionFailed, http.MethodPatch, stake, map[string]any{"votes": 100}, "If-Match", tag)
	})
}
