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
	"strconv"
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
	if err := checkDuplicateKeys(body); err != nil {
		return err
	}
	return DecodeFields(raw, dst, c.Request().Method == http.MethodPatch)
}

// DecodeFields decodes the members of one JSON object, already split by
// key, into dst, a pointer to a DTO struct: the step of bindJSON that
// gives every error its field. The web forms call it with the values a
// form posted, so that a form and the API read a value by the same rules
// and name its faults alike. patch says whether dst is a patch, which
// decides what an unknown field is told.
func DecodeFields(raw map[string]json.RawMessage, dst any, patch bool) error {
	fields := jsonFields(reflect.ValueOf(dst).Elem())
	var errs []koncern.FieldError
	for _, name := range sortedKeys(raw) {
		f, ok := fields[name]
		if !ok {
			errs = append(errs, koncern.FieldError{Field: name, Message: koncern.UnknownFieldMessage(name, patch)})
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

// checkDuplicateKeys refuses a body in which one object names a key twice.
// encoding/json keeps the last value silently, so a client (or a proxy that
// reads the first one) and the registry would disagree on what was sent.
// It walks the tokens of a body that has already been decoded once, so the
// body is known to be well-formed and no deeper than the decoder allows.
func checkDuplicateKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers are skipped, not parsed as floats
	var path []pathStep
	err := duplicateKey(dec, &path)
	var kerr *koncern.Error
	if err != nil && !errors.As(err, &kerr) {
		return koncern.Errorf(koncern.EBADREQUEST, "the body must be one JSON object")
	}
	return err
}

// duplicateKey reads one JSON value from dec and returns an EBADREQUEST
// error naming the first key repeated within an object of it, or nil when
// there is none. path holds the keys and array indexes leading to the
// value; it is joined into a name only for the error.
func duplicateKey(dec *json.Decoder, path *[]pathStep) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		err = duplicateInObject(dec, path)
	case json.Delim('['):
		err = duplicateInArray(dec, path)
	default:
		return nil
	}
	if err != nil {
		return err
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// duplicateInObject reads the members of an object up to its closing
// brace, checking each key against the ones before it and each value in
// turn.
func duplicateInObject(dec *json.Decoder, path *[]pathStep) error {
	seen := map[string]bool{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		step := pathStep{key: k.(string)}
		if seen[step.key] {
			return duplicateKeyError(append(*path, step))
		}
		seen[step.key] = true
		if err := duplicateBelow(dec, path, step); err != nil {
			return err
		}
	}
	return nil
}

// duplicateInArray reads the elements of an array up to its closing
// bracket.
func duplicateInArray(dec *json.Decoder, path *[]pathStep) error {
	for i := 0; dec.More(); i++ {
		if err := duplicateBelow(dec, path, pathStep{index: i, element: true}); err != nil {
			return err
		}
	}
	return nil
}

// duplicateBelow reads the value at step below path.
func duplicateBelow(dec *json.Decoder, path *[]pathStep, step pathStep) error {
	*path = append(*path, step)
	err := duplicateKey(dec, path)
	*path = (*path)[:len(*path)-1]
	return err
}

// pathStep is one step from the body down to a value: a key of an object
// or the index of an array's element.
type pathStep struct {
	key     string
	index   int
	element bool
}

// duplicateKeyError names a repeated key by its path: the keys of the
// objects around it joined by dots, array elements by their index.
func duplicateKeyError(path []pathStep) error {
	var b strings.Builder
	for i, p := range path {
		switch {
		case p.element:
			b.WriteString("[" + strconv.Itoa(p.index) + "]")
		case i > 0:
			b.WriteString("." + p.key)
		default:
			b.WriteString(p.key)
		}
	}
	key := b.String()
	msg := "appears more than once in the same object; send each key once"
	return &koncern.Error{Code: koncern.EBADREQUEST, Message: key + ": " + msg, Fields: []koncern.FieldError{{Field: key, Message: msg}}}
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
