package handlers

import (
	"context"
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

// TestSpecContentHasSchemas keeps every body the contract describes typed:
// a media type without a schema (a CSV, a drawing, a workbook) makes
// generated clients type it as an empty object, and lets the contract check
// accept anything. Text is {type: string}, binary {type: string, format:
// binary}.
func TestSpecContentHasSchemas(t *testing.T) {
	doc := loadContract(t)
	checked := 0
	check := func(where string, content openapi3.Content) {
		for mediaType, mt := range content {
			checked++
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				t.Errorf("%s: %s has no schema", where, mediaType)
			}
		}
	}
	for _, path := range doc.Paths.Keys() {
		for method, op := range doc.Paths.Value(path).Operations() {
			where := method + " " + path
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				check(where+" request body", op.RequestBody.Value.Content)
			}
			for status, ref := range op.Responses.Map() {
				if ref.Value != nil {
					check(where+" → "+status, ref.Value.Content)
				}
			}
		}
	}
	for name, ref := range doc.Components.Responses {
		if ref.Value != nil {
			check("components.responses."+name, ref.Value.Content)
		}
	}
	// The walk must have reached the non-JSON answers it exists for.
	if checked < 100 {
		t.Errorf("checked only %d media types; the walk missed the contract", checked)
	}
}
