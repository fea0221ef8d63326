package handlers

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
)

// importPath is the route of the import, one of the two routes that take
// bodies larger than the API's default limit.
const importPath = "/api/v1/import"

// ImportPagePath is the web application's import form (package web): it
// takes the same files as the API's import and hands them to the same
// importer, so it gets the same body limit, deadline and place among the
// long requests. The middleware that applies them is the server's, which
// is why the path is named here.
const ImportPagePath = "/import"

// ImportBodyLimit bounds an uploaded workbook: a municipal group's
// registers are a few hundred kilobytes; this leaves room for a country.
const ImportBodyLimit = 20 << 20

// registerSpreadsheetDecoder tells the contract check how to read an XLSX
// body: as opaque bytes, as application/octet-stream is. kin-openapi keeps
// its decoders in a package-wide table, so New calls this once per server;
// registering the same decoder again changes nothing.
func registerSpreadsheetDecoder() {
	openapi3filter.RegisterBodyDecoder(importer.MediaXLSX, openapi3filter.FileBodyDecoder)
}

// routeBodyLimit is the body limit of the route at path: the import's own,
// or the server's default for every other route.
func routeBodyLimit(path string, def int64) int64 {
	if path == importPath || path == ImportPagePath {
		return max(def, ImportBodyLimit)
	}
	return def
}

func registerImportRoutes(g *echo.Group, r *registry.Registry) {
	im := &importer.Importer{Registry: r}
	g.POST("/import", func(c echo.Context) error { return handleImport(c, im) })
	g.GET("/import/template.xlsx", ImportTemplate)
}

// handleImport imports an XLSX workbook or one CSV file, sent as the body
// or as the part "file" of a multipart form. dry_run=true checks and
// reports without writing.
func handleImport(c echo.Context, im *importer.Importer) error {
	q := newQuery(c)
	dryRun := q.Bool("dry_run")
	kind := q.Enum("kind", importer.Sheets)
	if err := q.Err(); err != nil {
		return err
	}
	body, format, name, err := importBody(c.Request())
	if err != nil {
		return err
	}
	defer body.Close()
	if format == importer.CSV {
		kind = importer.CSVKind(kind, name)
	}
	res, err := im.ImportFile(c.Request().Context(), body, format, kind, dryRun != nil && *dryRun)
	var ps importer.Problems
	if errors.As(err, &ps) {
		return ps.AsError()
	} else if err != nil {
		return bodyError(err)
	}
	return c.JSON(http.StatusOK, res)
}

// importBody finds the file in the request and its format, and the file's
// name when a form gave one (a CSV file named people.csv holds people).
func importBody(req *http.Request) (io.ReadCloser, importer.Format, string, error) {
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil {
		mt = ""
	}
	switch mt {
	case importer.MediaXLSX:
		return req.Body, importer.XLSX, "", nil
	case importer.MediaCSV:
		return req.Body, importer.CSV, "", nil
	case echo.MIMEMultipartForm:
		return ImportFormFile(req)
	}
	return nil, "", "", koncern.Errorf(koncern.EUNSUPPORTED, "send the file as %s, as %s, or as the part \"file\" of multipart/form-data", importer.MediaXLSX, importer.MediaCSV)
}

// ImportFormFile opens the part "file" of a multipart form, as the API's
// import and the web's import form receive it. Its format is told by the
// part's media type, or else by the file name's extension, since browsers
// label CSV files inconsistently.
func ImportFormFile(req *http.Request) (io.ReadCloser, importer.Format, string, error) {
	if err := req.ParseMultipartForm(8 << 20); err != nil {
		if err := bodyError(err); koncern.ErrorCode(err) == koncern.ETOOLARGE {
			return nil, "", "", err
		}
		return nil, "", "", koncern.Errorf(koncern.EBADREQUEST, "the multipart form could not be read")
	}
	f, h, err := req.FormFile("file")
	if err != nil {
		return nil, "", "", koncern.Invalid("file", "is required: the form must have a part named file holding the workbook or CSV file")
	}
	format := partFormat(h)
	if format == "" {
		f.Close()
		return nil, "", "", koncern.Errorf(koncern.EUNSUPPORTED, "the file %q is neither an XLSX workbook (.xlsx) nor a CSV file (.csv)", h.Filename)
	}
	return f, format, h.Filename, nil
}

func partFormat(h *multipart.FileHeader) importer.Format {
	mt, _, _ := mime.ParseMediaType(h.Header.Get(echo.HeaderContentType))
	switch {
	case mt == importer.MediaXLSX || strings.EqualFold(filepath.Ext(h.Filename), ".xlsx"):
		return importer.XLSX
	case mt == importer.MediaCSV || strings.EqualFold(filepath.Ext(h.Filename), ".csv"):
		return importer.CSV
	}
	return ""
}

// bodyError names a body that was larger than the limit; other errors
// pass through.
func bodyError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return koncern.Errorf(koncern.ETOOLARGE, "the body is larger than %d bytes", maxErr.Limit)
	}
	return err
}

// ImportTemplate serves the documented import template (the API's route
// and the web's import page link the same file).
func ImportTemplate(c echo.Context) error {
	data, err := importer.Template()
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="koncernregistret-import.xlsx"`)
	return c.Blob(http.StatusOK, importer.MediaXLSX, data)
}
