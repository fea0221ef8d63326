package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange/exchangetest"
	"github.com/koncernregistret/koncern/registry"
)

// The demo's records the tests look at.
const (
	rådhus     = "Jönköpings Rådhus AB"
	innovation = "Jönköpings Innovationsbolag AB (illustrativt)"
	external   = "Regionala Utvecklingsbolaget AB (illustrativt)"
	elmia      = "Elmia AB"
	directive  = "Gemensamt ägardirektiv för de kommunala bolagen"
	// nb is the no-break space between a number and its per cent sign.
	nb = "\u00a0"
)

// orgID is the id of the demo's organisation called name.
func (h *harness) orgID(name string) string {
	h.t.Helper()
	page, err := h.Reg.ListOrganizations(adminContext(), registry.OrganizationFilter{Query: name,
		ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, o := range page.Items {
		if o.Name == name {
			return o.ID.String()
		}
	}
	h.t.Fatalf("no organisation %q", name)
	return ""
}

// personID is the id of the demo's person called name.
func (h *harness) personID(name string) string {
	h.t.Helper()
	page, err := h.Reg.ListPeople(adminContext(), registry.PersonFilter{Query: name,
		ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.Name == name {
			return p.ID.String()
		}
	}
	h.t.Fatalf("no person %q", name)
	return ""
}

// documentID is the id of the demo's document titled title.
func (h *harness) documentID(title string) string {
	h.t.Helper()
	page, err := h.Reg.ListDocuments(adminContext(), registry.DocumentFilter{Query: title,
		ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range page.Items {
		if d.Title == title {
			return d.ID.String()
		}
	}
	h.t.Fatalf("no document %q", title)
	return ""
}

// contains fails t for each of wants that body lacks.
func contains(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func lacks(t testing.TB, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s has %q", what, w)
		}
	}
}

func TestOrganizationPage(t *testing.T) {
	h := newHarness(t)
	reader := h.signedIn(koncern.AccessReader)
	t.Run("OwnersWithPercentages", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.page(c.get("/organizations/" + h.orgID(innovation) + "?at=2003-10-01"))
		contains(t, "the company's page", body,
			"<h1>"+innovation+"</h1>",
			`href="/organizations/`+h.orgID(rådhus)+`?at=2003-10-01">`+rådhus+`</a>`,
			`href="/organizations/`+h.orgID(external)+`?at=2003-10-01">`+external+`</a>`,
			`<abbr title="6000/10000">60,00`+nb+`%</abbr>`, `<abbr title="15000/19000">78,95`+nb+`%</abbr>`,
			`<abbr title="4000/10000">40,00`+nb+`%</abbr>`, `<abbr title="4000/19000">21,05`+nb+`%</abbr>`,
			"10\u00a0000", "19\u00a0000", // the capital
			`href="/people/`+h.personID("Linda Falk")+`?at=2003-10-01">Linda Falk</a>`,
			"Verkställande direktör")
		lacks(t, "a reader's page", body, "/edit", "/end", "/stakes/new")
	})
	t.Run("Holdings", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.page(c.get("/organizations/" + h.orgID(rådhus)))
		contains(t, "the holding company's page", body,
			`href="/organizations/`+h.orgID(elmia)+`">`+elmia+`</a>`, `<abbr title="10000/10000">100,00`+nb+`%</abbr>`,
			`href="/organizations/`+h.orgID(innovation)+`">`+innovation+`</a>`, `<abbr title="6000/10000">60,00`+nb+`%</abbr>`,
			"Jönköpings kommun") // its owner
	})
	t.Run("LinesAndFindings", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.page(c.get("/organizations/" + h.orgID(elmia) + "?at=2003-10-01"))
		contains(t, "Elmia's page", body,
			"Ägardirektiv", "Tillsättning", "Formellt beslut", // the kinds and bases of its lines, in Swedish
			`href="/organizations/`+h.orgID("Kommunfullmäktige")+`?at=2003-10-01">Kommunfullmäktige</a>`,
			`href="/documents/`+h.documentID(directive)+`?at=2003-10-01">`+directive+`</a>`)
		body = h.page(c.get("/organizations/" + h.orgID("Tekniska kontoret") + "?at=2003-10-01"))
		contains(t, "the technical office's page", body, "Trefaldig ledning", "/findings?at=2003-10-01&amp;subject=")
	})
	t.Run("English", func(t *testing.T) {
		h, c := h.in(t), h.signedIn(koncern.AccessReader).in(t)
		body := h.page(c.get("/organizations/" + h.orgID(innovation) + "?lang=en"))
		contains(t, "the English page", body, "Share of votes", "78.95"+nb+"%", "10,000", "Chief executive")
	})
	t.Run("RegistrarSeesButtons", func(t *testing.T) {
		h := h.in(t)
		c := h.signedIn(koncern.AccessRegistrar)
		id := h.orgID(elmia)
		body := h.page(c.get("/organizations/" + id))
		contains(t, "the registrar's page", body, `href="/organizations/`+id+`/edit"`, `href="/organizations/`+id+`/end"`,
			`href="/posts/new?organization_id=`+id+`"`, `/assignments/new?post_id=`, `/posts/`)
		contains(t, "the registrar's page", body, `/edit">Ändra<span class="vh">`)
		lacks(t, "the registrar's page", body, "/stakes/new") // stakes are finance's
	})
	t.Run("DownloadOwners", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		res, body := c.get("/organizations/" + h.orgID(innovation) + "?format=csv&table=owners")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		contains(t, "the CSV", body, "owner_id,owner,shares,votes,share_of_capital,share_of_votes", rådhus+",6000,15000,6000/10000,15000/19000")
		res, body = c.get("/organizations/" + h.orgID(innovation) + "?format=xlsx&table=owners")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("XLSX: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		sheet := exchangetest.OpenSheet(t, []byte(body), "owners")
		sheet.Typed("shares", analysis.CountColumn)
		sheet.Typed("valid_from", analysis.DateColumn)
		sheet.Typed("share_of_capital", analysis.TextColumn)
	})
	t.Run("ErrUnknownTable", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.expect(http.StatusUnprocessableEntity)(c.get("/organizations/" + h.orgID(elmia) + "?format=csv&table=nope"))
		contains(t, "the refusal", body, "table: must be one of")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		// A malformed id is refused naming the field, as the API does.
		if body := h.expect(http.StatusBadRequest)(c.get("/organizations/not-an-id")); !strings.Contains(body, "id: must be a UUID") {
			t.Errorf("the refusal does not name the field:\n%s", body)
		}
		h.expect(http.StatusNotFound)(c.get("/organizations/0190b5a1-0000-7000-8000-000000000000"))
	})
	t.Run("NotInForce", func(t *testing.T) {
		h, c := h.in(t), reader.in(t)
		body := h.page(c.get("/organizations/" + h.orgID("Jönköping Energi Nät AB") + "?at=2003-10-01"))
		contains(t, "the page before the company existed", body, "fanns inte den 2003-10-01")
	})
}

func TestPersonAndDocumentPages(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	t.Run("Person", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		body := h.page(c.get("/people/" + h.personID("Linda Falk") + "?at=2003-10-01"))
		contains(t, "the person's page", body, "<h1>Linda Falk</h1>", `href="/posts/`, ">Verkställande direktör</a>",
			`href="/organizations/`+h.orgID(innovation)+`?at=2003-10-01">`+innovation+`</a>`, "gäller den 2003-10-01")
		lacks(t, "a reader's page", body, "/assignments/new", "/edit")
	})
	t.Run("Document", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		body := h.page(c.get("/documents/" + h.documentID(directive) + "?at=2003-10-01"))
		contains(t, "the document's page", body, "<h1>"+directive+"</h1>", "Ägardirektiv",
			`href="/organizations/`+h.orgID(rådhus)+`?at=2003-10-01">`+rådhus+`</a>`, // the lines' steering end
			`href="/organizations/`+h.orgID(elmia)+`?at=2003-10-01">`+elmia+`</a>`)   // one of the steered
	})
}

func TestSearch(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	c := h.client()
	org, err := h.Reg.GetOrganization(adminContext(), mustUUID(t, h.orgID(elmia)))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, q string
		want    []string
	}{
		{"ByName", "elmia", []string{`href="/organizations/` + org.ID.String() + `">` + elmia + `</a>`}},
		{"ByOrgNumber", strings.ReplaceAll(*org.OrgNumber, "-", ""), []string{`>` + elmia + `</a>`, *org.OrgNumber}},
		{"Person", "Linda", []string{`href="/people/` + h.personID("Linda Falk") + `">Linda Falk</a>`}},
		{"Nothing", "Zyxw", []string{"Inga träffar."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := h.in(t)
			body := h.page(c.in(t).get("/search?q=" + url.QueryEscape(tc.q)))
			contains(t, "the results", body, tc.want...)
		})
	}
}

// TestRecordPagesAsRecorded shows an auditor the record pages as the
// registry was recorded at a moment: the organisation from its group's
// snapshot, the person with the day's posts only.
func TestRecordPagesAsRecorded(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessAdmin)
	// A moment after the whole demo was recorded: the registry's own tests
	// rewind across changes.
	moment := url.QueryEscape(time.Now().UTC().Add(time.Hour).Format(time.RFC3339))
	t.Run("Organization", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		id := h.orgID(innovation)
		body := h.page(c.get("/organizations/" + id + "?at=2003-10-01&recorded_at=" + moment))
		contains(t, "the page as recorded", body, "<h1>"+innovation+"</h1>", `>`+rådhus+`</a>`, `<abbr title="15000/19000">78,95`+nb+`%</abbr>`,
			`href="/organizations/`+id+`/edit?at=2003-10-01"`) // a form is the registry as it is now
	})
	t.Run("Person", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		body := h.page(c.get("/people/" + h.personID("Linda Falk") + "?at=2003-10-01&recorded_at=" + moment))
		contains(t, "the page as recorded", body, "bara förordnandena den 2003-10-01", ">Verkställande direktör</a>")
	})
	t.Run("ErrForm", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		body := h.expect(http.StatusUnprocessableEntity)(c.get("/organizations/" + h.orgID(elmia) + "/edit?recorded_at=" + moment))
		contains(t, "the refusal", body, "recorded_at: a form changes the registry as it is now")
	})
}
