package web

import (
	"errors"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// pageError is a refusal of the web application's own, shown with its
// message in the page's language. It unwraps to the domain error that
// decides its status.
type pageError struct {
	err *koncern.Error
	key string
}

func (e *pageError) Error() string { return fmt.Sprintf("web: %s: %v", e.key, e.err) }
func (e *pageError) Unwrap() error { return e.err }

// errorData is what the error page shows.
type errorData struct {
	Status    int
	Message   string
	RequestID string
}

// ErrorPage renders an error of a request outside the API as a page in the
// visitor's language (handlers.Config.ErrorPage). The status and message
// come from the API's one error handler, so that a page and the API never
// disagree on what an error means.
func (s *Site) ErrorPage(c echo.Context, err error, kerr *koncern.Error, status int) bool {
	// A HEAD reaches here as GET (the server's headAsGet), and gets the
	// page's headers without its body.
	setPageHeaders(c.Response().Header())
	p := s.newPage(c, "", nil)
	p.Status = status
	data := errorData{Status: status, Message: kerr.Message, RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	var perr *pageError
	switch {
	case errors.As(err, &perr):
		data.Message = p.T(perr.key)
	case kerr.Code == koncern.EFORBIDDEN:
		data.Message = p.T("error.forbidden") + " (" + kerr.Message + ")"
	case kerr.Code == koncern.EINTERNAL:
		data.Message = p.T("error.title")
	}
	p.Title = p.Tf("error.status", status)
	p.Data = data
	if rerr := s.render(c, "error", p); rerr != nil {
		s.cfg.Logger.Error("render error page", "error", rerr)
		return false
	}
	return true
}
