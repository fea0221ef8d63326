package registry

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/recommendation"
)

// Document kinds of the follow-up: the auditors' report that gives
// recommendations and the addressed body's answer to it.
const (
	kindAuditReport   = "audit_report"
	kindAuditResponse = "audit_response"
)

// entityRecommendation names a recommendation in the audit trail.
const entityRecommendation = "recommendation"

var recommendationKind = kind[*ent.Recommendation, koncern.RecommendationInput, koncern.Recommendation]{
	entity: entityRecommendation,
	what:   "recommendation",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Recommendation, error) {
		return c.Recommendation.Get(ctx, id)
	},
	id:      func(x *ent.Recommendation) uuid.UUID { return x.ID },
	version: func(x *ent.Recommendation) int { return x.Version },
	input: func(x *ent.Recommendation) koncern.RecommendationInput {
		return toRecommendation(x).RecommendationInput
	},
	save: saveRecommendation,
	out:  toRecommendation,
}

func toRecommendation(x *ent.Recommendation) koncern.Recommendation {
	return koncern.Recommendation{
		Meta: meta(x.ID, x.Version, x.CreatedAt, x.UpdatedAt),
		RecommendationInput: koncern.RecommendationInput{
			ReportID: x.ReportID, Text: x.Text,
			AddressedOrganizationID: x.AddressedOrganizationID, AddressedPostID: x.AddressedPostID,
			DueOn: datePtr(x.DueOn), TargetRules: orEmpty(x.TargetRules), TargetSubjectIDs: orEmpty(x.TargetSubjectIds),
			TargetSeverity: x.TargetSeverity, ResponseDocumentID: x.ResponseDocumentID, ResponseText: x.ResponseText,
			JudgedResolvedOn: datePtr(x.JudgedResolvedOn), JudgmentComment: x.JudgmentComment,
		},
		MunicipalityID: x.MunicipalityID, JudgedBy: x.JudgedBy,
	}
}

// orEmpty is a stored list, empty rather than null when none was stored.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CreateRecommendation records a recommendation of an audit report. The
// municipality is the report's.
//
// It returns EINVALID naming the field for a report that is no audit
// report of a municipality's group, an addressee that is not exactly one
// organisation or post of that group, a rule or subject of the target the
// registry does not know, an answer that is no audit response of the group
// decided on or after the report, dates before the report, or a judgment
// without its comment.
func (r *Registry) CreateRecommendation(ctx context.Context, in koncern.RecommendationInput) (koncern.Recommendation, error) {
	return create(ctx, r, entityRecommendation, in, func(tx *ent.Tx, id uuid.UUID, in *koncern.RecommendationInput) (koncern.Recommendation, error) {
		report, err := checkRecommendationTx(ctx, tx, in)
		if err == nil {
			err = r.judgedByNow(in)
		}
		if err != nil {
			return koncern.Recommendation{}, err
		}
		c := tx.Recommendation.Create().SetID(id).SetReportID(in.ReportID).SetMunicipalityID(*report.MunicipalityID).
			SetText(in.Text).SetNillableAddressedOrganizationID(in.AddressedOrganizationID).SetNillableAddressedPostID(in.AddressedPostID).
			SetNillableDueOn(timePtr(in.DueOn)).SetTargetRules(in.TargetRules).SetTargetSubjectIds(in.TargetSubjectIDs).
			SetNillableTargetSeverity(in.TargetSeverity).SetNillableResponseDocumentID(in.ResponseDocumentID).
			SetNillableResponseText(in.ResponseText).SetNillableJudgedResolvedOn(timePtr(in.JudgedResolvedOn)).
			SetNillableJudgmentComment(in.JudgmentComment)
		if in.Judged() {
			c.SetJudgedBy(actorOf(ctx).Name)
		}
		row, err := c.Save(ctx)
		if err != nil {
			return koncern.Recommendation{}, err
		}
		return toRecommendation(row), nil
	})
}

// GetRecommendation returns one recommendation.
func (r *Registry) GetRecommendation(ctx context.Context, id uuid.UUID) (koncern.Recommendation, error) {
	return getOne(ctx, r, recommendationKind, id)
}

// UpdateRecommendation applies a merge patch. A change of the judgment
// records the caller as the one who judged.
func (r *Registry) UpdateRecommendation(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.RecommendationPatch) (koncern.Recommendation, error) {
	return updateWith(ctx, r, recommendationKind, opUpdate, id, ifVersion, func(cur koncern.RecommendationInput) (koncern.RecommendationPatch, error) {
		if err := p.Apply(&cur); err != nil {
			return p, err
		}
		return p, r.judgedByNow(&cur)
	})
}

// saveRecommendation writes the fields that change and no others: the
// registrar's privacy rule judges an update by the fields it sets, and an
// answer recorded must not look like a change of the recommendation.
func saveRecommendation(ctx context.Context, tx *ent.Tx, cur *ent.Recommendation, in *koncern.RecommendationInput) error {
	if _, err := checkRecommendationTx(ctx, tx, in); err != nil {
		return err
	}
	old := toRecommendation(cur).RecommendationInput
	u := tx.Recommendation.Update().Where(recommendation.ID(cur.ID), recommendation.Version(cur.Version)).AddVersion(1)
	m := u.Mutation()
	if in.Text != old.Text {
		m.SetText(in.Text)
	}
	if !slices.Equal(in.TargetRules, old.TargetRules) {
		m.SetTargetRules(orEmpty(in.TargetRules))
	}
	if !slices.Equal(in.TargetSubjectIDs, old.TargetSubjectIDs) {
		m.SetTargetSubjectIds(orEmpty(in.TargetSubjectIDs))
	}
	judged := !samePtr(dateText(in.JudgedResolvedOn), dateText(old.JudgedResolvedOn)) || !samePtr(in.JudgmentComment, old.JudgmentComment)
	if judged {
		var by *string
		if in.Judged() {
			name := actorOf(ctx).Name
			by = &name
		}
		if err := setOrClear(m, recommendation.FieldJudgedBy, by); err != nil {
			return err
		}
	}
	if err := errors.Join(
		setChanged(m, recommendation.FieldAddressedOrganizationID, old.AddressedOrganizationID, in.AddressedOrganizationID),
		setChanged(m, recommendation.FieldAddressedPostID, old.AddressedPostID, in.AddressedPostID),
		setDateChanged(m, recommendation.FieldDueOn, old.DueOn, in.DueOn),
		setChanged(m, recommendation.FieldTargetSeverity, old.TargetSeverity, in.TargetSeverity),
		setChanged(m, recommendation.FieldResponseDocumentID, old.ResponseDocumentID, in.ResponseDocumentID),
		setChanged(m, recommendation.FieldResponseText, old.ResponseText, in.ResponseText),
		setDateChanged(m, recommendation.FieldJudgedResolvedOn, old.JudgedResolvedOn, in.JudgedResolvedOn),
		setChanged(m, recommendation.FieldJudgmentComment, old.JudgmentComment, in.JudgmentComment),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// setDateChanged writes an optional date only when it differs from the
// stored one.
func setDateChanged(m fieldSetter, name string, old, v *koncern.Date) error {
	if samePtr(dateText(old), dateText(v)) {
		return nil
	}
	return setOrClear(m, name, timePtr(v))
}

// judgedByNow refuses a judgment dated after today: a judgment is of
// what has happened.
func (r *Registry) judgedByNow(in *koncern.RecommendationInput) error {
	if today := r.Today(); in.Judged() && in.JudgedResolvedOn.After(today) {
		return koncern.Invalid("judged_resolved_on", "must not be after today, %s: a judgment is of what has happened", today)
	}
	return nil
}

// checkRecommendationTx checks a recommendation against its report and the
// rest of the graph and returns the report.
func checkRecommendationTx(ctx context.Context, tx *ent.Tx, in *koncern.RecommendationInput) (*ent.Document, error) {
	report, err := refDocumentOfKind(ctx, tx, "report_id", in.ReportID, kindAuditReport)
	if err != nil {
		return nil, err
	}
	if report.MunicipalityID == nil {
		return nil, koncern.Invalid("report_id", "audit report %q belongs to no municipality's group: its issuer has none", report.Title)
	}
	muni, given := *report.MunicipalityID, date(report.DecidedOn)
	if err := checkAddressee(ctx, tx, in, muni, given); err != nil {
		return nil, err
	}
	if err := checkTarget(ctx, tx, in, muni); err != nil {
		return nil, err
	}
	if err := checkAnswer(ctx, tx, in, muni, given); err != nil {
		return nil, err
	}
	return report, checkJudgment(in, given)
}

// refDocumentOfKind loads a referenced document and checks its kind.
func refDocumentOfKind(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID, kind string) (*ent.Document, error) {
	d, err := getDocument(ctx, tx, field, id)
	if err != nil {
		return nil, err
	}
	if d.Kind != kind {
		return nil, koncern.Invalid(field, "document %q is a %s; it must be a %s", d.Title, d.Kind, kind)
	}
	return d, nil
}

// checkAddressee checks that the recommendation is addressed to exactly
// one organisation or post of the group, in being on the report's day.
func checkAddressee(ctx context.Context, tx *ent.Tx, in *koncern.RecommendationInput, muni uuid.UUID, given koncern.Date) error {
	day := koncern.Period{From: given, To: &given}
	switch {
	case in.AddressedOrganizationID == nil && in.AddressedPostID == nil:
		return koncern.Invalid("addressed_organization_id", "is required unless addressed_post_id is given: name the body or the post the recommendation is addressed to")
	case in.AddressedOrganizationID != nil && in.AddressedPostID != nil:
		return koncern.Invalid("addressed_post_id", "must be absent when addressed_organization_id is given: a recommendation is addressed to one body or one post")
	case in.AddressedOrganizationID != nil:
		o, err := refOrganization(ctx, tx, "addressed_organization_id", *in.AddressedOrganizationID, day)
		if err != nil {
			return err
		}
		return inGroup("addressed_organization_id", "organisation "+quote(o.Name), o.MunicipalityID, muni)
	}
	p, err := refPost(ctx, tx, "addressed_post_id", *in.AddressedPostID, day)
	if err != nil {
		return err
	}
	return inGroup("addressed_post_id", "post "+quote(p.Title), p.MunicipalityID, muni)
}

// inGroup refuses a record of another municipality's group than the
// report's.
func inGroup(field, what string, m *uuid.UUID, muni uuid.UUID) error {
	if m == nil || *m != muni {
		return koncern.Invalid(field, "%s is not of the audit report's municipality's group", what)
	}
	return nil
}

// checkTarget checks the findings filter: known rules, each once, and
// subjects that are posts or organisations of the group, each once.
func checkTarget(ctx context.Context, tx *ent.Tx, in *koncern.RecommendationInput, muni uuid.UUID) error {
	for i, rule := range in.TargetRules {
		if !slices.Contains(analysis.RuleIDs(), rule) {
			return koncern.Invalid("target_rules", "%q is no rule; the rules are %s", rule, strings.Join(analysis.RuleIDs(), ", "))
		}
		if slices.Contains(in.TargetRules[:i], rule) {
			return koncern.Invalid("target_rules", "names %q twice", rule)
		}
	}
	for i, id := range in.TargetSubjectIDs {
		if slices.Contains(in.TargetSubjectIDs[:i], id) {
			return koncern.Invalid("target_subject_ids", "names %s twice", id)
		}
		m, err := subjectMunicipality(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := inGroup("target_subject_ids", "subject "+id.String(), m, muni); err != nil {
			return err
		}
	}
	return nil
}

// subjectMunicipality returns the group of a finding's subject, a post or
// an organisation.
func subjectMunicipality(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*uuid.UUID, error) {
	if p, err := tx.Post.Get(ctx, id); err == nil {
		return p.MunicipalityID, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	if o, err := tx.Organization.Get(ctx, id); err == nil {
		return o.MunicipalityID, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	return nil, koncern.Invalid("target_subject_ids", "%s is no post or organisation of the registry", id)
}

// checkAnswer checks the answer: an audit response of the group decided on
// or after the report, and of this report when it names the one it
// answers (refers_to_id), without which its text has nothing to summarise.
func checkAnswer(ctx context.Context, tx *ent.Tx, in *koncern.RecommendationInput, muni uuid.UUID, given koncern.Date) error {
	if in.ResponseDocumentID == nil {
		if in.ResponseText != nil {
			return koncern.Invalid("response_document_id", "is required with response_text: the text is of the answer decided in that document")
		}
		return nil
	}
	d, err := refDocumentOfKind(ctx, tx, "response_document_id", *in.ResponseDocumentID, kindAuditResponse)
	if err != nil {
		return err
	}
	if err := inGroup("response_document_id", "document "+quote(d.Title), d.MunicipalityID, muni); err != nil {
		return err
	}
	if date(d.DecidedOn).Before(given) {
		return koncern.Invalid("response_document_id", "answer %q was decided on %s, before the report of %s", d.Title, date(d.DecidedOn), given)
	}
	if d.RefersToID != nil && *d.RefersToID != in.ReportID {
		return koncern.Invalid("response_document_id", "answer %q answers another audit report (%s), not %s", d.Title, *d.RefersToID, in.ReportID)
	}
	return nil
}

// checkJudgment checks the dates against the report's day and that a
// judgment has its comment and a comment its judgment.
func checkJudgment(in *koncern.RecommendationInput, given koncern.Date) error {
	if in.DueOn != nil && in.DueOn.Before(given) {
		return koncern.Invalid("due_on", "must not be before the report's decision on %s", given)
	}
	switch {
	case in.Judged() && in.JudgedResolvedOn.Before(given):
		return koncern.Invalid("judged_resolved_on", "must not be before the report's decision on %s", given)
	case in.Judged() && in.JudgmentComment == nil:
		return koncern.Invalid("judgment_comment", "is required with judged_resolved_on: say why the recommendation is resolved")
	case !in.Judged() && in.JudgmentComment != nil:
		return koncern.Invalid("judged_resolved_on", "is required with judgment_comment: the day from which the recommendation is judged resolved")
	}
	return nil
}

// checkRecommendationDocument refuses a change of a document's kind that
// would leave recommendations resting on something else than an audit
// report, or answered by something else than an audit response. It reads
// the recommendations past their rules, since it only decides and returns
// nothing.
func checkRecommendationDocument(ctx context.Context, tx *ent.Tx, id uuid.UUID, kind string) error {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if kind != kindAuditReport {
		given, err := tx.Recommendation.Query().Where(recommendation.ReportID(id)).Exist(ctx)
		if err != nil {
			return err
		} else if given {
			return koncern.Conflict("kind", "recommendations are given in this audit report; it stays an %s", kindAuditReport)
		}
	}
	if kind != kindAuditResponse {
		answers, err := tx.Recommendation.Query().Where(recommendation.ResponseDocumentID(id)).Exist(ctx)
		if err != nil {
			return err
		} else if answers {
			return koncern.Conflict("kind", "recommendations are answered by this document; it stays an %s", kindAuditResponse)
		}
	}
	return nil
}

// checkRecommendationsOf checks again, with the document as just saved in
// tx, the recommendations given in it or answered by it: a report decided
// later, or an answer earlier or of another report, must not leave a
// recommendation that its own checks refuse, whose registrar could then
// no longer record an answer. field names the document's change; the
// transaction is rolled back on the conflict.
func checkRecommendationsOf(ctx context.Context, tx *ent.Tx, id uuid.UUID, field string) error {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	recs, err := tx.Recommendation.Query().
		Where(recommendation.Or(recommendation.ReportID(id), recommendation.ResponseDocumentID(id))).All(ctx)
	if err != nil {
		return err
	}
	for _, x := range recs {
		in := toRecommendation(x).RecommendationInput
		_, err := checkRecommendationTx(ctx, tx, &in)
		var kerr *koncern.Error
		if errors.As(err, &kerr) && kerr.Code == koncern.EINVALID {
			return koncern.Conflict(field, "recommendation %s could no longer rest on this document: %s", x.ID, kerr.Message)
		} else if err != nil {
			return err
		}
	}
	return nil
}
