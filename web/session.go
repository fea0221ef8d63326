package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/viewer"
)

// sessionCookie carries the session's secret; the registry keeps only its
// hash.
const sessionCookie = "koncern_session"

// Session names the caller of a request outside the API by its session
// cookie (handlers.Config.Session): the server's authentication calls it,
// so that every check before a page's own (the guards, the long routes'
// places) judges the signed-in person. A cookie the registry no longer
// accepts (ended, expired, its token revoked) is cleared and the caller
// is anonymous, so that a stale cookie sends a person to the sign-in page
// rather than to an error.
func (s *Site) Session(c echo.Context) (viewer.Viewer, bool, error) {
	// The style sheet, the scripts and the icon are the same for everyone:
	// a browser sends its cookie with each, and they need no lookup.
	if path := c.Request().URL.Path; strings.HasPrefix(path, staticPrefix) || path == faviconPath {
		return viewer.Viewer{}, false, nil
	}
	ck, err := c.Cookie(cookieName(c, sessionCookie))
	if err != nil || ck.Value == "" {
		return viewer.Viewer{}, false, nil
	}
	v, err := s.cfg.Registry.SessionViewer(c.Request().Context(), ck.Value)
	switch {
	case koncern.ErrorCode(err) == koncern.EUNAUTHORIZED:
		clearCookie(c, sessionCookie)
		return viewer.Viewer{}, false, nil
	case err != nil:
		return viewer.Viewer{}, false, err
	}
	return v, true, nil
}

// cookieName is the name of a cookie of the whole site. Over TLS it takes
// the __Host- prefix, with which a browser accepts the cookie only from
// this host, Secure, for every path: a neighbouring subdomain cannot plant
// a session or a form key of its own choosing.
func cookieName(c echo.Context, base string) string {
	if c.IsTLS() {
		return "__Host-" + base
	}
	return base
}

// startSession gives the browser the cookie of a new session.
func (s *Site) startSession(c echo.Context, secret string) {
	c.SetCookie(&http.Cookie{Name: cookieName(c, sessionCookie), Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: c.IsTLS(), MaxAge: int(s.cfg.SessionTTL / time.Second)})
}

func clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: cookieName(c, name), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: c.IsTLS()})
}

// mayRead sends a visitor who has not signed in to the sign-in page, unless
// the registry is published for reading.
func (s *Site) mayRead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, _ := viewer.FromContext(c.Request().Context())
		if v.IsAnonymous() && !s.cfg.PublicRead {
			return c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request().URL.RequestURI()))
		}
		return next(c)
	}
}

// safeNext is where to go after signing in: a path on this site, never
// another site. A browser strips tabs and line breaks from a URL and reads
// a backslash as a slash, so "/\t/evil.example" would lead away as
// "//evil.example" does: any of them, a scheme or a host refuses the value.
func safeNext(next string) string {
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return (&url.URL{Path: u.Path, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
}
