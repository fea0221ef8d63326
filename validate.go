package koncern

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

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
		"phone": func(fl validator.FieldLevel) bool { return phonePattern.MatchString(fl.Field().String()) },
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
	out := &Error{Code: EINVALID, Fields: nulFields(reflect.ValueOf(v))}
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

// nulFields names the string fields of v that hold a NUL character, which
// no name or title has and PostgreSQL cannot store in text.
func nulFields(v reflect.Value) []FieldError {
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
			out = append(out, nulFields(f)...)
			continue
		}
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		if f.Kind() == reflect.String && strings.ContainsRune(f.String(), 0) {
			out = append(out, FieldError{Field: jsonName(t.Field(i)), Message: NULMessage})
		}
	}
	return out
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
	case "url":
		return "must be an absolute URL"
	case "phone":
		return "must be a phone number of digits, spaces and hyphens, optionally starting with +"
	case "period":
		return "must not be before valid_from (valid_to is the last day the record holds)"
	}
	return "failed the " + fe.Tag() + " check"
}
