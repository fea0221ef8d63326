package handlers

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/koncernregistret/koncern"
)

// MaxHeaderBytes bounds the request line and headers: ample for any client
// of the API, far below net/http's default of a megabyte.
const MaxHeaderBytes = 64 << 10

// NewHTTPServer is the http.Server that serves h: the time limits that keep
// a slow client from holding a connection, and MaxHeaderBytes. Serve it on
// a listener from ProblemListener, so that oversized headers are answered
// like every other error.
func NewHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: MaxHeaderBytes,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
}

// netHTTP431 is the answer net/http writes itself, before any handler
// runs, when a request's headers exceed MaxHeaderBytes: plain text, in one
// write to the connection (net/http's server.go, conn.serve).
var netHTTP431 = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" +
	"431 Request Header Fields Too Large")

// ProblemListener wraps ln so that net/http's own plain-text 431 answer
// goes out as a problem document like every other error. net/http refuses
// oversized headers before Echo sees the request, and offers no hook for
// the answer; raising its limit to check the size in a middleware instead
// would let every connection buffer more, and still leave net/http's answer
// above the raised limit. Only a write that is exactly net/http's answer is
// replaced, so nothing a handler writes is touched.
func ProblemListener(ln net.Listener, log *slog.Logger) net.Listener {
	return &problemListener{Listener: ln, log: log}
}

type problemListener struct {
	net.Listener
	log *slog.Logger
}

func (l *problemListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &problemConn{Conn: c, log: l.log}, nil
}

type problemConn struct {
	net.Conn
	log *slog.Logger
}

func (c *problemConn) Write(p []byte) (int, error) {
	if !bytes.Equal(p, netHTTP431) {
		return c.Conn.Write(p)
	}
	id := rand.Text()
	c.log.Warn("request headers too large", "request_id", id, "status", http.StatusRequestHeaderFieldsTooLarge,
		"remote", c.RemoteAddr().String())
	if _, err := c.Conn.Write(headersTooLarge(id)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CloseWrite lets net/http half-close the connection after its 431, as it
// does on a bare TCP connection, so that the client reads the answer before
// the connection is reset.
func (c *problemConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// headersTooLarge is the whole HTTP answer to oversized headers, with the
// security headers every answer carries.
func headersTooLarge(requestID string) []byte {
	status := http.StatusRequestHeaderFieldsTooLarge
	body, _ := json.Marshal(Problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Code: koncern.ETOOLARGE, RequestID: requestID,
		Detail: fmt.Sprintf("the request line and headers are larger than %d bytes", MaxHeaderBytes),
	})
	h := http.Header{}
	setSecurityHeaders(h)
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Connection", "close")
	h.Set("X-Request-Id", requestID)
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = h.Write(&b)
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}
