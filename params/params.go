// Package params reads the query parameters of a request, the API's and the
// web pages' alike, and collects every problem, so that a request with
// three bad parameters hears about all three, and a page and the API read a
// parameter the same way.
package params

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Query reads the parameters of one query.
type Query struct {
	values url.Values
	errs   []koncern.FieldError
	// numbers are the organisationsnummer Org has read, to be looked up
	// by ResolveOrgs.
	numbers []orgNumber
}

// orgNumber is an organisationsnummer a parameter named, and where its
// organisation's id goes once it is found.
type orgNumber struct {
	param, number string
	id            *uuid.UUID
}

// New reads values.
func New(values url.Values) *Query { return &Query{values: values} }

// Add records problems found by a check of several parameters together.
func (q *Query) Add(problems ...koncern.FieldError) { q.errs = append(q.errs, problems...) }

// maxWithin bounds how far ahead an expiry report looks: ten years.
const maxWithin = 3660

func (q *Query) Fail(name, msg string) {
	q.errs = append(q.errs, koncern.FieldError{Field: name, Message: msg})
}

func (q *Query) Str(name string) string {
	s := strings.TrimSpace(q.values.Get(name))
	if strings.ContainsRune(s, 0) {
		q.Fail(name, koncern.NULMessage)
		return ""
	}
	return s
}

func (q *Query) UUID(name string) *uuid.UUID {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		q.Fail(name, "must be a UUID")
		return nil
	}
	return &id
}

// Org reads a parameter that names an organisation, by its id or by its
// organisationsnummer (556999-0012, or the ten digits without the hyphen),
// which is how people name companies. A number is only noted here; its
// id is filled in by ResolveOrgs, which the caller runs before it reads
// the result or Err.
func (q *Query) Org(name string) *uuid.UUID {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	if id, err := uuid.Parse(s); err == nil {
		return &id
	}
	if strings.Trim(s, "0123456789-") != "" {
		q.Fail(name, "must be an organisation's id (a UUID) or its organisationsnummer, written NNNNNN-NNNN")
		return nil
	}
	n, err := koncern.NormalizeOrgNumber(s)
	if err != nil {
		q.Fail(name, "is not a valid organisationsnummer: "+err.Error())
		return nil
	}
	id := new(uuid.UUID)
	q.numbers = append(q.numbers, orgNumber{param: name, number: n, id: id})
	return id
}

// ResolveOrgs looks up the organisationsnummer that Org has read, all at
// once, with find, which returns the id of each number it knows; a
// number no organisation has is a problem of its parameter. An error of
// find itself is returned.
func (q *Query) ResolveOrgs(find func(numbers []string) (map[string]uuid.UUID, error)) error {
	if len(q.numbers) == 0 {
		return nil
	}
	numbers := make([]string, len(q.numbers))
	for i, n := range q.numbers {
		numbers[i] = n.number
	}
	found, err := find(numbers)
	if err != nil {
		return err
	}
	for _, n := range q.numbers {
		id, ok := found[n.number]
		if !ok {
			q.Fail(n.param, "no organisation has the organisationsnummer "+n.number)
			continue
		}
		*n.id = id
	}
	q.numbers = nil
	return nil
}

func (q *Query) Date(name string) *koncern.Date {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	d, err := koncern.ParseDate(s)
	if err != nil {
		q.Fail(name, err.Error())
		return nil
	}
	return &d
}

func (q *Query) Bool(name string) *bool {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.Fail(name, "must be true or false")
		return nil
	}
	return &b
}

func (q *Query) Enum(name string, allowed []string) string {
	s := q.Str(name)
	if s != "" && !slices.Contains(allowed, s) {
		q.Fail(name, "must be one of: "+strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// OrgNumber reads an organisationsnummer in either written form and
// returns it in the form the registry stores.
func (q *Query) OrgNumber(name string) string {
	s := q.Str(name)
	if s == "" {
		return ""
	}
	n, err := koncern.NormalizeOrgNumber(s)
	if err != nil {
		q.Fail(name, "is not a valid organisationsnummer: "+err.Error())
	}
	return n
}

func (q *Query) Int(name string) int {
	s := q.Str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.Fail(name, "must be a whole number")
	}
	return n
}

func (q *Query) Err() error {
	if len(q.errs) == 0 {
		return nil
	}
	return &koncern.Error{Code: koncern.EBADREQUEST, Message: koncern.SummarizeFields(q.errs), Fields: q.errs}
}

// Days reads a number of days written "90d" or "90", or def when absent.
func (q *Query) Days(name string, def int) int {
	s := strings.TrimSuffix(q.Str(name), "d")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxWithin {
		q.Fail(name, "must be a number of days between 0 and 3660, written like 90d")
		return def
	}
	return n
}

// CSVList reads a comma-separated list of values that must each be
// allowed.
func (q *Query) CSVList(name string, allowed []string) []string {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if !slices.Contains(allowed, v) {
			q.Fail(name, "must be a comma-separated list of: "+strings.Join(allowed, ", "))
			return nil
		}
		out = append(out, v)
	}
	return out
}

// Moment reads an RFC 3339 time.
func (q *Query) Moment(name string) *time.Time {
	s := q.Str(name)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		q.Fail(name, "must be an RFC 3339 time, e.g. 2025-01-31T12:00:00Z")
		return nil
	}
	return &t
}
