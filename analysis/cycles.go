package analysis

import (
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// chainEdge is a line of the chain of command read as "superior over
// subordinate". Every line runs from its steering end to its steered end,
// so a line-management line runs from the manager and a reporting line
// from the post reported to: both already point down the chain.
type chainEdge struct {
	up, down uuid.UUID
	line     *koncern.SteeringLine
}

func (s *Snapshot) chainEdges() []chainEdge {
	var out []chainEdge
	for i := range s.data.Lines {
		if l := &s.data.Lines[i]; l.Kind == "line_management" || l.Kind == "reporting" {
			out = append(out, chainEdge{up: l.Source(), down: l.Target(), line: l})
		}
	}
	return out
}

// checkReportingCycle finds circles in the chain of command. Only a
// strongly connected part of the graph of all lines, whatever their dates,
// can hold a circle on some day; each such part is then cut into the runs
// of days on which the same lines hold, and each run searched for circles.
func checkReportingCycle(r *Rule, s *Snapshot) []Finding {
	edges := s.chainEdges()
	var out []Finding
	for _, part := range components(edges) {
		out = append(out, s.cyclesIn(r, part)...)
	}
	return out
}

// cycle collects, for one set of nodes in a circle, the days and lines.
type cycle struct {
	nodes []uuid.UUID
	days  []Span
	lines map[uuid.UUID]*koncern.SteeringLine
}

func (s *Snapshot) cyclesIn(r *Rule, part []chainEdge) []Finding {
	found := map[string]*cycle{}
	var keys []string
	for _, seg := range segments(s.window, part) {
		active := activeOn(part, seg.From)
		for _, comp := range components(active) {
			nodes := componentNodes(comp)
			key := nodeKey(nodes)
			c, ok := found[key]
			if !ok {
				c = &cycle{nodes: nodes, lines: map[uuid.UUID]*koncern.SteeringLine{}}
				found[key] = c
				keys = append(keys, key)
			}
			c.days = append(c.days, seg)
			for _, e := range comp {
				c.lines[e.line.ID] = e.line
			}
		}
	}
	var out []Finding
	for _, key := range keys {
		if f, ok := s.cycleFinding(r, found[key]); ok {
			out = append(out, f)
		}
	}
	return out
}

func (s *Snapshot) cycleFinding(r *Rule, c *cycle) (Finding, bool) {
	names := make([]string, len(c.nodes))
	for i, id := range c.nodes {
		names[i] = s.nodeName(id)
	}
	slices.Sort(names)
	lines := make([]*koncern.SteeringLine, 0, len(c.lines))
	for _, l := range c.lines {
		lines = append(lines, l)
	}
	first := c.nodes[0]
	for _, id := range c.nodes {
		if s.nodeName(id) == names[0] {
			first = id
		}
	}
	return newFinding(r, Normalize(c.days), func() (Subject, string, []Evidence) {
		return s.subject(first), "line management and reporting run in a circle: " + strings.Join(names, ", "), s.linesEvidence(lines)
	})
}

// segments cuts the window into the runs of days on which the same lines
// of part hold.
func segments(window Span, part []chainEdge) []Span {
	spans := make([]Span, len(part))
	for i, e := range part {
		spans[i] = SpanOf(e.line.Period)
	}
	return cut(window, spans)
}

func activeOn(part []chainEdge, day Day) []chainEdge {
	var out []chainEdge
	for _, e := range part {
		if SpanOf(e.line.Period).Contains(day) {
			out = append(out, e)
		}
	}
	return out
}

// components returns, for each strongly connected set of two or more
// nodes, the edges that run inside it (Tarjan's algorithm).
func components(edges []chainEdge) [][]chainEdge {
	adj := map[uuid.UUID][]uuid.UUID{}
	var nodes []uuid.UUID
	for _, e := range edges {
		for _, n := range []uuid.UUID{e.up, e.down} {
			if _, ok := adj[n]; !ok {
				adj[n] = nil
				nodes = append(nodes, n)
			}
		}
		adj[e.up] = append(adj[e.up], e.down)
	}
	comp := tarjan(nodes, adj)
	inside := map[int][]chainEdge{}
	var order []int
	for _, e := range edges {
		c := comp[e.up]
		if c >= 0 && c == comp[e.down] {
			if _, ok := inside[c]; !ok {
				order = append(order, c)
			}
			inside[c] = append(inside[c], e)
		}
	}
	out := make([][]chainEdge, len(order))
	for i, c := range order {
		out[i] = inside[c]
	}
	return out
}

// tarjan numbers the strongly connected components of the graph; nodes in
// a component of their own get -1.
func tarjan(nodes []uuid.UUID, adj map[uuid.UUID][]uuid.UUID) map[uuid.UUID]int {
	t := &tarjanState{adj: adj, index: map[uuid.UUID]int{}, low: map[uuid.UUID]int{}, on: map[uuid.UUID]bool{}, comp: map[uuid.UUID]int{}}
	for _, n := range nodes {
		if _, seen := t.index[n]; !seen {
			t.visit(n)
		}
	}
	return t.comp
}

type tarjanState struct {
	adj   map[uuid.UUID][]uuid.UUID
	index map[uuid.UUID]int
	low   map[uuid.UUID]int
	on    map[uuid.UUID]bool
	stack []uuid.UUID
	comp  map[uuid.UUID]int
	next  int
	comps int
}

func (t *tarjanState) visit(v uuid.UUID) {
	t.index[v], t.low[v] = t.next, t.next
	t.next++
	t.stack = append(t.stack, v)
	t.on[v] = true
	for _, w := range t.adj[v] {
		if _, seen := t.index[w]; !seen {
			t.visit(w)
			t.low[v] = min(t.low[v], t.low[w])
		} else if t.on[w] {
			t.low[v] = min(t.low[v], t.index[w])
		}
	}
	if t.low[v] == t.index[v] {
		t.pop(v)
	}
}

// pop takes one finished component off the stack.
func (t *tarjanState) pop(root uuid.UUID) {
	var members []uuid.UUID
	for {
		w := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[w] = false
		members = append(members, w)
		if w == root {
			break
		}
	}
	id := -1
	if len(members) > 1 {
		id = t.comps
		t.comps++
	}
	for _, m := range members {
		t.comp[m] = id
	}
}

func componentNodes(edges []chainEdge) []uuid.UUID {
	set := map[uuid.UUID]bool{}
	for _, e := range edges {
		set[e.up], set[e.down] = true, true
	}
	out := make([]uuid.UUID, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return out
}

func nodeKey(nodes []uuid.UUID) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = n.String()
	}
	return strings.Join(parts, ",")
}
