package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// idempotency makes a POST with an Idempotency-Key header safe to retry:
// the first request reserves the key, runs, and stores its answer; a later
// request with the same key and body gets that answer replayed, one with
// another body is refused. The key is stored beside the create rather than
// in its transaction, because the answer (Location, body) only exists once
// the handler has returned; the reservation made before the handler runs,
// guarded by the unique key, is what keeps two requests from both
// creating.
func idempotency(r *registry.Registry) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get("Idempotency-Key")
			if key == "" || c.Request().Method != http.MethodPost || !strings.HasPrefix(c.Request().URL.Path, "/api/v1/") {
				return next(c)
			}
			body, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			c.Request().Body = io.NopCloser(bytes.NewReader(body))
			return runOnce(c, r, next, key, c.Request().Method+" "+c.Request().URL.RequestURI(), requestHash(c, body))
		}
	}
}

func requestHash(c echo.Context, body []byte) string {
	h := sha256.New()
	h.Write([]byte(c.Request().Method + " " + c.Request().URL.RequestURI() + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// runOnce replays what is stored under key or runs the request under it.
func runOnce(c echo.Context, r *registry.Registry, next echo.HandlerFunc, key, request, hash string) error {
	ctx := c.Request().Context()
	reserved, err := r.ReserveIdempotencyKey(ctx, key, request, hash)
	if err != nil {
		return err
	}
	if !reserved {
		return replay(c, r, key, hash)
	}
	rec := &recorder{ResponseWriter: c.Response().Writer}
	c.Response().Writer = rec
	err = next(c)
	// Only a created record is remembered: a refusal changed nothing, and
	// the client may fix the request and retry under the same key.
	if err != nil || c.Response().Status != http.StatusCreated {
		if rerr := r.ReleaseIdempotencyKey(ctx, key); rerr != nil && err == nil {
			return rerr
		}
		return err
	}
	headers, _ := json.Marshal(map[string]string{
		echo.HeaderLocation: c.Response().Header().Get(echo.HeaderLocation), "ETag": c.Response().Header().Get("ETag"),
	})
	return r.CompleteIdempotencyKey(ctx, key, c.Response().Status, rec.body.String(), string(headers))
}

// replay answers a request whose key is already taken.
func replay(c echo.Context, r *registry.Registry, key, hash string) error {
	got, err := r.LookupIdempotencyKey(c.Request().Context(), key)
	if err != nil {
		return err
	}
	if got == nil || got.Status == 0 {
		return koncern.Conflict("Idempotency-Key", "a request with this key is still running; retry later")
	}
	if got.RequestHash != hash {
		return koncern.Invalid("Idempotency-Key", "was used for another request (%s) with another body", got.Request)
	}
	var headers map[string]string
	if err := json.Unmarshal([]byte(got.Headers), &headers); err != nil {
		return err
	}
	for name, v := range headers {
		if v != "" {
			c.Response().Header().Set(name, v)
		}
	}
	return c.Blob(got.Status, echo.MIMEApplicationJSON, []byte(got.Body))
}

// recorder keeps a copy of the body written through it.
type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *recorder) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}
