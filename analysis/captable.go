package analysis

import (
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// CapTable is a company's owners on one day with their shares and votes,
// as counts and as exact parts of the company's totals.
type CapTable struct {
	CompanyID   uuid.UUID     `json:"company_id"`
	CompanyName string        `json:"company_name"`
	At          koncern.Date  `json:"at"`
	TotalShares *int64        `json:"total_shares"`
	TotalVotes  *int64        `json:"total_votes"`
	HeldShares  int64         `json:"held_shares"`
	HeldVotes   int64         `json:"held_votes"`
	Owners      []CapTableRow `json:"owners"`
}

// CapTableRow is one owner's line of a cap table. Capital and Votes are
// null when the company has no recorded total to divide by.
type CapTableRow struct {
	OwnerID     uuid.UUID    `json:"owner_id"`
	OwnerName   string       `json:"owner_name"`
	StakeID     uuid.UUID    `json:"stake_id"`
	Since       koncern.Date `json:"since"`
	Shares      int64        `json:"shares"`
	Votes       int64        `json:"votes"`
	Capital     *Share       `json:"capital"`
	VotingPower *Share       `json:"voting_power"`
}

// BuildCapTable lays out the stakes in force on day at in company, largest
// holding of votes first (then by name, for a stable order). names gives
// the owners' names.
func BuildCapTable(company koncern.Organization, at koncern.Date, stakes []koncern.Stake, names map[uuid.UUID]string) CapTable {
	t := CapTable{CompanyID: company.ID, CompanyName: company.Name, At: at,
		TotalShares: company.TotalShares, TotalVotes: company.TotalVotes, Owners: []CapTableRow{}}
	for _, s := range stakes {
		if s.CompanyID != company.ID || !s.Period.Contains(at) {
			continue
		}
		t.HeldShares += s.Shares
		t.HeldVotes += s.Votes
		t.Owners = append(t.Owners, CapTableRow{
			OwnerID: s.OwnerID, OwnerName: names[s.OwnerID], StakeID: s.ID, Since: s.From,
			Shares: s.Shares, Votes: s.Votes,
			Capital: partOf(s.Shares, company.TotalShares), VotingPower: partOf(s.Votes, company.TotalVotes),
		})
	}
	slices.SortFunc(t.Owners, func(a, b CapTableRow) int {
		if a.Votes != b.Votes {
			return compareDesc(a.Votes, b.Votes)
		}
		return strings.Compare(a.OwnerName, b.OwnerName)
	})
	return t
}

func compareDesc(a, b int64) int {
	if a > b {
		return -1
	}
	return 1
}

// partOf is n of total as an exact share; nil without a total.
func partOf(n int64, total *int64) *Share {
	if total == nil || *total == 0 {
		return nil
	}
	s := share(big.NewRat(n, *total))
	return &s
}

// CapTablesTable lays out cap tables for CSV, one row per owner of each
// company, with the exact parts beside the percentages.
func CapTablesTable(ts []CapTable) Table {
	t := Table{Columns: []string{"company_id", "company", "at", "owner_id", "owner", "since", "shares", "votes",
		"capital_pct", "votes_pct", "capital_exact", "votes_exact"},
		Types: map[string]ColumnType{"at": DateColumn, "since": DateColumn, "shares": CountColumn, "votes": CountColumn,
			"capital_pct": PercentColumn, "votes_pct": PercentColumn}}
	for _, ct := range ts {
		for _, o := range ct.Owners {
			capital, votes := o.Capital, o.VotingPower
			t.Rows = append(t.Rows, []string{ct.CompanyID.String(), ct.CompanyName, ct.At.String(), o.OwnerID.String(), o.OwnerName,
				o.Since.String(), strconv.FormatInt(o.Shares, 10), strconv.FormatInt(o.Votes, 10),
				capital.percent(), votes.percent(), capital.exact(), votes.exact()})
		}
	}
	return t
}

// percent and exact are a share's figures for a table, empty for none.
func (s *Share) percent() string {
	if s == nil {
		return ""
	}
	return s.Percent
}

func (s *Share) exact() string {
	if s == nil {
		return ""
	}
	return s.Exact
}
