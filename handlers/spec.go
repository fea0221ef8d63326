package handlers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// validateAgainstSpec checks every request against openapi.yaml before a
// handler sees it, so that the contract is enforced, not only described.
func validateAgainstSpec(doc *openapi3.T) (echo.MiddlewareFunc, error) {
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	opts := &openapi3filter.Options{MultiError: true}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			route, params, err := router.FindRoute(c.Request())
			if err != nil {
				// Not in the contract: let Echo answer 404 or 405.
				if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
					return next(c)
				}
				return err
			}
			input := &openapi3filter.RequestValidationInput{Request: c.Request(), PathParams: params, Route: route, Options: opts}
			if err := openapi3filter.ValidateRequest(c.Request().Context(), input); err != nil {
				return specError(err)
			}
			return next(c)
		}
	}, nil
}

// specError turns kin-openapi's findings into a problem that names each
// field: parameters are a bad request, body fields a validation failure.
func specError(err error) error {
	out := &koncern.Error{Code: koncern.EINVALID}
	collectSpecErrors(err, out)
	if len(out.Fields) == 0 {
		return koncern.Errorf(koncern.EBADREQUEST, "the request does not match the API: %s", err)
	}
	out.Message = koncern.SummarizeFields(out.Fields)
	return out
}

func collectSpecErrors(err error, out *koncern.Error) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			collectSpecErrors(e, out)
		}
		return
	}
	var reqErr *openapi3filter.RequestError
	if errors.As(err, &reqErr) && reqErr.Parameter != nil {
		out.Code = koncern.EBADREQUEST
		out.Fields = append(out.Fields, koncern.FieldError{Field: reqErr.Parameter.Name, Message: parameterMessage(reqErr)})
		return
	}
	if reqErr != nil && reqErr.Err != nil && !isSchemaError(reqErr.Err) {
		if errors.As(reqErr.Err, &multi) {
			collectSpecErrors(multi, out)
			return
		}
		code := koncern.EBADREQUEST
		if strings.Contains(reqErr.Error(), "header Content-Type") {
			code = koncern.EUNSUPPORTED
		}
		out.Code = code
		out.Fields = append(out.Fields, koncern.FieldError{Field: "body", Message: reqErr.Error()})
		return
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		field := strings.Join(schemaErr.JSONPointer(), ".")
		if field == "" {
			field = "body"
		}
		out.Fields = append(out.Fields, koncern.FieldError{Field: field, Message: schemaErr.Reason})
	}
}

func isSchemaError(err error) bool {
	var schemaErr *openapi3.SchemaError
	return errors.As(err, &schemaErr)
}

func parameterMessage(e *openapi3filter.RequestError) string {
	var schemaErr *openapi3.SchemaError
	if errors.As(e.Err, &schemaErr) {
		return schemaErr.Reason
	}
	if e.Reason != "" {
		return e.Reason
	}
	return e.Error()
}
