package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/internal/oidctest"
	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/render"
	"github.com/koncernregistret/koncern/viewer"
	"github.com/koncernregistret/koncern/web"
)

// now is the registry's clock in the tests: after the demo's history.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// harness is the whole server (API and pages) on the demo, over real
// HTTP, with a token for each role.
type harness struct {
	t      testing.TB
	URL    string
	Reg    *registry.Registry
	Tokens map[string]string // by access role
	Logs   *bytes.Buffer
	// transport reaches the server: the test server's own, which trusts
	// its certificate over TLS.
	transport http.RoundTripper
	// OIDC is the mock identity provider, with harnessOptions.oidc.
	OIDC *mockoidc.MockOIDC
}

// harnessOptions change the server a test runs against.
type harnessOptions struct {
	publicRead bool
	// oidc starts a mock identity provider (h.OIDC) and offers sign-in
	// with it.
	oidc bool
	// tls serves over HTTPS (h.URL is https://...).
	tls bool
	web func(*web.Config)
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessWith(t, harnessOptions{})
}

func newHarnessWith(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	reg := registrytest.MustRegistry(t, now)
	ctx := viewer.System(context.Background())
	if _, err := demo.Load(ctx, reg); err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs)
		}
	})
	svg := &render.SVG{}
	t.Cleanup(func() { svg.Close() })
	// The server's address is known before its handler, so that the
	// identity provider can be told where to send the browser back.
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	scheme := "http://"
	if o.tls {
		scheme = "https://"
	}
	h := &harness{t: t, URL: scheme + srv.Listener.Addr().String(), Reg: reg, Tokens: map[string]string{}, Logs: logs}
	wcfg := web.Config{Registry: reg, SVG: svg, Logger: log, PublicRead: o.publicRead}
	if o.oidc {
		h.OIDC = oidctest.Start(t)
		mc := h.OIDC.Config()
		p, err := oidclogin.New(ctx, oidclogin.Config{Issuer: mc.Issuer, ClientID: mc.ClientID, ClientSecret: mc.ClientSecret,
			RedirectURL: h.URL + "/login/oidc/callback", DisplayName: "Kommunens inloggning"})
		if err != nil {
			t.Fatal(err)
		}
		wcfg.OIDC = p
	}
	if o.web != nil {
		o.web(&wcfg)
	}
	site, err := web.New(wcfg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := handlers.New(handlers.Config{Registry: reg, Logger: log, Spec: koncern.OpenAPISpec, SVG: svg,
		PublicRead: o.publicRead, ErrorPage: site.ErrorPage, Session: site.Session})
	if err != nil {
		t.Fatal(err)
	}
	site.Register(e)
	srv.Config.Handler = e
	if o.tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	h.transport = srv.Client().Transport
	for _, role := range koncern.AccessRoles {
		tok, err := reg.CreateToken(ctx, koncern.TokenInput{Name: "test-" + role, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		h.Tokens[role] = tok.Secret
	}
	return h
}

// client is a browser without JavaScript: it keeps cookies and does not
// follow redirects, so that a test sees each answer.
type client struct {
	h    *harness
	http *http.Client
	// setCookies are the cookies the server set, by name, with their
	// attributes.
	setCookies map[string]*http.Cookie
}

// in is the harness reporting to t, for a subtest: a harness method that
// fails must stop the subtest, not its parent.
func (h *harness) in(t testing.TB) *harness {
	c := *h
	c.t = t
	return &c
}

func (h *harness) client() *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return &client{h: h, setCookies: map[string]*http.Cookie{}, http: &http.Client{Jar: jar, Transport: h.transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// in is the client reporting to t.
func (c *client) in(t testing.TB) *client {
	cc := *c
	cc.h = c.h.in(t)
	return &cc
}

// signedIn is a client signed in with the token of role.
func (h *harness) signedIn(role string) *client {
	h.t.Helper()
	c := h.client()
	res, _ := c.post("/login", url.Values{"token": {h.Tokens[role]}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("sign in as %s: status %d", role, res.StatusCode)
	}
	return c
}

// get fetches path and returns the answer with its body read.
func (c *client) get(path string) (*http.Response, string) {
	c.h.t.Helper()
	return c.do(http.MethodGet, path, nil, "")
}

// post sends a form as a browser does: with the form key of the cookie
// and the site's own Origin.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.h.t.Helper()
	if form.Get("_csrf") == "" {
		form.Set("_csrf", c.formKey())
	}
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (c *client) do(method, path string, body io.Reader, contentType string) (*http.Response, string) {
	c.h.t.Helper()
	req, err := http.NewRequest(method, c.h.URL+path, body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Origin", c.h.URL)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer res.Body.Close()
	for _, ck := range res.Cookies() {
		c.setCookies[ck.Name] = ck
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	return res, string(b)
}

// formKey is the form key the site gave this browser, fetched with a page
// if it has none yet.
func (c *client) formKey() string {
	c.h.t.Helper()
	for range 2 {
		for _, name := range []string{"koncern_csrf", "__Host-koncern_csrf"} {
			if k := c.cookie(name); k != "" {
				return k
			}
		}
		c.get("/login")
	}
	return ""
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.h.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

var missingText = regexp.MustCompile(`\[\[[a-z_.]+\]\]`)

// page checks that an answer is a whole page (200) with every text found,
// and returns its body.
func (h *harness) page(res *http.Response, body string) string {
	h.t.Helper()
	return h.pageStatus(res, body, http.StatusOK)
}

// expect is page for an answer of another status: h.expect(422)(c.get(...)).
func (h *harness) expect(status int) func(*http.Response, string) string {
	return func(res *http.Response, body string) string {
		h.t.Helper()
		return h.pageStatus(res, body, status)
	}
}

func (h *harness) pageStatus(res *http.Response, body string, status int) string {
	h.t.Helper()
	if res.StatusCode != status {
		h.t.Fatalf("%s %s: status %d, want %d; body:\n%s\nserver log:\n%s", res.Request.Method, res.Request.URL, res.StatusCode, status, body, h.Logs)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		h.t.Fatalf("%s: content type %q", res.Request.URL, ct)
	}
	if m := missingText.FindString(body); m != "" {
		h.t.Errorf("%s: text %s is missing from the catalogue", res.Request.URL, m)
	}
	return body
}

func findCookieOrNil(c *client, name string) *http.Cookie {
	u, _ := url.Parse(c.h.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// findCookie is the cookie name with its attributes as the server set
// them (a jar keeps only names and values), from the answer to a fresh
// sign-in.
func findCookie(t testing.TB, c *client, name string) *http.Cookie {
	t.Helper()
	if findCookieOrNil(c, name) == nil {
		t.Fatalf("no cookie %s", name)
	}
	return c.setCookies[name]
}

func adminContext() context.Context { return viewer.System(context.Background()) }

func mustUUID(t testing.TB, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
