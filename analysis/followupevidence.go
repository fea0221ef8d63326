package analysis

import (
	"cmp"
	"slices"

	"github.com/google/uuid"
)

// The evidence of a recommendation's follow-up: what changed on the day
// its findings stopped or started holding.

// changes returns the records that ended the day before d or began on d
// and touch the recommendation: the evidence of the targeted findings, the
// steering lines, assignments and stakes at the subjects, and the
// decisions those cite.
func (t *track) changes(d Day) []EvidenceChange {
	seen := map[uuid.UUID]bool{}
	var out []EvidenceChange
	keep := func(e Evidence) {
		if seen[e.ID] {
			return
		}
		span := SpanOf(e.Period)
		switch {
		case span.To == d-1:
			out = append(out, EvidenceChange{e, "ended"})
		case span.From == d:
			out = append(out, EvidenceChange{e, "started"})
		default:
			return
		}
		seen[e.ID] = true
	}
	for _, f := range t.findings {
		for _, e := range f.Evidence {
			keep(e)
		}
	}
	for _, e := range t.s.touching(t.subjects()) {
		keep(e)
	}
	// The decisions come first: they are what a reader looks for, the
	// decision that gave the coordination a formal basis.
	slices.SortFunc(out, func(a, b EvidenceChange) int {
		return cmp.Or(boolOrder(a.Type != "document", b.Type != "document"), cmp.Compare(a.Change, b.Change), cmp.Compare(a.Type, b.Type),
			cmp.Compare(a.Description, b.Description), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	if out == nil {
		out = []EvidenceChange{}
	}
	return out
}

// boolOrder orders false before true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// subjects are the posts and organisations the recommendation is about:
// those its target names, or else those of the findings it targets.
func (t *track) subjects() []uuid.UUID {
	if len(t.rec.Target.SubjectIDs) > 0 {
		return t.rec.Target.SubjectIDs
	}
	var out []uuid.UUID
	for _, f := range t.findings {
		if !slices.Contains(out, f.Subject.ID) {
			out = append(out, f.Subject.ID)
		}
	}
	return out
}

// touching describes the records at the subjects: the subjects
// themselves, the steering lines into and out of them, the assignments to
// them, the stakes in and of them, and the decisions those records cite.
func (s *Snapshot) touching(subjects []uuid.UUID) []Evidence {
	var out []Evidence
	var cited []*uuid.UUID
	for _, id := range subjects {
		if p := s.posts[id]; p != nil {
			out = append(out, s.postEvidence(p))
		}
		if o := s.orgs[id]; o != nil {
			out = append(out, orgEvidence(o))
		}
		for _, l := range append(slices.Clone(s.linesInto[id]), s.linesFrom[id]...) {
			out = append(out, s.lineEvidence(l))
			cited = append(cited, l.DocumentID)
		}
		for _, a := range s.assignmentsByPost[id] {
			out = append(out, s.assignmentEvidence(a))
			cited = append(cited, a.DocumentID)
		}
		for _, st := range append(slices.Clone(s.stakesInto[id]), s.stakesFrom[id]...) {
			out = append(out, s.stakeEvidence(st))
			cited = append(cited, st.DocumentID)
		}
	}
	for _, id := range cited {
		if id == nil {
			continue
		}
		if d := s.documents[*id]; d != nil {
			out = append(out, documentEvidence(d))
		}
	}
	return out
}

// SubjectOf names a post or an organisation of the snapshot, as a
// finding names its subject.
func (s *Snapshot) SubjectOf(id uuid.UUID) Subject { return s.subject(id) }
