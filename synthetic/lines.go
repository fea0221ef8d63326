package synthetic

import (
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Descriptions of the lines, quoting the review where it explains them.
const (
	noteHeadAnswers  = "Förvaltningschefen rapporterar i första hand till sin nämnd och nämndsordföranden."
	noteCoordination = "Kommundirektören leder och samordnar förvaltningscheferna."
	notePractice     = "Samordningen sker i praktiken, utan beslutad instruktion."
	noteDirectHead   = "Politisk styrning från enskilt kommunalråd i sakfrågor direkt ute på förvaltningschefsnivå."
	noteDirectBelow  = "Politisk styrning från enskilt kommunalråd i sakfrågor under förvaltningschefsnivå."
	noteTwoAppraisal = "Oklart vem som har ansvaret för utvecklingssamtalet, ordförande eller kommundirektör."
	noteCycle        = "Avdelningscheferna rapporterar till varandra."
	noteMeeting      = "Styrelsen väljs av moderbolagets stämma, inte av kommunfullmäktige."
)

// Shares of the planted steering cases, per candidate post.
const (
	tripleShare    = 0.10  // förvaltningschefer of coordinated administrations
	bypassShare    = 0.35  // heads of uncoordinated administrations
	belowShare     = 0.02  // heads of departments and units under a förvaltning
	appraisalShare = 0.05  // förvaltningschefer
	cycleShare     = 0.012 // förvaltningar with at least two departments
)

// lines creates the municipality's steering lines, the planted ones among
// them.
func (g *generator) lines(m *muni) {
	g.boardLines(m)
	for _, h := range m.officeHeads {
		g.officeHeadLines(m, h)
	}
	for _, c := range m.committees {
		g.committeeLines(m, c)
	}
	for _, c := range m.companies {
		g.companyLines(m, c)
	}
	g.directPolitical(m)
	g.reportingCycles(m)
}

func (g *generator) line(from, to lineEnd, kind, basis string, doc *ref, p koncern.Period, note string) uuid.UUID {
	return g.addLine(lineSpec{from: from, to: to, kind: kind, basis: basis, doc: doc, period: p, note: note})
}

// boardLines: the council mandates and elects the executive board, which
// mandates its office and delegates to the city manager, whom the board's
// chair appraises.
func (g *generator) boardLines(m *muni) {
	always := open(windowStart)
	council, board, cm := orgEnd(m.council), orgEnd(m.board), postEnd(m.cityManager.post)
	g.line(council, board, "mandate", "formal", &m.docs.boardRegulation, always, "")
	for p, mandate := range mandates {
		g.line(council, board, "appointment", "formal", &m.docs.election[p], mandate, "")
	}
	g.line(board, orgEnd(m.office), "mandate", "formal", &m.docs.boardRegulation, always, "")
	g.line(board, cm, "delegation", "formal", &m.docs.boardDelegation, always, "")
	g.line(postEnd(m.kso), cm, "appraisal", "practice", nil, always, "")
}

// officeHeadLines: the city manager is line manager of the office's
// department heads, who report to the city manager. Like every line, a
// reporting line runs from its steering end, the post reported to.
func (g *generator) officeHeadLines(m *muni, h *head) {
	cm := postEnd(m.cityManager.post)
	g.line(cm, postEnd(h.post), "line_management", "formal", &m.docs.boardDelegation, h.post.period, "")
	g.line(cm, postEnd(h.post), "reporting", "practice", nil, h.post.period, "")
	g.appraisal(m, h, cm, nil)
}

// committeeLines: the council mandates the nämnd, which mandates its
// förvaltningschef formally and through its chair in practice; the head
// reports to the nämnd and is coordinated by the city manager; the head
// manages the department heads, who manage the unit heads.
func (g *generator) committeeLines(m *muni, c *committee) {
	h := postEnd(c.head.post)
	p := c.head.post.period
	g.line(orgEnd(m.council), orgEnd(c.org), "mandate", "formal", &c.regulation, c.org.period, "")
	c.mandateLine = g.line(orgEnd(c.org), h, "mandate", "formal", &c.regulation, p, "")
	g.line(postEnd(c.chair), h, "mandate", "practice", nil, p, noteHeadAnswers)
	g.line(orgEnd(c.org), h, "reporting", "practice", nil, p, noteHeadAnswers)
	if c.spec.Coordinated {
		g.coordination(m, c)
	}
	cm := postEnd(m.cityManager.post)
	g.appraisal(m, c.head, postEnd(c.chair), &cm)
	for _, d := range c.departments {
		g.managed(m, c, d.head)
		for _, u := range d.units {
			g.managed(m, c, u.head)
		}
	}
}

// coordination is the city manager's coordination of a förvaltningschef:
// formal under the board's instruction, or by practice until the
// instruction was adopted (coordination_without_basis).
func (g *generator) coordination(m *muni, c *committee) {
	cm, h, p := postEnd(m.cityManager.post), postEnd(c.head.post), c.head.post.period
	adopted := m.docs.instructionFrom
	if adopted.After(p.From) {
		before := closed(p.From, adopted.AddDays(-1))
		id := g.line(cm, h, "coordination", "practice", nil, before, notePractice)
		c.coordLines = append(c.coordLines, id)
		g.plant(CoordinationWithoutBasis, m, c.head.post.id, before, id)
		p.From = adopted
	}
	c.coordLines = append(c.coordLines, g.line(cm, h, "coordination", "formal", &m.docs.instruction, p, noteCoordination))
}

// managed: a department or unit head's manager manages and appraises
// them under the nämnd's delegation order.
func (g *generator) managed(m *muni, c *committee, h *head) {
	boss := postEnd(h.manager.post)
	g.line(boss, postEnd(h.post), "line_management", "formal", &c.delegation, h.post.period, "")
	g.appraisal(m, h, boss, nil)
}

// appraisal gives h its one appraisal line from by, or, for some
// förvaltningschefer, plants an unclear appraisal: a stretch with none, or
// (second set) a stretch with a second appraiser. The review's question is
// who appraises the förvaltningschef, so only head level is planted; a
// head with a planted vacancy is left alone, so that the two cases never
// share a day.
func (g *generator) appraisal(m *muni, h *head, by lineEnd, second *lineEnd) {
	p := h.post.period
	to := postEnd(h.post)
	if h.level != adminLevel || h.vacancy != nil || m.rng.Float64() >= appraisalShare {
		g.line(by, to, "appraisal", "practice", nil, p, "")
		return
	}
	gap, ok := spell(m.rng, p, 60, 365)
	if !ok {
		g.line(by, to, "appraisal", "practice", nil, p, "")
		return
	}
	if second != nil && m.rng.Float64() < 0.5 {
		first := g.line(by, to, "appraisal", "practice", nil, p, noteTwoAppraisal)
		extra := g.line(*second, to, "appraisal", "practice", nil, gap, noteTwoAppraisal)
		g.plant(UnclearAppraisal, m, h.post.id, gap, first, extra)
		return
	}
	before := g.line(by, to, "appraisal", "practice", nil, closed(p.From, gap.From.AddDays(-1)), "")
	after := g.line(by, to, "appraisal", "practice", nil, koncern.Period{From: gap.To.AddDays(1), To: p.To}, "")
	g.plant(UnclearAppraisal, m, h.post.id, gap, before, after)
}

// companyLines: the owner steers by directive each period, the council
// elects the board each period, and the board mandates and its chair
// appraises the CEO, who reports to the board.
func (g *generator) companyLines(m *muni, c *company) {
	g.directiveLines(m, c)
	g.appointmentLines(m, c)
	g.ombudLines(m, c)
	ceo := postEnd(c.ceo.post)
	g.line(orgEnd(c.org), ceo, "mandate", "formal", &c.vdInstruction, c.ceo.post.period, "")
	g.appraisal(m, c.ceo, postEnd(c.chair), nil)
	g.line(orgEnd(c.org), ceo, "reporting", "practice", nil, c.ceo.post.period, "")
}

// directiveLines run from the owner (the council when the municipality
// owns the company itself) to the company, one per period, each citing
// that period's directive; the last stays open like its directive.
func (g *generator) directiveLines(m *muni, c *company) {
	if c.plant == MissingOwnerDirective {
		p, _ := clip(c.org.period, Window)
		g.plant(MissingOwnerDirective, m, c.org.id, p, c.org.id)
		return
	}
	from, docs := orgEnd(m.council), m.docs.directive
	if c.parent != nil {
		from = orgEnd(c.parent.org)
	}
	if c.holding {
		docs = m.docs.holdingDirect
	}
	for p, mandate := range mandates {
		if p == len(mandates)-1 {
			mandate = open(mandate.From)
		}
		if period, ok := clip(mandate, c.org.period); ok {
			line := g.line(from, orgEnd(c.org), "ownership_directive", "formal", docs[p], period, "")
			g.adoption(m, c, docs[p], line, period)
		}
	}
}

// appointmentLines: the council elects the board each period, except in
// a planted period when the parent company's general meeting does.
func (g *generator) appointmentLines(m *muni, c *company) {
	for p, mandate := range mandates {
		period, ok := clip(mandate, c.org.period)
		if !ok {
			continue
		}
		if c.meeting != nil && p == c.plantMandate {
			id := g.line(orgEnd(c.parent.org), orgEnd(c.org), "appointment", "formal", c.meeting, period, noteMeeting)
			g.plant(BoardNotAppointedByCouncil, m, c.org.id, period, id)
			continue
		}
		g.line(orgEnd(m.council), orgEnd(c.org), "appointment", "formal", &m.docs.election[p], period, "")
	}
}

// directPolitical plants a commissioner's direct steering of heads:
// förvaltningschefer of coordinated administrations (triple steering, and
// so a bypass), of uncoordinated ones (a bypass only), and heads below
// head level.
func (g *generator) directPolitical(m *muni) {
	for _, c := range m.committees {
		share := tripleShare
		if !c.spec.Coordinated {
			share = bypassShare
		}
		if m.rng.Float64() < share {
			g.steerHead(m, c)
		}
		for _, d := range c.departments {
			g.steerBelow(m, d.head)
			for _, u := range d.units {
				g.steerBelow(m, u.head)
			}
		}
	}
}

func (g *generator) commissioner(m *muni) lineEnd {
	return postEnd(m.commissioners[m.rng.IntN(len(m.commissioners))])
}

func (g *generator) steerHead(m *muni, c *committee) {
	s, ok := spell(m.rng, c.head.post.period, 60, 540)
	if !ok {
		return
	}
	id := g.line(g.commissioner(m), postEnd(c.head.post), "direct_political", "observed", nil, s, noteDirectHead)
	if c.spec.Coordinated {
		evidence := append([]uuid.UUID{id, c.mandateLine}, c.coordLines...)
		g.plant(TripleSteering, m, c.head.post.id, s, evidence...)
	}
	g.plant(PoliticalBypass, m, c.head.post.id, s, id)
}

func (g *generator) steerBelow(m *muni, h *head) {
	if m.rng.Float64() >= belowShare {
		return
	}
	s, ok := spell(m.rng, h.post.period, 60, 365)
	if !ok {
		return
	}
	id := g.line(g.commissioner(m), postEnd(h.post), "direct_political", "observed", nil, s, noteDirectBelow)
	g.plant(PoliticalSteeringBelowHead, m, h.post.id, s, id)
}

// reportingCycles plants two department heads of one förvaltning who
// report to each other for a while: ab is a reporting to b, so it runs
// from b.
func (g *generator) reportingCycles(m *muni) {
	for _, c := range m.committees {
		if len(c.departments) < 2 || m.rng.Float64() >= cycleShare {
			continue
		}
		perm := m.rng.Perm(len(c.departments))
		a, b := c.departments[perm[0]].head, c.departments[perm[1]].head
		if b.org.name < a.org.name {
			// The cycle is named after the post whose name sorts first.
			a, b = b, a
		}
		s, ok := spell(m.rng, a.post.period, 90, 365)
		if !ok {
			continue
		}
		ab := g.line(postEnd(b.post), postEnd(a.post), "reporting", "practice", nil, s, noteCycle)
		ba := g.line(postEnd(a.post), postEnd(b.post), "reporting", "practice", nil, s, noteCycle)
		g.plant(ReportingCycle, m, a.post.id, s, ab, ba)
	}
}
