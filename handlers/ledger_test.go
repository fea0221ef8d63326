package handlers_test

import (
	"net/http"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

func TestLedgerRoutes(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	tr := func(body map[string]any) map[string]any {
		base := map[string]any{"type": "transfer", "company_id": f.company, "seller_id": f.holding, "buyer_id": f.muni, "shares": 40, "votes": 40, "effective_date": "2010-01-01"}
		for k, v := range body {
			base[k] = v
		}
		return base
	}
	res := a.mustDo(http.StatusCreated, "POST", "/api/v1/ownership/transactions", tr(nil))
	var booked struct {
		ID        string
		Backdated bool
	}
	res.decode(t, &booked)
	if loc := res.Header.Get("Location"); loc != "/api/v1/ownership/transactions/"+booked.ID {
		t.Errorf("Location = %q", loc)
	}
	a.mustDo(http.StatusOK, "GET", "/api/v1/ownership/transactions/"+booked.ID, nil)

	var before, after analysis.CapTable
	a.mustDo(http.StatusOK, "GET", "/api/v1/organizations/"+f.company+"/cap-table?at=2009-12-31", nil).decode(t, &before)
	a.mustDo(http.StatusOK, "GET", "/api/v1/organizations/"+f.company+"/cap-table?at=2010-01-01", nil).decode(t, &after)
	if len(before.Owners) != 1 || before.Owners[0].Capital.Exact != "1" {
		t.Errorf("cap table before = %+v", before)
	}
	if len(after.Owners) != 2 || after.Owners[0].Shares != 60 || after.Owners[0].Capital.Percent != "60.00" || after.Owners[1].VotingPower.Exact != "2/5" {
		t.Errorf("cap table after = %+v", after)
	}

	var capital struct{ Items []koncern.ShareCapital }
	a.mustDo(http.StatusOK, "GET", "/api/v1/organizations/"+f.company+"/capital", nil).decode(t, &capital)
	if len(capital.Items) != 1 || capital.Items[0].ID != nil || capital.Items[0].TotalShares != 100 {
		t.Errorf("capital = %+v, want the company's totals undated", capital.Items)
	}

	snap := a.snapshot()
	for _, c := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"oversold", tr(map[string]any{"shares": 61, "effective_date": "2011-01-01"}), http.StatusConflict, "shares"},
		{"predates", tr(map[string]any{"effective_date": "2009-01-01"}), http.StatusConflict, "effective_date"},
		{"new issue with a seller", tr(map[string]any{"type": "new_issue"}), http.StatusUnprocessableEntity, "seller_id"},
		{"redemption beyond the capital", tr(map[string]any{"type": "redemption", "buyer_id": nil, "shares": 100, "effective_date": "2011-01-01"}), http.StatusConflict, "shares"},
		{"unknown type", tr(map[string]any{"type": "gift"}), http.StatusUnprocessableEntity, "type"},
		{"seller is buyer", tr(map[string]any{"buyer_id": f.holding}), http.StatusUnprocessableEntity, "buyer_id"},
		{"no date", tr(map[string]any{"effective_date": nil}), http.StatusUnprocessableEntity, "effective_date"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := a.mustDo(c.status, "POST", "/api/v1/ownership/transactions", c.body).problem(t)
			if !namesField(p.Errors, c.field) {
				t.Errorf("problem %+v does not name %s", p, c.field)
			}
			if a.snapshot() != snap {
				t.Error("a refused transaction wrote something")
			}
		})
	}

	back := a.mustDo(http.StatusCreated, "POST", "/api/v1/ownership/transactions", tr(map[string]any{"shares": 10, "votes": 10, "effective_date": "2009-01-01", "backdate": true}))
	back.decode(t, &booked)
	if !booked.Backdated {
		t.Error("the backdated entry is not marked so")
	}

	var page struct{ Items []map[string]any }
	a.mustDo(http.StatusOK, "GET", "/api/v1/ownership/transactions?company="+f.company+"&owner="+f.muni, nil).decode(t, &page)
	if len(page.Items) != 2 {
		t.Errorf("ledger = %v, want two entries", page.Items)
	}
	a.mustDo(http.StatusOK, "GET", "/api/v1/ownership/transactions?at=2009-06-30", nil).decode(t, &page)
	if len(page.Items) != 1 {
		t.Errorf("ledger as of 2009-06-30 = %v, want the backdated entry alone", page.Items)
	}
	a.mustDo(http.StatusBadRequest, "GET", "/api/v1/ownership/transactions?seller="+f.muni, nil)
	a.mustDo(http.StatusNotFound, "GET", "/api/v1/ownership/transactions/"+f.muni, nil)
	a.mustDo(http.StatusUnprocessableEntity, "GET", "/api/v1/organizations/"+f.muni+"/cap-table", nil)
	a.mustDo(http.StatusNotFound, "GET", "/api/v1/organizations/00000000-0000-7000-8000-000000000000/cap-table", nil)
}
