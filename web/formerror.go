package web

import (
	"errors"
	"slices"
	"strings"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
)

// refusedInput are the codes of a refusal of what a form sent: the form is
// shown again with the reasons, rather than an error page.
var refusedInput = []string{koncern.EINVALID, koncern.ECONFLICT, koncern.EPRECONDITION, koncern.EBADREQUEST,
	koncern.ETOOLARGE, koncern.EUNSUPPORTED}

// refuse puts a refusal of a form's input on the page: each field error
// beside the field of that name when the form has one (fields), the rest
// as the form's problem, and the status the API answers the same error
// with. It reports false for any other error (a caller who may not, the
// database failing), which the handler returns for the error page.
func (p *page) refuse(err error, fields ...string) bool {
	var kerr *koncern.Error
	if !errors.As(err, &kerr) || !slices.Contains(refusedInput, kerr.Code) {
		return false
	}
	p.Status = handlers.StatusOf(kerr)
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	var rest []string
	for _, f := range kerr.Fields {
		switch {
		case !slices.Contains(fields, f.Field):
			rest = append(rest, f.Field+": "+f.Message)
		case p.Errors[f.Field] != "":
			p.Errors[f.Field] += " " + f.Message
		default:
			p.Errors[f.Field] = f.Message
		}
	}
	if len(kerr.Fields) == 0 {
		rest = append(rest, kerr.Message)
	}
	p.Problem = strings.Join(rest, "; ")
	return true
}
