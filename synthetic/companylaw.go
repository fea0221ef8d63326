package synthetic

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The company law the rule book cites beside the board and the lay
// auditor, as a real country keeps it: the council adopts each company's
// articles of association, each company's general meeting adopts the
// owner directive of every mandate period, the council appoints a
// representative (stämmoombud) at the general meeting of every company
// the municipality owns directly, and each spring the executive board
// reviews the past year of all its companies in one decision. A few
// companies break each rule; Planted lists them.

// Shares of the planted company-law cases.
const (
	unapprovedShare   = 0.015 // wholly owned companies whose articles the council never adopted
	lateAdoptionShare = 0.02  // per company and mandate period: the general meeting adopts the directive late
	ombudShare        = 0.05  // per ombud post: the executive board, not the council, appoints one period
	reviewGapShare    = 0.12  // per company: left out of one year's annual review
)

// Notes of the planted lines.
const noteOmbud = "Stämmoombudet utses av kommunstyrelsen, inte av kommunfullmäktige."

// firstReviewed and lastReviewed are the years the executive boards
// review: from the window's first year to the last whose deadline (30 June
// of the year after) falls within the window.
var (
	firstReviewed = windowStart.Time().Year()
	lastReviewed  = windowEnd.Time().Year() - 1
)

// plantCompanyLaw chooses the companies that break the company-law rules.
// Like the other company cases, the articles and the annual review are
// planted only on companies the group wholly owns and that carry no other
// case, so that they are the municipality's subsidiaries on every day of
// their life.
func (g *generator) plantCompanyLaw(m *muni) {
	for _, c := range m.companies {
		c.ombudMandate = -1
		clean := c.wholly() && c.plant == ""
		c.unapproved = clean && m.rng.Float64() < unapprovedShare
		if clean && m.rng.Float64() < reviewGapShare {
			first := max(firstReviewed, c.from.Time().Year())
			if first <= lastReviewed {
				c.reviewGap = first + m.rng.IntN(lastReviewed-first+1)
			}
		}
		if c.parent == nil && m.rng.Float64() < ombudShare {
			c.ombudMandate = m.rng.IntN(len(mandates))
		}
	}
}

// articles records the company's articles of association: adopted by the
// council from the company's first day, or for a planted company by its
// own general meeting with no council decision ever.
func (g *generator) articles(m *muni, c *company) {
	spec := docSpec{kind: "articles_of_association", title: "Bolagsordning för " + c.name,
		issuer: m.council, decided: c.from, period: open(c.from), subjects: []uuid.UUID{c.org.id}}
	if !c.unapproved {
		spec.reference = m.kfRef(c.from)
		g.addDoc(spec)
		return
	}
	spec.issuer, spec.subjects = c.org, nil
	doc := g.addDoc(spec)
	p, _ := clip(c.org.period, Window)
	g.plant(ArticlesNotApproved, m, c.org.id, p, doc.id)
}

// adoption records the general meeting's resolution adopting directive,
// which line brings to the company over period: on the line's first day,
// or in a planted case some weeks later.
func (g *generator) adoption(m *muni, c *company, directive *ref, line uuid.UUID, period koncern.Period) {
	from := period.From
	if m.rng.Float64() < lateAdoptionShare {
		lag := 20 + m.rng.IntN(130)
		if days(period.From, end(period)) > lag+30 {
			from = period.From.AddDays(lag)
			g.plant(OwnerDirectiveNotAdopted, m, c.org.id, closed(period.From, from.AddDays(-1)), line, directive.id)
		}
	}
	adopted := period
	adopted.From = from
	g.addDoc(docSpec{kind: "general_meeting_resolution", title: fmt.Sprintf("Bolagsstämmans beslut om ägardirektiv, %s %d", c.name, from.Time().Year()),
		issuer: c.org, decided: from, period: adopted, refersTo: directive})
}

// ombudSeat creates the post of the municipality's representative at the
// general meeting of a company it owns directly, which the council fills
// each period; in a planted period the executive board does.
func (g *generator) ombudSeat(m *muni, c *company, group *seatGroup, council func(int) *ref) {
	if c.parent != nil {
		return
	}
	post := g.addPost(c.org, "Stämmoombud", "ombud", true, c.org.period)
	c.ombud = &post
	group.seats = append(group.seats, seat{post: post, pool: anyPool, doc: func(p int) *ref {
		if p == c.ombudMandate {
			return &m.docs.boardDelegation
		}
		return council(p)
	}})
}

// ombudLines: the council appoints the representative each period, except
// in a planted period when the executive board does.
func (g *generator) ombudLines(m *muni, c *company) {
	if c.ombud == nil {
		return
	}
	for p, mandate := range mandates {
		period, ok := clip(mandate, c.org.period)
		if !ok {
			continue
		}
		if p == c.ombudMandate {
			id := g.line(orgEnd(m.board), postEnd(*c.ombud), "appointment", "formal", &m.docs.boardDelegation, period, noteOmbud)
			g.plant(OmbudNotAppointed, m, c.org.id, period, id)
			continue
		}
		g.line(orgEnd(m.council), postEnd(*c.ombud), "appointment", "formal", &m.docs.election[p], period, "")
	}
}

// annualReviews records the executive board's yearly decision on all the
// companies that existed in the year before, taken in spring before the
// deadline. A planted company left out of one year's decision is reviewed
// later in a decision of its own, after the deadline, or never.
func (g *generator) annualReviews(m *muni) {
	for year := firstReviewed; year <= lastReviewed; year++ {
		var subjects []uuid.UUID
		for _, c := range m.companies {
			if c.from.Time().Year() <= year && c.reviewGap != year {
				subjects = append(subjects, c.org.id)
			}
		}
		decided := dayIn(m.rng, koncern.NewDate(year+1, 3, 1), koncern.NewDate(year+1, 6, 15))
		if len(subjects) == 0 {
			// No company to review that year: no decision.
			continue
		}
		g.addDoc(docSpec{kind: "annual_review", title: fmt.Sprintf("Prövning av bolagens verksamhet %d", year), issuer: m.board,
			decided: decided, period: open(decided), reference: m.ksRef(decided), subjects: subjects, year: year})
	}
	for _, c := range m.companies {
		if c.reviewGap != 0 {
			g.lateReview(m, c)
		}
	}
}

// lateReview plants the missing review of c's gap year: half of them are
// decided within the window after the deadline, the rest never.
func (g *generator) lateReview(m *muni, c *company) {
	due := koncern.OrganizationInput{}.ReviewDeadlineIn(c.reviewGap + 1)
	// A decision on the deadline is in time: the rule holds from the day after.
	overdue := due.AddDays(1)
	missing := closed(overdue, windowEnd)
	if late := dayIn(m.rng, due.AddDays(14), due.AddDays(300)); m.rng.Float64() < 0.5 && late.Before(windowEnd) {
		g.addDoc(docSpec{kind: "annual_review", title: fmt.Sprintf("Prövning av %ss verksamhet %d", c.name, c.reviewGap), issuer: m.board,
			decided: late, period: open(late), reference: m.ksRef(late), subjects: []uuid.UUID{c.org.id}, year: c.reviewGap})
		missing = closed(overdue, late.AddDays(-1))
	}
	g.plant(AnnualReviewMissing, m, c.org.id, missing, c.org.id)
}
