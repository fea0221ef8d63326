package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestBrowserCalendar is an officer's visit to the compliance calendar in
// Chromium: from the navigation to the calendar of the demo's mandate
// periods, where an overdue duty comes first; axe-core checks the page.
func TestBrowserCalendar(t *testing.T) {
	h := newHarness(t)
	muni := h.municipality().ID.String()
	ctx := browsertest.New(t)
	signInBrowser(t, ctx, h, koncern.AccessReader)
	browsertest.Step(t, ctx, "open the calendar",
		chromedp.Click(chromedp.CSS("header nav a[href='/calendar']")),
		chromedp.WaitVisible(chromedp.CSS("#calendar-counts")))
	browsertest.Step(t, ctx, "choose the mandate periods after the review",
		chromedp.SetValue(chromedp.CSS("#from"), "2003-01-01"),
		chromedp.SetValue(chromedp.CSS("#to"), "2012-12-31"),
		chromedp.SetValue(chromedp.CSS("#municipality"), muni),
		chromedp.Click(chromedp.CSS("form.filters button")),
		chromedp.WaitVisible(chromedp.CSS("table.calendar tbody tr.duty")))
	browsertest.Step(t, ctx, "see an overdue duty first",
		chromedp.WaitVisible(chromedp.CSS("table.calendar tbody tr.duty:first-child[data-status='overdue']")))
	if got := text(t, ctx, "table.calendar tbody tr.duty:first-child td"); got != "Försenad" {
		t.Errorf("the first duty's status reads %q", got)
	}
	browsertest.Axe(t, ctx)
	// The window lists years of duties; the README shows the first screen.
	docsShot(t, ctx, "calendar", chromedp.CaptureScreenshot())
	browsertest.NoErrors(t, ctx)
}
