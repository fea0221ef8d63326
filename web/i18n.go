package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/i18n"
)

// The languages of the pages: Swedish first, English for everyone else.
const (
	langSV = i18n.SV
	langEN = i18n.EN
)

// langCookie remembers a language chosen with ?lang=.
const langCookie = "koncern_lang"

// langOf is the language of the request: ?lang=, else the remembered
// choice, else the browser's preference between the two, else Swedish.
func langOf(c echo.Context) string {
	if l, ok := c.Get(ctxLang).(string); ok {
		return l
	}
	if l := known(c.QueryParam("lang")); l != "" {
		return l
	}
	if ck, err := c.Cookie(langCookie); err == nil {
		if l := known(ck.Value); l != "" {
			return l
		}
	}
	return preferred(c.Request().Header.Get("Accept-Language"))
}

func known(l string) string {
	switch strings.ToLower(l) {
	case langSV:
		return langSV
	case langEN:
		return langEN
	}
	return ""
}

// preferred picks Swedish or English from an Accept-Language header by
// quality, the earlier on a tie; Swedish when it names neither.
func preferred(header string) string {
	best, bestQ := langSV, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(tag, "-")
		l := known(primary)
		if l == "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// language remembers a language chosen with ?lang= in a cookie, so that
// the choice holds on the pages linked from there.
func (s *Site) language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		l := langOf(c)
		c.Set(ctxLang, l)
		if known(c.QueryParam("lang")) != "" {
			c.SetCookie(&http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
		}
		c.Response().Header().Add(echo.HeaderVary, "Accept-Language")
		return next(c)
	}
}

// Context keys of the values the page middleware hands to the handlers.
const (
	ctxLang = "web.lang"
	ctxCSRF = "web.csrf"
)
