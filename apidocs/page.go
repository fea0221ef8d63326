// Package apidocs renders the contract, openapi.yaml, as one
// self-contained HTML page for people: the server serves it at /docs.
package apidocs

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Page renders the API description as one self-contained HTML page. It
// is built from the same document the server publishes at /openapi.yaml, so
// the page a reader sees cannot disagree with the contract. The page needs
// no scripts, fonts or stylesheets from elsewhere: registry staff and
// auditors read it on networks that may reach nothing but this server.
func Page(doc *openapi3.T) ([]byte, error) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, newDocsView(doc)); err != nil {
		return nil, fmt.Errorf("render docs page: %w", err)
	}
	return buf.Bytes(), nil
}

// docsView is everything the template shows, computed up front so that the
// template itself stays free of logic over the OpenAPI types.
type docsView struct {
	Title       string
	Version     string
	Summary     string
	Description template.HTML
	Tags        []docsTag
	Schemas     []docsSchema
}

type docsTag struct {
	Name        string
	Anchor      string
	Description template.HTML
	Operations  []docsOperation
}

type docsOperation struct {
	ID          string
	Method      string
	Path        string
	Summary     string
	Description template.HTML
	Parameters  []docsParameter
	Body        *docsBody
	Responses   []docsResponse
}

type docsParameter struct {
	Name        string
	In          string
	Type        string
	Required    bool
	Description template.HTML
}

type docsBody struct {
	Schema     string
	Anchor     string
	MediaTypes []string
	Required   bool
	Properties []docsProperty
}

type docsProperty struct {
	Name        string
	Type        string
	Required    bool
	Description template.HTML
}

type docsResponse struct {
	Status      string
	Description template.HTML
	MediaTypes  []string
	Schema      string
	Anchor      string
	Headers     []string
}

type docsSchema struct {
	Name        string
	Description template.HTML
	Type        string
	Properties  []docsProperty
}

// methodOrder lists methods in the order a reader expects them: reads,
// then writes, then the end of a record.
var methodOrder = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

// untagged collects operations that name no tag, so that none is left off
// the page.
const untagged = "other"

func newDocsView(doc *openapi3.T) docsView {
	v := docsView{Tags: tagsOf(doc), Schemas: schemasOf(doc)}
	if doc.Info != nil {
		v.Title, v.Version, v.Summary = doc.Info.Title, doc.Info.Version, doc.Info.Summary
		v.Description = markdown(doc.Info.Description)
	}
	return v
}

// tagsOf groups the operations by their first tag, in the order the
// document declares its tags; tags that are used but not declared follow.
func tagsOf(doc *openapi3.T) []docsTag {
	var tags []docsTag
	index := map[string]int{}
	add := func(name, description string) {
		if _, ok := index[name]; !ok {
			index[name] = len(tags)
			tags = append(tags, docsTag{Name: name, Anchor: "tag-" + name, Description: markdown(description)})
		}
	}
	for _, t := range doc.Tags {
		add(t.Name, t.Description)
	}
	for _, op := range operationsOf(doc) {
		tag := untagged
		if len(op.tags) > 0 {
			tag = op.tags[0]
		}
		add(tag, "")
		tags[index[tag]].Operations = append(tags[index[tag]].Operations, op.view)
	}
	return slices.DeleteFunc(tags, func(t docsTag) bool { return len(t.Operations) == 0 })
}

// taggedOperation keeps an operation's tags beside its view until it has
// been filed under one of them.
type taggedOperation struct {
	tags []string
	view docsOperation
}

// operationsOf lists every operation by path and then by method, which
// puts a collection before its members and a read before a write.
func operationsOf(doc *openapi3.T) []taggedOperation {
	var out []taggedOperation
	if doc.Paths == nil {
		return out
	}
	for _, path := range doc.Paths.Keys() {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range sortedMethods(ops) {
			op := ops[method]
			out = append(out, taggedOperation{tags: op.Tags, view: operationView(path, method, item, op)})
		}
	}
	return out
}

// sortedMethods orders methods by methodOrder, and any others after them
// alphabetically, so that the page reads the same on every render.
func sortedMethods(ops map[string]*openapi3.Operation) []string {
	rank := func(m string) int {
		if i := slices.Index(methodOrder, m); i >= 0 {
			return i
		}
		return len(methodOrder)
	}
	return slices.SortedFunc(maps.Keys(ops), func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
}

func operationView(path, method string, item *openapi3.PathItem, op *openapi3.Operation) docsOperation {
	return docsOperation{
		ID:          op.OperationID,
		Method:      method,
		Path:        path,
		Summary:     op.Summary,
		Description: markdown(op.Description),
		Parameters:  parametersOf(item.Parameters, op.Parameters),
		Body:        bodyOf(op.RequestBody),
		Responses:   responsesOf(op.Responses),
	}
}

// parametersOf merges the path item's parameters with the operation's; an
// operation's parameter replaces a path item's of the same name and place,
// as the specification says.
func parametersOf(shared, own openapi3.Parameters) []docsParameter {
	var out []docsParameter
	for _, ref := range shared {
		if p := ref.Value; p != nil && own.GetByInAndName(p.In, p.Name) == nil {
			out = append(out, parameterView(p))
		}
	}
	for _, ref := range own {
		if ref.Value != nil {
			out = append(out, parameterView(ref.Value))
		}
	}
	return out
}

func parameterView(p *openapi3.Parameter) docsParameter {
	description := p.Description
	if description == "" && p.Schema != nil && p.Schema.Value != nil {
		description = p.Schema.Value.Description
	}
	return docsParameter{
		Name:        p.Name,
		In:          p.In,
		Type:        schemaType(p.Schema),
		Required:    p.Required,
		Description: markdown(description),
	}
}

// bodyOf describes a request body by the schema of its JSON form, which is
// the one every operation of this API accepts.
func bodyOf(ref *openapi3.RequestBodyRef) *docsBody {
	if ref == nil || ref.Value == nil {
		return nil
	}
	types := slices.Sorted(maps.Keys(ref.Value.Content))
	schema := primarySchema(ref.Value.Content, types)
	return &docsBody{
		Schema:     schemaType(schema),
		Anchor:     schemaAnchor(schema),
		MediaTypes: types,
		Required:   ref.Value.Required,
		Properties: propertiesOf(schema),
	}
}

func responsesOf(responses *openapi3.Responses) []docsResponse {
	if responses == nil {
		return nil
	}
	var out []docsResponse
	for _, status := range responses.Keys() {
		ref := responses.Value(status)
		if ref == nil || ref.Value == nil {
			continue
		}
		out = append(out, responseView(status, ref.Value))
	}
	return out
}

func responseView(status string, r *openapi3.Response) docsResponse {
	types := slices.Sorted(maps.Keys(r.Content))
	schema := primarySchema(r.Content, types)
	description := ""
	if r.Description != nil {
		description = *r.Description
	}
	return docsResponse{
		Status:      status,
		Description: markdown(description),
		MediaTypes:  types,
		Schema:      schemaType(schema),
		Anchor:      schemaAnchor(schema),
		Headers:     slices.Sorted(maps.Keys(r.Headers)),
	}
}

// primarySchema picks the schema of the JSON form when there is one, and
// otherwise that of the first media type, so that a body offered in several
// media types is described once.
func primarySchema(content openapi3.Content, types []string) *openapi3.SchemaRef {
	if mt := content.Get("application/json"); mt != nil && mt.Schema != nil {
		return mt.Schema
	}
	for _, t := range types {
		if mt := content[t]; mt != nil && mt.Schema != nil {
			return mt.Schema
		}
	}
	return nil
}

// schemasOf lists the named schemas so that the response types an
// operation names can be looked up on the same page.
func schemasOf(doc *openapi3.T) []docsSchema {
	if doc.Components == nil {
		return nil
	}
	var out []docsSchema
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		out = append(out, docsSchema{
			Name:        name,
			Description: markdown(ref.Value.Description),
			Type:        inlineType(ref.Value),
			Properties:  propertiesOf(ref),
		})
	}
	return out
}

// propertiesOf lists an object schema's properties: the required ones
// first, in the order the schema requires them, as they are what a client
// must send; then the optional ones alphabetically.
func propertiesOf(ref *openapi3.SchemaRef) []docsProperty {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	names := slices.Clone(s.Required)
	var optional []string
	for name := range s.Properties {
		if !slices.Contains(names, name) {
			optional = append(optional, name)
		}
	}
	slices.Sort(optional)
	names = append(names, optional...)
	out := make([]docsProperty, 0, len(names))
	for _, name := range names {
		out = append(out, propertyView(name, s.Properties[name], slices.Contains(s.Required, name)))
	}
	return out
}

func propertyView(name string, ref *openapi3.SchemaRef, required bool) docsProperty {
	description := ""
	if ref != nil && ref.Value != nil {
		description = ref.Value.Description
		if ref.Ref != "" && len(ref.Value.Enum) > 0 {
			description = "One of: " + EnumList(ref.Value.Enum) + "."
		}
	}
	return docsProperty{Name: name, Type: schemaType(ref), Required: required, Description: markdown(description)}
}

// schemaAnchor is the anchor of the Schemas entry a schema refers to, or
// empty for an inline schema, which has no entry to link to.
func schemaAnchor(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Ref == "" {
		return ""
	}
	return "schema-" + refName(ref.Ref)
}

// schemaType names a property's type for a reader: the component it refers
// to, or its JSON types with format and bounds.
func schemaType(ref *openapi3.SchemaRef) string {
	if ref == nil {
		return ""
	}
	if ref.Ref != "" {
		return refName(ref.Ref)
	}
	if ref.Value == nil {
		return ""
	}
	return inlineType(ref.Value)
}

func refName(ref string) string {
	return ref[strings.LastIndex(ref, "/")+1:]
}

// inlineType writes a schema's type as text such as "string | null (uuid)"
// or "array of Organization", with the constraints a client must meet.
func inlineType(s *openapi3.Schema) string {
	var b strings.Builder
	if s.Type != nil {
		b.WriteString(strings.Join(s.Type.Slice(), " | "))
	}
	if s.Type.Includes(openapi3.TypeArray) && s.Items != nil {
		b.WriteString(" of " + schemaType(s.Items))
	}
	if s.Format != "" {
		b.WriteString(" (" + s.Format + ")")
	}
	if c := constraints(s); c != "" {
		b.WriteString(", " + c)
	}
	return b.String()
}

// constraints lists the bounds, pattern, enumeration and default of a
// schema, which a client needs to know before the server rejects a value.
func constraints(s *openapi3.Schema) string {
	var parts []string
	if len(s.Enum) > 0 {
		parts = append(parts, "one of: "+EnumList(s.Enum))
	}
	if s.Const != nil {
		parts = append(parts, fmt.Sprintf("always %v", s.Const))
	}
	if s.Min != nil {
		parts = append(parts, "≥ "+formatNumber(*s.Min))
	}
	if s.Max != nil {
		parts = append(parts, "≤ "+formatNumber(*s.Max))
	}
	if c := lengthBounds(s); c != "" {
		parts = append(parts, c)
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern "+s.Pattern)
	}
	if s.Default != nil {
		parts = append(parts, fmt.Sprintf("default %v", s.Default))
	}
	if s.MinProps > 0 {
		parts = append(parts, fmt.Sprintf("at least %d of its properties", s.MinProps))
	}
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		parts = append(parts, "no other properties")
	}
	return strings.Join(parts, ", ")
}

// lengthBounds writes a string's length limits as one phrase, since
// "1–200 characters" reads better than two separate bounds.
func lengthBounds(s *openapi3.Schema) string {
	switch {
	case s.MinLength > 0 && s.MaxLength != nil:
		return fmt.Sprintf("%d–%d characters", s.MinLength, *s.MaxLength)
	case s.MinLength > 0:
		return fmt.Sprintf("at least %d characters", s.MinLength)
	case s.MaxLength != nil:
		return fmt.Sprintf("at most %d characters", *s.MaxLength)
	}
	return ""
}

// EnumList writes an enumeration's values for people, as the page lists
// them; the server's refusals of a value outside one list them alike.
func EnumList(values []any) string {
	parts := make([]string, len(values))
	for i, v := range values {
		// A nullable enum lists null, which Go would print as <nil>.
		if v == nil {
			v = "null"
		}
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}

// formatNumber writes whole numbers without a decimal point, as bounds on
// counts such as limit are written in the specification.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// pageHTML is the page's template. It is written as XHTML (every element
// closed, attributes quoted), as the Markdown renderer writes, so that
// tests can check the page with an XML parser.
//
//go:embed page.html
var pageHTML string

// pageTemplate is parsed once, when the server starts; the tests render it.
var pageTemplate = template.Must(template.New("docs").Funcs(template.FuncMap{
	"lower": strings.ToLower,
}).Parse(pageHTML))
