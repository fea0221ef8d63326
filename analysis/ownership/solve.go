package ownership

import (
	"cmp"
	"math/big"
	"slices"
	"strings"

	"github.com/koncernregistret/koncern"
)

// Effective ownership is integrated ownership: with A[k][j] the fraction of
// company j that company k holds directly, an owner's effective shares e
// satisfy e = d + Aᵀe, where d is its direct holding. Every owner's answer
// follows from the Leontief inverse L = (I − A)⁻¹, whose row k is what
// company k reaches through every path, itself included: e = Lᵀd.
//
// Inverting I − A for all companies at once would cost O(n³) on ~1 840
// companies. The matrix is almost all zeros, though, and permuted into the
// strongly connected components of the holding graph, sinks first, it is
// block triangular. Each row is then the company's own unit plus its
// holdings multiplied into rows already known; only inside a component
// that is a real cycle of cross-holdings do rows depend on one another, and
// there a small exact Gauss-Jordan elimination solves them together. The
// answer is the same exact rational as a full inversion, found at the cost
// of the reachable sets plus a cube of each cycle's size.

// term is one non-zero entry of a sparse vector.
type term struct {
	at int
	v  *big.Rat
}

// vector is a sparse row, sorted by position and free of zeros. The
// rationals in a built vector are never written to again, so vectors may
// share them: a municipality that holds its holding company outright has
// the holding company's row as its own, without a copy.
type vector []term

// minusUnit returns v less one at position k. It allocates a new entry for
// k so that v, which other rows share, stays unchanged.
func (v vector) minusUnit(k int) vector {
	out := make(vector, 0, len(v))
	for _, t := range v {
		if t.at == k {
			if isOne(t.v) {
				continue // no cross-holding leads back to k
			}
			d := new(big.Rat).Sub(t.v, one)
			if d.Sign() == 0 {
				continue
			}
			t = term{k, d}
		}
		out = append(out, t)
	}
	return out
}

var (
	one  = big.NewRat(1, 1)
	half = big.NewRat(1, 2)
)

// sum accumulates a linear combination of vectors. A cell borrows the
// rational of the vector it came from until something is added to it, and
// only then gets one of its own: copy on write, because most holdings in a
// municipal group are whole and most cells are never added to.
type sum map[int]cell

type cell struct {
	v     *big.Rat
	owned bool
}

// unit returns a sum holding one at position k.
func unit(k int) sum { return sum{k: {v: one}} }

// addScaled adds c·v. Multiplying by one is skipped, since it would cost a
// gcd per entry for nothing.
func (s sum) addScaled(c *big.Rat, v vector) {
	if c.Sign() == 0 {
		return
	}
	whole := isOne(c)
	var tmp big.Rat
	for _, t := range v {
		x, ok := s[t.at]
		switch {
		case !ok && whole:
			s[t.at] = cell{v: t.v}
			continue
		case !ok:
			s[t.at] = cell{v: new(big.Rat).Mul(c, t.v), owned: true}
			continue
		case !x.owned:
			x = cell{v: new(big.Rat).Set(x.v), owned: true}
		}
		if whole {
			x.v.Add(x.v, t.v)
		} else {
			x.v.Add(x.v, tmp.Mul(c, t.v))
		}
		s[t.at] = x
	}
}

func isOne(x *big.Rat) bool {
	return x.IsInt() && x.Num().IsInt64() && x.Num().Int64() == 1
}

// vector returns the sum as a sorted sparse vector.
func (s sum) vector() vector {
	out := make(vector, 0, len(s))
	for at, x := range s {
		if x.v.Sign() != 0 {
			out = append(out, term{at, x.v})
		}
	}
	slices.SortFunc(out, func(a, b term) int { return cmp.Compare(a.at, b.at) })
	return out
}

// combine returns Σ w(a)·rows[a.to] over the arcs: the effective holdings
// of an owner that is not itself a company. One whole holding, the common
// case of a municipality and its holding company, is that company's row.
func combine(arcs []arc, rows []vector, w func(arc) *big.Rat) vector {
	if len(arcs) == 1 && isOne(w(arcs[0])) {
		return rows[arcs[0].to]
	}
	s := make(sum)
	for _, a := range arcs {
		s.addScaled(w(a), rows[a.to])
	}
	return s.vector()
}

// components returns the strongly connected components of the graph of
// holdings between companies, each after every component it reaches, which
// is the order in which Tarjan's algorithm completes them.
func (r *Result) components() [][]int {
	n := len(r.companies)
	t := tarjan{r: r, index: make([]int, n), low: make([]int, n), on: make([]bool, n)}
	for k := range n {
		if t.index[k] == 0 {
			t.visit(k)
		}
	}
	return t.out
}

// tarjan holds the state of one run of Tarjan's algorithm. Indexes start at
// one so that zero means not yet visited.
type tarjan struct {
	r     *Result
	next  int
	index []int
	low   []int
	on    []bool
	stack []int
	out   [][]int
}

func (t *tarjan) visit(k int) {
	t.next++
	t.index[k], t.low[k] = t.next, t.next
	t.stack = append(t.stack, k)
	t.on[k] = true
	for _, a := range t.r.out[t.r.companies[k].ID] {
		switch {
		case t.index[a.to] == 0:
			t.visit(a.to)
			t.low[k] = min(t.low[k], t.low[a.to])
		case t.on[a.to]:
			t.low[k] = min(t.low[k], t.index[a.to])
		}
	}
	if t.low[k] != t.index[k] {
		return
	}
	var comp []int
	for {
		j := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[j] = false
		comp = append(comp, j)
		if j == k {
			break
		}
	}
	slices.Sort(comp) // a fixed order inside the cycle keeps the elimination reproducible
	t.out = append(t.out, comp)
}

// leontief returns every row of L = (I − A)⁻¹ for the weights w (capital or
// votes), solving the components in the given order.
func (r *Result) leontief(order [][]int, what string, w func(arc) *big.Rat) ([]vector, error) {
	rows := make([]vector, len(r.companies))
	for _, comp := range order {
		if err := r.solve(comp, rows, what, w); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// solve fills the rows of one component. With S the component, its rows
// satisfy (I − A_SS)·L_S = R_S, where row s of R_S is s's own unit plus its
// holdings outside S multiplied into their rows, which are known already.
func (r *Result) solve(comp []int, rows []vector, what string, w func(arc) *big.Rat) error {
	if len(comp) == 1 && !r.holdsItself(comp[0]) {
		rows[comp[0]] = r.acyclicRow(comp[0], rows, w)
		return nil
	}
	pos := make(map[int]int, len(comp))
	for i, k := range comp {
		pos[k] = i
	}
	m := newIdentity(len(comp))
	rhs := make([]sum, len(comp))
	for i, k := range comp {
		rhs[i] = unit(k)
		for _, a := range r.out[r.companies[k].ID] {
			if j, in := pos[a.to]; in {
				m[i][j].Sub(m[i][j], w(a))
			} else {
				rhs[i].addScaled(w(a), rows[a.to])
			}
		}
	}
	inv, ok := invert(m)
	if !ok {
		return r.closedCircle(comp, what)
	}
	right := make([]vector, len(comp))
	for l := range comp {
		right[l] = rhs[l].vector()
	}
	for i, k := range comp {
		s := make(sum)
		for l := range comp {
			s.addScaled(inv[i][l], right[l])
		}
		rows[k] = s.vector()
	}
	return nil
}

// holdsItself reports whether company k holds some of its own shares, the
// one cycle that a component of one company can have.
func (r *Result) holdsItself(k int) bool {
	for _, a := range r.out[r.companies[k].ID] {
		if a.to == k {
			return true
		}
	}
	return false
}

// acyclicRow is the row of a company outside every cycle: its own unit
// plus its holdings multiplied into their rows. Most companies hold no
// other company, and their row is the unit alone.
func (r *Result) acyclicRow(k int, rows []vector, w func(arc) *big.Rat) vector {
	arcs := r.out[r.companies[k].ID]
	if len(arcs) == 0 {
		return vector{{k, one}}
	}
	s := unit(k)
	for _, a := range arcs {
		s.addScaled(w(a), rows[a.to])
	}
	return s.vector()
}

// closedCircle explains why I − A has no inverse: some of the companies in
// the cycle hold all of one another, so that no owner outside them holds
// anything and every split of the ownership between them is as good as
// another.
func (r *Result) closedCircle(comp []int, what string) error {
	names := make([]string, len(comp))
	for i, k := range comp {
		names[i] = "\"" + r.companies[k].Name + "\" (" + r.companies[k].ID.String() + ")"
	}
	return koncern.Errorf(koncern.EINVALID,
		"companies %s hold all of one another's %s with none of it held outside them, so their effective ownership is undefined",
		strings.Join(names, ", "), what)
}

// matrix is a small dense matrix of exact rationals.
type matrix [][]*big.Rat

func newIdentity(n int) matrix {
	m := make(matrix, n)
	for i := range m {
		m[i] = make([]*big.Rat, n)
		for j := range m[i] {
			m[i][j] = new(big.Rat)
		}
		m[i][i].SetInt64(1)
	}
	return m
}

// invert returns the inverse of m by Gauss-Jordan elimination, and false
// when m is singular. Arithmetic is exact, so any non-zero pivot will do
// and no pivoting for stability is needed. m is overwritten.
func invert(m matrix) (matrix, bool) {
	n := len(m)
	inv := newIdentity(n)
	var tmp big.Rat
	for c := range n {
		p := c
		for p < n && m[p][c].Sign() == 0 {
			p++
		}
		if p == n {
			return nil, false
		}
		m[c], m[p] = m[p], m[c]
		inv[c], inv[p] = inv[p], inv[c]
		pivot := new(big.Rat).Inv(m[c][c])
		for j := range n {
			m[c][j].Mul(m[c][j], pivot)
			inv[c][j].Mul(inv[c][j], pivot)
		}
		for i := range n {
			if i == c || m[i][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(m[i][c])
			for j := range n {
				m[i][j].Sub(m[i][j], tmp.Mul(f, m[c][j]))
				inv[i][j].Sub(inv[i][j], tmp.Mul(f, inv[c][j]))
			}
		}
	}
	return inv, true
}
