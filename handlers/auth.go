package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/rule"
	"github.com/koncernregistret/koncern/viewer"
)

// JWTVerifier checks a JWT from the municipality's identity provider and
// names the caller it stands for (package jwtauth).
type JWTVerifier interface {
	Verify(ctx context.Context, raw string) (viewer.Viewer, error)
}

// bearerChallenge is the WWW-Authenticate header of every 401: the API
// speaks bearer tokens only.
const bearerChallenge = `Bearer realm="koncernregistret"`

// SessionCaller names the caller of a request outside the API by its web
// session (package web), or reports that it carries none.
type SessionCaller func(c echo.Context) (v viewer.Viewer, ok bool, err error)

// authenticate names the caller of every request and hands it, with the
// request id, to the data layer, whose privacy rules decide what the
// caller may do. No Authorization header makes an anonymous caller, who
// may read the registry only with publicRead, unless a request outside the
// API carries a web session; a header that does not authenticate is
// refused at once rather than treated as anonymous, so that a client with
// a mistyped token hears so. The session is resolved here, before any
// route's handling, so that every check the server makes before a route
// (the guards, the long routes' places) judges the real caller.
func authenticate(r *registry.Registry, jwt JWTVerifier, publicRead bool, session SessionCaller) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			// The token lookup and the answer cache both lean on the
			// registry's version; one request reads it once.
			req := c.Request().WithContext(registry.WithVersionMemo(c.Request().Context()))
			c.SetRequest(req)
			v, err := caller(req, r, jwt)
			if err != nil {
				return err
			}
			if v.IsAnonymous() && session != nil && !strings.HasPrefix(req.URL.Path, "/api/") {
				if sv, ok, err := session(c); err != nil {
					return err
				} else if ok {
					v = sv
				}
			}
			v.PublicRead = publicRead
			ctx := registry.WithRequestID(viewer.NewContext(req.Context(), v), requestID(c))
			c.SetRequest(req.WithContext(ctx))
			return next(c)
		}
	}
}

func caller(req *http.Request, r *registry.Registry, jwt JWTVerifier) (viewer.Viewer, error) {
	h := req.Header.Get(echo.HeaderAuthorization)
	if h == "" {
		return viewer.Viewer{Name: viewer.Anonymous}, nil
	}
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return viewer.Viewer{}, koncern.Errorf(koncern.EUNAUTHORIZED, "Authorization: send \"Bearer\" and an API token")
	}
	if strings.HasPrefix(token, registry.TokenPrefix) || jwt == nil {
		return r.Authenticate(req.Context(), token)
	}
	return jwt.Verify(req.Context(), token)
}

// requireRole guards the few routes that read nothing from the registry
// and so have no privacy rule to stop a caller (the metrics).
func requireRole(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			v, _ := viewer.FromContext(c.Request().Context())
			if !v.Has(roles...) {
				return rule.Denial(c.Request().Context(), "read the metrics")
			}
			return next(c)
		}
	}
}

// me is the caller as the server sees it.
type me struct {
	Name       string  `json:"name"`
	Role       *string `json:"role"`
	PublicRead bool    `json:"public_read"`
}

// registerTokenRoutes wires the API tokens (for administrators, as the
// privacy rules decide) and /me, which tells any caller who they are.
func registerTokenRoutes(g *echo.Group, r *registry.Registry) {
	g.GET("/me", func(c echo.Context) error {
		v, _ := viewer.FromContext(c.Request().Context())
		out := me{Name: v.Name, PublicRead: v.PublicRead}
		if !v.IsAnonymous() {
			out.Role = &v.Role
		}
		return c.JSON(http.StatusOK, out)
	})
	g.GET("/tokens", func(c echo.Context) error {
		items, err := r.ListTokens(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string][]koncern.Token{"items": items})
	})
	g.POST("/tokens", func(c echo.Context) error {
		var in koncern.TokenInput
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		out, err := r.CreateToken(c.Request().Context(), in)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderLocation, c.Request().URL.Path+"/"+out.ID)
		return writeVersioned(c, http.StatusCreated, out.Version, out)
	})
	g.GET("/tokens/:id", func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		out, err := r.GetToken(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return writeVersioned(c, http.StatusOK, out.Version, out)
	})
	g.DELETE("/tokens/:id", func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		version, err := ifMatch(c)
		if err != nil {
			return err
		}
		out, err := r.RevokeToken(c.Request().Context(), id, version)
		if err != nil {
			return err
		}
		return writeVersioned(c, http.StatusOK, out.Version, out)
	})
}
