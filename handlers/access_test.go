package handlers_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
)

// Who may call a route: the roles below, and an anonymous caller never,
// only when the registry is published, or always.
const (
	anonNever = iota
	anonPublic
	anonAlways
)

var (
	everyRole = koncern.AccessRoles
	admins    = []string{koncern.AccessAdmin}
	auditors  = []string{koncern.AccessAdmin, koncern.AccessAuditor}
	registrar = []string{koncern.AccessAdmin, koncern.AccessRegistrar}
	finance   = []string{koncern.AccessAdmin, koncern.AccessFinance}
	observers = []string{koncern.AccessAdmin, koncern.AccessRegistrar, koncern.AccessAuditor}
	capital   = []string{koncern.AccessAdmin, koncern.AccessRegistrar, koncern.AccessFinance}
	// importers write some register each: the registrar most, finance the
	// stakes, the auditor observed steering lines.
	importers = []string{koncern.AccessAdmin, koncern.AccessRegistrar, koncern.AccessFinance, koncern.AccessAuditor}
)

// call is one request of the matrix.
type call struct {
	method, path string
	body         any
	header       []string
}

// access is one row of the documented role matrix (openapi.yaml,
// "Authentication and roles"): a route as Echo names it, a request to it
// that is valid for every caller, and who may make it.
type access struct {
	route string
	name  string // the variant, where one route has several rows
	roles []string
	// ever, where it is more than roles, are the roles that may make some
	// requests of this kind though a partial rule refuses them this one
	// (finance changes an organisation's capital, not its name).
	ever []string
	anon int
	req  func(w *world) call
	// bad is a request to the route that fails on its own, by its body or
	// by the state it meets; nil makes one from req with invalid.
	bad func(w *world) call
}

func get(path string) func(*world) call {
	return func(*world) call { return call{method: http.MethodGet, path: path} }
}

func getf(f func(w *world) string) func(*world) call {
	return func(w *world) call { return call{method: http.MethodGet, path: f(w)} }
}

func post(path string, body func(w *world) any) func(*world) call {
	return func(w *world) call { return call{method: http.MethodPost, path: path, body: body(w)} }
}

// patch and end change a fresh record that id makes.
func patch(base string, id func(w *world) string, body any) func(*world) call {
	return func(w *world) call {
		return call{method: http.MethodPatch, path: base + "/" + id(w), body: body, header: []string{"If-Match", `"1"`}}
	}
}

func end(base string, id func(w *world) string) func(*world) call {
	return func(w *world) call {
		return call{method: http.MethodDelete, path: base + "/" + id(w) + "?on=2025-12-31", header: []string{"If-Match", `"1"`}}
	}
}

// endHeld ends the world's person, who holds the chair: a conflict, which
// only a caller who may end people at all hears of.
func endHeld(w *world) call {
	return call{method: http.MethodDelete, path: "/api/v1/people/" + idOf(w.person.ID) + "?on=2025-12-31", header: []string{"If-Match", `"1"`}}
}

// invalid turns a request that changes something into one that fails on
// its own: a body the contract refuses (or no workbook), a version that is
// not the record's, a day that is no date.
func invalid(c call) call {
	switch {
	case slices.Contains(c.header, importer.MediaXLSX):
		c.body = "not a workbook"
	case c.method != http.MethodDelete:
		c.body = map[string]any{"valid_from": "someday", "no_such_field": true}
	}
	c.path = strings.Replace(c.path, "on=2025-12-31", "on=someday", 1)
	if i := slices.Index(c.header, "If-Match"); i >= 0 {
		c.header = slices.Clone(c.header)
		c.header[i+1] = `"99"`
	}
	return c
}

// registryRead is a read of the registry: every role, and anonymous
// callers of a published registry.
func registryRead(route string, req func(*world) call) access {
	return access{route: route, roles: everyRole, anon: anonPublic, req: req}
}

func accessMatrix() []access {
	org := func(w *world) string { return idOf(w.newOrganization().ID) }
	company := func(w *world) string { return idOf(w.newCompany().ID) }
	person := func(w *world) string { return idOf(w.newPerson().ID) }
	post_ := func(w *world) string { return idOf(w.newPost().ID) }
	assignment := func(w *world) string { return idOf(w.newAssignment().ID) }
	stake := func(w *world) string { return idOf(w.newStake().ID) }
	document := func(w *world) string { return idOf(w.newDocument().ID) }
	formal := func(w *world) string { return idOf(w.newLine("formal").ID) }
	observed := func(w *world) string { return idOf(w.newLine("observed").ID) }
	return []access{
		{route: "GET /healthz", roles: everyRole, anon: anonAlways, req: get("/healthz")},
		{route: "GET /readyz", roles: everyRole, anon: anonAlways, req: get("/readyz")},
		{route: "GET /openapi.yaml", roles: everyRole, anon: anonAlways, req: get("/openapi.yaml")},
		{route: "GET /docs", roles: everyRole, anon: anonAlways, req: get("/docs")},
		{route: "GET /metrics", roles: auditors, req: get("/metrics")},
		{route: "GET /api/v1/me", roles: everyRole, anon: anonAlways, req: get("/api/v1/me")},
		{route: "GET /api/v1/rules", roles: everyRole, anon: anonAlways, req: get("/api/v1/rules")},
		{route: "GET /api/v1/import/template.xlsx", roles: everyRole, anon: anonAlways, req: get("/api/v1/import/template.xlsx")},

		registryRead("GET /api/v1/organizations", get("/api/v1/organizations")),
		registryRead("GET /api/v1/organizations/:id", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.muni.ID) })),
		registryRead("GET /api/v1/organizations/:id/children", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.muni.ID) + "/children" })),
		registryRead("GET /api/v1/organizations/:id/posts", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.admin.ID) + "/posts" })),
		registryRead("GET /api/v1/organizations/:id/owners", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.sub.ID) + "/owners" })),
		registryRead("GET /api/v1/organizations/:id/holdings", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.holding.ID) + "/holdings" })),
		registryRead("GET /api/v1/organizations/:id/cap-table", getf(func(w *world) string {
			return "/api/v1/organizations/" + idOf(w.sub.ID) + "/cap-table?at=2004-06-01"
		})),
		registryRead("GET /api/v1/organizations/:id/capital", getf(func(w *world) string { return "/api/v1/organizations/" + idOf(w.sub.ID) + "/capital" })),
		registryRead("GET /api/v1/people", get("/api/v1/people")),
		registryRead("GET /api/v1/people/:id", getf(func(w *world) string { return "/api/v1/people/" + idOf(w.person.ID) })),
		registryRead("GET /api/v1/people/:id/assignments", getf(func(w *world) string { return "/api/v1/people/" + idOf(w.person.ID) + "/assignments" })),
		registryRead("GET /api/v1/posts", get("/api/v1/posts")),
		registryRead("GET /api/v1/posts/:id", getf(func(w *world) string { return "/api/v1/posts/" + idOf(w.head.ID) })),
		registryRead("GET /api/v1/posts/:id/holders", getf(func(w *world) string { return "/api/v1/posts/" + idOf(w.chair.ID) + "/holders" })),
		registryRead("GET /api/v1/assignments", get("/api/v1/assignments")),
		registryRead("GET /api/v1/assignments/:id", getf(func(w *world) string { return "/api/v1/assignments/" + idOf(w.assignment.ID) })),
		registryRead("GET /api/v1/stakes", get("/api/v1/stakes")),
		registryRead("GET /api/v1/stakes/:id", getf(func(w *world) string { return "/api/v1/stakes/" + idOf(w.stake.ID) })),
		registryRead("GET /api/v1/steering-lines", get("/api/v1/steering-lines")),
		registryRead("GET /api/v1/steering-lines/:id", getf(func(w *world) string { return "/api/v1/steering-lines/" + idOf(w.line.ID) })),
		registryRead("GET /api/v1/documents", get("/api/v1/documents")),
		registryRead("GET /api/v1/documents/:id", getf(func(w *world) string { return "/api/v1/documents/" + idOf(w.doc.ID) })),
		registryRead("GET /api/v1/ownership/transactions", get("/api/v1/ownership/transactions")),
		registryRead("GET /api/v1/ownership/transactions/:id", getf(func(w *world) string { return "/api/v1/ownership/transactions/" + idOf(w.transaction.ID) })),
		registryRead("GET /api/v1/findings", get("/api/v1/findings?at=2004-06-01")),
		registryRead("GET /api/v1/reports/group", getf(func(w *world) string { return "/api/v1/reports/group?at=2004-06-01&root=" + idOf(w.muni.ID) })),
		registryRead("GET /api/v1/reports/org-chart", getf(func(w *world) string { return "/api/v1/reports/org-chart?at=2004-06-01&root=" + idOf(w.muni.ID) })),
		registryRead("GET /api/v1/reports/steering/:id", getf(func(w *world) string { return "/api/v1/reports/steering/" + idOf(w.head.ID) + "?at=2004-06-01" })),
		registryRead("GET /api/v1/reports/changes", get("/api/v1/reports/changes?from=2003-01-01&to=2004-12-31")),
		registryRead("GET /api/v1/reports/interlocks", get("/api/v1/reports/interlocks?at=2004-06-01")),
		registryRead("GET /api/v1/reports/expiring", get("/api/v1/reports/expiring?at=2004-06-01")),
		registryRead("GET /api/v1/calendar", get("/api/v1/calendar?from=2003-01-01&to=2007-12-31&at=2004-06-01")),
		registryRead("GET /api/v1/export", get("/api/v1/export?at=2004-06-01")),
		registryRead("GET /api/v1/export/bods", get("/api/v1/export/bods?at=2004-06-01")),
		registryRead("GET /api/v1/export/popolo", get("/api/v1/export/popolo?at=2004-06-01")),

		{route: "POST /api/v1/organizations", roles: registrar, req: post("/api/v1/organizations", func(w *world) any {
			return map[string]any{"kind": "committee", "name": "Ny nämnd " + w.name(), "parent_id": w.muni.ID, "valid_from": "2004-01-01"}
		})},
		{route: "PATCH /api/v1/organizations/:id", name: "name", roles: registrar, ever: capital, req: patch("/api/v1/organizations", org, map[string]any{"name": "Omdöpt nämnd"})},
		{route: "PATCH /api/v1/organizations/:id", name: "share capital", roles: capital, req: patch("/api/v1/organizations", company, map[string]any{"total_shares": 2000, "total_votes": 2000})},
		{route: "DELETE /api/v1/organizations/:id", roles: registrar, req: end("/api/v1/organizations", org)},
		{route: "POST /api/v1/people", roles: registrar, req: post("/api/v1/people", func(w *world) any {
			return map[string]any{"name": "Ny Person " + w.name(), "valid_from": "2004-01-01"}
		})},
		{route: "PATCH /api/v1/people/:id", roles: registrar, req: patch("/api/v1/people", person, map[string]any{"name": "Annat Namn"})},
		{route: "DELETE /api/v1/people/:id", roles: registrar, req: end("/api/v1/people", person), bad: endHeld},
		{route: "POST /api/v1/posts", roles: registrar, req: post("/api/v1/posts", func(w *world) any {
			return map[string]any{"organization_id": w.admin.ID, "title": "Strateg " + w.name(), "role": "officer", "valid_from": "2004-01-01"}
		})},
		{route: "PATCH /api/v1/posts/:id", roles: registrar, req: patch("/api/v1/posts", post_, map[string]any{"title": "Utredare"})},
		{route: "DELETE /api/v1/posts/:id", roles: registrar, req: end("/api/v1/posts", post_)},
		{route: "POST /api/v1/assignments", roles: registrar, req: post("/api/v1/assignments", func(w *world) any {
			return map[string]any{"person_id": w.newPerson().ID, "post_id": w.newPost().ID, "valid_from": "2004-01-01"}
		})},
		{route: "PATCH /api/v1/assignments/:id", roles: registrar, req: patch("/api/v1/assignments", assignment, map[string]any{"valid_to": "2024-12-31"})},
		{route: "DELETE /api/v1/assignments/:id", roles: registrar, req: end("/api/v1/assignments", assignment)},
		{route: "POST /api/v1/documents", roles: registrar, req: post("/api/v1/documents", func(w *world) any {
			return map[string]any{"kind": "board_decision", "title": "Nytt beslut " + w.name(), "decided_on": "2003-06-01", "issuer_id": w.committee.ID, "valid_from": "2003-07-01"}
		})},
		{route: "PATCH /api/v1/documents/:id", roles: registrar, req: patch("/api/v1/documents", document, map[string]any{"title": "Ändrat beslut"})},
		{route: "DELETE /api/v1/documents/:id", roles: registrar, req: end("/api/v1/documents", document)},
		{route: "POST /api/v1/steering-lines", name: "formal", roles: registrar, ever: observers, req: post("/api/v1/steering-lines", func(w *world) any { return w.lineInput("formal") })},
		{route: "POST /api/v1/steering-lines", name: "observed", roles: observers, req: post("/api/v1/steering-lines", func(w *world) any { return w.lineInput("observed") })},
		{route: "PATCH /api/v1/steering-lines/:id", name: "formal", roles: registrar, ever: observers, req: patch("/api/v1/steering-lines", formal, map[string]any{"description": "Ändrad"})},
		{route: "PATCH /api/v1/steering-lines/:id", name: "observed", roles: observers, req: patch("/api/v1/steering-lines", observed, map[string]any{"description": "Iakttaget"})},
		{route: "PATCH /api/v1/steering-lines/:id", name: "observed made formal", roles: registrar, ever: observers, req: patch("/api/v1/steering-lines", observed, map[string]any{"basis": "practice"})},
		{route: "DELETE /api/v1/steering-lines/:id", name: "formal", roles: registrar, ever: observers, req: end("/api/v1/steering-lines", formal)},
		{route: "DELETE /api/v1/steering-lines/:id", name: "observed", roles: observers, req: end("/api/v1/steering-lines", observed)},
		{route: "POST /api/v1/stakes", roles: finance, req: post("/api/v1/stakes", func(w *world) any {
			return map[string]any{"owner_id": w.muni.ID, "company_id": w.newCompany().ID, "shares": 10, "votes": 10, "valid_from": "2004-01-01"}
		})},
		{route: "PATCH /api/v1/stakes/:id", roles: finance, req: patch("/api/v1/stakes", stake, map[string]any{"shares": 200, "votes": 200})},
		{route: "DELETE /api/v1/stakes/:id", roles: finance, req: end("/api/v1/stakes", stake)},
		{route: "POST /api/v1/ownership/transactions", roles: finance, req: post("/api/v1/ownership/transactions", func(w *world) any {
			return map[string]any{"type": "acquisition", "company_id": w.newCompany().ID, "buyer_id": w.muni.ID, "shares": 10, "votes": 10, "effective_date": "2005-01-01"}
		})},
		{route: "POST /api/v1/import", roles: registrar, ever: importers, req: func(w *world) call {
			return call{method: http.MethodPost, path: "/api/v1/import", body: w.workbook(), header: []string{"Content-Type", importer.MediaXLSX}}
		}},

		{route: "GET /api/v1/finding-comments", roles: everyRole, req: get("/api/v1/finding-comments"), bad: get("/api/v1/finding-comments?limit=many")},
		{route: "GET /api/v1/finding-comments/:id", roles: everyRole, req: getf(func(w *world) string { return "/api/v1/finding-comments/" + idOf(w.comment.ID) })},
		{route: "POST /api/v1/finding-comments", roles: auditors, req: post("/api/v1/finding-comments", func(w *world) any {
			return map[string]any{"rule": "triple_steering", "subject_id": w.head.ID, "body": "Iakttaget " + w.name()}
		})},
		{route: "PATCH /api/v1/finding-comments/:id", name: "another's", roles: admins, ever: auditors, req: patch("/api/v1/finding-comments",
			func(w *world) string { return idOf(w.newComment().ID) }, map[string]any{"body": "Ändrad"})},

		{route: "GET /api/v1/recommendations", roles: everyRole, req: get("/api/v1/recommendations"), bad: get("/api/v1/recommendations?limit=many")},
		{route: "GET /api/v1/recommendations/:id", roles: everyRole, req: getf(func(w *world) string { return "/api/v1/recommendations/" + idOf(w.recommendation.ID) })},
		{route: "GET /api/v1/reports/follow-up", roles: everyRole, req: getf(func(w *world) string {
			return "/api/v1/reports/follow-up?year=2003&municipality=" + idOf(w.muni.ID)
		}), bad: get("/api/v1/reports/follow-up?year=2003")},
		{route: "POST /api/v1/recommendations", roles: auditors, req: post("/api/v1/recommendations", func(w *world) any {
			return map[string]any{"report_id": w.report.ID, "text": "Rekommendation " + w.name(), "addressed_post_id": w.head.ID}
		})},
		{route: "PATCH /api/v1/recommendations/:id", name: "text", roles: auditors, ever: observers, req: patch("/api/v1/recommendations",
			func(w *world) string { return idOf(w.newRecommendation().ID) }, map[string]any{"text": "Ändrad rekommendation"})},
		{route: "PATCH /api/v1/recommendations/:id", name: "answer", roles: registrar, ever: observers, req: func(w *world) call {
			return patch("/api/v1/recommendations", func(w *world) string { return idOf(w.newRecommendation().ID) },
				map[string]any{"response_document_id": w.answer.ID, "response_text": "Nämnden instämmer."})(w)
		}},

		{route: "GET /api/v1/audit/events", roles: auditors, req: get("/api/v1/audit/events"), bad: get("/api/v1/audit/events?from=yesterday")},
		{route: "GET /api/v1/audit/verify", roles: auditors, req: get("/api/v1/audit/verify")},
		{route: "POST /api/v1/audit/verify", roles: auditors, req: post("/api/v1/audit/verify", func(w *world) any {
			return ok[registry.Checkpoint](w.t)(w.r.SignCheckpoint(w.ctx, testCheckpointKey))
		})},
		{route: "GET /api/v1/audit/checkpoint", roles: auditors, req: get("/api/v1/audit/checkpoint")},
		{route: "GET /api/v1/tokens", roles: admins, req: get("/api/v1/tokens")},
		{route: "POST /api/v1/tokens", roles: admins, req: post("/api/v1/tokens", func(w *world) any {
			return map[string]any{"name": "ny-" + w.name(), "role": "reader"}
		})},
		{route: "GET /api/v1/tokens/:id", roles: admins, req: getf(func(w *world) string { return "/api/v1/tokens/" + w.token.ID }), bad: get("/api/v1/tokens/not-a-token")},
		{route: "DELETE /api/v1/tokens/:id", roles: admins, req: func(w *world) call {
			return call{method: http.MethodDelete, path: "/api/v1/tokens/" + w.newToken().ID, header: []string{"If-Match", `"1"`}}
		}},
	}
}

func (w *world) name() string { return strconv.Itoa(w.seq()) }

// caller is one of the matrix's columns: a role's token, or none.
type caller struct {
	name, role, token string
}

// TestAccessMatrix walks every route × every role × anonymous and checks
// the documented matrix exactly: an allowed caller is served (2xx), a
// refused one gets 403, or 401 without credentials. Every route the
// server has must have a row, so a new route cannot go unjudged.
func TestAccessMatrix(t *testing.T) {
	matrix := accessMatrix()
	t.Run("EveryRouteHasARow", func(t *testing.T) {
		a := newAPI(t)
		rows := map[string]bool{}
		for _, m := range matrix {
			rows[m.route] = true
		}
		for _, r := range a.e.Routes() {
			key := r.Method + " " + r.Path
			if !rows[key] {
				t.Errorf("route %s has no row in the access matrix", key)
			}
			delete(rows, key)
		}
		for key := range rows {
			t.Errorf("the access matrix has a row for %s, which is no route", key)
		}
	})
	for _, publicRead := range []bool{false, true} {
		a := newAPIWith(t, func(c *handlers.Config) { c.PublicRead = publicRead })
		w := newWorld(t, a.reg)
		callers := []caller{{name: "anonymous"}}
		if !publicRead {
			callers = append(callers, caller{name: koncern.AccessAdmin, role: koncern.AccessAdmin, token: a.token})
			for _, role := range koncern.AccessRoles[1:] {
				callers = append(callers, caller{name: role, role: role, token: a.tokenFor(role)})
			}
		}
		for _, m := range matrix {
			for _, c := range callers {
				name := m.route + " " + m.name + " as " + c.name
				if publicRead {
					name += " (public read)"
				}
				t.Run(name, func(t *testing.T) { checkAccess(t, a, w, m, c, publicRead) })
				if m.bad != nil || !strings.HasPrefix(m.route, http.MethodGet+" ") {
					t.Run(name+" invalid", func(t *testing.T) { checkRefusedFirst(t, a, w, m, c) })
				}
			}
		}
	}
}

func checkAccess(t *testing.T, a *api, w *world, m access, c caller, publicRead bool) {
	req := m.req(w)
	header := append([]string{"Authorization", ""}, req.header...)
	if c.token != "" {
		header[1] = "Bearer " + c.token
	}
	res := a.do(req.method, req.path, req.body, header...)
	allowed := slices.Contains(m.roles, c.role)
	if c.role == "" {
		allowed = m.anon == anonAlways || (m.anon == anonPublic && publicRead)
	}
	switch {
	case allowed && (res.Status < 200 || res.Status > 299):
		t.Fatalf("%s %s → %d, want it served: %s", req.method, req.path, res.Status, res.Body)
	case !allowed && c.role == "" && res.Status != http.StatusUnauthorized:
		t.Fatalf("%s %s → %d, want 401: %s", req.method, req.path, res.Status, res.Body)
	case !allowed && c.role != "" && res.Status != http.StatusForbidden:
		t.Fatalf("%s %s → %d, want 403: %s", req.method, req.path, res.Status, res.Body)
	}
}

// checkRefusedFirst sends the row's failing request: a caller whose role
// may never make such a request is refused (403, or 401 without
// credentials) before the body or any record is judged, and one who may
// hears what is wrong with the request, not that it is refused.
func checkRefusedFirst(t *testing.T, a *api, w *world, m access, c caller) {
	bad := m.bad
	if bad == nil {
		bad = func(w *world) call { return invalid(m.req(w)) }
	}
	req := bad(w)
	header := append([]string{"Authorization", ""}, req.header...)
	if c.token != "" {
		header[1] = "Bearer " + c.token
	}
	res := a.do(req.method, req.path, req.body, header...)
	ever := m.ever
	if ever == nil {
		ever = m.roles
	}
	switch {
	case c.role == "" && res.Status != http.StatusUnauthorized:
		t.Fatalf("%s %s → %d, want 401: %s", req.method, req.path, res.Status, res.Body)
	case c.role != "" && !slices.Contains(ever, c.role) && res.Status != http.StatusForbidden:
		t.Fatalf("%s %s → %d, want 403: %s", req.method, req.path, res.Status, res.Body)
	case slices.Contains(ever, c.role) && (res.Status < 400 || res.Status > 499 || res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden):
		t.Fatalf("%s %s → %d, want the request's own fault: %s", req.method, req.path, res.Status, res.Body)
	}
}

// TestRefusedBeforeJudging holds the cases the hostile probe found: a
// caller whose role may never change people heard that the body was
// invalid (422) or that the person still held a post (409) before it was
// refused. The role that may do it hears of the fault, so the request is
// shown to be faulty.
func TestRefusedBeforeJudging(t *testing.T) {
	a := newAPI(t)
	w := newWorld(t, a.reg)
	tokens := map[string]string{"": ""}
	for _, role := range koncern.AccessRoles[1:] {
		tokens[role] = "Bearer " + a.tokenFor(role)
	}
	invalidPerson := call{method: http.MethodPost, path: "/api/v1/people", body: map[string]any{"name": "", "valid_from": "someday"}}
	for _, tc := range []struct {
		name, role string
		req        call
		want       int
	}{
		{"ReaderEndsPersonWithOpenAssignment", koncern.AccessReader, endHeld(w), http.StatusForbidden},
		{"FinanceEndsPersonWithOpenAssignment", koncern.AccessFinance, endHeld(w), http.StatusForbidden},
		{"AuditorEndsPersonWithOpenAssignment", koncern.AccessAuditor, endHeld(w), http.StatusForbidden},
		{"RegistrarEndsPersonWithOpenAssignment", koncern.AccessRegistrar, endHeld(w), http.StatusConflict},
		{"ReaderCreatesInvalidPerson", koncern.AccessReader, invalidPerson, http.StatusForbidden},
		{"AnonymousCreatesInvalidPerson", "", invalidPerson, http.StatusUnauthorized},
		{"RegistrarCreatesInvalidPerson", koncern.AccessRegistrar, invalidPerson, http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := a.do(tc.req.method, tc.req.path, tc.req.body, append([]string{"Authorization", tokens[tc.role]}, tc.req.header...)...)
			if res.Status != tc.want {
				t.Fatalf("%s %s → %d, want %d: %s", tc.req.method, tc.req.path, res.Status, tc.want, res.Body)
			}
		})
	}
}
