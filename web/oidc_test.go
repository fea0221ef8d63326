package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern/internal/browsertest"
	"github.com/koncernregistret/koncern/internal/oidctest"
)

// TestOIDC signs in with the identity provider over HTTP without a
// browser, following each redirect by hand.
func TestOIDC(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{oidc: true})
	t.Run("SignIn", func(t *testing.T) {
		h := h.in(t)
		h.OIDC.QueueUser(oidctest.Anna())
		c := h.client()
		body := h.page(c.get("/login?next=/%3Fat%3D2003-10-01"))
		if !strings.Contains(body, "Logga in med Kommunens inloggning") {
			t.Fatalf("the provider is not offered:\n%s", body)
		}
		res, _ := c.get("/login/oidc?next=/%3Fat%3D2003-10-01")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), h.OIDC.Issuer()) {
			t.Fatalf("status %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		// The provider signs the queued person in at once and sends the
		// browser back with a code.
		back, err := c.http.Get(res.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		back.Body.Close()
		callback := back.Header.Get("Location")
		if !strings.HasPrefix(callback, h.URL+"/login/oidc/callback?") {
			t.Fatalf("the provider sent the browser to %q", callback)
		}
		body = h.page(c.get(strings.TrimPrefix(callback, h.URL)))
		if !strings.Contains(body, `content="0;url=/?at=2003-10-01"`) {
			t.Errorf("the page does not move on to where the sign-in began:\n%s", body)
		}
		body = h.page(c.get("/"))
		if !strings.Contains(body, "Inloggad som oidc:anna.andersson@kommun.example (Registrator)") {
			t.Errorf("not signed in as Anna:\n%s", body)
		}
	})
	t.Run("ErrStateNotStartedHere", func(t *testing.T) {
		h := h.in(t)
		body := h.expect(http.StatusUnauthorized)(h.client().get("/login/oidc/callback?state=x&code=y"))
		if !strings.Contains(body, "Inloggningen påbörjades inte i den här webbläsaren") {
			t.Errorf("no Swedish reason:\n%s", body)
		}
	})
	t.Run("ErrNoRole", func(t *testing.T) {
		h := h.in(t)
		h.OIDC.QueueUser(oidctest.Anna().With(map[string]any{"role": nil}))
		c := h.client()
		res, _ := c.get("/login/oidc")
		back, err := c.http.Get(res.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		back.Body.Close()
		h.expect(http.StatusForbidden)(c.get(strings.TrimPrefix(back.Header.Get("Location"), h.URL)))
		if findCookieOrNil(c, "koncern_session") != nil {
			t.Error("a person without a role got a session")
		}
	})
}

// TestBrowserOIDC signs in with the identity provider in Chromium: the
// session cookie is SameSite=Strict, and the browser must still send it
// after coming back from the provider's site.
func TestBrowserOIDC(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{oidc: true})
	h.OIDC.QueueUser(oidctest.Anna())
	ctx := browsertest.New(t)
	browsertest.Step(t, ctx, "sign in with the provider",
		chromedp.Navigate(h.URL+"/login"),
		chromedp.Click(chromedp.CSS("a[href^='/login/oidc']")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/logout']")))
	if got := text(t, ctx, ".account span"); !strings.Contains(got, "oidc:anna.andersson@kommun.example (Registrator)") {
		t.Errorf("signed in as %q", got)
	}
	browsertest.Axe(t, ctx)
	browsertest.NoErrors(t, ctx)
}
