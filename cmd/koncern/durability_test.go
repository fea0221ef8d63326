package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestBackup copies a seeded demo while a writer keeps adding people
// through the registry, then checks that the copy is a sound database
// holding the demo and a verifying audit chain, that it is a snapshot of the
// writer's acknowledged writes, and that a second backup refuses to
// overwrite the first.
func TestBackup(t *testing.T) {
	ctx := viewer.System(context.Background())
	dsn := registrytest.DSN(t)
	dir := t.TempDir()
	var out bytes.Buffer
	if registry.IsPostgres(dsn) {
		err := run(ctx, []string{"backup", "--db", dsn, filepath.Join(dir, "copy.db")}, &out, &out)
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
	demoPeople := r.DB().Client.Person.Query().IDsX(ctx)
	w := startWriter(t, r, 5)
	copyPath, before, after := backupBesideWrites(t, dsn, dir, w)
	all := w.stop()
	t.Logf("%d people acknowledged before the backup, %d by its end", len(before), len(after))
	checkCopy(t, copyPath, orgs)
	// The write in flight when the backup returned may be in the copy too.
	checkSnapshot(t, copyPath, demoPeople, all, len(before), min(len(after)+1, len(all)))
	err = run(ctx, []string{"backup", copyPath, "--db", dsn}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
}

// backupBesideWrites backs dsn up while w writes, and returns the copy's
// path with the ids w had acknowledged when the backup began and when it
// returned. A backup of a small database may finish between two of the
// writer's commits, which tests nothing, so it is taken again into a fresh
// file until the writer acknowledged a write while one was running.
func backupBesideWrites(t *testing.T, dsn, dir string, w *writer) (path string, before, after []uuid.UUID) {
	t.Helper()
	ctx := viewer.System(context.Background())
	const attempts = 50
	for i := range attempts {
		path = filepath.Join(dir, fmt.Sprintf("copy-%d.db", i))
		before = w.ids()
		var out bytes.Buffer
		err := run(ctx, []string{"backup", "--db", dsn, path}, &out, &out)
		after = w.ids()
		if err != nil {
			t.Fatal(err)
		}
		if len(after) > len(before) {
			return path, before, after
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("no write was acknowledged during any of %d backups", attempts)
	return "", nil, nil
}

// writer creates people one after another until stopped and keeps the id
// of every write the registry acknowledged, in order.
type writer struct {
	t     *testing.T
	mu    sync.Mutex
	acked []uuid.UUID
	warm  chan struct{} // closed once the first writes are acknowledged
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	err   error
}

// startWriter starts a writer and returns once it has had warmup writes
// acknowledged, so that a backup begins with the writer under way.
func startWriter(t *testing.T, r *registry.Registry, warmup int) *writer {
	t.Helper()
	from, err := koncern.ParseDate("2020-01-01")
	if err != nil {
		t.Fatal(err)
	}
	w := &writer{t: t, warm: make(chan struct{}), done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for i := 0; ; i++ {
			select {
			case <-w.done:
				return
			default:
			}
			in := koncern.PersonInput{Name: fmt.Sprintf("Skrivare %d", i)}
			in.From = from
			p, err := r.CreatePerson(viewer.System(context.Background()), in)
			if err != nil {
				w.err = err
				close(w.warm)
				return
			}
			w.mu.Lock()
			w.acked = append(w.acked, p.ID)
			w.mu.Unlock()
			if i+1 == warmup {
				close(w.warm)
			}
		}
	}()
	// A test that fails midway must not leave the writer running.
	t.Cleanup(w.halt)
	<-w.warm
	if w.err != nil {
		w.stop()
	}
	return w
}

// halt stops the writer after the write in flight.
func (w *writer) halt() {
	w.once.Do(func() { close(w.done) })
	w.wg.Wait()
}

// ids returns the ids acknowledged so far.
func (w *writer) ids() []uuid.UUID {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.acked)
}

// stop waits for the write in flight, stops the writer and returns every
// id it had acknowledged.
func (w *writer) stop() []uuid.UUID {
	w.t.Helper()
	w.halt()
	if w.err != nil {
		w.t.Fatalf("writer: %v", w.err)
	}
	return w.ids()
}

// checkSnapshot checks that the copy at path holds the demo's people and,
// of the writer's, the first n it acknowledged (acked, in order) for some
// n from least to most: one writer commits one person after another, so a
// snapshot holds a prefix of them, and the copy must hold at least the
// writes acknowledged before the backup began and at most those
// acknowledged or in flight when it returned.
func checkSnapshot(t *testing.T, path string, demo, acked []uuid.UUID, least, most int) {
	t.Helper()
	ctx := viewer.System(context.Background())
	db, err := registry.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	inCopy := map[uuid.UUID]bool{}
	for _, id := range db.Client.Person.Query().IDsX(ctx) {
		inCopy[id] = true
	}
	for _, id := range demo {
		if !inCopy[id] {
			t.Fatalf("copy lacks the demo's person %s", id)
		}
		delete(inCopy, id)
	}
	n := len(inCopy)
	if n < least || n > most {
		t.Fatalf("copy holds %d of the writer's people; want from %d (acknowledged before the backup) to %d (by its end)", n, least, most)
	}
	for i, id := range acked[:n] {
		if !inCopy[id] {
			t.Fatalf("copy holds %d of the writer's people but not its write number %d (%s)", n, i+1, id)
		}
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
