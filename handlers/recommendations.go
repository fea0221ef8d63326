package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/exchange"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/rule"
)

// recommendations serves the audit reports' recommendations, each with its
// status on the day at= names (today when absent), and the yearly
// follow-up report. A recommendation is never ended or removed: the
// auditors judge it resolved instead, and the trail keeps every change.
type recommendations struct{ reg *registry.Registry }

func registerRecommendationRoutes(g *echo.Group, r *registry.Registry) {
	h := recommendations{reg: r}
	g.GET("/recommendations", h.handleList)
	g.POST("/recommendations", h.handleCreate)
	g.GET("/recommendations/:id", h.handleGet)
	g.PATCH("/recommendations/:id", h.handleUpdate)
	g.GET("/reports/follow-up", h.handleReport)
}

func (h recommendations) handleList(c echo.Context) error {
	q := newQuery(c)
	at := atOrToday(q, h.reg)
	f := registry.RecommendationFilter{MunicipalityID: q.Org("municipality"), ReportID: q.UUID("report_id"),
		Status: q.Enum("status", analysis.RecommendationStatuses), At: &at, Cursor: q.Str("cursor"), Limit: q.Int("limit")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := h.reg.CheckMunicipality(ctx, f.MunicipalityID); err != nil {
		return err
	}
	page, err := h.reg.ListRecommendations(ctx, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (h recommendations) handleCreate(c echo.Context) error {
	at, err := h.at(c)
	if err != nil {
		return err
	}
	var in koncern.RecommendationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	rec, err := h.reg.CreateRecommendation(c.Request().Context(), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, c.Request().URL.Path+"/"+rec.ID.String())
	return h.write(c, http.StatusCreated, rec, at)
}

func (h recommendations) handleGet(c echo.Context) error {
	return h.withID(c, func(ctx context.Context, id uuid.UUID, at koncern.Date) error {
		rec, err := h.reg.GetRecommendation(ctx, id)
		if err != nil {
			return err
		}
		return h.write(c, http.StatusOK, rec, at)
	})
}

func (h recommendations) handleUpdate(c echo.Context) error {
	return h.withID(c, func(ctx context.Context, id uuid.UUID, at koncern.Date) error {
		version, err := ifMatch(c)
		if err != nil {
			return err
		}
		var p koncern.RecommendationPatch
		if err := bindJSON(c, &p); err != nil {
			return err
		}
		rec, err := h.reg.UpdateRecommendation(ctx, id, version, p)
		if err != nil {
			return err
		}
		return h.write(c, http.StatusOK, rec, at)
	})
}

// at reads the one query parameter of a single recommendation's routes.
func (h recommendations) at(c echo.Context) (koncern.Date, error) {
	q := newQuery(c)
	at := atOrToday(q, h.reg)
	return at, q.Err()
}

// withID reads the path's id and at= and runs fn.
func (h recommendations) withID(c echo.Context, fn func(ctx context.Context, id uuid.UUID, at koncern.Date) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	at, err := h.at(c)
	if err != nil {
		return err
	}
	return fn(c.Request().Context(), id, at)
}

// write answers the recommendation with its status on day at and the ETag
// of its version.
func (h recommendations) write(c echo.Context, status int, rec koncern.Recommendation, at koncern.Date) error {
	fs, err := h.reg.FollowUps(c.Request().Context(), []koncern.Recommendation{rec}, at)
	if err != nil {
		return err
	}
	return writeRecord(c, status, fs[0])
}

// handleReport answers the follow-up of one municipality's
// recommendations of one year, as JSON, CSV (the recommendations) or an
// XLSX workbook (the recommendations and the totals).
func (h recommendations) handleReport(c echo.Context) error {
	q := newQuery(c)
	muni, year, at := q.Org("municipality"), q.Int("year"), atOrToday(q, h.reg)
	format := q.Enum("format", []string{"json", "csv", "xlsx"})
	if muni == nil && q.Str("municipality") == "" {
		q.Fail("municipality", "is required: the id of the municipality whose auditors gave the recommendations")
	}
	switch {
	case q.Str("year") == "":
		q.Fail("year", "is required: the year the recommendations were given, such as 2003")
	case year < koncern.FirstDate.Time().Year() || year > koncern.LastDate.Time().Year():
		if _, err := strconv.Atoi(q.Str("year")); err == nil { // else q.Int has said it is no number
			q.Fail("year", "must be a year between 1000 and 9999")
		}
	}
	if err := q.Err(); err != nil {
		return err
	}
	rep, err := h.reg.FollowUpReport(c.Request().Context(), *muni, year, at)
	if err != nil {
		return err
	}
	switch {
	case format != "xlsx" && chosen(c, format, "csv") == "csv":
		return writeCSV(c, "follow-up", analysis.FollowUpTable(rep))
	case format == "xlsx":
		return writeWorkbook(c, "follow-up-"+rep.On.String()+".xlsx", exchange.Register{Name: "follow_up", Table: analysis.FollowUpTable(rep)},
			exchange.Register{Name: "totals", Table: analysis.FollowUpTotalsTable(rep)})
	}
	return c.JSON(http.StatusOK, rep)
}

// withRecommendations adds to an export's registers the recommendations of
// the municipality (or of the whole registry), those given by day at, or
// every one for a history export, each with its status on that day
// (today for a history). A caller who may not read them (an anonymous
// reader of a published registry) gets the registers without them, as
// does a read as recorded at a moment: the recommendations are listed as
// the registry holds them now.
func (a *analyst) withRecommendations(ctx context.Context, regs []exchange.Register, s *analysis.Snapshot, muni *uuid.UUID,
	at *koncern.Date) ([]exchange.Register, error) {
	if _, recorded := registry.RecordedAt(ctx); recorded || rule.Recommendations.MayRead(ctx) != nil {
		return regs, nil
	}
	day := a.reg.Today()
	if at != nil {
		day = *at
	}
	recs, items, err := a.reg.FollowUpOf(ctx, muni, day)
	if err != nil {
		return nil, err
	}
	return append(regs, exchange.Recommendations(s, recs, items)), nil
}
