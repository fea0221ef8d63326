package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// created is the id of the record a form created, from where it went.
func created(t testing.TB, res *http.Response, body, prefix string) uuid.UUID {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d, location %q, want 303 to %s…; body:\n%s", res.StatusCode, loc, prefix, body)
	}
	return mustUUID(t, strings.TrimPrefix(loc, prefix))
}

// seeOther fails t unless the answer sends the browser to location.
func seeOther(t testing.TB, res *http.Response, body, location string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != location {
		t.Fatalf("status %d, location %q, want 303 to %s; body:\n%s", res.StatusCode, res.Header.Get("Location"), location, body)
	}
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// formVersion is the version a form page carries in its hidden field.
func formVersion(t testing.TB, body string) string {
	t.Helper()
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the form carries no version:\n%s", body)
	}
	return m[1]
}

func TestRecordFormsCreate(t *testing.T) {
	h := newHarness(t)
	registrar, finance := h.signedIn(koncern.AccessRegistrar), h.signedIn(koncern.AccessFinance)
	ctx := adminContext()
	owner := h.orgID(rådhus)
	var company, person, post, document uuid.UUID
	t.Run("organizations", func(t *testing.T) {
		h := h.in(t)
		h.page(registrar.in(t).get("/organizations/new?parent_id=" + owner))
		res, body := registrar.in(t).post("/organizations/new", url.Values{"kind": {"company"}, "name": {" Testbolaget AB "},
			"org_number": {""}, "parent_id": {owner}, "total_shares": {"1 000"}, "total_votes": {"1000"}, "staff_fte": {"12,5"},
			"valid_from": {"2024-01-01"}, "valid_to": {""}})
		company = created(t, res, body, "/organizations/")
		o, err := h.Reg.GetOrganization(ctx, company)
		if err != nil {
			t.Fatal(err)
		}
		if o.Name != "Testbolaget AB" || *o.TotalShares != 1000 || *o.StaffFTE != 12.5 || o.ParentID.String() != owner || o.OrgNumber != nil {
			t.Errorf("stored %+v", o.OrganizationInput)
		}
	})
	t.Run("people", func(t *testing.T) {
		res, body := registrar.in(t).post("/people/new", url.Values{"name": {"Test Testsson"}, "email": {"test@example.se"},
			"phone": {""}, "valid_from": {"2024-01-01"}})
		person = created(t, res, body, "/people/")
		p, err := h.Reg.GetPerson(ctx, person)
		if err != nil || p.Email == nil || *p.Email != "test@example.se" || p.Phone != nil {
			t.Errorf("stored %+v, %v", p, err)
		}
	})
	t.Run("posts", func(t *testing.T) {
		res, body := registrar.in(t).post("/posts/new", url.Values{"organization_id": {company.String()}, "title": {"Styrelseordförande"},
			"role": {"chair"}, "political": {"false", "true"}, "valid_from": {"2024-01-01"}})
		post = created(t, res, body, "/posts/")
		p, err := h.Reg.GetPost(ctx, post)
		if err != nil || !p.Political || p.Role != "chair" || p.OrganizationID != company {
			t.Errorf("stored %+v, %v", p, err)
		}
	})
	t.Run("documents", func(t *testing.T) {
		res, body := registrar.in(t).post("/documents/new", url.Values{"kind": {"owner_directive"}, "title": {"Ägardirektiv för Testbolaget AB"},
			"reference": {"KS 2024/1"}, "decided_on": {"2024-01-01"}, "url": {""}, "issuer_id": {owner}, "valid_from": {"2024-01-01"}})
		document = created(t, res, body, "/documents/")
		d, err := h.Reg.GetDocument(ctx, document)
		if err != nil || *d.Reference != "KS 2024/1" || d.IssuerID.String() != owner {
			t.Errorf("stored %+v, %v", d, err)
		}
	})
	t.Run("assignments", func(t *testing.T) {
		res, body := registrar.in(t).post("/assignments/new", url.Values{"person_id": {person.String()}, "post_id": {post.String()},
			"document_id": {""}, "valid_from": {"2024-02-01"}, "valid_to": {"2026-12-31"}})
		seeOther(t, res, body, "/people/"+person.String())
		as, err := h.Reg.ListAssignments(ctx, registry.AssignmentFilter{PersonID: &person, ListOptions: registry.ListOptions{History: true}})
		if err != nil || len(as.Items) != 1 || as.Items[0].PostID != post || as.Items[0].To.String() != "2026-12-31" {
			t.Errorf("stored %+v, %v", as.Items, err)
		}
	})
	t.Run("stakes", func(t *testing.T) {
		res, body := finance.in(t).post("/stakes/new", url.Values{"owner_id": {owner}, "company_id": {company.String()},
			"shares": {"1000"}, "votes": {"1000"}, "document_id": {document.String()}, "valid_from": {"2024-01-01"}})
		seeOther(t, res, body, "/organizations/"+company.String())
		body = h.in(t).page(finance.in(t).get("/organizations/" + company.String()))
		contains(t, "the new company's page", body, `>`+rådhus+`</a>`, `<abbr title="1000/1000">100,00`+nb+`%</abbr>`)
	})
	t.Run("steering-lines", func(t *testing.T) {
		res, body := registrar.in(t).post("/steering-lines/new", url.Values{"from_organization_id": {owner}, "from_post_id": {""},
			"to_organization_id": {company.String()}, "to_post_id": {""}, "kind": {"ownership_directive"}, "basis": {"formal"},
			"document_id": {document.String()}, "description": {"Rad ett\r\nRad två"}, "valid_from": {"2024-01-01"}})
		seeOther(t, res, body, "/organizations/"+owner)
		lines, err := h.Reg.ListSteeringLines(ctx, registry.SteeringLineFilter{ToOrganizationID: &company})
		if err != nil || len(lines.Items) != 1 || *lines.Items[0].Description != "Rad ett\nRad två" || *lines.Items[0].DocumentID != document {
			t.Errorf("stored %+v, %v", lines.Items, err)
		}
	})
}

func TestRecordFormsChange(t *testing.T) {
	h := newHarness(t)
	registrar := h.signedIn(koncern.AccessRegistrar)
	ctx := adminContext()
	linda := mustUUID(t, h.personID("Linda Falk"))
	t.Run("Edit", func(t *testing.T) {
		h, c := h.in(t), registrar.in(t)
		path := "/people/" + linda.String() + "/edit"
		body := h.page(c.get(path))
		contains(t, "the edit form", body, `id="name" name="name" value="Linda Falk"`, `<label for="name">`)
		version := formVersion(t, body)
		res, body := c.post(path, url.Values{"version": {version}, "name": {"Linda Falk-Berg"}, "email": {""}, "phone": {"036-10 50 00"},
			"valid_from": {"1990-01-01"}, "valid_to": {""}})
		seeOther(t, res, body, "/people/"+linda.String())
		p, err := h.Reg.GetPerson(ctx, linda)
		if err != nil || p.Name != "Linda Falk-Berg" || *p.Phone != "036-10 50 00" || p.From.String() != "1990-01-01" || version == "" || p.Version < 2 {
			t.Errorf("stored %+v, %v", p, err)
		}
	})
	t.Run("End", func(t *testing.T) {
		h, c := h.in(t), registrar.in(t)
		as, err := h.Reg.ListAssignments(ctx, registry.AssignmentFilter{PersonID: &linda, ListOptions: registry.ListOptions{History: true}})
		if err != nil || len(as.Items) == 0 {
			t.Fatalf("Linda Falk's assignments: %v, %v", as.Items, err)
		}
		a := as.Items[0]
		path := "/assignments/" + a.ID.String() + "/end"
		body := h.page(c.get(path + "?at=2005-12-31"))
		contains(t, "the end form", body, `id="on" name="on" value="2005-12-31"`, "Linda Falk")
		res, body := c.post(path, url.Values{"version": {formVersion(t, body)}, "on": {"2005-12-31"}})
		seeOther(t, res, body, "/people/"+linda.String())
		got, err := h.Reg.GetAssignment(ctx, a.ID)
		if err != nil || got.To == nil || got.To.String() != "2005-12-31" {
			t.Errorf("stored %+v, %v", got.Period, err)
		}
	})
}

func TestRecordFormErrors(t *testing.T) {
	h := newHarness(t)
	registrar, finance := h.signedIn(koncern.AccessRegistrar), h.signedIn(koncern.AccessFinance)
	owner, elmiaID := h.orgID(rådhus), h.orgID(elmia)
	elmiaOrg, err := h.Reg.GetOrganization(adminContext(), mustUUID(t, elmiaID))
	if err != nil {
		t.Fatal(err)
	}
	company := url.Values{"kind": {"company"}, "name": {"Felbolaget AB"}, "parent_id": {owner}, "total_shares": {"100"},
		"total_votes": {"100"}, "valid_from": {"2024-01-01"}}
	with := func(v url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, vs := range v {
			out[k] = vs
		}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	cases := []struct {
		name   string
		c      *client
		path   string
		form   url.Values
		status int
		field  string
		want   []string
	}{
		{"ErrOrgNumber", registrar, "/organizations/new", with(company, "org_number", "556999-0000"), http.StatusUnprocessableEntity,
			"org_number", []string{"är inte ett giltigt organisationsnummer: kontrollsiffran är fel", `value="Felbolaget AB"`, `value="556999-0000"`}},
		{"ErrOrgNumberTaken", registrar, "/organizations/new", with(company, "org_number", *elmiaOrg.OrgNumber), http.StatusConflict,
			"org_number", []string{"already the organisationsnummer of", elmia}},
		{"ErrNoName", registrar, "/organizations/new", with(company, "name", "  "), http.StatusUnprocessableEntity, "name", nil},
		{"ErrSharesNotNumber", finance, "/stakes/new", url.Values{"owner_id": {owner}, "company_id": {elmiaID}, "shares": {"många"},
			"votes": {"10"}, "valid_from": {"2024-01-01"}}, http.StatusUnprocessableEntity, "shares", []string{"must be a whole number", `value="många"`}},
		{"ErrTooManyShares", finance, "/stakes/new", url.Values{"owner_id": {h.orgID(external)}, "company_id": {elmiaID}, "shares": {"10"},
			"votes": {"10"}, "valid_from": {"2024-01-01"}}, http.StatusConflict, "shares", []string{"would add up to more than its total"}},
		{"ErrNoSteeredEnd", registrar, "/steering-lines/new", url.Values{"from_organization_id": {owner}, "from_post_id": {""},
			"to_organization_id": {""}, "to_post_id": {""}, "kind": {"coordination"}, "basis": {"practice"}, "valid_from": {"2003-01-01"}},
			http.StatusUnprocessableEntity, "to_post_id", []string{"give one of to_post_id and to_organization_id"}},
		{"ErrEndBeforeStart", registrar, "/organizations/" + elmiaID + "/end", url.Values{"version": {"1"}, "on": {"1900-01-01"}},
			http.StatusUnprocessableEntity, "on", []string{"must not be before"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := h.in(t)
			body := h.expect(tc.status)(tc.c.in(t).post(tc.path, tc.form))
			contains(t, "the refused form", body, tc.want...)
			contains(t, "the refused form", body, `class="problem" role="alert"`)
			if tc.field != "" {
				contains(t, "the refused form", body, `<p class="field-error" id="`+tc.field+`-error" role="alert">`,
					`id="`+tc.field+`" name="`+tc.field+`"`, `aria-describedby="`+tc.field+`-error"`)
			}
		})
	}
}

func TestRecordFormConflict(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessRegistrar)
	ctx := adminContext()
	id := mustUUID(t, h.orgID(elmia))
	for _, mode := range []string{"edit", "end"} {
		t.Run(mode, func(t *testing.T) {
			h, c := h.in(t), c.in(t)
			path := "/organizations/" + id.String() + "/" + mode
			stale := formVersion(t, h.page(c.get(path)))
			cur, err := h.Reg.GetOrganization(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			other := "Elmia AB (" + mode + ")"
			now, err := h.Reg.UpdateOrganization(ctx, id, cur.Version, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: other}})
			if err != nil {
				t.Fatal(err)
			}
			body := h.expect(http.StatusPreconditionFailed)(c.post(path, url.Values{"version": {stale}, "name": {"Elmia Mässan AB"},
				"on": {"2030-12-31"}, "valid_from": {cur.From.String()}}))
			contains(t, "the stale form", body, "Någon annan har ändrat detta", `name="version" value="`+strconv.Itoa(now.Version)+`"`, other)
			lacks(t, "the stale form", body, "Elmia Mässan AB")
			if got, _ := h.Reg.GetOrganization(ctx, id); got.Name != other || got.To != nil {
				t.Errorf("the stale form changed the record: %+v", got.OrganizationInput)
			}
		})
	}
}

// registersOfForms are the seven registers with forms, by their paths.
var registersOfForms = []string{"organizations", "people", "posts", "assignments", "stakes", "steering-lines", "documents"}

func TestRecordFormAccess(t *testing.T) {
	h := newHarness(t)
	reader := h.signedIn(koncern.AccessReader)
	elmiaID := h.orgID(elmia)
	someID := uuid.Must(uuid.NewV7()).String()
	t.Run("ErrReaderForgedPost", func(t *testing.T) {
		before, err := h.Reg.ListPeople(adminContext(), registry.PersonFilter{ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		for _, reg := range registersOfForms {
			for _, path := range []string{"/" + reg + "/new", "/" + reg + "/" + someID + "/edit", "/" + reg + "/" + someID + "/end"} {
				t.Run(strings.TrimPrefix(strings.ReplaceAll(path, someID, "id"), "/"), func(t *testing.T) {
					h.in(t).expect(http.StatusForbidden)(reader.in(t).post(path, url.Values{"name": {"Falsk Person"}, "valid_from": {"2024-01-01"}, "version": {"1"}}))
				})
			}
		}
		after, err := h.Reg.ListPeople(adminContext(), registry.PersonFilter{ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
		if err != nil || len(after.Items) != len(before.Items) {
			t.Errorf("people before %d, after %d (%v)", len(before.Items), len(after.Items), err)
		}
	})
	t.Run("ErrReaderForm", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.expect(http.StatusForbidden)(c.get("/organizations/new"))
		contains(t, "the refusal", body, "Din roll får inte göra detta.")
		h.expect(http.StatusForbidden)(c.get("/organizations/" + elmiaID + "/edit"))
	})
	t.Run("ErrNoFormKey", func(t *testing.T) {
		c := h.signedIn(koncern.AccessRegistrar).in(t)
		form := url.Values{"name": {"Utan Nyckel"}, "valid_from": {"2024-01-01"}}
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/people/new", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", h.URL)
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", res.StatusCode)
		}
		people, err := h.Reg.ListPeople(adminContext(), registry.PersonFilter{Query: "Utan Nyckel", ListOptions: registry.ListOptions{History: true}})
		if err != nil || len(people.Items) != 0 {
			t.Errorf("the refused form created %v (%v)", people.Items, err)
		}
	})
	t.Run("FinanceChangesCapital", func(t *testing.T) {
		h := h.in(t)
		c := h.signedIn(koncern.AccessFinance)
		path := "/organizations/" + elmiaID + "/edit"
		body := h.page(c.get(path))
		contains(t, "finance's form", body, `id="total_shares" name="total_shares" value="10000"`, `id="total_votes"`,
			`<span class="fixed-label">Namn</span> <span class="fixed-value">Elmia AB</span>`)
		lacks(t, "finance's form", body, `id="name"`, `id="parent_id"`, `id="valid_to"`)
		res, body := c.post(path, url.Values{"version": {formVersion(t, body)}, "total_shares": {"20 000"}, "total_votes": {"20000"}})
		seeOther(t, res, body, "/organizations/"+elmiaID)
		o, err := h.Reg.GetOrganization(adminContext(), mustUUID(t, elmiaID))
		if err != nil || *o.TotalShares != 20000 || *o.TotalVotes != 20000 || o.Name != elmia {
			t.Errorf("stored %+v, %v", o.OrganizationInput, err)
		}
		t.Run("ErrForgedName", func(t *testing.T) {
			h, c := h.in(t), c.in(t)
			res, body := c.get(path)
			h.expect(http.StatusForbidden)(c.post(path, url.Values{"version": {formVersion(t, h.page(res, body))}, "name": {"Finansens Bolag AB"}}))
			if o, _ := h.Reg.GetOrganization(adminContext(), mustUUID(t, elmiaID)); o.Name != elmia {
				t.Errorf("finance renamed the company to %q", o.Name)
			}
		})
		t.Run("ErrEnd", func(t *testing.T) {
			h.in(t).expect(http.StatusForbidden)(c.in(t).get("/organizations/" + elmiaID + "/end"))
		})
	})
}

// TestRecordFormChangesNothing: an edit form posted without any field is
// refused, as the API refuses an empty PATCH, and writes no version.
func TestRecordFormChangesNothing(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessRegistrar)
	id := h.orgID("Elmia AB")
	before, err := h.Reg.GetOrganization(adminContext(), mustUUID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	h.expect(http.StatusUnprocessableEntity)(c.post("/organizations/"+id+"/edit", url.Values{"version": {strconv.Itoa(before.Version)}}))
	after, err := h.Reg.GetOrganization(adminContext(), mustUUID(t, id))
	if err != nil || after.Version != before.Version {
		t.Errorf("version %d after an empty edit, was %d (%v)", after.Version, before.Version, err)
	}
}
