package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// muni is one municipality while it is being generated.
type muni struct {
	index     int
	rng       *rand.Rand
	base, gen string // "Linköping", "Linköpings"
	domain    string
	// size in [0,1] scales the number of committees, departments,
	// commissioners and companies; most municipalities are small.
	size float64
	// neighbour is the municipality before this one in the list, which
	// co-owns some of its companies; nil for the first.
	neighbour *muni

	root, council, board, office ref
	forums                       []forum
	docs                         muniDocs
	cityManager                  *head
	kso                          ref
	commissioners                []ref
	officeHeads                  []*head
	committees                   []*committee
	companies                    []*company
	seatGroups                   []*seatGroup
}

// muniDocs are the decisions every line and assignment of a municipality
// rests on.
type muniDocs struct {
	boardRegulation, boardDelegation ref
	// instruction is the executive board's instruction for the city
	// manager, which grounds the coordination lines; instructionFrom is
	// the day it was adopted.
	instruction     ref
	instructionFrom koncern.Date
	election        [3]ref
	directive       [3]*ref // the common owner directive for the companies
	holdingDirect   [3]*ref // the owner directive for the holding company
}

// committee is a nämnd with its förvaltning.
type committee struct {
	spec                   committeeSpec
	org, admin             ref
	regulation, delegation ref
	chair                  ref
	head                   *head
	departments            []*department
	// lines the planted cases cite as evidence.
	mandateLine uuid.UUID
	coordLines  []uuid.UUID
}

// department is an avdelning under a förvaltning, with its enheter.
type department struct {
	org   ref
	head  *head
	units []*unit
}

type unit struct {
	org  ref
	head *head
}

// forum is a ledningsgrupp whose seats mirror the holders of other posts.
type forum struct {
	org     ref
	chair   *head
	members []*head
}

// largeMunicipalities are given their real weight; every other size is
// drawn, most of them small.
var largeMunicipalities = map[string]float64{
	"Stockholm": 1, "Göteborg": 1, "Malmö": 1, "Uppsala": 0.9, "Linköping": 0.85, "Örebro": 0.85,
	"Västerås": 0.85, "Helsingborg": 0.85, "Norrköping": 0.8, "Jönköping": 0.8, "Umeå": 0.8, "Lund": 0.8,
	"Borås": 0.75, "Huddinge": 0.75, "Eskilstuna": 0.7, "Nacka": 0.7, "Gävle": 0.7, "Södertälje": 0.7,
	"Halmstad": 0.7, "Växjö": 0.7, "Karlstad": 0.7, "Sundsvall": 0.7, "Botkyrka": 0.65, "Luleå": 0.65,
	"Östersund": 0.6,
}

// newMuni names municipality i and draws its size.
func (g *generator) newMuni(i int) *muni {
	rng := g.rngFor(i)
	base := municipalityNames[i%len(municipalityNames)]
	m := &muni{index: i, rng: rng, base: base, gen: genitive(base), domain: mailDomain(base)}
	if round := i / len(municipalityNames); round > 0 {
		m.domain = fmt.Sprintf("%s%d.se", asciiLower(base), round+1)
	}
	u := rng.Float64()
	m.size = max(u*u, largeMunicipalities[base])
	if i > 0 {
		m.neighbour = g.munis[i-1]
	}
	return m
}

// name is the municipality's name, numbered from the second round of the
// list on.
func (m *muni) name() string {
	name := m.gen + " kommun"
	if round := m.index / len(municipalityNames); round > 0 {
		name = fmt.Sprintf("%s (%d)", name, round+1)
	}
	return name
}

// big reports whether the municipality calls itself a city, with a
// stadsdirektör and a stadsledningskontor.
func (m *muni) big() bool { return m.size >= 0.6 }

// structure creates the municipality's organisations other than the
// companies: the bodies, the executive board's office and its departments,
// the forums, and the committees with their administrations.
func (g *generator) structure(m *muni) {
	always := open(windowStart)
	m.root = g.addOrg(orgSpec{kind: "municipality", name: m.name(), period: always, orgNumber: g.numbers.municipality()})
	m.council = g.addOrg(orgSpec{kind: "council", name: "Kommunfullmäktige", parent: &m.root, period: always})
	m.board = g.addOrg(orgSpec{kind: "executive_board", name: "Kommunstyrelsen", parent: &m.root, period: always})
	officeName := "Kommunledningskontoret"
	if m.big() {
		officeName = "Stadsledningskontoret"
	}
	m.office = g.addOrg(orgSpec{kind: "administration", name: officeName, parent: &m.board, period: always, fte: m.staff(40, 400)})
	for _, d := range officeDepartments[:3+int(math.Round(4*m.size))] {
		org := g.addOrg(orgSpec{kind: "department", name: d.Name, parent: &m.office, period: always})
		m.officeHeads = append(m.officeHeads, &head{org: org, title: d.HeadTitle, role: "head", level: officeLevel})
	}
	for _, spec := range g.committeeSpecs(m) {
		m.committees = append(m.committees, g.committee(m, spec))
	}
}

// staff is a staff count between lo and hi scaled by size.
func (m *muni) staff(lo, hi float64) float64 {
	return math.Round(lo + (hi-lo)*m.size*(0.8+0.4*m.rng.Float64()))
}

// committeeSpecs are the core committees and 0–10 optional ones by size.
func (g *generator) committeeSpecs(m *muni) []committeeSpec {
	extra := int(math.Round(10 * m.size * (0.7 + 0.6*m.rng.Float64())))
	extra = min(extra, len(optionalCommittees))
	specs := append([]committeeSpec{}, coreCommittees...)
	for _, i := range m.rng.Perm(len(optionalCommittees))[:extra] {
		specs = append(specs, optionalCommittees[i])
	}
	return specs
}

// committee creates a nämnd, its förvaltning, avdelningar and enheter.
func (g *generator) committee(m *muni, spec committeeSpec) *committee {
	always := open(windowStart)
	c := &committee{spec: spec}
	c.org = g.addOrg(orgSpec{kind: "committee", name: spec.Name, parent: &m.root, period: always})
	c.admin = g.addOrg(orgSpec{kind: "administration", name: spec.Administration, parent: &c.org, period: always, fte: m.staff(20, 3000)})
	c.head = &head{org: c.admin, title: "Förvaltningschef", role: "head", level: adminLevel, committee: c}
	n := 1 + int(math.Round(float64(len(spec.Departments)-1)*min(1, m.size*(0.6+0.8*m.rng.Float64()))))
	for _, ds := range spec.Departments[:n] {
		d := &department{org: g.addOrg(orgSpec{kind: "department", name: ds.Name, parent: &c.admin, period: always})}
		d.head = &head{org: d.org, title: "Avdelningschef", role: "head", level: belowLevel, manager: c.head}
		units := int(math.Round(3 * m.size * m.rng.Float64() * 1.6))
		for _, district := range unitDistricts[:min(units, len(unitDistricts))] {
			u := &unit{org: g.addOrg(orgSpec{kind: "unit", name: ds.UnitStem + " " + district, parent: &d.org, period: always})}
			u.head = &head{org: u.org, title: "Enhetschef", role: "head", level: belowLevel, manager: d.head}
			d.units = append(d.units, u)
		}
		c.departments = append(c.departments, d)
	}
	return c
}

// documents creates the municipality's standing decisions: the board's
// regulation and delegation order, the instruction for the city manager,
// each period's election, and each committee's regulation and delegation
// order. Decisions taken before the window are recorded as taken on its
// first day.
func (g *generator) documents(m *muni) {
	always := open(windowStart)
	m.docs.boardRegulation = g.addDoc(docSpec{kind: "regulation", title: "Reglemente för kommunstyrelsen",
		issuer: m.council, decided: windowStart, period: always, reference: m.kfRef(windowStart)})
	m.docs.boardDelegation = g.addDoc(docSpec{kind: "delegation_order", title: "Delegationsordning för kommunstyrelsen",
		issuer: m.board, decided: windowStart, period: always})
	g.instruction(m)
	for p, mandate := range mandates {
		decided := windowStart
		if p > 0 {
			decided = mandate.From.AddDays(-20 - m.rng.IntN(25))
		}
		title := fmt.Sprintf("Val av ledamöter i nämnder och bolagsstyrelser %d–%d", mandate.From.Time().Year(), mandate.To.Time().Year())
		m.docs.election[p] = g.addDoc(docSpec{kind: "council_decision", title: title, issuer: m.council,
			decided: decided, period: mandate, reference: m.kfRef(decided)})
	}
	for _, c := range m.committees {
		c.regulation = g.addDoc(docSpec{kind: "regulation", title: "Reglemente för " + c.spec.Name,
			issuer: m.council, decided: windowStart, period: always, reference: m.kfRef(windowStart)})
		c.delegation = g.addDoc(docSpec{kind: "delegation_order", title: "Delegationsordning för " + c.spec.Name,
			issuer: c.org, decided: windowStart, period: always})
	}
}

// instructionShare is the share of municipalities whose city manager
// coordinates the förvaltningschefer by practice until the board adopts
// an instruction (kommunallagen 7 kap. 1 §, in force 2018).
const instructionShare = 0.08

// instruction creates the board's instruction for the city manager: from
// the first day in most municipalities, adopted 2016–2019 in the rest.
func (g *generator) instruction(m *muni) {
	m.docs.instructionFrom = windowStart
	if m.rng.Float64() < instructionShare {
		m.docs.instructionFrom = dayIn(m.rng, koncern.NewDate(2016, 1, 1), koncern.NewDate(2019, 12, 31))
	}
	title := "Instruktion för kommundirektören"
	if m.big() {
		title = "Instruktion för stadsdirektören"
	}
	m.docs.instruction = g.addDoc(docSpec{kind: "board_decision", title: title, issuer: m.board,
		decided: m.docs.instructionFrom, period: open(m.docs.instructionFrom), reference: m.ksRef(m.docs.instructionFrom)})
}

// kfRef and ksRef are invented paragraph references of a council or
// board decision.
func (m *muni) kfRef(d koncern.Date) string {
	return fmt.Sprintf("KF § %d/%d", 1+m.rng.IntN(180), d.Time().Year())
}

func (m *muni) ksRef(d koncern.Date) string {
	return fmt.Sprintf("KS § %d/%d", 1+m.rng.IntN(350), d.Time().Year())
}
