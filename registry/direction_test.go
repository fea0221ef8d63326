package registry_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// oldOffice is what a registry of the version before migration 7 held: a
// manager and an officer, the manager's line-management line, and the
// officer's reporting line stored the old way, from the officer to the
// manager. A new version reads that line as the officer steering the
// manager, a circle.
type oldOffice struct {
	muni, neighbour        koncern.Organization
	manager, officer       koncern.Post
	manages, reports, kept koncern.SteeringLine
	// Across borders: an officer of the neighbouring municipality who
	// reports to Habo's manager, and an outside company that reports to
	// him; the lines now belong to the steered end's municipality, or to
	// the steering end's when the steered end stands outside every group.
	neighbourReports, outsideReports koncern.SteeringLine
}

func writeOldOffice(t *testing.T, r *registry.Registry) oldOffice {
	t.Helper()
	var o oldOffice
	o.muni = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", OrgNumber: ptr("212000-1785"), Period: period("2003-01-01")}))(t)
	office := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "administration", Name: "Kommunkontoret", ParentID: &o.muni.ID, Period: period("2003-01-01")}))(t)
	post := func(title string) koncern.Post {
		return must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: office.ID, Title: title, Role: "head", Period: period("2003-01-01")}))(t)
	}
	o.manager, o.officer = post("Kommunchef"), post("Ekonomichef")
	line := func(from, to uuid.UUID, kind string) koncern.SteeringLine {
		return must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &from, ToPostID: &to, Kind: kind, Basis: "practice", Period: period("2003-01-01")}))(t)
	}
	o.manages = line(o.manager.ID, o.officer.ID, "line_management")
	o.reports = line(o.officer.ID, o.manager.ID, "reporting")
	// A reporting line whose kind is changed after the upgrade listed it
	// is no reporting line any more when the registry opens.
	o.kept = line(o.officer.ID, o.manager.ID, "reporting")
	o.neighbour = must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Mullsjö kommun", OrgNumber: ptr("212000-1777"), Period: period("2003-01-01")}))(t)
	neighbourOffice := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "administration", Name: "Kommunkontoret", ParentID: &o.neighbour.ID, Period: period("2003-01-01")}))(t)
	neighbour := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: neighbourOffice.ID, Title: "Ekonomichef", Role: "head", Period: period("2003-01-01")}))(t)
	o.neighbourReports = line(neighbour.ID, o.manager.ID, "reporting")
	outside := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Konsult AB", TotalShares: i64(100), TotalVotes: i64(100), Period: period("2003-01-01")}))(t)
	o.outsideReports = must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromOrganizationID: &outside.ID, ToPostID: &o.manager.ID,
		Kind: "reporting", Basis: "practice", Period: period("2003-01-01")}))(t)
	return o
}

// cycles counts the reporting_cycle findings of the registry over 2003.
func cycles(t *testing.T, r *registry.Registry) int {
	t.Helper()
	d := must(r.LoadSnapshot(ctx, nil, period("2003-01-01", "2003-12-31")))(t)
	s := analysis.NewSnapshot(period("2003-01-01", "2003-12-31"), d)
	return len(analysis.Findings(s, analysis.Filter{Rules: []string{"reporting_cycle"}}))
}

// newestEvent is the newest audit event of a record.
func newestEvent(t *testing.T, r *registry.Registry, id uuid.UUID) registry.AuditEvent {
	t.Helper()
	page := must(r.ListAuditEvents(ctx, registry.AuditFilter{EntityID: id.String(), Limit: registry.MaxLimit}))(t)
	if len(page.Items) == 0 {
		t.Fatalf("no audit event for %s", id)
	}
	return page.Items[len(page.Items)-1]
}

// TestUpgradeReversesReportingLines opens, the way every command does, a
// registry whose reporting lines an older version wrote, and checks that
// they now run from the post reported to, through audited updates.
func TestUpgradeReversesReportingLines(t *testing.T) {
	dsn := registrytest.DSN(t)
	db := must(registry.Open(ctx, dsn))(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	old := registry.New(db, must(koncern.NewValidator())(t))
	o := writeOldOffice(t, old)
	registrytest.Downgrade(t, db, 6)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	kept := must(old.UpdateSteeringLine(ctx, o.kept.ID, o.kept.Version, koncern.SteeringLinePatch{Kind: koncern.Opt[string]{Set: true, Value: "mandate"}}))(t)
	if n := cycles(t, old); n != 1 {
		t.Fatalf("before the upgrade the new analysis finds %d cycles in the old data, want the 1 the test is about", n)
	}
	// A moment after the older version wrote and before the upgrade.
	beforeUpgrade := time.Now()
	db.Close()

	r, up, err := registry.OpenUpgraded(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.DB().Close() })

	t.Run("TurnsTheOldReportingLine", func(t *testing.T) {
		if up.ReversedReportingLines != 3 {
			t.Errorf("reversed %d reporting lines, want 3", up.ReversedReportingLines)
		}
		got := must(r.GetSteeringLine(ctx, o.reports.ID))(t)
		if *got.FromPostID != o.manager.ID || *got.ToPostID != o.officer.ID || got.Version != o.reports.Version+1 {
			t.Errorf("reporting line from %v to %v at version %d, want from the manager to the officer at %d",
				*got.FromPostID, *got.ToPostID, got.Version, o.reports.Version+1)
		}
		if got.MunicipalityID == nil || *got.MunicipalityID != o.muni.ID || got.Kind != "reporting" || got.Period != o.reports.Period {
			t.Errorf("the turned line changed more than its ends: %+v", got)
		}
		if n := cycles(t, r); n != 0 {
			t.Errorf("%d reporting cycles after the upgrade, want none", n)
		}
	})
	t.Run("MunicipalityFollowsTheSteeredEnd", func(t *testing.T) {
		for _, c := range []struct {
			line koncern.SteeringLine
			muni uuid.UUID
		}{{o.neighbourReports, o.neighbour.ID}, {o.outsideReports, o.muni.ID}} {
			if *c.line.MunicipalityID != o.muni.ID {
				t.Fatalf("the older version put the line in %v, want Habo", *c.line.MunicipalityID)
			}
			got := must(r.GetSteeringLine(ctx, c.line.ID))(t)
			if got.FromPostID == nil || *got.FromPostID != o.manager.ID || got.MunicipalityID == nil || *got.MunicipalityID != c.muni {
				t.Errorf("turned line from %v in %v, want from Habo's manager in %v", got.FromPostID, got.MunicipalityID, c.muni)
			}
		}
	})
	t.Run("LeavesOtherLines", func(t *testing.T) {
		for _, want := range []koncern.SteeringLine{o.manages, kept} {
			if got := must(r.GetSteeringLine(ctx, want.ID))(t); !reflect.DeepEqual(got, want) {
				t.Errorf("changed by the upgrade:\n got %+v\nwant %+v", got, want)
			}
		}
	})
	t.Run("AuditedBySystem", func(t *testing.T) {
		e := newestEvent(t, r, o.reports.ID)
		if e.Actor != "system" || e.Operation != "update" {
			t.Errorf("newest event of the turned line: %s by %s, want update by system", e.Operation, e.Actor)
		}
		var before, after koncern.SteeringLine
		if err := json.Unmarshal(e.Before, &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(e.After, &after); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, o.reports) {
			t.Errorf("event's before %+v, want the old record %+v", before, o.reports)
		}
		if stored := must(r.GetSteeringLine(ctx, o.reports.ID))(t); !reflect.DeepEqual(after, stored) {
			t.Errorf("event's after %+v, want the stored record %+v", after, stored)
		}
		if check := must(r.VerifyAudit(ctx))(t); !check.OK {
			t.Errorf("audit chain after the upgrade: %+v", check)
		}
	})
	t.Run("Reconciles", func(t *testing.T) {
		// The turned lines are as their newest events say: koncern check
		// finds nothing after an upgrade.
		if got := reconcile(t, r); len(got) != 0 {
			t.Errorf("discrepancies after the upgrade: %q", got)
		}
	})
	t.Run("RecordedBeforeTheUpgrade", func(t *testing.T) {
		// What was recorded before the upgrade meant what it means now,
		// so it reads the way lines run now.
		then := registry.AsRecorded(ctx, beforeUpgrade)
		got := must(r.GetSteeringLine(then, o.reports.ID))(t)
		if *got.FromPostID != o.manager.ID || *got.ToPostID != o.officer.ID || got.Version != o.reports.Version {
			t.Errorf("recorded before the upgrade: from %v to %v at version %d, want from the manager at version %d",
				*got.FromPostID, *got.ToPostID, got.Version, o.reports.Version)
		}
		d := must(r.LoadSnapshot(then, nil, period("2003-01-01", "2003-12-31")))(t)
		s := analysis.NewSnapshot(period("2003-01-01", "2003-12-31"), d)
		if n := len(analysis.Findings(s, analysis.Filter{Rules: []string{"reporting_cycle"}})); n != 0 {
			t.Errorf("%d reporting cycles as recorded before the upgrade, want none", n)
		}
	})
	t.Run("OnceOnly", func(t *testing.T) {
		// A line written the new way after the upgrade is never turned.
		fresh := must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &o.manager.ID, ToPostID: &o.officer.ID,
			Kind: "reporting", Basis: "observed", Period: period("2003-06-01")}))(t)
		r2, up, err := registry.OpenUpgraded(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer r2.DB().Close()
		if up.ReversedReportingLines != 0 {
			t.Errorf("a second opening turned %d lines", up.ReversedReportingLines)
		}
		for _, want := range []koncern.SteeringLine{fresh, must(r.GetSteeringLine(ctx, o.reports.ID))(t)} {
			if got := must(r2.GetSteeringLine(ctx, want.ID))(t); !reflect.DeepEqual(got, want) {
				t.Errorf("changed by a second opening:\n got %+v\nwant %+v", got, want)
			}
		}
	})
	t.Run("ErrLaunderedLine", func(t *testing.T) {
		// Someone who can write the database lists a line written the new
		// way, and one the upgrade turned already, so that the next
		// opening turns them as the system, in a chain that verifies.
		fresh := must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &o.manager.ID, ToPostID: &o.officer.ID,
			Kind: "reporting", Basis: "observed", Period: period("2003-07-01")}))(t)
		turned := must(r.GetSteeringLine(ctx, o.reports.ID))(t)
		for _, id := range []uuid.UUID{fresh.ID, turned.ID} {
			registrytest.Exec(t, r.DB(), `INSERT INTO reporting_lines_to_reverse (id) VALUES (?)`, id)
		}
		r2, up, err := registry.OpenUpgraded(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer r2.DB().Close()
		if up.ReversedReportingLines != 0 || len(up.RefusedReportingLines) != 2 {
			t.Errorf("turned %d listed lines and refused %v, want none turned and both refused", up.ReversedReportingLines, up.RefusedReportingLines)
		}
		for _, want := range []koncern.SteeringLine{fresh, turned} {
			if got := must(r2.GetSteeringLine(ctx, want.ID))(t); !reflect.DeepEqual(got, want) {
				t.Errorf("a listed line was turned:\n got %+v\nwant %+v", got, want)
			}
		}
		if check := must(r2.VerifyAudit(ctx))(t); !check.OK {
			t.Errorf("audit chain: %+v", check)
		}
		if got := reconcile(t, r2); len(got) != 0 {
			t.Errorf("discrepancies: %q", got)
		}
	})
}

// TestUpgradeResumesOnBulkLoadedLines upgrades a registry an older version
// bulk-loaded, whose reporting lines have no event of their own, and stops
// the upgrade half-way: the database is left as a server that died between
// two batches leaves it, with the boundary chained and half the lines
// still listed. The next opening turns the rest.
func TestUpgradeResumesOnBulkLoadedLines(t *testing.T) {
	dsn := registrytest.DSN(t)
	db := must(registry.Open(ctx, dsn))(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	d := mustSynthetic(t, 0.01)
	// The database goes back to version 6, whose documents have no
	// columns for the rule book's fields; the documents that fill them
	// (articles, resolutions, annual reviews) cite nothing, so they are
	// left out rather than silently cut.
	d.Documents = slices.DeleteFunc(d.Documents, func(x koncern.Document) bool {
		return len(x.SubjectIDs) > 0 || x.RefersToID != nil || x.Year != nil
	})
	if err := registry.New(db, must(koncern.NewValidator())(t)).BulkLoad(ctx, d.Bulk); err != nil {
		t.Fatal(err)
	}
	var old []koncern.SteeringLine
	for _, l := range d.Bulk.SteeringLines {
		if l.Kind == "reporting" {
			old = append(old, l)
		}
	}
	if len(old) < 2 {
		t.Fatalf("the dataset has %d reporting lines, want some to turn", len(old))
	}
	registrytest.Downgrade(t, db, 6)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	half := old[len(old)/2:]
	registrytest.Exec(t, db, `CREATE TABLE later (id uuid NOT NULL)`)
	for _, l := range half {
		registrytest.Exec(t, db, `INSERT INTO later (id) VALUES (?)`, l.ID)
		registrytest.Exec(t, db, `DELETE FROM reporting_lines_to_reverse WHERE id = ?`, l.ID)
	}
	db.Close()

	r1, up1 := must2(registry.OpenUpgraded(ctx, dsn))(t)
	registrytest.Exec(t, r1.DB(), `INSERT INTO reporting_lines_to_reverse (id) SELECT id FROM later`)
	r1.DB().Close()
	r, up2 := must2(registry.OpenUpgraded(ctx, dsn))(t)
	t.Cleanup(func() { r.DB().Close() })

	if up1.ReversedReportingLines+up2.ReversedReportingLines != len(old) || len(up2.RefusedReportingLines) != 0 {
		t.Errorf("turned %d and then %d, refusing %v, want %d in all and none refused",
			up1.ReversedReportingLines, up2.ReversedReportingLines, up2.RefusedReportingLines, len(old))
	}
	for _, want := range old {
		got := must(r.GetSteeringLine(ctx, want.ID))(t)
		if !reflect.DeepEqual(got.FromPostID, want.ToPostID) || !reflect.DeepEqual(got.FromOrganizationID, want.ToOrganizationID) {
			t.Fatalf("line %s was not turned: from %v, %v", want.ID, got.FromPostID, got.FromOrganizationID)
		}
	}
	if check := must(r.VerifyAudit(ctx))(t); !check.OK {
		t.Errorf("audit chain: %+v", check)
	}
	if got := reconcile(t, r); len(got) != 0 {
		t.Errorf("discrepancies: %q", got)
	}
}
