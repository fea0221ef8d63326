package web

import (
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// documentData is what a document's page shows: the decision, who made
// it, and the steering lines it grounds on the page's day.
type documentData struct {
	Doc    koncern.Document
	Issuer nodeLink
	Lines  []citingLine
	// Subjects are the organisations the document concerns; RefersTo the
	// document it adopts or answers, and Referrers those that adopt,
	// approve or answer it.
	Subjects  []nodeLink
	RefersTo  *nodeLink
	Referrers []nodeLink
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
	if err := s.documentLinks(c, snap, &d); err != nil {
		return err
	}
	return s.render(c, "document", s.newPage(c, doc.Title, d))
}

// documentLinks names the organisations a document concerns, the document
// it refers to and those of its group that refer to it. The registry is
// asked only for what the day's snapshot does not hold: a company an
// annual review covers may have been wound up since.
func (s *Site) documentLinks(c echo.Context, snap *analysis.Snapshot, d *documentData) error {
	ctx := c.Request().Context()
	for _, id := range d.Doc.SubjectIDs {
		o := snap.Organization(id)
		if o == nil {
			got, err := s.cfg.Registry.GetOrganization(ctx, id)
			if err != nil {
				return err
			}
			o = &got
		}
		d.Subjects = append(d.Subjects, nodeLink{Name: o.Name, Path: "/organizations/" + id.String()})
	}
	if ref := d.Doc.RefersToID; ref != nil {
		r := snap.Document(*ref)
		if r == nil {
			got, err := s.cfg.Registry.GetDocument(ctx, *ref)
			if err != nil {
				return err
			}
			r = &got
		}
		d.RefersTo = &nodeLink{Name: r.Title, Path: "/documents/" + ref.String()}
	}
	for _, x := range snap.Data().Documents {
		if x.RefersToID != nil && *x.RefersToID == d.Doc.ID {
			d.Referrers = append(d.Referrers, nodeLink{Name: x.Title, Path: "/documents/" + x.ID.String()})
		}
	}
	slices.SortFunc(d.Referrers, func(a, b nodeLink) int { return strings.Compare(a.Name, b.Name) })
	return nil
}
