package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// params reads a page's query and collects every problem, so that a
// request with two bad parameters hears about both, as from the API.
type params struct {
	v        url.Values
	problems []koncern.FieldError
}

func newParams(v url.Values) *params { return &params{v: v} }

func (q *params) fail(name, msg string) {
	q.problems = append(q.problems, koncern.FieldError{Field: name, Message: msg})
}

func (q *params) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

func (q *params) date(name string) *koncern.Date {
	s := q.str(name)
	if s == "" {
		return nil
	}
	d, err := koncern.ParseDate(s)
	if err != nil {
		q.fail(name, err.Error())
		return nil
	}
	return &d
}

func (q *params) uuid(name string) *uuid.UUID {
	s := q.str(name)
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		q.fail(name, "must be a UUID")
		return nil
	}
	return &id
}

func (q *params) enum(name string, allowed []string) string {
	s := q.str(name)
	if s != "" && !slices.Contains(allowed, s) {
		q.fail(name, "must be one of: "+strings.Join(allowed, ", "))
		return ""
	}
	return s
}

func (q *params) err() error {
	if len(q.problems) == 0 {
		return nil
	}
	return &koncern.Error{Code: koncern.EBADREQUEST, Message: koncern.SummarizeFields(q.problems), Fields: q.problems}
}
