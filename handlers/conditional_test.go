package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/render"
)

// TestConditionalGet: records, lists, reports and exports answer 304 to
// an If-None-Match that names their current tag, and 200 once anything
// they show has changed.
func TestConditionalGet(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	record := "/api/v1/organizations/" + f.committee
	notModified := func(t *testing.T, path, inm string, header ...string) response {
		t.Helper()
		res := a.mustDo(http.StatusNotModified, http.MethodGet, path, nil, append([]string{"If-None-Match", inm}, header...)...)
		if len(res.Body) != 0 || res.Header.Get("Content-Type") != "" {
			t.Fatalf("304 with a body or a content type: %q %q", res.Header.Get("Content-Type"), res.Body)
		}
		return res
	}
	t.Run("RecordByItsVersion", func(t *testing.T) {
		tag := a.etag(record)
		if tag != `"1"` {
			t.Fatalf("ETag %s, want \"1\"", tag)
		}
		for _, inm := range []string{tag, "W/" + tag, `"7", ` + tag, `W/"x,y", ` + tag, "*"} {
			res := notModified(t, record, inm)
			if res.Header.Get("ETag") != tag {
				t.Errorf("If-None-Match %s: 304 carries ETag %q, want %s", inm, res.Header.Get("ETag"), tag)
			}
		}
		a.mustDo(http.StatusOK, http.MethodGet, record, nil, "If-None-Match", `"2"`)
		a.mustDo(http.StatusOK, http.MethodGet, record, nil, "If-None-Match", `not-a-tag`)
	})
	t.Run("RecordAfterAChange", func(t *testing.T) {
		old := a.etag(record)
		a.mustDo(http.StatusOK, http.MethodPatch, record, map[string]any{"name": "Tekniska nämnden (ny)"}, "If-Match", old)
		res := a.mustDo(http.StatusOK, http.MethodGet, record, nil, "If-None-Match", old)
		if !strings.Contains(string(res.Body), "(ny)") || res.Header.Get("ETag") == old {
			t.Fatalf("after a change: ETag %s, body %s", res.Header.Get("ETag"), res.Body)
		}
	})
	t.Run("StarOnMissingRecord", func(t *testing.T) {
		a.mustDo(http.StatusNotFound, http.MethodGet, "/api/v1/organizations/"+uuid.NewString(), nil, "If-None-Match", "*")
	})
	t.Run("ListByTheRegistrysVersion", func(t *testing.T) {
		list := "/api/v1/organizations?kind=committee"
		tag := a.mustDo(http.StatusOK, http.MethodGet, list, nil).Header.Get("ETag")
		if !strings.HasPrefix(tag, `W/"`) {
			t.Fatalf("list ETag %q, want a weak tag", tag)
		}
		notModified(t, list, tag)
		notModified(t, list, strings.TrimPrefix(tag, "W/"))
		if other := a.mustDo(http.StatusOK, http.MethodGet, list+"&limit=5", nil).Header.Get("ETag"); other == tag {
			t.Fatalf("another query has the same tag %s", tag)
		}
		a.create("/api/v1/organizations", map[string]any{"kind": "committee", "name": "Kulturnämnden", "parent_id": f.muni, "valid_from": "2003-01-01"})
		res := a.mustDo(http.StatusOK, http.MethodGet, list, nil, "If-None-Match", tag)
		if !strings.Contains(string(res.Body), "Kulturnämnden") || res.Header.Get("ETag") == tag {
			t.Fatalf("after a write: ETag %s (was %s), body %s", res.Header.Get("ETag"), tag, res.Body)
		}
	})
	t.Run("ReportByFormatAndRole", func(t *testing.T) {
		findings := "/api/v1/findings?at=2003-06-01"
		// Issuing a token is a change to the registry, so it comes first.
		readerToken := a.tokenFor("reader")
		json := a.mustDo(http.StatusOK, http.MethodGet, findings, nil)
		csv := a.mustDo(http.StatusOK, http.MethodGet, findings, nil, "Accept", "text/csv")
		reader := a.mustDo(http.StatusOK, http.MethodGet, findings, nil, "Authorization", "Bearer "+readerToken)
		if json.Header.Get("ETag") == csv.Header.Get("ETag") || json.Header.Get("ETag") == reader.Header.Get("ETag") {
			t.Fatalf("one tag for two answers: json %s, csv %s, reader %s", json.Header.Get("ETag"), csv.Header.Get("ETag"), reader.Header.Get("ETag"))
		}
		if vary := strings.Join(json.Header.Values("Vary"), ", "); !strings.Contains(vary, "Authorization") || !strings.Contains(vary, "Accept") {
			t.Fatalf("Vary %q, want Authorization and Accept", vary)
		}
		notModified(t, findings, csv.Header.Get("ETag"), "Accept", "text/csv")
		a.mustDo(http.StatusOK, http.MethodGet, findings, nil, "If-None-Match", csv.Header.Get("ETag"))
	})
	t.Run("VaryAcceptWhereItChoosesTheFormat", func(t *testing.T) {
		for _, path := range []string{"/api/v1/organizations/" + f.holding + "/cap-table?at=2004-06-01",
			"/api/v1/reports/follow-up?municipality=" + f.muni + "&year=2003"} {
			json := a.mustDo(http.StatusOK, http.MethodGet, path, nil)
			csv := a.mustDo(http.StatusOK, http.MethodGet, path, nil, "Accept", "text/csv")
			if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("%s with Accept: text/csv answers %q", path, csv.Header.Get("Content-Type"))
			}
			for _, res := range []response{json, csv} {
				if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept") {
					t.Errorf("%s: Vary %q, want Accept too: the answer depends on it", path, vary)
				}
			}
		}
	})
	t.Run("Export", func(t *testing.T) {
		export := "/api/v1/export/popolo?at=2003-06-01"
		tag := a.mustDo(http.StatusOK, http.MethodGet, export, nil).Header.Get("ETag")
		notModified(t, export, tag)
	})
	t.Run("CacheControlPrivate", func(t *testing.T) {
		res := a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/people", nil)
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache" {
			t.Fatalf("Cache-Control %q", cc)
		}
		if vary := strings.Join(res.Header.Values("Vary"), ", "); vary != "Authorization" {
			t.Fatalf("Vary %q on a list, want Authorization alone", vary)
		}
	})
}

// TestConditionalGetAfterAnUpgrade: a build that serves another contract
// answers in full to a weak tag the build before it gave, though no record
// changed: its answers may show what the old ones did not.
func TestConditionalGetAfterAnUpgrade(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	upgraded := *a
	svg := &render.SVG{}
	t.Cleanup(func() { svg.Close() })
	e, err := handlers.New(handlers.Config{Registry: a.reg, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), SVG: svg,
		Spec: append(slices.Clip(koncern.OpenAPISpec), "\n# the next release's contract\n"...)})
	if err != nil {
		t.Fatal(err)
	}
	upgraded.e = e
	for _, path := range []string{"/api/v1/organizations/" + f.holding + "/holdings", "/api/v1/findings?at=2003-06-01"} {
		t.Run(path, func(t *testing.T) {
			tag := a.mustDo(http.StatusOK, http.MethodGet, path, nil).Header.Get("ETag")
			a.mustDo(http.StatusNotModified, http.MethodGet, path, nil, "If-None-Match", tag)
			upgraded.mustDo(http.StatusOK, http.MethodGet, path, nil, "If-None-Match", tag)
		})
	}
}

// TestConditionalGetPublic: an anonymous reader of a published registry
// gets answers a shared cache may keep; a caller with a token does not.
func TestConditionalGetPublic(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.PublicRead = true })
	newFixture(a)
	anon := a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/organizations", nil, "Authorization", "")
	if cc := anon.Header.Get("Cache-Control"); cc != "public, no-cache" {
		t.Fatalf("anonymous Cache-Control %q", cc)
	}
	signed := a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/organizations", nil)
	if cc := signed.Header.Get("Cache-Control"); cc != "private, no-cache" {
		t.Fatalf("signed-in Cache-Control %q", cc)
	}
	if anon.Header.Get("ETag") == signed.Header.Get("ETag") {
		t.Fatalf("anonymous and admin share the tag %s", anon.Header.Get("ETag"))
	}
	res := a.mustDo(http.StatusNotModified, http.MethodGet, "/api/v1/organizations", nil, "Authorization", "", "If-None-Match", anon.Header.Get("ETag"))
	if cc := res.Header.Get("Cache-Control"); cc != "public, no-cache" {
		t.Fatalf("anonymous 304 Cache-Control %q", cc)
	}
	// The comments are no anonymous caller's to read: no shared cache may
	// keep the refusal.
	refused := a.mustDo(http.StatusUnauthorized, http.MethodGet, "/api/v1/finding-comments", nil, "Authorization", "")
	if cc := refused.Header.Get("Cache-Control"); strings.Contains(cc, "public") {
		t.Fatalf("refusal Cache-Control %q", cc)
	}
}

// TestHeadOnEveryGetRoute walks every GET route of the router and asks it
// with HEAD: the same status and headers as GET, no body, and the length
// GET's body has.
func TestHeadOnEveryGetRoute(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	ids := map[string]string{"/api/v1/organizations/": f.holding, "/api/v1/people/": f.person, "/api/v1/posts/": f.head,
		"/api/v1/reports/steering/": f.head}
	queries := map[string]string{"/api/v1/reports/group": "?root=" + f.holding + "&at=2004-06-01",
		"/api/v1/reports/org-chart": "?root=" + f.muni + "&at=2004-06-01&format=dot", "/api/v1/reports/changes": "?from=2003-01-01&to=2004-12-31"}
	walked := 0
	for _, r := range a.e.Routes() {
		if r.Method != http.MethodGet || strings.Contains(r.Path, "*") {
			continue
		}
		path := r.Path
		for prefix, id := range ids {
			if strings.HasPrefix(path, prefix+":id") {
				path = strings.Replace(path, ":id", id, 1)
			}
		}
		path = strings.ReplaceAll(path, ":id", uuid.NewString()) + queries[r.Path]
		walked++
		t.Run(strings.TrimPrefix(r.Path, "/"), func(t *testing.T) {
			get := a.do(http.MethodGet, path, nil)
			_, head := a.sendRaw(http.MethodHead, path, nil)
			if head.Status != get.Status || len(head.Body) != 0 {
				t.Fatalf("HEAD %s → %d with %d bytes, GET → %d", path, head.Status, len(head.Body), get.Status)
			}
			for _, h := range []string{"Content-Type", "ETag", "Cache-Control", "Content-Disposition"} {
				if head.Header.Get(h) != get.Header.Get(h) {
					t.Errorf("HEAD %s: %s %q, GET %q", path, h, head.Header.Get(h), get.Header.Get(h))
				}
			}
			// The metrics count the requests, this GET among them, so the
			// next answer is longer.
			if n := head.Header.Get("Content-Length"); n != strconv.Itoa(len(get.Body)) && r.Path != "/metrics" {
				t.Errorf("HEAD %s: Content-Length %q, GET's body has %d bytes", path, n, len(get.Body))
			}
		})
	}
	if !strings.Contains(a.logs.String(), `"method":"HEAD"`) {
		t.Errorf("the log names no HEAD request")
	}
	if walked < 40 {
		t.Fatalf("walked %d GET routes; the router lists more", walked)
	}
}
