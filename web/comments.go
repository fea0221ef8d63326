package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
)

// anchorPattern is what findingAnchor makes; the comment form's anchor must
// be one before it goes into the address the author is sent back to.
var anchorPattern = regexp.MustCompile(`^finding-[a-z_]+-[0-9a-f-]{36}(-[a-z]+)?$`)

// addComment records an auditor's comment on a finding and sends the
// author back to the list the comment was written from, at the finding.
// A comment the registry refuses for its text shows that list again with
// the problem beside the form.
func (s *Site) addComment(c echo.Context) error {
	back, err := url.ParseQuery(c.FormValue("back"))
	if err != nil {
		back = url.Values{}
	}
	anchor := c.FormValue("anchor")
	if !anchorPattern.MatchString(anchor) {
		anchor = ""
	}
	subject, err := uuid.Parse(c.FormValue("subject_id"))
	if err != nil {
		return koncern.Invalid("subject_id", "must be a UUID")
	}
	in := koncern.FindingCommentInput{Rule: c.FormValue("rule"), SubjectID: subject, Body: strings.TrimSpace(c.FormValue("body"))}
	_, err = s.cfg.Registry.CreateFindingComment(c.Request().Context(), in)
	if err == nil {
		to := "/findings?" + back.Encode()
		if anchor != "" {
			to += "#" + anchor
		}
		return c.Redirect(http.StatusSeeOther, to)
	}
	var kerr *koncern.Error
	if !errors.As(err, &kerr) || kerr.Code != koncern.EINVALID || len(kerr.Fields) == 0 || kerr.Fields[0].Field != "body" || anchor == "" {
		return err
	}
	return s.refusedComment(c, back, commentDraft{Anchor: anchor, Body: in.Body}, kerr)
}

// refusedComment shows the findings page the comment came from, with the
// refused text in its form and the problem beside it. The page is
// rendered as a GET of that list in a context of its own, so that its
// links, downloads and day picker lead on from the list rather than from
// the form's address.
func (s *Site) refusedComment(c echo.Context, back url.Values, draft commentDraft, kerr *koncern.Error) error {
	req := c.Request().Clone(c.Request().Context())
	req.Method, req.URL.Path, req.URL.RawQuery = http.MethodGet, "/findings", back.Encode()
	list := c.Echo().NewContext(req, c.Response())
	for _, key := range []string{ctxLang, ctxCSRF} {
		list.Set(key, c.Get(key))
	}
	ctx := req.Context()
	fq, err := s.readFindings(ctx, back)
	if err != nil {
		return err
	}
	snap, items, err := s.findings(ctx, fq)
	if err != nil {
		return err
	}
	p := s.newPage(list, "", nil)
	if err := s.fillFindings(p, fq, snap, items, draft); err != nil {
		return err
	}
	p.Status = handlers.StatusOf(kerr)
	p.Errors = map[string]string{draft.Anchor + "-body": p.T("comment.body.invalid") + " (" + kerr.Fields[0].Message + ")"}
	return s.render(list, "findings", p)
}
