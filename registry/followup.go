package registry

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/recommendation"
)

// FollowedRecommendation is a recommendation with its status on a day,
// computed from the findings it targets (analysis.FollowUps). FollowUp is
// nil on a day before the report: the recommendation was not given yet.
type FollowedRecommendation struct {
	koncern.Recommendation
	FollowUp *analysis.FollowUp `json:"follow_up"`
}

// RecommendationFilter narrows the list of recommendations: those given by
// day At (today when nil), of a municipality or report, with a status on
// that day.
type RecommendationFilter struct {
	MunicipalityID *uuid.UUID
	ReportID       *uuid.UUID
	Status         string
	At             *koncern.Date
	Cursor         string
	Limit          int
}

// followed is one recommendation with what its status was computed from.
type followed struct {
	rec    koncern.Recommendation
	report *ent.Document
	answer *ent.Document
	s      *analysis.Snapshot
	// fu is nil when the report is after the day asked about.
	fu *analysis.FollowUp
}

// follow computes the status on day at of each recommendation: one
// snapshot per municipality, from its earliest report to at.
func (r *Registry) follow(ctx context.Context, recs []koncern.Recommendation, at koncern.Date) ([]followed, error) {
	docs, err := r.followUpDocuments(ctx, recs)
	if err != nil {
		return nil, err
	}
	out := make([]followed, len(recs))
	byMuni := map[uuid.UUID][]int{}
	for i, rec := range recs {
		out[i] = followed{rec: rec, report: docs[rec.ReportID]}
		if rec.ResponseDocumentID != nil {
			out[i].answer = docs[*rec.ResponseDocumentID]
		}
		if !at.Before(date(out[i].report.DecidedOn)) {
			byMuni[rec.MunicipalityID] = append(byMuni[rec.MunicipalityID], i)
		}
	}
	for muni, idx := range byMuni {
		if err := r.followIn(ctx, muni, out, idx, at); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// followIn computes the statuses of the recommendations idx of one
// municipality over one snapshot.
func (r *Registry) followIn(ctx context.Context, muni uuid.UUID, out []followed, idx []int, at koncern.Date) error {
	from := at
	recs := make([]analysis.Followed, len(idx))
	for j, i := range idx {
		recs[j] = out[i].followed()
		if recs[j].Given.Before(from) {
			from = recs[j].Given
		}
	}
	window := koncern.Period{From: from, To: &at}
	data, err := r.LoadSnapshot(ctx, &muni, window)
	if err != nil {
		return err
	}
	s := analysis.NewSnapshot(window, data)
	for j, fu := range analysis.FollowUps(s, recs, at) {
		out[idx[j]].s, out[idx[j]].fu = s, &fu
	}
	return nil
}

// followed is what the analysis needs of the recommendation.
func (f followed) followed() analysis.Followed {
	in := f.rec.RecommendationInput
	x := analysis.Followed{Given: date(f.report.DecidedOn), DueOn: in.DueOn, JudgedOn: in.JudgedResolvedOn,
		Target: analysis.Target{Rules: in.TargetRules, SubjectIDs: in.TargetSubjectIDs}}
	if in.TargetSeverity != nil {
		x.Target.Severity = *in.TargetSeverity
	}
	if in.JudgmentComment != nil {
		x.JudgmentComment = *in.JudgmentComment
	}
	if f.answer != nil {
		x.AnsweredOn = datePtr(&f.answer.DecidedOn)
	}
	return x
}

// followUpDocuments loads the reports and answers of recs by id.
func (r *Registry) followUpDocuments(ctx context.Context, recs []koncern.Recommendation) (map[uuid.UUID]*ent.Document, error) {
	want := map[uuid.UUID]bool{}
	for _, rec := range recs {
		want[rec.ReportID] = true
		if rec.ResponseDocumentID != nil {
			want[*rec.ResponseDocumentID] = true
		}
	}
	rows, err := loadByID(ctx, keys(want), func(ids []uuid.UUID) ([]*ent.Document, error) {
		return r.client().Document.Query().Where(document.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]*ent.Document, len(rows))
	for _, d := range rows {
		out[d.ID] = d
	}
	return out, nil
}

// FollowUps returns each recommendation with its status on day at.
func (r *Registry) FollowUps(ctx context.Context, recs []koncern.Recommendation, at koncern.Date) ([]FollowedRecommendation, error) {
	fs, err := r.follow(ctx, recs, at)
	if err != nil {
		return nil, err
	}
	out := make([]FollowedRecommendation, len(fs))
	for i, f := range fs {
		out[i] = FollowedRecommendation{Recommendation: f.rec, FollowUp: f.fu}
	}
	return out, nil
}

// FollowUpItems returns the recommendations given by day at with their
// status that day and their report, addressee and answer by name.
func (r *Registry) FollowUpItems(ctx context.Context, recs []koncern.Recommendation, at koncern.Date) ([]analysis.FollowUpItem, error) {
	fs, err := r.follow(ctx, recs, at)
	if err != nil {
		return nil, err
	}
	var out []analysis.FollowUpItem
	for _, f := range fs {
		if f.fu != nil {
			out = append(out, f.item())
		}
	}
	return out, nil
}

// FollowUpOf reads every recommendation of a municipality (of the whole
// registry when muni is nil) and works out their follow-up on day at,
// once: an export lays out all of them and needs no pages.
func (r *Registry) FollowUpOf(ctx context.Context, muni *uuid.UUID, at koncern.Date) ([]koncern.Recommendation, []analysis.FollowUpItem, error) {
	recs, err := r.recommendationsAfter(ctx, RecommendationFilter{MunicipalityID: muni}, nil, 0)
	if err != nil {
		return nil, nil, err
	}
	items, err := r.FollowUpItems(ctx, recs, at)
	return recs, items, err
}

func (f followed) item() analysis.FollowUpItem {
	rec := f.rec
	addressed := rec.AddressedPostID
	if addressed == nil {
		addressed = rec.AddressedOrganizationID
	}
	it := analysis.FollowUpItem{ID: rec.ID, ReportID: rec.ReportID, Report: documentName(f.report), Text: rec.Text,
		Addressed: f.s.SubjectOf(*addressed), DueOn: rec.DueOn, ResponseDocumentID: rec.ResponseDocumentID,
		ResponseText: rec.ResponseText, JudgedBy: rec.JudgedBy, FollowUp: *f.fu}
	if f.answer != nil {
		name := documentName(f.answer)
		it.Response = &name
	}
	return it
}

// documentName names a document by its title and reference.
func documentName(d *ent.Document) string {
	if d.Reference != nil {
		return d.Title + " (" + *d.Reference + ")"
	}
	return d.Title
}

// ListRecommendations returns a page of recommendations, in the order they
// were given, each with its status on the filter's day. A recommendation
// whose report is after that day is not listed: it was not given yet.
func (r *Registry) ListRecommendations(ctx context.Context, f RecommendationFilter) (Page[FollowedRecommendation], error) {
	if _, ok := RecordedAt(ctx); ok {
		return Page[FollowedRecommendation]{}, errRecordedList()
	}
	preds, limit, err := r.listPredicates(ListOptions{History: true, Cursor: f.Cursor, Limit: f.Limit})
	if err != nil {
		return Page[FollowedRecommendation]{}, err
	}
	at := r.day(ListOptions{At: f.At})
	var kept []FollowedRecommendation
	for batch := limit + 1; len(kept) <= limit; {
		rows, err := r.recommendationsAfter(ctx, f, preds, batch)
		if err != nil || len(rows) == 0 {
			return page(kept, limit, recordID, same), err
		}
		fs, err := r.FollowUps(ctx, rows, at)
		if err != nil {
			return Page[FollowedRecommendation]{}, err
		}
		for _, x := range fs {
			if x.FollowUp != nil && (f.Status == "" || x.FollowUp.Status == f.Status) {
				kept = append(kept, x)
			}
		}
		if len(rows) < batch {
			break
		}
		preds = append(preds[:0:0], afterID(rows[len(rows)-1].ID))
	}
	return page(kept, limit, recordID, same), nil
}

// recommendationsAfter reads the next rows of a list, up to n (every one
// when n is 0).
func (r *Registry) recommendationsAfter(ctx context.Context, f RecommendationFilter, preds []selector, n int) ([]koncern.Recommendation, error) {
	q := r.client().Recommendation.Query()
	for _, p := range preds {
		q.Where(predicate.Recommendation(p))
	}
	if f.MunicipalityID != nil {
		q.Where(recommendation.MunicipalityID(*f.MunicipalityID))
	}
	if f.ReportID != nil {
		q.Where(recommendation.ReportID(*f.ReportID))
	}
	if n > 0 {
		q.Limit(n)
	}
	return loadAll(ctx, q.Order(recommendation.ByID()), toRecommendation)
}

func recordID(x FollowedRecommendation) uuid.UUID { return x.ID }

func same[T any](x T) T { return x }

// FollowUpReport is the follow-up of the recommendations a municipality's
// auditors gave in year, on day at: those given by then, with their status
// and the totals.
func (r *Registry) FollowUpReport(ctx context.Context, municipality uuid.UUID, year int, at koncern.Date) (analysis.FollowUpReport, error) {
	if err := r.CheckMunicipality(ctx, &municipality); err != nil {
		return analysis.FollowUpReport{}, err
	}
	first, last := koncern.NewDate(year, time.January, 1), koncern.NewDate(year, time.December, 31)
	reports, err := r.client().Document.Query().Where(document.MunicipalityID(municipality), document.Kind(kindAuditReport),
		document.DecidedOnGTE(first.Time()), document.DecidedOnLTE(last.Time())).IDs(ctx)
	if err != nil {
		return analysis.FollowUpReport{}, err
	}
	recs, err := loadAll(ctx, r.client().Recommendation.Query().
		Where(recommendation.MunicipalityID(municipality), recommendation.ReportIDIn(reports...)).Order(recommendation.ByID()), toRecommendation)
	if err != nil {
		return analysis.FollowUpReport{}, err
	}
	items, err := r.FollowUpItems(ctx, recs, at)
	if err != nil {
		return analysis.FollowUpReport{}, err
	}
	return analysis.NewFollowUpReport(municipality, year, at, items), nil
}
