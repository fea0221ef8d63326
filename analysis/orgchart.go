package analysis

import (
	"cmp"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// ChartNode is one organisation in an organisation chart, with its posts as
// they are held on the chart's day and its children below it.
type ChartNode struct {
	ID       uuid.UUID    `json:"id"`
	Name     string       `json:"name"`
	Kind     string       `json:"kind"`
	Posts    []ChartPost  `json:"posts"`
	Findings []string     `json:"findings"`
	Children []*ChartNode `json:"children"`
}

// ChartPost is a post and the people holding it on the chart's day.
type ChartPost struct {
	ID        uuid.UUID `json:"id"`
	Title     string    `json:"title"`
	Role      string    `json:"role"`
	Political bool      `json:"political"`
	Holders   []string  `json:"holders"`
	Findings  []string  `json:"findings"`
}

// OrgChart draws the administrative tree below root as it stood on day d,
// marking each organisation and post with the rules that hold for it that
// day. It returns nil when root does not exist on that day.
func OrgChart(s *Snapshot, root uuid.UUID, d Day) *ChartNode {
	o := s.orgs[root]
	if o == nil || !SpanOf(o.Period).Contains(d) {
		return nil
	}
	flags := findingsOn(s, d)
	return s.chartNode(o, d, flags, 0)
}

// findingsOn maps each subject to the rules that hold for it on day d.
func findingsOn(s *Snapshot, d Day) map[uuid.UUID][]string {
	out := map[uuid.UUID][]string{}
	for _, f := range Findings(s, Filter{}) {
		if f.spans.Overlaps(Span{d, d}) && !slices.Contains(out[f.Subject.ID], f.Rule) {
			out[f.Subject.ID] = append(out[f.Subject.ID], f.Rule)
		}
	}
	return out
}

// maxDepth bounds the chart; a registry refuses cycles, so this only
// guards against a corrupt snapshot.
const maxDepth = 64

func (s *Snapshot) chartNode(o *koncern.Organization, d Day, flags map[uuid.UUID][]string, depth int) *ChartNode {
	n := &ChartNode{ID: o.ID, Name: o.Name, Kind: o.Kind, Findings: nonNil(flags[o.ID]), Posts: []ChartPost{}, Children: []*ChartNode{}}
	for _, p := range s.postsByOrg[o.ID] {
		if SpanOf(p.Period).Contains(d) {
			n.Posts = append(n.Posts, ChartPost{ID: p.ID, Title: p.Title, Role: p.Role, Political: p.Political,
				Holders: s.holdersOn(p.ID, d), Findings: nonNil(flags[p.ID])})
		}
	}
	slices.SortFunc(n.Posts, func(a, b ChartPost) int {
		return cmp.Or(cmp.Compare(rolePriority(a.Role), rolePriority(b.Role)), cmp.Compare(a.Title, b.Title))
	})
	if depth >= maxDepth {
		return n
	}
	for _, c := range s.children[o.ID] {
		if SpanOf(c.Period).Contains(d) {
			n.Children = append(n.Children, s.chartNode(c, d, flags, depth+1))
		}
	}
	slices.SortFunc(n.Children, func(a, b *ChartNode) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name)) })
	return n
}

// holdersOn names the people who hold a post on day d.
func (s *Snapshot) holdersOn(post uuid.UUID, d Day) []string {
	return s.holdersDuring(post, Span{d, d})
}

// holdersDuring names the people who hold a post on at least one day of
// span.
func (s *Snapshot) holdersDuring(post uuid.UUID, span Span) []string {
	people := s.PeopleHolding(post, span)
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.Name
	}
	return names
}

// PeopleHolding lists the people who hold post on at least one day of
// span, by name, each once.
func (s *Snapshot) PeopleHolding(post uuid.UUID, span Span) []*koncern.Person {
	var out []*koncern.Person
	for _, a := range s.assignmentsByPost[post] {
		if _, ok := SpanOf(a.Period).Intersect(span); !ok {
			continue
		}
		if p := s.people[a.PersonID]; p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *koncern.Person) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	return out
}

// rolePriority lists leaders before members in a chart.
func rolePriority(role string) int {
	order := []string{"city_manager", "head", "ceo", "chair", "vice_chair", "commissioner", "member", "deputy", "lay_auditor", "secretary", "officer"}
	if i := slices.Index(order, role); i >= 0 {
		return i
	}
	return len(order)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
