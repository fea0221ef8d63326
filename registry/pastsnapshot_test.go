package registry_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/synthetic"
)

// TestPastHoldsTheReviews checks that the ownership LoadSnapshot loads of
// the years before a window (Data.Past) gives the annual reviews, and
// annual_review_missing's findings, that a whole snapshot of those years
// gives: on the demo and on six synthetic municipalities, whose companies
// are co-owned across their borders and change hands during the years,
// for each group and the whole registry.
func TestPastHoldsTheReviews(t *testing.T) {
	windows := []koncern.Period{period("2020-07-01", "2020-07-01"), period("2016-01-01"), period("2024-01-01", "2024-12-31")}
	t.Run("demo", func(t *testing.T) {
		r := registrytest.MustRegistry(t, now)
		if _, err := demo.Load(ctx, r); err != nil {
			t.Fatal(err)
		}
		comparePast(t, r, []*uuid.UUID{nil}, windows)
	})
	t.Run("synthetic", func(t *testing.T) {
		r := registrytest.MustRegistry(t, now)
		d, err := synthetic.National(0.02, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.BulkLoad(ctx, d.Bulk); err != nil {
			t.Fatal(err)
		}
		groups := []*uuid.UUID{nil}
		for i := range d.Municipalities {
			groups = append(groups, &d.Municipalities[i])
		}
		comparePast(t, r, groups, windows)
	})
}

func comparePast(t *testing.T, r *registry.Registry, groups []*uuid.UUID, windows []koncern.Period) {
	t.Helper()
	reviews := 0
	for _, g := range groups {
		for _, w := range windows {
			got := must(r.LoadSnapshot(ctx, g, w))(t)
			if got.Past == nil {
				t.Fatalf("window %s loaded no past", w)
			}
			reach, _ := analysis.ReviewReach(w)
			whole := must(r.LoadSnapshot(ctx, g, reach))(t)
			want := got
			want.Past = &whole
			a, b := analysis.NewSnapshot(w, got), analysis.NewSnapshot(w, want)
			if x, y := mustJSON(t, a.AnnualReviews()), mustJSON(t, b.AnnualReviews()); x != y {
				t.Errorf("group %v, window %s: annual reviews differ: %s", g, w, firstDifference(x, y))
			}
			only := analysis.Filter{Rules: []string{"annual_review_missing"}}
			if x, y := mustJSON(t, analysis.Findings(a, only)), mustJSON(t, analysis.Findings(b, only)); x != y {
				t.Errorf("group %v, window %s: findings differ: %s", g, w, firstDifference(x, y))
			}
			reviews += len(a.AnnualReviews())
			if len(got.Past.Posts)+len(got.Past.Lines)+len(got.Past.Documents) > 0 {
				t.Errorf("group %v, window %s: the past holds posts, lines or documents", g, w)
			}
		}
	}
	if reviews == 0 {
		t.Fatal("no annual review owed: the comparison proves nothing")
	}
}
