package synthetic_test

import (
	"context"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/synthetic"
	"github.com/koncernregistret/koncern/viewer"
)

// TestLoad bulk-loads scale 0.01 into a real database (SQLite, or
// PostgreSQL under KONCERN_TEST_POSTGRES) and reads it back through the
// registry's checked API.
func TestLoad(t *testing.T) {
	ctx := viewer.System(context.Background())
	r := registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	sum, err := synthetic.Load(ctx, r, 0.01, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(sum)
	d, err := synthetic.National(0.01, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := synthetic.Summarize(d); sum.Organizations != want.Organizations || sum.Assignments != want.Assignments {
		t.Fatalf("summary %+v, dataset %+v", sum, want)
	}
	companies, err := r.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "company",
		MunicipalityID: &d.Municipalities[0], ListOptions: registry.ListOptions{Limit: registry.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	if len(companies.Items) == 0 {
		t.Fatal("the first municipality has no companies in force today")
	}
	day := koncern.MustDate("2020-06-01")
	heads, err := r.ListPosts(ctx, registry.PostFilter{Role: "head", ListOptions: registry.ListOptions{At: &day, Limit: registry.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	if len(heads.Items) < 3*10 {
		t.Fatalf("%d head posts on %s in three municipalities", len(heads.Items), day)
	}
	_, err = synthetic.Load(ctx, r, 0.01, 2)
	if code := koncern.ErrorCode(err); code != koncern.ECONFLICT {
		t.Fatalf("second load: %v, want %s", err, koncern.ECONFLICT)
	}
}
