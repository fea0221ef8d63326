package synthetic

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// pool says from which politicians of a mandate period a seat is filled.
// The commissioners (and the chair of the executive board) never sit on a
// nämnd, so that a commissioner who steers a förvaltningschef directly
// never does so as a member of the head's own board.
type pool int

const (
	othersPool      pool = iota // everyone but the commissioners
	anyPool                     // anyone, commissioners too (company boards)
	commissionerKSO             // the first of the commissioner group
	commissionerN               // commissioner n of the group, n ≥ 1
)

// seat is a political post and how it is filled.
type seat struct {
	post ref
	pool pool
	n    int // for commissionerN
	// doc is the decision that elects the holder in mandate period p.
	doc func(p int) *ref
}

// seatGroup is the political seats of one organisation; no person holds
// two seats of one group at once.
type seatGroup struct{ seats []seat }

// replacementShare is the share of political assignments that end early,
// the seat passing to a newly elected member (fyllnadsval).
const replacementShare = 0.03

// continuity is the share of a period's politicians who sit again in the
// next.
const continuity = 0.7

// seatsPerPolitician is how many seats a politician holds on average.
const seatsPerPolitician = 2.6

// politicalPosts creates the seats of the council, the executive board
// and the committees; the company boards have theirs already.
func (g *generator) politicalPosts(m *muni) {
	elected := func(p int) *ref { return &m.docs.election[p] }
	always := open(windowStart)
	council := &seatGroup{}
	for _, s := range []struct{ title, role string }{
		{"Kommunfullmäktiges ordförande", "chair"}, {"Kommunfullmäktiges vice ordförande", "vice_chair"},
	} {
		council.seats = append(council.seats, seat{post: g.addPost(m.council, s.title, s.role, true, always), doc: elected})
	}
	board := &seatGroup{}
	m.kso = g.addPost(m.board, "Kommunstyrelsens ordförande", "chair", true, always)
	board.seats = append(board.seats, seat{post: m.kso, pool: commissionerKSO, doc: elected},
		seat{post: g.addPost(m.board, "Kommunstyrelsens vice ordförande", "vice_chair", true, always), doc: elected})
	for i, area := range commissionerAreas[:1+int(3*m.size+0.5)] {
		post := g.addPost(m.board, "Kommunalråd, "+area, "commissioner", true, always)
		m.commissioners = append(m.commissioners, post)
		board.seats = append(board.seats, seat{post: post, pool: commissionerN, n: i + 1, doc: elected})
	}
	for i := range 5 {
		board.seats = append(board.seats, seat{post: g.addPost(m.board, fmt.Sprintf("Ledamot %d", i+1), "member", true, always), doc: elected})
	}
	m.seatGroups = append([]*seatGroup{council, board}, m.seatGroups...)
	for _, c := range m.committees {
		m.seatGroups = append(m.seatGroups, g.committeeSeats(m, c, elected))
	}
}

// committeeSeats creates a nämnd's chair, vice chair and members.
func (g *generator) committeeSeats(m *muni, c *committee, elected func(int) *ref) *seatGroup {
	always := open(windowStart)
	c.chair = g.addPost(c.org, "Ordförande", "chair", true, always)
	group := &seatGroup{seats: []seat{{post: c.chair, doc: elected},
		{post: g.addPost(c.org, "Vice ordförande", "vice_chair", true, always), doc: elected}}}
	for i := range 2 {
		group.seats = append(group.seats, seat{post: g.addPost(c.org, fmt.Sprintf("Ledamot %d", i+1), "member", true, always), doc: elected})
	}
	return group
}

// boardSeats creates a company's board chair, two members and lay
// auditor, whom the council elects each period; for a planted board the
// parent's general meeting elects chair and members one period, and a
// planted company has no lay auditor at all.
func (g *generator) boardSeats(m *muni, c *company) {
	council := func(p int) *ref { return &m.docs.election[p] }
	board := func(p int) *ref {
		if c.meeting != nil && p == c.plantMandate {
			return c.meeting
		}
		return council(p)
	}
	group := &seatGroup{}
	c.chair = g.addPost(c.org, "Styrelseordförande", "chair", true, c.org.period)
	group.seats = append(group.seats, seat{post: c.chair, pool: anyPool, doc: board})
	for i := range 2 {
		post := g.addPost(c.org, fmt.Sprintf("Styrelseledamot %d", i+1), "member", true, c.org.period)
		group.seats = append(group.seats, seat{post: post, pool: anyPool, doc: board})
	}
	if c.plant == NoLayAuditor {
		p, _ := clip(c.org.period, Window)
		g.plant(NoLayAuditor, m, c.org.id, p, c.org.id)
	} else {
		post := g.addPost(c.org, "Lekmannarevisor", "lay_auditor", true, c.org.period)
		group.seats = append(group.seats, seat{post: post, doc: council})
	}
	g.ombudSeat(m, c, group, council)
	m.seatGroups = append(m.seatGroups, group)
}

// politics fills every political seat, mandate period by mandate period.
func (g *generator) politics(m *muni) {
	g.politicalPosts(m)
	var prev []uuid.UUID
	for p := range mandates {
		prev = g.fillMandate(m, p, prev)
	}
}

// mandatePool is the politicians of one municipality in one period: the
// first nc are the commissioner group, the rest the others. A zero id is
// a newly elected politician, created when first given a seat, so that
// everyone in the registry holds a post.
type mandatePool struct {
	people []uuid.UUID
	nc     int
	seated map[uuid.UUID]bool
}

// fillMandate elects the politicians of period p: most of the previous
// period's sit again, new ones fill the rest. It returns the people who
// hold a seat.
func (g *generator) fillMandate(m *muni, p int, prev []uuid.UUID) []uuid.UUID {
	seats, widest := 0, 0
	for _, group := range m.seatGroups {
		n := 0
		for _, s := range group.seats {
			if s.post.period.Overlaps(mandates[p]) {
				n++
			}
		}
		seats, widest = seats+n, max(widest, n)
	}
	nc := 1 + len(m.commissioners)
	size := max(nc+widest+2, nc+int(float64(seats-nc)/seatsPerPolitician))
	mp := &mandatePool{nc: nc, seated: map[uuid.UUID]bool{}}
	for _, id := range prev {
		if m.rng.Float64() < continuity && len(mp.people) < size {
			mp.people = append(mp.people, id)
		}
	}
	for len(mp.people) < size {
		mp.people = append(mp.people, uuid.Nil)
	}
	m.rng.Shuffle(len(mp.people), func(i, j int) { mp.people[i], mp.people[j] = mp.people[j], mp.people[i] })
	for _, group := range m.seatGroups {
		g.fillGroup(m, p, group, mp)
	}
	var sat []uuid.UUID
	for _, id := range mp.people {
		if mp.seated[id] {
			sat = append(sat, id)
		}
	}
	return sat
}

// politician is a newly elected person; politicians have no work e-mail.
func (g *generator) politician(m *muni) uuid.UUID {
	given, surname := personName(m.rng)
	return g.addPerson(given+" "+surname, nil)
}

// fillGroup fills the seats of one organisation with different people.
func (g *generator) fillGroup(m *muni, p int, group *seatGroup, mp *mandatePool) {
	used := map[int]bool{}
	for _, s := range group.seats {
		period, ok := clip(mandates[p], s.post.period)
		if !ok {
			continue
		}
		i := mp.pick(m, s, used)
		used[i] = true
		if mp.people[i] == uuid.Nil {
			mp.people[i] = g.politician(m)
		}
		mp.seated[mp.people[i]] = true
		g.hold(m, s, mp.people[i], period, s.doc(p))
	}
}

// pick chooses the place in the pool of the holder of s, avoiding the
// places in used.
func (mp *mandatePool) pick(m *muni, s seat, used map[int]bool) int {
	switch s.pool {
	case commissionerKSO:
		return 0
	case commissionerN:
		return s.n
	}
	lo := mp.nc
	if s.pool == anyPool {
		lo = 0
	}
	n := len(mp.people) - lo
	for range 8 {
		if i := lo + m.rng.IntN(n); !used[i] {
			return i
		}
	}
	for i := lo; i < len(mp.people); i++ {
		if !used[i] {
			return i
		}
	}
	panic("synthetic: a seat group is larger than its pool") // the pool is sized above the widest group
}

// hold assigns person to s for period; some leave during the period and
// a newly elected member takes the seat for the rest of it.
func (g *generator) hold(m *muni, s seat, person uuid.UUID, period koncern.Period, doc *ref) {
	if days(period.From, end(period)) > 365 && m.rng.Float64() < replacementShare {
		d := dayIn(m.rng, period.From.AddDays(120), end(period).AddDays(-120))
		g.assign(person, s.post, closed(period.From, d.AddDays(-1)), doc)
		period.From = d
		person = g.politician(m)
	}
	g.assign(person, s.post, period, doc)
}
