package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/koncernregistret/koncern"
)

// company is a municipal company while it is being generated.
type company struct {
	name     string
	typ      companyType
	holding  bool
	parent   *company // nil when the municipality owns it directly
	children []*company
	from     koncern.Date
	shares   int64
	votes    int64

	co        *coOwner
	crossWith *company // the company it holds a small stake in, and vice versa
	crossFrom koncern.Date
	// plant is the company rule planted on it, if any; plantMandate is
	// the mandate period of a planted board_not_appointed_by_council.
	plant        string
	plantMandate int
	// The company-law cases planted on it: articles the council never
	// adopted, the year left out of the annual review (0 for none), the
	// mandate period whose ombud the executive board appoints (-1 for
	// none).
	unapproved   bool
	reviewGap    int
	ombudMandate int

	org           ref
	ceo           *head
	chair         ref
	vdInstruction ref
	meeting       *ref // the parent's general meeting that elects the board (planted)
	ombud         *ref // the post of the representative at its general meeting
}

// coOwner is an owner outside the group: a neighbouring municipality or a
// private company, holding percent of the shares and votes from from on.
type coOwner struct {
	owner   ref
	percent int64
	from    koncern.Date
}

// Share capitals to draw from; all divide by 100, so percentages of them
// are whole shares.
var shareCapitals = []int64{1_000, 2_000, 5_000, 10_000, 50_000, 100_000}

// Shares of the planted and unusual ownership cases. The plant shares are
// per candidate company.
const (
	holdingThreshold  = 0.16  // municipalities at least this size have a stadshus AB
	childShare        = 0.15  // a company of a type with subsidiary types owns one of them
	grandchildShare   = 0.40  // and that one owns one of its own
	lateShare         = 0.12  // companies formed during the window
	partlyOwnedShare  = 0.07  // co-owned by a neighbour or a private company
	jointShare        = 0.02  // owned 50/50 with a neighbour or a private company
	crossHoldingShare = 0.12  // holding groups where two subsidiaries hold 5 % of each other
	abShareShare      = 0.05  // companies with A-shares of ten votes
	ownerlessShare    = 0.010 // first stake lags the company
	noDirectiveShare  = 0.020 // never an owner directive
	noLayAuditorShare = 0.020 // no lay auditor post
	boardShare        = 0.012 // board elected by the parent's general meeting one period
)

// companies plans the municipality's group and creates its companies,
// stakes and documents.
func (g *generator) companies(m *muni) {
	m.companies = planGroup(m)
	if len(m.companies) == 0 {
		return
	}
	g.ownership(m)
	g.plantCompanies(m)
	g.plantCompanyLaw(m)
	for _, c := range m.companies {
		g.createCompany(m, c)
	}
	for _, c := range m.companies {
		g.stakes(m, c)
	}
	g.directives(m)
	g.annualReviews(m)
}

// planGroup draws the group: a stadshus AB with 3–20 subsidiaries in most
// municipalities, 1–4 companies owned directly in the smallest; some
// subsidiaries own companies in turn, to a depth of four below the
// municipality. The list has parents before children.
func planGroup(m *muni) []*company {
	var tops []*company
	if m.size >= holdingThreshold {
		h := &company{name: fmt.Sprintf(holdingType.Name, m.base, m.gen), typ: holdingType, holding: true}
		t := (m.size - holdingThreshold) / (1 - holdingThreshold)
		n := 3 + int(math.Round(17*math.Pow(t, 3.3)*(0.8+0.4*m.rng.Float64())))
		for _, typ := range pickTypes(m.rng, min(n, 20)) {
			h.children = append(h.children, &company{typ: typ, parent: h})
		}
		tops = []*company{h}
	} else {
		for _, typ := range pickTypes(m.rng, 1+weighted(m.rng, []int{35, 30, 20, 15})) {
			tops = append(tops, &company{typ: typ})
		}
	}
	var all []*company
	for _, c := range tops {
		all = appendTree(m, all, c)
	}
	return all
}

// appendTree names c, draws its subsidiaries and appends the tree.
func appendTree(m *muni, all []*company, c *company) []*company {
	if c.name == "" {
		c.name = fmt.Sprintf(c.typ.Name, m.base, m.gen)
	}
	all = append(all, c)
	share := childShare
	if c.parent != nil && !c.parent.holding {
		share = grandchildShare
	}
	if !c.holding {
		for _, typ := range c.typ.Children {
			if m.rng.Float64() < share {
				c.children = append(c.children, &company{typ: typ, parent: c})
			}
		}
	}
	for _, child := range c.children {
		all = appendTree(m, all, child)
	}
	return all
}

// pickTypes draws n different company types, the common ones first more
// often.
func pickTypes(rng *rand.Rand, n int) []companyType {
	weights := make([]int, len(companyTypes))
	for i, t := range companyTypes {
		weights[i] = t.Weight
	}
	var out []companyType
	for range min(n, len(companyTypes)) {
		i := weighted(rng, weights)
		out = append(out, companyTypes[i])
		weights[i] = 0
	}
	return out
}

// weighted draws an index with probability proportional to its weight.
func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

// ownership draws formation dates, share capital and the owners outside
// the group.
func (g *generator) ownership(m *muni) {
	for _, c := range m.companies {
		c.from = windowStart
		if !c.holding && m.rng.Float64() < lateShare {
			c.from = dayIn(m.rng, koncern.NewDate(2015, 6, 1), koncern.NewDate(2025, 6, 30))
		}
		if c.parent != nil && c.from.Before(c.parent.from) {
			c.from = c.parent.from
		}
		c.shares = shareCapitals[m.rng.IntN(len(shareCapitals))]
		c.votes = c.shares
		g.coOwnership(m, c)
	}
	crossHolding(m)
	for _, c := range m.companies {
		if c.wholly() && m.rng.Float64() < abShareShare {
			// A-shares, a tenth of the capital, carry ten votes each.
			c.votes = c.shares + c.shares/10*9
		}
	}
}

// coOwnership makes a company directly under the holding company or the
// municipality partly or jointly owned from outside the group, from its
// start or from a later transfer of shares.
func (g *generator) coOwnership(m *muni, c *company) {
	if c.holding || (c.parent != nil && !c.parent.holding) {
		return
	}
	r := m.rng.Float64()
	if r >= partlyOwnedShare+jointShare {
		return
	}
	co := &coOwner{owner: g.private[m.rng.IntN(len(g.private))], from: c.from, percent: 50}
	if m.neighbour != nil && m.rng.Float64() < 0.5 {
		co.owner = m.neighbour.root
	}
	if r < partlyOwnedShare {
		co.percent = []int64{10, 15, 20, 25, 30, 40, 49}[m.rng.IntN(7)]
		if lo, hi := c.from.AddDays(180), windowEnd.AddDays(-365); m.rng.Float64() < 0.5 && lo.Before(hi) {
			co.from = dayIn(m.rng, lo, hi)
		}
	}
	c.co = co
}

// crossHolding lets two wholly owned subsidiaries of some holding
// companies take a 5 % stake in each other, paid for by the holding
// company.
func crossHolding(m *muni) {
	var candidates []*company
	for _, c := range m.companies {
		if c.parent != nil && c.parent.holding && c.co == nil && c.from == windowStart {
			candidates = append(candidates, c)
		}
	}
	if len(candidates) < 4 || m.rng.Float64() >= crossHoldingShare {
		return
	}
	perm := m.rng.Perm(len(candidates))
	a, b := candidates[perm[0]], candidates[perm[1]]
	a.crossWith, b.crossWith = b, a
	a.crossFrom = dayIn(m.rng, koncern.NewDate(2016, 1, 1), koncern.NewDate(2024, 12, 31))
	b.crossFrom = a.crossFrom
}

// wholly reports whether the group owns every share of the company on
// every day through a chain of sole owners: no owner from outside and no
// cross-holding anywhere between it and the municipality.
func (c *company) wholly() bool {
	return c.co == nil && c.crossWith == nil && (c.parent == nil || c.parent.wholly())
}

// plantCompanies chooses the companies that break one company rule each.
// Only companies the group wholly owns are candidates, so that the rules
// about wholly owned companies apply unambiguously; an ownerless company
// also has no subsidiaries, and is formed during the window.
func (g *generator) plantCompanies(m *muni) {
	for _, c := range m.companies {
		switch r := m.rng.Float64(); {
		case !c.wholly():
		case r < ownerlessShare && !c.holding && len(c.children) == 0:
			c.plant = OwnerlessCompany
			if c.from == windowStart {
				c.from = dayIn(m.rng, koncern.NewDate(2016, 1, 1), koncern.NewDate(2024, 12, 31))
			}
		case r < ownerlessShare+noDirectiveShare:
			c.plant = MissingOwnerDirective
		case r < ownerlessShare+noDirectiveShare+noLayAuditorShare:
			c.plant = NoLayAuditor
		case r < ownerlessShare+noDirectiveShare+noLayAuditorShare+boardShare && c.parent != nil:
			c.plant = BoardNotAppointedByCouncil
			c.plantMandate = m.rng.IntN(len(mandates))
		}
	}
	// A child formed before its parent would need the parent earlier.
	for _, c := range m.companies {
		if c.parent != nil && c.from.Before(c.parent.from) {
			c.from = c.parent.from
		}
	}
}

// owner is the organisation that holds the group's stake in c.
func (m *muni) ownerOf(c *company) ref {
	if c.parent == nil {
		return m.root
	}
	return c.parent.org
}

// createCompany creates the company, its VD instruction, and its board
// and lay auditor posts, which the political allocation fills.
func (g *generator) createCompany(m *muni, c *company) {
	parent := m.ownerOf(c)
	c.org = g.addOrg(orgSpec{kind: "company", name: c.name, parent: &parent, period: open(c.from),
		orgNumber: g.numbers.municipalCompany(), shares: c.shares, votes: c.votes})
	c.vdInstruction = g.addDoc(docSpec{kind: "board_decision", title: "VD-instruktion för " + c.name,
		issuer: c.org, decided: c.from, period: open(c.from)})
	g.articles(m, c)
	if c.plant == BoardNotAppointedByCouncil {
		g.generalMeeting(m, c)
	}
	g.boardSeats(m, c)
}

// generalMeeting is the parent company's decision to elect the board of c
// itself for the planted mandate period, instead of the council.
func (g *generator) generalMeeting(m *muni, c *company) {
	p, ok := clip(mandates[c.plantMandate], c.org.period)
	if !ok {
		c.plant = ""
		return
	}
	doc := g.addDoc(docSpec{kind: "other", title: fmt.Sprintf("Bolagsstämmans val av styrelse i %s %d", c.name, p.From.Time().Year()),
		issuer: c.parent.org, decided: p.From, period: p})
	c.meeting = &doc
}

// stakes records the group's stake in c and any owner's from outside.
func (g *generator) stakes(m *muni, c *company) {
	owner := m.ownerOf(c)
	switch {
	case c.plant == OwnerlessCompany:
		lag := 30 + m.rng.IntN(171)
		id := g.addStake(owner, c.org, c.shares, c.votes, open(c.from.AddDays(lag)))
		g.plant(OwnerlessCompany, m, c.org.id, closed(c.from, c.from.AddDays(lag-1)), id)
	case c.co != nil:
		coShares, coVotes := c.shares*c.co.percent/100, c.votes*c.co.percent/100
		if c.co.from != c.from {
			g.addStake(owner, c.org, c.shares, c.votes, closed(c.from, c.co.from.AddDays(-1)))
		}
		g.addStake(owner, c.org, c.shares-coShares, c.votes-coVotes, open(c.co.from))
		g.addStake(c.co.owner, c.org, coShares, coVotes, open(c.co.from))
	case c.crossWith != nil:
		// Each of the pair records its own holding in the other.
		g.addStake(owner, c.org, c.shares, c.votes, closed(c.from, c.crossFrom.AddDays(-1)))
		g.addStake(owner, c.org, c.shares*95/100, c.votes*95/100, open(c.crossFrom))
		g.addStake(c.crossWith.org, c.org, c.shares*5/100, c.votes*5/100, open(c.crossFrom))
	default:
		g.addStake(owner, c.org, c.shares, c.votes, open(c.from))
	}
}

// directives creates the owner directives the council adopts after each
// election: one for the holding company, one common to the rest. The last
// stays in force until the next is adopted.
func (g *generator) directives(m *muni) {
	for p, mandate := range mandates {
		period := mandate
		if p == len(mandates)-1 {
			period = open(mandate.From)
		}
		decided := windowStart
		if p > 0 {
			decided = mandate.From.AddDays(-10 - m.rng.IntN(30))
		}
		years := fmt.Sprintf("%d–%d", mandate.From.Time().Year(), mandate.To.Time().Year())
		common := g.addDoc(docSpec{kind: "owner_directive", title: fmt.Sprintf("Gemensamt ägardirektiv för %s bolag %s", m.name(), years),
			issuer: m.council, decided: decided, period: period, reference: m.kfRef(decided)})
		m.docs.directive[p] = &common
		if h := m.companies[0]; h.holding {
			holding := g.addDoc(docSpec{kind: "owner_directive", title: fmt.Sprintf("Ägardirektiv för %s %s", h.name, years),
				issuer: m.council, decided: decided, period: period, reference: m.kfRef(decided)})
			m.docs.holdingDirect[p] = &holding
		}
	}
}
