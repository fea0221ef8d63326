package importer_test

import (
	"context"
	"testing"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// TestCitesDocumentInRegistry imports lines that cite a decision the file
// does not hold but the registry does, once by its reference and once by
// its title: both find it.
func TestCitesDocumentInRegistry(t *testing.T) {
	im := newImporter(t)
	if _, ps := importXLSX(t, im, group().xlsx(t), false); ps != nil {
		t.Fatalf("import: %v", ps.AsError())
	}
	g := group()
	header := g["steering_lines"][0]
	lines := sheets{"steering_lines": {header,
		{"", "Tekniska nämnden", "Ordförande", "", "Tekniska kontoret", "Förvaltningschef", "mandate", "formal", "KF 2003-12", "", "2004-01-01", ""},
		{"", "Tekniska nämnden", "Ordförande", "", "Tekniska kontoret", "Förvaltningschef", "appraisal", "formal", "Ägardirektiv för Energi AB", "", "2004-01-01", ""},
	}}
	res, ps := importXLSX(t, im, lines.xlsx(t), false)
	if ps != nil {
		t.Fatalf("import citing the registry's document: %v", ps.AsError())
	}
	if got := res.Sheets["steering_lines"]; got.Created != 2 {
		t.Fatalf("steering_lines: %+v, want 2 created", got)
	}
	ctx := viewer.System(context.Background())
	docs, err := im.Registry.ListDocuments(ctx, registry.DocumentFilter{ListOptions: registry.ListOptions{History: true}})
	must(t, err)
	if len(docs.Items) != 1 {
		t.Fatalf("%d documents, want the one the first import made", len(docs.Items))
	}
	for _, kind := range []string{"mandate", "appraisal"} {
		ls, err := im.Registry.ListSteeringLines(ctx, registry.SteeringLineFilter{Kind: kind, ListOptions: registry.ListOptions{History: true}})
		must(t, err)
		if len(ls.Items) != 1 || ls.Items[0].DocumentID == nil || *ls.Items[0].DocumentID != docs.Items[0].ID {
			t.Errorf("%s line: %+v, want one citing %s", kind, ls.Items, docs.Items[0].ID)
		}
	}
}
