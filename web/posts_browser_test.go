package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// shadeBox is how the browser lays out and paints a shaded period.
type shadeBox struct {
	Width, Height    float64
	Fill, Visibility string
}

// tripleShadeJS measures the timeline's shading of the triple steering.
const tripleShadeJS = `(() => {
  const r = [...document.querySelectorAll('svg.timeline rect.tl-shade[data-from]')]
    .find(e => e.querySelector('title').textContent.startsWith('Trefaldig ledning'));
  if (!r) return null;
  const b = r.getBoundingClientRect(), s = getComputedStyle(r);
  return {width: b.width, height: b.height, fill: s.fill, visibility: s.visibility};
})()`

// seeTripleShade checks that the timeline of the page of ctx shades the
// triple steering where a person sees it: laid out, painted, visible.
func seeTripleShade(t *testing.T, ctx context.Context) {
	t.Helper()
	shade, err := chromedp.Run(ctx, chromedp.Evaluate[*shadeBox](tripleShadeJS))
	if err != nil {
		t.Fatal(err)
	}
	if shade == nil || shade.Width < 10 || shade.Height < 10 || shade.Visibility != "visible" || shade.Fill == "none" || shade.Fill == "rgba(0, 0, 0, 0)" {
		t.Errorf("the triple steering's shading is not to be seen: %+v", shade)
	}
}

// TestBrowserPostTimeline is the auditor's view of the head the review
// found steered from three directions: on 2003-10-01 its page shows the
// steering map, whose boxes lead to the posts that steer it, and a timeline
// with the period of the triple steering shaded. The page passes axe and
// raises no browser error (a style="" in the SVG would, under the policy);
// so does the organisation chart.
func TestBrowserPostTimeline(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	head, snap := tripleHead(t, h), reviewSnapshot(t, h)
	m := analysis.Steering(snap, head, analysis.DayOf(koncern.MustDate(review)))
	cityManager := m.Incoming["city_manager"][0].From
	ctx := browsertest.New(t)

	browsertest.Step(t, ctx, "open the head's post",
		chromedp.Navigate(h.URL+"/posts/"+head.String()+"?lang=sv&at="+review),
		chromedp.WaitVisible(chromedp.CSS("figure.steering-map svg")),
		chromedp.WaitVisible(chromedp.CSS("svg.timeline")))
	browsertest.Axe(t, ctx)
	seeTripleShade(t, ctx)
	docsShot(t, ctx, "post-timeline", chromedp.Screenshot(chromedp.CSS(`section[aria-labelledby="timeline-heading"]`)))

	browsertest.Step(t, ctx, "follow the map to the city manager",
		chromedp.Click(chromedp.CSS(`figure.steering-map a[*|href^="/posts/`+cityManager.ID.String()+`"]`)))
	want := "/posts/" + cityManager.ID.String() + "?at=" + review
	var at string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.HasSuffix(at, want); time.Sleep(50 * time.Millisecond) {
		at, _ = chromedp.Run(ctx, chromedp.Location())
	}
	if !strings.HasSuffix(at, want) {
		t.Fatalf("the map's box of %s led to %s, want %s", cityManager.Name, at, want)
	}
	browsertest.Step(t, ctx, "the city manager's post", chromedp.WaitVisible(chromedp.CSS("svg.timeline")))
	if h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.HasPrefix(h1, "Stadsdirektör") {
		t.Errorf("the post reached is %q", h1)
	}
	browsertest.Axe(t, ctx)

	browsertest.Step(t, ctx, "the organisation chart",
		chromedp.Navigate(h.URL+"/org-chart/"+municipalityOf(t, snap).String()+"?at="+review),
		chromedp.WaitVisible(chromedp.CSS("figure.org-chart svg")))
	browsertest.Axe(t, ctx)
	browsertest.NoErrors(t, ctx)
}
