package apidocs

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/koncernregistret/koncern"
)

// loadContract loads and validates the contract the server embeds, as the
// server does, so that a broken openapi.yaml fails here before it fails at
// startup.
func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(koncern.OpenAPISpec)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate openapi.yaml: %v", err)
	}
	return doc
}

// textByID parses page as XML, which also proves it well-formed, and
// returns the text inside every element that has an id attribute.
func textByID(t *testing.T, page []byte) map[string]string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = true
	type open struct {
		id   string
		text *strings.Builder
	}
	var stack []open
	out := map[string]string{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("docs page is not well-formed XHTML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, open{id: attr(tok, "id"), text: &strings.Builder{}})
		case xml.CharData:
			for _, o := range stack {
				o.text.Write(tok)
			}
		case xml.EndElement:
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.id != "" {
				if _, dup := out[top.id]; dup {
					t.Errorf("id %q appears twice in the docs page", top.id)
				}
				out[top.id] = top.text.String()
			}
		}
	}
	return out
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestPage checks that every operation of the contract has its own
// section on the page, under its operationId, showing its method and path.
func TestPage(t *testing.T) {
	doc := loadContract(t)
	page, err := Page(doc)
	if err != nil {
		t.Fatal(err)
	}
	sections := textByID(t, page)
	count := 0
	for _, path := range doc.Paths.Keys() {
		for method, op := range doc.Paths.Value(path).Operations() {
			count++
			text, ok := sections[op.OperationID]
			if !ok {
				t.Errorf("%s %s: no section with id %q", method, path, op.OperationID)
				continue
			}
			if !strings.Contains(text, path) || !strings.Contains(text, method) {
				t.Errorf("section %q does not show %s %s", op.OperationID, method, path)
			}
		}
	}
	if count < 40 {
		t.Errorf("only %d operations in the contract; expected the whole API", count)
	}
	for _, want := range []string{"valid_to", "If-Match", "application/problem+json", "OrganizationInput"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("docs page does not mention %q", want)
		}
	}
}

// TestMarkdown checks that the Markdown of the descriptions renders, and
// that a description cannot add markup or script of its own to the page.
func TestMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		source  string
		want    string // the whole HTML, when given
		absent  string // text the HTML must not contain, when given
		present string // text the HTML must contain, when given
	}{
		{name: "HeadingBelowPageSections", source: "## Dates", want: "<h3>Dates</h3>\n"},
		{name: "CodeStrongAndAmpersand", source: "Use `at` & **care**.", want: "<p>Use <code>at</code> &amp; <strong>care</strong>.</p>\n"},
		{name: "CodeEscaped", source: "`<b>`", want: "<p><code>&lt;b&gt;</code></p>\n"},
		{name: "InlineRawHTMLOmitted", source: "Use <script>alert(1)</script> with care.", absent: "<script"},
		{name: "BlockRawHTMLOmitted", source: "<div onclick=\"alert(1)\">hi</div>", absent: "onclick"},
		{name: "ScriptLinkDropped", source: "[here](javascript:alert(1))", absent: "javascript:"},
		{name: "Table", source: "| role | reads |\n| --- | --- |\n| admin | everything |", present: "<th>role</th>"},
		{name: "TableCell", source: "| role | reads |\n| --- | --- |\n| admin | everything |", present: "<td>admin</td>"},
		{name: "ListItems", source: "Two kinds:\n\n- one\n- two", present: "<li>one</li>"},
		{name: "LineBreakXHTML", source: "one  \ntwo", present: "<br />"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(markdown(tt.source))
			if tt.want != "" && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.absent != "" && strings.Contains(got, tt.absent) {
				t.Errorf("got %q, which contains %q", got, tt.absent)
			}
			if tt.present != "" && !strings.Contains(got, tt.present) {
				t.Errorf("got %q, which lacks %q", got, tt.present)
			}
		})
	}
}

// TestRolesTable checks that the table of roles in the contract's
// description ("Authentication and roles") is an HTML table on the page,
// one row a role, and not a paragraph of pipes.
func TestRolesTable(t *testing.T) {
	page, err := Page(loadContract(t))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("| role |")) || bytes.Contains(page, []byte("| --- |")) {
		t.Error("the docs page shows a Markdown table as raw pipes")
	}
	var roles *[][]string
	for _, table := range tablesOf(t, page) {
		if len(table) > 0 && slices.Equal(table[0], []string{"role", "reads", "writes"}) {
			roles = &table
		}
	}
	if roles == nil {
		t.Fatal(`no <table> with the header row "role | reads | writes" on the docs page`)
	}
	var names []string
	for _, row := range (*roles)[1:] {
		names = append(names, row[0])
	}
	want := []string{"admin", "registrar", "finance", "auditor", "reader", "anonymous"}
	if !slices.Equal(names, want) {
		t.Errorf("the roles table lists %v, want %v", names, want)
	}
}

// tablesOf parses page as XML and returns every table as rows of cell
// texts, the header row first. A table inside a cell of another is a table
// of its own.
func tablesOf(t *testing.T, page []byte) [][][]string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = true
	var tables [][][]string
	var open []int               // the tables the decoder is inside, innermost last
	var cells []*strings.Builder // the cells it is inside, innermost last
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return tables
		} else if err != nil {
			t.Fatalf("docs page is not well-formed XHTML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "table":
				open = append(open, len(tables))
				tables = append(tables, nil)
			case "tr":
				i := open[len(open)-1]
				tables[i] = append(tables[i], nil)
			case "th", "td":
				cells = append(cells, &strings.Builder{})
			}
		case xml.CharData:
			if len(cells) > 0 {
				cells[len(cells)-1].Write(tok)
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "table":
				open = open[:len(open)-1]
			case "th", "td":
				rows := tables[open[len(open)-1]]
				rows[len(rows)-1] = append(rows[len(rows)-1], strings.TrimSpace(cells[len(cells)-1].String()))
				cells = cells[:len(cells)-1]
			}
		}
	}
}
