package synthetic

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Rule ids of the analysis's findings, as the planted cases name them.
const (
	TripleSteering             = "triple_steering"
	PoliticalBypass            = "political_bypass"
	PoliticalSteeringBelowHead = "political_steering_below_head"
	UnclearAppraisal           = "unclear_appraisal"
	CoordinationWithoutBasis   = "coordination_without_basis"
	VacantHead                 = "vacant_head"
	ReportingCycle             = "reporting_cycle"
	OwnerlessCompany           = "ownerless_company"
	BoardNotAppointedByCouncil = "board_not_appointed_by_council"
	NoLayAuditor               = "no_lay_auditor"
	MissingOwnerDirective      = "missing_owner_directive"
	AnnualReviewMissing        = "annual_review_missing"
	ArticlesNotApproved        = "articles_not_approved"
	OwnerDirectiveNotAdopted   = "owner_directive_not_adopted"
	OmbudNotAppointed          = "ombud_not_appointed"
)

// Rules lists the rule ids the generator plants, in a fixed order.
// Ownership above 100 % cannot be planted: the registry refuses it.
var Rules = []string{
	TripleSteering, PoliticalBypass, PoliticalSteeringBelowHead, UnclearAppraisal,
	CoordinationWithoutBasis, VacantHead, ReportingCycle, OwnerlessCompany,
	BoardNotAppointedByCouncil, NoLayAuditor, MissingOwnerDirective,
	AnnualReviewMissing, ArticlesNotApproved, OwnerDirectiveNotAdopted, OmbudNotAppointed,
}

// Case is one planted finding: the rule that must fire, the post or
// organisation it concerns, and the days on which it holds. Outside the
// planted cases the data is built so that no rule fires within the Window
// (see Planted for the exact conventions).
type Case struct {
	Rule         string         `json:"rule"`
	Municipality uuid.UUID      `json:"municipality"`
	Subject      uuid.UUID      `json:"subject"`
	Period       koncern.Period `json:"period"`
	// Evidence are the ids of the steering lines, posts or stakes that
	// make the case: the planted lines, or the lines and stakes in force
	// around a gap.
	Evidence []uuid.UUID `json:"evidence"`
}

// Planted records every planted case of a dataset and their number per
// rule id. One Case is one expected finding period: one subject (a post or
// a company) and one period; no subject has two cases of one rule. The
// conventions, which the analysis package shares (its findings over the
// Window are exactly these cases, see TestAnalysisFindsPlanted):
//
//   - A head is a post with role head. Head level is the head of an
//     organisation of kind administration (förvaltningschef) or a
//     company's CEO; the heads of departments and units under an
//     administration are below head level. The heads of the executive
//     board office's departments report to the city manager and have no
//     board of their own. No rule is planted on a CEO.
//   - A company is wholly owned when the group holds every share on every
//     day through a chain of sole owners: no owner from outside the group
//     and no cross-holding between it and the municipality. Only wholly
//     owned companies carry planted company cases.
//   - triple_steering: a förvaltningschef who, besides the mandate lines
//     from its nämnd and that nämnd's chair and the city manager's
//     coordination line, which every förvaltningschef of a coordinated
//     administration has for its whole life, receives a direct_political
//     line (basis observed) from a commissioner post of the executive
//     board during Period (60–540 days). The commissioner's holders never
//     sit on that nämnd. Every such case is also a political_bypass case
//     with the same subject and period, and is recorded under both rules.
//   - political_bypass: the triple_steering cases, plus direct_political
//     lines from a commissioner to the head of an uncoordinated
//     administration (räddningstjänst, överförmyndare), which no city
//     manager line reaches, so that only the bypass fires.
//   - political_steering_below_head: a direct_political line from a
//     commissioner to the head of a department or unit under an
//     administration during Period. A political_bypass rule that counted
//     every role-head post, not only head level, would fire on these too.
//   - unclear_appraisal: a förvaltningschef with no appraisal line during
//     Period (the chair's line is interrupted), or with a second appraisal
//     line from the city manager beside the chair's during Period; never
//     on a post with a planted vacancy. Every other head, the city manager
//     and every CEO has exactly one appraiser on every day.
//   - coordination_without_basis: in some municipalities the city
//     manager's coordination lines rest on practice (no document) until
//     the executive board adopts an instruction for the city manager; one
//     case per förvaltningschef so coordinated, Period up to the day
//     before the instruction. All line_management lines are formal.
//   - vacant_head: a head post without holder for 30–180 days between two
//     holders. Every other head post, every CEO and city manager post is
//     held on every day of its life within the Window.
//   - reporting_cycle: two department heads of one administration who
//     report to each other during Period; Subject is the one whose name
//     ("<department> / Avdelningschef") sorts first. The
//     baseline reporting lines follow the line-management hierarchy only
//     (a head reports to whoever manages or mandates it), and, like every
//     line, run from the post or body reported to, to the one reporting.
//   - ownerless_company: a company of a municipal group (it has a parent)
//     whose owner's stake begins 30–200 days after the company does.
//   - board_not_appointed_by_council: a wholly owned company whose board
//     (chair and members) is, for one mandate period, elected by its
//     parent company's general meeting: their assignments cite a document
//     the parent company issued, and the appointment line that period runs
//     from the parent company, not from the council. Otherwise every
//     board seat's assignment cites the council's election decision and
//     the council has an appointment line to the company each period.
//   - no_lay_auditor: a wholly owned company that has no lay_auditor post
//     at all; every other group company has one, held on every day.
//   - missing_owner_directive: a wholly owned company that never receives
//     an ownership_directive line; every other group company has one in
//     force on every day, citing an owner_directive document in force when
//     the line begins.
//   - articles_not_approved: a wholly owned company whose articles of
//     association its own general meeting issued and no council ever
//     adopted; every other company's are the council's, in force from its
//     first day.
//   - owner_directive_not_adopted: a company whose general meeting adopts
//     a period's owner directive 20–150 days after the directive line
//     begins; Period is the days before. Every other directive line is
//     met by a general_meeting_resolution from its first day.
//   - ombud_not_appointed: a company the municipality owns directly whose
//     stämmoombud is, for one mandate period, appointed by the executive
//     board instead of the council (Period: that mandate). Only companies
//     owned directly have an ombud post.
//   - annual_review_missing: a wholly owned company left out of one year's
//     annual review, reviewed in a decision of its own after the deadline
//     (Period: from the day after the deadline, 30 June of the year after, to the day
//     before) or never (to the window's end). Every other company is in
//     its executive board's review of each year it exists, decided from
//     March to mid-June of the next year.
//
// Political posts are filled per mandate period and the last period ends
// on 2026-12-31, so from 2027 every political post is vacant: the counts
// hold over the Window only.
type Planted struct {
	Window koncern.Period `json:"window"`
	Counts map[string]int `json:"counts"`
	Cases  []Case         `json:"cases"`
}

// In returns the cases of one municipality.
func (p Planted) In(municipality uuid.UUID) Planted {
	out := Planted{Window: p.Window}
	for _, c := range p.Cases {
		if c.Municipality == municipality {
			out.Cases = append(out.Cases, c)
		}
	}
	out.Counts = countCases(out.Cases)
	return out
}

// countCases counts the cases per rule, with a zero for every rule that
// has none.
func countCases(cases []Case) map[string]int {
	counts := make(map[string]int, len(Rules))
	for _, r := range Rules {
		counts[r] = 0
	}
	for _, c := range cases {
		counts[c.Rule]++
	}
	return counts
}

// plant records a case.
func (g *generator) plant(rule string, m *muni, subject uuid.UUID, p koncern.Period, evidence ...uuid.UUID) {
	g.planted.Cases = append(g.planted.Cases, Case{Rule: rule, Municipality: m.root.id, Subject: subject, Period: p, Evidence: evidence})
}
