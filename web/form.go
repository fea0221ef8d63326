package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
)

// The kinds of a form's fields: how a value is typed in and how the text
// a browser posts becomes the JSON value the API would have been sent.
const (
	kindText     = "text"
	kindTextarea = "textarea"
	kindNumber   = "number"
	kindDate     = "date"
	kindCheck    = "checkbox"
	kindEnum     = "enum"
	kindOrg      = "organization"
	kindPost     = "post"
	kindPerson   = "person"
	kindDocument = "document"
	// kindOrgs is a list of organisations (a document's subjects), chosen
	// in a select of several.
	kindOrgs = "organizations"
)

// formField is one field of a register's form. Name is the field's JSON
// name, the one the API binds and the registry's errors name, so that a
// form is read by the same rules as a request and an error lands beside
// the field it is about.
type formField struct {
	Name  string
	Label string // message key
	Kind  string
	// Vocabulary names the labels of an enum's values.
	Vocabulary string
	Required   bool
}

// values is a stored record as a form shows it: each field of its JSON
// form as text ("" for null), with "id" and "version" among them.
type values map[string]string

// recordForm is one register's create, change and end forms: its fields
// and the registry's operations, each working on the JSON values the API
// would have been sent and answering with the record as values.
type recordForm struct {
	// register is the register's word in paths and access checks.
	register string
	fields   []formField
	// immutable names the fields a change cannot touch (the patch's
	// Immutable list): shown on the edit form, not offered.
	immutable []string
	create    func(ctx context.Context, raw map[string]json.RawMessage) (values, error)
	get       func(ctx context.Context, id uuid.UUID) (values, error)
	update    func(ctx context.Context, id uuid.UUID, version int, raw map[string]json.RawMessage) (values, error)
	end       func(ctx context.Context, id uuid.UUID, version int, on koncern.Date) (values, error)
	// show is the page of a record, where a form goes when it is done.
	show func(v values) string
}

// registryOps are one register's operations in the registry, typed as
// the API handlers call them.
type registryOps[In any, P any, Out any] struct {
	create func(context.Context, In) (Out, error)
	get    func(context.Context, uuid.UUID) (Out, error)
	update func(context.Context, uuid.UUID, int, P) (Out, error)
	end    func(context.Context, uuid.UUID, int, koncern.Date) (Out, error)
}

// bind gives f the operations of o: the posted values are decoded into
// the register's input or patch type by handlers.DecodeFields, the API's
// own decoding, and the registry then validates and judges them as it
// does every request.
func (o registryOps[In, P, Out]) bind(f recordForm) recordForm {
	f.create = func(ctx context.Context, raw map[string]json.RawMessage) (values, error) {
		var in In
		if err := handlers.DecodeFields(raw, &in, false); err != nil {
			return nil, err
		}
		return valuesOf(o.create(ctx, in))
	}
	f.get = func(ctx context.Context, id uuid.UUID) (values, error) { return valuesOf(o.get(ctx, id)) }
	f.update = func(ctx context.Context, id uuid.UUID, version int, raw map[string]json.RawMessage) (values, error) {
		var p P
		if err := handlers.DecodeFields(raw, &p, true); err != nil {
			return nil, err
		}
		return valuesOf(o.update(ctx, id, version, p))
	}
	f.end = func(ctx context.Context, id uuid.UUID, version int, on koncern.Date) (values, error) {
		return valuesOf(o.end(ctx, id, version, on))
	}
	return f
}

// valuesOf is a stored record as text by its JSON names: what the API
// would show of it, so that no field is named twice.
func valuesOf[Out any](out Out, err error) (values, error) {
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	v := values{}
	for k, r := range raw {
		var s string
		switch {
		case string(r) == "null":
		case json.Unmarshal(r, &s) == nil:
			v[k] = s
		default:
			v[k] = string(r)
		}
	}
	return v, nil
}

// jsonValues turns what a form posted into the JSON object the API would
// have been sent: every field of the form that the post carries, by its
// kind. A field the post does not carry is left out, as a client leaves
// it out of a PATCH; the registry, not the form, decides whether it may
// be missing.
func jsonValues(fields []formField, posted url.Values) map[string]json.RawMessage {
	raw := map[string]json.RawMessage{}
	for _, f := range fields {
		vs, ok := posted[f.Name]
		if !ok || len(vs) == 0 {
			continue
		}
		if f.Kind == kindOrgs {
			raw[f.Name] = idList(vs)
			continue
		}
		// A checkbox posts a hidden "false" before its "true", so that an
		// unticked box is sent too; the last value is the box's.
		raw[f.Name] = f.json(vs[len(vs)-1])
	}
	return raw
}

// json is the JSON value of the text s typed into f.
func (f formField) json(s string) json.RawMessage {
	switch f.Kind {
	case kindCheck:
		return json.RawMessage(fmt.Sprint(s == "true"))
	case kindTextarea:
		// Browsers send a text area's line breaks as CR LF; the registry
		// keeps line feeds only.
		s = strings.ReplaceAll(s, "\r\n", "\n")
	case kindNumber:
		// "10 000" and "12,5" are how Swedes write numbers.
		s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".").Replace(s)
		if s != "" && json.Valid([]byte(s)) && strings.ContainsAny(s[:1], "-0123456789") {
			return json.RawMessage(s)
		}
	default:
		s = strings.TrimSpace(s)
	}
	if s == "" && (!f.Required || !slices.Contains([]string{kindText, kindTextarea, kindEnum}, f.Kind)) {
		return json.RawMessage("null")
	}
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// idList is the JSON list of the ids a select of several posted, null for
// none. The select posts a hidden empty value first, so that choosing none
// is sent too (as a checkbox does); empty values are not ids.
func idList(vs []string) json.RawMessage {
	var ids []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			ids = append(ids, v)
		}
	}
	if len(ids) == 0 {
		return json.RawMessage("null")
	}
	b, _ := json.Marshal(ids) // strings always marshal
	return b
}

// typedValue is a posted field as the form shows it again: the last value
// posted, or for a list all of them as the stored record writes it.
func typedValue(f formField, vs []string) string {
	if f.Kind == kindOrgs {
		return string(idList(vs))
	}
	return vs[len(vs)-1]
}
