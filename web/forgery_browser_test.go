package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
	"github.com/koncernregistret/koncern/registry"
)

// postFromPageJS posts a form to the site from the page the browser is on,
// as a script on it could, and answers the status: with the page's own
// form key when withKey, without one otherwise.
const postFromPageJS = `(async () => {
  const key = %t ? document.querySelector('input[name=_csrf]').value : '';
  const res = await fetch('/organizations/new', {method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({_csrf: key, kind: 'company', name: 'Smygbolaget AB', valid_from: '2026-01-01'})});
  return res.status;
})()`

// TestBrowserForgery is what a browser does with forms that are not the
// site's own: a form on another site is refused
// (its cookies are not even sent), a registrar's POST without the form key
// is refused, and the reader's own POST with a good key is refused for its
// role. The
// registry is unchanged by all three.
func TestBrowserForgery(t *testing.T) {
	h := newHarness(t)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="sv"><title>Vinst!</title><form method="post" action="%s/organizations/new">
<input type="hidden" name="kind" value="company"><input type="hidden" name="name" value="Smygbolaget AB">
<input type="hidden" name="valid_from" value="2026-01-01"><button id="win">Hämta vinsten</button></form></html>`, h.URL)
	}))
	t.Cleanup(evil.Close)
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, h, koncern.AccessReader)

	t.Run("ErrOtherSite", func(t *testing.T) {
		browsertest.Step(t, ctx, "a form on another site",
			chromedp.Navigate(evil.URL), chromedp.Click(chromedp.CSS("#win")),
			chromedp.WaitVisible(chromedp.CSS("main .problem")))
		if got := text(t, ctx, "main .problem"); !strings.Contains(got, "Formuläret kunde inte kontrolleras") {
			t.Errorf("the forged form got %q", got)
		}
		takeRefusal(t, ctx, "403")
	})
	browsertest.Step(t, ctx, "back on the site", chromedp.Navigate(h.URL+"/"), chromedp.WaitVisible(chromedp.CSS("form[action='/logout']")))
	// A registrar may create organisations, so only the missing key can
	// refuse its POST; the reader has the key, so only its role can.
	registrar := browsertest.NewTab(t, ctx)
	signInBrowser(t, registrar, h, koncern.AccessRegistrar)
	for _, tc := range []struct {
		name    string
		tab     context.Context
		withKey bool
	}{{"ErrNoFormKey", registrar, false}, {"ErrReaderMayNot", ctx, true}} {
		t.Run(tc.name, func(t *testing.T) {
			status, err := chromedp.Run(tc.tab, chromedp.Evaluate[int](fmt.Sprintf(postFromPageJS, tc.withKey), chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusForbidden {
				t.Errorf("status %d, want 403", status)
			}
			takeRefusal(t, tc.tab, "403")
		})
	}
	page, err := h.Reg.ListOrganizations(adminContext(), registry.OrganizationFilter{Query: "Smygbolaget"})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("forged organisations in the registry: %v %v", page.Items, err)
	}
	browsertest.NoErrors(t, ctx)
	browsertest.NoErrors(t, registrar)
}
