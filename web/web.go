// Package web is the registry for the people who would rather look than
// type curl: Swedish-first pages rendered on the server, served by the same
// Echo instance as the API. Pages call the same registry and analysis
// functions as the API handlers; none calls the API over HTTP.
//
// The pages are html/template rather than templ: the standard library's
// contextual escaping is what keeps a name with markup in it harmless, the
// templates need no generator step beside ent's, and every template is
// parsed when the server starts and rendered by the tests, so a mistake in
// one fails at once rather than in front of a user.
package web

import (
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/render"
)

// Config is what the web application needs from its caller.
type Config struct {
	Registry *registry.Registry
	SVG      *render.SVG
	Logger   *slog.Logger
	// PublicRead lets a visitor who has not signed in read the pages that
	// show the registry (never the audit trail).
	PublicRead bool
	// SessionTTL is how long a session lasts; zero means
	// registry.DefaultSessionTTL.
	SessionTTL time.Duration
	// OIDC, when set, offers sign-in with the municipality's identity
	// provider beside the API token.
	OIDC *oidclogin.Provider
	// CheckpointKey, when set, signs the checkpoint the audit trail's page
	// shows; the API's GET /api/v1/audit/checkpoint signs with the same.
	CheckpointKey ed25519.PrivateKey
}

// Site is the web application: its parsed templates and the registry they
// show.
type Site struct {
	cfg   Config
	pages *pages
}

// New parses every template, so that a broken one stops the server from
// starting instead of failing on the page that uses it.
func New(cfg Config) (*Site, error) {
	if cfg.Registry == nil || cfg.SVG == nil || cfg.Logger == nil {
		return nil, fmt.Errorf("web: Config.Registry, SVG and Logger are required")
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = registry.DefaultSessionTTL
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Site{cfg: cfg, pages: p}, nil
}

// The paths of the files every page loads, which need no caller.
const (
	staticPrefix = "/static/"
	faviconPath  = "/favicon.ico"
)

// Register adds the pages to e at /, beside the API under /api/v1.
func (s *Site) Register(e *echo.Echo) {
	e.GET(staticPrefix+"*", staticFiles())
	// Browsers ask every site for /favicon.ico whatever the page links.
	e.GET(faviconPath, func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, staticPrefix+"favicon.svg") })
	r := &router{e: e, site: s}
	s.registerAuth(r)
	for _, register := range s.sections() {
		register(r)
	}
}
