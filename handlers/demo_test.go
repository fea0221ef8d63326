package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/viewer"
)

// TestDemo checks the promises on the demo data through the API.
func TestDemo(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	holding := sum.HoldingCompany.String()

	t.Run("CompaniesListHoldingAndSubsidiaries", func(t *testing.T) {
		var page struct {
			Items []struct {
				ID       string  `json:"id"`
				Name     string  `json:"name"`
				ParentID *string `json:"parent_id"`
			} `json:"items"`
		}
		a.mustDo(http.StatusOK, "GET", "/api/v1/organizations?kind=company&limit=500", nil).decode(t, &page)
		subsidiaries := 0
		seen := false
		for _, o := range page.Items {
			if o.ID == holding {
				seen = o.Name == "Jönköpings Rådhus AB"
			}
			if o.ParentID != nil && *o.ParentID == holding {
				subsidiaries++
			}
		}
		if !seen || subsidiaries != 16 {
			t.Fatalf("companies: holding listed %v, %d subsidiaries under it, want 16", seen, subsidiaries)
		}
	})
	t.Run("HoldingsName16Subsidiaries", func(t *testing.T) {
		for _, at := range []string{"", "?at=2003-10-01"} {
			if got := a.ids("/api/v1/organizations/" + holding + "/holdings" + at); len(got) != 2*16 {
				t.Fatalf("holdings%s: %d stakes and companies, want 16 of each", at, len(got)/2)
			}
		}
	})
	t.Run("AsOfHidesLaterRecords", func(t *testing.T) {
		later := a.ids("/api/v1/organizations?kind=company&at=2004-06-01&limit=500")
		earlier := a.ids("/api/v1/organizations?kind=company&at=2003-06-01&limit=500")
		hidden := 0
		for id := range later {
			if !earlier[id] {
				hidden++
			}
		}
		if hidden == 0 {
			t.Fatal("no company formed in 2004 is hidden by at=2003-06-01")
		}
	})
	t.Run("TripleSteering", func(t *testing.T) {
		var page struct {
			Items []struct {
				Kind string `json:"kind"`
			} `json:"items"`
		}
		a.mustDo(http.StatusOK, "GET", "/api/v1/steering-lines?to_post="+sum.TripleSteeredHeadPost.String()+"&at=2003-10-01", nil).decode(t, &page)
		kinds := map[string]bool{}
		for _, l := range page.Items {
			kinds[l.Kind] = true
		}
		for _, k := range []string{"mandate", "coordination", "direct_political"} {
			if !kinds[k] {
				t.Errorf("the triple-steered head has no %s line on 2003-10-01 (has %v)", k, kinds)
			}
		}
	})
}
