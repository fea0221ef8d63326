package web

import (
	"context"
	"net/url"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/params"
	"github.com/koncernregistret/koncern/registry"
)

// severities are the findings' severities, the most pressing first.
var severities = []string{analysis.High, analysis.Medium, analysis.Low}

// findingsQuery is what a findings page asks for.
type findingsQuery struct {
	window         koncern.Period
	ranged         bool
	rule, severity string
	municipality   *uuid.UUID
}

// readFindings reads a findings page's query: the rule, the severity, the
// municipality, and either the day (?at=) or a range (?from=&to=). The
// filter form sends the day it shows beside the range a reader may type
// into it; a range typed in wins over that day. Otherwise the window is
// the API's (analysis.Window), refused with the same words.
func (s *Site) readFindings(ctx context.Context, v url.Values) (findingsQuery, error) {
	q := params.New(v)
	at, from, to := q.Date("at"), q.Date("from"), q.Date("to")
	if from != nil || to != nil || q.Str("from") != "" || q.Str("to") != "" {
		at = nil
	}
	w, problems := analysis.Window(at, from, to, s.cfg.Registry.Today())
	q.Add(problems...)
	fq := findingsQuery{window: w, ranged: from != nil, rule: q.Enum("rule", analysis.RuleIDs()),
		severity: q.Enum("severity", severities), municipality: q.UUID("municipality")}
	if err := q.Err(); err != nil {
		return fq, err
	}
	return fq, s.cfg.Registry.CheckMunicipality(ctx, fq.municipality)
}

// findings computes what fq asks for, as the API does (analysis.Findings
// over the window), and then gives each finding the whole of the periods
// it holds in (registry.WholeFindings; why that is exact is said at
// analysis.Whole). The snapshot returned is
// the window's, which describes the evidence as it stood then.
func (s *Site) findings(ctx context.Context, fq findingsQuery) (*analysis.Snapshot, []analysis.Finding, error) {
	snap, err := s.snapshot(ctx, fq.municipality, fq.window)
	if err != nil {
		return nil, nil, err
	}
	f := analysis.Filter{Severity: fq.severity}
	if fq.rule != "" {
		f.Rules = []string{fq.rule}
	}
	whole, err := s.cfg.Registry.WholeFindings(ctx, fq.municipality, analysis.Findings(snap, f))
	if err != nil {
		return nil, nil, err
	}
	return snap, whole, nil
}

// findingsData is what the findings page shows.
type findingsData struct {
	Items  []findingView
	Window koncern.Period
	Ranged bool
	// The filter as chosen, and what it offers.
	Rule, Severity, Municipality string
	Rules, Severities            []string
	Municipalities               []koncern.Organization
	// Comments says whether the caller may read the comments.
	Comments bool
	// Back is the page's query, which a comment form sends along so that
	// the comment's author comes back to the same list.
	Back string
}

// findingView is one finding as the page shows it.
type findingView struct {
	analysis.Finding
	// Anchor is the id of the finding's element, for links and the comment
	// form's way back.
	Anchor      string
	Description string
	SubjectPath string
	Evidence    []recordView
	// Sources are the texts the finding is cited by, each with its days.
	Sources []sourceView
	// DetailLabel and DetailText tell what the detail is: the kind of an
	// unclear appraisal, or the year an annual review was owed for.
	DetailLabel, DetailText string
	Comments                []koncern.FindingComment
	// Draft is a comment the form sent back with a problem.
	Draft commentDraft
}

// commentDraft is a comment form that was refused, shown again.
type commentDraft struct {
	Anchor, Body string
}

func (s *Site) findingsPage(c echo.Context) error {
	format, err := download(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	fq, err := s.readFindings(ctx, c.QueryParams())
	if err != nil {
		return err
	}
	snap, items, err := s.findings(ctx, fq)
	if err != nil {
		return err
	}
	if format != "" {
		return writeTable(c, format, "findings", analysis.FindingsTable(items))
	}
	p := s.newPage(c, "", nil)
	if err := s.fillFindings(p, fq, snap, items, commentDraft{}); err != nil {
		return err
	}
	return s.render(c, "findings", p)
}

// fillFindings gives p the findings page's title and data.
func (s *Site) fillFindings(p *page, fq findingsQuery, snap *analysis.Snapshot, items []analysis.Finding, draft commentDraft) error {
	ctx := p.c.Request().Context()
	// The comments are a list, which the registry keeps only as it is now:
	// the registry as recorded at a moment is shown without them.
	var on map[registry.FindingKey][]koncern.FindingComment
	readable := false
	if _, recorded := registry.RecordedAt(ctx); !recorded {
		var err error
		if on, readable, err = s.cfg.Registry.CommentsOnFindings(ctx, items); err != nil {
			return err
		}
	}
	munis, err := s.municipalities(ctx, fq.window.From)
	if err != nil {
		return err
	}
	d := findingsData{Window: fq.window, Ranged: fq.ranged, Rule: fq.rule, Severity: fq.severity,
		Rules: analysis.RuleIDs(), Severities: severities, Municipalities: munis, Comments: readable,
		Back: p.c.QueryParams().Encode()}
	if fq.municipality != nil {
		d.Municipality = fq.municipality.String()
	}
	texts := ruleTexts(p.Lang)
	idx := newRecordIndex(snap)
	for _, f := range items {
		v := findingView{Finding: f, Anchor: findingAnchor(f), Description: texts[f.Rule],
			SubjectPath: recordPath(f.Subject.Type, f.Subject.ID),
			Comments:    on[registry.FindingKey{Rule: f.Rule, Subject: f.Subject.ID}]}
		for _, e := range f.Evidence {
			v.Evidence = append(v.Evidence, idx.describe(e.Type, e.ID, e.Period, e.Description))
		}
		v.Sources = p.citedSources(f)
		v.DetailLabel, v.DetailText = p.detail(f)
		if draft.Anchor == v.Anchor {
			v.Draft = draft
		}
		d.Items = append(d.Items, v)
	}
	p.Data = d
	p.Title = p.T("findings.title")
	return nil
}

// detail names a finding's detail, and says what it is: the year an
// annual review was owed for, or one of the kinds of the findings
// messages (an appraisal held by no one or by several).
func (p *page) detail(f analysis.Finding) (label, text string) {
	switch {
	case f.Detail == "":
		return "", ""
	case f.Rule == "annual_review_missing":
		return p.T("findings.detail.year"), f.Detail
	}
	return p.T("findings.detail"), p.T("findings.detail." + f.Detail)
}

// findingAnchor names a finding's element: its rule, subject and detail,
// which together tell one finding of a list from another.
func findingAnchor(f analysis.Finding) string {
	a := "finding-" + f.Rule + "-" + f.Subject.ID.String()
	if f.Detail != "" {
		a += "-" + f.Detail
	}
	return a
}

// ruleTexts are the rule book's descriptions in lang: the Swedish text of
// the rule book, or its English one.
func ruleTexts(lang string) map[string]string {
	out := map[string]string{}
	for _, r := range analysis.Rules() {
		out[r.ID] = r.DescriptionSV
		if lang == langEN {
			out[r.ID] = r.Description
		}
	}
	return out
}

// municipalities are the municipalities in force on day, for the filters.
func (s *Site) municipalities(ctx context.Context, day koncern.Date) ([]koncern.Organization, error) {
	if _, recorded := registry.RecordedAt(ctx); recorded {
		// A list answers only as the registry is now; the snapshot can
		// show it as recorded at a moment.
		snap, err := s.snapshot(ctx, nil, dayWindow(day))
		if err != nil {
			return nil, err
		}
		return municipalitiesOf(snap), nil
	}
	page, err := s.cfg.Registry.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "municipality",
		ListOptions: registry.ListOptions{At: &day, Limit: registry.MaxLimit}})
	return page.Items, err
}
