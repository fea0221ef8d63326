package web_test

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/web"
)

// bodyRows counts the rows of a page's table bodies.
func bodyRows(page string) int {
	n := 0
	for _, part := range strings.Split(page, "<tbody>")[1:] {
		body, _, _ := strings.Cut(part, "</tbody>")
		n += strings.Count(body, "<tr")
	}
	return n
}

// download fetches a report as a file and checks its type and, for CSV,
// its header row.
func (c *client) download(t *testing.T, path, format, header string) string {
	t.Helper()
	res, body := c.get(path + "&format=" + format)
	want := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format]
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != want {
		t.Fatalf("%s as %s: status %d, type %q", path, format, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if format == "csv" && !strings.HasPrefix(body, header+"\n") {
		t.Errorf("%s as CSV begins %.80q, want the header %q", path, body, header)
	}
	if format == "xlsx" && !strings.HasPrefix(body, "PK") {
		t.Errorf("%s as XLSX is no workbook", path)
	}
	return body
}

func TestReportsIndex(t *testing.T) {
	h := newHarness(t)
	muni := h.municipality()
	for _, role := range []string{koncern.AccessReader, koncern.AccessAuditor} {
		t.Run(role, func(t *testing.T) {
			c := h.in(t).signedIn(role)
			body := c.h.page(c.get("/reports?at=" + review))
			for _, path := range []string{"/findings", "/interlocks", "/expiring", "/changes", "/groups/" + muni.ID.String(), "/org-chart/" + muni.ID.String()} {
				if !strings.Contains(body, `href="`+path+`?at=`+review+`"`) {
					t.Errorf("no link to %s", path)
				}
			}
			if !strings.Contains(body, "Personer som sitter i flera styrande organ samma dag") {
				t.Error("the interlocks are not explained in Swedish")
			}
			if got := strings.Contains(body, `href="/audit?at=`+review+`"`); got != (role == koncern.AccessAuditor) {
				t.Errorf("link to the audit trail shown %v to a %s", got, role)
			}
		})
	}
}

func TestInterlocksPage(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	want := analysis.Interlocks(h.analyse(nil, day(review)), analysis.DayOf(koncern.MustDate(review)))
	if len(want) < 2 {
		t.Fatalf("the demo has %d interlocks on %s, want some", len(want), review)
	}
	body := h.page(c.get("/interlocks?at=" + review))
	if got := bodyRows(body); got != len(want) {
		t.Errorf("%d rows, the analysis finds %d", got, len(want))
	}
	il := want[0]
	for _, link := range []string{
		fmt.Sprintf(`<a href="/people/%s?at=%s">%s</a>`, il.Person.ID, review, il.Person.Name),
		fmt.Sprintf(`href="/organizations/%s?at=%s"`, il.Bodies[0].ID, review),
		fmt.Sprintf(`href="/posts/%s?at=%s"`, il.Posts[0].ID, review),
	} {
		if !strings.Contains(body, link) {
			t.Errorf("the page lacks %s", link)
		}
	}
	t.Run("CSV", func(t *testing.T) {
		c.in(t).download(t, "/interlocks?at="+review, "csv", "person_id,person,bodies,body_names,posts")
	})
	t.Run("XLSX", func(t *testing.T) { c.in(t).download(t, "/interlocks?at="+review, "xlsx", "") })
}

func TestExpiringPage(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	window := span(review, "2004-09-30")
	want := analysis.Expiring(h.analyse(nil, window), analysis.DayOf(window.From), 365)
	if len(want) == 0 {
		t.Fatal("nothing of the demo expires within a year of the review: the test tests nothing")
	}
	body := h.page(c.get("/expiring?at=" + review + "&within=365"))
	if got := bodyRows(body); got != len(want) {
		t.Errorf("%d rows, the analysis finds %d", got, len(want))
	}
	if !strings.Contains(body, "Det som slutar gälla under 2003-10-01 – 2004-09-30.") || !strings.Contains(body, `<option value="365" selected>`) {
		t.Error("the page does not say the period it covers")
	}
	// The commissioner's direct steering of the street unit's head ends on
	// 2003-12-31: a steering line, both of its ends linked.
	if !regexp.MustCompile(`<td>2003-12-31</td><td class="num">91</td><td>Styrlinje</td>\s*<td><a href="/posts/[^"]+">Kommunstyrelsen / [^<]+</a> → <a href="/posts/[^"]+">Gatuenheten / Enhetschef gatuenheten</a> \(Direkt politisk styrning, Iakttagen\)`).MatchString(body) {
		t.Errorf("the direct steering that ends 2003-12-31 is not listed with its ends linked:\n%s", body)
	}
	t.Run("CSV", func(t *testing.T) {
		c.in(t).download(t, "/expiring?at="+review+"&within=365", "csv", "valid_to,days_left,type,id,name,valid_from")
	})
	t.Run("XLSX", func(t *testing.T) { c.in(t).download(t, "/expiring?at="+review, "xlsx", "") })
	t.Run("ErrWithin", func(t *testing.T) {
		c := c.in(t)
		c.h.expect(http.StatusBadRequest)(c.get("/expiring?within=17"))
	})
}

func TestChangesPage(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	window := span("2003-03-01", "2003-06-30")
	want := analysis.Changes(h.analyse(nil, window), analysis.DayOf(window.From), analysis.DayOf(*window.To))
	if len(want) == 0 {
		t.Fatal("no changes in the demo's spring of 2003: the test tests nothing")
	}
	body := h.page(c.get("/changes?from=2003-03-01&to=2003-06-30"))
	if got := bodyRows(body); got != len(want) {
		t.Errorf("%d rows, the analysis finds %d", got, len(want))
	}
	// Jonas Lindahl became head of culture on 2003-04-01.
	if !regexp.MustCompile(`<td class="when">2003-04-01</td><td>Började gälla</td><td>Uppdrag</td>\s*<td><a href="/people/[^"]+">Jonas Lindahl</a> innehar <a href="/posts/[^"]+">Kultur- och fritidsförvaltningen / Förvaltningschef</a>`).MatchString(body) {
		t.Errorf("Jonas Lindahl's assignment is not listed with him and the post linked:\n%s", body)
	}
	t.Run("CSV", func(t *testing.T) {
		c.in(t).download(t, "/changes?from=2003-03-01&to=2003-06-30", "csv", "date,change,type,id,name,valid_from,valid_to")
	})
	t.Run("XLSX", func(t *testing.T) { c.in(t).download(t, "/changes?from=2003-03-01&to=2003-06-30", "xlsx", "") })
	t.Run("DefaultRange", func(t *testing.T) {
		c := c.in(t)
		body := c.h.page(c.get("/changes?at=" + review))
		if !strings.Contains(body, "under 2003-07-03 – 2003-10-01.") {
			t.Error("without a range the page does not show the 90 days up to the day")
		}
	})
	t.Run("ErrBackwards", func(t *testing.T) {
		c := c.in(t)
		body := c.h.expect(http.StatusBadRequest)(c.get("/changes?from=2003-06-30&to=2003-03-01"))
		if !strings.Contains(body, "to: must not be before from") {
			t.Errorf("the refusal does not name the field:\n%s", body)
		}
	})
}

func TestAuditPage(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	h := newHarnessWith(t, harnessOptions{web: func(cfg *web.Config) { cfg.CheckpointKey = key }})
	ctx := adminContext()
	orgs, err := h.Reg.ListOrganizations(ctx, registry.OrganizationFilter{Query: "Elmia AB"})
	if err != nil || len(orgs.Items) != 1 {
		t.Fatalf("Elmia AB: %v, %v", orgs.Items, err)
	}
	elmia := orgs.Items[0]
	if _, err := h.Reg.UpdateOrganization(ctx, elmia.ID, elmia.Version, koncern.OrganizationPatch{
		Name: koncern.Opt[string]{Set: true, Value: "Elmia Mässor AB"}}); err != nil {
		t.Fatal(err)
	}
	t.Run("Auditor", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		body := c.h.page(c.get("/audit?record=" + elmia.ID.String()))
		if !strings.Contains(body, "<h2>Historik för Elmia Mässor AB</h2>") {
			t.Error("the history is not named after the record")
		}
		if !strings.Contains(body, ">Skapad: Organisation,") || !strings.Contains(body, ">Ändrad: Organisation,") {
			t.Error("the creation and the change are not both listed")
		}
		changed := regexp.MustCompile(`<tr class="changed">\s*<th scope="row"><code>name</code> <span class="change-mark">\(ändrat\)</span></th>\s*<td>Elmia AB</td><td>Elmia Mässor AB</td>`)
		if !changed.MatchString(body) {
			t.Errorf("the name's change is not shown before and after, highlighted:\n%s", body)
		}
		if !regexp.MustCompile(`<tr>\s*<th scope="row"><code>kind</code></th>\s*<td>company</td><td>company</td>`).MatchString(body) {
			t.Error("a field the change left alone is not shown plainly")
		}
		if !strings.Contains(body, "Kedjan är obruten: alla ") {
			t.Error("the chain's verification is not shown")
		}
		if !strings.Contains(body, registry.PublicKeyText(key.Public().(ed25519.PublicKey))) {
			t.Error("the checkpoint signed with the server's key is not shown")
		}
	})
	t.Run("WithoutKey", func(t *testing.T) {
		h := newHarness(t)
		c := h.signedIn(koncern.AccessAdmin)
		if body := h.page(c.get("/audit")); !strings.Contains(body, "Servern har ingen nyckel för kontrollpunkter") {
			t.Error("a server without a key does not say so")
		}
	})
	t.Run("ErrReader", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessReader)
		body := c.h.expect(http.StatusForbidden)(c.get("/audit?record=" + elmia.ID.String()))
		if strings.Contains(body, "Elmia") {
			t.Error("the refusal shows the history")
		}
	})
	t.Run("ErrRecord", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		c.h.expect(http.StatusBadRequest)(c.get("/audit?record=elmia"))
	})
}
