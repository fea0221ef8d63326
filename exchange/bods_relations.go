package exchange

import (
	"bytes"
	"cmp"
	"math/big"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// Details of the interests whose meaning the type alone does not carry.
const (
	detailIndirectCapital = "Effective share of the capital, held through other companies and multiplied along every path of holdings."
	detailIndirectVotes   = "Votes controlled together with subsidiaries (ÅRL 1:4): a subsidiary's votes count in full as its parent's."
)

// holder is an owner and a company it holds shares in.
type holder struct{ owner, company uuid.UUID }

// ownership adds the direct shareholdings, then the indirect ones. Shares
// come from the exact ownership calculation, so that a stake of 1 in 3 is
// 33.333… % and three of them make exactly 100.
func (b *bodsBuilder) ownership() error {
	companies, holdings := analysis.OwnershipOn(b.s, analysis.DayOf(b.at))
	res, err := ownership.Compute(companies, holdings)
	if err != nil {
		return err
	}
	periods := b.stakePeriods()
	pairs := sortedKeys(periods, func(h holder) []byte { return append(h.owner[:], h.company[:]...) })
	for _, h := range pairs {
		capital, votes := res.Direct(h.owner, h.company)
		p := periods[h]
		b.add("shareholding-"+h.owner.String()+"-"+h.company.String(), h.company, h.owner, false,
			Interest{Type: "shareholding", DirectOrIndirect: "direct", Share: percent(capital), StartDate: p.From.String(), EndDate: date(p.To)},
			Interest{Type: "votingRights", DirectOrIndirect: "direct", Share: percent(votes), StartDate: p.From.String(), EndDate: date(p.To)})
	}
	b.indirect(res, periods)
	return nil
}

// stakePeriods returns, for every owner and company, the days the stakes
// in force on the day hold together: from the earliest start to the latest
// end, open when any of them is.
func (b *bodsBuilder) stakePeriods() map[holder]koncern.Period {
	out := map[holder]koncern.Period{}
	for _, st := range b.s.Data().Stakes {
		if !st.Contains(b.at) {
			continue
		}
		h := holder{st.OwnerID, st.CompanyID}
		p, seen := out[h]
		if !seen {
			out[h] = st.Period
			continue
		}
		if st.From.Before(p.From) {
			p.From = st.From
		}
		if p.To != nil && (st.To == nil || st.To.After(*p.To)) {
			p.To = st.To
		}
		out[h] = p
	}
	return out
}

// indirect adds, for every owner, the companies it reaches only through
// other companies: its effective share of their capital, and the votes it
// controls in those that belong to its group.
func (b *bodsBuilder) indirect(res *ownership.Result, direct map[holder]koncern.Period) {
	owners := map[uuid.UUID]bool{}
	for h := range direct {
		owners[h.owner] = true
	}
	for _, owner := range sortedKeys(owners, func(u uuid.UUID) []byte { return u[:] }) {
		controlled := map[uuid.UUID]*big.Rat{}
		for _, m := range res.Group(owner) {
			controlled[m.Company] = m.ControlledVotes
		}
		for _, st := range res.Holdings(owner) {
			if _, ok := direct[holder{owner, st.Company}]; ok || st.Company == owner || st.EffectiveCapital.Sign() == 0 {
				continue
			}
			interests := []Interest{{Type: "shareholding", DirectOrIndirect: "indirect", Details: detailIndirectCapital, Share: percent(st.EffectiveCapital)}}
			if v := controlled[st.Company]; v != nil {
				interests = append(interests, Interest{Type: "votingRights", DirectOrIndirect: "indirect", Details: detailIndirectVotes, Share: percent(v)})
			}
			b.add("indirect-"+owner.String()+"-"+st.Company.String(), st.Company, owner, false, interests...)
		}
	}
}

// appointments adds the organisations that appoint a company's board: the
// steering lines of kind appointment from an organisation to a company.
// Like every line, one runs from its steering end, the appointing
// organisation, which is the interested party; the company is the subject.
// Lines from a post are left out, since BODS needs a person or entity as
// the interested party.
func (b *bodsBuilder) appointments() {
	lines := inForce(b.s.Data().Lines, b.at, func(l *koncern.SteeringLine) string { return l.Target().String() })
	for _, l := range lines {
		if l.Kind != "appointment" || l.FromOrganizationID == nil || l.ToOrganizationID == nil || !b.isCompany(*l.ToOrganizationID) {
			continue
		}
		b.add("appointment-"+l.ID.String(), *l.ToOrganizationID, *l.FromOrganizationID, false,
			Interest{Type: "appointmentOfBoard", DirectOrIndirect: "direct", Details: str(l.Description), StartDate: l.From.String(), EndDate: date(l.To)})
	}
}

// officerInterests maps the roles of company posts to the interests their
// holders have in the company; a chair is a member of the board as well.
var officerInterests = map[string][]string{
	"chair":      {"boardChair", "boardMember"},
	"vice_chair": {"boardMember"},
	"member":     {"boardMember"},
	"deputy":     {"boardMember"},
	"ceo":        {"seniorManagingOfficial"},
}

// officers adds the people who hold board and CEO posts in companies on
// the day, one relationship per assignment.
func (b *bodsBuilder) officers() {
	held := inForce(b.s.Data().Assignments, b.at, func(a *koncern.Assignment) string { return a.PostID.String() })
	for _, a := range held {
		post := b.s.Post(a.PostID)
		if post == nil || !b.isCompany(post.OrganizationID) || b.s.Person(a.PersonID) == nil {
			continue
		}
		var interests []Interest
		for _, t := range officerInterests[post.Role] {
			interests = append(interests, Interest{Type: t, DirectOrIndirect: "direct", Details: post.Title, StartDate: a.From.String(), EndDate: date(a.To)})
		}
		if interests != nil {
			b.add("assignment-"+a.ID.String(), post.OrganizationID, a.PersonID, true, interests...)
		}
	}
}

// isCompany reports whether id is a company in the snapshot.
func (b *bodsBuilder) isCompany(id uuid.UUID) bool {
	o := b.s.Organization(id)
	return o != nil && o.Kind == "company"
}

var hundred = big.NewRat(100, 1)

// percent turns an exact fraction of one into the percentage BODS writes.
// Only here does the exact value become a float, and only for the JSON
// number.
func percent(r *big.Rat) *Share {
	f, _ := new(big.Rat).Mul(r, hundred).Float64()
	return &Share{Exact: f, Minimum: f, Maximum: f}
}

// sortedKeys returns a map's keys in the order of their bytes.
func sortedKeys[K comparable, V any](m map[K]V, key func(K) []byte) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b K) int { return bytes.Compare(key(a), key(b)) })
	return out
}

// byName orders ids by the name a lookup gives them, then by id.
func byName(name func(uuid.UUID) string) func(a, b uuid.UUID) int {
	return func(a, b uuid.UUID) int {
		return cmp.Or(cmp.Compare(name(a), name(b)), bytes.Compare(a[:], b[:]))
	}
}
