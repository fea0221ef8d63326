package registry_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// servers opens two registries on one fresh database, as two API servers
// on one PostgreSQL (or one SQLite file) would be.
func servers(t *testing.T) (watching, other *registry.Registry) {
	t.Helper()
	dsn := registrytest.DSN(t)
	return openOn(t, dsn), openOn(t, dsn)
}

// openOn opens a registry on the database dsn names and migrates it.
func openOn(t *testing.T, dsn string) *registry.Registry {
	t.Helper()
	db := must(registry.Open(ctx, dsn))(t)
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return registry.New(db, must(koncern.NewValidator())(t))
}

func watch(t *testing.T, r *registry.Registry) {
	t.Helper()
	stop := must(r.WatchVersions(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))))(t)
	t.Cleanup(stop)
}

// eventually polls cond until it holds. The bound of a minute only stops
// a test that hangs; it measures nothing, so that a loaded machine does
// not fail a test that is merely slow.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Minute); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("after a minute: %s", what)
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
// its way (here, while the lease row waits in a trigger for a row lock the
// test holds) does not wait for that lease, since its row is not committed
// yet; the version the renewal ends with must have the write all the same.
func TestVersionLeaseSlowRenewal(t *testing.T) {
	watching, other := servers(t)
	if watching.DB().Dialect != dialect.Postgres {
		t.Skip("the version lease is PostgreSQL's; SQLite reads the version every time (TestVersionLease)")
	}
	gated := []string{
		`CREATE TABLE lease_gate (id int PRIMARY KEY)`,
		`INSERT INTO lease_gate VALUES (1)`,
		`CREATE FUNCTION gated_lease() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM id FROM lease_gate FOR UPDATE; RETURN NEW; END $$`,
		`CREATE TRIGGER gated_lease BEFORE INSERT OR UPDATE ON version_leases FOR EACH ROW EXECUTE FUNCTION gated_lease()`,
	}
	for _, q := range gated {
		if _, err := watching.DB().SQL.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	gate := must(watching.DB().SQL.BeginTx(ctx, nil))(t)
	defer gate.Rollback()
	if _, err := gate.ExecContext(ctx, `SELECT id FROM lease_gate FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	watch(t, watching)
	eventually(t, "a renewal waits at the gate", func() bool { return renewalWaits(t, other) })
	if _, err := other.CreatePerson(ctx, koncern.PersonInput{Name: "Under the renewal", Period: period("2003-01-01")}); err != nil {
		t.Fatal(err)
	}
	seq := seqOf(t, other)
	if watching.LeaseHeld() {
		t.Fatal("the lease is held while its first renewal waits at the gate")
	}
	if err := gate.Rollback(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the lease is held", watching.LeaseHeld)
	if v := must(watching.Version(ctx))(t); v < seq {
		t.Fatalf("the lease holds version %d after the write of event %d was acknowledged", v, seq)
	}
}

// renewalWaits reports whether the lease connection of the test's schema
// waits for a lock.
func renewalWaits(t *testing.T, r *registry.Registry) bool {
	t.Helper()
	var n int
	q := `SELECT count(*) FROM pg_stat_activity WHERE application_name = (` + channelOf + `) AND wait_event_type = 'Lock'`
	if err := r.DB().SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// channelOf is the SQL for the channel, and the lease connection's name, of
// the schema the test runs in.
const channelOf = `SELECT 'koncern_' || md5(current_database() || '.' || current_schema())`

// TestWriteWaitsForLeases: a write is acknowledged only once every lease
// that has not run out has seen it. A lease of a server that has died
// holds the write up until it is given up (Released) or runs out by the
// database's clock (RunOut), and then no more. The test orders events
// rather than timing them: it waits for the writer's notification, which
// says it found the lease behind, and whenever the write is acknowledged
// it checks that the lease row was given up or had run out by then.
func TestWriteWaitsForLeases(t *testing.T) {
	for _, c := range []struct {
		name    string
		release bool
		shown   string // what a conclusive attempt shows
	}{
		{"Released", true, "the write acknowledged after the lease was released and before it would have run out"},
		{"RunOut", false, "the writer finding the lease before it ran out"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dsn := registrytest.DSN(t)
			if !registry.IsPostgres(dsn) {
				t.Skip("the version lease is PostgreSQL's; a SQLite write has no lease to wait for")
			}
			r := openOn(t, dsn)
			notes := listen(t, dsn)
			const attempts = 10
			for i := 1; !writeBesideDeadLease(t, r, notes, c.release, i); i++ {
				if i == attempts {
					t.Fatalf("none of %d attempts showed %s", attempts, c.shown)
				}
			}
		})
	}
}

// writeBesideDeadLease writes the n-th person while a lease that will never
// see the write holds, and checks that the write is acknowledged only after
// the lease was given up or had run out. With release set, the test gives
// the lease up once the writer waits for it. It reports whether the attempt
// showed what it is for: false when the lease ran out before the writer
// first looked at it, or (with release) before the writer found it given
// up, which only a machine that stalls for the length of a lease does.
func writeBesideDeadLease(t *testing.T, r *registry.Registry, notes <-chan string, release bool, n int) bool {
	t.Helper()
	// A lease as long as a server's, taken before the write began: the
	// writer gives up on it only after it has run out.
	var lease string
	var expires time.Time
	dead := `INSERT INTO version_leases (id, seen, expires_at) VALUES (gen_random_uuid(), 0, now() + interval '2 seconds') RETURNING id, expires_at`
	if err := r.DB().SQL.QueryRowContext(ctx, dead).Scan(&lease, &expires); err != nil {
		t.Fatal(err)
	}
	prior := seqOf(t, r)
	acked := make(chan error, 1)
	go func() {
		_, err := r.CreatePerson(ctx, koncern.PersonInput{Name: fmt.Sprintf("Waits %d", n), Period: period("2003-01-01")})
		acked <- err
	}()
	var note string
	for note == "" {
		select {
		case err := <-acked:
			// Acknowledged before the writer was heard waiting: right only
			// if the lease had run out by then.
			leaseGivenUp(t, r, lease, err)
			t.Logf("attempt %d: the write was acknowledged before it was heard waiting, the lease having run out", n)
			return false
		case note = <-notes:
			// A late notification of an earlier attempt's write is not
			// this write's.
			if seq, err := strconv.ParseInt(note, 10, 64); err != nil || seq <= prior {
				note = ""
			}
		}
	}
	// The writer waits for the lease.
	conclusive := true
	select {
	case err := <-acked:
		leaseGivenUp(t, r, lease, err)
		conclusive = !release
	default:
		if release {
			if _, err := r.DB().SQL.ExecContext(ctx, `DELETE FROM version_leases WHERE id = $1`, lease); err != nil {
				t.Fatal(err)
			}
		}
		leaseGivenUp(t, r, lease, <-acked)
		// The release is what ended the wait only if the lease would
		// still hold now.
		conclusive = !release || !ranOut(t, r, expires)
	}
	if seq := strconv.FormatInt(seqOf(t, r), 10); note != seq {
		t.Errorf("the writer notified %q, want its seq %s", note, seq)
	}
	if got := must(r.ListPeople(ctx, registry.PersonFilter{}))(t); len(got.Items) != n {
		t.Fatalf("%d people after %d writes", len(got.Items), n)
	}
	if !conclusive {
		t.Logf("attempt %d: the lease ran out before the writer found it released", n)
	}
	return conclusive
}

// leaseGivenUp is called once the write is acknowledged (with err): the
// lease row must be gone or have run out by the database's clock, since
// the acknowledgement came before this query.
func leaseGivenUp(t *testing.T, r *registry.Registry, lease string, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var holding int
	q := `SELECT count(*) FROM version_leases WHERE id = $1 AND expires_at > now()`
	if err := r.DB().SQL.QueryRowContext(ctx, q, lease).Scan(&holding); err != nil {
		t.Fatal(err)
	}
	if holding != 0 {
		t.Fatal("the write was acknowledged while a lease that had not seen it held")
	}
}

// ranOut reports whether the database's clock has passed expires.
func ranOut(t *testing.T, r *registry.Registry, expires time.Time) bool {
	t.Helper()
	var out bool
	if err := r.DB().SQL.QueryRowContext(ctx, `SELECT $1::timestamptz <= now()`, expires).Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// listen hears the lease channel of the test's schema, as a server does,
// and hands on each notification's payload.
func listen(t *testing.T, dsn string) <-chan string {
	t.Helper()
	cfg := must(pgconn.ParseConfig(dsn))(t)
	notes := make(chan string, 64)
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) { notes <- n.Payload }
	conn := must(pgconn.ConnectConfig(ctx, cfg))(t)
	res := conn.ExecParams(ctx, channelOf, nil, nil, nil, nil).Read()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if _, err := conn.Exec(ctx, `LISTEN "`+string(res.Rows[0][0])+`"`).ReadAll(); err != nil {
		t.Fatal(err)
	}
	lctx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for conn.WaitForNotification(lctx) == nil {
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
		conn.Close(context.Background())
	})
	return notes
}
