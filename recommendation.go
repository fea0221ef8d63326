package koncern

import "github.com/google/uuid"

// Severities a recommendation's target may name, as the rules grade their
// findings (analysis.High and its peers).
var Severities = []string{"high", "medium", "low"}

// RecommendationInput is what the auditors write about one recommendation
// of an audit report, and what the addressed body answers. It is
// addressed to exactly one organisation or post. Its target (rules,
// subjects, severity) is a filter of the findings: the recommendation is
// resolved while the findings it selects do not hold. An empty target
// leaves the status to the auditors' judgment. JudgedResolvedOn marks it
// resolved by judgment from that day, and needs JudgmentComment.
type RecommendationInput struct {
	ReportID                uuid.UUID   `json:"report_id" validate:"required"`
	Text                    string      `json:"text" validate:"required,trimmed,visible,max=4000" text:"multiline"`
	AddressedOrganizationID *uuid.UUID  `json:"addressed_organization_id"`
	AddressedPostID         *uuid.UUID  `json:"addressed_post_id"`
	DueOn                   *Date       `json:"due_on"`
	TargetRules             []string    `json:"target_rules" validate:"max=50,dive,required,max=100"`
	TargetSubjectIDs        []uuid.UUID `json:"target_subject_ids" validate:"max=200"`
	TargetSeverity          *string     `json:"target_severity" validate:"omitnil,severity"`
	ResponseDocumentID      *uuid.UUID  `json:"response_document_id"`
	ResponseText            *string     `json:"response_text" validate:"omitnil,trimmed,visible,max=4000" text:"multiline"`
	JudgedResolvedOn        *Date       `json:"judged_resolved_on"`
	JudgmentComment         *string     `json:"judgment_comment" validate:"omitnil,trimmed,visible,max=4000" text:"multiline"`
}

// Recommendation is a stored recommendation. MunicipalityID is the report's
// municipality and JudgedBy the caller who last set the judgment, as the
// audit trail names it.
type Recommendation struct {
	Meta
	RecommendationInput
	MunicipalityID uuid.UUID `json:"municipality_id"`
	JudgedBy       *string   `json:"judged_by"`
}

// Judged reports whether the auditors have judged the recommendation
// resolved.
func (r RecommendationInput) Judged() bool { return r.JudgedResolvedOn != nil }

// RecommendationPatch changes a recommendation. The report it belongs to
// stays: a recommendation of another report is another recommendation.
type RecommendationPatch struct {
	Text                    Opt[string]      `json:"text"`
	AddressedOrganizationID Opt[uuid.UUID]   `json:"addressed_organization_id"`
	AddressedPostID         Opt[uuid.UUID]   `json:"addressed_post_id"`
	DueOn                   Opt[Date]        `json:"due_on"`
	TargetRules             Opt[[]string]    `json:"target_rules"`
	TargetSubjectIDs        Opt[[]uuid.UUID] `json:"target_subject_ids"`
	TargetSeverity          Opt[string]      `json:"target_severity"`
	ResponseDocumentID      Opt[uuid.UUID]   `json:"response_document_id"`
	ResponseText            Opt[string]      `json:"response_text"`
	JudgedResolvedOn        Opt[Date]        `json:"judged_resolved_on"`
	JudgmentComment         Opt[string]      `json:"judgment_comment"`
}

// Apply writes the patch over in; null clears an optional field and an
// empty list.
func (x RecommendationPatch) Apply(in *RecommendationInput) error {
	var p patcher
	value(&p, "text", x.Text, &in.Text)
	pointer(x.AddressedOrganizationID, &in.AddressedOrganizationID)
	pointer(x.AddressedPostID, &in.AddressedPostID)
	pointer(x.DueOn, &in.DueOn)
	list(x.TargetRules, &in.TargetRules)
	list(x.TargetSubjectIDs, &in.TargetSubjectIDs)
	pointer(x.TargetSeverity, &in.TargetSeverity)
	pointer(x.ResponseDocumentID, &in.ResponseDocumentID)
	pointer(x.ResponseText, &in.ResponseText)
	pointer(x.JudgedResolvedOn, &in.JudgedResolvedOn)
	pointer(x.JudgmentComment, &in.JudgmentComment)
	return p.err()
}

// Immutable names the field that identifies a recommendation.
func (RecommendationPatch) Immutable() []string { return []string{"report_id"} }
