package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// loginData is what the sign-in page shows.
type loginData struct {
	Next string
	// Provider names the identity provider to sign in with, if any.
	Provider string
}

func (s *Site) registerAuth(r *router) {
	r.open("/login", s.loginPage)
	r.openForm("/login", s.login)
	r.openForm("/logout", s.logout)
	s.registerOIDC(r)
}

// newLoginData is the sign-in page's data, with the provider offered where
// the server has one.
func (s *Site) newLoginData(next string) loginData {
	d := loginData{Next: safeNext(next)}
	if s.cfg.OIDC != nil {
		d.Provider = s.cfg.OIDC.Name()
	}
	return d
}

func (s *Site) loginPage(c echo.Context) error {
	p := s.newPage(c, "", s.newLoginData(c.QueryParam("next")))
	p.Title = p.T("login.title")
	return s.render(c, "login", p)
}

// login starts a session for the holder of an API token. A token the
// registry does not accept shows the sign-in page again with the reason
// beside the field.
func (s *Site) login(c echo.Context) error {
	next := safeNext(c.FormValue("next"))
	secret, _, err := s.cfg.Registry.StartTokenSession(c.Request().Context(), c.FormValue("token"), s.cfg.SessionTTL)
	if koncern.ErrorCode(err) == koncern.EUNAUTHORIZED {
		p := s.newPage(c, "", s.newLoginData(next))
		p.Title = p.T("login.title")
		p.Status = http.StatusUnauthorized
		p.Errors = map[string]string{"token": koncern.ErrorMessage(err)}
		return s.render(c, "login", p)
	}
	if err != nil {
		return err
	}
	s.startSession(c, secret)
	return c.Redirect(http.StatusSeeOther, next)
}

// logout ends the session in the registry, not only in the browser, so
// that a copied cookie stops working too.
func (s *Site) logout(c echo.Context) error {
	if ck, err := c.Cookie(cookieName(c, sessionCookie)); err == nil && ck.Value != "" {
		if err := s.cfg.Registry.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	clearCookie(c, sessionCookie)
	return c.Redirect(http.StatusSeeOther, "/")
}
