// Package render draws the registry's reports for people: Graphviz DOT
// text built here, and SVG laid out by Graphviz compiled to WebAssembly, so
// no system package is needed.
package render

import (
	"fmt"
	"slices"
	"strings"
)

// Graph is a drawing in the making: nodes and edges with their Graphviz
// attributes, written out as DOT by String.
type Graph struct {
	b     strings.Builder
	title string
}

// NewGraph starts a directed graph with a title and the house style.
func NewGraph(title, rankdir string) *Graph {
	g := &Graph{title: title}
	fmt.Fprintf(&g.b, "digraph %s {\n", quote("koncernregistret"))
	fmt.Fprintf(&g.b, "  graph [label=%s, labelloc=t, fontname=%s, fontsize=16, rankdir=%s, nodesep=0.3, ranksep=0.5];\n",
		quote(title), quote("Helvetica"), rankdir)
	fmt.Fprintf(&g.b, "  node [shape=box, style=\"rounded,filled\", fillcolor=%s, fontname=%s, fontsize=10];\n", quote("#f4f6f8"), quote("Helvetica"))
	fmt.Fprintf(&g.b, "  edge [fontname=%s, fontsize=9];\n", quote("Helvetica"))
	return g
}

// Attrs are Graphviz attributes of one node or edge.
type Attrs map[string]string

// Node adds a node.
func (g *Graph) Node(id string, attrs Attrs) {
	fmt.Fprintf(&g.b, "  %s%s;\n", quote(id), attrs.dot())
}

// Edge adds an edge.
func (g *Graph) Edge(from, to string, attrs Attrs) {
	fmt.Fprintf(&g.b, "  %s -> %s%s;\n", quote(from), quote(to), attrs.dot())
}

// String closes the graph and returns its DOT text.
func (g *Graph) String() string { return g.b.String() + "}\n" }

// dot writes attributes in a fixed order, so that the same report always
// gives the same text.
func (a Attrs) dot() string {
	if len(a) == 0 {
		return ""
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + quote(a[k])
	}
	return " [" + strings.Join(parts, ", ") + "]"
}

// quote writes a DOT string. Inside double quotes only the quote and the
// backslash need escaping; a line break in a label becomes DOT's \n.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + s + `"`
}
