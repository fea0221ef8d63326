package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/rule"
)

// The four forms of a recommendation, each what one role does: the
// auditors give one (new) and change it (edit) and judge it resolved
// (judge); the registrar records the addressed body's answer (answer).
const (
	recNew    = "new"
	recEdit   = "edit"
	recAnswer = "answer"
	recJudge  = "judge"
)

// recommendationForm is one of the forms: the fields it shows, by their
// JSON names, and the check its role must pass, which is the privacy
// rules' own: a role that may never change these fields is refused the
// form and sees no link to it.
type recommendationForm struct {
	mode   string
	fields []string
	check  check
}

var targetFields = []string{"text", "addressed_organization_id", "addressed_post_id", "due_on", "target_rules", "target_subject_ids", "target_severity"}

var recommendationForms = []recommendationForm{
	{recNew, append([]string{"report_id"}, targetFields...), func(ctx context.Context) error {
		return rule.Recommendations.MayChange(ctx, rule.Create)
	}},
	{recEdit, targetFields, mayChangeRecommendation(targetFields...)},
	{recAnswer, rule.AnswerFields, mayChangeRecommendation(rule.AnswerFields...)},
	{recJudge, []string{"judged_resolved_on", "judgment_comment"}, mayChangeRecommendation("judged_resolved_on", "judgment_comment")},
}

func mayChangeRecommendation(fields ...string) check {
	return func(ctx context.Context) error { return rule.Recommendations.MayChange(ctx, rule.Change, fields...) }
}

// CanRecommendation reports whether the caller may use the form of mode,
// so that a page shows only the links its reader may follow.
func (p *page) CanRecommendation(mode string) bool {
	for _, f := range recommendationForms {
		if f.mode == mode {
			return f.check(p.c.Request().Context()) == nil
		}
	}
	return false
}

func (s *Site) registerRecommendationForms(r *router) {
	for _, f := range recommendationForms {
		path := "/recommendations/:id/" + f.mode
		if f.mode == recNew {
			path = "/recommendations/new"
		}
		r.page(path, s.showRecommendationForm(f))
		r.form(path, f.check, s.submitRecommendationForm(f))
	}
}

// recFormData is what a recommendation form shows.
type recFormData struct {
	Mode    string
	Version string
	Fields  []recField
	// Back is the recommendation's page; Report names its report.
	Back, Report string
}

// recField is one field of a recommendation form.
type recField struct {
	Name, Label, Kind string
	Value             string
	Values            []string
	Options           []option
	Required          bool
	Help              string
}

// Chosen reports whether value is among a list field's values.
func (f recField) Chosen(value string) bool {
	for _, v := range f.Values {
		if v == value {
			return true
		}
	}
	return false
}

// recFieldKinds say how each field is typed in; the rest are text areas.
var recFieldKinds = map[string]string{
	"report_id": "select", "addressed_organization_id": "select", "addressed_post_id": "select",
	"due_on": kindDate, "judged_resolved_on": kindDate, "target_rules": "checkboxes",
	"target_subject_ids": "multiselect", "target_severity": "select", "response_document_id": "select",
}

func (s *Site) showRecommendationForm(f recommendationForm) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := f.check(c.Request().Context()); err != nil {
			return err
		}
		if recorded(c.Request().Context()) {
			return errRecordedForm
		}
		cur, err := s.storedRecommendation(c, f)
		if err != nil {
			return err
		}
		return s.renderRecommendationForm(c, f, cur, nil)
	}
}

// storedRecommendation is the recommendation the path names as a form
// shows it, or for a new one the report the query names.
func (s *Site) storedRecommendation(c echo.Context, f recommendationForm) (values, error) {
	if f.mode == recNew {
		return values{"report_id": c.QueryParam("report_id")}, nil
	}
	id, err := handlers.PathID(c)
	if err != nil {
		return nil, err
	}
	return valuesOf(s.cfg.Registry.GetRecommendation(c.Request().Context(), id))
}

// submitRecommendationForm gives, changes, answers or judges the
// recommendation and goes to its page; a refusal shows the form again as
// it was filled in, each problem beside its field, and a stale version
// shows the recommendation as it now is.
func (s *Site) submitRecommendationForm(f recommendationForm) echo.HandlerFunc {
	return func(c echo.Context) error {
		if recorded(c.Request().Context()) {
			return errRecordedForm
		}
		posted, err := c.FormParams()
		if err != nil {
			return koncern.Errorf(koncern.EBADREQUEST, "the form could not be read")
		}
		cur, err := s.storedRecommendation(c, f)
		if err != nil {
			return err
		}
		out, err := s.applyRecommendation(c, f, cur, posted)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/recommendations/"+out.ID.String())
		}
		var kerr *koncern.Error
		if !errors.As(err, &kerr) {
			return err
		}
		if kerr.Code == koncern.EPRECONDITION {
			now, gerr := s.storedRecommendation(c, f)
			if gerr != nil {
				return gerr
			}
			return s.renderRecommendationForm(c, f, now, func(p *page) {
				p.Status = http.StatusPreconditionFailed
				p.Problem = p.T("form.conflict")
			})
		}
		typed := typedRecommendation(f, cur, posted)
		return s.renderRecommendationForm(c, f, typed, func(p *page) {
			if !p.refuse(err, f.fields...) {
				p.Status, p.Problem = handlers.StatusOf(kerr), kerr.Message
			}
		})
	}
}

// typedRecommendation is the form as it was filled in, over the stored
// values.
func typedRecommendation(f recommendationForm, cur values, posted url.Values) values {
	typed := values{}
	for k, v := range cur {
		typed[k] = v
	}
	typed["version"] = posted.Get("version")
	for _, name := range f.fields {
		vs := posted[name]
		if recFieldKinds[name] == "checkboxes" || recFieldKinds[name] == "multiselect" {
			b, _ := json.Marshal(vs)
			typed[name] = string(b)
			continue
		}
		if len(vs) > 0 {
			typed[name] = vs[len(vs)-1]
		}
	}
	return typed
}

// applyRecommendation calls the registry with the posted form, decoded
// by the API's own rules (handlers.DecodeFields).
func (s *Site) applyRecommendation(c echo.Context, f recommendationForm, cur values, posted url.Values) (koncern.Recommendation, error) {
	ctx := c.Request().Context()
	raw := recommendationJSON(f.fields, posted)
	if f.mode == recNew {
		var in koncern.RecommendationInput
		if err := handlers.DecodeFields(raw, &in, false); err != nil {
			return koncern.Recommendation{}, err
		}
		return s.cfg.Registry.CreateRecommendation(ctx, in)
	}
	id, _ := uuid.Parse(cur["id"])
	version, err := strconv.Atoi(posted.Get("version"))
	if err != nil || version < 1 {
		return koncern.Recommendation{}, koncern.Errorf(koncern.EPRECONDREQUIRED, "the form does not say which version of the recommendation it changes; reload it")
	}
	var p koncern.RecommendationPatch
	if err := handlers.DecodeFields(raw, &p, true); err != nil {
		return koncern.Recommendation{}, err
	}
	return s.cfg.Registry.UpdateRecommendation(ctx, id, version, p)
}

// recommendationJSON turns what the form posted into the JSON object the
// API would have been sent: every field of the form, a list as the
// values chosen (none chosen is an empty list), anything else empty as
// null.
func recommendationJSON(fields []string, posted url.Values) map[string]json.RawMessage {
	raw := map[string]json.RawMessage{}
	for _, name := range fields {
		vs := posted[name]
		switch kind := recFieldKinds[name]; {
		case kind == "checkboxes" || kind == "multiselect":
			list := []string{}
			for _, v := range vs {
				if v = strings.TrimSpace(v); v != "" {
					list = append(list, v)
				}
			}
			raw[name], _ = json.Marshal(list)
		default:
			v := ""
			if len(vs) > 0 {
				v = vs[len(vs)-1]
			}
			if kind == "" {
				// A text area: browsers send line breaks as CR LF.
				v = strings.ReplaceAll(v, "\r\n", "\n")
			}
			if strings.TrimSpace(v) == "" && name != "text" {
				raw[name] = json.RawMessage("null")
				continue
			}
			raw[name], _ = json.Marshal(strings.TrimSpace(v))
		}
	}
	return raw
}

// renderRecommendationForm shows the form of f with the values v; adjust
// sets the status and the errors of a refused form.
func (s *Site) renderRecommendationForm(c echo.Context, f recommendationForm, v values, adjust func(*page)) error {
	ctx := c.Request().Context()
	p := s.newPage(c, "", nil)
	p.Title = p.T("recform." + f.mode + ".title")
	d := recFormData{Mode: f.mode, Version: v["version"]}
	if f.mode != recNew {
		d.Back = "/recommendations/" + v["id"]
	}
	src, err := s.recommendationOptions(ctx, p, v)
	if err != nil {
		return err
	}
	if d.Report = src.reportName; f.mode == recNew {
		d.Report = ""
	}
	for _, name := range f.fields {
		fld, err := src.field(name, v)
		if err != nil {
			return err
		}
		d.Fields = append(d.Fields, fld)
	}
	p.Data = d
	if adjust != nil {
		adjust(p)
	}
	return s.render(c, "recommendationform", p)
}
