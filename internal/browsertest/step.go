package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ScreenshotsEnv names the environment variable that says where Step keeps
// the screenshots of failing steps; CI points it at a directory it keeps.
const ScreenshotsEnv = "KONCERN_SCREENSHOTS"

// StepTimeout bounds one step, so that a selector that never matches fails
// the step with a screenshot instead of hanging until go test's deadline.
// It is generous because CI shares two cores between several test binaries.
var StepTimeout = 30 * time.Second

// screenshotTimeout bounds taking the screenshot of a failed step, which
// runs after the step's own time may be up.
const screenshotTimeout = 10 * time.Second

// Step runs the actions in the tab of ctx as one named step of a flow. When
// an action fails, or the test fails inside one of them, it saves a
// full-page PNG of the page as it is then and logs the file's path; on an
// action's error it then stops the test.
func Step(t testing.TB, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	failedBefore := t.Failed()
	stepCtx, cancel := context.WithTimeout(ctx, StepTimeout)
	err := chromedp.Do(stepCtx, append([]chromedp.Action[chromedp.Void]{Idle()}, actions...)...)
	cancel()
	if err == nil && (failedBefore || !t.Failed()) {
		return
	}
	path := screenshotPath(t, name)
	shotCtx, cancelShot := context.WithTimeout(ctx, screenshotTimeout)
	defer cancelShot()
	if serr := Screenshot(shotCtx, path); serr != nil {
		t.Logf("browsertest: step %q failed; no screenshot: %v", name, serr)
	} else {
		t.Logf("browsertest: step %q failed; screenshot: %s", name, path)
	}
	if err != nil {
		t.Fatalf("step %q: %v", name, err)
	}
}

// busy matches what htmx is still working on: a request under way, or
// content being swapped in or settling. A click on content that htmx has
// not yet taken over can be lost, so each step first waits for none.
const busy = `.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added`

// Idle waits, for up to idleWait, until htmx has finished with the page
// (nothing matches busy). A page without htmx, or one that cannot be asked
// yet (a blank tab), is idle at once.
func Idle() chromedp.Action[chromedp.Void] {
	check := chromedp.Evaluate[bool](`!window.htmx || document.querySelector(` + "`" + busy + "`" + `) === null`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for deadline := time.Now().Add(idleWait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if idle, err := check(ctx, t); err != nil || idle {
				return chromedp.Void{}, nil
			}
		}
		return chromedp.Void{}, fmt.Errorf("htmx was still busy after %s", idleWait)
	}
}

// idleWait bounds Idle: htmx settles in tens of milliseconds.
const idleWait = 5 * time.Second

// Screenshot saves a full-page PNG of the tab's current page at path,
// making its directory if need be. The README's screenshots are made
// with it.
func Screenshot(ctx context.Context, path string) error {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	return nil
}

// unsafeName matches what may not go into a file name unchanged.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshotPath names a step's screenshot after the test and the step,
// in $KONCERN_SCREENSHOTS or else in the system's temporary directory. The
// directory outlives the test (t.TempDir would not), so the file is still
// there to look at after a failed run.
func screenshotPath(t testing.TB, step string) string {
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "koncern-screenshots")
	}
	return filepath.Join(dir, unsafeName.ReplaceAllString(t.Name()+"--"+step, "_")+".png")
}
