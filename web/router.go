package web

import (
	"context"
	"net/url"

	"github.com/labstack/echo/v4"
)

// router adds the pages with the middleware every page needs. The
// middleware is added per route rather than to a group: Echo gives a group
// with middleware a catch-all route, which would answer the API's unknown
// methods with 404 instead of 405.
type router struct {
	e    *echo.Echo
	site *Site
}

// chain is the middleware of every page, outermost first: the headers,
// the language, the form key. The caller is named before, by the server's
// authentication (Site.Session).
func (r *router) chain(extra ...echo.MiddlewareFunc) []echo.MiddlewareFunc {
	return append([]echo.MiddlewareFunc{r.site.pageHeaders, r.site.language, r.site.csrf}, extra...)
}

// page adds a reading page: open to anyone who may read the registry.
func (r *router) page(path string, h echo.HandlerFunc) {
	r.get(path, h, r.chain(r.site.mayRead)...)
}

// orgPage adds the reading page of an organisation by id, which may also
// be asked for by its organisationsnummer (Site.byNumber).
func (r *router) orgPage(path string, h echo.HandlerFunc) {
	r.get(path, h, r.chain(r.site.mayRead, r.site.byNumber)...)
}

// open adds a page anyone may see, signed in or not (the sign-in page).
func (r *router) open(path string, h echo.HandlerFunc) {
	r.get(path, h, r.chain()...)
}

// get adds a page for GET. The server answers HEAD, which link checkers
// and monitors ask with, on every GET route as GET without the body
// (handlers' headAsGet), so a page needs no HEAD route of its own.
func (r *router) get(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.e.GET(path, h, mw...)
}

// form adds a form's POST route. may is asked before anything is read
// from the form, so that a caller whose role may never do what the form
// does gets 403 whatever it sent; the privacy rules then judge the change
// in full. Every form route must say what it needs: there is no way to add
// one without.
func (r *router) form(path string, may check, h echo.HandlerFunc) {
	r.e.POST(path, h, r.chain(guard(may))...)
}

// openForm adds a POST route that needs no role (signing in and out); the
// form key and the origin are still checked.
func (r *router) openForm(path string, h echo.HandlerFunc) {
	r.e.POST(path, h, r.chain()...)
}

// check refuses the caller of ctx an action, or lets it pass.
type check func(ctx context.Context) error

func guard(may check) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := may(c.Request().Context()); err != nil {
				return err
			}
			return next(c)
		}
	}
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
