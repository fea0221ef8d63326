package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestBrowserFindings is an auditor's visit in Chromium: signing in with
// a token, picking the day of the review, opening the findings, commenting
// on the triple steering and seeing the comment; axe-core checks the
// findings, the reports and the audit trail's page.
func TestBrowserFindings(t *testing.T) {
	h := newHarness(t)
	f := h.tripleSteering()
	anchor := "#finding-triple_steering-" + f.Subject.ID.String()
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, h, koncern.AccessAuditor)
	// The nav's links carry the day once one is chosen.
	browsertest.Step(t, ctx, "pick the day",
		chromedp.SetValue(chromedp.CSS("#at"), review),
		chromedp.Click(chromedp.CSS("form.day button")),
		chromedp.WaitVisible(chromedp.CSS("header nav a[href='/findings?at="+review+"']")))
	browsertest.Step(t, ctx, "open the findings",
		chromedp.Click(chromedp.CSS("header nav a[href='/findings?at="+review+"']")),
		chromedp.WaitVisible(chromedp.CSS(anchor)))
	if got := text(t, ctx, anchor+" dd.periods"); got != "2003-03-01 – 2004-06-30" {
		t.Errorf("the triple steering holds %q, want its whole period", got)
	}
	browsertest.Axe(t, ctx)

	const comment = "Styrningen bekräftad i intervju med förvaltningschefen."
	browsertest.Step(t, ctx, "comment",
		chromedp.SendKeys(chromedp.CSS(anchor+" textarea"), comment),
		chromedp.Click(chromedp.CSS(anchor+" form.comment button")),
		chromedp.WaitVisible(chromedp.CSS(anchor+" ul.comments li")))
	if got := text(t, ctx, anchor+" ul.comments li"); !strings.Contains(got, comment) || !strings.Contains(got, "test-auditor") {
		t.Errorf("the comment reads %q", got)
	}
	browsertest.Step(t, ctx, "filter the severe",
		chromedp.SetValue(chromedp.CSS("#severity"), "high"),
		chromedp.Click(chromedp.CSS("form.filters button")),
		chromedp.WaitReady(chromedp.CSS("#severity option[value=high][selected]")),
		chromedp.WaitVisible(chromedp.CSS(anchor+" ul.comments li")))
	browsertest.Axe(t, ctx)
	docsScreenshot(t, ctx, "findings")
	printsClean(t, ctx)

	// From the finding to the head it is about: the steering map and the
	// timeline with the finding's period shaded.
	browsertest.Step(t, ctx, "open the triple-steered head",
		chromedp.Click(chromedp.CSS(anchor+` a[href^="/posts/`+f.Subject.ID.String()+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("figure.steering-map svg")),
		chromedp.WaitVisible(chromedp.CSS("svg.timeline")))
	seeTripleShade(t, ctx)
	browsertest.Axe(t, ctx)

	for _, path := range []string{
		"/reports?at=" + review,
		"/interlocks?at=" + review,
		"/expiring?at=" + review + "&within=365",
		"/changes?from=2003-03-01&to=2003-06-30",
		"/audit?record=" + f.Evidence[0].ID.String(),
	} {
		browsertest.Step(t, ctx, "open "+path, chromedp.Navigate(h.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		browsertest.Axe(t, ctx)
	}
	browsertest.NoErrors(t, ctx)
}

// printOnly shows the tab's page as it prints (media "print"), or as on
// screen again with "".
func printOnly(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// printedClean is true when, in print, the page hides its navigation,
// account, forms and downloads and still shows its findings.
const printedClean = `(() => {
  const hidden = [...document.querySelectorAll('header.site nav, header.site .account, form, .downloads, footer.site, td.history')];
  const shown = [...document.querySelectorAll('main h1, article.finding, article.finding table, ul.comments')];
  return hidden.length > 0 && shown.length > 0 &&
    hidden.every(e => getComputedStyle(e).display === 'none') && shown.every(e => getComputedStyle(e).display !== 'none');
})()`

// printsClean checks the findings list as it prints on A4 for an audit
// report: the findings and comments without the site's controls.
func printsClean(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Step(t, ctx, "print", printOnly("print"))
	clean, err := chromedp.Run(ctx, chromedp.Evaluate[bool](printedClean))
	if err != nil || !clean {
		t.Errorf("the findings do not print clean: %v, %v", clean, err)
	}
	if dir := os.Getenv("KONCERN_PRINT_PREVIEW"); dir != "" {
		_ = browsertest.Screenshot(ctx, filepath.Join(dir, "findings-print.png"))
	}
	browsertest.Step(t, ctx, "screen", printOnly(""))
}
