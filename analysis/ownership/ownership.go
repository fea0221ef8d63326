// Package ownership computes who owns what in a group of companies on one
// day: every owner's direct and effective share of the capital and of the
// votes of every company it reaches, and which companies belong to an
// owner's group as subsidiaries or associated companies.
//
// The package is pure. The caller passes the companies and the holdings in
// force on the day asked about; dates, SQL and HTTP are someone else's
// business. Every share is an exact *big.Rat, so that three thirds make one
// and a wholly owned company never shows as 99.99 %; Percent rounds only
// for display.
package ownership

import (
	"bytes"
	"cmp"
	"math"
	"math/big"
	"slices"

	"github.com/google/uuid"
	"github.com/koncernregistret/koncern"
)

// Company is a company's share capital on the day asked about.
type Company struct {
	ID          uuid.UUID
	Name        string
	TotalShares int64
	TotalVotes  int64
}

// Holding is one direct stake on that day: Owner holds Shares and Votes in
// Company. The owner may be a company or any other organisation, such as a
// municipality or an owner outside the group.
type Holding struct {
	Owner, Company uuid.UUID
	Shares, Votes  int64
}

// Stake is one owner's share of one company. Direct shares come from the
// owner's own holding; effective shares add everything the owner holds
// through other companies, multiplied along every path. The figures are
// fractions of one, never nil.
type Stake struct {
	Owner, Company   uuid.UUID
	DirectCapital    *big.Rat
	DirectVotes      *big.Rat
	EffectiveCapital *big.Rat
	EffectiveVotes   *big.Rat
}

// Result is every owner's direct and effective share of every company it
// reaches. It is immutable once Compute returns it, so it may be shared
// between goroutines; every *big.Rat it hands out is a fresh copy.
type Result struct {
	companies []Company
	index     map[uuid.UUID]int // company id to its position in companies

	// out holds every owner's direct holdings, sorted by company position.
	out map[uuid.UUID][]arc

	// stakes holds every pair with a direct or effective share; byOwner
	// and byCompany list them, unsorted, for the listings.
	stakes    map[pair]*Stake
	byOwner   map[uuid.UUID][]*Stake
	byCompany [][]*Stake
}

// arc is one direct holding as fractions of the company's totals.
type arc struct {
	to      int
	capital *big.Rat
	votes   *big.Rat
}

type pair struct{ owner, company uuid.UUID }

// Compute checks the holdings against the companies and works out every
// direct and effective share. It returns an EINVALID error when a holding
// names an unknown company, when a count is negative, when the holdings of a
// company add up to more than its totals, or when companies hold all of one
// another with no owner outside them, which leaves their effective
// ownership undefined.
func Compute(companies []Company, holdings []Holding) (*Result, error) {
	r, err := newResult(companies)
	if err != nil {
		return nil, err
	}
	if err := r.link(holdings); err != nil {
		return nil, err
	}
	order := r.components()
	capital, err := r.leontief(order, "capital", func(a arc) *big.Rat { return a.capital })
	if err != nil {
		return nil, err
	}
	votes, err := r.leontief(order, "votes", func(a arc) *big.Rat { return a.votes })
	if err != nil {
		return nil, err
	}
	r.collect(capital, votes)
	return r, nil
}

// newResult indexes the companies. Totals must be positive because every
// stake is a fraction of them.
func newResult(companies []Company) (*Result, error) {
	r := &Result{
		companies: slices.Clone(companies),
		index:     make(map[uuid.UUID]int, len(companies)),
		out:       make(map[uuid.UUID][]arc),
		byOwner:   make(map[uuid.UUID][]*Stake),
		byCompany: make([][]*Stake, len(companies)),
	}
	for i, c := range companies {
		switch {
		case c.ID == uuid.Nil:
			return nil, koncern.Errorf(koncern.EINVALID, "company %d (%q) has no id", i, c.Name)
		case c.TotalShares <= 0:
			return nil, koncern.Errorf(koncern.EINVALID, "company %q (%s) has %d total shares; it needs at least one", c.Name, c.ID, c.TotalShares)
		case c.TotalVotes <= 0:
			return nil, koncern.Errorf(koncern.EINVALID, "company %q (%s) has %d total votes; it needs at least one", c.Name, c.ID, c.TotalVotes)
		}
		if _, dup := r.index[c.ID]; dup {
			return nil, koncern.Errorf(koncern.EINVALID, "company %q (%s) is listed twice", c.Name, c.ID)
		}
		r.index[c.ID] = i
	}
	return r, nil
}

// counts is what one owner holds in one company, or what all owners
// together hold in it.
type counts struct{ shares, votes int64 }

// link checks the holdings and turns them into arcs. Two holdings of the
// same owner in the same company are added together, since on one day they
// are one stake. Sums are checked before they are formed so that they
// cannot overflow.
func (r *Result) link(holdings []Holding) error {
	held := make(map[pair]counts, len(holdings))
	sums := make([]counts, len(r.companies))
	for i, h := range holdings {
		j, ok := r.index[h.Company]
		if !ok {
			return koncern.Errorf(koncern.EINVALID, "holding %d: company %s is not among the companies", i, h.Company)
		}
		c := r.companies[j]
		switch {
		case h.Owner == uuid.Nil:
			return koncern.Errorf(koncern.EINVALID, "holding %d in %q has no owner", i, c.Name)
		case h.Shares < 0 || h.Votes < 0:
			return koncern.Errorf(koncern.EINVALID, "holding %d: %s holds %d shares and %d votes in %q; counts must not be negative", i, h.Owner, h.Shares, h.Votes, c.Name)
		case h.Shares > c.TotalShares:
			return koncern.Errorf(koncern.EINVALID, "holding %d: %s holds %d shares in %q, more than its total of %d shares", i, h.Owner, h.Shares, c.Name, c.TotalShares)
		case h.Votes > c.TotalVotes:
			return koncern.Errorf(koncern.EINVALID, "holding %d: %s holds %d votes in %q, more than its total of %d votes", i, h.Owner, h.Votes, c.Name, c.TotalVotes)
		case h.Shares > c.TotalShares-sums[j].shares:
			return koncern.Errorf(koncern.EINVALID, "holding %d: with it the holdings in %q add up to %d shares, more than its total of %d shares", i, c.Name, sums[j].shares+h.Shares, c.TotalShares)
		case h.Votes > c.TotalVotes-sums[j].votes:
			return koncern.Errorf(koncern.EINVALID, "holding %d: with it the holdings in %q add up to %d votes, more than its total of %d votes", i, c.Name, sums[j].votes+h.Votes, c.TotalVotes)
		}
		sums[j].shares += h.Shares
		sums[j].votes += h.Votes
		p := pair{h.Owner, h.Company}
		n := held[p]
		held[p] = counts{n.shares + h.Shares, n.votes + h.Votes}
	}
	for p, n := range held {
		if n.shares == 0 && n.votes == 0 {
			continue // an empty holding owns nothing and would only add noise
		}
		j := r.index[p.company]
		c := r.companies[j]
		r.out[p.owner] = append(r.out[p.owner], arc{
			to:      j,
			capital: fraction(n.shares, c.TotalShares),
			votes:   fraction(n.votes, c.TotalVotes),
		})
	}
	for _, arcs := range r.out {
		slices.SortFunc(arcs, func(a, b arc) int { return cmp.Compare(a.to, b.to) })
	}
	return nil
}

// fraction returns n/d, sharing the constants for the common whole and
// empty holdings instead of reducing them again.
func fraction(n, d int64) *big.Rat {
	switch n {
	case 0:
		return zero
	case d:
		return one
	}
	return big.NewRat(n, d)
}

// collect turns the Leontief rows into stakes. A company's effective share
// of what it reaches is its row less the one it trivially holds of itself;
// any other owner's is its direct holdings multiplied into the rows of the
// companies it holds. The vectors are worked out first so that the map and
// the stakes can be allocated once, at their final size.
func (r *Result) collect(capital, votes []vector) {
	type reach struct {
		owner  uuid.UUID
		arcs   []arc
		ec, ev vector
	}
	all := make([]reach, 0, len(r.out))
	size := 0
	for owner, arcs := range r.out {
		x := reach{owner: owner, arcs: arcs}
		if k, ok := r.index[owner]; ok {
			x.ec, x.ev = capital[k].minusUnit(k), votes[k].minusUnit(k)
		} else {
			x.ec = combine(arcs, capital, func(a arc) *big.Rat { return a.capital })
			x.ev = combine(arcs, votes, func(a arc) *big.Rat { return a.votes })
		}
		all = append(all, x)
		size += max(len(x.ec), len(x.ev)) // a direct holding is always within its effective one
	}
	r.stakes = make(map[pair]*Stake, size)
	slab := make([]Stake, 0, size)
	for _, x := range all {
		slab = r.addStakes(slab, x.owner, x.arcs, x.ec, x.ev)
	}
}

// addStakes records one owner's stakes in every company it holds directly
// or reaches, walking its three sorted lists side by side, and returns the
// slab with the new stakes appended. A company's indirect stake in itself,
// a by-product of cross-holdings, is kept for Direct and Effective but left
// out of the listings, where it would read as the company owning itself.
func (r *Result) addStakes(slab []Stake, owner uuid.UUID, arcs []arc, ec, ev vector) []Stake {
	var i, j, l int
	for i < len(arcs) || j < len(ec) || l < len(ev) {
		at := math.MaxInt
		if i < len(arcs) {
			at = arcs[i].to
		}
		if j < len(ec) {
			at = min(at, ec[j].at)
		}
		if l < len(ev) {
			at = min(at, ev[l].at)
		}
		s := Stake{Owner: owner, Company: r.companies[at].ID,
			DirectCapital: zero, DirectVotes: zero, EffectiveCapital: zero, EffectiveVotes: zero}
		if i < len(arcs) && arcs[i].to == at {
			s.DirectCapital, s.DirectVotes = arcs[i].capital, arcs[i].votes
			i++
		}
		if j < len(ec) && ec[j].at == at {
			s.EffectiveCapital = ec[j].v
			j++
		}
		if l < len(ev) && ev[l].at == at {
			s.EffectiveVotes = ev[l].v
			l++
		}
		if len(slab) == cap(slab) {
			slab = make([]Stake, 0, 256) // the estimate fell short; pointers into the old slab stay valid
		}
		slab = append(slab, s)
		p := &slab[len(slab)-1]
		r.stakes[pair{owner, s.Company}] = p
		if owner != s.Company {
			r.byOwner[owner] = append(r.byOwner[owner], p)
			r.byCompany[at] = append(r.byCompany[at], p)
		}
	}
	return slab
}

// byEffective orders stakes by effective capital, largest first, and then
// by id so that equal stakes always come out in the same order.
func byEffective(a, b *Stake, ida, idb uuid.UUID) int {
	if c := b.EffectiveCapital.Cmp(a.EffectiveCapital); c != 0 {
		return c
	}
	return bytes.Compare(ida[:], idb[:])
}

// Company returns the company with the given id, and whether there is one.
// Callers use it to tell companies from other owners and to name them.
func (r *Result) Company(id uuid.UUID) (Company, bool) {
	j, ok := r.index[id]
	if !ok {
		return Company{}, false
	}
	return r.companies[j], true
}

// Direct returns the owner's own holding in the company as fractions of its
// capital and votes; zero when there is none.
func (r *Result) Direct(owner, company uuid.UUID) (capital, votes *big.Rat) {
	s := r.stakes[pair{owner, company}]
	if s == nil {
		return new(big.Rat), new(big.Rat)
	}
	return copyRat(s.DirectCapital), copyRat(s.DirectVotes)
}

// Effective returns the owner's share of the company's capital and votes
// through every path, cross-holdings included; zero when it reaches none.
// For a company asked about itself it is the part of itself it holds back
// through cross-holdings.
func (r *Result) Effective(owner, company uuid.UUID) (capital, votes *big.Rat) {
	s := r.stakes[pair{owner, company}]
	if s == nil {
		return new(big.Rat), new(big.Rat)
	}
	return copyRat(s.EffectiveCapital), copyRat(s.EffectiveVotes)
}

// Owners returns everyone with a direct or effective stake in the company,
// companies that hold it on the way included, largest effective capital
// first and then by owner id.
func (r *Result) Owners(company uuid.UUID) []Stake {
	j, ok := r.index[company]
	if !ok {
		return nil
	}
	out := copyStakes(r.byCompany[j])
	slices.SortFunc(out, func(a, b Stake) int { return byEffective(&a, &b, a.Owner, b.Owner) })
	return out
}

// Holdings returns every company the owner holds directly or reaches,
// largest effective capital first and then by company id.
//
// Listings are sorted when asked for, on the caller's copy: most callers
// look up single stakes, and sorting inside Compute would cost every
// caller a comparison of rationals per stake for the benefit of a few.
func (r *Result) Holdings(owner uuid.UUID) []Stake {
	out := copyStakes(r.byOwner[owner])
	slices.SortFunc(out, func(a, b Stake) int { return byEffective(&a, &b, a.Company, b.Company) })
	return out
}

func copyStakes(list []*Stake) []Stake {
	if len(list) == 0 {
		return nil
	}
	out := make([]Stake, len(list))
	for i, s := range list {
		out[i] = Stake{
			Owner: s.Owner, Company: s.Company,
			DirectCapital: copyRat(s.DirectCapital), DirectVotes: copyRat(s.DirectVotes),
			EffectiveCapital: copyRat(s.EffectiveCapital), EffectiveVotes: copyRat(s.EffectiveVotes),
		}
	}
	return out
}

func copyRat(x *big.Rat) *big.Rat { return new(big.Rat).Set(x) }

// zero stands for every absent share inside a Result. It is shared, which
// is safe only because nothing inside writes to it and everything handed
// out is a copy.
var zero = new(big.Rat)
