package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// Names of the demo's organisations the finance pages are tested on.
const (
	muniName       = "Jönköpings kommun"
	holdingName    = "Jönköpings Rådhus AB"
	elmiaName      = "Elmia AB"
	innovationName = "Jönköpings Innovationsbolag AB (illustrativt)"
	externalName   = "Regionala Utvecklingsbolaget AB (illustrativt)"
)

// today is the registry's day in the tests (now).
const today = "2026-11-27"

// nbsp is what the pages write between a number and its per cent sign and
// between the thousands of a Swedish number.
const nbsp = "\u00a0"

// org is the demo's organisation named name.
func (h *harness) org(name string) koncern.Organization {
	h.t.Helper()
	list, err := h.Reg.ListOrganizations(adminContext(), registry.OrganizationFilter{Query: name,
		ListOptions: registry.ListOptions{History: true, Limit: registry.MaxLimit}})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, o := range list.Items {
		if o.Name == name {
			return o
		}
	}
	h.t.Fatalf("the demo has no organisation %q", name)
	return koncern.Organization{}
}

// wantAll fails t for each of wants that body lacks.
func wantAll(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
	if t.Failed() {
		t.Logf("%s:\n%s", what, body)
	}
}

// upload posts a file as the import form does: multipart, with the form
// key, the site's Origin and the extra fields.
func (c *client) upload(path, filename string, content []byte, fields url.Values) (*http.Response, string) {
	c.h.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields.Set("_csrf", c.formKey())
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				c.h.t.Fatal(err)
			}
		}
	}
	part, err := w.CreateFormFile("file", filename)
	if err != nil {
		c.h.t.Fatal(err)
	}
	part.Write(content)
	if err := w.Close(); err != nil {
		c.h.t.Fatal(err)
	}
	return c.do(http.MethodPost, path, &buf, w.FormDataContentType())
}

func TestGroupPage(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	muni, holding, inno, ext := h.org(muniName), h.org(holdingName), h.org(innovationName), h.org(externalName)
	path := "/groups/" + muni.ID.String() + "?at=" + today
	body := h.page(c.get(path))
	t.Run("Percentages", func(t *testing.T) {
		// Rådhus AB holds 6 000 of the innovation company's 10 000 shares
		// and 15 000 of its 19 000 votes; the municipality holds Rådhus AB
		// whole, so its effective shares are the same.
		wantAll(t, "the group page", body,
			`<a href="/organizations/`+inno.ID.String()+`?at=`+today+`">`+innovationName+`</a>`,
			`<td>Dotterföretag</td>`,
			`<abbr class="exact" title="3/5">60,00`+nbsp+`%</abbr>`,
			`<abbr class="exact" title="15/19">78,95`+nbsp+`%</abbr>`,
			`<abbr class="exact" title="1">100,00`+nbsp+`%</abbr>`)
	})
	t.Run("Chart", func(t *testing.T) {
		wantAll(t, "the group page", body, "<svg", `href="/organizations/`+holding.ID.String()+`?at=`+today+`"`,
			"Dotterföretag · effektivt 60,00 % av kapitalet, 78,95 % av rösterna",
			`xlink:title="Jönköpings Rådhus AB"`)
		if strings.Contains(body, "<?xml") || strings.Contains(body, "style=") {
			t.Error("the inline drawing carries its XML declaration or an inline style the policy refuses")
		}
	})
	t.Run("CapTables", func(t *testing.T) {
		wantAll(t, "the group page", body, "Ägare i "+innovationName+" den "+today,
			`<a href="/organizations/`+ext.ID.String()+`?at=`+today+`">`+externalName+`</a>`,
			`<td class="num">4`+nbsp+`000</td>`, `<abbr class="exact" title="2/5">40,00`+nbsp+`%</abbr>`,
			`<abbr class="exact" title="4/19">21,05`+nbsp+`%</abbr>`)
	})
	t.Run("NoBookingForReader", func(t *testing.T) {
		if strings.Contains(body, "/transactions/new") {
			t.Error("a reader is offered the booking form")
		}
	})
	t.Run("English", func(t *testing.T) {
		body := h.in(t).page(h.signedIn(koncern.AccessReader).get(path + "&lang=en"))
		wantAll(t, "the English group page", body, `title="15/19">78.95`+nbsp+`%`, "<td>Subsidiary</td>", "effective 60.00 % of capital")
	})
	t.Run("Downloads", func(t *testing.T) {
		cases := []struct{ name, query, mime, want string }{
			{"MembersCSV", "&format=csv", "text/csv", innovationName},
			{"CapTablesCSV", "&format=csv&table=cap-tables", "text/csv", "15/19"},
			{"MembersXLSX", "&format=xlsx", "application/vnd.openxmlformats", "PK"},
			{"ChartSVG", "&format=svg", "image/svg+xml", "<svg"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, got := c.in(t).get(path + tc.query)
				if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.mime) || !strings.Contains(got, tc.want) {
					t.Errorf("status %d, type %q, has %q: %v", res.StatusCode, res.Header.Get("Content-Type"), tc.want, strings.Contains(got, tc.want))
				}
			})
		}
	})
	t.Run("ErrNotInForce", func(t *testing.T) {
		body := h.in(t).expect(http.StatusUnprocessableEntity)(c.in(t).get("/groups/" + muni.ID.String() + "?at=1900-01-01"))
		wantAll(t, "the refusal", body, "at: organisation")
	})
	t.Run("CompanyRoot", func(t *testing.T) {
		body := h.in(t).page(c.in(t).get("/groups/" + holding.ID.String()))
		wantAll(t, "the holding company's group", body, "Koncernen under "+holdingName, "Ägare i "+holdingName+" den "+today)
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		h.in(t).expect(http.StatusNotFound)(c.in(t).get("/groups/00000000-0000-4000-8000-000000000000"))
	})
}

// booking is the booking form of a company as a browser sends it.
func booking(seller, buyer koncern.Organization, shares string) url.Values {
	return url.Values{"type": {"transfer"}, "seller_id": {seller.ID.String()}, "buyer_id": {buyer.ID.String()},
		"shares": {shares}, "votes": {""}, "effective_date": {today}, "document_id": {""}}
}

func TestLedgerBooking(t *testing.T) {
	h := newHarness(t)
	finance := h.signedIn(koncern.AccessFinance)
	muni, holding, elmia := h.org(muniName), h.org(holdingName), h.org(elmiaName)
	form := "/companies/" + elmia.ID.String() + "/transactions/new"
	t.Run("Form", func(t *testing.T) {
		body := h.in(t).page(finance.in(t).get(form))
		wantAll(t, "the booking form", body, `<option value="transfer" selected>Överlåtelse</option>`,
			`<option value="`+holding.ID.String()+`">`+holdingName+`</option>`, `name="shares"`, `value="`+today+`"`,
			"Ägare i "+elmiaName, `title="1">100,00`+nbsp+`%`)
	})
	t.Run("Transfer", func(t *testing.T) {
		h, c := h.in(t), finance.in(t)
		res, body := c.post(form, booking(holding, muni, "2 500"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303:\n%s", res.StatusCode, body)
		}
		loc := res.Header.Get("Location")
		if !strings.HasPrefix(loc, "/companies/"+elmia.ID.String()+"/cap-table?at="+today+"&booked=") {
			t.Fatalf("redirected to %q", loc)
		}
		body = h.page(c.get(loc))
		wantAll(t, "the cap table after the booking", body, "Transaktionen är bokförd: Överlåtelse av 2"+nbsp+"500 aktier",
			`<td class="num">7`+nbsp+`500</td>`, `title="3/4">75,00`+nbsp+`%`,
			`<td class="num">2`+nbsp+`500</td>`, `title="1/4">25,00`+nbsp+`%`)
	})
	t.Run("Ledger", func(t *testing.T) {
		body := h.in(t).page(finance.in(t).get("/ledger?company=" + elmia.ID.String()))
		wantAll(t, "the ledger", body, "<td>Överlåtelse</td>",
			`<a href="/companies/`+elmia.ID.String()+`/cap-table">`+elmiaName+`</a>`,
			`<a href="/organizations/`+holding.ID.String()+`">`+holdingName+`</a>`,
			`<a href="/organizations/`+muni.ID.String()+`">`+muniName+`</a>`, `<button type="submit">Boka transaktion</button>`)
		other := h.in(t).page(finance.in(t).get("/ledger?company=" + holding.ID.String()))
		wantAll(t, "another company's ledger", other, "Inga transaktioner är bokförda.")
		res, csv := finance.in(t).get("/ledger?format=csv")
		if res.StatusCode != http.StatusOK || !strings.Contains(csv, "Överlåtelse,"+elmia.ID.String()+","+elmiaName) {
			t.Errorf("the ledger as CSV: status %d\n%s", res.StatusCode, csv)
		}
	})
	t.Run("ErrNotACompany", func(t *testing.T) {
		body := h.in(t).expect(http.StatusUnprocessableEntity)(finance.in(t).get("/companies/" + muni.ID.String() + "/transactions/new"))
		wantAll(t, "the refusal", body, "not a company")
	})
	t.Run("ErrSellsMoreThanHeld", func(t *testing.T) {
		// Rådhus AB holds 7 500 after the transfer.
		body := h.in(t).expect(http.StatusConflict)(finance.in(t).post(form, booking(holding, muni, "10 000")))
		wantAll(t, "the refused form", body, `aria-invalid="true" aria-describedby="shares-error"`,
			`<p class="field-error" id="shares-error" role="alert">on `+today+` the seller holds only 7500 shares in &#34;Elmia AB&#34;, fewer than the 10000 sold</p>`,
			`value="10 000"`)
	})
	t.Run("ErrNotANumber", func(t *testing.T) {
		body := h.in(t).expect(http.StatusUnprocessableEntity)(finance.in(t).post(form, booking(holding, muni, "tio")))
		wantAll(t, "the refused form", body, `id="shares-error" role="alert">Ange ett heltal`)
	})
	t.Run("ErrBuyerIsSeller", func(t *testing.T) {
		body := h.in(t).expect(http.StatusUnprocessableEntity)(finance.in(t).post(form, booking(holding, holding, "1")))
		wantAll(t, "the refused form", body, `id="buyer_id-error"`)
	})
	t.Run("NewestFirst", func(t *testing.T) {
		h, c := h.in(t), finance.in(t)
		back := booking(muni, holding, "100")
		if res, body := c.post(form, back); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d:\n%s", res.StatusCode, body)
		}
		body := h.page(c.get("/ledger"))
		later, earlier := strings.Index(body, `<td class="num">100</td>`), strings.Index(body, `<td class="num">2`+nbsp+`500</td>`)
		if later < 0 || earlier < 0 || later > earlier {
			t.Errorf("the ledger does not list the later booking (at %d) before the earlier one (at %d)", later, earlier)
		}
	})
	t.Run("Reader", func(t *testing.T) {
		h := h.in(t)
		reader := h.signedIn(koncern.AccessReader)
		body := h.page(reader.get("/ledger"))
		if strings.Contains(body, "Boka transaktion") || strings.Contains(body, "/ledger/new") {
			t.Error("a reader is offered the booking button")
		}
		h.expect(http.StatusForbidden)(reader.get(form))
		h.expect(http.StatusForbidden)(reader.post(form, booking(holding, muni, "1")))
		body = h.page(reader.get("/companies/" + elmia.ID.String() + "/cap-table"))
		if strings.Contains(body, "/transactions/new") {
			t.Error("a reader's cap table offers the booking form")
		}
	})
}

// stakesCSV is a stakes sheet giving the municipality 200 of the external
// company's 1 000 shares, the company named by number.
func stakesCSV(owner, company string) []byte {
	return []byte("owner_org_number,company_org_number,shares,votes,valid_from\n" + owner + "," + company + ",200,200,2026-01-01\n")
}

// spoilt is an organisationsnummer with a wrong check digit.
func spoilt(number string) string {
	last := number[len(number)-1]
	return number[:len(number)-1] + string('0'+(last-'0'+1)%10)
}

var uploadField = regexp.MustCompile(`name="upload" value="([^"]+)"`)

func TestImportPage(t *testing.T) {
	h := newHarness(t)
	finance := h.signedIn(koncern.AccessFinance)
	muni, ext := h.org(muniName), h.org(externalName)
	good := stakesCSV(*muni.OrgNumber, *ext.OrgNumber)
	t.Run("Page", func(t *testing.T) {
		body := h.in(t).page(finance.in(t).get("/import"))
		wantAll(t, "the import page", body, `enctype="multipart/form-data"`, `<input type="file" id="file" name="file"`,
			`href="/import/template.xlsx"`)
	})
	t.Run("Template", func(t *testing.T) {
		res, body := finance.in(t).get("/import/template.xlsx")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasPrefix(body, "PK") {
			t.Errorf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
	t.Run("ErrBadOrgNumber", func(t *testing.T) {
		bad := stakesCSV(*muni.OrgNumber, spoilt(*ext.OrgNumber))
		body := h.in(t).expect(http.StatusUnprocessableEntity)(finance.in(t).upload("/import", "stakes.csv", bad, url.Values{}))
		wantAll(t, "the dry run", body, "1 problem i stakes.csv; inget har sparats",
			`<td>stakes</td>
  <td class="num">2</td>
  <td>company_org_number</td>`, "check digit is wrong")
		if uploadField.MatchString(body) {
			t.Error("a file with problems is offered for import")
		}
	})
	var id string
	t.Run("DryRun", func(t *testing.T) {
		body := h.in(t).page(finance.in(t).upload("/import", "stakes.csv", good, url.Values{}))
		wantAll(t, "the dry run", body, "stakes.csv har inga problem", `<th scope="row">stakes</th><td class="num">1</td><td class="num">0</td>`)
		m := uploadField.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no import button")
		}
		id = m[1]
		if stakes := h.stakesOf(t, muni, ext); len(stakes) != 0 {
			t.Errorf("the dry run wrote %d stakes", len(stakes))
		}
	})
	t.Run("ErrOtherSession", func(t *testing.T) {
		other := h.signedIn(koncern.AccessFinance)
		body := h.in(t).expect(http.StatusUnprocessableEntity)(other.in(t).post("/import", url.Values{"upload": {id}}))
		wantAll(t, "another session's import", body, "Den kontrollerade filen finns inte kvar")
	})
	t.Run("Import", func(t *testing.T) {
		h, c := h.in(t), finance.in(t)
		res, body := c.post("/import", url.Values{"upload": {id}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/import/"+id {
			t.Fatalf("status %d, location %q:\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		body = h.page(c.get("/import/" + id))
		wantAll(t, "the result", body, "stakes.csv är inläst.", `<th scope="row">stakes</th><td class="num">1</td><td class="num">0</td>`)
		if stakes := h.stakesOf(t, muni, ext); len(stakes) != 1 || stakes[0].Shares != 200 {
			t.Errorf("stakes after the import: %+v", stakes)
		}
		h.expect(http.StatusUnprocessableEntity)(c.post("/import", url.Values{"upload": {id}}))
	})
	t.Run("LargerThanTheDefaultLimit", func(t *testing.T) {
		// 1.5 MiB is over the pages' usual 1 MiB but within the import's
		// limit: the file is read and refused as no workbook, not as too
		// large.
		junk := bytes.Repeat([]byte("x"), 3<<19)
		body := h.in(t).expect(http.StatusBadRequest)(finance.in(t).upload("/import", "big.xlsx", junk, url.Values{}))
		wantAll(t, "the refusal", body, `id="file-error"`)
	})
	t.Run("Reader", func(t *testing.T) {
		h := h.in(t)
		reader := h.signedIn(koncern.AccessReader)
		body := h.page(reader.get("/import"))
		if strings.Contains(body, `type="file"`) || strings.Contains(body, `href="/import"`) {
			t.Error("a reader is offered the import")
		}
		h.expect(http.StatusForbidden)(reader.upload("/import", "stakes.csv", good, url.Values{}))
	})
}

// stakesOf lists owner's stakes in company today.
func (h *harness) stakesOf(t testing.TB, owner, company koncern.Organization) []koncern.Stake {
	t.Helper()
	list, err := h.Reg.ListStakes(adminContext(), registry.StakeFilter{OwnerID: &owner.ID, CompanyID: &company.ID})
	if err != nil {
		t.Fatal(err)
	}
	return list.Items
}

// TestBookingOnce: a booking form sent twice (a double click, a reload)
// books once, and the second sending lands on the same cap table; a form
// sent again with other figures under the same key is refused.
func TestBookingOnce(t *testing.T) {
	h := newHarness(t)
	finance := h.signedIn(koncern.AccessFinance)
	muni, holding, elmia := h.org(muniName), h.org(holdingName), h.org(elmiaName)
	form := "/companies/" + elmia.ID.String() + "/transactions/new"
	once := regexp.MustCompile(`name="once" value="([^"]+)"`).FindStringSubmatch(h.page(finance.get(form)))
	if once == nil {
		t.Fatal("the booking form carries no key of its own")
	}
	sent := booking(holding, muni, "2 500")
	sent.Set("once", once[1])
	first, _ := finance.post(form, sent)
	again, _ := finance.post(form, sent)
	if first.StatusCode != http.StatusSeeOther || again.StatusCode != http.StatusSeeOther ||
		first.Header.Get("Location") != again.Header.Get("Location") {
		t.Fatalf("first %d to %q, again %d to %q", first.StatusCode, first.Header.Get("Location"), again.StatusCode, again.Header.Get("Location"))
	}
	txs, err := h.Reg.ListTransactions(adminContext(), registry.TransactionFilter{CompanyID: &elmia.ID})
	if err != nil || len(txs.Items) != 1 {
		t.Errorf("%d transactions booked, want 1 (%v)", len(txs.Items), err)
	}
	sent.Set("shares", "100")
	h.expect(http.StatusConflict)(finance.post(form, sent))
}
