package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestMigrateTurnsOldReportingLines runs koncern migrate on a database of
// schema 6 holding one reporting line, written the way older versions
// wrote it, and checks that migrate says it turned the line around.
func TestMigrateTurnsOldReportingLines(t *testing.T) {
	ctx := viewer.System(context.Background())
	dsn := registrytest.DSN(t)
	db, err := registry.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	r := registry.New(db, v)
	from := koncern.Period{From: koncern.MustDate("2003-01-01")}
	muni, err := r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: from})
	if err != nil {
		t.Fatal(err)
	}
	var posts [2]koncern.Post
	for i, title := range []string{"Kommunchef", "Ekonomichef"} {
		if posts[i], err = r.CreatePost(ctx, koncern.PostInput{OrganizationID: muni.ID, Title: title, Role: "head", Period: from}); err != nil {
			t.Fatal(err)
		}
	}
	line, err := r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &posts[1].ID, ToPostID: &posts[0].ID,
		Kind: "reporting", Basis: "practice", Period: from})
	if err != nil {
		t.Fatal(err)
	}
	// Today's registry wrote it; the database goes back to schema 6.
	registrytest.Downgrade(t, db, 6)
	db.Close()

	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "turned 1 reporting lines") {
		t.Errorf("migrate says %q, want how many reporting lines it turned", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "turned") {
		t.Errorf("a second migrate says %q", out.String())
	}

	// The turned line, listed again by someone who writes the database,
	// is left as it is, and migrate says so.
	db, err = registry.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	registrytest.Exec(t, db, `INSERT INTO reporting_lines_to_reverse (id) VALUES (?)`, line.ID)
	db.Close()
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "left reporting line "+line.ID.String()+" as it is") || strings.Contains(out.String(), "turned") {
		t.Errorf("migrate of a laundered list says %q, want that it left the line", out.String())
	}
}
