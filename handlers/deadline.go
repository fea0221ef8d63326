package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// LongRequestTimeout is the deadline of the routes that carry a whole
// registry in one request (longRoutes). A national registry's history
// export took 8 s on an idle server and 82 s on a loaded one, and its
// import about two minutes and three and a half; ten minutes leaves room
// for both on a busy server, and every other route keeps the default.
const LongRequestTimeout = 10 * time.Minute

// answerGrace is how long past its deadline a request may still write to
// the connection: time to send the file it has made, or the problem that
// says its deadline passed, rather than a connection cut without a word.
const answerGrace = time.Minute

// longRoutes are the routes that get LongRequestTimeout, by method and
// route: the register export and the import (the API's and the web's
// form), the two halves of moving a registry, and nothing else.
var longRoutes = map[string]bool{
	http.MethodGet + " /api/v1/export":     true,
	http.MethodPost + " " + importPath:     true,
	http.MethodPost + " " + ImportPagePath: true,
}

// isLongRoute tells whether the request's route is one of longRoutes.
func isLongRoute(c echo.Context) bool {
	return longRoutes[c.Request().Method+" "+c.Path()]
}

// routeTimeout is the deadline of the request's route: def for every route
// but longRoutes, which get LongRequestTimeout unless def is longer.
func routeTimeout(c echo.Context, def time.Duration) time.Duration {
	if isLongRoute(c) {
		return max(def, LongRequestTimeout)
	}
	return def
}

// connectionDeadline lets the long routes use the connection as long as
// their requests may run: the server's ReadTimeout and WriteTimeout
// (NewHTTPServer) bound every request from the moment its headers arrive,
// and would otherwise cut an upload or an answer that is still within its
// request's deadline. It runs after the caller is authenticated and the
// route's role checked, so only a caller the route serves gets the longer
// hold on a connection.
func connectionDeadline() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if deadline, ok := c.Request().Context().Deadline(); ok && isLongRoute(c) {
				extendConnection(c.Response(), deadline.Add(answerGrace))
			}
			return next(c)
		}
	}
}

// extendConnection moves the connection's read and write deadlines to t.
// A writer that keeps no deadlines (one that records the answer in a test)
// has none to move, so its refusal is no error.
func extendConnection(w http.ResponseWriter, t time.Time) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(t)
	_ = rc.SetWriteDeadline(t)
}

// MaxLongRequests is how many requests of longRoutes one server works on at
// once. A national history export holds about 480 MiB while it is made and
// a national import about 620 MiB, so a caller who asks for many different
// exports at once (by day, by register, by format) must not have them all
// made together; within ten minutes each, they would otherwise pile up.
// Answers the cache holds, and requests that wait for one being made, take
// no place.
const MaxLongRequests = 2

// longRetryAfter is the Retry-After, in seconds, of a request refused
// because MaxLongRequests are under way: about what a national export takes.
const longRetryAfter = "10"

// limitLong lets at most n requests of longRoutes run at once, and answers
// 503 with Retry-After to the others rather than queueing them.
func limitLong(n int) echo.MiddlewareFunc {
	places := make(chan struct{}, n)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !isLongRoute(c) {
				return next(c)
			}
			select {
			case places <- struct{}{}:
				defer func() { <-places }()
				return next(c)
			default:
				c.Response().Header().Set("Retry-After", longRetryAfter)
				return koncern.Errorf(koncern.EUNAVAILABLE, "the server is already making %d exports or imports; retry after %s seconds", n, longRetryAfter)
			}
		}
	}
}
