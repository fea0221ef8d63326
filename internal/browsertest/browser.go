// Package browsertest drives Debian's Chromium from tests with chromedp: it
// starts a headless browser per test, forwards the page's console errors
// and Content-Security-Policy violations to the test log, runs axe-core
// inside the page, and keeps a full-page screenshot of each failing step.
//
// The axe-core source (axe.min.js, MPL-2.0) is embedded here and only here:
// it is a test tool, never served by the product.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// ChromiumEnv names the environment variable that overrides the search for
// the browser binary with a path.
const ChromiumEnv = "KONCERN_CHROMIUM"

// candidates are the binaries tried in order when ChromiumEnv is unset:
// Debian's package first, then the names other distributions use.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// flags are the browser's switches beyond chromedp's defaults (which
// already make it headless and quiet). No sandbox because CI runs as root
// in a container; no QUIC, component updates or background networking so
// that the browser talks to nothing but the test server. The browser is a
// Swedish one, as the registry's users' are: it asks for Swedish pages and
// shows dates in the Swedish way.
var flags = []chromedp.ExecAllocatorOption{
	chromedp.Headless,
	chromedp.NoSandbox,
	chromedp.DisableGPU,
	chromedp.NoFirstRun,
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.WindowSize(1280, 900),
	chromedp.Flag("lang", "sv-SE"),
	chromedp.Flag("accept-lang", "sv-SE,sv"),
}

// New starts a fresh headless Chromium for the test and returns the
// chromedp context of its first tab. The browser has its own profile in a
// temporary directory and is stopped when the test ends; at that point any
// browser error that the test did not take with Errors fails it.
//
// Without a browser the test is skipped, unless the environment variable
// CI is set: there the browser tests must run, so the test fails instead.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], flags...)
	opts = append(opts, chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()))
	// The browser must outlive the test function until the cleanup below
	// has read its last errors (see open), so it hangs off Background, not
	// t.Context.
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	stop := func() { cancelTab(); cancelAlloc() }
	// The first Run starts the browser; it must not carry a timeout, as
	// that would end the whole browser when it expires.
	return open(t, ctx, stop, "starting "+bin)
}

// NewTab opens another tab in the browser of ctx, in a browser context of
// its own: it shares no cookies with the other tabs, so a second user can
// be signed in beside the first. It closes when the test ends.
func NewTab(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	return open(t, tab, cancel, "opening a tab")
}

// open makes the tab of ctx, watches its console, and at the end of the
// test fails it for errors no one took, then calls stop.
func open(t testing.TB, ctx context.Context, stop func(), what string) context.Context {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil {
		stop()
		t.Fatalf("browsertest: %s: %v", what, err)
	}
	ctx, c := watch(t, ctx)
	t.Cleanup(func() {
		for _, e := range Errors(ctx) {
			t.Errorf("browser error no one took with browsertest.Errors: %s", e)
		}
		// The test may not log once it is over, and the tab's events
		// may still arrive while it stops.
		c.close()
		stop()
	})
	return ctx
}

// chromium finds the browser binary, or skips (fails in CI) the test.
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(ChromiumEnv); p != "" {
		bin, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("browsertest: %s=%q: %v", ChromiumEnv, p, err)
		}
		return bin
	}
	for _, c := range candidates {
		if bin, err := exec.LookPath(c); err == nil {
			return bin
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("browsertest: no Chromium found (tried %v; set %s): browser tests must run in CI", candidates, ChromiumEnv)
	} else {
		t.Skipf("browsertest: no Chromium found (tried %v; set %s)", candidates, ChromiumEnv)
	}
	return ""
}
