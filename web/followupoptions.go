package web

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// recOptions lists the choices of a recommendation form: the records of
// the report's municipality (of every municipality for a new
// recommendation whose report is not chosen yet).
type recOptions struct {
	*optionSource
	reportName string
}

func (s *Site) recommendationOptions(ctx context.Context, p *page, v values) (*recOptions, error) {
	src := &recOptions{optionSource: &optionSource{ctx: ctx, reg: s.cfg.Registry, p: p, read: map[string][]option{}}}
	if m, err := uuid.Parse(v["municipality_id"]); err == nil {
		src.muni = &m
	}
	if id, err := uuid.Parse(v["report_id"]); err == nil {
		report, err := s.cfg.Registry.GetDocument(ctx, id)
		switch koncern.ErrorCode(err) {
		case "":
			src.muni, src.reportName = report.MunicipalityID, src.document(report).Label
		case koncern.ENOTFOUND:
		default:
			return nil, err
		}
	}
	return src, nil
}

// field is the form's field name with its value in v and its choices.
func (o *recOptions) field(name string, v values) (recField, error) {
	f := recField{Name: name, Label: "field." + name, Kind: recFieldKinds[name], Value: v[name],
		Required: name == "report_id" || name == "text", Help: o.p.textOr("field."+name+".help", "")}
	if f.Kind == "" {
		f.Kind = kindTextarea
	}
	if f.Kind == "checkboxes" || f.Kind == "multiselect" {
		_ = json.Unmarshal([]byte(v[name]), &f.Values)
	}
	var err error
	switch name {
	case "report_id":
		f.Options, err = o.documentsOfKind("audit_report")
	case "response_document_id":
		f.Options, err = o.documentsOfKind("audit_response")
	case "addressed_organization_id":
		f.Options, err = o.records(kindOrg)
	case "addressed_post_id":
		f.Options, err = o.records(kindPost)
	case "target_subject_ids":
		f.Options, err = o.subjects()
	case "target_rules":
		for _, r := range analysis.RuleIDs() {
			f.Options = append(f.Options, option{r, o.p.Label("rule", r)})
		}
	case "target_severity":
		for _, sev := range koncern.Severities {
			f.Options = append(f.Options, option{sev, o.p.Label("severity", sev)})
		}
	}
	if f.Kind == "select" {
		none := option{"", o.p.T("form.none")}
		if f.Required {
			none.Label = o.p.T("form.choose")
		}
		f.Options = append([]option{none}, f.Options...)
	}
	return f, err
}

// documentsOfKind are the municipality's documents of one kind.
func (o *recOptions) documentsOfKind(kind string) ([]option, error) {
	return listAll(func(opt registry.ListOptions) (registry.Page[koncern.Document], error) {
		return o.reg.ListDocuments(o.ctx, registry.DocumentFilter{MunicipalityID: o.muni, Kind: kind, ListOptions: opt})
	}, o.document)
}

// subjects are the posts and organisations findings may be about.
func (o *recOptions) subjects() ([]option, error) {
	posts, err := o.records(kindPost)
	if err != nil {
		return nil, err
	}
	orgs, err := o.records(kindOrg)
	return append(append([]option{}, orgs...), posts...), err
}
