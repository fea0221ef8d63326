package synthetic

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The functions below recount the planted findings from the records alone,
// day by day, under the conventions Planted documents. They are a second,
// deliberately naive reading of the data: when they agree with Planted,
// the planted cases are really in the data and nothing else is.

// recount holds a dataset arranged for the recounts.
type recount struct {
	ix       index
	d        Dataset
	linesTo  map[uuid.UUID][]koncern.SteeringLine
	holders  map[uuid.UUID][]koncern.Assignment
	stakesIn map[uuid.UUID][]koncern.Stake
	postsIn  map[uuid.UUID][]koncern.Post
	found    map[string][]Case
}

func newRecount(d Dataset) *recount {
	rc := &recount{ix: newIndex(d.Bulk), d: d, linesTo: map[uuid.UUID][]koncern.SteeringLine{},
		holders: map[uuid.UUID][]koncern.Assignment{}, stakesIn: map[uuid.UUID][]koncern.Stake{},
		postsIn: map[uuid.UUID][]koncern.Post{}, found: map[string][]Case{}}
	for _, l := range d.SteeringLines {
		to := l.ToPostID
		if to == nil {
			to = l.ToOrganizationID
		}
		rc.linesTo[*to] = append(rc.linesTo[*to], l)
	}
	for _, a := range d.Assignments {
		rc.holders[a.PostID] = append(rc.holders[a.PostID], a)
	}
	for _, s := range d.Stakes {
		rc.stakesIn[s.CompanyID] = append(rc.stakesIn[s.CompanyID], s)
	}
	for _, p := range d.Posts {
		rc.postsIn[p.OrganizationID] = append(rc.postsIn[p.OrganizationID], p)
	}
	return rc
}

// runs are the maximal stretches of days from..windowEnd on which holds is
// true.
func runs(from koncern.Date, holds func(koncern.Date) bool) []koncern.Period {
	var out []koncern.Period
	var start *koncern.Date
	for d := from; !d.After(windowEnd); d = d.AddDays(1) {
		switch h := holds(d); {
		case h && start == nil:
			start = datePtr(d)
		case !h && start != nil:
			out = append(out, closed(*start, d.AddDays(-1)))
			start = nil
		}
	}
	if start != nil {
		out = append(out, closed(*start, windowEnd))
	}
	return out
}

// record adds a finding for each run of holds over the subject's life.
func (rc *recount) record(rule string, subject uuid.UUID, muni *uuid.UUID, from koncern.Date, holds func(koncern.Date) bool) {
	for _, p := range runs(from, holds) {
		rc.found[rule] = append(rc.found[rule], Case{Rule: rule, Subject: subject, Municipality: *muni, Period: p})
	}
}

// count is the number of lines into id in force on day that match.
func (rc *recount) count(id uuid.UUID, day koncern.Date, match func(koncern.SteeringLine) bool) int {
	n := 0
	for _, l := range rc.linesTo[id] {
		if l.Contains(day) && match(l) {
			n++
		}
	}
	return n
}

func (rc *recount) fromRole(l koncern.SteeringLine, roles ...string) bool {
	return l.FromPostID != nil && slices.Contains(roles, rc.ix.posts[*l.FromPostID].Role)
}

func (rc *recount) fromKind(l koncern.SteeringLine, kinds ...string) bool {
	return l.FromOrganizationID != nil && slices.Contains(kinds, rc.ix.orgs[*l.FromOrganizationID].Kind)
}

func kindIs(kinds ...string) func(koncern.SteeringLine) bool {
	return func(l koncern.SteeringLine) bool { return slices.Contains(kinds, l.Kind) }
}

// heads recounts the rules about head posts. The city manager and the
// CEOs are counted for vacancy and appraisal too: no case may turn up
// there, whichever posts an analysis takes for heads.
func (rc *recount) heads() {
	for _, p := range rc.d.Posts {
		if p.Role != "head" && p.Role != "city_manager" && p.Role != "ceo" {
			continue
		}
		org := rc.ix.orgs[p.OrganizationID]
		rc.record(VacantHead, p.ID, p.MunicipalityID, p.From, func(d koncern.Date) bool {
			return !slices.ContainsFunc(rc.holders[p.ID], func(a koncern.Assignment) bool { return a.Contains(d) })
		})
		rc.record(UnclearAppraisal, p.ID, p.MunicipalityID, p.From, func(d koncern.Date) bool {
			return rc.count(p.ID, d, kindIs("appraisal")) != 1
		})
		political := func(d koncern.Date) bool {
			return rc.count(p.ID, d, func(l koncern.SteeringLine) bool {
				return l.Kind == "direct_political" && rc.fromRole(l, "commissioner")
			}) > 0
		}
		if p.Role != "head" {
			continue
		}
		if org.Kind != "administration" {
			rc.record(PoliticalSteeringBelowHead, p.ID, p.MunicipalityID, p.From, political)
			continue
		}
		rc.record(PoliticalBypass, p.ID, p.MunicipalityID, p.From, political)
		rc.record(TripleSteering, p.ID, p.MunicipalityID, p.From, func(d koncern.Date) bool {
			return political(d) && rc.count(p.ID, d, func(l koncern.SteeringLine) bool {
				return l.Kind == "mandate" && (rc.fromKind(l, "committee", "company") || rc.fromRole(l, "chair"))
			}) > 0 && rc.count(p.ID, d, func(l koncern.SteeringLine) bool {
				return (l.Kind == "coordination" || l.Kind == "line_management") && rc.fromRole(l, "city_manager")
			}) > 0
		})
	}
}

// lines recounts the rules about single lines and cycles.
func (rc *recount) lines() {
	above := map[uuid.UUID][]uuid.UUID{} // post → the posts directly above it
	for _, l := range rc.d.SteeringLines {
		if (l.Kind == "coordination" || l.Kind == "line_management") && l.DocumentID == nil {
			p, _ := clip(l.Period, Window)
			rc.found[CoordinationWithoutBasis] = append(rc.found[CoordinationWithoutBasis],
				Case{Rule: CoordinationWithoutBasis, Subject: *l.ToPostID, Municipality: *l.MunicipalityID, Period: p})
		}
		if l.FromPostID == nil || l.ToPostID == nil {
			continue
		}
		switch l.Kind {
		case "line_management":
			above[*l.ToPostID] = append(above[*l.ToPostID], *l.FromPostID)
		case "reporting":
			// A reporting line runs from the post reported to.
			above[*l.ToPostID] = append(above[*l.ToPostID], *l.FromPostID)
		}
	}
	for _, l := range rc.d.SteeringLines {
		if l.Kind == "reporting" && l.FromPostID != nil && l.ToPostID != nil && reaches(above, *l.FromPostID, *l.ToPostID) && l.FromPostID.String() < l.ToPostID.String() {
			rc.found[ReportingCycle] = append(rc.found[ReportingCycle],
				Case{Rule: ReportingCycle, Subject: *l.FromPostID, Municipality: *l.MunicipalityID, Period: l.Period})
		}
	}
}

// reaches reports whether target lies above start, ignoring dates.
func reaches(above map[uuid.UUID][]uuid.UUID, start, target uuid.UUID) bool {
	seen := map[uuid.UUID]bool{}
	queue := []uuid.UUID{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range above[p] {
			if q == target {
				return true
			}
			if !seen[q] {
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	return false
}

// companies recounts the rules about the companies of the groups.
func (rc *recount) companies() {
	for _, o := range rc.d.Organizations {
		if o.Kind != "company" || o.ParentID == nil {
			continue
		}
		rc.record(OwnerlessCompany, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool {
			return !slices.ContainsFunc(rc.stakesIn[o.ID], func(s koncern.Stake) bool { return s.Contains(d) })
		})
		rc.record(MissingOwnerDirective, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool {
			return rc.count(o.ID, d, kindIs("ownership_directive")) == 0
		})
		rc.record(NoLayAuditor, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool { return !rc.seatHeld(o.ID, d, "lay_auditor") })
		rc.record(BoardNotAppointedByCouncil, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool {
			return rc.count(o.ID, d, func(l koncern.SteeringLine) bool {
				return l.Kind == "appointment" && rc.fromKind(l, "council")
			}) == 0 || rc.boardElsewhere(o.ID, d)
		})
	}
}

// seatHeld reports whether a post of role in org is held on day.
func (rc *recount) seatHeld(org uuid.UUID, day koncern.Date, role string) bool {
	for _, p := range rc.postsIn[org] {
		if p.Role == role && slices.ContainsFunc(rc.holders[p.ID], func(a koncern.Assignment) bool { return a.Contains(day) }) {
			return true
		}
	}
	return false
}

// boardElsewhere reports whether a board seat of org is held on day under
// a decision no council took.
func (rc *recount) boardElsewhere(org uuid.UUID, day koncern.Date) bool {
	for _, p := range rc.postsIn[org] {
		if p.Role != "chair" && p.Role != "member" {
			continue
		}
		for _, a := range rc.holders[p.ID] {
			if a.Contains(day) && (a.DocumentID == nil || rc.ix.orgs[rc.ix.docs[*a.DocumentID].IssuerID].Kind != "council") {
				return true
			}
		}
	}
	return false
}

// caseKeys writes cases as comparable strings, ignoring the evidence.
func caseKeys(cases []Case) []string {
	keys := make([]string, len(cases))
	for i, c := range cases {
		keys[i] = c.Rule + " " + c.Municipality.String() + " " + c.Subject.String() + " " + c.Period.String()
	}
	slices.Sort(keys)
	return keys
}

// comparePlanted checks that the recount finds exactly the planted cases.
func comparePlanted(t *testing.T, d Dataset) {
	t.Helper()
	rc := newRecount(d)
	rc.heads()
	rc.lines()
	rc.companies()
	rc.companyLaw()
	planted := map[string][]Case{}
	for _, c := range d.Planted.Cases {
		planted[c.Rule] = append(planted[c.Rule], c)
	}
	for _, rule := range Rules {
		got, want := caseKeys(rc.found[rule]), caseKeys(planted[rule])
		if rule == ReportingCycle {
			// The recount names a cycle by its lesser post id.
			got, want = cycleKeys(rc.found[rule]), cycleKeys(rc.cyclesOf(planted[rule]))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: recount finds %d cases, %d planted\nfound   %v\nplanted %v", rule, len(got), len(want), firstKeys(got), firstKeys(want))
		}
		if d.Planted.Counts[rule] != len(planted[rule]) {
			t.Errorf("%s: Counts says %d, %d cases", rule, d.Planted.Counts[rule], len(planted[rule]))
		}
	}
}

// cyclesOf names each planted cycle by its lesser post id.
func (rc *recount) cyclesOf(cases []Case) []Case {
	out := make([]Case, len(cases))
	for i, c := range cases {
		var ab koncern.SteeringLine
		for _, l := range rc.d.SteeringLines {
			if l.ID == c.Evidence[0] {
				ab = l
			}
		}
		out[i] = c
		// ab is the subject reporting to the other post, so it runs from
		// the other post.
		if ab.FromPostID.String() < c.Subject.String() {
			out[i].Subject = *ab.FromPostID
		}
	}
	return out
}

func cycleKeys(cases []Case) []string { return caseKeys(cases) }

func firstKeys(keys []string) []string { return keys[:min(len(keys), 5)] }

// companyLaw recounts the company-law rules: articles the council adopted,
// directives the general meeting adopted, the ombud the council appointed,
// and the executive board's annual review of each year.
func (rc *recount) companyLaw() {
	resolutions := map[uuid.UUID][]koncern.Document{}
	for _, x := range rc.d.Documents {
		if x.Kind == "general_meeting_resolution" && x.RefersToID != nil {
			resolutions[*x.RefersToID] = append(resolutions[*x.RefersToID], x)
		}
	}
	for _, o := range rc.d.Organizations {
		if o.Kind != "company" || o.ParentID == nil {
			continue
		}
		rc.record(ArticlesNotApproved, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool {
			return rc.wholly(o.ID, d) && !slices.ContainsFunc(rc.d.Documents, func(x koncern.Document) bool {
				return x.Kind == "articles_of_association" && x.Contains(d) && slices.Contains(x.SubjectIDs, o.ID) &&
					rc.ix.orgs[x.IssuerID].Kind == "council"
			})
		})
		rc.record(OwnerDirectiveNotAdopted, o.ID, o.MunicipalityID, o.From, func(d koncern.Date) bool {
			return rc.count(o.ID, d, func(l koncern.SteeringLine) bool {
				return l.Kind == "ownership_directive" && !slices.ContainsFunc(resolutions[*l.DocumentID], func(x koncern.Document) bool {
					return x.IssuerID == o.ID && x.Contains(d)
				})
			}) > 0
		})
		for _, p := range rc.postsIn[o.ID] {
			if p.Role == "ombud" {
				rc.record(OmbudNotAppointed, o.ID, o.MunicipalityID, p.From, func(d koncern.Date) bool {
					return !rc.seatHeld(o.ID, d, "ombud") || rc.count(p.ID, d, func(l koncern.SteeringLine) bool {
						return l.Kind == "appointment" && rc.fromKind(l, "council")
					}) == 0
				})
			}
		}
		rc.reviews(o)
	}
}

// wholly reports whether the company's stakes on day d are all held by
// its own group.
func (rc *recount) wholly(company uuid.UUID, d koncern.Date) bool {
	held := false
	for _, s := range rc.stakesIn[company] {
		if s.Contains(d) {
			if owner := rc.ix.orgs[s.OwnerID]; !sameID(owner.MunicipalityID, rc.ix.orgs[company].MunicipalityID) {
				return false
			}
			held = true
		}
	}
	return held
}

// reviews recounts the annual reviews of a company: for each year from
// its first to the last whose deadline (30 June after) falls in the
// window, the days from the day after the deadline to the day before the executive
// board of its municipality first decided on it.
func (rc *recount) reviews(o koncern.Organization) {
	for year := max(o.From.Time().Year(), windowStart.Time().Year()); year < windowEnd.Time().Year(); year++ {
		overdue := koncern.NewDate(year+1, 7, 1) // the day after the deadline, 30 June
		last := windowEnd
		for _, x := range rc.d.Documents {
			if x.Kind == "annual_review" && *x.Year == year && slices.Contains(x.SubjectIDs, o.ID) &&
				rc.ix.orgs[x.IssuerID].Kind == "executive_board" && x.DecidedOn.AddDays(-1).Before(last) {
				last = x.DecidedOn.AddDays(-1)
			}
		}
		if !last.Before(overdue) {
			rc.found[AnnualReviewMissing] = append(rc.found[AnnualReviewMissing], Case{Rule: AnnualReviewMissing,
				Subject: o.ID, Municipality: *o.MunicipalityID, Period: closed(overdue, last)})
		}
	}
}
