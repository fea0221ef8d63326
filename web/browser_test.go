package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern/internal/browsertest"
)

// signInBrowser signs the browser of ctx in as a person does: it opens the
// sign-in page, types the token of role and sends the form.
func signInBrowser(t *testing.T, ctx context.Context, h *harness, role string) {
	t.Helper()
	browsertest.Step(t, ctx, "sign in as "+role,
		chromedp.Navigate(h.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#token"), h.Tokens[role]),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/logout']")))
}

// text is the text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// TestBrowserSignInAndLanguage walks the frame of every page in Chromium:
// signing in with a token, choosing a day, switching to English, signing
// out; axe-core checks each page it passes.
func TestBrowserSignInAndLanguage(t *testing.T) {
	h := newHarness(t)
	ctx := browsertest.New(t)
	browsertest.Step(t, ctx, "login page", chromedp.Navigate(h.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#token")))
	browsertest.Axe(t, ctx)
	signInBrowser(t, ctx, h, "reader")
	browsertest.Axe(t, ctx)
	if got := text(t, ctx, ".account span"); !strings.Contains(got, "test-reader (Läsare)") {
		t.Errorf("signed in as %q", got)
	}
	browsertest.Step(t, ctx, "pick a day",
		chromedp.SetValue(chromedp.CSS("#at"), "2003-10-01"),
		chromedp.Click(chromedp.CSS("form.day button")),
		chromedp.WaitVisible(chromedp.CSS("#findings-heading")))
	waitFor(t, func() bool { return strings.Contains(tryText(ctx, "#findings-heading"), "2003-10-01") })
	docsScreenshot(t, ctx, "start")
	browsertest.Step(t, ctx, "English", chromedp.Click(chromedp.CSS(".account a[lang=en]")), chromedp.WaitVisible(chromedp.CSS("html[lang=en]")))
	if got := text(t, ctx, "#findings-heading"); got != "Findings on 2003-10-01" {
		t.Errorf("heading in English: %q", got)
	}
	browsertest.Axe(t, ctx)
	browsertest.Step(t, ctx, "sign out", chromedp.Click(chromedp.CSS("form[action='/logout'] button")),
		chromedp.WaitVisible(chromedp.CSS("#token")))
	browsertest.NoErrors(t, ctx)
}

// tryText is the text of the first element sel matches, or "" while htmx
// is swapping the page and the element is not to be read.
func tryText(ctx context.Context, sel string) string {
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// waitFor polls cond for up to five seconds: htmx swaps a page in after the
// click that asked for it returns.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("the page did not get there in five seconds")
}

// docsScreenshot saves the page of ctx as docs/screenshots/NAME.png when
// `make screenshots` asks for the README's pictures; see docsShot.
func docsScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	docsShot(t, ctx, name, chromedp.FullScreenshot(100))
}

// docsShot saves the picture shot takes as NAME.png in the folder
// KONCERN_DOCS_SCREENSHOTS names (make screenshots); other runs leave the
// committed pictures alone.
func docsShot(t *testing.T, ctx context.Context, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	dir := os.Getenv("KONCERN_DOCS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, shot)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}
