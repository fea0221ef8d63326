package registry

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/ent"
)

// The registry's version is the seq of its newest audit event. Every
// change appends an event in its own transaction, and appends are
// serialised (the unique seq), so the version rises with each committed
// change and with nothing else, on one server or on several sharing a
// database. A cache holds what it computed at one version and serves it
// while the version stays: it can never answer from before a write that
// was acknowledged before the request arrived.

// versionQuery reads the version; the seq index answers it at once.
const versionQuery = `SELECT COALESCE(MAX(seq), 0) FROM audit_events`

// Version returns the registry's version as of a moment after the call
// began. Concurrent callers share queries: a caller joins the next query
// to start, never one already running (which might have read the database
// before the caller's own request arrived). Up to maxVersionQueries run at
// once, so a caller waits about one query's time, however many ask.
func (r *Registry) Version(ctx context.Context) (int64, error) {
	if m, ok := ctx.Value(versionMemoKey{}).(*versionMemo); ok {
		m.once.Do(func() { m.v, m.err = r.shared.versions.get(ctx) })
		return m.v, m.err
	}
	return r.shared.versions.get(ctx)
}

type versionMemoKey struct{}

type versionMemo struct {
	once sync.Once
	v    int64
	err  error
}

// WithVersionMemo returns a context in which Version is read once: the
// authentication and the cache of one request share the version read
// when the first of them asked, which is after the request arrived.
func WithVersionMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionMemoKey{}, &versionMemo{})
}

// maxVersionQueries bounds the version queries in flight at once: enough
// that a caller need not wait for a running query to end before its own
// starts (on PostgreSQL a query is a round trip), few enough that a busy
// server asks the database a handful of times per round trip, not once
// per request.
const maxVersionQueries = 1

// versionGate batches the version queries of concurrent callers.
type versionGate struct {
	load func(context.Context) (int64, error)
	// watch is the version lease, when the server holds one
	// (WatchVersions): while it holds, no query is needed.
	watch atomic.Pointer[versionWatch]

	mu       sync.Mutex
	inFlight int
	next     *versionCheck // the callers waiting for a query to start
}

type versionCheck struct {
	done chan struct{}
	v    int64
	err  error
}

func (g *versionGate) get(ctx context.Context) (int64, error) {
	if w := g.watch.Load(); w != nil {
		if v, ok := w.current(); ok {
			return v, nil
		}
	}
	g.mu.Lock()
	if g.next == nil {
		g.next = &versionCheck{done: make(chan struct{})}
	}
	c := g.next
	start := g.inFlight < maxVersionQueries
	if start {
		g.inFlight++
		g.next = nil
	}
	g.mu.Unlock()
	if start {
		g.run(c)
	}
	select {
	case <-c.done:
		return c.v, c.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// run makes the query for the callers of c, then starts the query of the
// callers who arrived meanwhile, if any wait, on a goroutine of its own so
// that this caller goes on at once.
func (g *versionGate) run(c *versionCheck) {
	// The query serves every caller of c, so one caller's cancellation
	// must not fail it for the others.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	c.v, c.err = g.load(ctx)
	cancel()
	close(c.done)
	g.mu.Lock()
	next := g.next
	if next != nil {
		g.next = nil
	} else {
		g.inFlight--
	}
	g.mu.Unlock()
	if next != nil {
		go g.run(next)
	}
}

// shared is what every handle on one registry shares, Atomic's included:
// the version gate and the caches that lean on it.
type shared struct {
	versions *versionGate
	// tokens holds tokens by the hash of their secret (Authenticate),
	// sessionTokens by id (the tokens sessions were started with).
	tokens        versionCache[string, *ent.APIToken]
	sessionTokens versionCache[uuid.UUID, *ent.APIToken]
}

func newShared(db *DB) *shared {
	load := (&versionStmt{db: db}).load
	if db.sqliteVersions != nil {
		load = db.sqliteVersions.load
	}
	return &shared{versions: &versionGate{load: load}}
}

// versionStmt reads the version of a PostgreSQL database (when it holds
// no lease) through a statement prepared once, since preparing it cost as
// much as running it. It is prepared on first use:
// a database opened before its migration has no audit_events yet.
type versionStmt struct {
	db   *DB
	mu   sync.Mutex
	stmt *sql.Stmt
}

func (q *versionStmt) load(ctx context.Context) (int64, error) {
	q.mu.Lock()
	if q.stmt == nil {
		stmt, err := q.db.SQL.PrepareContext(ctx, versionQuery)
		if err != nil {
			q.mu.Unlock()
			return 0, err
		}
		q.stmt = stmt
	}
	stmt := q.stmt
	q.mu.Unlock()
	var v int64
	err := stmt.QueryRowContext(ctx).Scan(&v)
	return v, err
}
