package handlers

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/apidocs"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/render"
)

// Config is what the HTTP layer needs from its caller.
type Config struct {
	Registry *registry.Registry
	Logger   *slog.Logger
	// Spec is the OpenAPI document the server validates requests against
	// and serves at /openapi.yaml.
	Spec []byte
	// BodyLimit bounds a request body in bytes.
	BodyLimit int64
	// SVG draws the reports' pictures; the caller closes it.
	SVG *render.SVG
	// RequestTimeout bounds the time a request may take, so that a slow
	// database answers 503 instead of holding the connection; zero means
	// DefaultRequestTimeout. The export and the import may take
	// LongRequestTimeout, if that is longer.
	RequestTimeout time.Duration
	// RateLimit is the requests per second each client address may send on
	// average, and RateBurst how many it may send at once; zero RateLimit
	// switches rate limiting off.
	RateLimit float64
	RateBurst int
	// PublicRead lets callers without a token read the registry (never the
	// audit trail or the tokens), for publishing under the principle of
	// public access.
	PublicRead bool
	// JWT, when set, accepts JWTs from the municipality's identity provider
	// beside the registry's own API tokens.
	JWT JWTVerifier
	// CheckpointKey, when set, signs the audit trail's checkpoints
	// (GET /api/v1/audit/checkpoint); it is kept outside the database.
	CheckpointKey ed25519.PrivateKey
	// ErrorPage, when set, shows the errors of requests outside the API
	// (the web application's pages) as pages.
	ErrorPage ErrorPage
	// Session, when set, names the caller of a request outside the API by
	// its web session (package web).
	Session SessionCaller
}

// DefaultBodyLimit is large enough for any single record and small enough
// that a hostile body costs nothing.
const DefaultBodyLimit = 1 << 20

// DefaultRequestTimeout is far above any legitimate request's duration.
const DefaultRequestTimeout = 30 * time.Second

// DefaultRateLimit and DefaultRateBurst are generous enough for a busy
// client (a bulk import is one request) and stop only a flood.
const (
	DefaultRateLimit = 50
	DefaultRateBurst = 100
)

// New builds the Echo server with every route and middleware.
func New(cfg Config) (*echo.Echo, error) {
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.SVG == nil {
		return nil, fmt.Errorf("handlers: Config.SVG is required")
	}
	doc, err := loadSpec(cfg.Spec)
	if err != nil {
		return nil, err
	}
	docs, err := apidocs.Page(doc)
	if err != nil {
		return nil, err
	}
	registerSpreadsheetDecoder()
	specCheck, err := validateAgainstSpec(doc)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The server answers clients directly; a deployment behind a proxy sets
	// its own extractor. Without this, Echo would trust X-Forwarded-For.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = errorHandler(cfg.Logger, cfg.ErrorPage)
	m := newMetrics()
	// The security headers come first so that every answer carries them,
	// errors included. The recoverer sits inside the log and the metrics so
	// that a panic is logged and counted like any other failed request; so
	// does the rate limiter, so that refusals are seen. The contract check
	// is not a group middleware: Echo answers 404 instead of 405 under a
	// group that has one.
	// Addresses are limited before authentication, so that a flood of bad
	// tokens costs no database lookups, and tokens after it, so that one
	// token cannot escape its share by spreading over many addresses.
	// A caller whose role may never do what the route does is refused
	// (guard) before its body is read or checked against the contract.
	// The conditional answers (304) come before the answer cache, so that a
	// client that holds the answer costs no lookup; after the guard, so
	// that a caller who may not read the route hears so rather than 304.
	// The answer cache comes before the contract check: it keeps only 200
	// answers to GETs, which have no body, so a request it answers has the
	// URL and Accept header of one that passed the check before. The limit
	// on exports and imports at once comes after both, so that neither a
	// cached answer nor a request the contract refuses takes a place.
	// Every request first gets the finder of organisations by number, which
	// any middleware's or handler's query may need (query.Err).
	// HEAD is GET without the body, on every route (headAsGet); it is
	// turned into GET before the route is found.
	e.Pre(headAsGet)
	e.Use(orgNumbers(cfg.Registry), securityHeaders(), middleware.RequestID(), m.middleware, requestLog(cfg.Logger), recoverer(),
		rateLimit(cfg.RateLimit, cfg.RateBurst, byAddress), requestTimeout(cfg.RequestTimeout),
		authenticate(cfg.Registry, cfg.JWT, cfg.PublicRead, cfg.Session), rateLimit(cfg.RateLimit, cfg.RateBurst, byToken), guard(routeGuards, pageGuards),
		connectionDeadline(), bodyLimit(cfg.BodyLimit), conditional(cfg.Registry, cfg.Spec), newResponseCache(cfg.Registry, defaultCacheBytes).middleware, specCheck, limitLong(MaxLongRequests), recordedAt(),
		idempotency(cfg.Registry))
	registerOperationRoutes(e, cfg, m, docs)
	api := e.Group("/api/v1")
	registerRegistryRoutes(api, cfg.Registry)
	registerAnalysisRoutes(api, cfg.Registry, cfg.SVG)
	registerCommentRoutes(api, cfg.Registry)
	registerRecommendationRoutes(api, cfg.Registry)
	registerImportRoutes(api, cfg.Registry)
	registerAuditRoutes(api, cfg.Registry, cfg.CheckpointKey)
	registerTokenRoutes(api, cfg.Registry)
	if err := checkGuards(e.Routes(), routeGuards); err != nil {
		return nil, err
	}
	return e, nil
}

func loadSpec(spec []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.yaml is not valid: %w", err)
	}
	return doc, nil
}

// registerOperationRoutes lists the routes for operators and readers of the
// contract: health, readiness, metrics, the spec and its docs page.
func registerOperationRoutes(e *echo.Echo, cfg Config, m *metrics, docs []byte) {
	// The build's version is read once: it cannot change while the
	// process runs.
	health := healthAnswer{Status: "ok", Version: koncern.Version()}
	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, health)
	})
	e.GET("/readyz", func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := cfg.Registry.DB().Ping(ctx); err != nil {
			cfg.Logger.Warn("database not ready", "error", err)
			return koncern.Errorf(koncern.EUNAVAILABLE, "the database does not answer")
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/metrics", echo.WrapHandler(m.handler()), requireRole(koncern.AccessAdmin, koncern.AccessAuditor))
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", cfg.Spec)
	})
	e.GET("/docs", func(c echo.Context) error {
		return c.HTMLBlob(http.StatusOK, docs)
	})
}

// healthAnswer is the liveness check's answer: alive, and which build.
type healthAnswer struct {
	Status  string               `json:"status"`
	Version koncern.BuildVersion `json:"version"`
}

// bodyLimit refuses bodies larger than limit: at once when the length is
// declared, and while reading otherwise.
func bodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			limit := routeBodyLimit(c.Path(), limit)
			req := c.Request()
			if req.ContentLength > limit {
				return koncern.Errorf(koncern.ETOOLARGE, "the body is larger than %d bytes", limit)
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
			return next(c)
		}
	}
}

// recoverer turns a panic in a handler into an internal error, logged with
// the request id, instead of a dropped connection.
func recoverer() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v", p)
				}
			}()
			return next(c)
		}
	}
}

// requestLog writes one structured line per request.
func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			log.Info("request", "request_id", requestID(c), "method", requestMethod(c),
				"route", c.Path(), "path", c.Request().URL.Path, "status", c.Response().Status,
				"duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", c.RealIP())
			return nil
		}
	}
}
