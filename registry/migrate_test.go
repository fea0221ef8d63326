package registry_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// latestVersion is the newest migration; raise it with each new file.
const latestVersion = 10

func openRaw(t *testing.T) *registry.DB {
	t.Helper()
	db, err := registry.Open(ctx, registrytest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrationsMatchEntSchema fails when ent's schema has tables, columns
// or indexes that the migrations do not create: ent's auto-migration is
// asked what it would change after the migrations ran, and must say nothing.
func TestMigrationsMatchEntSchema(t *testing.T) {
	db := openRaw(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var plan bytes.Buffer
	if err := db.Client.Schema.WriteTo(ctx, &plan); err != nil {
		t.Fatal(err)
	}
	if s := strings.TrimSpace(plan.String()); s != "" {
		t.Fatalf("ent's schema differs from the migrations; add a migration with:\n%s", s)
	}
	if v := must(db.SchemaVersion(ctx))(t); v != latestVersion {
		t.Fatalf("schema version %d, want %d", v, latestVersion)
	}
}

// TestUpgradeKeepsData fills a database through the registry, takes it
// back to the previous schema version (registrytest.Downgrade), upgrades
// it and checks that every record and the audit chain survive and the
// newest migration's work is there.
func TestUpgradeKeepsData(t *testing.T) {
	db := openRaw(t)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	r := registry.New(db, must(koncern.NewValidator())(t))
	g := mustGroup(t, r)
	before := []koncern.Organization{g.muni, g.committee, g.holding, g.sub}
	registrytest.Downgrade(t, db, latestVersion-1)
	if newestApplied(t, db) {
		t.Fatal("the newest migration's work is there before the upgrade")
	}

	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil { // a second run changes nothing
		t.Fatal(err)
	}
	if v := must(db.SchemaVersion(ctx))(t); v != latestVersion {
		t.Fatalf("schema version %d, want %d", v, latestVersion)
	}
	for _, o := range before {
		got := must(r.GetOrganization(ctx, o.ID))(t)
		if !reflect.DeepEqual(got, o) {
			t.Errorf("after upgrade\n got %+v\nwant %+v", got, o)
		}
	}
	check := must(r.VerifyAudit(ctx))(t)
	if check.Broken != nil || check.Count == 0 {
		t.Fatalf("audit after upgrade: %+v", check)
	}
	if !newestApplied(t, db) {
		t.Fatal("the upgrade did not make the table of recommendations")
	}
}

// TestMigrateAutoMigratedDatabase takes a database made by ent's
// auto-migration, as every database was before versioned migrations, and
// checks that Migrate adopts it without losing its records.
func TestMigrateAutoMigratedDatabase(t *testing.T) {
	db := openRaw(t)
	if err := db.Client.Schema.Create(ctx); err != nil {
		t.Fatal(err)
	}
	r := registry.New(db, must(koncern.NewValidator())(t))
	g := mustGroup(t, r)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if v := must(db.SchemaVersion(ctx))(t); v != latestVersion {
		t.Fatalf("schema version %d, want %d", v, latestVersion)
	}
	if got := must(r.GetOrganization(ctx, g.sub.ID))(t); !reflect.DeepEqual(got, g.sub) {
		t.Fatalf("got %+v, want %+v", got, g.sub)
	}
}

// newestApplied reports whether the newest migration's work is in db: the
// table of the audit reports' recommendations.
func newestApplied(t *testing.T, db *registry.DB) bool {
	t.Helper()
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'recommendations'`
	if db.Dialect == dialect.Postgres {
		q = `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'recommendations'`
	}
	var n int
	if err := db.SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}
