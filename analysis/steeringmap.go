package analysis

import (
	"cmp"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Channels of steering, in the order a report lists them: the board and its
// chair, the city manager, politicians acting directly, the chain of
// command, appraisal, ownership and the rest.
var Channels = []string{"board", "city_manager", "political", "line", "appraisal", "ownership", "other"}

// SteeringMap is every line into and out of one post on one day, grouped
// by channel.
type SteeringMap struct {
	Post     Subject              `json:"post"`
	Role     string               `json:"role"`
	Holders  []string             `json:"holders"`
	Incoming map[string][]MapLine `json:"incoming"`
	Outgoing map[string][]MapLine `json:"outgoing"`
	Findings []Finding            `json:"findings"`
}

// MapLine is one steering line as the steering map shows it.
type MapLine struct {
	ID       uuid.UUID `json:"id"`
	Kind     string    `json:"kind"`
	Basis    string    `json:"basis"`
	From     Subject   `json:"from"`
	To       Subject   `json:"to"`
	Document *string   `json:"document"`
	// DocumentID is the decision's id, so that a page can link to it.
	DocumentID *uuid.UUID `json:"document_id"`
	koncern.Period
}

// Steering builds the steering map of post on day d; nil when the post
// does not exist that day.
func Steering(s *Snapshot, post uuid.UUID, d Day) *SteeringMap {
	return SteeringDuring(s, post, Span{d, d})
}

// SteeringDuring is the steering map of post over the days of span: every
// line into and out of it that holds on at least one of those days, the
// people who hold it on at least one, and the findings about it that hold
// on at least one, with their periods in full. A post's timeline is drawn
// from it. It is nil when the post exists on none of the days.
func SteeringDuring(s *Snapshot, post uuid.UUID, span Span) *SteeringMap {
	p := s.posts[post]
	if p == nil {
		return nil
	}
	if _, ok := SpanOf(p.Period).Intersect(span); !ok {
		return nil
	}
	during := func(per koncern.Period) bool { _, ok := SpanOf(per).Intersect(span); return ok }
	m := &SteeringMap{Post: s.postSubject(p), Role: p.Role, Holders: s.holdersDuring(p.ID, span),
		Incoming: map[string][]MapLine{}, Outgoing: map[string][]MapLine{}, Findings: []Finding{}}
	for _, l := range s.linesInto[p.ID] {
		if during(l.Period) {
			ch := s.channel(l, p)
			m.Incoming[ch] = append(m.Incoming[ch], s.mapLine(l))
		}
	}
	for _, l := range s.linesFrom[p.ID] {
		if during(l.Period) {
			ch := orgChannel(l)
			if to := s.posts[l.Target()]; to != nil {
				ch = s.channel(l, to)
			}
			m.Outgoing[ch] = append(m.Outgoing[ch], s.mapLine(l))
		}
	}
	sortMapLines(m.Incoming)
	sortMapLines(m.Outgoing)
	for _, f := range Findings(s, Filter{SubjectID: &p.ID}) {
		if f.spans.Overlaps(span) {
			m.Findings = append(m.Findings, f)
		}
	}
	return m
}

// channel classifies a line into post p the way the review reads it. A
// reporting line runs from the post or body reported to, often p's board,
// yet it is the chain of command, not the board's steering.
func (s *Snapshot) channel(l *koncern.SteeringLine, p *koncern.Post) string {
	switch {
	case l.Kind == "reporting":
		return "line"
	case l.Kind == "appraisal":
		return "appraisal"
	case l.Kind == "ownership_directive":
		return "ownership"
	case l.Kind == "direct_political":
		return "political"
	case s.fromCityManager(l):
		return "city_manager"
	case s.fromBoard(l, p):
		return "board"
	case l.Kind == "line_management" || l.Kind == "delegation":
		return "line"
	}
	return "other"
}

// fromBoard reports whether a line comes from p's board or its chair.
func (s *Snapshot) fromBoard(l *koncern.SteeringLine, p *koncern.Post) bool {
	board := s.board(p)
	if board == nil {
		return false
	}
	if l.Source() == board.ID {
		return true
	}
	from := s.fromPost(l)
	return from != nil && from.OrganizationID == board.ID && (from.Role == "chair" || from.Role == "vice_chair")
}

// orgChannel classifies a line that ends at an organisation.
func orgChannel(l *koncern.SteeringLine) string {
	switch l.Kind {
	case "ownership_directive":
		return "ownership"
	case "appraisal":
		return "appraisal"
	case "direct_political":
		return "political"
	case "line_management", "reporting", "delegation":
		return "line"
	}
	return "other"
}

func (s *Snapshot) mapLine(l *koncern.SteeringLine) MapLine {
	m := MapLine{ID: l.ID, Kind: l.Kind, Basis: l.Basis, From: s.subject(l.Source()), To: s.subject(l.Target()), Period: l.Period}
	if l.DocumentID != nil {
		if d := s.documents[*l.DocumentID]; d != nil {
			m.Document, m.DocumentID = &d.Title, &d.ID
		}
	}
	return m
}

func sortMapLines(m map[string][]MapLine) {
	for _, lines := range m {
		slices.SortFunc(lines, func(a, b MapLine) int {
			return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.From.Name, b.From.Name), cmp.Compare(a.To.Name, b.To.Name))
		})
	}
}
