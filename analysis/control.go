package analysis

import (
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// subsidiaries finds, for every company of the snapshot's groups, the days
// on which its municipality controls it: holds a majority of its votes
// directly or through companies it controls (ownership.Subsidiary). The
// window is cut where any stake of the group begins or ends, and control is
// decided once for each run of days with the same stakes. It is worked out
// once per snapshot, which two rules ask; callers must not change it.
func (s *Snapshot) subsidiaries() map[uuid.UUID]Spans {
	s.subsidiariesOnce.Do(func() { s.subsidiaryDays = s.findSubsidiaries() })
	return s.subsidiaryDays
}

func (s *Snapshot) findSubsidiaries() map[uuid.UUID]Spans {
	found := map[uuid.UUID][]Span{}
	for m, stakes := range s.stakesByGroup() {
		spans := make([]Span, len(stakes))
		for i, st := range stakes {
			spans[i] = SpanOf(st.Period)
		}
		for _, seg := range cut(s.window, spans) {
			for _, c := range s.controlledOn(m, stakes, seg.From) {
				found[c] = append(found[c], seg)
			}
		}
	}
	out := make(map[uuid.UUID]Spans, len(found))
	for c, days := range found {
		out[c] = Normalize(days)
	}
	return out
}

// stakesByGroup sorts the stakes by the municipality whose group holds or
// issues them, keeping only the groups the snapshot judges.
func (s *Snapshot) stakesByGroup() map[uuid.UUID][]*koncern.Stake {
	out := map[uuid.UUID][]*koncern.Stake{}
	for i := range s.data.Stakes {
		st := &s.data.Stakes[i]
		var groups []uuid.UUID
		for _, id := range []uuid.UUID{st.OwnerID, st.CompanyID} {
			if o := s.orgs[id]; o != nil && o.MunicipalityID != nil && s.inScope(o.MunicipalityID) && !slices.Contains(groups, *o.MunicipalityID) {
				groups = append(groups, *o.MunicipalityID)
			}
		}
		for _, m := range groups {
			out[m] = append(out[m], st)
		}
	}
	return out
}

// controlledOn lists the companies of its own group that municipality m
// controls on day d (a neighbour's company it holds a majority of is not a
// subsidiary of its group in the registry's sense), given
// the stakes of its group. Holdings the calculation cannot solve (two
// companies owning each other outright) decide no control that day.
func (s *Snapshot) controlledOn(m uuid.UUID, stakes []*koncern.Stake, d Day) []uuid.UUID {
	var companies []ownership.Company
	var holdings []ownership.Holding
	seen := map[uuid.UUID]bool{}
	for _, st := range stakes {
		c := s.orgs[st.CompanyID]
		if !SpanOf(st.Period).Contains(d) || c == nil || !SpanOf(c.Period).Contains(d) {
			continue
		}
		shares, votes := s.CapitalOn(c, d)
		if shares == nil || votes == nil {
			continue
		}
		if !seen[c.ID] {
			seen[c.ID] = true
			companies = append(companies, ownership.Company{ID: c.ID, Name: c.Name, TotalShares: *shares, TotalVotes: *votes})
		}
		holdings = append(holdings, ownership.Holding{Owner: st.OwnerID, Company: st.CompanyID, Shares: st.Shares, Votes: st.Votes})
	}
	res, err := ownership.Compute(companies, reachable(m, holdings))
	if err != nil {
		return nil
	}
	var out []uuid.UUID
	for _, member := range res.Group(m) {
		if c := s.orgs[member.Company]; member.Relation == ownership.Subsidiary && c != nil && c.MunicipalityID != nil && *c.MunicipalityID == m {
			out = append(out, member.Company)
		}
	}
	return out
}

// cut divides the window into the runs of days on which the same spans
// hold: it cuts where any span begins and after any span ends.
func cut(window Span, spans []Span) []Span {
	cuts := []Day{window.From}
	for _, sp := range spans {
		x, ok := sp.Intersect(window)
		if !ok {
			continue
		}
		cuts = append(cuts, x.From)
		if x.To < window.To {
			cuts = append(cuts, x.To+1)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	out := make([]Span, len(cuts))
	for i, c := range cuts {
		to := window.To
		if i+1 < len(cuts) {
			to = cuts[i+1] - 1
		}
		out[i] = Span{c, to}
	}
	return out
}
