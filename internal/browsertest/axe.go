package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's minified build (scripts/vendor.sh fetches it).
//
//go:embed axe.min.js
var axeSource string

// AxeTags are the rule sets the pages must pass: WCAG 2.0 and 2.1, levels A
// and AA, which is what the issue promises.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeTimeout bounds one axe run; a page of a few thousand nodes takes well
// under a second, so a minute means something is stuck.
const axeTimeout = time.Minute

// Violation is one axe rule the page breaks, with the nodes that break it.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	URL    string   `json:"helpUrl"`
	Nodes  []string `json:"nodes"`
}

// String renders the violation as one line for a test log.
func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s; nodes: %s; see %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "), v.URL)
}

// axeRun runs axe on the whole document and returns only what the test
// reads: each node as its selector (shadow-DOM paths joined with >>>).
var axeRun = fmt.Sprintf(`axe.run(document, {runOnly: %s, resultTypes: ['violations']}).then(r =>
  r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => n.target.map(s => [].concat(s).join(' >>> ')).join(' '))})))`, jsArray(AxeTags))

func jsArray(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// AxeViolations runs axe-core in the tab's current page and returns what
// it finds. axe goes in through the DevTools protocol (Runtime.evaluate),
// which the page's Content-Security-Policy does not govern, so the pages
// need no script-src exception for the tests.
func AxeViolations(ctx context.Context) ([]Violation, error) {
	ctx, cancel := context.WithTimeout(ctx, axeTimeout)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === 'object'`))
	if err != nil {
		return nil, fmt.Errorf("browsertest: looking for axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("browsertest: injecting axe: %w", err)
		}
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("browsertest: running axe: %w", err)
	}
	return vs, nil
}

// Axe fails the test with every WCAG 2.1 A/AA violation axe-core finds in
// the tab's current page.
func Axe(t testing.TB, ctx context.Context) {
	t.Helper()
	vs, err := AxeViolations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		return
	}
	// The address tells which page of a flow broke the rule.
	page, _ := chromedp.Run(ctx, chromedp.Location())
	for _, v := range vs {
		t.Errorf("axe on %s: %s", page, v)
	}
}
