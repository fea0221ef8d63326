package exchange_test

import (
	"context"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestDescriptionRoundTrip exports steering lines whose descriptions, free
// text of several lines, begin or end with spaces or line breaks (as text
// pasted into a client often does, and which the registry keeps): the
// import keeps them as they are, so that the export imports again
// unchanged.
func TestDescriptionRoundTrip(t *testing.T) {
	ctx := viewer.System(context.Background())
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	from := registrytest.MustRegistry(t, now)
	day := koncern.Period{From: koncern.MustDate("2010-01-01")}
	muni, err := from.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Norra kommun", OrgNumber: ptr("212000-0001"), Period: day})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []string{"Se protokollet.\n", "  Indragen text", "\tTabb och två rader\nandra\n"} {
		board, err := from.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Nämnd " + string(rune('A'+i)), ParentID: &muni.ID, Period: day})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := from.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &muni.ID, ToOrganizationID: &board.ID,
			Kind: "mandate", Basis: "practice", Description: ptr(d), Period: day}); err != nil {
			t.Fatal(err)
		}
	}
	want := history(t, from)
	got := roundTrip(t, ctx, want, registrytest.MustRegistry(t, now))
	lines := registerNamed(got, "steering_lines")
	for i, row := range registerNamed(want, "steering_lines").Rows {
		if d, g := row[len(row)-3], lines.Rows[i][len(row)-3]; d != g {
			t.Errorf("description %q after the round trip, %q before", g, d)
		}
	}
}
