package web

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the style sheets and the vendored scripts. They
// change only with the binary, so a browser may keep them for an hour.
func staticFiles() echo.HandlerFunc {
	sub, _ := fs.Sub(staticFS, "static") // "static" is embedded above.
	files := http.StripPrefix(staticPrefix, http.FileServer(http.FS(sub)))
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
