package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// CeilingPath is the one route of the Ceiling server.
const CeilingPath = "/ceiling"

// Ceiling is a bare Echo server with one route that answers precomputed
// bytes: no middleware, no database, no encoding. It is what the load
// benchmark measures the API against (the framework's own ceiling on the
// same machine, in the same process), and is served only when asked for
// (serve --ceiling-addr). body should be about the size of a typical
// answer.
func Ceiling(body []byte) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(CeilingPath, func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	})
	return e
}
