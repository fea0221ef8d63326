package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestBrowserRuleBook is a reader's visit to the rule book in Chromium:
// from the findings to the rule book and to one rule's sources, then the
// registrar's document form with its select of several organisations;
// axe-core checks each page.
func TestBrowserRuleBook(t *testing.T) {
	h := newHarness(t)
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, h, koncern.AccessRegistrar)
	browsertest.Step(t, ctx, "open the findings of the review's day",
		chromedp.Navigate(h.URL+"/findings?at="+review),
		chromedp.WaitVisible(chromedp.CSS("p.rule-book-link a")))
	browsertest.Step(t, ctx, "open the rule book",
		chromedp.Click(chromedp.CSS("p.rule-book-link a")),
		chromedp.WaitVisible(chromedp.CSS("#rule-no_lay_auditor table.sources")))
	if got := text(t, ctx, "#rule-no_lay_auditor table.sources tbody tr td.when"); got != "1999-01-01 – 2017-12-31" {
		t.Errorf("the lay auditor's first source applied %q", got)
	}
	browsertest.Axe(t, ctx)
	docsScreenshot(t, ctx, "rulebook")
	browsertest.Step(t, ctx, "open the document form",
		chromedp.Navigate(h.URL+"/documents/new"),
		chromedp.WaitVisible(chromedp.CSS("select#subject_ids[multiple]")))
	browsertest.Axe(t, ctx)
}
