package synthetic

import (
	"math/rand/v2"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// level places a salaried post in the hierarchy the analysis reasons about.
type level int

const (
	officeLevel      level = iota // head of a department of the board's office
	adminLevel                    // förvaltningschef: head level
	belowLevel                    // head of a department or unit under a förvaltning
	cityManagerLevel              // kommun- or stadsdirektör
	ceoLevel                      // a company's verkställande direktör
)

// head is a salaried post and the people who hold it over time.
type head struct {
	org         ref
	title, role string
	level       level
	committee   *committee // of a förvaltningschef
	manager     *head      // of a head below head level
	post        ref
	tenures     []tenure
	vacancy     *koncern.Period // planted
}

// tenure is one person's holding of a post.
type tenure struct {
	person     uuid.UUID
	period     koncern.Period
	assignment uuid.UUID
}

// vacancyShare is the share of head posts left vacant for a while when one
// holder leaves, before the next arrives.
const vacancyShare = 0.03

// staff creates the salaried posts: the city manager, the heads of every
// department, förvaltning and unit, and every company's CEO, each held
// without a gap except for the planted vacancies.
func (g *generator) staff(m *muni) {
	title := "Kommundirektör"
	if m.big() {
		title = "Stadsdirektör"
	}
	m.cityManager = &head{org: m.office, title: title, role: "city_manager", level: cityManagerLevel}
	g.fill(m, m.cityManager)
	for _, h := range m.officeHeads {
		g.fill(m, h)
	}
	for _, c := range m.committees {
		g.fill(m, c.head)
		for _, d := range c.departments {
			g.fill(m, d.head)
			for _, u := range d.units {
				g.fill(m, u.head)
			}
		}
	}
	for _, c := range m.companies {
		c.ceo = &head{org: c.org, title: "Verkställande direktör", role: "ceo", level: ceoLevel}
		g.fill(m, c.ceo)
	}
}

// fill creates the post of h and its holders: one from the post's first
// day, replaced at random dates, the last still in office. A planted
// vacancy leaves the post empty for 30–180 days at the first change.
func (g *generator) fill(m *muni, h *head) {
	h.post = g.addPost(h.org, h.title, h.role, false, h.org.period)
	vacant := h.role == "head" && m.rng.Float64() < vacancyShare
	changes := changeDates(m.rng, h.post.period, vacant)
	start := h.post.period.From
	for i, d := range changes {
		h.tenures = append(h.tenures, g.tenure(m, h, closed(start, d.AddDays(-1))))
		start = d
		if vacant && i == 0 {
			gap := 30 + m.rng.IntN(151)
			h.vacancy = &koncern.Period{From: d, To: datePtr(d.AddDays(gap - 1))}
			start = d.AddDays(gap)
		}
	}
	h.tenures = append(h.tenures, g.tenure(m, h, open(start)))
	if h.vacancy != nil {
		g.plant(VacantHead, m, h.post.id, *h.vacancy, h.tenures[0].assignment, h.tenures[1].assignment)
	}
}

// changeDates are the days a new holder takes over (or, after a vacancy,
// the first day without one): none for most posts, one or two for the
// rest, at least half a year into the post and eight months before the
// window ends. A vacancy asks for one.
func changeDates(rng *rand.Rand, p koncern.Period, vacant bool) []koncern.Date {
	lo, hi := p.From.AddDays(180), end(p).AddDays(-240)
	if days(lo, hi) < 120 {
		return nil
	}
	n := 0
	switch r := rng.Float64(); {
	case vacant:
		n = 1
	case r < 0.04:
		n = 2
	case r < 0.24:
		n = 1
	}
	if n == 0 {
		return nil
	}
	a := dayIn(rng, lo, hi)
	if n == 1 {
		return []koncern.Date{a}
	}
	b := dayIn(rng, lo, hi)
	if b.Before(a) {
		a, b = b, a
	}
	if days(a, b) < 60 {
		return []koncern.Date{a}
	}
	return []koncern.Date{a, b}
}

// tenure appoints a new person, with a work e-mail address, to h for p.
func (g *generator) tenure(m *muni, h *head, p koncern.Period) tenure {
	given, surname := personName(m.rng)
	email := asciiLower(given) + "." + asciiLower(surname) + "@" + m.domain
	if h.level == ceoLevel {
		email = strings.Replace(email, "@", "@bolag.", 1)
	}
	person := g.addPerson(given+" "+surname, &email)
	return tenure{person: person, period: p, assignment: g.assign(person, h.post, p, nil)}
}
