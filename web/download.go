package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
)

// graphvizIDTitle is the <title> Graphviz gives a node or edge named by
// ids, and the graph's, named after the registry by render.NewGraph.
var graphvizIDTitle = regexp.MustCompile(`<title>(?:koncernregistret|` + uuidPattern + `(?:&#45;&gt;` + uuidPattern + `)?)</title>\n?`)

const uuidPattern = `[0-9a-f]{8}(?:&#45;|-)[0-9a-f]{4}(?:&#45;|-)[0-9a-f]{4}(?:&#45;|-)[0-9a-f]{4}(?:&#45;|-)[0-9a-f]{12}`

// Media types of the downloads.
const (
	mimeCSV  = "text/csv; charset=utf-8"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeSVG  = "image/svg+xml"
)

// download reads ?format= of a page that offers its tables or its
// drawing as a file: "" for the page itself, or one of offered.
func download(c echo.Context, offered ...string) (string, error) {
	f := c.QueryParam("format")
	if f == "" {
		return "", nil
	}
	for _, o := range offered {
		if f == o {
			return f, nil
		}
	}
	return "", koncern.Invalid("format", "must be one of %v, got %q", offered, f)
}

// writeTable sends a page's table as CSV or as a one-sheet XLSX workbook,
// written as the exports write theirs (formulas escaped), the workbook
// with typed cells, a frozen header and a filter, streamed.
func writeTable(c echo.Context, format, name string, t analysis.Table) error {
	reg := exchange.Register{Name: name, Table: t}
	h := c.Response().Header()
	switch format {
	case "csv":
		h.Set(echo.HeaderContentType, mimeCSV)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.csv"`, name))
		c.Response().WriteHeader(http.StatusOK)
		return exchange.WriteCSV(c.Response(), reg)
	case "xlsx":
		book, err := exchange.NewBook([]exchange.Register{reg})
		if err != nil {
			return err
		}
		defer book.Close()
		h.Set(echo.HeaderContentType, mimeXLSX)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
		c.Response().WriteHeader(http.StatusOK)
		_, err = book.WriteTo(c.Response())
		return err
	}
	return koncern.Invalid("format", "a table is offered as csv or xlsx, not %q", format)
}

// drawing lays out a Graphviz drawing as SVG.
func (s *Site) drawing(c echo.Context, dot string) ([]byte, error) {
	return s.cfg.SVG.Render(c.Request().Context(), dot)
}

// writeSVG sends a drawing as an SVG file.
func writeSVG(c echo.Context, name string, svg []byte) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.svg"`, name))
	return c.Blob(http.StatusOK, mimeSVG, svg)
}

// inlineSVG is a drawing to put inside a page: the <svg> element without
// the XML declaration and doctype Graphviz writes before it. The SVG comes
// from Graphviz, which escapes the names it was given, so the markup is
// trusted as it stands.
//
// Graphviz titles every node and edge with its name in the DOT text, which
// in the registry's drawings is a record's id (an edge's, two joined by an
// arrow), and the graph itself with the name render gives every graph. A
// browser shows a title on hover and reads it out, so those are dropped: a
// linked node keeps its name as its link's title.
func inlineSVG(svg []byte) template.HTML {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	svg = graphvizIDTitle.ReplaceAll(svg, nil)
	return template.HTML(svg) // #nosec G203 -- Graphviz's own output, its labels escaped by it.
}
