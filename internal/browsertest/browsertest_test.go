package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// strictCSP is the policy the product's pages are served under.
const strictCSP = "default-src 'self'; script-src 'self'"

// htmxConfig turns off the indicator styles htmx would otherwise add as an
// inline <style>, which the strict policy blocks.
const htmxConfig = `<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>`

// page wraps a body in a document that passes axe by itself.
func page(title, head, body string) string {
	return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>` + title + `</title>` +
		head + `</head><body><main><h1>` + title + `</h1>` + body + `</main></body></html>`
}

var pages = map[string]string{
	"/clean": page("Ren sida", `<script src="/app.js"></script>`,
		`<form><label for="q">Sök</label> <input id="q" name="q"> <button>Sök</button></form>`),
	"/unlabelled":     page("Utan etikett", "", `<form><input id="q" name="q"></form>`),
	"/inline-script":  page("Inline", "", `<script>document.title = 'ran';</script>`),
	"/htmx":           page("htmx", htmxConfig+`<script src="/htmx.min.js"></script>`, `<p>htmx</p>`),
	"/htmx-default":   page("htmx utan inställning", `<script src="/htmx.min.js"></script>`, `<p>htmx</p>`),
	"/missing-script": page("Trasig länk", `<script src="/missing.js"></script>`, ""),
}

// server serves the test pages under the product's strict CSP, with a
// script from 'self' that marks the page so a test can see it ran, and the
// vendored htmx.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	htmx, err := os.ReadFile("../../web/static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for path, body := range pages {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	script := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(body)
		}
	}
	mux.Handle("GET /app.js", script([]byte(`document.documentElement.dataset.ran = 'yes';`)))
	mux.Handle("GET /htmx.min.js", script(htmx))
	// Chromium asks every site for its icon; a 404 would count as an error.
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /forbidden", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, page("Förbjudet", "", "<p>Nej.</p>"))
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// visit starts a browser, shows it the test page at path and checks that
// the page came with the strict policy, so that what follows runs under it.
func visit(t *testing.T, path string) context.Context {
	t.Helper()
	srv := server(t)
	ctx := New(t)
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+path))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Headers["Content-Security-Policy"]; got != strictCSP {
		t.Fatalf("page served with Content-Security-Policy %v, want %q", got, strictCSP)
	}
	return ctx
}

func TestAxe(t *testing.T) {
	t.Run("finds the unlabelled input", func(t *testing.T) {
		ctx := visit(t, "/unlabelled")
		vs, err := AxeViolations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(vs, func(v Violation) bool { return v.ID == "label" })
		if i < 0 {
			t.Fatalf("violations %v, want one with id label", vs)
		}
		if !slices.Contains(vs[i].Nodes, "#q") || vs[i].Impact == "" || vs[i].Help == "" {
			t.Errorf("label violation %+v, want node #q with impact and help", vs[i])
		}
		NoErrors(t, ctx)
	})
	t.Run("passes the clean page under the strict policy", func(t *testing.T) {
		ctx := visit(t, "/clean")
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.ran || ''`))
		if err != nil || ran != "yes" {
			t.Fatalf("script from 'self' ran = %q, %v; want yes", ran, err)
		}
		vs, err := AxeViolations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 0 {
			t.Errorf("violations %v, want none", vs)
		}
		// A second run reuses the injected axe.
		Axe(t, ctx)
		NoErrors(t, ctx)
	})
}

func TestErrors(t *testing.T) {
	t.Run("reports the inline script the policy blocks", func(t *testing.T) {
		ctx := visit(t, "/inline-script")
		errs := Errors(ctx)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "Content Security Policy") }) {
			t.Errorf("errors %q, want a Content Security Policy violation", errs)
		}
		if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || title != "Inline" {
			t.Errorf("title %q, %v: the inline script ran", title, err)
		}
		if again := Errors(ctx); len(again) != 0 {
			t.Errorf("second Errors %q, want none: the first took them", again)
		}
	})
	t.Run("reports an uncaught exception and console.error", func(t *testing.T) {
		ctx := visit(t, "/clean")
		Step(t, ctx, "throw", chromedp.Evaluate[chromedp.Void](`setTimeout(() => { throw new Error('boom') }, 0)`),
			chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 50))`, chromedp.EvalAwaitPromise),
			chromedp.Evaluate[chromedp.Void](`console.error('oops', 42)`))
		errs := Errors(ctx)
		if len(errs) != 2 || !strings.Contains(errs[0], "Uncaught Error: boom") || errs[1] != "console.error: oops 42" {
			t.Errorf("errors %q, want the uncaught boom and the console.error", errs)
		}
	})
	t.Run("reports a missing script", func(t *testing.T) {
		ctx := visit(t, "/missing-script")
		errs := Errors(ctx)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "404") && strings.Contains(e, "/missing.js") }) {
			t.Errorf("errors %q, want the failed load of /missing.js", errs)
		}
	})
	t.Run("leaves the page's own status to the test", func(t *testing.T) {
		srv := server(t)
		ctx := New(t)
		resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+"/forbidden"))
		if err != nil || resp.Status != http.StatusForbidden {
			t.Fatalf("response %v, %v; want 403", resp, err)
		}
		NoErrors(t, ctx)
	})
	t.Run("fails the test for errors left untaken", func(t *testing.T) {
		fake := &fakeTB{TB: t}
		ctx := New(fake)
		// Stops the browser should the test end before it does so itself.
		t.Cleanup(fake.cleanup)
		srv := server(t)
		Step(t, ctx, "open", chromedp.Navigate(srv.URL+"/inline-script"))
		fake.cleanup()
		if len(fake.errors) == 0 || !strings.Contains(fake.errors[0], "Content Security Policy") {
			t.Errorf("errors at the end %q, want the policy violation", fake.errors)
		}
	})
}

func TestHtmx(t *testing.T) {
	t.Run("loads under the strict policy with its indicator styles off", func(t *testing.T) {
		ctx := visit(t, "/htmx")
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`htmx.version`))
		if err != nil || v == "" {
			t.Fatalf("htmx.version = %q, %v", v, err)
		}
		NoErrors(t, ctx)
	})
	t.Run("breaks the policy with its default indicator styles", func(t *testing.T) {
		ctx := visit(t, "/htmx-default")
		errs := Errors(ctx)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, "style") }) {
			t.Errorf("errors %q, want the inline style refused", errs)
		}
	})
}

func TestNewTab(t *testing.T) {
	srv := server(t)
	first := New(t)
	second := NewTab(t, first)
	for _, ctx := range []context.Context{first, second} {
		Step(t, ctx, "open", chromedp.Navigate(srv.URL+"/clean"))
	}
	Step(t, first, "set cookie", chromedp.Evaluate[chromedp.Void](`document.cookie = 'session=first'`))
	cookie, err := chromedp.Run(second, chromedp.Evaluate[string](`document.cookie`))
	if err != nil || cookie != "" {
		t.Errorf("second tab's cookies %q, %v; want none of the first's", cookie, err)
	}
}

func TestStep(t *testing.T) {
	srv := server(t)
	ctx := New(t)
	Step(t, ctx, "open", chromedp.Navigate(srv.URL+"/clean"))
	cases := []struct {
		name   string
		action func(fake *fakeTB) chromedp.Action[chromedp.Void]
		fatal  bool
	}{
		{"an action's error", func(*fakeTB) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(context.Context, *chromedp.Target) error { return errors.New("boom") })
		}, true},
		{"the test failing inside", func(fake *fakeTB) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(context.Context, *chromedp.Target) error { fake.Errorf("wrong"); return nil })
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(ScreenshotsEnv, dir)
			fake := &fakeTB{TB: t}
			Step(fake, ctx, "step/one", c.action(fake))
			if (len(fake.fatals) > 0) != c.fatal {
				t.Errorf("fatal %q, want fatal %v", fake.fatals, c.fatal)
			}
			png, err := os.ReadFile(screenshotPath(fake, "step/one"))
			if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
				t.Errorf("screenshot: %v, %d bytes; want a PNG", err, len(png))
			}
		})
	}
	t.Run("a passing step", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv(ScreenshotsEnv, dir)
		Step(t, ctx, "fine", chromedp.WaitVisible("#q"))
		if files, _ := os.ReadDir(dir); len(files) != 0 {
			t.Errorf("screenshots %v, want none", files)
		}
	})
}

func TestChromium(t *testing.T) {
	cases := []struct {
		name, ci, override string
		skip, fatal        bool
	}{
		{"missing outside CI skips", "", "", true, false},
		{"missing in CI fails", "true", "", false, true},
		{"a wrong override fails", "", "/nonexistent/chromium", false, true},
	}
	saved := candidates
	t.Cleanup(func() { candidates = saved })
	candidates = []string{"/nonexistent/chromium"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CI", c.ci)
			t.Setenv(ChromiumEnv, c.override)
			fake := &fakeTB{TB: t}
			chromium(fake)
			if fake.skipped != c.skip || (len(fake.fatals) > 0) != c.fatal {
				t.Errorf("skipped %v, fatal %q; want skip %v, fatal %v", fake.skipped, fake.fatals, c.skip, c.fatal)
			}
		})
	}
}

// fakeTB records what the harness reports instead of acting on it, so the
// tests can check that a failure is reported without failing themselves.
// Its Fatalf and Skipf return, unlike the real ones, which the harness's
// callers never rely on.
type fakeTB struct {
	testing.TB
	errors, fatals []string
	skipped        bool
	cleanups       []func()
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Failed() bool { return len(f.errors)+len(f.fatals) > 0 }
func (f *fakeTB) Errorf(format string, a ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}
func (f *fakeTB) Fatalf(format string, a ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, a...))
}
func (f *fakeTB) Skipf(string, ...any) { f.skipped = true }
func (f *fakeTB) Cleanup(fn func())    { f.cleanups = append(f.cleanups, fn) }

// cleanup runs the registered cleanups, last first, as testing does, and
// only once.
func (f *fakeTB) cleanup() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}
