package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer"
)

// imports is the import page: a dry run of an uploaded file that lists
// every problem, then the import of the same file with one button. It
// reads files with the API's import's own functions and imports them with
// the same importer.
type imports struct {
	site    *Site
	im      *importer.Importer
	uploads *uploadStore
}

func newImports(s *Site) *imports {
	return &imports{site: s, im: &importer.Importer{Registry: s.cfg.Registry}, uploads: newUploadStore()}
}

// register adds the page, the template, the result of an import and the
// form. The form's POST is at handlers.ImportPagePath, which the server
// gives the import's body limit, deadline and place among long requests.
func (ims *imports) register(r *router) {
	r.page(handlers.ImportPagePath, ims.page)
	r.page(handlers.ImportPagePath+"/template.xlsx", handlers.ImportTemplate)
	r.page(handlers.ImportPagePath+"/:id", ims.resultPage)
	r.form(handlers.ImportPagePath, handlers.MayImport, ims.post)
}

// importData is what the import page shows.
type importData struct {
	Sheets []string
	Kind   string
	// Name is the file checked or imported; Problems what is wrong with
	// it; Counts what its dry run or its import found, sheet by sheet.
	Name     string
	Problems []importer.Problem
	Counts   []sheetCount
	// Upload is the id of the checked file waiting for its import;
	// Imported says the counts are of the import itself.
	Upload   string
	Imported bool
}

// sheetCount is one sheet's line of an import's result.
type sheetCount struct {
	Sheet string
	importer.Count
}

func (ims *imports) newData() importData { return importData{Sheets: importer.Sheets} }

func (ims *imports) page(c echo.Context) error {
	if _, err := ims.site.day(c); err != nil {
		return err
	}
	return ims.show(c, ims.site.newPage(c, "", nil), ims.newData())
}

func (ims *imports) show(c echo.Context, p *page, data importData) error {
	p.Title, p.Data = p.T("import.title"), data
	return ims.site.render(c, "import", p)
}

// post is the form's one route: a file to check, or (upload=) the checked
// file to import.
func (ims *imports) post(c echo.Context) error {
	if id := c.FormValue("upload"); id != "" {
		return ims.commit(c, id)
	}
	return ims.check(c)
}

// check runs the dry run of the uploaded file. A file without problems is
// kept for its import, and the page offers the button that imports it.
func (ims *imports) check(c echo.Context) error {
	p, data := ims.site.newPage(c, "", nil), ims.newData()
	data.Kind = c.FormValue("kind")
	u, err := ims.read(c, data.Kind)
	if refuseFile(p, err) {
		return ims.show(c, p, data)
	} else if err != nil {
		return err
	}
	data.Name = u.name
	res, err := ims.im.ImportFile(c.Request().Context(), bytes.NewReader(u.data), u.format, u.kind, true)
	if ims.failed(p, &data, err) {
		return ims.show(c, p, data)
	} else if err != nil {
		return err
	}
	data.Counts = counts(res)
	data.Upload = ims.uploads.put(u)
	return ims.show(c, p, data)
}

// read takes the form's file into memory, as the API's import opens it.
func (ims *imports) read(c echo.Context, kind string) (*upload, error) {
	body, format, name, err := handlers.ImportFormFile(c.Request())
	if err != nil {
		return nil, err
	}
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	u := &upload{owner: sessionHash(c), name: name, format: format, kind: kind, data: data}
	if format == importer.CSV {
		u.kind = importer.CSVKind(kind, name)
	}
	return u, nil
}

// commit imports the checked file id and answers 303 to its result.
func (ims *imports) commit(c echo.Context, id string) error {
	p, data := ims.site.newPage(c, "", nil), ims.newData()
	u := ims.uploads.get(id, sessionHash(c))
	if u == nil || u.data == nil {
		p.Status, p.Problem = http.StatusUnprocessableEntity, p.Tf("import.expired", int(uploadTTL.Minutes()))
		return ims.show(c, p, data)
	}
	data.Name, data.Kind = u.name, u.kind
	res, err := ims.im.ImportFile(c.Request().Context(), bytes.NewReader(u.data), u.format, u.kind, false)
	if ims.failed(p, &data, err) {
		return ims.show(c, p, data)
	} else if err != nil {
		return err
	}
	ims.uploads.done(id, res)
	return c.Redirect(http.StatusSeeOther, handlers.ImportPagePath+"/"+id)
}

// failed puts an import's problems, or a refusal of the file, on the
// page; it reports false for other errors.
func (ims *imports) failed(p *page, data *importData, err error) bool {
	var ps importer.Problems
	if errors.As(err, &ps) {
		data.Problems, p.Status = ps, http.StatusUnprocessableEntity
		return true
	}
	return refuseFile(p, err)
}

// refuseFile puts a refusal of the upload on the page. One that names no
// field (a file that is no workbook, one too large) is about the file, so
// it is shown beside the file's field.
func refuseFile(p *page, err error) bool {
	if !p.refuse(err, "file", "kind") {
		return false
	}
	if len(p.Errors) == 0 && p.Problem != "" {
		p.Errors["file"], p.Problem = p.Problem, ""
	}
	return true
}

// resultPage shows what an import of this session wrote.
func (ims *imports) resultPage(c echo.Context) error {
	u := ims.uploads.get(c.Param("id"), sessionHash(c))
	if u == nil || u.result == nil {
		return koncern.Errorf(koncern.ENOTFOUND, "no import %q of this session is kept; imports are shown for %s", c.Param("id"), uploadTTL)
	}
	p, data := ims.site.newPage(c, "", nil), ims.newData()
	data.Name, data.Counts, data.Imported = u.name, counts(*u.result), true
	return ims.show(c, p, data)
}

// counts lists the sheets a result has records of, in the order they are
// imported.
func counts(res importer.Result) []sheetCount {
	var out []sheetCount
	for _, s := range importer.Sheets {
		if n, ok := res.Sheets[s]; ok && n.Created+n.Unchanged > 0 {
			out = append(out, sheetCount{Sheet: s, Count: n})
		}
	}
	return out
}

// sessionHash names the session of the request without keeping its
// secret: uploads belong to it.
func sessionHash(c echo.Context) string {
	ck, err := c.Cookie(cookieName(c, sessionCookie))
	if err != nil || ck.Value == "" {
		return ""
	}
	h := sha256.Sum256([]byte(ck.Value))
	return hex.EncodeToString(h[:])
}

// CanImport reports whether the caller may import some sheet, so that the
// page shows the form only to those who may send it.
func (p *page) CanImport() bool { return handlers.MayImport(p.c.Request().Context()) == nil }
