package web

import (
	"bytes"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/viewer"
)

// page is what every template is given: the request's language, caller,
// day and form state, and the section's own Data.
type page struct {
	c      echo.Context
	Lang   string
	Title  string
	Viewer viewer.Viewer
	// Day is the day the page shows; AtSet says whether the request chose
	// it (?at=), so that links carry it on.
	Day   koncern.Date
	AtSet bool
	// RecordedAt is ?recorded_at= as given: the page shows the registry as
	// it was recorded then (auditors).
	RecordedAt string
	CSRF       string
	Data       any
	// Errors are the problems of a submitted form by field name, and
	// Problem what applies to the form as a whole.
	Errors  map[string]string
	Problem string
	// Status is the HTTP status the page is sent with.
	Status int
}

// newPage builds the page of c. A malformed ?at= was refused by the
// handler's s.day before it got here.
func (s *Site) newPage(c echo.Context, title string, data any) *page {
	v, _ := viewer.FromContext(c.Request().Context())
	p := &page{c: c, Lang: langOf(c), Title: title, Viewer: v, Data: data, Status: http.StatusOK,
		Day: s.cfg.Registry.Today(), RecordedAt: c.QueryParam("recorded_at")}
	if d, err := koncern.ParseDate(c.QueryParam("at")); err == nil {
		p.Day, p.AtSet = d, true
	}
	p.CSRF, _ = c.Get(ctxCSRF).(string)
	return p
}

// render writes the template name with p as a whole page.
func (s *Site) render(c echo.Context, name string, p *page) error {
	var buf bytes.Buffer
	if err := s.pages.execute(&buf, name, p); err != nil {
		return err
	}
	return c.HTMLBlob(p.Status, buf.Bytes())
}

// T is the text of key in the page's language.
func (p *page) T(key string) string { return text(key, p.Lang) }

// Tf is T with its verbs filled from args.
func (p *page) Tf(key string, args ...any) string { return fmt.Sprintf(text(key, p.Lang), args...) }

// Label names an enumeration's value in the page's language.
func (p *page) Label(vocabulary, value string) string { return labelOf(vocabulary, value, p.Lang) }

// SignedIn reports whether the caller showed who they are.
func (p *page) SignedIn() bool { return !p.Viewer.IsAnonymous() }

// Path is the request's path, for forms that post back to it.
func (p *page) Path() string { return p.c.Request().URL.Path }

// Link is path with the page's day and recording time carried on, and
// the extra query pairs kv (name, value, name, value...), so that a
// reader who chose a day stays on it from page to page.
func (p *page) Link(path string, kv ...string) string {
	q := url.Values{}
	if p.AtSet {
		q.Set("at", p.Day.String())
	}
	if p.RecordedAt != "" {
		q.Set("recorded_at", p.RecordedAt)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Here is the current page with its query changed by kv (an empty value
// removes the parameter): the language switch, a download link.
func (p *page) Here(kv ...string) string {
	u := *p.c.Request().URL
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// OtherLang is the language the switch offers.
func (p *page) OtherLang() string {
	if p.Lang == langEN {
		return langSV
	}
	return langEN
}

// Date writes a day as Swedes and the ISO standard do, YYYY-MM-DD.
func (p *page) Date(d koncern.Date) string { return d.String() }

// DatePtr writes an optional end day, "until further notice" when open.
func (p *page) DatePtr(d *koncern.Date) string {
	if d == nil {
		return p.T("period.open")
	}
	return d.String()
}

// Period writes a period of validity as "from A to B".
func (p *page) Period(per koncern.Period) string {
	if per.To == nil {
		return per.From.String() + " – " + p.T("period.open")
	}
	return per.From.String() + " – " + per.To.String()
}

// Percent writes an exact fraction ("3/4", as the analysis gives it) as a
// percentage with two decimals in the page's language: "75,00 %" in
// Swedish, "75.00 %" in English.
func (p *page) Percent(exact string) string {
	r, ok := new(big.Rat).SetString(exact)
	if !ok {
		return exact
	}
	s := new(big.Rat).Mul(r, big.NewRat(100, 1)).FloatString(2)
	if p.Lang == langSV {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0%"
}

// Number writes a whole number with thin groups of three: a space in
// Swedish, a comma in English.
func (p *page) Number(n int64) string {
	sep := ","
	if p.Lang == langSV {
		sep = "\u00a0"
	}
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Error is the problem with a form's field, if any, in the page's
// language where the message is one the pages know (fieldTexts).
func (p *page) Error(field string) string { return fieldText(p.Errors[field], p.Lang) }

// queryPair is one parameter of the query, for a form that keeps it.
type queryPair struct{ Name, Value string }

// Keep lists the query's parameters other than names, for the hidden
// fields of a GET form (the date picker) that changes only those.
func (p *page) Keep(names ...string) []queryPair {
	var out []queryPair
	for name, values := range p.c.Request().URL.Query() {
		if slices.Contains(names, name) {
			continue
		}
		for _, v := range values {
			out = append(out, queryPair{name, v})
		}
	}
	slices.SortFunc(out, func(a, b queryPair) int { return strings.Compare(a.Name, b.Name) })
	return out
}
