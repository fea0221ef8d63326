package registry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/koncernregistret/koncern/ent"
)

// On PostgreSQL, asking the database for the version cost every request a
// round trip, cache hits included, and on a small machine that round trip
// was most of a cached answer's time. A server that watches the versions
// holds a lease instead:
//
//   - It keeps a row in version_leases with the newest seq it has seen and
//     when its lease runs out. It renews the row on a connection of its
//     own every third of the lease, and at once when a writer notifies its
//     schema's channel. A renewal reads the version, commits the row, and
//     then reads the version again, each in a statement of its own.
//   - While its latest renewal was sent less than three quarters of a
//     lease ago, Version answers with the version that renewal read last.
//   - A writer, after its commit and before it acknowledges the change,
//     waits until no lease that has not run out has seen less than its
//     seq (awaitLeases), notifying the channel once if one has.
//
// Why a server that answers from memory never answers from before an
// acknowledged write: take a write committed at c and the writer's last
// check of the leases at q > c. If the check saw the server's row, the row
// had seen the write (a row says only what its renewal read before writing
// it), or the row had run out by the database's clock, which is a quarter
// of a lease after the server stopped trusting that renewal. If the check
// did not see the row, the row was committed after q, so the version read
// after it has the write. A writer that gives up waiting does so a tenth of
// a lease after the lease itself; a renewal sent before c has stopped
// being trusted by then, and one sent after c read the write. The clocks
// are assumed to run at the same rate to within a quarter of a lease (half
// a second); a server that was suspended may wake up trusting a renewal
// too long, since Go's monotonic clock stops while it sleeps.
//
// A notification only wakes a server: the version always comes from the
// database, so a notification sent by anyone else cannot set it. A server
// that loses its connection stops trusting its lease at once, before it
// gives the row up, and asks the database on every request until it holds
// a lease again. The notification is sent after the commit rather than by
// a trigger inside it: PostgreSQL serialises the commits of notifying
// transactions, and concurrent writers then lost their races far more
// often.
//
// Servers of a version from before the leases neither wait for leases nor
// take turns with the writers of this one (txOptions): stop them all
// before starting this version on the same database.
//
// SQLite has no notifications and needs none: the version is a read of the
// server's own file (sqliteversion.go).

// How long a version lease lasts without renewal, which bounds how long a
// write waits for a server that died holding one; and how long after a
// renewal was sent the server trusts it: a quarter of a lease before the
// database calls it run out.
const (
	leaseLength  = 2 * time.Second
	leaseTrusted = leaseLength * 3 / 4
)

// Queries of the lease protocol.
const (
	// The channel is named for the database and the schema of the trail,
	// so that registries in other schemas of one database (as the tests
	// make) do not hear it.
	leaseChannel      = `'koncern_' || md5(current_database() || '.' || n.nspname)`
	leaseChannelOf    = ` FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = 'audit_events'::regclass`
	leaseChannelQuery = `SELECT ` + leaseChannel + leaseChannelOf
	leaseNotify       = `SELECT pg_notify(` + leaseChannel + `, $1)` + leaseChannelOf
	leaseRenewal      = `INSERT INTO version_leases (id, seen, expires_at) VALUES ($1, $2, now() + $3::bigint * interval '1 microsecond')
		ON CONFLICT (id) DO UPDATE SET seen = GREATEST(version_leases.seen, EXCLUDED.seen),
		expires_at = GREATEST(version_leases.expires_at, EXCLUDED.expires_at)`
	leaseRelease = `DELETE FROM version_leases WHERE id = $1`
	// Rows of servers that died are left behind; a minute past their end
	// nobody needs them.
	leaseSweep   = `DELETE FROM version_leases WHERE expires_at < now() - interval '1 minute'`
	leaseWaiting = `SELECT count(*) FROM version_leases WHERE seen < $1 AND expires_at > now()`
)

// versionWatch is this server's lease on the registry's version.
type versionWatch struct {
	base  time.Time    // the origin of until, read on the monotonic clock
	until atomic.Int64 // nanoseconds after base up to which the lease holds; 0: none
	// version is the version the latest renewal read.
	version atomic.Int64
	// woken is set by a notification; the watch renews at once.
	woken atomic.Bool
}

// current is the version while the lease holds.
func (w *versionWatch) current() (int64, bool) {
	if time.Since(w.base).Nanoseconds() >= w.until.Load() {
		return 0, false
	}
	return w.version.Load(), true
}

// notified wakes the watch. pgconn calls it while it reads the
// connection, during a wait or a renewal; the payload is not trusted.
func (w *versionWatch) notified(*pgconn.PgConn, *pgconn.Notification) { w.woken.Store(true) }

// WatchVersions makes this registry hold a version lease on PostgreSQL, so
// that Version answers from memory while the lease holds; see above. It
// returns at once, the lease following within a round trip or two, and
// stop ends the lease and waits for the watch to end. On SQLite it does
// nothing. One registry watches at most once.
func (r *Registry) WatchVersions(ctx context.Context, log *slog.Logger) (stop func(), err error) {
	if r.db.Dialect != dialect.Postgres {
		return func() {}, nil
	}
	w := &versionWatch{base: time.Now()}
	cfg, err := pgconn.ParseConfig(r.db.dsn)
	if err != nil {
		return nil, fmt.Errorf("watch versions: %w", err)
	}
	cfg.OnNotification = w.notified
	// A wait for a notification ends at a deadline; the default handler
	// would also send PostgreSQL a cancel request, which could land on the
	// renewal that follows.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	if !r.shared.versions.watch.CompareAndSwap(nil, w) {
		return nil, errors.New("watch versions: this registry watches them already")
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(ctx, cfg, log)
	}()
	return func() {
		cancel()
		<-done
		r.shared.versions.watch.CompareAndSwap(w, nil)
	}, nil
}

// LeaseHeld reports whether Version answers from a version lease now.
func (r *Registry) LeaseHeld() bool {
	w := r.shared.versions.watch.Load()
	if w == nil {
		return false
	}
	_, ok := w.current()
	return ok
}

// run keeps a lease until ctx ends, starting a new session with a new
// connection whenever one fails.
func (w *versionWatch) run(ctx context.Context, cfg *pgconn.Config, log *slog.Logger) {
	id := uuid.New()
	pause := 100 * time.Millisecond
	for {
		began := time.Now()
		err := w.session(ctx, cfg, id)
		w.until.Store(0)
		if ctx.Err() != nil {
			return
		}
		if time.Since(began) > leaseLength {
			pause = 100 * time.Millisecond // it held for a while: start again soon
		}
		log.Warn("version lease lost; reading the version from the database until it is back", "error", err, "retry_in", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// session listens and renews the lease until the connection fails or ctx
// ends.
func (w *versionWatch) session(ctx context.Context, cfg *pgconn.Config, id uuid.UUID) error {
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	channel, err := queryText(ctx, conn, leaseChannelQuery)
	if err != nil {
		return err
	}
	// The connection is named for the channel, so that an operator (and
	// a test) can tell which schema's lease a connection holds.
	if _, err := conn.Exec(ctx, "SET application_name = '"+channel+"'; LISTEN "+quoteIdent(channel)).ReadAll(); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, leaseSweep).ReadAll(); err != nil {
		return err
	}
	defer w.release(conn, id)
	for {
		seen, err := w.renew(ctx, conn, id)
		if err != nil {
			return err
		}
		if w.version.Load() > seen || w.woken.Load() {
			continue // a write came meanwhile: say so at once
		}
		if err := w.wait(ctx, conn); err != nil {
			return err
		}
	}
}

// renew reads the version, writes it to the lease row with a new end, and
// reads the version again once the row is committed; it returns the seq
// the row says was seen. The renewal is trusted from the moment before it
// was sent, since the database counts the lease from a later moment.
func (w *versionWatch) renew(ctx context.Context, conn *pgconn.PgConn, id uuid.UUID) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, leaseTrusted)
	defer cancel()
	w.woken.Store(false)
	sent := time.Since(w.base)
	seen, err := readVersion(ctx, conn)
	if err != nil {
		return 0, err
	}
	w.version.Store(seen)
	params := [][]byte{[]byte(id.String()), strconv.AppendInt(nil, seen, 10), strconv.AppendInt(nil, leaseLength.Microseconds(), 10)}
	if _, err := conn.ExecParams(ctx, leaseRenewal, params, nil, nil, nil).Close(); err != nil {
		return 0, err
	}
	after, err := readVersion(ctx, conn)
	if err != nil {
		return 0, err
	}
	w.version.Store(after)
	w.until.Store((sent + leaseTrusted).Nanoseconds())
	return seen, nil
}

func readVersion(ctx context.Context, conn *pgconn.PgConn) (int64, error) {
	v, err := queryText(ctx, conn, versionQuery)
	if err != nil {
		return 0, err
	}
	seq, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("version %q: %w", v, err)
	}
	return seq, nil
}

// wait returns when a notification came or a third of the lease passed.
func (w *versionWatch) wait(ctx context.Context, conn *pgconn.PgConn) error {
	wctx, cancel := context.WithTimeout(ctx, leaseLength/3)
	defer cancel()
	err := conn.WaitForNotification(wctx)
	if err != nil && ctx.Err() == nil && pgconn.Timeout(err) {
		return nil
	}
	return err
}

// release gives the lease up, so that writers need not wait for it to run
// out. The server stops trusting it first: once the row is gone, writers
// no longer wait for this server.
func (w *versionWatch) release(conn *pgconn.PgConn, id uuid.UUID) {
	w.until.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, _ = conn.ExecParams(ctx, leaseRelease, [][]byte{[]byte(id.String())}, nil, nil, nil).Close()
}

// queryText runs q, which must answer one value, with params in text form.
func queryText(ctx context.Context, conn *pgconn.PgConn, q string, params ...[]byte) (string, error) {
	res := conn.ExecParams(ctx, q, params, nil, nil, nil).Read()
	if res.Err != nil {
		return "", res.Err
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		return "", fmt.Errorf("%s: want one value, got %d rows", q, len(res.Rows))
	}
	return string(res.Rows[0][0]), nil
}

// quoteIdent quotes a PostgreSQL identifier; the channel name is made of
// letters, digits and an underscore (which also lets it be a string
// literal unescaped).
func quoteIdent(s string) string { return `"` + s + `"` }

// awaitLeases returns when every version lease that has not run out has
// seen seq, so that no server answers from before the change once it is
// acknowledged; the first time it finds one that has not, it notifies the
// servers. It gives up waiting a tenth of a lease after the lease itself:
// by then every server that had not seen seq has stopped trusting its
// lease, or has renewed it since, which read the version. It does not
// fail: the change is committed whatever it finds, and a database it
// cannot ask is one no server can renew a lease on. Every server is
// assumed to hold leases of the same length (leaseLength). A transaction
// that appended nothing (seq 0) has nothing to wait for.
func (db *DB) awaitLeases(ctx context.Context, seq int64) {
	if seq == 0 {
		return
	}
	giveUp := time.Now().Add(leaseLength + leaseLength/10)
	pause := 200 * time.Microsecond
	notified := false
	for {
		var waiting int
		err := db.SQL.QueryRowContext(ctx, leaseWaiting, seq).Scan(&waiting)
		if (err == nil && waiting == 0) || isUndefinedTable(err) || time.Now().After(giveUp) {
			return
		}
		if err == nil && !notified {
			// Once, whether or not it goes through: the servers renew every
			// third of a lease anyway.
			notified = true
			if _, err := db.SQL.ExecContext(ctx, leaseNotify, strconv.FormatInt(seq, 10)); err == nil {
				continue
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 10*time.Millisecond)
	}
}

// isUndefinedTable is a database before migration 0006, which has no
// leases to wait for.
func isUndefinedTable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42P01"
}

// appendedSeqs keeps, for each open PostgreSQL transaction that appended
// to the trail, the newest seq it appended, so that runTx waits for the
// leases once after the commit, however many changes the transaction
// carried.
type appendedSeqs struct {
	mu sync.Mutex
	m  map[*ent.Tx]int64
}

// noteAppended records that tx appended up to seq; only PostgreSQL has
// leases to wait for.
func (db *DB) noteAppended(tx *ent.Tx, seq int64) {
	if db.Dialect == dialect.Postgres {
		db.appended.note(tx, seq)
	}
}

func (s *appendedSeqs) note(tx *ent.Tx, seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[*ent.Tx]int64{}
	}
	s.m[tx] = seq
}

// take forgets tx and returns the newest seq it appended, 0 for none.
func (s *appendedSeqs) take(tx *ent.Tx) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.m[tx]
	delete(s.m, tx)
	return seq
}
