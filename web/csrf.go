package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// csrfCookie holds the browser's form key: every form carries the same
// value in csrfField, which a page of another site can neither read nor
// set (the cookie is HttpOnly and SameSite=Strict).
const (
	csrfCookie = "koncern_csrf"
	csrfField  = "_csrf"
)

// csrfError is the refusal of a form that is not this site's own.
var csrfError = &pageError{key: "error.csrf",
	err: koncern.Errorf(koncern.EFORBIDDEN, "the form's key is missing or wrong, or it came from another site")}

// csrf gives every browser a form key and refuses a state-changing request
// whose form does not carry it or that comes from another origin.
func (s *Site) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := ""
		if ck, err := c.Cookie(cookieName(c, csrfCookie)); err == nil && len(ck.Value) == 43 {
			key = ck.Value
		}
		if c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			if key == "" || !sameOrigin(c) ||
				subtle.ConstantTimeCompare([]byte(c.FormValue(csrfField)), []byte(key)) != 1 {
				return csrfError
			}
		}
		if key == "" {
			key = newCSRFKey()
			c.SetCookie(&http.Cookie{Name: cookieName(c, csrfCookie), Value: key, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: c.IsTLS()})
		}
		c.Set(ctxCSRF, key)
		return next(c)
	}
}

func newCSRFKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24).
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameOrigin reports whether the request's Origin (or, where a browser
// sends none, its Referer) is this site. A request with neither is not
// from a form of ours: every browser we support sends Origin on a POST.
func sameOrigin(c echo.Context) bool {
	own := c.Scheme() + "://" + c.Request().Host
	if o := c.Request().Header.Get("Origin"); o != "" {
		return o == own
	}
	ref, err := url.Parse(c.Request().Header.Get("Referer"))
	return err == nil && ref.Host != "" && ref.Scheme+"://"+ref.Host == own
}
