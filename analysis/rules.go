package analysis

import (
	"slices"

	"github.com/google/uuid"
)

// Rule is one named check of the graph, with the texts it comes from: the
// sections of the 2003 review of Jönköping's stadskontoret, or of the law,
// each with the days on which it applied. A rule applies on the days of
// any of its sources, and a finding never holds on another day.
type Rule struct {
	ID            string   `json:"id"`
	Severity      string   `json:"severity"`
	Description   string   `json:"description"`
	DescriptionSV string   `json:"description_sv"`
	Sources       []Source `json:"sources"`
	// Section is the citation in force on the last day the rule applies
	// (today, for a rule of the law in force): what the rule book showed
	// before it knew the sources' periods.
	Section string `json:"section"`

	check func(r *Rule, s *Snapshot) []Finding
}

// rules is the registry's rule book. Adding a rule is adding a row.
var rules = sectioned([]Rule{
	{ID: "triple_steering", Severity: High, Sources: review("§5", "§9"),
		Description:   "A head is steered at the same time by its board (or the board's chair), by the city manager and directly by a commissioner.",
		DescriptionSV: "En chef styrs samtidigt av sin nämnd eller styrelse (eller dess ordförande), av stadsdirektören och direkt av ett kommunalråd (trefaldig ledning).",
		check:         checkTripleSteering},
	{ID: "political_bypass", Severity: High, Sources: review("§5"),
		Description:   "A commissioner, or another politician outside the head's board, steers a head directly, without going through the board.",
		DescriptionSV: "Ett kommunalråd eller annan politiker utanför chefens nämnd eller styrelse styr chefen direkt, förbi nämnden.",
		check:         checkPoliticalBypass},
	{ID: "political_steering_below_head", Severity: High, Sources: review("§5"),
		Description:   "A politician steers a post below head level directly.",
		DescriptionSV: "Politisk styrning direkt av en tjänst under förvaltningschefsnivå.",
		check:         checkPoliticalBelowHead},
	{ID: "unclear_appraisal", Severity: Medium, Sources: review("§5"),
		Description:   "A head has no one, or more than one, responsible for the annual appraisal (utvecklingssamtal) at the same time.",
		DescriptionSV: "Det är oklart vem som håller det årliga utvecklingssamtalet med förvaltningschefen: ingen eller flera samtidigt.",
		check:         checkUnclearAppraisal},
	{ID: "coordination_without_basis", Severity: Medium, Sources: review("§3", "§9"),
		Description:   "A coordination or line-management line rests on no formal decision in force.",
		DescriptionSV: "En samordnings- eller chefslinje saknar formellt beslut (t.ex. stadsdirektörens samordning utan formellt chefskap).",
		check:         checkCoordinationWithoutBasis},
	{ID: "vacant_head", Severity: Medium, Sources: review("§3"),
		Description:   "A head post has no holder.",
		DescriptionSV: "En chefstjänst saknar innehavare.",
		check:         checkVacantHead},
	{ID: "reporting_cycle", Severity: High, Sources: review("§5"),
		Description:   "Line-management and reporting lines run in a circle, so nobody is on top.",
		DescriptionSV: "Chefs- och rapporteringslinjer går i cirkel, så att ingen står överst.",
		check:         checkReportingCycle},
	{ID: "ownerless_company", Severity: High, Sources: review("§3"),
		Description:   "A company of the group has no owner stake.",
		DescriptionSV: "Ett bolag i koncernen saknar ägare.",
		check:         checkOwnerlessCompany},
	{ID: "board_not_appointed_by_council", Severity: High, Sources: ownedCompanyDuties,
		Description:   "A wholly owned municipal company has board members not appointed by the council.",
		DescriptionSV: "Ett helägt kommunalt bolag har styrelseledamöter som inte utsetts av kommunfullmäktige.",
		check:         checkBoardAppointed},
	{ID: "no_lay_auditor", Severity: Medium, Sources: ownedCompanyDuties,
		Description:   "A wholly owned municipal company has no lay auditor (lekmannarevisor).",
		DescriptionSV: "Ett helägt kommunalt bolag saknar lekmannarevisor.",
		check:         checkLayAuditor},
	{ID: "missing_owner_directive", Severity: Medium, Sources: review("§6"),
		Description:   "A subsidiary has no owner directive (ägardirektiv) in force.",
		DescriptionSV: "Ett dotterbolag saknar gällande ägardirektiv.",
		check:         checkOwnerDirective},
	{ID: "annual_review_missing", Severity: Medium, Sources: annualReviewDuty,
		Description:   "The executive board has not decided, by the municipality's deadline (30 June of the following year unless it set another day), whether a company's activity in the past year was consistent with its municipal purpose and within the municipal powers.",
		DescriptionSV: "Kommunstyrelsen har inte senast den dag kommunen bestämt (30 juni året efter, om inget annat bestämts) i ett beslut prövat om bolagets verksamhet under föregående år varit förenlig med det kommunala ändamålet och utförts inom ramen för de kommunala befogenheterna.",
		check:         checkAnnualReview},
})

// Rules lists the rule book.
func Rules() []Rule { return slices.Clone(rules) }

// RuleIDs lists the ids of the rules, for validating a filter.
func RuleIDs() []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

// Filter narrows the findings: empty fields keep everything.
type Filter struct {
	Rules     []string
	Severity  string
	SubjectID *uuid.UUID
}

func (f Filter) wants(r *Rule) bool {
	return (len(f.Rules) == 0 || slices.Contains(f.Rules, r.ID)) && (f.Severity == "" || f.Severity == r.Severity)
}

// Findings runs the rules the filter asks for over the snapshot.
func Findings(s *Snapshot, f Filter) []Finding {
	var out []Finding
	for i := range rules {
		r := &rules[i]
		if !f.wants(r) {
			continue
		}
		for _, finding := range r.check(r, s) {
			if (f.SubjectID == nil || finding.Subject.ID == *f.SubjectID) && s.subjectInScope(finding.Subject.ID) {
				out = append(out, finding)
			}
		}
	}
	sortFindings(out)
	return out
}
