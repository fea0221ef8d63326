package analysis

import (
	"sync"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Data is the graph as loaded: every record that holds on at least one day
// of the window. Loading it is the registry's job.
type Data struct {
	// Municipality is the group the data was loaded for, nil for the whole
	// registry. Records from outside it may be present as the far ends of
	// the group's lines and stakes; they inform the group's findings but
	// are not judged themselves.
	Municipality *uuid.UUID

	Organizations []koncern.Organization
	People        []koncern.Person
	Posts         []koncern.Post
	Assignments   []koncern.Assignment
	Stakes        []koncern.Stake
	Lines         []koncern.SteeringLine
	Documents     []koncern.Document

	// Capital holds the dated share capital of the companies; a company
	// without periods has its organisation's totals for its whole life.
	Capital []koncern.ShareCapital

	// Past is the same group's ownership loaded over ReviewReach(window),
	// when the window does not reach back that far: the annual review of
	// a year asks who controlled the companies then, which a window of
	// one day in a later year does not hold. It needs, and the registry
	// loads, only the organisations that may hold shares and those at the
	// ends of the stakes, the stakes and the share capital; the decisions
	// are the window's own Documents. Nil when not needed.
	Past *Data
}

// Snapshot is an immutable view of the graph over a window of days, with
// the indexes the rules walk. Nothing in it changes after NewSnapshot, so
// one snapshot can serve many concurrent analyses.
type Snapshot struct {
	window Span
	data   Data

	orgs      map[uuid.UUID]*koncern.Organization
	people    map[uuid.UUID]*koncern.Person
	posts     map[uuid.UUID]*koncern.Post
	documents map[uuid.UUID]*koncern.Document

	postsByOrg        map[uuid.UUID][]*koncern.Post
	children          map[uuid.UUID][]*koncern.Organization
	assignmentsByPost map[uuid.UUID][]*koncern.Assignment
	assignmentsByWho  map[uuid.UUID][]*koncern.Assignment
	linesInto         map[uuid.UUID][]*koncern.SteeringLine
	linesFrom         map[uuid.UUID][]*koncern.SteeringLine
	stakesInto        map[uuid.UUID][]*koncern.Stake
	stakesFrom        map[uuid.UUID][]*koncern.Stake
	capital           map[uuid.UUID][]koncern.ShareCapital
	// referrers are the documents that refer to (adopt, approve, answer)
	// each document; docsAbout the documents that name an organisation
	// among their subjects or are issued by it.
	referrers map[uuid.UUID][]*koncern.Document
	docsAbout map[uuid.UUID][]*koncern.Document

	// past is the snapshot of Data.Past over ReviewReach(window), or nil.
	past *Snapshot

	// subsidiaryDays are the days each company is controlled, worked out
	// on first need (subsidiaries); a snapshot serves concurrent analyses.
	subsidiariesOnce sync.Once
	subsidiaryDays   map[uuid.UUID]Spans
}

// NewSnapshot indexes data for analysis over window.
func NewSnapshot(window koncern.Period, data Data) *Snapshot {
	// The maps are sized up front: at national scale rehashing them as they
	// grow costs more than filling them.
	nOrg, nPost, nLine := len(data.Organizations), len(data.Posts), len(data.Lines)
	s := &Snapshot{
		window: SpanOf(window), data: data,
		orgs: make(map[uuid.UUID]*koncern.Organization, nOrg), people: make(map[uuid.UUID]*koncern.Person, len(data.People)),
		posts: make(map[uuid.UUID]*koncern.Post, nPost), documents: make(map[uuid.UUID]*koncern.Document, len(data.Documents)),
		postsByOrg: make(map[uuid.UUID][]*koncern.Post, nOrg), children: make(map[uuid.UUID][]*koncern.Organization, nOrg),
		assignmentsByPost: make(map[uuid.UUID][]*koncern.Assignment, nPost), assignmentsByWho: make(map[uuid.UUID][]*koncern.Assignment, len(data.People)),
		linesInto: make(map[uuid.UUID][]*koncern.SteeringLine, nLine), linesFrom: make(map[uuid.UUID][]*koncern.SteeringLine, nLine),
		stakesInto: make(map[uuid.UUID][]*koncern.Stake, len(data.Stakes)), stakesFrom: make(map[uuid.UUID][]*koncern.Stake, len(data.Stakes)),
		capital:   map[uuid.UUID][]koncern.ShareCapital{},
		referrers: map[uuid.UUID][]*koncern.Document{}, docsAbout: map[uuid.UUID][]*koncern.Document{},
	}
	s.indexNodes()
	s.indexEdges()
	if reach, ok := ReviewReach(window); ok && data.Past != nil {
		s.past = NewSnapshot(reach, *data.Past)
	}
	return s
}

func (s *Snapshot) indexNodes() {
	for i := range s.data.Organizations {
		o := &s.data.Organizations[i]
		s.orgs[o.ID] = o
		if o.ParentID != nil {
			s.children[*o.ParentID] = append(s.children[*o.ParentID], o)
		}
	}
	for i := range s.data.People {
		s.people[s.data.People[i].ID] = &s.data.People[i]
	}
	for i := range s.data.Posts {
		p := &s.data.Posts[i]
		s.posts[p.ID] = p
		s.postsByOrg[p.OrganizationID] = append(s.postsByOrg[p.OrganizationID], p)
	}
	for i := range s.data.Documents {
		s.indexDocument(&s.data.Documents[i])
	}
	for _, c := range s.data.Capital {
		s.capital[c.CompanyID] = append(s.capital[c.CompanyID], c)
	}
}

// indexDocument files a document by id, by the document it refers to and
// by the organisations it concerns: its subjects and its issuer.
func (s *Snapshot) indexDocument(d *koncern.Document) {
	s.documents[d.ID] = d
	if d.RefersToID != nil {
		s.referrers[*d.RefersToID] = append(s.referrers[*d.RefersToID], d)
	}
	s.docsAbout[d.IssuerID] = append(s.docsAbout[d.IssuerID], d)
	for _, id := range d.SubjectIDs {
		if id != d.IssuerID {
			s.docsAbout[id] = append(s.docsAbout[id], d)
		}
	}
}

// CapitalOn returns a company's total shares and votes on day d: those of
// its capital period that day, else its organisation's totals.
func (s *Snapshot) CapitalOn(c *koncern.Organization, d Day) (shares, votes *int64) {
	return koncern.CapitalOn(*c, s.capital[c.ID], d.Date())
}

// capitalSpans weighs each day of a company's life with minus its total
// shares, so that adding the shares held gives zero where it is wholly
// owned. Days of no capital period have the organisation's totals.
func (s *Snapshot) capitalSpans(c *koncern.Organization) []Weighted {
	var out []Weighted
	var dated Spans
	for _, p := range s.capital[c.ID] {
		out = append(out, Weighted{SpanOf(p.Period), -p.TotalShares})
		dated = append(dated, SpanOf(p.Period))
	}
	if c.TotalShares != nil {
		for _, x := range (Spans{SpanOf(c.Period)}).Minus(Normalize(dated)) {
			out = append(out, Weighted{x, -*c.TotalShares})
		}
	}
	return out
}

func (s *Snapshot) indexEdges() {
	for i := range s.data.Assignments {
		a := &s.data.Assignments[i]
		s.assignmentsByPost[a.PostID] = append(s.assignmentsByPost[a.PostID], a)
		s.assignmentsByWho[a.PersonID] = append(s.assignmentsByWho[a.PersonID], a)
	}
	for i := range s.data.Lines {
		l := &s.data.Lines[i]
		s.linesFrom[l.Source()] = append(s.linesFrom[l.Source()], l)
		s.linesInto[l.Target()] = append(s.linesInto[l.Target()], l)
	}
	for i := range s.data.Stakes {
		st := &s.data.Stakes[i]
		s.stakesInto[st.CompanyID] = append(s.stakesInto[st.CompanyID], st)
		s.stakesFrom[st.OwnerID] = append(s.stakesFrom[st.OwnerID], st)
	}
}

// Window is the span of days the snapshot covers.
func (s *Snapshot) Window() Span { return s.window }

// Data returns the records the snapshot was built from; callers must not
// change them.
func (s *Snapshot) Data() *Data { return &s.data }

// Organization returns an organisation by id, or nil.
func (s *Snapshot) Organization(id uuid.UUID) *koncern.Organization { return s.orgs[id] }

// Person returns a person by id, or nil.
func (s *Snapshot) Person(id uuid.UUID) *koncern.Person { return s.people[id] }

// Post returns a post by id, or nil.
func (s *Snapshot) Post(id uuid.UUID) *koncern.Post { return s.posts[id] }

// Document returns a document by id, or nil.
func (s *Snapshot) Document(id uuid.UUID) *koncern.Document { return s.documents[id] }

// PostsOf returns the posts of an organisation.
func (s *Snapshot) PostsOf(org uuid.UUID) []*koncern.Post { return s.postsByOrg[org] }

// ChildrenOf returns the organisations whose administrative parent is org.
func (s *Snapshot) ChildrenOf(org uuid.UUID) []*koncern.Organization { return s.children[org] }

// HoldersOf returns the assignments of a post.
func (s *Snapshot) HoldersOf(post uuid.UUID) []*koncern.Assignment { return s.assignmentsByPost[post] }

// AssignmentsOf returns the assignments of a person.
func (s *Snapshot) AssignmentsOf(person uuid.UUID) []*koncern.Assignment {
	return s.assignmentsByWho[person]
}

// LinesInto returns the steering lines that end at a post or organisation.
func (s *Snapshot) LinesInto(id uuid.UUID) []*koncern.SteeringLine { return s.linesInto[id] }

// LinesFrom returns the steering lines that start at a post or organisation.
func (s *Snapshot) LinesFrom(id uuid.UUID) []*koncern.SteeringLine { return s.linesFrom[id] }

// OwnersOf returns the stakes held in a company.
func (s *Snapshot) OwnersOf(company uuid.UUID) []*koncern.Stake { return s.stakesInto[company] }

// HoldingsOf returns the stakes an organisation holds.
func (s *Snapshot) HoldingsOf(owner uuid.UUID) []*koncern.Stake { return s.stakesFrom[owner] }

// Valid returns the days of the window on which a period holds.
func (s *Snapshot) Valid(p koncern.Period) Spans {
	if x, ok := SpanOf(p).Intersect(s.window); ok {
		return Spans{x}
	}
	return nil
}

// ValidAll returns the days of the window on which any of the periods
// holds.
func (s *Snapshot) ValidAll(periods ...koncern.Period) Spans {
	spans := make([]Span, 0, len(periods))
	for _, p := range periods {
		spans = append(spans, SpanOf(p))
	}
	return Normalize(spans).Intersect(Spans{s.window})
}

// Held returns the days on which someone holds the post.
func (s *Snapshot) Held(post uuid.UUID) Spans { return validOf(s, s.assignmentsByPost[post]) }

// spanned is any record with a validity period.
type spanned interface{ Span() koncern.Period }

// validOf returns the days of the window on which any of the records holds.
func validOf[T spanned](s *Snapshot, records []T) Spans {
	periods := make([]koncern.Period, len(records))
	for i, r := range records {
		periods[i] = r.Span()
	}
	return s.ValidAll(periods...)
}

// inScope reports whether a record of municipality m belongs to the group
// the snapshot was loaded for.
func (s *Snapshot) inScope(m *uuid.UUID) bool {
	if s.data.Municipality == nil {
		return true
	}
	return m != nil && *m == *s.data.Municipality
}

// subjectInScope reports whether a finding's subject belongs to the group.
func (s *Snapshot) subjectInScope(id uuid.UUID) bool {
	if p := s.posts[id]; p != nil {
		return s.inScope(p.MunicipalityID)
	}
	if o := s.orgs[id]; o != nil {
		return s.inScope(o.MunicipalityID)
	}
	return s.data.Municipality == nil
}
