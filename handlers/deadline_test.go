package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer"
)

// peopleCSV is a CSV file of n people, to import: at 300 people it is
// larger than the 4 KiB net/http reads with the headers, so the server
// must read the rest from the connection.
func peopleCSV(n int) string {
	var b strings.Builder
	b.WriteString("name,valid_from\n")
	for i := range n {
		fmt.Fprintf(&b, "Person nummer %d,2004-01-01\n", i)
	}
	return b.String()
}

// TestLongRoutesOutlastTheDefaultTimeout checks that the export and the
// import keep their own deadline when every other route's has passed. The
// default timeout is a nanosecond, over before any database call, so an
// ordinary route is cut every time and the result does not depend on how
// fast the machine is.
func TestLongRoutesOutlastTheDefaultTimeout(t *testing.T) {
	a := newAPIWith(t, func(c *handlers.Config) { c.RequestTimeout = time.Nanosecond })
	t.Run("ErrOrdinaryRouteCut", func(t *testing.T) {
		a.mustDo(http.StatusServiceUnavailable, http.MethodGet, "/api/v1/organizations", nil)
	})
	t.Run("ExportServed", func(t *testing.T) {
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/export?history=true", nil)
		a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/export?history=true&format=csv", nil)
	})
	t.Run("ImportServed", func(t *testing.T) {
		if r := a.send("/api/v1/import?dry_run=true&kind=people", importer.MediaCSV, []byte(peopleCSV(3))); r.Status != http.StatusOK {
			t.Fatalf("import → %d, want 200: %s", r.Status, r.Body)
		}
	})
}

// serveWithTimeouts serves the API like koncern serve, with the server's
// read and write timeouts set where given (0 leaves the default), so that
// a test can make them pass before any handler runs.
func (a *api) serveWithTimeouts(read, write time.Duration) string {
	a.t.Helper()
	return a.serveReal(func(s *http.Server) {
		if read > 0 {
			s.ReadTimeout = read
		}
		if write > 0 {
			s.WriteTimeout = write
		}
	}).URL
}

// call sends a request with the admin token and reads the whole answer;
// an error means the server cut the connection without one.
func (a *api) call(method, url, contentType, body string) (int, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set(echo.HeaderAuthorization, "Bearer "+a.token)
	if contentType != "" {
		req.Header.Set(echo.HeaderContentType, contentType)
	}
	// A new connection per request, so that each starts its own timeouts.
	req.Close = true
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if _, err := io.ReadAll(res.Body); err != nil {
		return 0, err
	}
	return res.StatusCode, nil
}

// TestLongRoutesOutlastTheConnectionTimeouts checks that the export and
// the import move the connection's deadlines along with their own: with
// the server's write (or read) timeout a nanosecond, already past when the
// handler runs, an ordinary route's answer is cut, and the export's (or
// the import's upload) goes through.
func TestLongRoutesOutlastTheConnectionTimeouts(t *testing.T) {
	a := newAPI(t)
	t.Run("ErrOrdinaryAnswerCut", func(t *testing.T) {
		url := a.serveWithTimeouts(0, time.Nanosecond)
		if status, err := a.call(http.MethodGet, url+"/api/v1/organizations", "", ""); err == nil {
			t.Fatalf("an ordinary route answered %d past the write timeout; the test cannot tell the routes apart", status)
		}
	})
	t.Run("ExportAnswered", func(t *testing.T) {
		url := a.serveWithTimeouts(0, time.Nanosecond)
		if status, err := a.call(http.MethodGet, url+"/api/v1/export?history=true", "", ""); err != nil || status != http.StatusOK {
			t.Fatalf("export past the write timeout → %d, %v; want 200", status, err)
		}
	})
	body := peopleCSV(300)
	t.Run("ErrOrdinaryUploadCut", func(t *testing.T) {
		url := a.serveWithTimeouts(time.Nanosecond, 0)
		// A valid person, padded with white space past what net/http reads
		// with the headers.
		person := `{"name":"Anna Andersson",` + strings.Repeat(" ", len(body)) + `"valid_from":"2004-01-01"}`
		if status, err := a.call(http.MethodPost, url+"/api/v1/people", echo.MIMEApplicationJSON, person); err == nil && status < 400 {
			t.Fatalf("an ordinary upload past the read timeout → %d, want it cut", status)
		}
	})
	t.Run("ImportUploaded", func(t *testing.T) {
		url := a.serveWithTimeouts(time.Nanosecond, 0)
		status, err := a.call(http.MethodPost, url+"/api/v1/import?dry_run=true&kind=people", importer.MediaCSV, body)
		if err != nil || status != http.StatusOK {
			t.Fatalf("import past the read timeout → %d, %v; want 200", status, err)
		}
	})
}
