package analysis

import (
	"math/big"
	"strconv"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// Decimals is the fixed precision of the percentages the reports show;
// the exact fractions stand beside them.
const Decimals = 2

// Share is one ownership figure, as a percentage for people and as an
// exact fraction for anyone who adds them up.
type Share struct {
	Percent string `json:"percent"`
	Exact   string `json:"exact"`
}

func share(r *big.Rat) Share {
	if r == nil {
		r = new(big.Rat)
	}
	return Share{Percent: ownership.Percent(r, Decimals), Exact: r.RatString()}
}

// GroupMember is one company of a group with its ownership figures.
type GroupMember struct {
	Company          Subject `json:"company"`
	OrgNumber        *string `json:"org_number"`
	Relation         string  `json:"relation"`
	Depth            int     `json:"depth"`
	Via              Subject `json:"via"`
	ViaCapital       Share   `json:"via_capital"`
	ViaVotes         Share   `json:"via_votes"`
	ControlledVotes  Share   `json:"controlled_votes"`
	DirectCapital    Share   `json:"direct_capital"`
	DirectVotes      Share   `json:"direct_votes"`
	EffectiveCapital Share   `json:"effective_capital"`
	EffectiveVotes   Share   `json:"effective_votes"`
}

// GroupStake is one direct holding inside the group, for drawing the tree.
type GroupStake struct {
	Owner   Subject `json:"owner"`
	Company Subject `json:"company"`
	Capital Share   `json:"capital"`
	Votes   Share   `json:"votes"`
}

// GroupReport is a parent's group on one day: its subsidiaries (majority
// of votes, directly or through subsidiaries) and associated companies
// (20–50 %), with direct and effective ownership multiplied along every
// path, and the holdings among them.
type GroupReport struct {
	Root    Subject       `json:"root"`
	At      koncern.Date  `json:"at"`
	Members []GroupMember `json:"members"`
	Stakes  []GroupStake  `json:"stakes"`
}

// Group computes the group of root on day d.
func Group(s *Snapshot, root uuid.UUID, d Day) (*GroupReport, error) {
	companies, all := OwnershipOn(s, d)
	holdings := reachable(root, all)
	res, err := ownership.Compute(companies, holdings)
	if err != nil {
		return nil, err
	}
	rep := &GroupReport{Root: s.subject(root), At: d.Date(), Members: []GroupMember{}, Stakes: []GroupStake{}}
	in := map[uuid.UUID]bool{root: true}
	for _, m := range res.Group(root) {
		in[m.Company] = true
		rep.Members = append(rep.Members, s.groupMember(res, m))
	}
	for _, h := range holdings {
		if in[h.Owner] && in[h.Company] {
			c, v := res.Direct(h.Owner, h.Company)
			rep.Stakes = append(rep.Stakes, GroupStake{Owner: s.subject(h.Owner), Company: s.subject(h.Company), Capital: share(c), Votes: share(v)})
		}
	}
	return rep, nil
}

// groupMember describes one member, with the stake of the holder just
// above it (Via) beside the root's own figures.
func (s *Snapshot) groupMember(res *ownership.Result, m ownership.Member) GroupMember {
	vc, vv := res.Direct(m.Via, m.Company)
	gm := GroupMember{
		Company: s.subject(m.Company), Relation: m.Relation.String(), Depth: m.Depth,
		Via: s.subject(m.Via), ViaCapital: share(vc), ViaVotes: share(vv),
		ControlledVotes: share(m.ControlledVotes), DirectCapital: share(m.DirectCapital), DirectVotes: share(m.DirectVotes),
		EffectiveCapital: share(m.EffectiveCapital), EffectiveVotes: share(m.EffectiveVotes),
	}
	if o := s.orgs[m.Company]; o != nil {
		gm.OrgNumber = o.OrgNumber
	}
	return gm
}

// OwnershipOn lists the companies, with their capital that day, and the
// stakes that hold on day d, as the ownership calculation takes them.
func OwnershipOn(s *Snapshot, d Day) ([]ownership.Company, []ownership.Holding) {
	var companies []ownership.Company
	for i := range s.data.Organizations {
		o := &s.data.Organizations[i]
		if o.Kind != "company" || !SpanOf(o.Period).Contains(d) {
			continue
		}
		if shares, votes := s.CapitalOn(o, d); shares != nil && votes != nil {
			companies = append(companies, ownership.Company{ID: o.ID, Name: o.Name, TotalShares: *shares, TotalVotes: *votes})
		}
	}
	var holdings []ownership.Holding
	for i := range s.data.Stakes {
		st := &s.data.Stakes[i]
		if SpanOf(st.Period).Contains(d) {
			holdings = append(holdings, ownership.Holding{Owner: st.OwnerID, Company: st.CompanyID, Shares: st.Shares, Votes: st.Votes})
		}
	}
	return companies, holdings
}

// GroupTable lays out a group for CSV, one row per member.
func GroupTable(g *GroupReport) Table {
	t := Table{Columns: []string{"company_id", "company", "org_number", "relation", "depth", "via", "via_capital_pct", "via_votes_pct", "direct_capital_pct", "direct_votes_pct",
		"effective_capital_pct", "effective_votes_pct", "controlled_votes_pct", "effective_capital_exact"},
		Types: map[string]ColumnType{"depth": CountColumn, "via_capital_pct": PercentColumn, "via_votes_pct": PercentColumn,
			"direct_capital_pct": PercentColumn, "direct_votes_pct": PercentColumn, "effective_capital_pct": PercentColumn,
			"effective_votes_pct": PercentColumn, "controlled_votes_pct": PercentColumn}}
	for _, m := range g.Members {
		org := ""
		if m.OrgNumber != nil {
			org = *m.OrgNumber
		}
		t.Rows = append(t.Rows, []string{m.Company.ID.String(), m.Company.Name, org, m.Relation, strconv.Itoa(m.Depth),
			m.Via.Name, m.ViaCapital.Percent, m.ViaVotes.Percent, m.DirectCapital.Percent, m.DirectVotes.Percent, m.EffectiveCapital.Percent, m.EffectiveVotes.Percent,
			m.ControlledVotes.Percent, m.EffectiveCapital.Exact})
	}
	return t
}

// reachable keeps the holdings of root and of the companies it reaches
// through holdings: nothing else bears on root's group, and a fault
// elsewhere in the registry (two companies owning each other outright)
// must not spoil it.
func reachable(root uuid.UUID, holdings []ownership.Holding) []ownership.Holding {
	byOwner := map[uuid.UUID][]ownership.Holding{}
	for _, h := range holdings {
		byOwner[h.Owner] = append(byOwner[h.Owner], h)
	}
	seen := map[uuid.UUID]bool{root: true}
	queue := []uuid.UUID{root}
	var out []ownership.Holding
	for len(queue) > 0 {
		owner := queue[0]
		queue = queue[1:]
		for _, h := range byOwner[owner] {
			out = append(out, h)
			if !seen[h.Company] {
				seen[h.Company] = true
				queue = append(queue, h.Company)
			}
		}
	}
	return out
}
