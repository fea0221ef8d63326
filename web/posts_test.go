package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// tripleHead finds the head the demo has steered from three directions on
// the day of the review, by the analysis rather than by name.
func tripleHead(t testing.TB, h *harness) uuid.UUID {
	t.Helper()
	fs := analysis.Findings(reviewSnapshot(t, h), analysis.Filter{Rules: []string{"triple_steering"}})
	if len(fs) != 1 {
		t.Fatalf("%d triple steering findings on %s, want the demo's one", len(fs), review)
	}
	return fs[0].Subject.ID
}

// reviewSnapshot is the whole registry on the day of the review, for the
// expectations the tests hold the pages to.
func reviewSnapshot(t testing.TB, h *harness) *analysis.Snapshot {
	t.Helper()
	day := koncern.MustDate(review)
	window := koncern.Period{From: day, To: &day}
	data, err := h.Reg.LoadSnapshot(adminContext(), nil, window)
	if err != nil {
		t.Fatal(err)
	}
	return analysis.NewSnapshot(window, data)
}

// municipalityOf is the one municipality of the demo.
func municipalityOf(t testing.TB, snap *analysis.Snapshot) uuid.UUID {
	t.Helper()
	var munis []uuid.UUID
	for _, o := range snap.Data().Organizations {
		if o.Kind == "municipality" {
			munis = append(munis, o.ID)
		}
	}
	if len(munis) != 1 {
		t.Fatalf("%d municipalities in the demo", len(munis))
	}
	return munis[0]
}

// svgElement is one element of an SVG in a page, with its attributes, its
// own text and the text of its <title> child, if any.
type svgElement struct {
	Name        string
	Attr        map[string]string
	Text, Title string
}

// svgIn parses the first <svg> after marker in a page as XML, which also
// proves it well-formed, and returns its elements in document order.
func svgIn(t testing.TB, body, marker string) []svgElement {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("the page has no %s", marker)
	}
	start := i + strings.Index(body[i:], "<svg")
	end := start + strings.Index(body[start:], "</svg>") + len("</svg>")
	dec := xml.NewDecoder(strings.NewReader(body[start:end]))
	dec.Strict = true
	var out []svgElement
	var stack []int
	inTitle := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG after %s is not well-formed: %v", marker, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inTitle = tok.Name.Local == "title"
			e := svgElement{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				name := a.Name.Local
				if a.Name.Space == "xlink" || strings.HasSuffix(a.Name.Space, "xlink") {
					name = "xlink:" + name
				}
				e.Attr[name] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			inTitle = false
		case xml.CharData:
			if inTitle && len(stack) > 1 {
				out[stack[len(stack)-2]].Title += string(tok)
			} else if len(stack) > 0 {
				out[stack[len(stack)-1]].Text += string(tok)
			}
		}
	}
}

// withClass keeps the elements of one name whose class attribute
// includes class.
func withClass(es []svgElement, name, class string) []svgElement {
	var out []svgElement
	for _, e := range es {
		if e.Name == name && strings.Contains(" "+e.Attr["class"]+" ", " "+class+" ") {
			out = append(out, e)
		}
	}
	return out
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

// axis reads the timeline's scale from its year ticks: x of a day, by the
// first and the last tick.
func axis(t testing.TB, es []svgElement) func(koncern.Date) float64 {
	t.Helper()
	ticks := withClass(es, "line", "tl-tick")
	if len(ticks) < 2 {
		t.Fatalf("%d year ticks", len(ticks))
	}
	first, last := ticks[0], ticks[len(ticks)-1]
	d0, d1 := analysis.DayOf(koncern.MustDate(first.Attr["data-date"])), analysis.DayOf(koncern.MustDate(last.Attr["data-date"]))
	x0, x1 := num(t, first.Attr["x1"]), num(t, last.Attr["x1"])
	return func(d koncern.Date) float64 {
		return x0 + float64(analysis.DayOf(d)-d0)*(x1-x0)/float64(d1-d0)
	}
}

// postLines counts the lines that ever ran to or from post.
func postLines(t testing.TB, h *harness, post uuid.UUID) int {
	t.Helper()
	page, err := h.Reg.ListSteeringLines(adminContext(), registry.SteeringLineFilter{PostID: &post,
		ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

func TestPostPage(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	c := h.client()
	head := tripleHead(t, h)
	path := "/posts/" + head.String() + "?at=" + review
	m := analysis.Steering(reviewSnapshot(t, h), head, analysis.DayOf(koncern.MustDate(review)))
	body := h.page(c.get(path))

	t.Run("Facts", func(t *testing.T) {
		post, err := h.Reg.GetPost(adminContext(), head)
		if err != nil {
			t.Fatal(err)
		}
		org, _ := h.Reg.GetOrganization(adminContext(), post.OrganizationID)
		for _, want := range []string{"<h1>" + post.Title + ", " + org.Name + "</h1>",
			`<a href="/organizations/` + org.ID.String() + `?at=` + review + `">` + org.Name + `</a>`,
			"<dd>Chef</dd>", `<a href="/people/`, ">" + m.Holders[0] + "</a>", "Trefaldig ledning</a> (Hög)"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
	})
	t.Run("ChannelGroups", func(t *testing.T) {
		last := -1
		for _, ch := range analysis.Channels {
			i := strings.Index(body, `id="channel-`+ch+`"`)
			if n := len(m.Incoming[ch]) + len(m.Outgoing[ch]); (n > 0) != (i >= 0) {
				t.Errorf("channel %s: %d lines, table at %d", ch, n, i)
			}
			if i >= 0 && i < last {
				t.Errorf("channel %s is out of order", ch)
			}
			last = max(last, i)
		}
		for _, want := range []string{"Nämnd eller styrelse</caption>", "Stadsdirektör</caption>", "Politisk</caption>", "Direkt politisk styrning", "Iakttagen"} {
			if !strings.Contains(body, want) {
				t.Errorf("the lines table lacks %s", want)
			}
		}
	})
	t.Run("DecisionLinks", func(t *testing.T) {
		cited := 0
		for _, lines := range [](map[string][]analysis.MapLine){m.Incoming, m.Outgoing} {
			for _, ls := range lines {
				for _, l := range ls {
					if l.DocumentID == nil {
						continue
					}
					cited++
					if want := `<a href="/documents/` + l.DocumentID.String() + `?at=` + review + `">` + *l.Document + `</a>`; !strings.Contains(body, want) {
						t.Errorf("the decision of the %s line is not linked: %s", l.Kind, want)
					}
				}
			}
		}
		if cited == 0 {
			t.Fatal("no line of the head cites a decision; the test proves nothing")
		}
	})
	t.Run("MapNodeLinks", func(t *testing.T) {
		links := map[string]bool{}
		for _, e := range svgIn(t, body, `class="drawing steering-map"`) {
			if href := e.Attr["xlink:href"]; e.Name == "a" && href != "" {
				links[href] = true
			}
		}
		for _, l := range append(m.Incoming["city_manager"], m.Incoming["political"]...) {
			if want := "/posts/" + l.From.ID.String() + "?at=" + review; !links[want] {
				t.Errorf("the map's node %s does not link to %s; links %v", l.From.Name, want, links)
			}
		}
		if strings.Contains(body, "<title>"+head.String()) || strings.Contains(body, "<title>koncernregistret") {
			t.Error("the map keeps Graphviz's titles of ids")
		}
	})
	tl := svgIn(t, body, `class="timeline-figure"`)
	t.Run("TimelineBars", func(t *testing.T) {
		bars := withClass(tl, "g", "tl-bar")
		if want := postLines(t, h, head); len(bars) != want {
			t.Errorf("%d bars, want one for each of the %d lines of the post", len(bars), want)
		}
		svg := withClass(tl, "svg", "timeline")[0]
		if svg.Attr["role"] != "img" || svg.Attr["aria-labelledby"] != "timeline-title timeline-desc" {
			t.Errorf("the timeline is not labelled as an image: %v", svg.Attr)
		}
		for _, e := range tl {
			if _, ok := e.Attr["style"]; ok {
				t.Errorf("a %s has a style attribute, which the policy refuses", e.Name)
			}
		}
	})
	t.Run("ShadesProportional", func(t *testing.T) {
		x := axis(t, tl)
		ticks := withClass(tl, "line", "tl-tick")
		left, right := num(t, ticks[0].Attr["x1"]), num(t, ticks[len(ticks)-1].Attr["x1"])
		triple := false
		for _, s := range withClass(tl, "rect", "tl-shade") {
			if s.Attr["data-from"] == "" {
				continue // the legend's swatch
			}
			x0, x1 := max(left, x(koncern.MustDate(s.Attr["data-from"]))), right
			if to := s.Attr["data-to"]; to != "" {
				x1 = min(right, x(koncern.MustDate(to).AddDays(1)))
			}
			gotX, gotW := num(t, s.Attr["x"]), num(t, s.Attr["width"])
			if math.Abs(gotX-x0) > 0.01 || math.Abs(gotX+gotW-x1) > 0.01 {
				t.Errorf("shade %s–%s at x %.2f width %.2f, want %.2f to %.2f", s.Attr["data-from"], s.Attr["data-to"], gotX, gotW, x0, x1)
			}
			triple = triple || strings.HasPrefix(s.Title, "Trefaldig ledning: ") && s.Attr["data-from"] <= review && review <= s.Attr["data-to"]
		}
		if !triple {
			t.Error("no shade for the triple steering over the day of the review")
		}
		day := withClass(tl, "line", "tl-day")[0]
		mid := (x(koncern.MustDate(review)) + x(koncern.MustDate(review).AddDays(1))) / 2
		if math.Abs(num(t, day.Attr["x1"])-mid) > 0.01 {
			t.Errorf("the day's line at %s, want %.2f", day.Attr["x1"], mid)
		}
	})
	t.Run("English", func(t *testing.T) {
		body := h.page(h.client().get(path + "&lang=en"))
		drawn := svgTexts(svgIn(t, body, `class="drawing steering-map"`)) + svgTexts(svgIn(t, body, `class="timeline-figure"`))
		for _, want := range []string{"Steering of", "Direct political steering", "(Observed)", "Arrows run from", "⚠ Triple steering", "← Direct political steering"} {
			if !strings.Contains(drawn, want) {
				t.Errorf("the English drawings lack %q", want)
			}
		}
		if !strings.Contains(body, "Board</caption>") {
			t.Error("the English lines table has no Board channel")
		}
		if strings.Contains(drawn, "Direkt politisk styrning") || strings.Contains(drawn, "direct_political") {
			t.Error("the English drawings have Swedish words or code names")
		}
	})
	t.Run("Swedish", func(t *testing.T) {
		drawn := svgTexts(svgIn(t, body, `class="drawing steering-map"`)) + svgTexts(tl)
		for _, want := range []string{"Styrning av", "Direkt politisk styrning", "(Iakttagen)", "Pilarna går", "⚠ Trefaldig ledning", "← Direkt politisk styrning"} {
			if !strings.Contains(drawn, want) {
				t.Errorf("the Swedish drawings lack %q", want)
			}
		}
		if strings.Contains(drawn, "Direct political") || strings.Contains(drawn, "direct_political") {
			t.Error("the Swedish drawings have English words or code names")
		}
	})
	t.Run("DownloadSVG", func(t *testing.T) {
		res, svg := c.get(path + "&format=svg")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" ||
			!strings.Contains(res.Header.Get("Content-Disposition"), `attachment; filename="steering.svg"`) {
			t.Fatalf("status %d, type %q, disposition %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		if es := svgIn(t, svg, "<?xml"); len(es) == 0 || strings.Contains(svg, "xlink:href") {
			t.Error("the downloaded map is empty or links to pages")
		}
	})
	t.Run("DownloadTimeline", func(t *testing.T) {
		link := `href="/posts/` + head.String() + `/timeline.svg?at=` + review + `"`
		if !strings.Contains(body, link) {
			t.Errorf("the page does not offer the timeline as a file: %s", link)
		}
		res, svg := c.get("/posts/" + head.String() + "/timeline.svg?at=" + review)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" ||
			!strings.Contains(res.Header.Get("Content-Disposition"), `filename="timeline.svg"`) || !strings.HasPrefix(svg, "<?xml") {
			t.Fatalf("status %d, type %q, disposition %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		es := svgIn(t, svg, "<?xml")
		if got, want := len(withClass(es, "g", "tl-bar")), postLines(t, h, head); got != want {
			t.Errorf("the file has %d bars, want %d", got, want)
		}
		// Without the page's style sheet the file must still be painted.
		for _, s := range withClass(es, "rect", "tl-shade") {
			if s.Attr["fill"] == "" || s.Attr["fill-opacity"] == "" {
				t.Errorf("a shade without its own colour: %v", s.Attr)
			}
		}
	})
	t.Run("DownloadTable", func(t *testing.T) {
		res, body := c.get(path + "&format=csv")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if want := len(analysis.SteeringTable(m).Rows) + 1; len(rows) != want || rows[0][0] != "direction" {
			t.Errorf("%d CSV rows, want %d with a header", len(rows), want)
		}
		res, xlsx := c.get(path + "&format=xlsx")
		if res.StatusCode != http.StatusOK || !bytes.HasPrefix([]byte(xlsx), []byte("PK")) {
			t.Errorf("XLSX: status %d, %.4q", res.StatusCode, xlsx)
		}
	})
	t.Run("NotInForce", func(t *testing.T) {
		body := h.page(c.get("/posts/" + head.String() + "?at=2002-06-01"))
		if !strings.Contains(body, "Tjänsten finns inte den 2002-06-01") || !strings.Contains(body, `class="timeline"`) {
			t.Error("a day before the post shows no notice or no timeline")
		}
		h.expect(http.StatusUnprocessableEntity)(c.get("/posts/" + head.String() + "?at=2002-06-01&format=svg"))
	})
	t.Run("Errors", func(t *testing.T) {
		h.expect(http.StatusNotFound)(c.get("/posts/" + uuid.NewString()))
		for _, bad := range []string{"/posts/not-an-id", path + "&format=pdf", "/posts/" + head.String() + "?at=2003-02-30"} {
			if res, _ := c.get(bad); res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("%s: status %d", bad, res.StatusCode)
			}
		}
	})
}

// svgTexts is all the text of an SVG, its titles included.
func svgTexts(es []svgElement) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Text + " " + e.Title + " ")
	}
	return b.String()
}

// TestPostEscapesMarkup gives a post a name that is markup and looks for it
// on the page of a post it steers: in the steering map (escaped by
// Graphviz), the timeline and the lines table (escaped by html/template) it
// must show as text, never as a script.
func TestPostEscapesMarkup(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	head := tripleHead(t, h)
	ctx := adminContext()
	post, err := h.Reg.GetPost(ctx, head)
	if err != nil {
		t.Fatal(err)
	}
	const name = `<script>alert("x")</script>`
	from := koncern.MustDate("2003-01-01")
	evil, err := h.Reg.CreatePost(ctx, koncern.PostInput{OrganizationID: post.OrganizationID, Title: name, Role: "officer",
		Period: koncern.Period{From: from}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Reg.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &evil.ID, ToPostID: &head, Kind: "coordination",
		Basis: "practice", Period: koncern.Period{From: from}}); err != nil {
		t.Fatal(err)
	}
	body := h.page(h.client().get("/posts/" + head.String() + "?at=" + review))
	if strings.Contains(body, "<script>alert") {
		t.Fatal("the name reached the page as markup")
	}
	for _, marker := range []string{`class="drawing steering-map"`, `class="timeline-figure"`} {
		if !strings.Contains(svgTexts(svgIn(t, body, marker)), name) {
			t.Errorf("the SVG after %s does not show the name as text", marker)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a>") {
		t.Error("the lines table does not show the name as text")
	}
}

func TestOrgChartPage(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	c := h.client()
	snap := reviewSnapshot(t, h)
	head := tripleHead(t, h)
	office := snap.Post(head).OrganizationID
	muni := municipalityOf(t, snap)
	path := "/org-chart/" + muni.String() + "?at=" + review
	body := h.page(c.get(path))

	t.Run("Drawing", func(t *testing.T) {
		if !strings.Contains(body, "<h1>Organisationsschema för Jönköpings kommun</h1>") {
			t.Error("the page has no title")
		}
		es := svgIn(t, body, `class="drawing org-chart"`)
		links := map[string]bool{}
		for _, e := range es {
			if e.Name == "a" {
				links[e.Attr["xlink:href"]] = true
			}
		}
		if want := "/organizations/" + office.String() + "?at=" + review; !links[want] {
			t.Errorf("the chart does not link %s", want)
		}
		if n := len(snap.Data().Organizations); len(links) < n/2 {
			t.Errorf("%d links in a chart of a registry of %d organisations", len(links), n)
		}
		drawn := svgTexts(es)
		for _, want := range []string{"Organisationsschema för Jönköpings kommun den " + review, "(Nämnd)", "(Bolag)", "⚠ ", "Trefaldig ledning"} {
			if !strings.Contains(drawn, want) {
				t.Errorf("the chart lacks %q", want)
			}
		}
	})
	t.Run("Outline", func(t *testing.T) {
		for _, want := range []string{`<a href="/posts/` + head.String() + `?at=` + review + `">`,
			`<a href="/organizations/` + office.String() + `?at=` + review + `">`, `<span class="sev-flag">⚠ Trefaldig ledning</span>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the outline lacks %s", want)
			}
		}
	})
	t.Run("English", func(t *testing.T) {
		body := h.page(h.client().get(path + "&lang=en"))
		drawn := svgTexts(svgIn(t, body, `class="drawing org-chart"`))
		for _, want := range []string{"Organisation chart of Jönköpings kommun on " + review, "(Committee)", "Triple steering"} {
			if !strings.Contains(drawn, want) {
				t.Errorf("the English chart lacks %q", want)
			}
		}
	})
	t.Run("DownloadSVG", func(t *testing.T) {
		res, svg := c.get(path + "&format=svg")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" ||
			!strings.Contains(res.Header.Get("Content-Disposition"), `filename="org-chart.svg"`) {
			t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if len(svgIn(t, svg, "<?xml")) == 0 || strings.Contains(svg, "xlink:href") {
			t.Error("the downloaded chart is empty or links to pages")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		h.expect(http.StatusUnprocessableEntity)(c.get("/org-chart/" + muni.String() + "?at=1990-01-01"))
		h.expect(http.StatusNotFound)(c.get("/org-chart/" + uuid.NewString()))
		if res, _ := c.get(path + "&format=csv"); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a chart as CSV: status %d", res.StatusCode)
		}
	})
}
