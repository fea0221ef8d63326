package handlers

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
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// loadContract loads and validates the contract the way the server does,
// so that a broken openapi.yaml fails here before it fails at startup.
func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("../openapi.yaml")
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

// TestDocsPage checks that every operation of the contract has its own
// section on the page, under its operationId, showing its method and path.
func TestDocsPage(t *testing.T) {
	doc := loadContract(t)
	page, err := DocsPage(doc)
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

// TestSpecConventions keeps the contract to the conventions its readers
// rely on: every operation is named, tagged and explained, and every list
// takes the same as-of and paging parameters.
func TestSpecConventions(t *testing.T) {
	doc := loadContract(t)
	for _, path := range doc.Paths.Keys() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" || op.Description == "" || len(op.Tags) != 1 {
				t.Errorf("%s: needs an operationId, a summary, a description and exactly one tag", where)
			}
			if !isList(op) {
				continue
			}
			names := []string{"at", "history", "cursor", "limit"}
			if strings.HasPrefix(path, "/api/v1/audit/") || path == "/api/v1/finding-comments" {
				// The trail and the comments are not dated records but
				// moments: from and to take the place of at and history.
				names = []string{"from", "to", "cursor", "limit"}
			}
			if path == "/api/v1/recommendations" {
				// A recommendation has no period of its own: at is the day
				// its status is computed for, and history has nothing to
				// show beyond the recommendations given by then.
				names = []string{"at", "cursor", "limit"}
			}
			for _, name := range names {
				if op.Parameters.GetByInAndName("query", name) == nil {
					t.Errorf("%s: a list without the %q parameter", where, name)
				}
			}
		}
	}
}

// isList reports whether op answers with a page of items.
func isList(op *openapi3.Operation) bool {
	ok := op.Responses.Value("200")
	if ok == nil || ok.Value == nil {
		return false
	}
	mt := ok.Value.Content.Get("application/json")
	return mt != nil && strings.HasSuffix(mt.Schema.Ref, "Page")
}

// TestSpecEnums keeps the enumerations of the contract equal to the lists
// the validator checks against, so that a value the server accepts is never
// one the contract forbids, or the reverse.
func TestSpecEnums(t *testing.T) {
	doc := loadContract(t)
	for name, want := range map[string][]string{
		"OrgKind":              koncern.OrgKinds,
		"Role":                 koncern.Roles,
		"LineKind":             koncern.LineKinds,
		"Basis":                koncern.Bases,
		"DocumentKind":         koncern.DocumentKinds,
		"TransactionType":      koncern.TransactionTypes,
		"AccessRole":           koncern.AccessRoles,
		"AuditOperation":       registry.AuditOperations,
		"RuleID":               analysis.RuleIDs(),
		"DutyKind":             analysis.DutyKinds,
		"DutyStatus":           analysis.DutyStatuses,
		"Severity":             koncern.Severities,
		"RecommendationStatus": analysis.RecommendationStatuses,
		"FollowUpEventKind":    analysis.FollowUpEvents,
	} {
		if got := schemaEnum(t, doc.Components.Schemas[name]); !slices.Equal(got, want) {
			t.Errorf("schema %s: enum %v, want %v", name, got, want)
		}
	}
	codes := []string{
		koncern.EBADREQUEST, koncern.EINVALID, koncern.ENOTFOUND, koncern.ECONFLICT,
		koncern.EPRECONDITION, koncern.ETOOLARGE, koncern.EUNSUPPORTED, koncern.EUNAVAILABLE,
		koncern.EMETHOD, koncern.EINTERNAL, koncern.ENOTACCEPT, koncern.ERATELIMIT,
		koncern.EPRECONDREQUIRED, koncern.EUNAUTHORIZED, koncern.EFORBIDDEN,
	}
	got := schemaEnum(t, doc.Components.Schemas["Problem"].Value.Properties["code"])
	slices.Sort(got)
	slices.Sort(codes)
	if !slices.Equal(got, codes) {
		t.Errorf("Problem.code: enum %v, want %v", got, codes)
	}
}

func schemaEnum(t *testing.T, ref *openapi3.SchemaRef) []string {
	t.Helper()
	if ref == nil || ref.Value == nil {
		t.Fatal("schema missing from openapi.yaml")
	}
	out := make([]string, len(ref.Value.Enum))
	for i, v := range ref.Value.Enum {
		out[i], _ = v.(string)
	}
	return out
}

// TestMarkdownBlocksEscapes makes sure description text cannot add markup
// of its own to the page, while the few Markdown forms used still render.
func TestMarkdownBlocksEscapes(t *testing.T) {
	blocks := markdownBlocks("## Dates\n\nUse `at` <script>alert(1)</script> & **care**.")
	if len(blocks) != 2 || !blocks[0].Heading || blocks[0].HTML != "Dates" {
		t.Fatalf("blocks = %+v", blocks)
	}
	want := "Use <code>at</code> &lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>care</strong>."
	if string(blocks[1].HTML) != want {
		t.Errorf("got %q, want %q", blocks[1].HTML, want)
	}
}
