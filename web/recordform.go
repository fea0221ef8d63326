package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/rule"
)

// The three forms of a register, each at a path of its own: /X/new,
// /X/{id}/edit and /X/{id}/end, where X is the register's word
// (organizations, people, posts, assignments, stakes, steering-lines,
// documents). GET shows the form, POST does what it says.
const (
	modeNew  = "new"
	modeEdit = "edit"
	modeEnd  = "end"
)

// formData is what a record form shows.
type formData struct {
	Mode     string
	Register string
	// Name is what the record is called, where it has a name or title.
	Name    string
	Version string
	Fields  []fieldView
	// On is the end form's last day.
	On string
	// Back is the record's page, for a form that changes one.
	Back string
}

// fieldView is one field of a form as it is shown: its value, its
// choices, and whether it is only shown (a field the change cannot touch,
// or one the caller's role may not change).
type fieldView struct {
	formField
	Value   string
	Options []option
	Fixed   bool
	// Shown is the value as text: the label of the chosen option.
	Shown string
	// Chosen are the values of a list chosen in a select of several.
	Chosen []string
}

// IsChosen reports whether a select of several has v chosen.
func (f fieldView) IsChosen(v string) bool { return slices.Contains(f.Chosen, v) }

// InputType is the type of the <input> of a field that is not a select,
// a text area or a checkbox. Numbers are text fields so that what was
// typed ("10 000") comes back as typed when the registry refuses it.
func (f fieldView) InputType() string {
	if f.Kind == kindDate {
		return "date"
	}
	return "text"
}

// Select reports whether the field is chosen from a list.
func (f fieldView) Select() bool { return f.Options != nil }

func (s *Site) registerRecordForms(r *router) {
	for _, f := range recordForms(s.cfg.Registry) {
		base := "/" + f.register
		r.page(base+"/new", s.showForm(f, modeNew))
		r.form(base+"/new", mayCreate(f.register), s.submitForm(f, modeNew))
		r.page(base+"/:id/edit", s.showForm(f, modeEdit))
		r.form(base+"/:id/edit", mayEdit(f.register), s.submitForm(f, modeEdit))
		r.page(base+"/:id/end", s.showForm(f, modeEnd))
		r.form(base+"/:id/end", mayEnd(f.register), s.submitForm(f, modeEnd))
	}
}

// FormLink is Link for a form: it carries the page's day, which an end
// form offers as the last day, but not recorded_at, since a form changes
// the registry as it is now.
func (p *page) FormLink(path string, kv ...string) string {
	now := *p
	now.RecordedAt = ""
	return now.Link(path, kv...)
}

// errRecordedForm refuses a form asked for as the registry was recorded
// at a moment.
var errRecordedForm = koncern.Invalid("recorded_at", "a form changes the registry as it is now; open it without recorded_at")

// formCheck is the check of a form's mode, asked before a form is shown
// too, so that a role that may not use it gets 403 rather than a form.
func formCheck(register, mode string) check {
	switch mode {
	case modeNew:
		return mayCreate(register)
	case modeEdit:
		return mayEdit(register)
	}
	return mayEnd(register)
}

// showForm shows an empty form (its fields filled from the query, so that
// a page can link to "a new post in this organisation") or the stored
// record.
func (s *Site) showForm(f recordForm, mode string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if err := formCheck(f.register, mode)(ctx); err != nil {
			return err
		}
		if recorded(ctx) {
			return errRecordedForm
		}
		if mode == modeNew {
			v := values{}
			for _, fld := range f.fields {
				v[fld.Name] = c.QueryParam(fld.Name)
			}
			return s.renderForm(c, f, mode, v, nil)
		}
		v, err := s.stored(c, f)
		if err != nil {
			return err
		}
		return s.renderForm(c, f, mode, v, nil)
	}
}

// stored is the record the path names.
func (s *Site) stored(c echo.Context, f recordForm) (values, error) {
	id, err := handlers.PathID(c)
	if err != nil {
		return nil, err
	}
	return f.get(c.Request().Context(), id)
}

// submitForm does what the form says and goes to the record's page; a
// refusal shows the form again as it was typed, each error beside its
// field, and a stale version shows the record as it now is.
func (s *Site) submitForm(f recordForm, mode string) echo.HandlerFunc {
	return func(c echo.Context) error {
		if recorded(c.Request().Context()) {
			return errRecordedForm
		}
		posted, err := c.FormParams()
		if err != nil {
			return koncern.Errorf(koncern.EBADREQUEST, "the form could not be read")
		}
		var cur values
		if mode != modeNew {
			if cur, err = s.stored(c, f); err != nil {
				return err
			}
		}
		out, err := s.apply(c, f, mode, cur, posted)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, f.show(out))
		}
		typed := values{}
		for k, v := range cur {
			typed[k] = v
		}
		for k, vs := range posted {
			typed[k] = vs[len(vs)-1]
		}
		for _, fld := range f.fields {
			if vs := posted[fld.Name]; len(vs) > 0 {
				typed[fld.Name] = typedValue(fld, vs)
			}
		}
		return s.refused(c, f, mode, typed, err)
	}
}

// apply calls the registry with the posted form; cur is the stored record
// a change starts from.
func (s *Site) apply(c echo.Context, f recordForm, mode string, cur values, posted url.Values) (values, error) {
	ctx := c.Request().Context()
	if mode == modeNew {
		return f.create(ctx, jsonValues(f.fields, posted))
	}
	id, _ := uuid.Parse(cur["id"])
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || version < 1 {
		return nil, koncern.Errorf(koncern.EPRECONDREQUIRED, "the form does not say which version of the record it changes; reload it")
	}
	if mode == modeEdit {
		patch := jsonValues(f.fields, posted)
		if len(patch) == 0 {
			// As the API refuses an empty PATCH: a change of nothing
			// would still make a version and an audit event.
			return nil, koncern.Errorf(koncern.EINVALID, "the form changes no field")
		}
		return f.update(ctx, id, version, patch)
	}
	on, err := koncern.ParseDate(c.FormValue("on"))
	if err != nil {
		return nil, koncern.Invalid("on", "%s", err.Error())
	}
	return f.end(ctx, id, version, on)
}

// refused shows the form again after the registry refused it: with the
// record as it now is when the form was stale, else with what was typed
// and each error beside its field. Errors that no field can show (the
// caller's role may not, the record is gone) become an error page.
func (s *Site) refused(c echo.Context, f recordForm, mode string, typed values, err error) error {
	var kerr *koncern.Error
	if !errors.As(err, &kerr) {
		return err
	}
	switch kerr.Code {
	case koncern.EPRECONDITION:
		now, gerr := s.stored(c, f)
		if gerr != nil {
			return gerr
		}
		now["on"] = typed["on"]
		return s.renderForm(c, f, mode, now, func(p *page) {
			p.Status = http.StatusPreconditionFailed
			p.Problem = p.T("form.conflict")
		})
	case koncern.EINVALID, koncern.ECONFLICT:
		return s.renderForm(c, f, mode, typed, func(p *page) { p.refuse(err, shownFields(f, mode)...) })
	}
	return err
}

// shownFields are the fields of the form of mode, beside which the
// registry's complaints about them are shown.
func shownFields(f recordForm, mode string) []string {
	if mode == modeEnd {
		return []string{"on"}
	}
	names := make([]string, len(f.fields))
	for i, fld := range f.fields {
		names[i] = fld.Name
	}
	return names
}

// renderForm shows the form of mode with the values v; adjust sets the
// status and the errors of a refused form.
func (s *Site) renderForm(c echo.Context, f recordForm, mode string, v values, adjust func(*page)) error {
	ctx := c.Request().Context()
	p := s.newPage(c, "", nil)
	p.Title = p.T("form." + mode + "." + f.register)
	fields, err := s.fieldViews(ctx, p, f, mode, v)
	if err != nil {
		return err
	}
	d := formData{Mode: mode, Register: f.register, Version: v["version"], Fields: fields, On: v["on"]}
	if mode != modeNew {
		d.Back = f.show(v)
		d.Name = cmp.Or(v["name"], v["title"])
	}
	if mode == modeEnd && d.On == "" {
		d.On = p.Day.String()
	}
	p.Data = d
	if adjust != nil {
		adjust(p)
	}
	return s.render(c, "recordform", p)
}

// fieldViews are the fields of f as mode shows them. A field is only
// shown, not offered, on the end form, on a change when the change cannot
// touch it, and when the privacy rules would refuse the caller's role a
// change of it (finance may change a company's share capital and nothing
// else of an organisation): the rules decide, the form only follows.
func (s *Site) fieldViews(ctx context.Context, p *page, f recordForm, mode string, v values) ([]fieldView, error) {
	op := rule.Change
	if mode == modeNew {
		op = rule.Create
	}
	src := &optionSource{ctx: ctx, reg: s.cfg.Registry, p: p, read: map[string][]option{}}
	if m, err := uuid.Parse(v["municipality_id"]); err == nil {
		src.muni = &m
	}
	out := make([]fieldView, 0, len(f.fields))
	for _, fld := range f.fields {
		fv := fieldView{formField: fld, Value: v[fld.Name], Shown: v[fld.Name]}
		fv.Fixed = mode == modeEnd || (mode == modeEdit && slices.Contains(f.immutable, fld.Name)) ||
			registers[f.register].MayChange(ctx, op, fld.Name) != nil
		if err := fv.choose(src); err != nil {
			return nil, err
		}
		out = append(out, fv)
	}
	return out, nil
}

// choose gives a field its options and names its value: the label of the
// chosen option, or yes and no.
func (fv *fieldView) choose(src *optionSource) error {
	if fv.Kind == kindCheck {
		fv.Shown = src.p.T("form.no")
		if fv.Value == "true" {
			fv.Shown = src.p.T("form.yes")
		}
		return nil
	}
	if fv.Kind == kindOrgs {
		return fv.chooseSeveral(src)
	}
	if fv.Kind != kindEnum && fv.Kind != kindOrg && fv.Kind != kindPost && fv.Kind != kindPerson && fv.Kind != kindDocument {
		return nil
	}
	if fv.Fixed && fv.Value == "" {
		return nil
	}
	opts, err := src.options(fv.formField)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(opts, func(o option) bool { return o.Value == fv.Value })
	if i < 0 {
		// A value the lists do not hold (a record of another
		// municipality, or a typed id) is kept as it is.
		opts = append(opts, option{fv.Value, fv.Value})
		i = len(opts) - 1
	}
	fv.Shown = opts[i].Label
	if !fv.Fixed {
		fv.Options = opts
	}
	return nil
}

// chooseSeveral gives a select of several organisations its options and
// its chosen values, read from the JSON list the stored record (or the
// refused form) holds, and names them.
func (fv *fieldView) chooseSeveral(src *optionSource) error {
	if fv.Value != "" {
		// A value that is not a list of ids (typed by hand) chooses
		// nothing; the registry said what was wrong with it.
		_ = json.Unmarshal([]byte(fv.Value), &fv.Chosen)
	}
	opts, err := src.records(kindOrg)
	if err != nil {
		return err
	}
	var names []string
	for _, id := range fv.Chosen {
		name := id
		if i := slices.IndexFunc(opts, func(o option) bool { return o.Value == id }); i >= 0 {
			name = opts[i].Label
		} else {
			opts = append(opts, option{id, id})
		}
		names = append(names, name)
	}
	fv.Shown = strings.Join(names, ", ")
	if !fv.Fixed {
		fv.Options = opts
	}
	return nil
}
