package apidocs

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownRenderer reads the descriptions of the contract as GitHub
// Flavored Markdown (CommonMark with tables, which the description of
// authentication and roles uses, strikethrough, task lists and bare links),
// as the other tools that read the contract do.
//
// It is left safe, goldmark's default: raw HTML in a description is omitted
// and links to javascript: and the like are dropped, so the text of the
// contract cannot add markup or script of its own to the page. No
// description relies on raw HTML. It writes XHTML, so that the page stays
// well-formed XML.
var markdownRenderer = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingsBelowPage{}, 100))),
	goldmark.WithRendererOptions(html.WithXHTML()),
)

// markdown renders one description as HTML.
func markdown(source string) template.HTML {
	var buf bytes.Buffer
	if err := markdownRenderer.Convert([]byte(source), &buf); err != nil {
		// Convert fails only when its writer does, which a bytes.Buffer
		// never does; the text, escaped, is the safe answer all the same.
		return template.HTML(template.HTMLEscapeString(source)) // #nosec G203 -- escaped.
	}
	return template.HTML(buf.String()) // #nosec G203 -- goldmark escapes text and omits raw HTML.
}

// headingsBelowPage moves every heading of a description one level down,
// so that a description's "## Dates" is an h3 beneath the page's own h1
// and h2 sections rather than beside them.
type headingsBelowPage struct{}

func (headingsBelowPage) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+1, 6)
		}
		return ast.WalkContinue, nil
	})
}
