package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// headAsGet answers HEAD on every GET route, the API's and the web
// application's alike, as GET answers it without the body (RFC 9110
// 9.3.2). It runs before routing (Echo's Pre), so that the request takes
// the GET route with all its middleware: the same authentication, guard,
// contract check, answer cache and conditional answer, hence the same
// status and headers. The handler's body is counted, not sent, and its
// length becomes the Content-Length that GET would have sent. Echo finds
// the route by the request it was handed, so the method is changed on
// that request and put back before anything is written to the client.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodHead {
			return next(c)
		}
		req.Method = http.MethodGet
		c.Set(headKey, true)
		res := c.Response()
		hw := &headWriter{ResponseWriter: res.Writer}
		res.Writer = hw
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req.Method = http.MethodHead
		res.Writer = hw.ResponseWriter
		hw.finish()
		return nil
	}
}

// headKey marks a request that came as HEAD, for the log and the metrics.
const headKey = "koncern.head"

// requestMethod is the method the client sent: HEAD for a HEAD that
// headAsGet routes as GET.
func requestMethod(c echo.Context) string {
	if head, _ := c.Get(headKey).(bool); head {
		return http.MethodHead
	}
	return c.Request().Method
}

// headWriter holds back the status of a HEAD's answer until the handler
// is done, counting the bytes of the body it throws away, so that the
// header can say how long the body would have been.
type headWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *headWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *headWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.size += int64(len(b))
	return len(b), nil
}

// Flush does nothing: the header goes out once the handler is done.
func (w *headWriter) Flush() {}

func (w *headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish writes the held-back header. A status that has no body (1xx,
// 204, 304) gets no Content-Length.
func (w *headWriter) finish() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h := w.Header()
	if bodyAllowed(w.status) && h.Get(echo.HeaderContentLength) == "" {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(w.size, 10))
	}
	w.ResponseWriter.WriteHeader(w.status)
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// discardWriter passes the header on and throws the body away: the
// answer of a conditional request whose representation the client holds
// already (304).
type discardWriter struct{ http.ResponseWriter }

func (w discardWriter) Write(b []byte) (int, error) { return len(b), nil }

func (w discardWriter) Flush() {}

func (w discardWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
