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
	lines := strings.Split(dot, "\n")
	var coordination, mandate string
	for _, l := range lines {
		if strings.Contains(l, "coordination") {
			coordination = l
		}
		if strings.Contains(l, "mandate") {
			mandate = l
		}
	}
	if !strings.Contains(coordination, `style="dashed"`) || strings.Contains(mandate, "dashed") {
		t.Errorf("basis not drawn:\n%s\n%s", coordination, mandate)
	}
	if !strings.Contains(dot, "⚠ coordination_without_basis") || !strings.Contains(dot, `color="#c0392b"`) {
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
	var reporting string
	for _, l := range strings.Split(dot, "\n") {
		if strings.Contains(l, "reporting") {
			reporting = l
		}
	}
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
	for _, want := range []string{"Steering of Tekniska kontoret", "Stadskontoret / Stadsdirektör", "Bo Gustavsson", "coordination"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	if _, err := svg.Render(viewer.System(context.Background()), "digraph {"); err == nil {
		t.Error("broken DOT rendered without an error")
	}
}
