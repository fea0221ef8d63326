package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestBrowserFollowUp is an auditor's follow-up in Chromium: the year's
// recommendations, the one on delegation, and judging it resolved with a
// comment, which its page then shows; axe-core checks every page on the
// way, the form included.
func TestBrowserFollowUp(t *testing.T) {
	h := newHarness(t)
	delegation := h.demoRecommendations()[1]
	row := "#recommendation-" + delegation.ID.String()
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, h, koncern.AccessAuditor)
	browsertest.Step(t, ctx, "open the follow-up",
		chromedp.Click(chromedp.CSS("header nav a[href='/follow-up']")),
		chromedp.WaitVisible(chromedp.CSS(row)))
	if got := text(t, ctx, row+" td.status"); got != "Öppen" {
		t.Errorf("the delegation is %q, want open", got)
	}
	browsertest.Axe(t, ctx)
	docsScreenshot(t, ctx, "follow-up")

	browsertest.Step(t, ctx, "open the recommendation",
		chromedp.Click(chromedp.CSS(row+" td a")),
		chromedp.WaitVisible(chromedp.CSS("table.history")))
	browsertest.Axe(t, ctx)
	browsertest.Step(t, ctx, "open the judgment",
		chromedp.Click(chromedp.CSS("p.record-actions a[href$='/judge']")),
		chromedp.WaitVisible(chromedp.CSS("#judgment_comment")))
	browsertest.Axe(t, ctx)

	const comment = "Delegationsordningen är omarbetad och antagen av kommunstyrelsen."
	browsertest.Step(t, ctx, "judge it resolved",
		chromedp.SetValue(chromedp.CSS("#judged_resolved_on"), "2004-09-01"),
		chromedp.SendKeys(chromedp.CSS("#judgment_comment"), comment),
		chromedp.Click(chromedp.CSS("form.recommendation-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#status dd.judgment")))
	if got := text(t, ctx, "#status dd.judgment"); got != comment {
		t.Errorf("the page shows the comment %q", got)
	}
	if got := text(t, ctx, "#status dd.status"); !strings.Contains(got, "Åtgärdad") || !strings.Contains(got, "enligt revisorernas bedömning") {
		t.Errorf("the status reads %q", got)
	}
	if got := text(t, ctx, "table.history tr.event-judged td.when"); got != "2004-09-01" {
		t.Errorf("the judgment's event is on %q", got)
	}
	browsertest.Axe(t, ctx)
	browsertest.NoErrors(t, ctx)
}
