package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestAttachmentAfterDeadline checks that an export finished after its
// request's deadline is not sent: the handler gets the context's error,
// which the error handler answers with 503, and nothing is written.
func TestAttachmentAfterDeadline(t *testing.T) {
	past, cancelPast := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancelPast()
	gone, cancelGone := context.WithCancel(context.Background())
	cancelGone()
	for name, ctx := range map[string]context.Context{"ErrDeadlinePassed": past, "ErrClientGone": gone} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/export", nil).WithContext(ctx)
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(req, rec)
			err := attachment(c, mimeXLSX, "koncernregistret.xlsx", []byte("the workbook"))
			if !errors.Is(err, ctx.Err()) || c.Response().Committed || rec.Body.Len() != 0 {
				t.Errorf("attachment after the context ended: error %v, committed %v, body %q", err, c.Response().Committed, rec.Body)
			}
		})
	}
}

// TestLimitLong checks that no more than the limit of exports and imports
// run at once: with the one place held by an export that waits for the
// test, another export is refused with 503 and Retry-After, an ordinary
// route is served, and once the first export ends the next one runs.
func TestLimitLong(t *testing.T) {
	e := echo.New()
	e.HTTPErrorHandler = errorHandler(slog.New(slog.DiscardHandler), nil)
	e.Use(limitLong(1))
	entered, release := make(chan struct{}), make(chan struct{})
	first := true
	e.GET("/api/v1/export", func(c echo.Context) error {
		if first {
			first = false
			close(entered)
			<-release
		}
		return c.NoContent(http.StatusOK)
	})
	e.GET("/api/v1/people", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	done := make(chan int)
	go func() { done <- get("/api/v1/export").Code }()
	<-entered
	t.Run("ErrLongRouteBusy", func(t *testing.T) {
		if rec := get("/api/v1/export"); rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != longRetryAfter {
			t.Errorf("second export while one runs → %d, Retry-After %q; want 503, %s", rec.Code, rec.Header().Get("Retry-After"), longRetryAfter)
		}
	})
	t.Run("OrdinaryRouteServed", func(t *testing.T) {
		if rec := get("/api/v1/people"); rec.Code != http.StatusOK {
			t.Errorf("an ordinary route while an export runs → %d, want 200", rec.Code)
		}
	})
	close(release)
	if code := <-done; code != http.StatusOK {
		t.Fatalf("the first export → %d, want 200", code)
	}
	t.Run("PlaceFreedAfterwards", func(t *testing.T) {
		if rec := get("/api/v1/export"); rec.Code != http.StatusOK {
			t.Errorf("an export after the first ended → %d, want 200", rec.Code)
		}
	})
}
