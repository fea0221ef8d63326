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
// acknowledged, and the lease to hold (on PostgreSQL) or not to exist.
func seesEveryWrite(t *testing.T, watching, other *registry.Registry, turns int) {
	t.Helper()
	wantLease := watching.DB().Dialect == dialect.Postgres
	for i := range turns {
		writer := other
		if i%4 == 3 {
			writer = watching
		}
		if _, err := writer.CreatePerson(ctx, koncern.PersonInput{Name: fmt.Sprintf("Person %d", i), Period: period("2003-01-01")}); err != nil {
			t.Fatal(err)
		}
		seq := seqOf(t, writer)
		held := watching.LeaseHeld()
		v := must(watching.Version(ctx))(t)
		if v < seq {
			t.Fatalf("turn %d: version %d after the write of event %d was acknowledged (lease held: %v)", i, v, seq, held)
		}
		if held != wantLease {
			t.Fatalf("turn %d: lease held %v, want %v", i, held, wantLease)
		}
	}
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
// server stops trusting the lease, reads the version from the database
// meanwhile, and holds a lease again once it has reconnected.
func TestVersionLeaseLostConnection(t *testing.T) {
	watching, other := servers(t)
	if watching.DB().Dialect != dialect.Postgres {
		t.Skip("the version lease is PostgreSQL's; SQLite reads the version every time (TestVersionLease)")
	}
	watch(t, watching)
	eventually(t, "the lease is held", watching.LeaseHeld)
	var cut int
	q := `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = (` + channelOf + `)`
	if err := watching.DB().SQL.QueryRowContext(ctx, q).Scan(&cut); err != nil {
		t.Fatal(err)
	}
	if cut != 1 {
		t.Fatalf("cut %d lease connections, want 1", cut)
	}
	eventually(t, "the lease is given up", func() bool { return !watching.LeaseHeld() })
	for i := range 3 {
		if _, err := other.CreatePerson(ctx, koncern.PersonInput{Name: fmt.Sprintf("Meanwhile %d", i), Period: period("2003-01-01")}); err != nil {
			t.Fatal(err)
		}
		if v, seq := must(watching.Version(ctx))(t), seqOf(t, other); v < seq {
			t.Fatalf("without its lease: version %d after the write of event %d", v, seq)
		}
	}
	eventually(t, "the lease is held again", watching.LeaseHeld)
	seesEveryWrite(t, watching, other, 8)
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
	dead := `INSERT INTO version_leases (id, seen, expires_at) VALUES (gen_random_uuid(), 0, now() + interval '1 second')`
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
	case <-time.After(300 * time.Millisecond):
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
