package koncern

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Validator checks input values against the tags on their fields. It is
// built once and shared: by the HTTP layer on request bodies and by the
// registry on every value it is asked to store, whoever sends it.
type Validator struct{ v *validator.Validate }

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 \-]{4,28}[0-9]$`)

// enums maps each enum tag to its list of allowed values.
var enums = map[string][]string{
	"orgkind":    OrgKinds,
	"role":       Roles,
	"linekind":   LineKinds,
	"basis":      Bases,
	"dockind":    DocumentKinds,
	"txtype":     TransactionTypes,
	"accessrole": AccessRoles,
	"severity":   Severities,
}

// NewValidator builds the validator with the registry's own tags.
func NewValidator() (*Validator, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	v.RegisterCustomTypeFunc(func(f reflect.Value) any { return f.Interface().(Date).String() }, Date{})
	v.RegisterStructValidation(validatePeriod, Period{})
	custom := map[string]validator.Func{
		"orgnr": func(fl validator.FieldLevel) bool {
			_, err := NormalizeOrgNumber(fl.Field().String())
			return err == nil
		},
		"trimmed": func(fl validator.FieldLevel) bool {
			s := fl.Field().String()
			return s == strings.TrimSpace(s) && s != ""
		},
		"phone":   func(fl validator.FieldLevel) bool { return phonePattern.MatchString(fl.Field().String()) },
		"visible": func(fl validator.FieldLevel) bool { return hasVisible(fl.Field().String()) },
		"weburl":  func(fl validator.FieldLevel) bool { return isWebURL(fl.Field().String()) },
		"count":   func(fl validator.FieldLevel) bool { return fl.Field().Int() <= MaxCount },
		"monthday": func(fl validator.FieldLevel) bool {
			_, _, err := ParseMonthDay(fl.Field().String())
			return err == nil
		},
	}
	for tag, list := range enums {
		custom[tag] = func(fl validator.FieldLevel) bool { return slices.Contains(list, fl.Field().String()) }
	}
	for tag, fn := range custom {
		if err := v.RegisterValidation(tag, fn); err != nil {
			return nil, fmt.Errorf("register validation %q: %w", tag, err)
		}
	}
	return &Validator{v: v}, nil
}

// jsonName reports a struct field by the name the client wrote.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func validatePeriod(sl validator.StructLevel) {
	p := sl.Current().Interface().(Period)
	if p.To != nil && !p.From.IsZero() && p.To.Before(p.From) {
		sl.ReportError(p.To, "valid_to", "To", "period", "")
	}
}

// Validate checks v and returns an EINVALID *Error listing every field at
// fault, or nil.
func (x *Validator) Validate(v any) error {
	out := &Error{Code: EINVALID, Fields: textFields(reflect.ValueOf(v))}
	err := x.v.Struct(v)
	var verrs validator.ValidationErrors
	if errors.As(err, &verrs) {
		for _, fe := range verrs {
			out.Fields = append(out.Fields, FieldError{Field: fe.Field(), Message: fieldMessage(fe)})
		}
	} else if err != nil {
		return err
	}
	if len(out.Fields) == 0 {
		return nil
	}
	out.Message = SummarizeFields(out.Fields)
	return out
}

// textFields names the string fields of v (and of the structs it embeds)
// that are not clean text (see textProblem). A field is one line unless
// its struct tag says text:"multiline". Every string field is checked, so
// that a field added later cannot miss the rule.
func textFields(v reflect.Value) []FieldError {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	var out []FieldError
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		if t.Field(i).Anonymous {
			out = append(out, textFields(f)...)
			continue
		}
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		if f.Kind() != reflect.String {
			continue
		}
		if msg := textProblem(f.String(), t.Field(i).Tag.Get("text") == "multiline"); msg != "" {
			out = append(out, FieldError{Field: jsonName(t.Field(i)), Message: msg})
		}
	}
	return out
}

// textProblem says what is wrong with s as text the registry stores, or
// "" when nothing is. Text must be valid UTF-8 without NUL, which
// PostgreSQL cannot store; without control characters (C0, DEL, C1) and
// the Unicode line and paragraph separators, which a single line must not
// hold and with which a name could ring, recolour or clear the terminal it
// is printed on (ESC sequences); and without the
// bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), with which "Evil\u202eBA" shows as "EvilAB" and a list
// of names can be made to read otherwise than it is stored. Multi-line text
// may hold line feeds and tabs. The bidirectional marks U+200E, U+200F and
// U+061C stay allowed: they set the direction of the neutral characters
// next to them in mixed Arabic, Hebrew and Latin text and cannot reorder a
// run of letters. Letters of every script, combining marks and emoji,
// zero-width joiners in them included, are text.
func textProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8 text"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return NULMessage
		case multiline && (r == '\n' || r == '\t'):
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			if multiline {
				return fmt.Sprintf("must not contain control characters other than line feed and tab (it holds U+%04X)", r)
			}
			return fmt.Sprintf("must be one line without control characters (it holds U+%04X)", r)
		case isBidiControl(r):
			return fmt.Sprintf("must not contain bidirectional embedding, override or isolate characters, which change the order text is shown in (it holds U+%04X)", r)
		}
	}
	return ""
}

// isBidiControl reports the bidirectional embeddings, overrides and
// isolates, and their terminators.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// hasVisible reports whether s holds a character that shows: a letter,
// digit, punctuation mark or symbol that is not one of the letters Unicode
// itself says to ignore (the Hangul fillers). Spaces, zero-width and other
// format characters and combining marks on their own show nothing, so a
// name made only of them is no name.
func hasVisible(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) {
			return true
		}
	}
	return false
}

// isWebURL reports whether s is an absolute http or https URL with a host:
// the only links a browser follows without running or reading something
// local (javascript:, data:, vbscript:, file:).
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "https" || scheme == "http"
}

// NULMessage is the message for text that holds a NUL character.
const NULMessage = "must not contain NUL characters"

// SummarizeFields writes field errors as one sentence for the detail line.
func SummarizeFields(fields []FieldError) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return strings.Join(parts, "; ")
}

func fieldMessage(fe validator.FieldError) string {
	if list, ok := enums[fe.Tag()]; ok {
		return "must be one of: " + strings.Join(list, ", ")
	}
	switch fe.Tag() {
	case "required":
		return "is required"
	case "trimmed":
		return "must not be blank or start or end with spaces"
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("must be at most %s characters", fe.Param())
		}
		return "must be at most " + fe.Param()
	case "min":
		return "must be at least " + fe.Param()
	case "orgnr":
		_, err := NormalizeOrgNumber(fmt.Sprint(fe.Value()))
		return "is not a valid organisationsnummer: " + err.Error()
	case "email":
		return "must be an e-mail address"
	case "weburl":
		return "must be an absolute http or https URL with a host, such as https://example.se/beslut.pdf"
	case "visible":
		return "must contain a visible character (a letter, digit, punctuation mark or symbol)"
	case "count":
		return fmt.Sprintf("must be at most %d", MaxCount)
	case "phone":
		return "must be a phone number of digits, spaces and hyphens, optionally starting with +"
	case "monthday":
		_, _, err := ParseMonthDay(fmt.Sprint(fe.Value()))
		return err.Error()
	case "period":
		return "must not be before valid_from (valid_to is the last day the record holds)"
	}
	return "failed the " + fe.Tag() + " check"
}
