package ownership

import (
	"bytes"
	"cmp"
	"math/big"
	"slices"

	"github.com/google/uuid"
)

// Relation is how a company belongs to a parent's group.
type Relation int

// The relations follow the Swedish Annual Accounts Act (ÅRL 1:4 and 1:5).
// A company is a subsidiary (dotterföretag) when the parent controls more
// than half of its votes, directly or through other subsidiaries; it is an
// associated company (intresseföretag) when the votes the parent holds,
// directly or through subsidiaries, are at least 20 % and at most 50 %.
// Control is not multiplied along the chain: a subsidiary's votes count in
// full as the parent's, because the parent decides how they are cast.
const (
	None Relation = iota
	Subsidiary
	Associated
)

func (r Relation) String() string {
	switch r {
	case Subsidiary:
		return "subsidiary"
	case Associated:
		return "associated"
	default:
		return "none"
	}
}

// MarshalText lets a Relation appear in JSON and CSV by its name.
func (r Relation) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// fifth is the threshold of an associated company.
var fifth = big.NewRat(1, 5)

// Member is one company in a parent's group.
type Member struct {
	Company  uuid.UUID
	Name     string
	Relation Relation

	// Depth is the number of holdings between the parent and the company
	// along the shortest chain through the parent's subsidiaries; 1 when
	// the parent holds it directly.
	Depth int

	// Via is the holder on that chain just above the company: the parent
	// itself at depth 1, otherwise a subsidiary. When several qualify, the
	// one with the most votes in the company is named, so that a group
	// tree can be drawn from it.
	Via uuid.UUID

	// ControlledVotes is the share of votes held by the parent and all its
	// subsidiaries together, the figure the relation is decided on.
	ControlledVotes *big.Rat

	DirectCapital    *big.Rat
	DirectVotes      *big.Rat
	EffectiveCapital *big.Rat
	EffectiveVotes   *big.Rat
}

// Membership returns how the company belongs to the parent's group. A
// company is never a member of its own group.
func (r *Result) Membership(parent, company uuid.UUID) Relation {
	j, ok := r.index[company]
	if !ok || parent == company {
		return None
	}
	return r.control(parent).relation(j)
}

// Group returns every subsidiary and associated company of the parent,
// nearest first, then subsidiaries before associated companies, then by
// name and id.
func (r *Result) Group(parent uuid.UUID) []Member {
	c := r.control(parent)
	depth, via := r.chains(parent, c)
	var out []Member
	for j, votes := range c.votes {
		rel := c.relation(j)
		if rel == None {
			continue
		}
		id := r.companies[j].ID
		dc, dv := r.Direct(parent, id)
		ec, ev := r.Effective(parent, id)
		out = append(out, Member{
			Company: id, Name: r.companies[j].Name, Relation: rel,
			Depth: depth[j], Via: via[j], ControlledVotes: copyRat(votes),
			DirectCapital: dc, DirectVotes: dv, EffectiveCapital: ec, EffectiveVotes: ev,
		})
	}
	slices.SortFunc(out, func(a, b Member) int {
		return cmp.Or(cmp.Compare(a.Depth, b.Depth), cmp.Compare(a.Relation, b.Relation),
			cmp.Compare(a.Name, b.Name), bytes.Compare(a.Company[:], b.Company[:]))
	})
	return out
}

// controlled is the fixpoint of control for one parent: the votes the
// parent and its subsidiaries hold in every company they reach, and which
// of those companies are subsidiaries.
type controlled struct {
	votes      map[int]*big.Rat
	subsidiary map[int]bool
}

func (c controlled) relation(j int) Relation {
	switch {
	case c.subsidiary[j]:
		return Subsidiary
	case c.votes[j] != nil && c.votes[j].Cmp(fifth) >= 0:
		return Associated
	default:
		return None
	}
}

// control finds the parent's subsidiaries with a worklist. Votes only ever
// add up, so a company once controlled stays controlled: each new
// subsidiary adds its own votes to what the parent controls, which may tip
// further companies over one half, until nothing changes. Each company's
// holdings are added once, so the work is linear in the holdings reached.
// The parent's own votes held back through cross-holdings are ignored,
// since a company cannot control itself.
func (r *Result) control(parent uuid.UUID) controlled {
	c := controlled{votes: make(map[int]*big.Rat), subsidiary: make(map[int]bool)}
	self, isCompany := r.index[parent]
	var queue []int
	add := func(owner uuid.UUID) {
		for _, a := range r.out[owner] {
			if isCompany && a.to == self {
				continue
			}
			v := c.votes[a.to]
			if v == nil {
				v = new(big.Rat)
				c.votes[a.to] = v
			}
			v.Add(v, a.votes)
			if !c.subsidiary[a.to] && v.Cmp(half) > 0 {
				c.subsidiary[a.to] = true
				queue = append(queue, a.to)
			}
		}
	}
	add(parent)
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		add(r.companies[j].ID)
	}
	return c
}

// chains finds, breadth first from the parent through its subsidiaries,
// how far each company it reaches lies from the parent and which holder
// is the one just above it. All holders at one depth are seen before any
// at the next, so the choice among them is complete when made.
func (r *Result) chains(parent uuid.UUID, c controlled) (depth map[int]int, via map[int]uuid.UUID) {
	depth, via = make(map[int]int), make(map[int]uuid.UUID)
	best := make(map[int]*big.Rat) // votes held by the chosen holder
	self, isCompany := r.index[parent]
	level := []uuid.UUID{parent}
	for d := 1; len(level) > 0; d++ {
		var next []uuid.UUID
		for _, holder := range level {
			for _, a := range r.out[holder] {
				if isCompany && a.to == self {
					continue
				}
				switch known, seen := depth[a.to]; {
				case !seen:
					depth[a.to], via[a.to], best[a.to] = d, holder, a.votes
					if c.subsidiary[a.to] {
						next = append(next, r.companies[a.to].ID)
					}
				case known == d && better(a.votes, holder, best[a.to], via[a.to]):
					via[a.to], best[a.to] = holder, a.votes
				}
			}
		}
		level = next
	}
	return depth, via
}

// better reports whether holder a with votes va should be named before
// holder b with votes vb: more votes first, then the lower id.
func better(va *big.Rat, a uuid.UUID, vb *big.Rat, b uuid.UUID) bool {
	if c := va.Cmp(vb); c != 0 {
		return c > 0
	}
	return bytes.Compare(a[:], b[:]) < 0
}
