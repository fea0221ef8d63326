package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestBackup copies a seeded demo while a writer keeps adding people
// through the registry, then checks that the copy is a sound database
// holding the demo and a verifying audit chain, and that a second backup
// refuses to overwrite the first.
func TestBackup(t *testing.T) {
	ctx := viewer.System(context.Background())
	dsn := registrytest.DSN(t)
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var out bytes.Buffer
	if registry.IsPostgres(dsn) {
		err := run(ctx, []string{"backup", "--db", dsn, copyPath}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup of PostgreSQL: %v, want advice to use pg_dump", err)
		}
		return
	}
	if err := run(ctx, []string{"seed", "--demo", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	r, err := open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer r.DB().Close()
	orgs := r.DB().Client.Organization.Query().CountX(ctx)
	stop := writeUntilStopped(t, r)
	time.Sleep(20 * time.Millisecond) // let the writer get going
	err = run(ctx, []string{"backup", "--db", dsn, copyPath}, &out, &out)
	n := stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d people written beside the backup", n)
	checkCopy(t, copyPath, orgs)
	err = run(ctx, []string{"backup", copyPath, "--db", dsn}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
}

// writeUntilStopped creates people until stop is called; stop returns how
// many it created.
func writeUntilStopped(t *testing.T, r *registry.Registry) func() int {
	t.Helper()
	var (
		wg   sync.WaitGroup
		done = make(chan struct{})
		n    int
		werr error
	)
	from, err := koncern.ParseDate("2020-01-01")
	if err != nil {
		t.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			in := koncern.PersonInput{Name: fmt.Sprintf("Skrivare %d", i)}
			in.From = from
			if _, werr = r.CreatePerson(viewer.System(context.Background()), in); werr != nil {
				return
			}
			n++
		}
	}()
	return func() int {
		close(done)
		wg.Wait()
		if werr != nil {
			t.Fatalf("writer: %v", werr)
		}
		return n
	}
}

// checkCopy opens the backup and checks its integrity, that it holds the
// demo's organisations, and that its audit chain verifies.
func checkCopy(t *testing.T, path string, orgs int) {
	t.Helper()
	ctx := viewer.System(context.Background())
	db, err := registry.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if got := db.Client.Organization.Query().CountX(ctx); got != orgs || orgs == 0 {
		t.Fatalf("copy holds %d organisations, the demo %d", got, orgs)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--db", path}, &out, &out); err != nil {
		t.Fatalf("audit verify on the copy: %v", err)
	}
	if err := run(ctx, []string{"check", "--db", path}, &out, &out); err != nil || !strings.Contains(out.String(), "integrity ok") {
		t.Fatalf("check on the copy: %v %q", err, out.String())
	}
}
