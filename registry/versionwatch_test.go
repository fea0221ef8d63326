package registry_test

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// servers opens two registries on one fresh database, as two API servers
// on one PostgreSQL (or one SQLite file) would be.
func servers(t *testing.T) (watching, other *registry.Registry) {
	t.Helper()
	dsn := registrytest.DSN(t)
	open := func() *registry.Registry {
		db := must(registry.Open(ctx, dsn))(t)
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return registry.New(db, must(koncern.NewValidator())(t))
	}
	return open(), open()
}

func watch(t *testing.T, r *registry.Registry) {
	t.Helper()
	stop := must(r.WatchVersions(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))))(t)
	t.Cleanup(stop)
}

// eventually polls cond for up to five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("after 5 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// seqOf is the seq of the newest event of the trail, read from the
// database itself.
func seqOf(t *testing.T, r *registry.Registry) int64 {
	t.Helper()
	var seq int64
	if err := r.DB().SQL.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM audit_events`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// seesEveryWrite writes through other and through watching, turn by turn,
// and wants watching's version to include each write the moment it is
// acknowledged. On PostgreSQL it also wants every lease that has not run
// out to have seen the write by then, and the lease to have answered most
// turns; on SQLite there is no lease.
func seesEveryWrite(t *testing.T, watching, other *registry.Registry, turns int) {
	t.Helper()
	postgres := watching.DB().Dialect == dialect.Postgres
	held := 0
	for i := range turns {
		writer := other
		if i%4 == 3 {
			writer = watching
		}
		if _, err := writer.CreatePerson(ctx, koncern.PersonInput{Name: fmt.Sprintf("Person %d", i), Period: period("2003-01-01")}); err != nil {
			t.Fatal(err)
		}
		seq := seqOf(t, writer)
		if postgres {
			if behind := leasesBehind(t, writer, seq); behind != 0 {
				t.Fatalf("turn %d: the write of event %d was acknowledged while %d leases had not seen it", i, seq, behind)
			}
		}
		lease := watching.LeaseHeld()
		v := must(watching.Version(ctx))(t)
		if v < seq {
			t.Fatalf("turn %d: version %d after the write of event %d was acknowledged (lease held: %v)", i, v, seq, lease)
		}
		if lease && watching.LeaseHeld() {
			held++
		}
	}
	switch {
	case !postgres && held > 0:
		t.Fatalf("a lease held on %d turns on SQLite", held)
	case postgres && held < turns/2:
		t.Fatalf("the lease held on %d of %d turns", held, turns)
	}
}

// leasesBehind counts the leases that have not run out and have seen less
// than seq.
func leasesBehind(t *testing.T, r *registry.Registry, seq int64) int {
	t.Helper()
	var n int
	q := `SELECT count(*) FROM version_leases WHERE seen < $1 AND expires_at > now()`
	if err := r.DB().SQL.QueryRowContext(ctx, q, seq).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestVersionLease: a server that holds a version lease answers with a
// version that includes every write acknowledged before it asked, by
// itself or by another server. On SQLite there is no lease, and the version
// is read every time.
func TestVersionLease(t *testing.T) {
	watching, other := servers(t)
	watch(t, watching)
	if watching.DB().Dialect == dialect.Postgres {
		eventually(t, "the lease is held", watching.LeaseHeld)
	}
	seesEveryWrite(t, watching, other, 40)
	t.Run("ErrWatchedTwice", func(t *testing.T) {
		if watching.DB().Dialect != dialect.Postgres {
			t.Skip("SQLite has no lease to watch twice")
		}
		if _, err := watching.WatchVersions(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
			t.Fatal("a second watch of one registry was accepted")
		}
	})
}

// TestVersionLeaseLostConnection: when the lease's connection is cut, the
// server's version still has every acknowledged write (the writer waits for
// the lease, or the server asks the database), and the server reconnects
// and holds a lease again.
func TestVersionLeaseLostConnection(t *testing.T) {
	watching, other := servers(t)
	if watching.DB().Dialect != dialect.Postgres {
		t.Skip("the version lease is PostgreSQL's; SQLite reads the version every time (TestVersionLease)")
	}
	watch(t, watching)
	eventually(t, "the lease is held", watching.LeaseHeld)
	pid := leaseBackend(t, watching)
	var cut bool
	if err := watching.DB().SQL.QueryRowContext(ctx, `SELECT pg_terminate_backend($1)`, pid).Scan(&cut); err != nil || !cut {
		t.Fatalf("cut the lease connection %d: %v %v", pid, cut, err)
	}
	for i := range 3 {
		if _, err := other.CreatePerson(ctx, koncern.PersonInput{Name: fmt.Sprintf("Meanwhile %d", i), Period: period("2003-01-01")}); err != nil {
			t.Fatal(err)
		}
		if v, seq := must(watching.Version(ctx))(t), seqOf(t, other); v < seq {
			t.Fatalf("after the cut: version %d after the write of event %d", v, seq)
		}
	}
	eventually(t, "a new lease connection holds the lease", func() bool {
		return watching.LeaseHeld() && leaseBackend(t, watching) != pid
	})
	seesEveryWrite(t, watching, other, 8)
}

// leaseBackend is the process id of the lease connection of the test's
// schema, or 0 while there is none.
func leaseBackend(t *testing.T, r *registry.Registry) int {
	t.Helper()
	var pid int
	q := `SELECT COALESCE(MAX(pid), 0) FROM pg_stat_activity WHERE application_name = (` + channelOf + `)`
	if err := r.DB().SQL.QueryRowContext(ctx, q).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestVersionLeaseSlowRenewal: a write that commits while a renewal is on
// its way (here, while the lease row waits in a trigger) does not wait for
// that lease, since its row is not committed yet; the version the renewal
// ends with must have the write all the same.
func TestVersionLeaseSlowRenewal(t *testing.T) {
	watching, other := servers(t)
	if watching.DB().Dialect != dialect.Postgres {
		t.Skip("the version lease is PostgreSQL's; SQLite reads the version every time (TestVersionLease)")
	}
	slow := []string{
		`CREATE FUNCTION slow_lease() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`,
		`CREATE TRIGGER slow_lease BEFORE INSERT OR UPDATE ON version_leases FOR EACH ROW EXECUTE FUNCTION slow_lease()`,
	}
	for _, q := range slow {
		if _, err := watching.DB().SQL.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	watch(t, watching)
	time.Sleep(100 * time.Millisecond) // the first renewal waits in the trigger now
	if _, err := other.CreatePerson(ctx, koncern.PersonInput{Name: "Under the renewal", Period: period("2003-01-01")}); err != nil {
		t.Fatal(err)
	}
	seq := seqOf(t, other)
	eventually(t, "the lease is held", watching.LeaseHeld)
	if v := must(watching.Version(ctx))(t); v < seq {
		t.Fatalf("the lease holds version %d after the write of event %d was acknowledged", v, seq)
	}
}

// channelOf is the SQL for the channel, and the lease connection's name, of
// the schema the test runs in.
const channelOf = `SELECT 'koncern_' || md5(current_database() || '.' || current_schema())`

// TestWriteWaitsForLeases: a write is acknowledged only once every lease
// that has not run out has seen it. A lease of a server that has died
// delays writes until it runs out, and then no more.
func TestWriteWaitsForLeases(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	if r.DB().Dialect != dialect.Postgres {
		t.Skip("the version lease is PostgreSQL's; a SQLite write has no lease to wait for")
	}
	// A server that died holding a lease: it will never see the write.
	dead := `INSERT INTO version_leases (id, seen, expires_at) VALUES (gen_random_uuid(), 0, now() + interval '1.5 seconds')`
	if _, err := r.DB().SQL.ExecContext(ctx, dead); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.CreatePerson(ctx, koncern.PersonInput{Name: "Waits", Period: period("2003-01-01")})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the write was acknowledged while a lease that had not seen it held (err %v)", err)
	case <-time.After(500 * time.Millisecond):
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the write still waits 5 s after the lease ran out")
	}
	if got := must(r.ListPeople(ctx, registry.PersonFilter{}))(t); len(got.Items) != 1 {
		t.Fatalf("%d people after the write, want 1", len(got.Items))
	}
}
