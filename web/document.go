package web

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// documentData is what a document's page shows: the decision, who made
// it, and the steering lines it grounds on the page's day.
type documentData struct {
	Doc    koncern.Document
	Issuer nodeLink
	Lines  []citingLine
}

// citingLine is a steering line whose decision the document is, both of
// its ends named.
type citingLine struct {
	Line     *koncern.SteeringLine
	From, To nodeLink
}

func (s *Site) documentPage(c echo.Context) error {
	req, err := s.readRecord(c)
	if err != nil {
		return err
	}
	id, day := req.ID, req.Day
	ctx := c.Request().Context()
	doc, err := s.cfg.Registry.GetDocument(ctx, id)
	if err != nil {
		return err
	}
	// The lines citing a document are those of its municipality's group,
	// which the day's snapshot holds already: no list of the registry
	// filters lines by document.
	snap, err := s.snapshot(ctx, doc.MunicipalityID, dayWindow(day))
	if err != nil {
		return err
	}
	issuer, err := s.cfg.Registry.GetOrganization(ctx, doc.IssuerID)
	if err != nil {
		return err
	}
	names := snapNames{snap}
	d := documentData{Doc: doc, Issuer: nodeLink{Path: "/organizations/" + issuer.ID.String(), Name: issuer.Name}}
	for i := range snap.Data().Lines {
		l := &snap.Data().Lines[i]
		if l.DocumentID != nil && *l.DocumentID == id {
			d.Lines = append(d.Lines, citingLine{Line: l, From: names.end(l.FromPostID, l.FromOrganizationID), To: names.end(l.ToPostID, l.ToOrganizationID)})
		}
	}
	slices.SortFunc(d.Lines, func(a, b citingLine) int { return strings.Compare(a.From.Name+a.To.Name, b.From.Name+b.To.Name) })
	return s.render(c, "document", s.newPage(c, doc.Title, d))
}
