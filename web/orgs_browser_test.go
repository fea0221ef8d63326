package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestBrowserRecordPagesAndStaleForm walks the record pages in Chromium
// as the registrar: an organisation, a person, the search and the edit
// form, axe on each; then the same edit form in two tabs, saved in one
// and then in the other, where the conflict message and the new version
// must show.
func TestBrowserRecordPagesAndStaleForm(t *testing.T) {
	h := newHarness(t)
	id := h.orgID(elmia)
	first := browsertest.New(t)
	signInBrowser(t, first, h, koncern.AccessRegistrar)
	for _, pg := range []struct{ name, path, ready string }{
		{"organisation", "/organizations/" + id + "?at=2003-10-01", "#owners-heading"},
		{"person", "/people/" + h.personID("Linda Falk") + "?at=2003-10-01", "#assignments-heading"},
		{"search", "/search?q=J%C3%B6nk%C3%B6ping", "#orgs-heading"},
		{"new post form", "/posts/new?organization_id=" + id, "#organization_id"},
		{"edit form", "/organizations/" + id + "/edit", "#name"},
	} {
		browsertest.Step(t, first, pg.name, chromedp.Navigate(h.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.ready)))
		browsertest.Axe(t, first)
	}
	second := browsertest.NewTab(t, first)
	signInBrowser(t, second, h, koncern.AccessRegistrar)
	browsertest.Step(t, second, "edit form in the second tab",
		chromedp.Navigate(h.URL+"/organizations/"+id+"/edit"), chromedp.WaitVisible(chromedp.CSS("#name")))
	stale := valueOf(t, second, "input[name=version]")

	browsertest.Step(t, first, "save in the first tab",
		chromedp.SetValue(chromedp.CSS("#name"), "Elmia AB (första fliken)"),
		chromedp.Click(chromedp.CSS("form.record button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#owners-heading")))
	waitFor(t, func() bool { return tryText(first, "h1") == "Elmia AB (första fliken)" })

	browsertest.Step(t, second, "save in the second tab",
		chromedp.SetValue(chromedp.CSS("#name"), "Elmia AB (andra fliken)"),
		chromedp.Click(chromedp.CSS("form.record button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".problem")))
	// The browser asks for the language of its own locale.
	lang, err := chromedp.Run(second, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		t.Fatal(err)
	}
	conflict := map[string]string{"sv": "Någon annan har ändrat detta", "en": "Someone else changed this"}[lang]
	if got := text(t, second, ".problem"); conflict == "" || !strings.Contains(got, conflict) {
		t.Errorf("the stale form (lang %q) says %q", lang, got)
	}
	if got := valueOf(t, second, "#name"); got != "Elmia AB (första fliken)" {
		t.Errorf("the stale form shows the name %q, want the first tab's", got)
	}
	if got := valueOf(t, second, "input[name=version]"); got == stale {
		t.Errorf("the stale form still carries version %s", got)
	}
	browsertest.Axe(t, second)
	expectStatus(t, second, "412")

	browsertest.Step(t, first, "a wrong organisationsnummer",
		chromedp.Navigate(h.URL+"/organizations/"+id+"/edit"), chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SetValue(chromedp.CSS("#org_number"), "556999-0000"),
		chromedp.Click(chromedp.CSS("form.record button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#org_number-error")))
	browsertest.Axe(t, first)
	expectStatus(t, first, "422")
	browsertest.NoErrors(t, first)
	browsertest.NoErrors(t, second)
}

// expectStatus takes the tab's errors, which must all be the form's own
// status: htmx sends a boosted form as a request of its own, whose 4xx
// answer Chromium reports as a failed load, though the page shows it as
// the server meant.
func expectStatus(t *testing.T, ctx context.Context, status string) {
	t.Helper()
	errs := browsertest.Errors(ctx)
	if len(errs) == 0 {
		t.Errorf("no answer with status %s was reported", status)
	}
	for _, e := range errs {
		if !strings.Contains(e, "status of "+status) {
			t.Errorf("browser error: %s", e)
		}
	}
}

func valueOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}
