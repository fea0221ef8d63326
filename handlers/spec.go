package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/apidocs"
)

// validateAgainstSpec checks every request against openapi.yaml before a
// handler sees it, so that the contract is enforced, not only described.
func validateAgainstSpec(doc *openapi3.T) (echo.MiddlewareFunc, error) {
	// kin-openapi validates a 3.1 document through a JSON Schema compiler
	// that it runs anew for every parameter of every request (some 20 µs
	// each, most of a simple GET's cost). Its own validator, which it uses
	// for 3.0 documents, walks the parsed schemas instead and knows the
	// 3.1 forms this contract uses (type lists with "null"); so requests
	// are checked as if the document said 3.0. TestRejections and the
	// fuzz targets hold the checks to the contract.
	legacyDoc := *doc
	legacyDoc.OpenAPI = "3.0.3"
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	// Authentication is the authenticate middleware's; the contract check
	// looks at the request's shape only.
	opts := &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			route, params, err := router.FindRoute(c.Request())
			if err != nil {
				// Not in the contract: let Echo answer 404 or 405.
				var routeErr *routers.RouteError
				if errors.As(err, &routeErr) {
					return next(c)
				}
				return err
			}
			if err := unknownQueryParameters(c.Request(), route); err != nil {
				return err
			}
			asLegacy := *route
			asLegacy.Spec = &legacyDoc
			input := &openapi3filter.RequestValidationInput{Request: c.Request(), PathParams: params, Route: &asLegacy, Options: opts}
			if err := withoutMissingIfMatch(openapi3filter.ValidateRequest(c.Request().Context(), input)); err != nil {
				return specError(err, c.Request().Method == http.MethodPatch)
			}
			return next(c)
		}
	}, nil
}

// withoutMissingIfMatch drops the absence of the If-Match header from
// kin-openapi's findings, and returns nil when nothing else is left. The
// contract marks If-Match required, so that generated clients make the
// caller give it; but a change without it is not a malformed request (400)
// but one without a precondition, which ifMatch refuses with 428 (RFC
// 6585), after the checks of the body and of the caller's right to make it.
func withoutMissingIfMatch(err error) error {
	multi, ok := err.(openapi3.MultiError)
	if !ok {
		if isMissingIfMatch(err) {
			return nil
		}
		return err
	}
	rest := slices.DeleteFunc(slices.Clone(multi), isMissingIfMatch)
	if len(rest) == 0 {
		return nil
	}
	return rest
}

func isMissingIfMatch(err error) bool {
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) || reqErr.Parameter == nil {
		return false
	}
	p := reqErr.Parameter
	return p.In == openapi3.ParameterInHeader && http.CanonicalHeaderKey(p.Name) == "If-Match" &&
		(errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired) || errors.Is(reqErr.Err, openapi3filter.ErrInvalidEmptyValue))
}

// maxUnknownNamed is how many unknown query parameters a refusal names;
// the rest it counts, so that a query of thousands of them gets a short
// answer.
const maxUnknownNamed = 5

// maxNameShown bounds the length of a parameter name a refusal repeats.
const maxNameShown = 64

// unknownQueryParameters refuses query parameters the operation does not
// declare: a misspelt filter (kinds=company) would otherwise be ignored and
// the client would get an unfiltered list without noticing. It also refuses
// a query net/url cannot read whole (a bad escape, more than 10 000
// parameters), since url.URL.Query, which the handlers read, would drop
// those parameters, or all of them, without a word.
func unknownQueryParameters(req *http.Request, route *routers.Route) error {
	query, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		return koncern.Errorf(koncern.EBADREQUEST, "the query string could not be read: %v", err)
	}
	declared := map[string]bool{}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range params {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	var unknown []string
	for name := range query {
		if !declared[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	named := unknown[:min(len(unknown), maxUnknownNamed)]
	fields := make([]koncern.FieldError, len(named))
	for i, name := range named {
		fields[i] = koncern.FieldError{Field: shorten(name, maxNameShown), Message: "is not a parameter of this operation"}
	}
	msg := koncern.SummarizeFields(fields)
	if more := len(unknown) - len(named); more > 0 {
		msg += fmt.Sprintf("; and %d more parameters this operation does not declare", more)
	}
	return &koncern.Error{Code: koncern.EBADREQUEST, Message: msg, Fields: fields}
}

// shorten cuts s to at most n bytes, on a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// specError turns kin-openapi's findings into a problem that names each
// field: a bad parameter is a bad request, a bad body a validation failure.
func specError(err error, patch bool) error {
	out := &koncern.Error{Code: koncern.EINVALID}
	collectSpecErrors(err, "", patch, out)
	if len(out.Fields) == 0 {
		return koncern.Errorf(koncern.EBADREQUEST, "the request does not match the API")
	}
	out.Message = koncern.SummarizeFields(out.Fields)
	return out
}

// collectSpecErrors walks the tree of errors kin-openapi returns. param is
// the query or path parameter the errors below belong to, if any.
func collectSpecErrors(err error, param string, patch bool, out *koncern.Error) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, x := range e {
			collectSpecErrors(x, param, patch, out)
		}
	case *openapi3filter.RequestError:
		collectRequestError(e, patch, out)
	case *openapi3.SchemaError:
		collectSchemaError(e, param, patch, out)
	default:
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			out.Code = koncern.ETOOLARGE
			out.Fields = append(out.Fields, koncern.FieldError{Field: "body", Message: fmt.Sprintf("must not be larger than %d bytes", maxErr.Limit)})
			return
		}
		out.Code = koncern.EBADREQUEST
		out.Fields = append(out.Fields, koncern.FieldError{Field: fieldOr(param, "body"), Message: "could not be read"})
	}
}

func collectRequestError(e *openapi3filter.RequestError, patch bool, out *koncern.Error) {
	switch {
	case e.Parameter != nil:
		out.Code = koncern.EBADREQUEST
		if errors.Is(e.Err, openapi3filter.ErrInvalidRequired) || errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue) {
			out.Fields = append(out.Fields, koncern.FieldError{Field: e.Parameter.Name, Message: "is required"})
			return
		}
		if e.Err == nil {
			out.Fields = append(out.Fields, koncern.FieldError{Field: e.Parameter.Name, Message: e.Reason})
			return
		}
		collectSpecErrors(e.Err, e.Parameter.Name, patch, out)
	case strings.Contains(e.Reason, "Content-Type"):
		out.Code = koncern.EUNSUPPORTED
		out.Fields = append(out.Fields, koncern.FieldError{Field: "Content-Type", Message: "send the body as application/json"})
	case e.Err == nil:
		out.Code = koncern.EBADREQUEST
		out.Fields = append(out.Fields, koncern.FieldError{Field: "body", Message: e.Reason})
	default:
		collectSpecErrors(e.Err, "", patch, out)
	}
}

// collectSchemaError names the field at fault. An object with fields the
// schema does not have is reported field by field.
func collectSchemaError(e *openapi3.SchemaError, param string, patch bool, out *koncern.Error) {
	field := fieldOr(param, strings.Join(e.JSONPointer(), "."))
	if obj, ok := e.Value.(map[string]any); ok && e.Schema != nil && (e.SchemaField == "properties" || e.SchemaField == "additionalProperties") {
		for _, name := range unknownProperties(obj, e.Schema) {
			out.Fields = append(out.Fields, koncern.FieldError{Field: joinField(field, name), Message: koncern.UnknownFieldMessage(name, patch)})
		}
		return
	}
	out.Fields = append(out.Fields, koncern.FieldError{Field: fieldOr(field, "body"), Message: schemaMessage(e)})
}

func unknownProperties(obj map[string]any, schema *openapi3.Schema) []string {
	var names []string
	for name := range obj {
		if _, ok := schema.Properties[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// schemaMessage words a schema violation for people, without echoing the
// JSON Schema machinery.
func schemaMessage(e *openapi3.SchemaError) string {
	s := e.Schema
	switch {
	case s == nil:
	case e.SchemaField == "format" && s.Format == "date":
		return "must be a date written YYYY-MM-DD"
	case e.SchemaField == "format" && s.Format == "uuid":
		return "must be a UUID"
	case e.SchemaField == "enum":
		return "must be one of: " + apidocs.EnumList(s.Enum)
	case e.SchemaField == "maximum" && s.Max != nil:
		return fmt.Sprintf("must be at most %v", *s.Max)
	case e.SchemaField == "minimum" && s.Min != nil:
		return fmt.Sprintf("must be at least %v", *s.Min)
	case e.SchemaField == "maxLength" && s.MaxLength != nil:
		return fmt.Sprintf("must be at most %d characters", *s.MaxLength)
	case e.SchemaField == "minLength":
		return "must not be empty"
	case e.SchemaField == "required":
		return "is required"
	case e.SchemaField == "pattern":
		return "does not have the expected form " + s.Pattern
	}
	reason, _, _ := strings.Cut(e.Reason, "\n")
	return reason
}

func fieldOr(field, fallback string) string {
	if field == "" {
		return fallback
	}
	return field
}

func joinField(prefix, name string) string {
	if prefix == "" || prefix == "body" {
		return name
	}
	return prefix + "." + name
}
