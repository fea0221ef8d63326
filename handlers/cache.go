package handlers

import (
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// responseCache keeps the answers of the reads that are costly to compute
// (the findings, the reports, the exports and the list pages) for one
// version of the registry, and serves them again while the version stays.
// Every change raises the version (registry.Version), on this server or on
// any other sharing the database, and each request asks for the version
// anew, so a cached answer is never older than a write acknowledged before
// the request arrived.
//
// An answer is kept per role, and for anonymous callers only where the
// registry is published: the privacy rules decided what the first caller
// of that kind may see, and a caller of the same kind may see the same.
// An anonymous caller of an unpublished registry always reaches the
// handler, and the data layer refuses it. Reads as recorded at a moment
// are not cached.
type responseCache struct {
	reg      *registry.Registry
	maxBytes int

	mu       sync.Mutex
	version  int64
	size     int
	entries  map[string]*cachedAnswer
	inFlight map[string]*pendingAnswer
}

// cachedAnswer is a 200 answer as the handler wrote it.
type cachedAnswer struct {
	header http.Header
	body   []byte
}

// pendingAnswer is an answer one request is computing; the others that
// want it wait rather than compute it again.
type pendingAnswer struct {
	done   chan struct{}
	answer *cachedAnswer // nil when the handler did not answer 200
}

// cachedHeaders are the headers of an answer that are the handler's own;
// the rest (security headers, the request id) every request sets itself.
var cachedHeaders = []string{echo.HeaderContentType, echo.HeaderContentDisposition, "ETag"}

// defaultCacheBytes bounds the cached answers of one server.
const defaultCacheBytes = 64 << 20

func newResponseCache(reg *registry.Registry, maxBytes int) *responseCache {
	return &responseCache{reg: reg, maxBytes: maxBytes, entries: map[string]*cachedAnswer{}, inFlight: map[string]*pendingAnswer{}}
}

// cachedRoutes are the routes whose answers are kept: those that depend
// on nothing but the registry's records and the caller's role. A record by
// id is among them: its query and encoding cost more than the version,
// which the request has read anyway. A route not listed is
// never cached, so a new route that answers per caller (as /me does)
// cannot leak one caller's answer to another.
var cachedRoutes = map[string]bool{
	"/api/v1/organizations": true, "/api/v1/organizations/:id/children": true, "/api/v1/organizations/:id/posts": true,
	"/api/v1/organizations/:id/owners": true, "/api/v1/organizations/:id/holdings": true,
	"/api/v1/organizations/:id/cap-table": true, "/api/v1/organizations/:id/capital": true,
	"/api/v1/people": true, "/api/v1/people/:id/assignments": true,
	"/api/v1/posts": true, "/api/v1/posts/:id/holders": true,
	"/api/v1/assignments": true, "/api/v1/stakes": true, "/api/v1/steering-lines": true, "/api/v1/documents": true,
	"/api/v1/ownership/transactions": true, "/api/v1/finding-comments": true,
	"/api/v1/findings": true, "/api/v1/reports/org-chart": true, "/api/v1/reports/steering/:id": true,
	"/api/v1/reports/changes": true, "/api/v1/reports/interlocks": true, "/api/v1/reports/expiring": true,
	"/api/v1/reports/group": true, "/api/v1/calendar": true, "/api/v1/export": true, "/api/v1/export/bods": true, "/api/v1/export/popolo": true,
	"/api/v1/organizations/:id": true, "/api/v1/people/:id": true, "/api/v1/posts/:id": true, "/api/v1/assignments/:id": true,
	"/api/v1/stakes/:id": true, "/api/v1/steering-lines/:id": true, "/api/v1/documents/:id": true,
	"/api/v1/ownership/transactions/:id": true, "/api/v1/finding-comments/:id": true,
}

// middleware serves the GETs of cachedRoutes from the cache.
func (rc *responseCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet || !cachedRoutes[c.Path()] {
			return next(c)
		}
		id, ok, err := identify(c, rc.reg)
		if err != nil {
			return err
		}
		if !ok {
			return next(c)
		}
		version, key := id.version, id.key
		answer, pending, leader := rc.lookup(version, key)
		switch {
		case answer != nil:
			return answer.write(c)
		case leader:
			answer, err = capture(c, next)
			rc.finish(version, key, pending, answer)
			return err
		case pending == nil:
			return next(c)
		}
		select {
		case <-pending.done:
		case <-req.Context().Done():
			return req.Context().Err()
		}
		if pending.answer != nil {
			return pending.answer.write(c)
		}
		return next(c)
	}
}

// readIdentity is what the answer to a read of cachedRoutes depends on:
// the registry's version and answerKey. The conditional check and the
// answer cache both need it; identify works it out once per request, so
// that a read costs one version read, not one for each.
type readIdentity struct {
	version int64
	key     string
}

const ctxReadIdentity = "handlers.readIdentity"

// identify is the read identity of the request, worked out on the first
// call and kept in its context; false when its answer is not to be shared
// or tagged: a caller the cache leaves to the data layer, or a read as
// recorded at a moment.
func identify(c echo.Context, reg *registry.Registry) (readIdentity, bool, error) {
	if id, ok := c.Get(ctxReadIdentity).(readIdentity); ok {
		return id, true, nil
	}
	req := c.Request()
	kind, ok := callerKind(req)
	if !ok || req.URL.Query().Has("recorded_at") {
		return readIdentity{}, false, nil
	}
	version, err := reg.Version(req.Context())
	if err != nil {
		return readIdentity{}, false, err
	}
	id := readIdentity{version: version, key: answerKey(kind, reg.Today().String(), req)}
	c.Set(ctxReadIdentity, id)
	return id, true, nil
}

// answerKey names what a cached answer of a version depends on besides
// it: the kind of caller, the day (a read without at= is about today,
// which changes at midnight without a write), the Accept header (which
// chooses the format where format= is absent) and the URL, whose query
// holds everything else, the drawings' language (lang=) among it. The
// API reads no other header; Accept-Language is the web pages'.
func answerKey(kind, today string, req *http.Request) string {
	return kind + "\x00" + today + "\x00" + req.Header.Get(echo.HeaderAccept) + "\x00" + req.URL.RequestURI()
}

// callerKind names the callers who see the same answers: one role, or the
// anonymous readers of a published registry; false for a caller the cache
// must leave to the data layer.
func callerKind(req *http.Request) (string, bool) {
	v, ok := viewer.FromContext(req.Context())
	switch {
	case !ok:
		return "", false
	case v.IsAnonymous():
		return "public", v.PublicRead
	}
	return "role:" + v.Role, true
}

// lookup finds the answer for key at version; without one it makes the
// caller the leader who computes it, or hands it the pending computation
// of another.
func (rc *responseCache) lookup(version int64, key string) (answer *cachedAnswer, pending *pendingAnswer, leader bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if version != rc.version {
		if version < rc.version {
			// A request that read the version just before a change: it
			// must not see answers of the newer version, nor store its own.
			return nil, nil, false
		}
		rc.version, rc.size = version, 0
		rc.entries, rc.inFlight = map[string]*cachedAnswer{}, map[string]*pendingAnswer{}
	}
	if a, ok := rc.entries[key]; ok {
		return a, nil, false
	}
	if p, ok := rc.inFlight[key]; ok {
		return nil, p, false
	}
	p := &pendingAnswer{done: make(chan struct{})}
	rc.inFlight[key] = p
	return nil, p, true
}

// finish stores the leader's answer, if it is one to keep, and wakes the
// requests waiting for it.
func (rc *responseCache) finish(version int64, key string, p *pendingAnswer, answer *cachedAnswer) {
	rc.mu.Lock()
	if version == rc.version {
		delete(rc.inFlight, key)
		if answer != nil && len(answer.body) <= rc.maxBytes {
			if rc.size+len(answer.body) > rc.maxBytes {
				rc.entries, rc.size = map[string]*cachedAnswer{}, 0
			}
			rc.entries[key] = answer
			rc.size += len(answer.body)
		}
	}
	rc.mu.Unlock()
	p.answer = answer
	close(p.done)
}

// capture runs the handler and keeps a copy of what it wrote; nil unless
// it answered 200.
func capture(c echo.Context, next echo.HandlerFunc) (*cachedAnswer, error) {
	res := c.Response()
	rec := &recorder{ResponseWriter: res.Writer}
	res.Writer = rec
	err := next(c)
	res.Writer = rec.ResponseWriter
	if err != nil || res.Status != http.StatusOK {
		return nil, err
	}
	a := &cachedAnswer{header: http.Header{}, body: rec.body.Bytes()}
	for _, h := range cachedHeaders {
		for _, v := range res.Header().Values(h) {
			a.header.Add(h, v)
		}
	}
	return a, nil
}

func (a *cachedAnswer) write(c echo.Context) error {
	for h, v := range a.header {
		c.Response().Header()[h] = v // the keys are canonical, as Add made them
	}
	return c.Blob(http.StatusOK, a.header.Get(echo.HeaderContentType), a.body)
}
