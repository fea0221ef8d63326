package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	entmigrate "github.com/koncernregistret/koncern/ent/migrate"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer/importertest"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

func TestSeed(t *testing.T) {
	dsn := registrytest.DSN(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--demo", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "demo data loaded") {
		t.Fatalf("output %q", out.String())
	}
	t.Run("ErrNotEmpty", func(t *testing.T) {
		err := run(context.Background(), []string{"seed", "--demo", "--db", dsn}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("second seed: %v", err)
		}
	})
	t.Run("ErrNoDataNamed", func(t *testing.T) {
		err := run(context.Background(), []string{"seed", "--db", dsn}, &out, &out)
		if err == nil || err.Error() != "seed: say which data to load: --demo or --synthetic national" {
			t.Fatalf("seed without --demo: %v", err)
		}
	})
}

// TestMigrate migrates an empty database and checks that every table of
// the schema is there, that schema_migrations records each file, and that
// the command names each migration it applied; then that a second run, and
// a run on a database a few versions behind, say exactly what they did.
func TestMigrate(t *testing.T) {
	ctx := viewer.System(context.Background())
	migrate := func(t *testing.T, dsn string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, []string{"migrate", "--db", dsn}, &out, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	dsn := registrytest.DSN(t)
	names := migrationFiles(t, dsn)
	latest := len(names)
	if got, want := migrate(t, dsn), appliedLines(names, 1)+fmt.Sprintf("schema is now at version %d\n", latest); got != want {
		t.Fatalf("migrate printed\n%s\nwant\n%s", got, want)
	}
	db, err := registry.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkSchema(t, db, latest)
	t.Run("UpToDate", func(t *testing.T) {
		if got, want := migrate(t, dsn), fmt.Sprintf("schema is up to date (version %d)\n", latest); got != want {
			t.Fatalf("second migrate printed %q, want %q", got, want)
		}
	})
	t.Run("Upgrade", func(t *testing.T) {
		dsn := registrytest.DSN(t)
		old, err := registry.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		err = old.MigrateTo(ctx, latest-2)
		old.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := migrate(t, dsn), appliedLines(names, latest-1)+fmt.Sprintf("schema is now at version %d\n", latest); got != want {
			t.Fatalf("migrate printed\n%s\nwant\n%s", got, want)
		}
	})
	var out bytes.Buffer
	t.Run("ErrUnknownCommand", func(t *testing.T) {
		err := run(context.Background(), []string{"frobnicate"}, &out, &out)
		if err == nil || err.Error() != "unknown command \"frobnicate\"\n"+usage {
			t.Fatalf("unknown command: %v", err)
		}
	})
	t.Run("ErrExtraArgument", func(t *testing.T) {
		err := run(context.Background(), []string{"migrate", "extra"}, &out, &out)
		if err == nil || err.Error() != `migrate: unexpected argument "extra"` {
			t.Fatalf("extra argument: %v", err)
		}
	})
}

// migrationFiles lists the migrations of dsn's dialect, as the binary
// embeds them, in order.
func migrationFiles(t *testing.T, dsn string) []string {
	t.Helper()
	dir := "../../registry/migrations/sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		dir = "../../registry/migrations/postgres"
	}
	names, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9][0-9]_*.sql"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations in %s: %v", dir, err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	return names
}

// appliedLines is what migrate prints for the migrations from version
// from on.
func appliedLines(names []string, from int) string {
	var b strings.Builder
	for v := from; v <= len(names); v++ {
		fmt.Fprintf(&b, "applied migration %d: %s\n", v, names[v-1])
	}
	return b.String()
}

// checkSchema checks that schema_migrations records versions 1 to latest
// and that every table of ent's schema exists.
func checkSchema(t *testing.T, db *registry.DB, latest int) {
	t.Helper()
	rows, err := db.SQL.QueryContext(context.Background(), `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var versions []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	if len(versions) != latest || versions[0] != 1 || versions[latest-1] != latest {
		t.Errorf("schema_migrations holds versions %v, want 1 to %d", versions, latest)
	}
	for _, table := range entmigrate.Tables {
		var n int
		if err := db.SQL.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table.Name).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table.Name, err)
		}
	}
}

// TestServe starts the server with the demo data, asks it for the
// companies, and stops it the way SIGTERM does, by cancelling its context.
// The load benchmark's ceiling route is served beside it.
func TestServe(t *testing.T) {
	addr, ceilingAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--db", registrytest.DSN(t), "--demo", "--ceiling-addr", ceilingAddr}, &out, &logs)
	}()
	waitHealthy(t, "http://"+addr+"/healthz", done)
	checkCeiling(t, "http://"+ceilingAddr+handlers.CeilingPath)
	companies := "http://" + addr + "/api/v1/organizations?kind=company&limit=500"
	if res, err := http.Get(companies); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous read without --public-read: %v %v, want 401", res.Status, err)
	}
	// The demo ends what it prints with where the web application is, an
	// administrator's token and the tour's ids, ready to paste.
	printed := out.String()
	if want := "Koncernregistret is at http://" + addr + "/ "; !strings.Contains(printed, want) {
		t.Errorf("the start page's address is not printed (%q):\n%s", want, printed)
	}
	_, export, ok := strings.Cut(printed, "  export BASE=http://"+addr+" TOKEN=")
	if !ok {
		t.Fatalf("no line of variables for the tour printed:\n%s", printed)
	}
	token, rest, _ := strings.Cut(export, " ")
	for _, name := range []string{"MUNI", "HOLDING", "STADSKONTORET", "POST_ID"} {
		if !regexp.MustCompile(name + `=[0-9a-f-]{36}\b`).MatchString(rest) {
			t.Errorf("the tour's %s is not printed: %s", name, rest)
		}
	}
	if !strings.HasSuffix(printed, "Stop the server with Ctrl-C.\n") {
		t.Errorf("the human block is not the last thing printed:\n%s", printed)
	}
	req, _ := http.NewRequest(http.MethodGet, companies, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Items []json.RawMessage }
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(page.Items) < 17 {
		t.Fatalf("%d companies served, want Rådhus AB and its 16 subsidiaries at least", len(page.Items))
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("no security headers: %v", res.Header)
	}
	checkHeaderLimit(t, "http://"+addr+"/healthz")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Fatalf("no graceful stop in the log: %s", logs.String())
	}
}

// checkCeiling expects the ceiling route to answer its precomputed body.
func checkCeiling(t *testing.T, url string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || !bytes.Equal(body, ceilingBody) {
		t.Fatalf("ceiling → %d %q, %v; want 200 with the ceiling body", res.StatusCode, body, err)
	}
}

// TestServeAddressTaken checks that a server whose address is taken says so
// and how to choose another, before it touches the database: a second make
// run must not remove the first one's demo file.
func TestServeAddressTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(db, []byte("the running server's data"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = cli(t, "serve", "--addr", ln.Addr().String(), "--db", db, "--demo", "--fresh")
	if err == nil || !strings.Contains(err.Error(), "--addr: the address "+ln.Addr().String()+" is taken") || !strings.Contains(err.Error(), "make run ADDR=") {
		t.Errorf("serve on a taken address: %v, want an error saying it is taken and how to choose another", err)
	}
	if b, err := os.ReadFile(db); err != nil || string(b) != "the running server's data" {
		t.Errorf("the database was touched: %q, %v", b, err)
	}
	// The benchmark's ceiling has an address of its own; its refusal names
	// that flag, not --addr, nor make run, which never sets it.
	_, err = cli(t, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "k.db"), "--ceiling-addr", ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "--ceiling-addr: the address "+ln.Addr().String()+" is taken") ||
		strings.Contains(err.Error(), "make run") {
		t.Errorf("serve with a taken ceiling address: %v, want an error naming --ceiling-addr", err)
	}
}

// TestFreshNeedsDemoOnSQLite checks that --fresh removes nothing it was not
// meant to: it goes only with the demo, on a SQLite file.
func TestFreshNeedsDemoOnSQLite(t *testing.T) {
	for _, args := range [][]string{{"--fresh"}, {"--fresh", "--demo", "--db", "postgres://localhost/x"}} {
		_, err := cli(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "--fresh goes with --demo on a SQLite file") {
			t.Errorf("serve %v: %v", args, err)
		}
	}
}

// TestServeBadAddress checks that an address that cannot be listened on is
// refused naming --addr and the form it takes.
func TestServeBadAddress(t *testing.T) {
	for _, addr := range []string{"localhost", "127.0.0.1:99999"} {
		t.Run(addr, func(t *testing.T) {
			_, err := cli(t, "serve", "--addr", addr, "--db", filepath.Join(t.TempDir(), "x.db"))
			if err == nil || !strings.Contains(err.Error(), "--addr "+addr) || !strings.Contains(err.Error(), "HOST:PORT") {
				t.Fatalf("serve --addr %s: %v, want an error naming --addr and its form", addr, err)
			}
		})
	}
}

// TestFreshRemovesOnlyASQLiteFile checks that --fresh refuses, and leaves
// alone, a file --db names that is not a SQLite database, and a directory.
func TestFreshRemovesOnlyASQLiteFile(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A server that wrongly starts stops at once, on the ended context.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, path := range map[string]string{"TextFile": notes, "Directory": dir} {
		t.Run(name, func(t *testing.T) {
			err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", path, "--demo", "--fresh"}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "--fresh") {
				t.Fatalf("serve --fresh --db %s: %v, want a refusal naming --fresh", path, err)
			}
		})
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "not a database" {
		t.Errorf("the file was touched: %q, %v", b, err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the directory is gone: %v", err)
	}
}

func TestVersion(t *testing.T) {
	out, err := cli(t, "version")
	if err != nil || !strings.HasPrefix(out, "koncern ") || !strings.Contains(out, "built with go") {
		t.Errorf("version: %q, %v", out, err)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, url string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v", err)
		default:
		}
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server did not become healthy")
}

// TestSeedSynthetic loads the national dataset at a hundredth of its size:
// three municipalities.
func TestSeedSynthetic(t *testing.T) {
	dsn := registrytest.DSN(t)
	var out bytes.Buffer
	args := []string{"seed", "--synthetic", "national", "--scale", "0.01", "--seed", "3", "--db", dsn}
	if err := run(context.Background(), args, &out, &out); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "synthetic national data loaded: scale 0.01, seed 3: 3 municipalities") ||
		!strings.Contains(s, "triple_steering=") {
		t.Fatalf("output %q", s)
	}
	t.Run("ErrNotEmpty", func(t *testing.T) {
		err := run(context.Background(), args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("second seed: %v", err)
		}
	})
	for _, c := range []struct{ name, want string }{
		{"--demo --synthetic national", "exclusive"},
		{"--synthetic regional", "unknown synthetic dataset"},
		{"--synthetic national --scale 0", "scale must be above 0"},
		{"--synthetic national --scale lots", "invalid value"},
	} {
		t.Run("Err "+c.name, func(t *testing.T) {
			err := run(context.Background(), append(append([]string{"seed"}, strings.Fields(c.name)...), "--db", dsn), &out, &out)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("seed %s: %v, want an error saying %q", c.name, err, c.want)
			}
		})
	}
}

// TestImport imports a workbook from the command line: a dry run writes
// nothing, the import creates, a second import leaves everything as it is,
// and a broken file lists its problems.
func TestImport(t *testing.T) {
	dsn := registrytest.DSN(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "group.xlsx")
	writeWorkbook(t, book, map[string][][]any{
		"organizations": {
			{"kind", "name", "org_number", "parent_org_number", "total_shares", "total_votes", "valid_from"},
			{"municipality", "Testkommun", "212000-0142", "", "", "", "2003-01-01"},
			{"company", "Testbolaget AB", "556000-0019", "212000-0142", 100, 100, "2003-01-01"},
		},
		"stakes": {
			{"owner_org_number", "company_name", "shares", "votes", "valid_from"},
			{"212000-0142", "Testbolaget AB", 100, 100, "2003-01-01"},
		},
	})
	imp := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"import"}, append(args, "--db", dsn)...), &out, &out)
		return out.String(), err
	}
	if out, err := imp(book, "--dry-run"); err != nil || !strings.Contains(out, "nothing written") || !strings.Contains(out, "organizations      2 created") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if out, err := imp(book); err != nil || !strings.Contains(out, "organizations      2 created") {
		t.Fatalf("import after dry run: %v\n%s", err, out)
	}
	if out, err := imp(book); err != nil || !strings.Contains(out, "stakes             0 created    1 unchanged") {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	t.Run("ErrProblems", func(t *testing.T) {
		csv := filepath.Join(dir, "people.csv")
		if err := os.WriteFile(csv, []byte("name,email,valid_from\nAnna,nope,2003-01-01\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := imp(csv)
		if err == nil || !strings.Contains(out, "people!B2 (email): must be an e-mail address") {
			t.Fatalf("broken CSV: %v\n%s", err, out)
		}
	})
	t.Run("ErrNoFile", func(t *testing.T) {
		if _, err := imp(); err == nil {
			t.Fatal("import without a file succeeded")
		}
	})
}

func writeWorkbook(t *testing.T, path string, sheets map[string][][]any) {
	t.Helper()
	if err := os.WriteFile(path, importertest.Workbook(t, sheets), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAuditVerify checks the chain of a freshly seeded demo, then breaks
// it and expects the command to fail (exit code 1) naming the seq.
func TestAuditVerify(t *testing.T) {
	ctx := viewer.System(context.Background())
	dsn := registrytest.DSN(t)
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--db", dsn}, &out, &out); err != nil || !strings.Contains(out.String(), "audit chain ok") {
		t.Fatalf("verify on the demo: %v, %q", err, out.String())
	}
	r, err := open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.DB().SQL.ExecContext(ctx, `UPDATE audit_events SET actor = 'mallory' WHERE seq = 2`)
	r.DB().Close()
	if err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"audit", "verify", "--db", dsn}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "seq 2") {
		t.Fatalf("verify after tampering: %v", err)
	}
}

// checkHeaderLimit sends headers above handlers.MaxHeaderBytes (and net/http's slack
// of 4 KiB) and expects them refused before any handler runs, as a problem
// like every other error.
func checkHeaderLimit(t *testing.T, url string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Padding", strings.Repeat("a", handlers.MaxHeaderBytes+8<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("oversized headers → %d %s, want 431 as a problem", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
