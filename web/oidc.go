package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/oidclogin"
)

// pendingCookie keeps the state, nonce and PKCE verifier of a sign-in with
// the identity provider, and where to go after it, while the browser is
// away at the provider. It is SameSite=Lax: the browser comes back from the
// provider's site, and a Strict cookie would not be sent.
const pendingCookie = "koncern_oidc"

// oidcCallback is the path of the redirect URL the provider sends the
// browser back to (--oidc-redirect-url).
const oidcCallback = "/login/oidc/callback"

func (s *Site) registerOIDC(r *router) {
	if s.cfg.OIDC == nil {
		return
	}
	r.open("/login/oidc", s.oidcBegin)
	r.open(oidcCallback, s.oidcFinish)
}

// oidcBegin sends the browser to the provider with a fresh state, nonce
// and PKCE challenge.
func (s *Site) oidcBegin(c echo.Context) error {
	authURL, pending, err := s.cfg.OIDC.Begin()
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: pending.Encode() + "|" + safeNext(c.QueryParam("next")),
		Path: "/login/oidc", MaxAge: 600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
	return c.Redirect(http.StatusSeeOther, authURL)
}

// signedInData is the page shown after the provider's sign-in.
type signedInData struct{ Next string }

// oidcFinish checks the provider's answer and starts a session for the
// person it names, with the role its claim gives. The answer is a page
// that moves on by itself rather than a redirect: the session cookie is
// SameSite=Strict, and a browser does not send it on a redirect whose
// chain began at the provider's site.
func (s *Site) oidcFinish(c echo.Context) error {
	ck, cerr := c.Cookie(pendingCookie)
	clearPending(c)
	if err := oidclogin.CallbackError(c.QueryParams()); err != nil {
		return s.oidcFailed(c, err)
	}
	if cerr != nil {
		return s.oidcFailed(c, oidclogin.ErrPending)
	}
	encoded, next, _ := strings.Cut(ck.Value, "|")
	pending, err := oidclogin.DecodePending(encoded)
	if err != nil {
		return s.oidcFailed(c, err)
	}
	v, subject, err := s.cfg.OIDC.Finish(c.Request().Context(), pending, c.QueryParam("state"), c.QueryParam("code"))
	if err != nil {
		return s.oidcFailed(c, err)
	}
	secret, err := s.cfg.Registry.StartSession(c.Request().Context(), v, subject, s.cfg.SessionTTL)
	if err != nil {
		return err
	}
	s.startSession(c, secret)
	p := s.newPage(c, "", signedInData{Next: safeNext(next)})
	p.Title = p.T("login.done")
	return s.render(c, "signedin", p)
}

func clearPending(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: "", Path: "/login/oidc", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

// oidcFailed shows the sign-in page again with the provider's refusal in
// the page's language; the log keeps its cause.
func (s *Site) oidcFailed(c echo.Context, err error) error {
	s.cfg.Logger.Warn("sign-in with the identity provider refused", "error", err)
	p := s.newPage(c, "", s.newLoginData("/"))
	p.Title = p.T("login.title")
	p.Status = handlers.StatusOf(err)
	p.Problem = oidclogin.Message(err, p.Lang)
	return s.render(c, "login", p)
}
