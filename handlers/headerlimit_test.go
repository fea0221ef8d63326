package handlers_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
)

// serveReal serves the API on a real listener with the http.Server and
// listener that koncern serve uses, for what net/http does before Echo
// sees a request; set, if given, changes the server before it starts.
func (a *api) serveReal(set ...func(*http.Server)) *httptest.Server {
	a.t.Helper()
	log := slog.New(slog.NewJSONHandler(a.logs, nil))
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = handlers.NewHTTPServer(a.e, log)
	for _, f := range set {
		f(ts.Config)
	}
	ts.Listener = handlers.ProblemListener(ts.Listener, log)
	ts.Start()
	a.t.Cleanup(ts.Close)
	return ts
}

// getWithPadding sends a GET of path with a header of n bytes.
func getWithPadding(t *testing.T, url string, n int) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Padding", strings.Repeat("a", n))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// TestHeadersTooLarge checks that headers over the 64 KiB limit are
// refused with a problem document like every other error, not net/http's
// plain text, and that headers within it are served.
func TestHeadersTooLarge(t *testing.T) {
	a := newAPI(t)
	ts := a.serveReal()
	t.Run("ErrHeadersTooLarge", func(t *testing.T) {
		res, body := getWithPadding(t, ts.URL+"/healthz", handlers.MaxHeaderBytes+8<<10)
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("oversized headers → %d, want 431: %s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Fatalf("content type %q, want a problem: %s", ct, body)
		}
		checkProblemSchema(t, body)
		var p handlers.Problem
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Status != http.StatusRequestHeaderFieldsTooLarge || p.Code != koncern.ETOOLARGE ||
			!strings.Contains(p.Detail, "65536 bytes") || p.RequestID == "" || p.RequestID != res.Header.Get("X-Request-Id") {
			t.Errorf("problem %+v, X-Request-Id %q", p, res.Header.Get("X-Request-Id"))
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("no security headers: %v", res.Header)
		}
		if !strings.Contains(a.logs.String(), `"request_id":"`+p.RequestID+`"`) {
			t.Errorf("the refusal is not in the log under its request id:\n%s", a.logs)
		}
	})
	t.Run("WithinLimit", func(t *testing.T) {
		if res, body := getWithPadding(t, ts.URL+"/healthz", handlers.MaxHeaderBytes-4<<10); res.StatusCode != http.StatusOK {
			t.Fatalf("headers within the limit → %d: %s", res.StatusCode, body)
		}
	})
}

// checkProblemSchema validates body against openapi.yaml's Problem, for
// answers that belong to no operation.
func checkProblemSchema(t *testing.T, body []byte) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(koncern.OpenAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v); err != nil {
		t.Fatalf("%s is not a Problem: %v", body, err)
	}
}
