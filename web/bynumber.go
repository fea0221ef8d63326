package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// byNumber lets the page of an organisation be asked for by its
// organisationsnummer, which is how people name companies, as the API's
// reports and filters take one: /groups/556999-0012 (or 5569990012) is
// redirected (303) to the page of the organisation that carries the number
// on the day shown (?at=, today without), with the same query. A number
// no organisation carries is 404; an id, and anything that is neither,
// goes on to the page, which reads it as it reads any id.
func (s *Site) byNumber(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		param := c.Param("id")
		if _, err := uuid.Parse(param); err == nil {
			return next(c)
		}
		number, err := koncern.NormalizeOrgNumber(param)
		if err != nil {
			return next(c)
		}
		day, err := s.day(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		found, err := s.cfg.Registry.OrganizationsByNumber(ctx, []string{number}, day)
		if err != nil {
			return err
		}
		id, ok := found[number]
		if !ok {
			return koncern.Errorf(koncern.ENOTFOUND, "no organisation has the organisationsnummer %s", number)
		}
		u := *c.Request().URL
		u.Path, u.RawPath = strings.Replace(u.Path, "/"+param, "/"+id.String(), 1), ""
		return c.Redirect(http.StatusSeeOther, u.String())
	}
}
