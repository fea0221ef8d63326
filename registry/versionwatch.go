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
//   - It listens on its schema's channel and raises its version as each
//     notification comes.
//   - It keeps a row in version_leases with the newest seq it has seen and
//     when its lease runs out, renewed on the listening connection every
//     third of the lease and after each notification; each renewal also
//     reads the version. While a renewal is less than nine tenths of a
//     lease old, Version answers from memory.
//   - A writer, after its commit and before it acknowledges the change,
//     asks whether any lease that has not run out has not seen its seq; if
//     so, it notifies the channel of its seq and waits until none is left
//     (awaitLeases).
//
// So a server that answers from memory has seen every write acknowledged
// before the request arrived: the writer waited for it, or for its lease to
// run out, and a server stops trusting its lease a tenth of a lease before
// the database would call it run out. A server that loses its connection
// stops trusting at once and asks the database on every request until it
// holds a lease again. A writer that dies between its commit and its
// notification never acknowledged its change; the servers learn of it at
// their next renewal. The notification is sent after the commit rather
// than by a trigger inside it: PostgreSQL serialises the commits of
// notifying transactions, and concurrent writers then lost their
// serialization races far more often.
//
// SQLite has no notifications and needs none: the version is a read of
// the server's own file.

// DefaultLease is how long a version lease lasts without renewal. It bounds
// how long a write waits for a server that died holding one.
const DefaultLease = 2 * time.Second

// Queries of the lease protocol.
const (
	// The channel is named for the database and the schema of the trail,
	// so that registries in other schemas of one database (as the tests
	// make) do not hear it.
	leaseChannel      = `'koncern_' || md5(current_database() || '.' || n.nspname)`
	leaseChannelOf    = ` FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = 'audit_events'::regclass`
	leaseChannelQuery = `SELECT ` + leaseChannel + leaseChannelOf
	leaseNotify       = `SELECT pg_notify(` + leaseChannel + `, $1)` + leaseChannelOf
	// A renewal also reads the version as of the statement's start, which
	// has every change committed before it.
	leaseRenewal = `WITH renewed AS (INSERT INTO version_leases (id, seen, expires_at) VALUES ($1, $2, now() + $3::bigint * interval '1 microsecond')
		ON CONFLICT (id) DO UPDATE SET seen = GREATEST(version_leases.seen, EXCLUDED.seen), expires_at = EXCLUDED.expires_at RETURNING 1)
		SELECT COALESCE(MAX(seq), 0) FROM audit_events`
	leaseRelease = `DELETE FROM version_leases WHERE id = $1`
	// Rows of servers that died are left behind; a minute past their end
	// nobody needs them.
	leaseSweep   = `DELETE FROM version_leases WHERE expires_at < now() - interval '1 minute'`
	leaseWaiting = `SELECT count(*) FROM version_leases WHERE seen < $1 AND expires_at > now()`
)

// versionWatch is this server's lease on the registry's version.
type versionWatch struct {
	lease time.Duration
	base  time.Time    // the origin of until, read on the monotonic clock
	until atomic.Int64 // nanoseconds after base up to which the lease holds; 0: none
	// version is the newest seq notified or read.
	version atomic.Int64
	// garbled is set by a notification that does not carry a seq; the
	// session starts anew rather than trust what it knows.
	garbled atomic.Bool
}

// current is the version while the lease holds.
func (w *versionWatch) current() (int64, bool) {
	if time.Since(w.base).Nanoseconds() >= w.until.Load() {
		return 0, false
	}
	return w.version.Load(), true
}

func (w *versionWatch) raise(v int64) {
	for {
		cur := w.version.Load()
		if v <= cur || w.version.CompareAndSwap(cur, v) {
			return
		}
	}
}

// notified takes a notification's seq. pgconn calls it while it reads the
// connection, so every notification sent before a statement's answer is
// taken before the statement returns.
func (w *versionWatch) notified(_ *pgconn.PgConn, n *pgconn.Notification) {
	seq, err := strconv.ParseInt(n.Payload, 10, 64)
	if err != nil {
		w.until.Store(0)
		w.garbled.Store(true)
		return
	}
	w.raise(seq)
}

// WatchVersions makes this registry hold a version lease on PostgreSQL, so
// that Version answers from memory while the lease holds; see above. It
// returns at once, the lease following within a round trip or two, and
// stop ends the lease and waits for the watch to end. On SQLite it does
// nothing. One registry watches at most once.
func (r *Registry) WatchVersions(ctx context.Context, log *slog.Logger) (stop func(), err error) {
	if r.db.Dialect != dialect.Postgres {
		return func() {}, nil
	}
	w := &versionWatch{lease: r.db.lease, base: time.Now()}
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
		if time.Since(began) > w.lease {
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

// session listens, reads the version, and renews the lease until the
// connection fails or ctx ends. The order matters: every write committed
// after LISTEN is notified, and every one before it is in the version read.
func (w *versionWatch) session(ctx context.Context, cfg *pgconn.Config, id uuid.UUID) error {
	w.garbled.Store(false)
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
	v, err := queryText(ctx, conn, versionQuery)
	if err != nil {
		return err
	}
	seq, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return fmt.Errorf("version %q: %w", v, err)
	}
	w.raise(seq)
	if _, err := conn.Exec(ctx, leaseSweep).ReadAll(); err != nil {
		return err
	}
	defer release(conn, id)
	for {
		seen, err := w.renew(ctx, conn, id)
		if err != nil {
			return err
		}
		if w.version.Load() > seen {
			continue // a notification came during the renewal: say so at once
		}
		if err := w.wait(ctx, conn); err != nil {
			return err
		}
	}
}

// renew writes the newest seq seen and extends the lease, and returns the
// seq it wrote. The lease is trusted from the moment before the renewal was
// sent, since the database counts it from a later moment.
func (w *versionWatch) renew(ctx context.Context, conn *pgconn.PgConn, id uuid.UUID) (int64, error) {
	sent := time.Since(w.base)
	seen := w.version.Load()
	params := [][]byte{[]byte(id.String()), strconv.AppendInt(nil, seen, 10), strconv.AppendInt(nil, w.lease.Microseconds(), 10)}
	v, err := queryText(ctx, conn, leaseRenewal, params...)
	if err != nil {
		return 0, err
	}
	version, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("version %q: %w", v, err)
	}
	if w.garbled.Load() {
		return 0, errors.New("a notification on the version channel carried no seq")
	}
	w.raise(version)
	w.until.Store((sent + w.lease - w.lease/10).Nanoseconds())
	return seen, nil
}

// wait returns when a notification came or a third of the lease passed.
func (w *versionWatch) wait(ctx context.Context, conn *pgconn.PgConn) error {
	wctx, cancel := context.WithTimeout(ctx, w.lease/3)
	defer cancel()
	err := conn.WaitForNotification(wctx)
	if err != nil && ctx.Err() == nil && pgconn.Timeout(err) {
		return nil
	}
	return err
}

// release gives the lease up, so that writers need not wait for it to run
// out.
func release(conn *pgconn.PgConn, id uuid.UUID) {
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
// cannot ask is one no server can renew a lease on.
func (db *DB) awaitLeases(ctx context.Context, seq int64) {
	giveUp := time.Now().Add(db.lease + db.lease/10)
	pause := 200 * time.Microsecond
	notified := false
	for {
		var waiting int
		err := db.SQL.QueryRowContext(ctx, leaseWaiting, seq).Scan(&waiting)
		if (err == nil && waiting == 0) || isUndefinedTable(err) || time.Now().After(giveUp) {
			return
		}
		if err == nil && !notified {
			_, err := db.SQL.ExecContext(ctx, leaseNotify, strconv.FormatInt(seq, 10))
			notified = err == nil
			continue
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

// committedSeqs keeps, for each open PostgreSQL transaction that appended
// to the trail, the newest seq it appended, so that its commit waits for
// the leases once, however many changes it carried.
type committedSeqs struct {
	mu sync.Mutex
	m  map[*ent.Tx]int64
}

// awaitOnCommit makes tx, once committed, wait for the leases to see seq.
func (s *shared) awaitOnCommit(db *DB, tx *ent.Tx, seq int64) {
	if db.Dialect != dialect.Postgres {
		return
	}
	s.seqs.mu.Lock()
	_, hooked := s.seqs.m[tx]
	s.seqs.m[tx] = seq
	s.seqs.mu.Unlock()
	if hooked {
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			seq := s.seqs.take(tx)
			if err == nil {
				db.awaitLeases(ctx, seq)
			}
			return err
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			s.seqs.take(tx)
			return next.Rollback(ctx, tx)
		})
	})
}

func (s *committedSeqs) take(tx *ent.Tx) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.m[tx]
	delete(s.m, tx)
	return seq
}
