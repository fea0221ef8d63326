package handlers_test

import (
	"bytes"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/importer/importertest"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// send posts a raw body of the given type, with any further headers given
// as name and value, and checks the answer against the spec.
func (a *api) send(path, contentType string, body []byte, header ...string) response {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set(echo.HeaderContentType, contentType)
	req.Header.Set(echo.HeaderAuthorization, "Bearer "+a.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	a.validate(http.MethodPost, path, req.Header, res)
	return res
}

func smallGroup(orgNumber string) map[string][][]any {
	return map[string][][]any{
		"organizations": {
			{"kind", "name", "org_number", "parent_org_number", "total_shares", "total_votes", "valid_from"},
			{"municipality", "Testkommun", "212000-0142", "", "", "", "2003-01-01"},
			{"company", "Testbolaget AB", orgNumber, "212000-0142", 100, 100, "2003-01-01"},
		},
		"stakes": {
			{"owner_org_number", "company_name", "shares", "votes", "valid_from"},
			{"212000-0142", "Testbolaget AB", 100, 100, "2003-01-01"},
		},
	}
}

type importResult struct {
	DryRun bool                      `json:"dry_run"`
	Sheets map[string]importer.Count `json:"sheets"`
}

func TestImport(t *testing.T) {
	a := newAPI(t)
	book := importertest.Workbook(t, smallGroup("556000-0019"))

	var res importResult
	// Sent with an Idempotency-Key, which a dry run must not keep either.
	before := registrytest.Rows(t, a.reg.DB())
	a.send("/api/v1/import?dry_run=true", importer.MediaXLSX, book, "Idempotency-Key", "dry-1").decode(t, &res)
	if !res.DryRun || res.Sheets["organizations"].Created != 2 {
		t.Fatalf("dry run: %+v", res)
	}
	if after := registrytest.Rows(t, a.reg.DB()); !maps.Equal(before, after) {
		t.Fatalf("the dry run wrote: before %v, after %v", before, after)
	}
	r := a.send("/api/v1/import", importer.MediaXLSX, book)
	if r.Status != http.StatusOK {
		t.Fatalf("import → %d: %s", r.Status, r.Body)
	}
	r = a.send("/api/v1/import", importer.MediaXLSX, book)
	r.decode(t, &res)
	if res.DryRun || res.Sheets["organizations"].Unchanged != 2 || res.Sheets["stakes"].Unchanged != 1 {
		t.Fatalf("second import: %s", r.Body)
	}

	t.Run("Multipart", func(t *testing.T) {
		// Browsers on Windows label a CSV file as Excel's; the name tells.
		body, ct := form(t, "people.csv", "application/vnd.ms-excel", "name;email;valid_from\nAnna Andersson;anna@example.se;2003-01-01\n")
		var res importResult
		a.send("/api/v1/import", ct, body).decode(t, &res)
		if res.Sheets["people"].Created != 1 {
			t.Fatalf("multipart CSV: %+v", res)
		}
	})
	t.Run("ErrProblems", func(t *testing.T) {
		r := a.send("/api/v1/import?dry_run=true", importer.MediaXLSX, importertest.Workbook(t, smallGroup("556000-0017")))
		p := r.problem(t)
		if r.Status != http.StatusUnprocessableEntity || len(p.Errors) != 2 ||
			p.Errors[0].Field != "organizations[3].org_number" || !strings.Contains(p.Errors[0].Message, "check digit") ||
			p.Errors[1].Field != "stakes[2].company_name" {
			t.Fatalf("broken workbook → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrFarColumn", func(t *testing.T) {
		book, err := importertest.FarColumnWorkbook(3000)
		if err != nil {
			t.Fatal(err)
		}
		r := a.send("/api/v1/import?dry_run=true", importer.MediaXLSX, book)
		if p := r.problem(t); r.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "people[2]" ||
			!strings.Contains(p.Errors[0].Message, "column XFD, beyond") {
			t.Fatalf("a sheet reaching column XFD → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrCSVWithoutKind", func(t *testing.T) {
		r := a.send("/api/v1/import", importer.MediaCSV, []byte("name,valid_from\nAnna,2003-01-01\n"))
		if p := r.problem(t); r.Status != http.StatusUnprocessableEntity || !namesField(p.Errors, "kind") {
			t.Fatalf("CSV without kind → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrNotAWorkbook", func(t *testing.T) {
		// Larger than the API's default limit, smaller than the import's.
		junk := bytes.Repeat([]byte("x"), 2<<20)
		if r := a.send("/api/v1/import", importer.MediaXLSX, junk); r.Status != http.StatusBadRequest {
			t.Fatalf("2 MiB of junk → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		junk := bytes.Repeat([]byte("x"), handlers.ImportBodyLimit+1)
		if r := a.send("/api/v1/import", importer.MediaXLSX, junk); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("too large → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrUnknownParameter", func(t *testing.T) {
		if r := a.send("/api/v1/import?dryrun=true", importer.MediaXLSX, book); r.Status != http.StatusBadRequest {
			t.Fatalf("dryrun → %d: %s", r.Status, r.Body)
		}
	})
	t.Run("ErrUnsupported", func(t *testing.T) {
		if r := a.send("/api/v1/import", "application/pdf", []byte("%PDF")); r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("PDF → %d: %s", r.Status, r.Body)
		}
	})
}

// form builds a multipart form with the part file.
func form(t *testing.T, name, contentType, content string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write([]byte(content))
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

func TestImportTemplate(t *testing.T) {
	a := newAPI(t)
	r := a.mustDo(http.StatusOK, http.MethodGet, "/api/v1/import/template.xlsx", nil)
	if ct := r.Header.Get(echo.HeaderContentType); ct != importer.MediaXLSX {
		t.Fatalf("content type %q", ct)
	}
	wb, err := importer.Read(bytes.NewReader(r.Body), importer.XLSX, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := wb.Columns("steering_lines"); len(got) != len(importer.Columns["steering_lines"]) {
		t.Fatalf("template steering_lines columns %v", got)
	}
}
