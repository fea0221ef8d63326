package rule

import (
	"context"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	gen "github.com/koncernregistret/koncern/ent"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/recommendation"
)

// AnswerFields are the fields of a recommendation that hold the addressed
// body's answer (yttrande): what the registrar records, and what the
// auditors, who judge the answer, leave alone.
var AnswerFields = []string{recommendation.FieldResponseDocumentID, recommendation.FieldResponseText}

// AuditorFields are the fields of a recommendation the auditors keep after
// giving it: its words, whom it addresses, its due date, its target and
// their judgment of it.
var AuditorFields = []string{
	recommendation.FieldText, recommendation.FieldAddressedOrganizationID, recommendation.FieldAddressedPostID,
	recommendation.FieldDueOn, recommendation.FieldTargetRules, recommendation.FieldTargetSubjectIds,
	recommendation.FieldTargetSeverity, recommendation.FieldJudgedResolvedOn, recommendation.FieldJudgmentComment,
	recommendation.FieldJudgedBy,
}

// Recommendations are the audit reports' recommendations. Like the
// comments on findings they are read by every role and never by an
// anonymous caller, published registry or not: they are the auditors'
// follow-up rather than the registry. Admin writes them; the auditors give
// them and keep them, judgment included, but do not write the addressed
// body's answer, which the registrar records and nothing else.
var Recommendations = Access{what: "recommendations", readers: koncern.AccessRoles, grants: append(writers(koncern.AccessAdmin),
	Grant{Role: koncern.AccessAuditor, Ops: ent.OpCreate, Judge: noAnswerGiven()},
	Grant{Role: koncern.AccessAuditor, Ops: ent.OpUpdate | ent.OpUpdateOne, Fields: AuditorFields},
	Grant{Role: koncern.AccessRegistrar, Ops: ent.OpUpdate | ent.OpUpdateOne, Fields: AnswerFields})}

// noAnswerGiven lets the auditors give a recommendation without an
// answer: the answer is the addressed body's, recorded by the registrar.
func noAnswerGiven() entprivacy.MutationRule {
	return entprivacy.RecommendationMutationRuleFunc(func(_ context.Context, m *gen.RecommendationMutation) error {
		_, doc := m.ResponseDocumentID()
		_, text := m.ResponseText()
		if doc || text {
			return koncern.Errorf(koncern.EFORBIDDEN, "the role auditor may not record the answer to a recommendation; the registrar records it")
		}
		return entprivacy.Allow
	})
}
