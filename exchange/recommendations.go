package exchange

import (
	"cmp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// RegisterRecommendations names the sheet of the audit reports'
// recommendations. It is not one of RegisterNames: the import does not
// read it (importer.Sheets), because a recommendation is written by two
// roles (the auditors give it, the registrar records the answer) where an
// import runs as one caller, and its target names a list of posts and
// organisations that the import's one-reference-per-column keys cannot
// express. An export carries it so that the auditors' follow-up travels
// with the registers.
const RegisterRecommendations = "recommendations"

// RecommendationColumns are the columns of the recommendations sheet:
// the report and the answer named as the import names documents, the
// addressee as it names a steering line's end, the target, the judgment,
// and the status on the export's day.
var RecommendationColumns = []string{
	"report", "report_issuer_org_number", "report_issuer_name", "report_issuer_path", "given_on", "text",
	"addressed_org_number", "addressed_name", "addressed_path", "addressed_post_title", "due_on",
	"target_rules", "target_subjects", "target_severity",
	"response", "response_issuer_org_number", "response_issuer_name", "response_issuer_path", "answered_on", "response_text",
	"judged_resolved_on", "judgment_comment", "judged_by", "status", "since",
}

// Recommendations lays out the recommendations with their follow-up on
// the export's day (items, by the recommendation's id) as a register,
// naming the records they refer to as the other registers do.
func Recommendations(s *analysis.Snapshot, recs []koncern.Recommendation, items []analysis.FollowUpItem) Register {
	t := tabler{s: s, paths: map[uuid.UUID]string{}}
	t.docRefs = t.referenceCounts()
	byID := make(map[uuid.UUID]analysis.FollowUpItem, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	recs = slices.Clone(recs)
	slices.SortFunc(recs, func(a, b koncern.Recommendation) int {
		return cmp.Or(byID[a.ID].FollowUp.GivenOn.Time().Compare(byID[b.ID].FollowUp.GivenOn.Time()),
			cmp.Compare(byID[a.ID].Report, byID[b.ID].Report), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	tab := analysis.Table{Columns: RecommendationColumns}
	for _, r := range recs {
		it, ok := byID[r.ID]
		if !ok {
			continue
		}
		tab.Rows = append(tab.Rows, t.recommendationRow(r, it))
	}
	return Register{Name: RegisterRecommendations, Table: tab}
}

func (t tabler) recommendationRow(r koncern.Recommendation, it analysis.FollowUpItem) []string {
	f := it.FollowUp
	addressed := t.endCells(r.AddressedPostID, r.AddressedOrganizationID)
	if addressed[1] == "" {
		addressed[1] = it.Addressed.Name
	}
	row := append(t.documentCells(&r.ReportID), f.GivenOn.String(), r.Text)
	row = append(row, addressed...)
	row = append(row, date(r.DueOn), strings.Join(r.TargetRules, "; "), t.subjectNames(r.TargetSubjectIDs), str(r.TargetSeverity))
	row = append(row, t.documentCells(r.ResponseDocumentID)...)
	row = append(row, date(f.AnsweredOn), str(r.ResponseText))
	return append(row, date(r.JudgedResolvedOn), str(r.JudgmentComment), str(r.JudgedBy), f.Status, f.Since.String())
}

// subjectNames names the target's posts and organisations as people know
// them, "; " between them.
func (t tabler) subjectNames(ids []uuid.UUID) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = t.s.SubjectOf(id).Name
	}
	return strings.Join(names, "; ")
}
