package handlers

import (
	"bytes"
	"io"
	"net/http"
	"slices"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
)

// Media types of the export formats.
const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeZIP  = "application/zip"
)

// registerExportRoutes lists the routes of the exports. They belong to the
// analyst because, like the reports, they read a snapshot of the graph.
func registerExportRoutes(g *echo.Group, a *analyst) {
	g.GET("/export", a.handleExport)
	g.GET("/export/bods", a.handleExportBODS)
	g.GET("/export/popolo", a.handleExportPopolo)
}

// exportSnapshot loads what an export shows: the group of municipality (or
// the whole registry) on day at, or over every day when at is nil.
func (a *analyst) exportSnapshot(c echo.Context, municipality *uuid.UUID, at *koncern.Date) (*analysis.Snapshot, error) {
	if err := a.checkMunicipality(c.Request().Context(), municipality); err != nil {
		return nil, err
	}
	window := koncern.Period{From: koncern.FirstDate, To: &koncern.LastDate}
	if at != nil {
		window = koncern.Period{From: *at, To: at}
	}
	return a.snapshot(c.Request().Context(), municipality, window)
}

func (a *analyst) handleExport(c echo.Context) error {
	q := newQuery(c)
	format := q.Enum("format", []string{"xlsx", "csv"})
	register := q.Enum("register", append(slices.Clone(exchange.RegisterNames), exchange.RegisterRecommendations))
	history, muni, given := q.Bool("history"), q.Org("municipality"), q.Date("at")
	if err := q.Err(); err != nil {
		return err
	}
	all := history != nil && *history
	if all && given != nil {
		return koncern.Invalid("history", "cannot be combined with at")
	}
	at := given
	if at == nil && !all {
		today := a.reg.Today()
		at = &today
	}
	s, err := a.exportSnapshot(c, muni, at)
	if err != nil {
		return err
	}
	regs, err := a.withRecommendations(c.Request().Context(), exchange.Registers(s, at), s, muni, at)
	if err != nil {
		return err
	}
	if register != "" {
		regs = pickRegister(regs, register)
	}
	return a.writeRegisters(c, format, regs, at)
}

// pickRegister keeps the one register a client asked for.
func pickRegister(regs []exchange.Register, name string) []exchange.Register {
	for _, r := range regs {
		if r.Name == name {
			return []exchange.Register{r}
		}
	}
	return nil
}

// writeRegisters sends the registers as a workbook, as one CSV file when
// one register was asked for, or as a ZIP archive of CSV files.
func (a *analyst) writeRegisters(c echo.Context, format string, regs []exchange.Register, at *koncern.Date) error {
	name := "koncernregistret-history"
	stamp := a.reg.Today()
	if at != nil {
		name, stamp = "koncernregistret-"+at.String(), *at
	}
	switch {
	case format == "csv" && len(regs) == 1:
		var buf bytes.Buffer
		if err := exchange.WriteCSV(&buf, regs[0]); err != nil {
			return err
		}
		return attachment(c, mimeCSV, name+"-"+regs[0].Name+".csv", buf.Bytes())
	case format == "csv":
		b, err := exchange.CSVArchive(regs, stamp)
		if err != nil {
			return err
		}
		return attachment(c, mimeZIP, name+".zip", b)
	}
	return writeWorkbook(c, name+".xlsx", regs...)
}

// writeWorkbook sends registers as an XLSX workbook, a sheet each. The
// workbook is laid out (its sheets streamed to temporary storage) before
// anything is sent, so that a workbook finished after the deadline is not
// sent (attachment), and then streamed to the client rather than copied
// into memory whole.
func writeWorkbook(c echo.Context, filename string, regs ...exchange.Register) error {
	b, err := exchange.NewBook(regs)
	if err != nil {
		return err
	}
	defer b.Close()
	return sendAttachment(c, mimeXLSX, filename, func(w io.Writer) error {
		_, err := b.WriteTo(w)
		return err
	})
}

// attachment sends a file to be saved rather than shown (sendAttachment).
func attachment(c echo.Context, mime, filename string, b []byte) error {
	return sendAttachment(c, mime, filename, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// sendAttachment sends a file, which write writes, to be saved rather
// than shown. Making the file does not consult the request's context, so
// a file finished after the deadline is not sent: the client gets the 503
// that says why, while the connection still takes it
// (connectionDeadline), and the cache keeps no answer the deadline cut.
func sendAttachment(c echo.Context, mime, filename string, write func(io.Writer) error) error {
	if err := c.Request().Context().Err(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	h.Set(echo.HeaderContentType, mime)
	c.Response().WriteHeader(http.StatusOK)
	return write(c.Response())
}

// exportDay reads the parameters the JSON exports share.
func (a *analyst) exportDay(c echo.Context) (koncern.Date, *analysis.Snapshot, error) {
	q := newQuery(c)
	at, muni := a.day(q), q.Org("municipality")
	if err := q.Err(); err != nil {
		return at, nil, err
	}
	s, err := a.exportSnapshot(c, muni, &at)
	return at, s, err
}

func (a *analyst) handleExportBODS(c echo.Context) error {
	at, s, err := a.exportDay(c)
	if err != nil {
		return err
	}
	statements, err := exchange.BODS(s, at, exchange.Publisher{Name: exchange.DefaultPublisherName, Date: a.reg.Today()})
	if err != nil {
		return err
	}
	if statements == nil {
		statements = []exchange.Statement{}
	}
	return c.JSON(http.StatusOK, statements)
}

func (a *analyst) handleExportPopolo(c echo.Context) error {
	at, s, err := a.exportDay(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, exchange.Popolo(s, at))
}
