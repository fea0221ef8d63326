package web_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
)

func TestSignIn(t *testing.T) {
	h := newHarness(t)
	t.Run("AnonymousSentToSignIn", func(t *testing.T) {
		h := h.in(t)
		res, _ := h.client().get("/?at=2003-10-01")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2F%3Fat%3D2003-10-01" {
			t.Fatalf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("Token", func(t *testing.T) {
		h := h.in(t)
		c := h.signedIn(koncern.AccessFinance)
		ck := findCookie(t, c, "koncern_session")
		body := h.page(c.get("/"))
		if !strings.Contains(body, "Inloggad som test-finance (Ekonomi)") {
			t.Errorf("the start page does not name the caller:\n%s", body)
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || !strings.HasPrefix(ck.Value, "ks_") {
			t.Errorf("session cookie %+v", ck)
		}
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		h := h.in(t)
		c := h.client()
		body := h.expect(http.StatusUnauthorized)(c.post("/login", url.Values{"token": {"kr_nottoken"}}))
		if !strings.Contains(body, `id="token-error"`) || !strings.Contains(body, "not known") {
			t.Errorf("the refusal is not beside the field:\n%s", body)
		}
		if findCookieOrNil(c, "koncern_session") != nil {
			t.Error("a refused sign-in set a session cookie")
		}
	})
	t.Run("Logout", func(t *testing.T) {
		h := h.in(t)
		c := h.signedIn(koncern.AccessReader)
		secret := findCookie(t, c, "koncern_session").Value
		res, _ := c.post("/logout", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: status %d", res.StatusCode)
		}
		if _, err := h.Reg.SessionViewer(t.Context(), secret); koncern.ErrorCode(err) != koncern.EUNAUTHORIZED {
			t.Errorf("the session still works after logout: %v", err)
		}
	})
	t.Run("RevokedTokenEndsSession", func(t *testing.T) {
		h := newHarness(t)
		c := h.signedIn(koncern.AccessAuditor)
		tokens, err := h.Reg.ListTokens(adminContext())
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			if tok.Name == "test-auditor" {
				if _, err := h.Reg.RevokeToken(adminContext(), mustUUID(t, tok.ID), tok.Version); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, _ := c.get("/")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("a revoked token's session still reads: status %d", res.StatusCode)
		}
	})
}

func TestFormKey(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	cases := []struct {
		name   string
		form   url.Values
		origin string
	}{
		{"ErrMissingKey", url.Values{"_csrf": {"x"}}, h.URL},
		{"ErrWrongKey", url.Values{"_csrf": {strings.Repeat("A", 43)}}, h.URL},
		{"ErrOtherOrigin", url.Values{"_csrf": {c.formKey()}}, "https://evil.example"},
		{"ErrNullOrigin", url.Values{"_csrf": {c.formKey()}}, "null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, h.URL+"/logout", strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", tc.origin)
			res, err := c.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("status %d, want 403", res.StatusCode)
			}
		})
	}
	t.Run("SessionSurvivesRefusals", func(t *testing.T) {
		if res, _ := c.in(t).get("/"); res.StatusCode != http.StatusOK {
			t.Errorf("status %d", res.StatusCode)
		}
	})
}

func TestPages(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	c := h.client()
	t.Run("StartPage", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		res, body := c.get("/?at=2003-10-01")
		body = h.page(res, body)
		for _, want := range []string{`<html lang="sv">`, "Jönköpings kommun", "Iakttagelser den 2003-10-01", `value="2003-10-01"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the start page lacks %q", want)
			}
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("policy %q", csp)
		}
	})
	t.Run("English", func(t *testing.T) {
		h := h.in(t)
		c := h.client()
		body := h.page(c.get("/?lang=en"))
		if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Municipalities") {
			t.Errorf("not English:\n%s", body)
		}
		body = h.page(c.get("/"))
		if !strings.Contains(body, `<html lang="en">`) {
			t.Error("the choice of English was not remembered")
		}
	})
	t.Run("AcceptLanguage", func(t *testing.T) {
		h := h.in(t)
		req, _ := http.NewRequest(http.MethodGet, h.URL+"/", nil)
		req.Header.Set("Accept-Language", "en-GB,en;q=0.9,sv;q=0.5")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Language") {
			t.Errorf("Vary %q", vary)
		}
	})
	t.Run("ErrBadDay", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		body := h.expect(http.StatusUnprocessableEntity)(c.get("/?at=2003-13-01"))
		if !strings.Contains(body, "at: must be a date") {
			t.Errorf("the refusal does not name the field:\n%s", body)
		}
	})
	t.Run("Head", func(t *testing.T) {
		res, body := c.in(t).do(http.MethodHead, "/?at=2003-10-01", nil, "")
		if res.StatusCode != http.StatusOK || body != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("HEAD: status %d, type %q, body %q", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	})
	t.Run("NotFoundIsAPage", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		h.expect(http.StatusNotFound)(c.get("/no-such-page"))
	})
	t.Run("APIErrorsStayProblems", func(t *testing.T) {
		res, _ := c.in(t).get("/api/v1/no-such-route")
		if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusNotFound || ct != "application/problem+json" {
			t.Errorf("status %d, type %q", res.StatusCode, ct)
		}
	})
	t.Run("StaticFiles", func(t *testing.T) {
		c := c.in(t)
		for _, f := range []string{"/static/app.css", "/static/htmx.min.js", "/static/favicon.svg"} {
			if res, _ := c.get(f); res.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d", f, res.StatusCode)
			}
		}
	})
}

// TestRecordedAt shows an auditor the registry as it was recorded at a
// moment, and refuses a malformed moment naming the field.
func TestRecordedAt(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessAuditor)
	body := h.page(c.get("/?recorded_at=2000-01-01T00:00:00Z"))
	if strings.Contains(body, "Jönköpings kommun</a>") {
		t.Error("the registry as recorded before the demo was loaded shows the demo's municipality")
	}
	if !strings.Contains(body, `id="recorded_at" name="recorded_at" value="2000-01-01T00:00:00Z"`) {
		t.Error("the auditor's moment is not kept in the form")
	}
	body = h.expect(http.StatusBadRequest)(c.get("/?recorded_at=yesterday"))
	if !strings.Contains(body, "recorded_at") {
		t.Errorf("the refusal does not name the field:\n%s", body)
	}
	body = h.page(h.signedIn(koncern.AccessReader).get("/"))
	if strings.Contains(body, `id="recorded_at"`) {
		t.Error("a reader is offered the audit trail's moment")
	}
}

// TestCookiesOverTLS: over HTTPS the site's cookies are Secure and take the
// __Host- prefix, and signing in and out works with them.
func TestCookiesOverTLS(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{tls: true})
	c := h.signedIn(koncern.AccessReader)
	for _, name := range []string{"__Host-koncern_session", "__Host-koncern_csrf"} {
		ck := c.setCookies[name]
		if ck == nil || !ck.Secure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly {
			t.Errorf("cookie %s: %+v", name, ck)
		}
	}
	if body := h.page(c.get("/")); !strings.Contains(body, "test-reader") {
		t.Error("not signed in over TLS")
	}
	if res, _ := c.post("/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: status %d", res.StatusCode)
	}
	if res, _ := c.get("/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("still signed in after logout: status %d", res.StatusCode)
	}
}

// TestImportRefusedBeforeItsBody: the import form's route gets the
// import's long deadline and one of the server's few places for long
// requests, so a caller who may not import must be refused before the
// server waits for its body. The body here never comes: a server that read
// it first would not answer within the five seconds the test waits.
func TestImportRefusedBeforeItsBody(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name string
		c    *client
		want string
	}{{"ErrAnonymous", h.client(), "401"}, {"ErrReader", h.signedIn(koncern.AccessReader), "403"}} {
		t.Run(tc.name, func(t *testing.T) {
			key := tc.c.formKey()
			u, _ := url.Parse(h.URL)
			cookies := "koncern_csrf=" + key
			if s := tc.c.cookie("koncern_session"); s != "" {
				cookies += "; koncern_session=" + s
			}
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /import HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nCookie: %s\r\n"+
				"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1048576\r\n\r\n", u.Host, h.URL, cookies)
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			status, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil {
				t.Fatalf("no answer before the body: %v", err)
			}
			if !strings.Contains(status, " "+tc.want+" ") {
				t.Errorf("answer %q, want %s", strings.TrimSpace(status), tc.want)
			}
		})
	}
}

// TestRecordedAtOnTheAnalysisPages: an auditor can see the findings and
// the reports as the registry was recorded at a moment (the lists behind
// their filters are taken from the snapshot, the comments left out).
func TestRecordedAtOnTheAnalysisPages(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessAuditor)
	// The registry stamps records with the wall clock, so a moment after
	// the demo was loaded shows the demo.
	moment := url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	for _, path := range []string{"/findings?at=2003-10-01", "/reports?at=2003-10-01", "/interlocks?at=2003-10-01",
		"/expiring?at=2003-10-01", "/changes?from=2003-03-01&to=2003-06-30"} {
		t.Run(path, func(t *testing.T) {
			body := h.in(t).page(c.in(t).get(path + "&recorded_at=" + moment))
			if !strings.Contains(body, "Jönköpings kommun") {
				t.Errorf("%s as recorded does not offer the municipality", path)
			}
		})
	}
}
