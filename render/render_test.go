package render_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/i18n"
	"github.com/koncernregistret/koncern/render"
	"github.com/koncernregistret/koncern/viewer"
)

func TestQuoting(t *testing.T) {
	g := render.NewGraph(`Chart "A" \ B`, "LR")
	g.Node("n1", render.Attrs{"label": "Bostads AB \"Vätterhem\"\nVD: Anna"})
	dot := g.String()
	for _, want := range []string{`label="Chart \"A\" \\ B"`, `"n1" [label="Bostads AB \"Vätterhem\"\nVD: Anna"];`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
}

func steeringMap() *analysis.SteeringMap {
	head := analysis.Subject{Type: "post", ID: uuid.New(), Name: "Tekniska kontoret / Förvaltningschef"}
	cm := analysis.Subject{Type: "post", ID: uuid.New(), Name: "Stadskontoret / Stadsdirektör"}
	board := analysis.Subject{Type: "organization", ID: uuid.New(), Name: "Tekniska nämnden"}
	p := koncern.Period{From: koncern.MustDate("2003-01-01")}
	return &analysis.SteeringMap{
		Post: head, Holders: []string{"Bo Gustavsson"},
		Incoming: map[string][]analysis.MapLine{
			"city_manager": {{ID: uuid.New(), Kind: "coordination", Basis: "practice", From: cm, To: head, Period: p}},
			"board":        {{ID: uuid.New(), Kind: "mandate", Basis: "formal", From: board, To: head, Period: p}},
			"line":         {{ID: uuid.New(), Kind: "reporting", Basis: "practice", From: board, To: head, Period: p}},
		},
		Outgoing: map[string][]analysis.MapLine{},
		Findings: []analysis.Finding{{Rule: "coordination_without_basis"}},
	}
}

// TestSteering checks that line kinds are told apart: a line without a
// decision is dashed, a formal one is not, and the flagged post is red.
func TestSteering(t *testing.T) {
	dot := render.Steering(steeringMap(), "Steering")
	coordination, mandate := lineOf(dot, `label="Coordination`), lineOf(dot, `label="Mandate`)
	if !strings.Contains(coordination, `style="dashed"`) || mandate == "" || strings.Contains(mandate, "dashed") {
		t.Errorf("basis not drawn:\n%s\n%s", coordination, mandate)
	}
	if !strings.Contains(dot, "⚠ Coordination without a formal basis") || !strings.Contains(dot, `color="#c0392b"`) {
		t.Errorf("finding not highlighted:\n%s", dot)
	}
}

// TestSteeringReportingArrow checks that a reporting line, which runs from
// the body reported to, is laid out that way but drawn with its arrow at
// that body, and that the legend says so.
func TestSteeringReportingArrow(t *testing.T) {
	m := steeringMap()
	dot := render.Steering(m, "Steering")
	board, head := m.Incoming["line"][0].From.ID.String(), m.Post.ID.String()
	reporting := lineOf(dot, `label="Reporting`)
	if !strings.HasPrefix(strings.TrimSpace(reporting), `"`+board+`" -> "`+head+`"`) || !strings.Contains(reporting, `dir="back"`) {
		t.Errorf("the reporting line is not drawn from the board with its arrow at the board:\n%s", reporting)
	}
	if !strings.Contains(dot, "a reporting arrow points the other way, at the post reported to") {
		t.Errorf("the legend does not explain the reporting arrow:\n%s", dot)
	}
}

// TestSVG lays a drawing out with Graphviz and parses the result as XML.
func TestSVG(t *testing.T) {
	svg := &render.SVG{}
	defer svg.Close()
	out, err := svg.Render(viewer.System(context.Background()), render.Steering(steeringMap(), "Steering of Tekniska kontoret"))
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = true
	var texts []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			texts = append(texts, string(cd))
		}
	}
	all := strings.Join(texts, " ")
	for _, want := range []string{"Steering of Tekniska kontoret", "Stadskontoret / Stadsdirektör", "Bo Gustavsson", "Coordination"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	if _, err := svg.Render(viewer.System(context.Background()), "digraph {"); err == nil {
		t.Error("broken DOT rendered without an error")
	}
}

// lineOf is the first line of a DOT text that contains s.
func lineOf(dot, s string) string {
	for _, l := range strings.Split(dot, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// TestLanguage checks that a drawing names kinds, bases, rules and its
// legend in the language it is asked for, English when none is.
func TestLanguage(t *testing.T) {
	cases := []struct {
		name string
		opts []render.Option
		want []string
	}{
		{"Default", nil, []string{`"Mandate\n(Formal decision)"`, "⚠ Coordination without a formal basis", "Arrows run from the steering end"}},
		{"English", []render.Option{render.In(i18n.EN)}, []string{`"Mandate\n(Formal decision)"`, "Reporting\\n(Practice)"}},
		{"Swedish", []render.Option{render.In(i18n.SV)}, []string{`"Uppdrag\n(Formellt beslut)"`, "Samordning\\n(Praxis)",
			"⚠ Samordning utan formell grund", "Pilarna går från den styrande"}},
		{"UnknownIsEnglish", []render.Option{render.In("fr")}, []string{`"Mandate\n(Formal decision)"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dot := render.Steering(steeringMap(), "Steering", tc.opts...)
			for _, want := range tc.want {
				if !strings.Contains(dot, want) {
					t.Errorf("DOT lacks %s:\n%s", want, dot)
				}
			}
			if strings.Contains(dot, "coordination_without_basis") || strings.Contains(dot, `"mandate`) {
				t.Errorf("DOT shows a code name:\n%s", dot)
			}
		})
	}
	t.Run("OrgChart", func(t *testing.T) {
		chart := &analysis.ChartNode{ID: uuid.New(), Name: "Tekniska nämnden", Kind: "committee",
			Posts: []analysis.ChartPost{{ID: uuid.New(), Title: "Ordförande", Role: "chair", Findings: []string{"vacant_head"}}}}
		dot := render.OrgChart(chart, "Chart", render.In(i18n.SV))
		if !strings.Contains(dot, `Tekniska nämnden\n(Nämnd)\nOrdförande: vakant ⚠ Vakant chefstjänst`) {
			t.Errorf("the chart is not in Swedish:\n%s", dot)
		}
	})
	t.Run("Title", func(t *testing.T) {
		day := koncern.MustDate("2003-10-01")
		for lang, want := range map[string]string{i18n.SV: "Styrning av X den 2003-10-01", i18n.EN: "Steering of X on 2003-10-01"} {
			if got := render.Title("steering", "X", day, lang); got != want {
				t.Errorf("Title in %s = %q, want %q", lang, got, want)
			}
		}
	})
}

// TestLinks checks that a linked drawing makes every post and organisation
// a link, with the node's name as its tooltip, and an unlinked one none.
func TestLinks(t *testing.T) {
	m := steeringMap()
	link := func(s analysis.Subject) string { return "/" + s.Type + "s/" + s.ID.String() + "?at=2003-10-01&x=1" }
	dot := render.Steering(m, "Steering", render.Linked(link))
	board := m.Incoming["board"][0].From
	node := lineOf(dot, `"`+board.ID.String()+`" [`)
	if !strings.Contains(node, `href="/organizations/`+board.ID.String()+`?at=2003-10-01&x=1"`) || !strings.Contains(node, `tooltip="Tekniska nämnden"`) {
		t.Errorf("the board's node is not a link: %s", node)
	}
	if strings.Count(dot, "href=") != 2 {
		t.Errorf("want the two other ends linked, the post itself not:\n%s", dot)
	}
	if strings.Contains(render.Steering(m, "Steering"), "href=") {
		t.Error("an unlinked drawing has links")
	}
	svg := &render.SVG{}
	defer svg.Close()
	out, err := svg.Render(viewer.System(context.Background()), dot)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `xlink:href="/organizations/`+board.ID.String()+`?at=2003-10-01&amp;x=1"`) {
		t.Errorf("the SVG has no link to the board:\n%s", out)
	}
}
