package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/viewer"
)

// TestSecurityHeaders checks that answers of every sort, errors included,
// carry the headers that keep browsers from misreading them.
func TestSecurityHeaders(t *testing.T) {
	a := newAPI(t)
	want := map[string]string{
		"X-Content-Type-Options":       "nosniff",
		"X-Frame-Options":              "DENY",
		"Referrer-Policy":              "no-referrer",
		"Cross-Origin-Resource-Policy": "same-origin",
	}
	for _, path := range []string{"/healthz", "/docs", "/api/v1/organizations", "/api/v1/organizations?kinds=x", "/nowhere"} {
		res := a.do(http.MethodGet, path, nil)
		for name, value := range want {
			if got := res.Header.Get(name); got != value {
				t.Errorf("GET %s → %d: %s = %q, want %q", path, res.Status, name, got, value)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		// The docs page has inline style and no scripts; the policy must
		// allow the one and forbid the other.
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'unsafe-inline'") || strings.Contains(csp, "script-src") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
	}
}

// from sends a GET of the organisations from the client address addr with
// the bearer token (none when empty).
func (a *api) from(addr, token string) response {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/organizations", nil)
	req.RemoteAddr = addr
	if token != "" {
		req.Header.Set(echo.HeaderAuthorization, "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	a.validate(http.MethodGet, "/api/v1/organizations", req.Header, res)
	return res
}

// TestRateLimitPerAddress checks that a client over its burst is refused
// with 429 and Retry-After, while another address is still served. The
// callers are anonymous (the registry is published), so that the address
// alone is limited.
func TestRateLimitPerAddress(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.RateLimit, c.RateBurst, c.PublicRead = 0.001, 3, true })
	for i := 0; i < 3; i++ {
		if res := a.from("192.0.2.1:1000", ""); res.Status != http.StatusOK {
			t.Fatalf("request %d within the burst → %d: %s", i+1, res.Status, res.Body)
		}
	}
	res := a.from("192.0.2.1:1001", "")
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("request over the burst → %d (Retry-After %q), want 429", res.Status, res.Header.Get("Retry-After"))
	}
	if p := res.problem(t); p.Code != koncern.ERATELIMIT {
		t.Errorf("code %q, want %q", p.Code, koncern.ERATELIMIT)
	}
	if res := a.from("198.51.100.7:1000", ""); res.Status != http.StatusOK {
		t.Errorf("another address → %d, want 200", res.Status)
	}
	// X-Forwarded-For is not trusted: a client cannot claim a fresh address.
	if res := a.do(http.MethodGet, "/api/v1/organizations", nil, "X-Forwarded-For", "203.0.113.9", "Authorization", ""); res.Status != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For → %d, want 429", res.Status)
	}
}

// TestRateLimitPerToken checks that one token spread over many addresses
// still gets one share, and that another token is served meanwhile.
func TestRateLimitPerToken(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.RateLimit, c.RateBurst = 0.001, 3 })
	for i := 0; i < 3; i++ {
		if res := a.from(fmt.Sprintf("192.0.2.%d:1000", 10+i), a.token); res.Status != http.StatusOK {
			t.Fatalf("request %d within the burst → %d: %s", i+1, res.Status, res.Body)
		}
	}
	if res := a.from("192.0.2.20:1000", a.token); res.Status != http.StatusTooManyRequests {
		t.Fatalf("the token's fourth request from a fresh address → %d, want 429", res.Status)
	}
	if res := a.from("192.0.2.21:1000", a.tokenFor(koncern.AccessReader)); res.Status != http.StatusOK {
		t.Errorf("another token → %d, want 200", res.Status)
	}
}

// TestRequestTimeout checks that a request whose database calls outlive
// the time limit answers 503, not 500, and writes nothing.
func TestRequestTimeout(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.RequestTimeout = time.Nanosecond })
	res := a.mustDo(http.StatusServiceUnavailable, http.MethodGet, "/api/v1/organizations", nil)
	if p := res.problem(t); p.Code != koncern.EUNAVAILABLE || res.Header.Get("Retry-After") == "" {
		t.Errorf("problem %+v, Retry-After %q", p, res.Header.Get("Retry-After"))
	}
	a.mustDo(http.StatusServiceUnavailable, http.MethodPost, "/api/v1/organizations",
		map[string]any{"kind": "municipality", "name": "Jönköpings kommun", "valid_from": "1971-01-01"})
	n, err := a.reg.DB().Client.Organization.Query().Count(viewer.System(t.Context()))
	if err != nil || n != 0 {
		t.Errorf("organisations after a timed-out create: %d, %v", n, err)
	}
}

// TestEveryOperationDeclaresLimits keeps openapi.yaml honest about the
// answers any /api/v1 operation can give: 429 from the rate limiter and 503
// from the time limit.
func TestEveryOperationDeclaresLimits(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(koncern.OpenAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		for method, op := range item.Operations() {
			for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
				if op.Responses.Status(status) == nil {
					t.Errorf("%s %s does not declare %d", method, path, status)
				}
			}
		}
	}
}

// TestUnknownParametersCapped checks that a query full of unknown
// parameters gets a short refusal: the first few distinct names and how
// many more, not a list as long as the query; and that a query net/url
// cannot read whole is refused, not read as if it were empty.
func TestUnknownParametersCapped(t *testing.T) {
	a := newAPI(t)
	refused := func(t *testing.T, query string) handlers.Problem {
		t.Helper()
		res := a.do(http.MethodGet, "/api/v1/organizations?"+query, nil)
		if res.Status != http.StatusBadRequest {
			t.Fatalf("%d-byte query → %d, want 400: %.300s", len(query), res.Status, res.Body)
		}
		if len(res.Body) > 2<<10 {
			t.Errorf("the refusal is %d bytes: %.300s…", len(res.Body), res.Body)
		}
		return res.problem(t)
	}
	t.Run("ErrRepeatedParameter", func(t *testing.T) {
		p := refused(t, strings.Repeat("foo=x&", 9000)+"kind=company")
		if len(p.Errors) != 1 || p.Errors[0].Field != "foo" || strings.Count(p.Detail, "foo") != 1 {
			t.Errorf("problem %+v, want foo named once", p)
		}
	})
	t.Run("ErrManyParameters", func(t *testing.T) {
		var q strings.Builder
		for i := range 4000 {
			fmt.Fprintf(&q, "p%04d=x&p%04d=y&", i, i)
		}
		p := refused(t, q.String()+"kinds=company")
		want := []string{"kinds", "p0000", "p0001", "p0002", "p0003"}
		if len(p.Errors) != len(want) {
			t.Fatalf("problem names %d parameters, want %d: %+v", len(p.Errors), len(want), p.Errors)
		}
		for i, f := range p.Errors {
			if f.Field != want[i] {
				t.Errorf("errors[%d] names %q, want %q", i, f.Field, want[i])
			}
		}
		if !strings.HasSuffix(p.Detail, "; and 3996 more parameters this operation does not declare") {
			t.Errorf("detail %q does not say how many more", p.Detail)
		}
	})
	t.Run("ErrLongName", func(t *testing.T) {
		p := refused(t, strings.Repeat("n", 20000)+"=x")
		if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0].Field, "nnnn") || !strings.HasSuffix(p.Errors[0].Field, "…") {
			t.Errorf("problem %+v, want the name shortened", p)
		}
	})
	// net/url drops every parameter of a query with more than 10 000 of
	// them, and a parameter it cannot unescape: the filter kind=company
	// would be ignored and the whole list returned.
	t.Run("ErrTooManyParameters", func(t *testing.T) {
		p := refused(t, strings.Repeat("foo=x&", 10000)+"kind=company")
		if p.Code != koncern.EBADREQUEST || !strings.Contains(p.Detail, "number of URL query parameters exceeded limit") {
			t.Errorf("problem %+v", p)
		}
	})
	t.Run("ErrBadEscape", func(t *testing.T) {
		p := refused(t, "kind=company&q=%zz")
		if !strings.Contains(p.Detail, `invalid URL escape "%zz"`) {
			t.Errorf("problem %+v", p)
		}
	})
}

// TestProbesNotRateLimited checks that a load balancer polling /healthz
// and /readyz is never refused with 429: not from an address whose bucket
// is empty, nor with a token whose bucket is.
func TestProbesNotRateLimited(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.RateLimit, c.RateBurst, c.PublicRead = 0.001, 3, true })
	// exhaust spends a bucket: from one address without a token, or with
	// the token from a fresh address each time.
	exhaust := func(t *testing.T, token string) {
		for i := range 4 {
			addr := "192.0.2.1:1000"
			if token != "" {
				addr = fmt.Sprintf("192.0.2.%d:1000", 10+i)
			}
			if res := a.from(addr, token); (res.Status == http.StatusTooManyRequests) != (i == 3) {
				t.Fatalf("request %d → %d, want 429 only on the fourth", i+1, res.Status)
			}
		}
	}
	probe := func(t *testing.T, path, addr, token string) {
		for i := range 10 {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.RemoteAddr = addr
			if token != "" {
				req.Header.Set(echo.HeaderAuthorization, "Bearer "+token)
			}
			rec := httptest.NewRecorder()
			a.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s %d from an exhausted bucket → %d: %s", path, i+1, rec.Code, rec.Body)
			}
		}
	}
	t.Run("ByAddress", func(t *testing.T) {
		exhaust(t, "")
		probe(t, "/healthz", "192.0.2.1:1000", "")
		probe(t, "/readyz", "192.0.2.1:1000", "")
	})
	t.Run("ByToken", func(t *testing.T) {
		exhaust(t, a.token)
		probe(t, "/healthz", "192.0.2.20:1000", a.token)
		probe(t, "/readyz", "192.0.2.21:1000", a.token)
	})
}
