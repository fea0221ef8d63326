package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// bindJSON reads the request body into dst, a pointer to a DTO struct. It
// decodes field by field so that every error names its field, reports all
// of them at once, and rejects fields the DTO does not have; this is what
// Echo's default binder cannot do (it ignores unknown fields and lets a
// body override path parameters).
func bindJSON(c echo.Context, dst any) error {
	if err := checkContentType(c.Request()); err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return koncern.Errorf(koncern.ETOOLARGE, "the body is larger than %d bytes", maxErr.Limit)
		}
		return koncern.Errorf(koncern.EBADREQUEST, "the body could not be read")
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return koncern.Errorf(koncern.EBADREQUEST, "the body must be one JSON object")
	}
	if dec.More() {
		return koncern.Errorf(koncern.EBADREQUEST, "the body must be one JSON object, with nothing after it")
	}
	fields := jsonFields(reflect.ValueOf(dst).Elem())
	var errs []koncern.FieldError
	for _, name := range sortedKeys(raw) {
		f, ok := fields[name]
		if !ok {
			errs = append(errs, koncern.FieldError{Field: name, Message: koncern.UnknownFieldMessage(name, c.Request().Method == http.MethodPatch)})
			continue
		}
		if err := json.Unmarshal(raw[name], f.Addr().Interface()); err != nil {
			errs = append(errs, koncern.FieldError{Field: name, Message: decodeMessage(f.Type(), err)})
		}
	}
	if len(errs) > 0 {
		return &koncern.Error{Code: koncern.EINVALID, Message: koncern.SummarizeFields(errs), Fields: errs}
	}
	return nil
}

func checkContentType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil || (mt != echo.MIMEApplicationJSON && mt != "application/merge-patch+json") {
		return koncern.Errorf(koncern.EUNSUPPORTED, "send the body as application/json")
	}
	return nil
}

// jsonFields maps the JSON names of v's fields, including those of
// embedded structs, to the settable fields.
func jsonFields(v reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && name == "" {
			for k, f := range jsonFields(v.Field(i)) {
				out[k] = f
			}
			continue
		}
		if sf.IsExported() && name != "" && name != "-" {
			out[name] = v.Field(i)
		}
	}
	return out
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decodeMessage says what was wrong with one field's JSON value without
// Go type names.
func decodeMessage(t reflect.Type, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "must be " + jsonKind(te.Type) + ", not " + te.Value
	}
	if strings.Contains(t.String(), "uuid.UUID") {
		return "must be a UUID"
	}
	return err.Error()
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Array:
		return "a UUID string"
	}
	return "a JSON value of another type"
}
