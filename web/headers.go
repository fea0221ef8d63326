package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy lets a page load scripts, styles and pictures from
// this site only: no inline script or event handler, no CDN. Forms may
// only post here, and no other site may frame a page.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// pageHeaders replaces the API's policy (which allows nothing to load)
// with the pages' own. The referrer is kept within the site, so that a
// browser sends the Origin of a form it posts here (with no-referrer it
// sends "null"), and is never sent to another site.
func (s *Site) pageHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		setPageHeaders(c.Response().Header())
		return next(c)
	}
}

// setPageHeaders sets what pageHeaders sets; an error page for a path that
// is no page's gets them too.
func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Referrer-Policy", "same-origin")
	// A page shows what its caller may see, on the day it is asked: a
	// shared cache must not keep it, and a browser asks again.
	h.Set(echo.HeaderCacheControl, "private, no-cache")
	h.Add(echo.HeaderVary, "Cookie")
}
