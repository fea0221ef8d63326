package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// TestRuleBook: the rule book lists every rule with its severity, what it
// checks and its sources with their periods, in Swedish and in English,
// and the findings page links to it.
func TestRuleBook(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	sv := h.page(c.get("/rules"))
	for _, r := range analysis.Rules() {
		if !strings.Contains(sv, `id="rule-`+r.ID+`"`) || !strings.Contains(sv, html.EscapeString(r.DescriptionSV)) {
			t.Errorf("the rule book lacks %s or its Swedish text", r.ID)
		}
	}
	for _, want := range []string{
		"<h1>Regelbok</h1>",
		`<a href="https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kommunallag-1991900_sfs-1991-900/" rel="external noopener">KL (1991:900) 3 kap. 17 §</a>`,
		"1999-01-01 – 2017-12-31", // the lay auditor, from SFS 1998:765
		"2018-01-01 – ",
		"KL (2017:725) 6 kap. 9 §",
		"ABL (2005:551) 8 kap. 41 §",
		"alla dagar", // the review's sections
	} {
		if !strings.Contains(sv, want) {
			t.Errorf("the rule book lacks %q", want)
		}
	}
	en := h.page(c.get("/rules?lang=en"))
	if !strings.Contains(en, "<h1>Rule book</h1>") || !strings.Contains(en, "every day") || !strings.Contains(en, html.EscapeString(analysis.Rules()[0].Description)) {
		t.Error("the English rule book lacks its title, its texts or the review's period")
	}
	findings := h.page(c.get("/findings?at=" + review))
	if !strings.Contains(findings, `href="/rules`) {
		t.Error("the findings page does not link to the rule book")
	}
}

// TestFindingCitesItsSource: a finding shows the sections it is cited by,
// each with its days, and the year of a missing annual review.
func TestFindingCitesItsSource(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	body := h.page(c.get("/findings?at=" + review + "&rule=triple_steering"))
	for _, want := range []string{"§5 (granskningen 2003) <span class=\"period\">2003-03-01 – 2004-06-30</span>", `#rule-triple_steering">regeln i regelboken</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the finding lacks %q", want)
		}
	}
	review := h.page(c.get("/findings?from=2020-01-01&to=2020-12-31&rule=annual_review_missing"))
	for _, want := range []string{"<dt>Verksamhetsår</dt><dd>2019</dd>", ">KL (2017:725) 6 kap. 9 §</a>", "2020-07-01 – 2020-09-30"} {
		if !strings.Contains(review, want) {
			t.Errorf("the missing annual review lacks %q", want)
		}
	}
}

// TestRuleBookFormFields: the document form takes the organisations a
// document concerns (several), the document it adopts and the year; the
// organisation form a municipality's review deadline; a wrong value comes
// back beside its field.
func TestRuleBookFormFields(t *testing.T) {
	h := newHarness(t)
	registrar := h.signedIn(koncern.AccessRegistrar)
	ctx := adminContext()
	board, holding, energy := h.orgID("Kommunstyrelsen"), h.orgID(rådhus), h.orgID("Jönköping Energi AB")
	form := h.page(registrar.get("/documents/new"))
	for _, want := range []string{`<select id="subject_ids" name="subject_ids" multiple`, `name="refers_to_id"`, `name="year"`} {
		if !strings.Contains(form, want) {
			t.Errorf("the document form lacks %q", want)
		}
	}
	review := func(year string, subjects ...string) url.Values {
		return url.Values{"kind": {"annual_review"}, "title": {"Prövning av bolagen 2026"}, "decided_on": {"2027-03-01"},
			"issuer_id": {board}, "subject_ids": append([]string{""}, subjects...), "refers_to_id": {""}, "year": {year},
			"valid_from": {"2027-03-01"}}
	}
	t.Run("Several", func(t *testing.T) {
		res, body := registrar.in(t).post("/documents/new", review("2026", holding, energy))
		id := created(t, res, body, "/documents/")
		d, err := h.Reg.GetDocument(ctx, id)
		if err != nil || len(d.SubjectIDs) != 2 || d.Year == nil || *d.Year != 2026 {
			t.Fatalf("stored %+v, %v", d.DocumentInput, err)
		}
		shown := h.in(t).page(registrar.in(t).get("/documents/" + id.String()))
		for _, want := range []string{"<dt>Verksamhetsår</dt><dd>2026</dd>", ">" + rådhus + "</a>, <a", ">Jönköping Energi AB</a>"} {
			if !strings.Contains(shown, want) {
				t.Errorf("the document's page lacks %q", want)
			}
		}
		edit := h.in(t).page(registrar.in(t).get("/documents/" + id.String() + "/edit"))
		if strings.Count(edit, " selected>") < 3 { // the kind, the issuer and the two companies
			t.Errorf("the edit form does not show the two companies chosen:\n%s", edit)
		}
		// Choosing none empties the list, which an annual review may not.
		res, body = registrar.in(t).post("/documents/"+id.String()+"/edit", url.Values{"version": {formVersion(t, edit)}, "subject_ids": {""}})
		page := h.in(t).expect(http.StatusUnprocessableEntity)(res, body)
		if !strings.Contains(page, `id="subject_ids-error"`) {
			t.Errorf("the refusal is not beside the companies:\n%s", page)
		}
	})
	t.Run("ErrYearMissing", func(t *testing.T) {
		page := h.in(t).expect(http.StatusUnprocessableEntity)(registrar.in(t).post("/documents/new", review("", holding)))
		if !strings.Contains(page, `id="year-error"`) || !strings.Contains(page, "<option value=\""+holding+"\" selected>") {
			t.Errorf("the refusal is not beside the year, or the companies chosen are lost:\n%s", page)
		}
	})
	t.Run("ReviewDeadline", func(t *testing.T) {
		muni := h.municipality()
		if page := h.in(t).page(registrar.in(t).get("/organizations/" + muni.ID.String())); !strings.Contains(page, "<dd>06-30</dd>") {
			t.Error("the municipality's page does not show its deadline")
		}
		edit := h.in(t).page(registrar.in(t).get("/organizations/" + muni.ID.String() + "/edit"))
		res, body := registrar.in(t).post("/organizations/"+muni.ID.String()+"/edit", url.Values{"version": {formVersion(t, edit)}, "review_deadline": {"02-30"}})
		if page := h.in(t).expect(http.StatusUnprocessableEntity)(res, body); !strings.Contains(page, `id="review_deadline-error"`) {
			t.Errorf("the refusal is not beside the deadline:\n%s", page)
		}
		res, body = registrar.in(t).post("/organizations/"+muni.ID.String()+"/edit", url.Values{"version": {formVersion(t, edit)}, "review_deadline": {"05-31"}})
		seeOther(t, res, body, "/organizations/"+muni.ID.String())
		if o, err := h.Reg.GetOrganization(ctx, muni.ID); err != nil || o.ReviewDeadline == nil || *o.ReviewDeadline != "05-31" {
			t.Errorf("stored %v, %v", o.ReviewDeadline, err)
		}
	})
}
