package demo

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The follow-up of the review: the auditors who commissioned it, their
// report with its recommendations, and the executive board's answer.
// The report's words are the review's (section 9); its date, reference and
// the answer are invented.
const (
	auditors       = "Kommunrevisionen"
	docAuditReport = "Översyn, granskning och bedömning av stadskontoret i Jönköpings kommun"
	docAuditAnswer = "Kommunstyrelsens yttrande över granskningen av stadskontoret"
)

// auditReport is the report; the executive board answers it.
var (
	auditReport = docSpec{Title: docAuditReport, Kind: "audit_report", Issuer: auditors, DecidedOn: "2003-10-15",
		Reference: "Revisionsrapport 2003:7 (illustrativt)"}
	auditAnswer = docSpec{Title: docAuditAnswer, Kind: "audit_response", Issuer: board, DecidedOn: "2004-02-18",
		Reference: "KS § 45/2004 (illustrativt)"}
)

// recommendationSpec is one recommendation of the report, addressed to the
// executive board, whose administration Stadskontoret is.
type recommendationSpec struct {
	Text string
	// Rule and Subjects are the target: the rule's findings about the
	// subjects; no rule leaves the status to the auditors' judgment.
	Rule     string
	Subjects []ref
	Due      string
	Answered string // the answer's text; "" for no answer yet
}

// recommendations are the report's: a clearer leading and coordinating
// role for the city manager, resolved when the KSO's clarification became
// the executive board's decision of 2003-11-12 and the coordination of the
// heads rested on it; more delegation, open; and the follow-up and
// evaluation system, due by the end of the winter 2003/2004 and overdue
// since.
func recommendations() []recommendationSpec {
	var heads []ref
	for _, c := range committees {
		heads = append(heads, c.head())
	}
	return []recommendationSpec{
		{Text: "Vi kan rekommendera en mera tydlig lednings- och samordningsroll för stadskontoret och stadsdirektören.",
			Rule: "coordination_without_basis", Subjects: heads,
			Answered: "Kommunstyrelsen har den 12 november 2003 beslutat att stadsdirektören leder och samordnar de kommungemensamma frågorna visavi förvaltningar och bolag."},
		{Text: "Vi rekommenderar vidare att man prövar möjligheten till att i större utsträckning delegera vissa frågor för att därmed " +
			"ta tillvara den kompetens som finns i organisationen och förmodligen också förenkla handläggningen."},
		{Text: "Behovet av ett nytt uppföljnings- och utvärderingssystem har redan nämnts och påtalats i flera sammanhang. Detta arbete bör " +
			"prioriteras och får rimligen anses vara en av stadskontorets viktigaste uppgifter under 2003/2004.",
			Due: "2004-03-31", Answered: "Stadsdirektören har fått i uppdrag att ta fram en uppföljnings- och utvärderingsmodell under hösten–vintern 2003/2004."},
	}
}

// loadFollowUp creates the auditors, their report, the answer and the
// recommendations.
func (l *loader) loadFollowUp() error {
	muni, err := l.orgID(municipality)
	if err != nil {
		return err
	}
	in := koncern.OrganizationInput{Kind: "auditors", Name: auditors, ParentID: &muni, Period: koncern.Period{From: start}}
	org, err := record(l, "organisation "+quote(auditors), &l.sum.Organizations, l.r.CreateOrganization, in)
	if err != nil {
		return err
	}
	l.orgs[auditors] = org.ID
	for _, d := range []docSpec{auditReport, auditAnswer} {
		if err := l.loadDocument(d); err != nil {
			return err
		}
	}
	for _, rec := range recommendations() {
		if err := l.loadRecommendation(rec); err != nil {
			return err
		}
	}
	l.sum.AuditReport = l.docs[docAuditReport]
	return nil
}

func (l *loader) loadRecommendation(s recommendationSpec) error {
	boardID, err := l.orgID(board)
	if err != nil {
		return err
	}
	in := koncern.RecommendationInput{ReportID: l.docs[docAuditReport], Text: s.Text, AddressedOrganizationID: &boardID,
		TargetRules: []string{}, TargetSubjectIDs: []uuid.UUID{}}
	if s.Rule != "" {
		in.TargetRules = []string{s.Rule}
	}
	for _, subject := range s.Subjects {
		id, err := l.postID(subject)
		if err != nil {
			return err
		}
		in.TargetSubjectIDs = append(in.TargetSubjectIDs, id)
	}
	if s.Due != "" {
		in.DueOn = ptr(day(s.Due))
	}
	if s.Answered != "" {
		in.ResponseDocumentID, in.ResponseText = ptr(l.docs[docAuditAnswer]), ptr(s.Answered)
	}
	_, err = record(l, "recommendation "+quote(string([]rune(s.Text)[:40])), &l.sum.Recommendations, l.r.CreateRecommendation, in)
	return err
}
