package web_test

import (
	"net/http"
	"testing"
)

// TestPagesByOrganisationsnummer asks the pages of an organisation by its
// organisationsnummer, in both written forms: each is redirected to the
// page by id with the same query; a number no organisation has is 404.
func TestPagesByOrganisationsnummer(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	c := h.client()
	id := h.orgID(rådhus)
	for _, path := range []string{"/organizations/", "/groups/", "/org-chart/", "/companies/"} {
		for _, number := range []string{"556999-0012", "5569990012"} {
			t.Run(path+number, func(t *testing.T) {
				h, c := h.in(t), c.in(t)
				suffix := ""
				if path == "/companies/" {
					suffix = "/cap-table"
				}
				res, _ := c.get(path + number + suffix + "?at=2003-10-01")
				want := path + id + suffix + "?at=2003-10-01"
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
					t.Fatalf("status %d, Location %q; want 303 to %s", res.StatusCode, res.Header.Get("Location"), want)
				}
				h.page(c.get(want))
			})
		}
	}
	t.Run("NoOrganisationHasIt", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		h.expect(http.StatusNotFound)(c.get("/groups/556999-0780"))
	})
	t.Run("NotANumber", func(t *testing.T) {
		h, c := h.in(t), c.in(t)
		h.expect(http.StatusBadRequest)(c.get("/groups/556999-0013"))
	})
}
