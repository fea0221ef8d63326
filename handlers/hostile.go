package handlers

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/viewer"
)

// contentSecurityPolicy lets the docs page use its inline style and the
// SVG reports draw, and nothing else: the server sends no scripts, so none
// may run, and no page may frame ours.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"

// securityHeaders sets the headers that keep a browser from reading an
// answer as something it is not (sniffing, framing, leaking the URL on).
func securityHeaders() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			setSecurityHeaders(c.Response().Header())
			return next(c)
		}
	}
}

// setSecurityHeaders sets the headers securityHeaders adds; the answer to
// oversized headers, written before Echo runs, carries them too.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// requestTimeout gives each request a deadline: d, or its route's longer
// one (routeTimeout). The registry passes the context to every database
// call, so a slow query is abandoned and the error handler answers 503
// rather than the client waiting indefinitely.
func requestTimeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), routeTimeout(c, d))
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// rateLimit keeps a token bucket per caller as key names them, so that
// one caller's flood cannot starve the others. A zero limit switches it
// off. The health and readiness probes are never limited: a load balancer
// polling them must not take a 429 for a sign that the server is down.
func rateLimit(perSecond float64, burst int, key func(echo.Context) (string, bool)) echo.MiddlewareFunc {
	if perSecond <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	if burst < 1 {
		burst = 1
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(perSecond), Burst: burst, ExpiresIn: 3 * time.Minute,
	})
	retryAfter := strconv.Itoa(int(math.Max(1, math.Ceil(1/perSecond))))
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			if isProbe(c.Path()) {
				return true
			}
			_, ok := key(c)
			return !ok
		},
		Store: store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			id, _ := key(c)
			return id, nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", retryAfter)
			return koncern.Errorf(koncern.ERATELIMIT, "too many requests from this caller; retry after %s seconds", retryAfter)
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}

// isProbe tells the routes of the health and readiness probes.
func isProbe(route string) bool { return route == "/healthz" || route == "/readyz" }

// byAddress keys the rate limit by the client address as e.IPExtractor
// sees it.
func byAddress(c echo.Context) (string, bool) { return c.RealIP(), true }

// byToken keys the rate limit by the authenticated caller; anonymous
// callers are limited by address alone.
func byToken(c echo.Context) (string, bool) {
	v, ok := viewer.FromContext(c.Request().Context())
	if !ok || v.IsAnonymous() {
		return "", false
	}
	return v.Name, true
}
