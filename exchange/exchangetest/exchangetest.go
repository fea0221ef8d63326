// Package exchangetest validates exports against the official BODS 0.4 and
// Popolo schemas, which it carries in schemas/ (see schemas/README.md), so
// that the exchange package and the HTTP tests check the same thing.
package exchangetest

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"path"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schemas
var schemas embed.FS

// Popolo's schemas name themselves by these URLs; the files are under
// schemas/popolo with the same base names.
const popoloBase = "http://www.popoloproject.com/schemas/"

// BODSStatements compiles the BODS 0.4 schema of a list of statements
// (statement.json).
func BODSStatements(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return compile(tb, bods(tb), "urn:statement")
}

// BODSStatement compiles the schema of one statement, so that a failure
// names the statement at fault rather than an index into the list.
func BODSStatement(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return compile(tb, bods(tb), "urn:statement#/$defs/Statement")
}

// bods returns a compiler that knows every file of the standard by its
// $id and asserts formats such as date, as the standard intends.
func bods(tb testing.TB) *jsonschema.Compiler {
	tb.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for name, doc := range readAll(tb, "schemas/bods-0.4") {
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			tb.Fatalf("BODS schema %s has no $id", name)
		}
		if err := c.AddResource(id, doc); err != nil {
			tb.Fatal(err)
		}
	}
	return c
}

// Popolo compiles the Popolo schemas of a person, an organization, a post
// and a membership, keyed by those names, after converting every file from
// draft-03 to draft-04.
func Popolo(tb testing.TB) map[string]*jsonschema.Schema {
	tb.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for name, doc := range readAll(tb, "schemas/popolo") {
		if err := c.AddResource(popoloBase+name, draft04(doc)); err != nil {
			tb.Fatal(err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, kind := range []string{"person", "organization", "post", "membership"} {
		out[kind] = compile(tb, c, popoloBase+kind+".json")
	}
	return out
}

// Validate checks one value, given as Go data or as JSON bytes, against a
// schema and fails the test with the schema's own explanation.
func Validate(tb testing.TB, sch *jsonschema.Schema, what string, v any) {
	tb.Helper()
	doc := Generic(tb, v)
	if err := sch.Validate(doc); err != nil {
		b, _ := json.MarshalIndent(doc, "", "  ")
		tb.Fatalf("%s does not validate: %v\n%s", what, err, b)
	}
}

// Generic turns a value into what the validator walks: JSON bytes are
// parsed, anything else goes through JSON first. Numbers stay exact.
func Generic(tb testing.TB, v any) any {
	tb.Helper()
	b, ok := v.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			tb.Fatal(err)
		}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("not JSON: %v\n%s", err, b)
	}
	return doc
}

func compile(tb testing.TB, c *jsonschema.Compiler, loc string) *jsonschema.Schema {
	tb.Helper()
	sch, err := c.Compile(loc)
	if err != nil {
		tb.Fatalf("compile %s: %v", loc, err)
	}
	return sch
}

// readAll parses every JSON file of dir, keyed by base name.
func readAll(tb testing.TB, dir string) map[string]any {
	tb.Helper()
	files, err := fs.Glob(schemas, path.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no schemas in %s: %v", dir, err)
	}
	out := map[string]any{}
	for _, f := range files {
		b, err := schemas.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out[path.Base(f)] = doc
	}
	return out
}

// draft04 converts a draft-03 schema: in draft-03 a property says
// "required": true itself, in draft-04 its parent lists it under required.
// Nothing else in Popolo's schemas differs between the drafts.
func draft04(doc any) any {
	m, ok := doc.(map[string]any)
	if !ok {
		if list, ok := doc.([]any); ok {
			for i := range list {
				list[i] = draft04(list[i])
			}
		}
		return doc
	}
	if _, ok := m["$schema"]; ok {
		m["$schema"] = "http://json-schema.org/draft-04/schema#"
	}
	if props, ok := m["properties"].(map[string]any); ok {
		var required []any
		for name, p := range props {
			if ps, ok := p.(map[string]any); ok {
				if r, ok := ps["required"].(bool); ok {
					delete(ps, "required")
					if r {
						required = append(required, name)
					}
				}
			}
		}
		if len(required) > 0 {
			m["required"] = required
		}
	}
	for k, v := range m {
		m[k] = draft04(v)
	}
	return m
}
