package handlers

import (
	"context"
	"errors"
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
