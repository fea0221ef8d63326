package ownership_test

import (
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// country is a generated national dataset: 290 municipalities, each with
// a holding company at the top of a tree of up to four levels, 1 840
// companies in all. About one company in twenty has a second owner, half of
// them a company of another municipality, which joins the two trees; a few
// subsidiaries hold a share of their own parent. Some companies have A- and
// B-shares, so votes differ from capital.
type country struct {
	companies      []ownership.Company
	holdings       []ownership.Holding
	municipalities []uuid.UUID
	partly, cross  int
}

const (
	municipalities = 290
	companies      = 1840
	maxDepth       = 4
	crossHoldings  = 10
)

// node is a generated company and where its main owner's holding is.
type node struct {
	depth, tree, at int
	parent          int // -1 for a holding company
	classes         bool
}

func national(seed uint64) country {
	rng := rand.New(rand.NewPCG(seed, 0))
	var next uint64
	newID := func() uuid.UUID {
		next++
		var u uuid.UUID
		binary.BigEndian.PutUint64(u[8:], next)
		return u
	}
	var k country
	var nodes []node
	sizes := make([]int, municipalities)
	for i := range sizes {
		sizes[i] = 1
	}
	for range companies - municipalities {
		sizes[rng.IntN(municipalities)]++
	}
	for t, size := range sizes {
		m := newID()
		k.municipalities = append(k.municipalities, m)
		first := len(nodes)
		for n := range size {
			parent, depth, owner := -1, 1, m
			if n > 0 {
				parent = first + rng.IntN(len(nodes)-first)
				for nodes[parent].depth >= maxDepth {
					parent = first + rng.IntN(len(nodes)-first)
				}
				depth, owner = nodes[parent].depth+1, k.companies[parent].ID
			}
			c, classes := generateCompany(rng, newID(), n == 0)
			nodes = append(nodes, node{depth: depth, tree: t, at: len(k.holdings), parent: parent, classes: classes})
			k.companies = append(k.companies, c)
			k.holdings = append(k.holdings, ownership.Holding{Owner: owner, Company: c.ID, Shares: c.TotalShares, Votes: c.TotalVotes})
		}
	}
	k.shareSome(rng, nodes, newID)
	k.crossSome(rng, nodes)
	return k
}

// generateCompany gives one company in ten A-shares of ten votes making up
// a tenth of its capital. Holding companies have one class only.
func generateCompany(rng *rand.Rand, id uuid.UUID, holding bool) (ownership.Company, bool) {
	shares := []int64{1000, 5000, 10000, 100000}[rng.IntN(4)]
	c := ownership.Company{ID: id, Name: id.String(), TotalShares: shares, TotalVotes: shares}
	classes := !holding && rng.IntN(10) == 0
	if classes {
		c.TotalVotes = shares/10*10 + shares/10*9
	}
	return c, classes
}

// shareSome hands 10 to 49 % of about one company in twenty to a second
// owner, giving the main owner the A-shares first.
func (k *country) shareSome(rng *rand.Rand, nodes []node, newID func() uuid.UUID) {
	for j, n := range nodes {
		if n.parent < 0 || rng.IntN(20) != 0 {
			continue
		}
		c := k.companies[j]
		main := &k.holdings[n.at]
		second := c.TotalShares * (10 + rng.Int64N(40)) / 100
		main.Shares = c.TotalShares - second
		main.Votes = votesOf(c, main.Shares, n.classes)
		owner := newID() // an owner outside every group
		if rng.IntN(2) == 0 {
			other := rng.IntN(len(nodes))
			for nodes[other].tree == n.tree {
				other = rng.IntN(len(nodes))
			}
			owner = k.companies[other].ID
		}
		k.holdings = append(k.holdings, ownership.Holding{Owner: owner, Company: c.ID, Shares: second, Votes: c.TotalVotes - main.Votes})
		k.partly++
	}
}

// votesOf counts the votes of the first shares of a company, A-shares
// first.
func votesOf(c ownership.Company, shares int64, classes bool) int64 {
	if !classes {
		return shares
	}
	a := min(shares, c.TotalShares/10)
	return a*10 + shares - a
}

// crossSome lets a few subsidiaries take 5 % of their parent company from
// its main owner, which closes a cycle of cross-holdings.
func (k *country) crossSome(rng *rand.Rand, nodes []node) {
	taken := map[int]bool{}
	for k.cross < crossHoldings {
		j := rng.IntN(len(nodes))
		p := nodes[j].parent
		if p < 0 || taken[p] || nodes[p].classes || k.holdings[nodes[p].at].Shares != k.companies[p].TotalShares {
			continue
		}
		taken[p] = true
		parent := k.companies[p]
		five := parent.TotalShares / 20
		k.holdings[nodes[p].at].Shares -= five
		k.holdings[nodes[p].at].Votes -= five
		k.holdings = append(k.holdings, ownership.Holding{Owner: k.companies[j].ID, Company: parent.ID, Shares: five, Votes: five})
		k.cross++
	}
}

// TestNational checks, on the generated country, that the shares of every
// company are accounted for: what owners outside the companies hold
// effectively, plus each company's unheld shares carried down the chains
// (u_k·L[k][j]), is exactly the whole. It also checks that every
// municipality's group holds its holding company.
func TestNational(t *testing.T) {
	k := national(1)
	r := compute(t, k.companies, k.holdings)
	t.Logf("%d companies, %d holdings, %d partly owned, %d cross-holdings", len(k.companies), len(k.holdings), k.partly, k.cross)
	unheld := map[uuid.UUID][2]*big.Rat{}
	for _, c := range k.companies {
		unheld[c.ID] = [2]*big.Rat{big.NewRat(1, 1), big.NewRat(1, 1)}
	}
	for _, h := range k.holdings {
		c, _ := r.Company(h.Company)
		u := unheld[h.Company]
		u[0].Sub(u[0], big.NewRat(h.Shares, c.TotalShares))
		u[1].Sub(u[1], big.NewRat(h.Votes, c.TotalVotes))
	}
	for _, c := range k.companies {
		capital, votes := new(big.Rat), new(big.Rat)
		ec, ev := r.Effective(c.ID, c.ID)
		capital.Add(capital, new(big.Rat).Mul(unheld[c.ID][0], ec.Add(ec, big.NewRat(1, 1))))
		votes.Add(votes, new(big.Rat).Mul(unheld[c.ID][1], ev.Add(ev, big.NewRat(1, 1))))
		for _, s := range r.Owners(c.ID) {
			if u, isCompany := unheld[s.Owner]; isCompany {
				capital.Add(capital, new(big.Rat).Mul(u[0], s.EffectiveCapital))
				votes.Add(votes, new(big.Rat).Mul(u[1], s.EffectiveVotes))
			} else {
				capital.Add(capital, s.EffectiveCapital)
				votes.Add(votes, s.EffectiveVotes)
			}
		}
		if capital.Cmp(big.NewRat(1, 1)) != 0 || votes.Cmp(big.NewRat(1, 1)) != 0 {
			t.Fatalf("company %s is accounted for as %s of its capital and %s of its votes; want 1", c.Name, capital.RatString(), votes.RatString())
		}
	}
	members := 0
	for i, m := range k.municipalities {
		g := r.Group(m)
		members += len(g)
		if len(g) == 0 || g[0].Depth != 1 || g[0].Relation != ownership.Subsidiary {
			t.Fatalf("municipality %d: group %+v does not start with its holding company", i, g)
		}
	}
	t.Logf("%d group members across %d municipalities", members, len(k.municipalities))
}

func BenchmarkCompute(b *testing.B) {
	k := national(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ownership.Compute(k.companies, k.holdings); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGroup draws every municipality's group once per round, as the
// group report for the whole country would.
func BenchmarkGroup(b *testing.B) {
	k := national(1)
	r := compute(b, k.companies, k.holdings)
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range k.municipalities {
			r.Group(m)
		}
	}
}
