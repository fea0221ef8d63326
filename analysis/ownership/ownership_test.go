package ownership_test

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// Ids that sort in the order of their number, so that expected listings
// can be written down by hand.
var (
	M = id(1)  // a municipality
	X = id(2)  // an owner outside the group
	H = id(10) // a holding company
	A = id(11)
	B = id(12)
	C = id(13)
	D = id(14)
	S = id(15)
	T = id(16)
	U = id(17)
)

func id(n uint16) uuid.UUID {
	var u uuid.UUID
	u[14], u[15] = byte(n>>8), byte(n)
	return u
}

// company has as many votes as shares unless votes says otherwise.
func company(id uuid.UUID, name string, shares int64, votes ...int64) ownership.Company {
	c := ownership.Company{ID: id, Name: name, TotalShares: shares, TotalVotes: shares}
	if len(votes) > 0 {
		c.TotalVotes = votes[0]
	}
	return c
}

// hold gives the owner as many votes as shares unless votes says otherwise.
func hold(owner, in uuid.UUID, shares int64, votes ...int64) ownership.Holding {
	h := ownership.Holding{Owner: owner, Company: in, Shares: shares, Votes: shares}
	if len(votes) > 0 {
		h.Votes = votes[0]
	}
	return h
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rational " + s)
	}
	return r
}

// share is an expected pair of fractions, written as "a/b".
type share struct {
	owner, company uuid.UUID
	capital, votes string
}

func compute(t testing.TB, companies []ownership.Company, holdings []ownership.Holding) *ownership.Result {
	t.Helper()
	r, err := ownership.Compute(companies, holdings)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name      string
		companies []ownership.Company
		holdings  []ownership.Holding
		direct    []share
		effective []share
	}{
		{
			name:      "chain multiplies",
			companies: []ownership.Company{company(H, "Holding", 1000), company(S, "Sub", 1000), company(T, "SubSub", 200)},
			holdings:  []ownership.Holding{hold(M, H, 1000), hold(H, S, 600), hold(S, T, 100)},
			direct:    []share{{M, H, "1", "1"}, {H, S, "3/5", "3/5"}, {M, T, "0", "0"}},
			effective: []share{{M, H, "1", "1"}, {M, S, "3/5", "3/5"}, {M, T, "3/10", "3/10"}, {H, T, "3/10", "3/10"}, {S, T, "1/2", "1/2"}},
		},
		{
			name:      "diamond sums both paths",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100), company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(M, A, 50), hold(M, B, 50), hold(A, C, 50), hold(B, C, 50)},
			effective: []share{{M, C, "1/2", "1/2"}, {A, C, "1/2", "1/2"}, {M, A, "1/2", "1/2"}},
		},
		{
			// e_A = 4/5 + e_B/10 and e_B = 7/10 + 3e_A/10 give
			// e_A = (4/5 + 7/100)/(1 − 3/100) = 87/97 and e_B = 94/97.
			name:      "cross-holding solved exactly",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100)},
			holdings:  []ownership.Holding{hold(M, A, 80), hold(X, A, 10), hold(B, A, 10), hold(M, B, 70), hold(A, B, 30)},
			effective: []share{
				{M, A, "87/97", "87/97"}, {M, B, "94/97", "94/97"},
				{X, A, "10/97", "10/97"}, {X, B, "3/97", "3/97"},
				{A, B, "30/97", "30/97"}, {A, A, "3/97", "3/97"},
				{B, A, "10/97", "10/97"}, {B, B, "3/97", "3/97"},
			},
		},
		{
			// A owns 10 % of B and B 5 % of A: e_M(A) = 9/10 / (1 − 1/200).
			name:      "mutual small cross-holding",
			companies: []ownership.Company{company(A, "A", 1000), company(B, "B", 1000)},
			holdings:  []ownership.Holding{hold(M, A, 900), hold(B, A, 50), hold(A, B, 100), hold(X, B, 900)},
			effective: []share{{M, A, "180/199", "180/199"}, {M, B, "18/199", "18/199"}, {X, B, "180/199", "180/199"}, {X, A, "9/199", "9/199"}},
		},
		{
			// C has 100 A-shares of ten votes and 900 B-shares of one vote:
			// 1 000 shares and 1 900 votes. M holds the A-shares.
			name:      "share classes split capital from votes",
			companies: []ownership.Company{company(C, "C", 1000, 1900), company(D, "D", 100)},
			holdings:  []ownership.Holding{hold(M, C, 100, 1000), hold(X, C, 900, 900), hold(C, D, 50)},
			direct:    []share{{M, C, "1/10", "10/19"}, {X, C, "9/10", "9/19"}},
			effective: []share{{M, D, "1/20", "5/19"}, {X, D, "9/20", "9/38"}},
		},
		{
			name:      "shares without votes",
			companies: []ownership.Company{company(C, "C", 100, 60)},
			holdings:  []ownership.Holding{hold(M, C, 40, 0), hold(X, C, 60, 60)},
			effective: []share{{M, C, "2/5", "0"}, {X, C, "3/5", "1"}},
		},
		{
			// Treasury shares: C holds a tenth of itself, so M's 90 % is in
			// effect all of it, and C's own tenth is the sum of the series.
			name:      "own shares",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(M, C, 90), hold(C, C, 10)},
			effective: []share{{M, C, "1", "1"}, {C, C, "1/9", "1/9"}},
		},
		{
			name:      "two holdings of one owner add up",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(M, C, 30), hold(M, C, 25)},
			direct:    []share{{M, C, "11/20", "11/20"}},
		},
		{
			name:      "unrelated owner has nothing",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(M, C, 100)},
			direct:    []share{{X, C, "0", "0"}, {M, id(999), "0", "0"}},
			effective: []share{{X, C, "0", "0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, tt.companies, tt.holdings)
			for _, w := range tt.direct {
				c, v := r.Direct(w.owner, w.company)
				checkShare(t, "direct", w, c, v)
			}
			for _, w := range tt.effective {
				c, v := r.Effective(w.owner, w.company)
				checkShare(t, "effective", w, c, v)
			}
		})
	}
}

func checkShare(t *testing.T, what string, w share, capital, votes *big.Rat) {
	t.Helper()
	if capital.Cmp(rat(w.capital)) != 0 || votes.Cmp(rat(w.votes)) != 0 {
		t.Errorf("%s %s in %s: capital %s, votes %s; want %s, %s", what, w.owner, w.company, capital.RatString(), votes.RatString(), w.capital, w.votes)
	}
}

func TestComputeErrors(t *testing.T) {
	c := company(C, "Bolaget AB", 100)
	tests := []struct {
		name      string
		companies []ownership.Company
		holdings  []ownership.Holding
		want      string
	}{
		{"unknown company", []ownership.Company{c}, []ownership.Holding{hold(M, D, 10)}, "is not among the companies"},
		{"negative shares", []ownership.Company{c}, []ownership.Holding{hold(M, C, -1, 0)}, "must not be negative"},
		{"negative votes", []ownership.Company{c}, []ownership.Holding{hold(M, C, 1, -1)}, "must not be negative"},
		{"shares above total", []ownership.Company{c}, []ownership.Holding{hold(M, C, 101, 1)}, "holds 101 shares in \"Bolaget AB\", more than its total of 100 shares"},
		{"votes above total", []ownership.Company{c}, []ownership.Holding{hold(M, C, 1, 101)}, "holds 101 votes in \"Bolaget AB\", more than its total of 100 votes"},
		{"votes together above total", []ownership.Company{c}, []ownership.Holding{hold(M, C, 1, 60), hold(X, C, 1, 41)}, "add up to 101 votes"},
		{"holdings together above total", []ownership.Company{c}, []ownership.Holding{hold(M, C, 60), hold(X, C, 41)}, "add up to 101 shares, more than its total of 100 shares"},
		{"no owner", []ownership.Company{c}, []ownership.Holding{hold(uuid.Nil, C, 1)}, "has no owner"},
		{"company listed twice", []ownership.Company{c, c}, nil, "listed twice"},
		{"company without id", []ownership.Company{company(uuid.Nil, "Noll AB", 1)}, nil, "has no id"},
		{"no shares", []ownership.Company{company(C, "Tomt AB", 0, 1)}, nil, "0 total shares"},
		{"no votes", []ownership.Company{company(C, "Tyst AB", 1, 0)}, nil, "0 total votes"},
		{
			"closed circle",
			[]ownership.Company{company(A, "Ett AB", 10), company(B, "Två AB", 10)},
			[]ownership.Holding{hold(A, B, 10), hold(B, A, 10)},
			"hold all of one another's capital",
		},
		{
			"closed circle of votes only",
			[]ownership.Company{company(A, "Ett AB", 10), company(B, "Två AB", 10)},
			[]ownership.Holding{hold(A, B, 5, 10), hold(B, A, 5, 10), hold(M, A, 5, 0), hold(M, B, 5, 0)},
			"hold all of one another's votes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ownership.Compute(tt.companies, tt.holdings)
			if err == nil {
				t.Fatalf("Compute succeeded; want an error containing %q", tt.want)
			}
			if code := koncern.ErrorCode(err); code != koncern.EINVALID {
				t.Errorf("code %q; want %q", code, koncern.EINVALID)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestListings(t *testing.T) {
	// The diamond: every stake in C is one half, so ids break the ties.
	r := compute(t,
		[]ownership.Company{company(A, "A", 100), company(B, "B", 100), company(C, "C", 100)},
		[]ownership.Holding{hold(M, A, 50), hold(M, B, 50), hold(A, C, 50), hold(B, C, 50), hold(X, A, 10)},
	)
	t.Run("owners", func(t *testing.T) {
		got := r.Owners(C)
		want := []share{{M, C, "0", "0"}, {A, C, "1/2", "1/2"}, {B, C, "1/2", "1/2"}, {X, C, "0", "0"}}
		checkStakes(t, got, want)
		if got[0].EffectiveCapital.Cmp(rat("1/2")) != 0 || got[3].EffectiveCapital.Cmp(rat("1/20")) != 0 {
			t.Errorf("effective capital in C: M %s, X %s; want 1/2, 1/20", got[0].EffectiveCapital.RatString(), got[3].EffectiveCapital.RatString())
		}
	})
	t.Run("holdings", func(t *testing.T) {
		// M reaches C through A and B, a quarter each, so all three tie at
		// one half and their ids decide.
		checkStakes(t, r.Holdings(M), []share{{M, A, "1/2", "1/2"}, {M, B, "1/2", "1/2"}, {M, C, "0", "0"}})
	})
	t.Run("none", func(t *testing.T) {
		if got := r.Holdings(id(999)); got != nil {
			t.Errorf("holdings of a stranger: %v", got)
		}
		if got := r.Owners(id(999)); got != nil {
			t.Errorf("owners of an unknown company: %v", got)
		}
	})
	t.Run("copies", func(t *testing.T) {
		r.Owners(C)[1].EffectiveCapital.SetInt64(7)
		c, _ := r.Direct(A, C)
		c.SetInt64(7)
		if c, _ := r.Effective(A, C); c.Cmp(rat("1/2")) != 0 {
			t.Errorf("the result changed under the caller: %s", c.RatString())
		}
	})
}

// checkStakes compares owner, company and direct shares in order.
func checkStakes(t *testing.T, got []ownership.Stake, want []share) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d stakes; want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Owner != w.owner || g.Company != w.company {
			t.Errorf("stake %d is %s in %s; want %s in %s", i, g.Owner, g.Company, w.owner, w.company)
			continue
		}
		checkShare(t, "direct", w, g.DirectCapital, g.DirectVotes)
	}
}

func TestMembership(t *testing.T) {
	P, Q := id(3), id(4)
	tests := []struct {
		name      string
		companies []ownership.Company
		holdings  []ownership.Holding
		parent    uuid.UUID
		company   uuid.UUID
		want      ownership.Relation
	}{
		{
			name:      "direct majority",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(P, C, 51)},
			parent:    P, company: C, want: ownership.Subsidiary,
		},
		{
			// 30 % own votes and the 25 % of a controlled subsidiary make 55 %,
			// though P's effective capital is only 30 % + 60 % · 25 % = 45 %.
			name:      "majority through a subsidiary",
			companies: []ownership.Company{company(S, "S", 100), company(T, "T", 100)},
			holdings:  []ownership.Holding{hold(P, S, 60), hold(P, T, 30), hold(S, T, 25)},
			parent:    P, company: T, want: ownership.Subsidiary,
		},
		{
			name:      "votes of an associated company do not count",
			companies: []ownership.Company{company(Q, "Q", 100), company(U, "U", 100)},
			holdings:  []ownership.Holding{hold(P, Q, 30), hold(P, U, 40), hold(Q, U, 15)},
			parent:    P, company: U, want: ownership.Associated,
		},
		{
			name:      "exactly half is not control",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(P, C, 50)},
			parent:    P, company: C, want: ownership.Associated,
		},
		{
			name:      "exactly a fifth is associated",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(P, C, 20)},
			parent:    P, company: C, want: ownership.Associated,
		},
		{
			name:      "just under a fifth is nothing",
			companies: []ownership.Company{company(C, "C", 10000)},
			holdings:  []ownership.Holding{hold(P, C, 1999)},
			parent:    P, company: C, want: ownership.None,
		},
		{
			name:      "votes decide, not capital",
			companies: []ownership.Company{company(C, "C", 1000, 1900)},
			holdings:  []ownership.Holding{hold(P, C, 100, 1000), hold(X, C, 900, 900)},
			parent:    P, company: C, want: ownership.Subsidiary,
		},
		{
			name:      "the holder of the weak class is associated by its votes",
			companies: []ownership.Company{company(C, "C", 1000, 1900)},
			holdings:  []ownership.Holding{hold(P, C, 100, 1000), hold(X, C, 900, 900)},
			parent:    X, company: C, want: ownership.Associated,
		},
		{
			// Neither is controlled unless the other already is: the least
			// fixpoint controls neither.
			name:      "mutual holdings do not bootstrap control",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100)},
			holdings:  []ownership.Holding{hold(P, A, 30), hold(P, B, 30), hold(A, B, 25), hold(B, A, 25)},
			parent:    P, company: A, want: ownership.Associated,
		},
		{
			name:      "control cascades down a chain",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100), company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(P, A, 51), hold(A, B, 51), hold(B, C, 51)},
			parent:    P, company: C, want: ownership.Subsidiary,
		},
		{
			name:      "a company is not in its own group",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100)},
			holdings:  []ownership.Holding{hold(A, B, 100), hold(B, A, 60), hold(X, A, 40)},
			parent:    A, company: A, want: ownership.None,
		},
		{
			name:      "effective half without votes through subsidiaries",
			companies: []ownership.Company{company(A, "A", 100), company(B, "B", 100), company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(M, A, 50), hold(M, B, 50), hold(A, C, 50), hold(B, C, 50)},
			parent:    M, company: C, want: ownership.None,
		},
		{
			name:      "unknown company",
			companies: []ownership.Company{company(C, "C", 100)},
			holdings:  []ownership.Holding{hold(P, C, 100)},
			parent:    P, company: D, want: ownership.None,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, tt.companies, tt.holdings)
			if got := r.Membership(tt.parent, tt.company); got != tt.want {
				t.Errorf("Membership = %s; want %s", got, tt.want)
			}
		})
	}
}

func TestGroup(t *testing.T) {
	// M holds the holding company H, which holds S outright and 30 % of T;
	// S holds 25 % of T, so T is a subsidiary at depth 2 through H. S holds
	// 20 % of U and M 15 % directly, so U is associated at depth 1. A
	// belongs to X and stays out.
	r := compute(t,
		[]ownership.Company{
			company(H, "Rådhus AB", 1000), company(S, "Energi AB", 100), company(T, "Bostäder AB", 100),
			company(U, "Flygplats AB", 100), company(A, "Annat AB", 100),
		},
		[]ownership.Holding{
			hold(M, H, 1000), hold(H, S, 100), hold(H, T, 30), hold(S, T, 25),
			hold(S, U, 20), hold(M, U, 15), hold(X, A, 100),
		},
	)
	type member struct {
		company  uuid.UUID
		relation ownership.Relation
		depth    int
		via      uuid.UUID
		votes    string // controlled
		direct   string // capital
		eff      string // capital
	}
	want := []member{
		{H, ownership.Subsidiary, 1, M, "1", "1", "1"},
		{U, ownership.Associated, 1, M, "7/20", "3/20", "7/20"},
		{T, ownership.Subsidiary, 2, H, "11/20", "0", "11/20"}, // Bostäder before Energi
		{S, ownership.Subsidiary, 2, H, "1", "0", "1"},
	}
	got := r.Group(M)
	if len(got) != len(want) {
		t.Fatalf("%d members; want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		t.Run(g.Name, func(t *testing.T) {
			if g.Company != w.company || g.Relation != w.relation || g.Depth != w.depth || g.Via != w.via {
				t.Errorf("got %s %s depth %d via %s; want %s %s depth %d via %s",
					g.Company, g.Relation, g.Depth, g.Via, w.company, w.relation, w.depth, w.via)
			}
			for _, f := range []struct {
				name string
				got  *big.Rat
				want string
			}{{"controlled votes", g.ControlledVotes, w.votes}, {"direct capital", g.DirectCapital, w.direct}, {"effective capital", g.EffectiveCapital, w.eff}} {
				if f.got.Cmp(rat(f.want)) != 0 {
					t.Errorf("%s %s; want %s", f.name, f.got.RatString(), f.want)
				}
			}
		})
	}
	t.Run("via the holder with most votes", func(t *testing.T) {
		// A and B are both subsidiaries at depth 1 and both hold C; B holds
		// more of its votes, so C is drawn under B.
		P := id(3)
		r := compute(t,
			[]ownership.Company{company(A, "A", 100), company(B, "B", 100), company(C, "C", 100)},
			[]ownership.Holding{hold(P, A, 100), hold(P, B, 100), hold(A, C, 20), hold(B, C, 35)},
		)
		g := r.Group(P)
		if len(g) != 3 || g[2].Company != C || g[2].Via != B || g[2].Depth != 2 || g[2].Relation != ownership.Subsidiary {
			t.Errorf("group %+v; want C last, a subsidiary at depth 2 via B", g)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if g := r.Group(id(999)); len(g) != 0 {
			t.Errorf("a stranger's group is %+v", g)
		}
	})
}

func TestRelationText(t *testing.T) {
	tests := []struct {
		r    ownership.Relation
		want string
	}{{ownership.None, "none"}, {ownership.Subsidiary, "subsidiary"}, {ownership.Associated, "associated"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			b, err := tt.r.MarshalText()
			if err != nil || string(b) != tt.want || tt.r.String() != tt.want {
				t.Errorf("%d is %q, %v; want %q", tt.r, b, err, tt.want)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		name     string
		r        *big.Rat
		decimals int
		want     string
	}{
		{"two thirds", rat("2/3"), 2, "66.67"},
		{"one third", rat("1/3"), 2, "33.33"},
		{"whole", rat("1"), 2, "100.00"},
		{"zero", rat("0"), 2, "0.00"},
		{"nil", nil, 2, "0.00"},
		{"half up", rat("1/800"), 2, "0.13"},
		{"half away from zero below zero", rat("-1/800"), 2, "-0.13"},
		{"just below half", rat("1249/1000000"), 2, "0.12"},
		{"tiny", rat("1/200000"), 2, "0.00"},
		{"tiny below zero shows no sign", rat("-1/200000"), 2, "0.00"},
		{"no decimals", rat("1/200"), 0, "1"},
		{"negative decimals count as none", rat("2/3"), -1, "67"},
		{"many decimals", rat("87/97"), 6, "89.690722"},
		{"exact quarter", rat("1/4"), 1, "25.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ownership.Percent(tt.r, tt.decimals); got != tt.want {
				t.Errorf("Percent = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestAgainstDenseInverse checks the component-wise solution against the
// plain inverse of I − A over all companies at once, on small random
// graphs full of cycles.
func TestAgainstDenseInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	for round := range 60 {
		companies, holdings := randomGraph(rng, 2+rng.IntN(7))
		r := compute(t, companies, holdings)
		capital, votes := dense(companies, holdings)
		owners := []uuid.UUID{M, X}
		for _, c := range companies {
			owners = append(owners, c.ID)
		}
		for _, o := range owners {
			for j, c := range companies {
				gc, gv := r.Effective(o, c.ID)
				if gc.Cmp(capital[o][j]) != 0 || gv.Cmp(votes[o][j]) != 0 {
					t.Fatalf("round %d: %s in %s is %s, %s; the dense inverse says %s, %s",
						round, o, c.Name, gc.RatString(), gv.RatString(), capital[o][j].RatString(), votes[o][j].RatString())
				}
			}
		}
	}
}

// randomGraph leaves at least one share and vote of every company to an
// outside owner, so that I − A is always invertible.
func randomGraph(rng *rand.Rand, n int) ([]ownership.Company, []ownership.Holding) {
	var companies []ownership.Company
	for i := range n {
		companies = append(companies, company(id(uint16(100+i)), string(rune('A'+i)), 20, 30))
	}
	var holdings []ownership.Holding
	for _, c := range companies {
		shares, votes := int64(19), int64(29)
		for k := 0; k < 3 && shares > 0; k++ {
			owner := companies[rng.IntN(n)].ID
			if rng.IntN(4) == 0 {
				owner = M
			}
			s, v := rng.Int64N(shares+1), rng.Int64N(votes+1)
			holdings = append(holdings, hold(owner, c.ID, s, v))
			shares, votes = shares-s, votes-v
		}
		holdings = append(holdings, hold(X, c.ID, 1+shares, 1+votes))
	}
	return companies, holdings
}

// dense returns every owner's effective capital and votes by inverting
// I − A in one piece: e = d·(I − A)⁻¹ for outside owners, and row k of
// (I − A)⁻¹ less the unit for company k.
func dense(companies []ownership.Company, holdings []ownership.Holding) (capital, votes map[uuid.UUID][]*big.Rat) {
	return denseOf(companies, holdings, func(h ownership.Holding, c ownership.Company) *big.Rat {
			return big.NewRat(h.Shares, c.TotalShares)
		}), denseOf(companies, holdings, func(h ownership.Holding, c ownership.Company) *big.Rat {
			return big.NewRat(h.Votes, c.TotalVotes)
		})
}

func denseOf(companies []ownership.Company, holdings []ownership.Holding, w func(ownership.Holding, ownership.Company) *big.Rat) map[uuid.UUID][]*big.Rat {
	n := len(companies)
	at := map[uuid.UUID]int{}
	for i, c := range companies {
		at[c.ID] = i
	}
	zeros := func() []*big.Rat {
		v := make([]*big.Rat, n)
		for i := range v {
			v[i] = new(big.Rat)
		}
		return v
	}
	m, inv := make([][]*big.Rat, n), make([][]*big.Rat, n)
	for i := range n {
		m[i], inv[i] = zeros(), zeros()
		m[i][i].SetInt64(1)
		inv[i][i].SetInt64(1)
	}
	direct := map[uuid.UUID][]*big.Rat{M: zeros(), X: zeros()}
	for _, h := range holdings {
		j := at[h.Company]
		f := w(h, companies[j])
		if k, ok := at[h.Owner]; ok {
			m[k][j].Sub(m[k][j], f)
		} else {
			direct[h.Owner][j].Add(direct[h.Owner][j], f)
		}
	}
	gaussJordan(m, inv)
	out := map[uuid.UUID][]*big.Rat{}
	for o, d := range direct {
		e := zeros()
		for k := range n {
			for j := range n {
				e[j].Add(e[j], new(big.Rat).Mul(d[k], inv[k][j]))
			}
		}
		out[o] = e
	}
	for k, c := range companies {
		e := zeros()
		for j := range n {
			e[j].Set(inv[k][j])
		}
		e[k].Sub(e[k], big.NewRat(1, 1))
		out[c.ID] = e
	}
	return out
}

// gaussJordan turns m into the identity and inv into m's inverse, written
// out again here so that the test does not trust the code it checks.
func gaussJordan(m, inv [][]*big.Rat) {
	n := len(m)
	for c := range n {
		p := c
		for m[p][c].Sign() == 0 {
			p++
		}
		m[c], m[p] = m[p], m[c]
		inv[c], inv[p] = inv[p], inv[c]
		f := new(big.Rat).Inv(m[c][c])
		for j := range n {
			m[c][j].Mul(m[c][j], f)
			inv[c][j].Mul(inv[c][j], f)
		}
		for i := range n {
			if i == c {
				continue
			}
			g := new(big.Rat).Set(m[i][c])
			for j := range n {
				m[i][j].Sub(m[i][j], new(big.Rat).Mul(g, m[c][j]))
				inv[i][j].Sub(inv[i][j], new(big.Rat).Mul(g, inv[c][j]))
			}
		}
	}
}
