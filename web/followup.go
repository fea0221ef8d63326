package web

import (
	"context"
	"slices"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/params"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/rule"
)

// registerFollowUp adds the auditors' follow-up of their recommendations
// (uppföljande granskning): the page of a municipality's year, the page of
// one recommendation, and the forms that give, change, answer and judge
// one.
func (s *Site) registerFollowUp(r *router) {
	r.page("/follow-up", s.followUpPage)
	r.page("/recommendations/:id", s.recommendationPage)
	s.registerRecommendationForms(r)
}

// CanFollowUp reports whether the caller may read the recommendations:
// every role, no anonymous visitor.
func (p *page) CanFollowUp() bool {
	return rule.Recommendations.MayRead(p.c.Request().Context()) == nil
}

// followUpData is what the follow-up page shows.
type followUpData struct {
	Municipalities []koncern.Organization
	Municipality   string
	Year           int
	Years          []int
	Report         analysis.FollowUpReport
	Items          []followUpView
	// Reports are the year's audit reports, which a new recommendation
	// is given in.
	Reports []koncern.Document
}

// followUpView is a recommendation as the pages show it: its follow-up
// with the evidence and events laid out for people.
type followUpView struct {
	analysis.FollowUpItem
	Addressed nodeLink
	Evidence  []evidenceChange
	History   []eventView
	Findings  []holdingView
}

// evidenceChange is one record that ended or started where the findings
// stopped or started holding.
type evidenceChange struct {
	Change string
	recordView
}

// eventView is one event on a recommendation's way.
type eventView struct {
	analysis.FollowUpEvent
	Evidence []evidenceChange
}

// holdingView is a targeted finding that still holds.
type holdingView struct {
	analysis.Finding
	SubjectPath string
}

// followUpQuery is what the follow-up page asks for: a municipality and a
// year, and the file asked for.
type followUpQuery struct {
	municipality *uuid.UUID
	year         int
	format       string
}

func (s *Site) readFollowUp(c echo.Context) (followUpQuery, error) {
	q := params.New(c.QueryParams())
	fq := followUpQuery{municipality: q.UUID("municipality"), year: q.Int("year")}
	if fq.year != 0 && (fq.year < koncern.FirstDate.Time().Year() || fq.year > koncern.LastDate.Time().Year()) {
		q.Fail("year", "must be a year such as 2003")
	}
	if err := q.Err(); err != nil {
		return fq, err
	}
	var err error
	fq.format, err = download(c, "csv", "xlsx")
	if err != nil {
		return fq, err
	}
	return fq, s.cfg.Registry.CheckMunicipality(c.Request().Context(), fq.municipality)
}

// followUpPage lists a municipality's recommendations of one year with
// their status on the page's day. Without a municipality it takes the
// registry's only one, and without a year the year of the latest audit
// report by the day.
func (s *Site) followUpPage(c echo.Context) error {
	ctx := c.Request().Context()
	if err := rule.Recommendations.MayRead(ctx); err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	fq, err := s.readFollowUp(c)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", nil)
	p.Title = p.T("followup.title")
	d := followUpData{}
	if d.Municipalities, err = s.municipalities(ctx, day); err != nil {
		return err
	}
	if fq.municipality == nil && len(d.Municipalities) == 1 {
		fq.municipality = &d.Municipalities[0].ID
	}
	if fq.municipality != nil {
		if err := s.fillFollowUp(ctx, &d, fq, day); err != nil {
			return err
		}
	}
	if fq.format != "" {
		return writeTable(c, fq.format, "follow-up", analysis.FollowUpTable(d.Report))
	}
	// Only the page lays the items out, over a snapshot of their years.
	if d.Items, err = s.followUpViews(ctx, fq.municipality, d.Report.Items, day); err != nil {
		return err
	}
	p.Data = d
	return s.render(c, "followup", p)
}

// fillFollowUp gives the page the municipality's year: its reports and
// the follow-up of their recommendations.
func (s *Site) fillFollowUp(ctx context.Context, d *followUpData, fq followUpQuery, day koncern.Date) error {
	d.Municipality = fq.municipality.String()
	reports, err := s.auditReports(ctx, *fq.municipality)
	if err != nil {
		return err
	}
	d.Years, d.Year = reportYears(reports, day), fq.year
	if d.Year == 0 {
		d.Year = day.Time().Year()
		if len(d.Years) > 0 {
			d.Year = d.Years[0]
		}
	}
	for _, r := range reports {
		if r.DecidedOn.Time().Year() == d.Year && !r.DecidedOn.After(day) {
			d.Reports = append(d.Reports, r)
		}
	}
	d.Report, err = s.cfg.Registry.FollowUpReport(ctx, *fq.municipality, d.Year, day)
	return err
}

// auditReports are a municipality's audit reports, the latest first.
func (s *Site) auditReports(ctx context.Context, muni uuid.UUID) ([]koncern.Document, error) {
	docs, err := listAll(func(o registry.ListOptions) (registry.Page[koncern.Document], error) {
		return s.cfg.Registry.ListDocuments(ctx, registry.DocumentFilter{MunicipalityID: &muni, Kind: "audit_report", ListOptions: o})
	}, func(d koncern.Document) koncern.Document { return d })
	slices.SortFunc(docs, func(a, b koncern.Document) int { return b.DecidedOn.Time().Compare(a.DecidedOn.Time()) })
	return docs, err
}

// reportYears are the years of the reports decided by day, the latest
// first.
func reportYears(reports []koncern.Document, day koncern.Date) []int {
	var years []int
	for _, r := range reports {
		if y := r.DecidedOn.Time().Year(); !r.DecidedOn.After(day) && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	return years
}

// followUpViews lay the items out with their records described from a
// snapshot of the municipality from the earliest report to day.
func (s *Site) followUpViews(ctx context.Context, muni *uuid.UUID, items []analysis.FollowUpItem, day koncern.Date) ([]followUpView, error) {
	if len(items) == 0 {
		return nil, nil
	}
	from := day
	for _, it := range items {
		if it.FollowUp.GivenOn.Before(from) {
			from = it.FollowUp.GivenOn
		}
	}
	snap, err := s.snapshot(ctx, muni, koncern.Period{From: from, To: &day})
	if err != nil {
		return nil, err
	}
	idx := newRecordIndex(snap)
	out := make([]followUpView, len(items))
	for i, it := range items {
		out[i] = followUpView{FollowUpItem: it, Addressed: nodeLink{it.Addressed.Name, recordPath(it.Addressed.Type, it.Addressed.ID)},
			Evidence: changeViews(idx, it.FollowUp.Evidence)}
		for _, e := range it.FollowUp.History {
			out[i].History = append(out[i].History, eventView{FollowUpEvent: e, Evidence: changeViews(idx, e.Evidence)})
		}
		for _, f := range it.FollowUp.Findings {
			out[i].Findings = append(out[i].Findings, holdingView{Finding: f, SubjectPath: recordPath(f.Subject.Type, f.Subject.ID)})
		}
	}
	return out, nil
}

func changeViews(idx *recordIndex, cs []analysis.EvidenceChange) []evidenceChange {
	out := make([]evidenceChange, len(cs))
	for i, c := range cs {
		out[i] = evidenceChange{Change: c.Change, recordView: idx.describe(c.Type, c.ID, c.Period, c.Description)}
	}
	return out
}

// FollowUpLink is the follow-up page of a municipality's year of day d,
// on the page's day.
func (p *page) FollowUpLink(municipality string, d koncern.Date) string {
	return p.Link("/follow-up", "municipality", municipality, "year", strconv.Itoa(d.Time().Year()))
}

// recommendationData is what a recommendation's page shows.
type recommendationData struct {
	Rec    koncern.Recommendation
	Report koncern.Document
	// Item is the recommendation followed to the page's day; nil before
	// its report.
	Item *followUpView
	// Subjects are the target's subjects by name.
	Subjects []nodeLink
}

// recommendationPage shows one recommendation: its words, target, answer
// and judgment, its status on the page's day with the evidence, and the
// events on its way.
func (s *Site) recommendationPage(c echo.Context) error {
	req, err := s.readRecord(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec, err := s.cfg.Registry.GetRecommendation(ctx, req.ID)
	if err != nil {
		return err
	}
	d := recommendationData{Rec: rec}
	if d.Report, err = s.cfg.Registry.GetDocument(ctx, rec.ReportID); err != nil {
		return err
	}
	items, err := s.cfg.Registry.FollowUpItems(ctx, []koncern.Recommendation{rec}, req.Day)
	if err != nil {
		return err
	}
	views, err := s.followUpViews(ctx, &rec.MunicipalityID, items, req.Day)
	if err != nil {
		return err
	}
	if len(views) == 1 {
		d.Item = &views[0]
	}
	if d.Subjects, err = s.subjectLinks(ctx, rec); err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("recommendation.title")
	return s.render(c, "recommendation", p)
}

// subjectLinks name the target's subjects, as they are now.
func (s *Site) subjectLinks(ctx context.Context, rec koncern.Recommendation) ([]nodeLink, error) {
	if len(rec.TargetSubjectIDs) == 0 {
		return nil, nil
	}
	snap, err := s.snapshot(ctx, &rec.MunicipalityID, koncern.Period{From: koncern.FirstDate, To: &koncern.LastDate})
	if err != nil {
		return nil, err
	}
	out := make([]nodeLink, len(rec.TargetSubjectIDs))
	for i, id := range rec.TargetSubjectIDs {
		sub := snap.SubjectOf(id)
		out[i] = nodeLink{sub.Name, recordPath(sub.Type, id)}
	}
	return out, nil
}

// Int is an optional number that is present, for a text that counts it.
func (p *page) Int(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
