package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/render"
	"github.com/koncernregistret/koncern/viewer"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// api drives the full router in memory and checks every response it gets
// against openapi.yaml, so that the server cannot drift from its contract.
type api struct {
	t      testing.TB
	e      *echo.Echo
	reg    *registry.Registry
	router routers.Router
	logs   *bytes.Buffer
	// token is the bearer token every request carries unless it sets
	// Authorization itself (to "" for an anonymous request): an
	// administrator's, so that tests of other things are not refused.
	token string
}

func newAPI(t testing.TB) *api {
	t.Helper()
	return newAPIWith(t, func(*handlers.Config) {})
}

// newAPIWith is newAPI with a server configured by set, for the tests of
// limits the default harness leaves off.
func newAPIWith(t testing.TB, set func(*handlers.Config)) *api {
	t.Helper()
	registerTextDecoders()
	reg := registrytest.MustRegistry(t, now)
	logs := &bytes.Buffer{}
	svg := &render.SVG{}
	t.Cleanup(func() { svg.Close() })
	cfg := handlers.Config{Registry: reg, Logger: slog.New(slog.NewJSONHandler(logs, nil)), Spec: koncern.OpenAPISpec, SVG: svg,
		CheckpointKey: testCheckpointKey}
	set(&cfg)
	e, err := handlers.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(koncern.OpenAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := reg.CreateToken(viewer.System(context.Background()), koncern.TokenInput{Name: "test-admin", Role: koncern.AccessAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return &api{t: t, e: e, reg: reg, router: router, logs: logs, token: admin.Secret}
}

// registerTextDecoders tells the contract check how to read the answers
// the contract describes as text ({type: string}) but kin-openapi has no
// decoder for: as the text they are. The YAML of /openapi.yaml is text too,
// not the mapping kin-openapi would otherwise parse it into. The decoders
// live in a package-wide table, so they are registered once.
var registerTextDecoders = sync.OnceFunc(func() {
	for _, mediaType := range []string{"application/yaml", "image/svg+xml", "text/calendar", "text/html", "text/vnd.graphviz"} {
		openapi3filter.RegisterBodyDecoder(mediaType, openapi3filter.PlainBodyDecoder)
	}
})

// tokenFor issues a token with role, named after it, for the tests of
// who may do what.
func (a *api) tokenFor(role string) string {
	a.t.Helper()
	tok, err := a.reg.CreateToken(viewer.System(context.Background()), koncern.TokenInput{Name: "test-" + role, Role: role})
	if err != nil {
		a.t.Fatal(err)
	}
	return tok.Secret
}

// response is what a call returned.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode unmarshals the body into v.
func (r response) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem decodes an error body.
func (r response) problem(tb testing.TB) handlers.Problem {
	tb.Helper()
	var p handlers.Problem
	r.decode(tb, &p)
	return p
}

// do sends a request; body is marshalled to JSON unless it is a string,
// which is sent as it is.
func (a *api) do(method, path string, body any, header ...string) response {
	a.t.Helper()
	req, res := a.sendRaw(method, path, body, header...)
	a.validate(method, path, req.Header, res)
	return res
}

// sendRaw is do without the contract check, for goroutines, which must not
// fail the test themselves: the caller validates each answer afterwards.
func (a *api) sendRaw(method, path string, body any, header ...string) (*http.Request, response) {
	req := httptest.NewRequest(method, path, a.encode(body))
	if body != nil {
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	req.Header.Set(echo.HeaderAuthorization, "Bearer "+a.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if req.Header.Get(echo.HeaderAuthorization) == "" {
		req.Header.Del(echo.HeaderAuthorization)
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	return req, response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

func (a *api) encode(body any) io.Reader {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	}
	buf, err := json.Marshal(body)
	if err != nil {
		a.t.Fatal(err)
	}
	return bytes.NewReader(buf)
}

// validate checks a response against the operation the request matched in
// openapi.yaml, including that its status is one the operation declares.
// Requests to paths outside the contract must have been answered 404 or
// 405 as problems.
func (a *api) validate(method, path string, header http.Header, res response) {
	a.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Header = header
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		if res.Status != http.StatusNotFound && res.Status != http.StatusMethodNotAllowed {
			a.t.Fatalf("%s %s is not in openapi.yaml but answered %d", method, path, res.Status)
		}
		if ct := res.Header.Get(echo.HeaderContentType); ct != "application/problem+json" {
			a.t.Fatalf("%s %s: content type %q, want a problem", method, path, ct)
		}
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.Status,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(res.Body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		a.t.Fatalf("%s %s → %d does not match openapi.yaml: %v\nbody: %s", method, path, res.Status, err, res.Body)
	}
}

// mustDo sends a request and fails unless the status is want.
func (a *api) mustDo(want int, method, path string, body any, header ...string) response {
	a.t.Helper()
	res := a.do(method, path, body, header...)
	if res.Status != want {
		a.t.Fatalf("%s %s → %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	return res
}

// create posts body and returns the id of the created record.
func (a *api) create(path string, body any) string {
	a.t.Helper()
	var out struct{ ID string }
	a.mustDo(http.StatusCreated, http.MethodPost, path, body).decode(a.t, &out)
	return out.ID
}

// etag reads the current ETag of the record at path, which every PATCH and
// DELETE must send as If-Match.
func (a *api) etag(path string) string {
	a.t.Helper()
	return a.mustDo(http.StatusOK, http.MethodGet, path, nil).Header.Get("ETag")
}

func namesField(errs []koncern.FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}
