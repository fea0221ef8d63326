package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// review is a day during the 2003 review the demo records.
const review = "2003-10-01"

// analyse runs the analysis the way the API does, directly on the
// registry, for the tests to hold the pages to.
func (h *harness) analyse(muni *uuid.UUID, window koncern.Period) *analysis.Snapshot {
	h.t.Helper()
	data, err := h.Reg.LoadSnapshot(adminContext(), muni, window)
	if err != nil {
		h.t.Fatal(err)
	}
	return analysis.NewSnapshot(window, data)
}

func day(s string) koncern.Period {
	d := koncern.MustDate(s)
	return koncern.Period{From: d, To: &d}
}

func span(from, to string) koncern.Period {
	t := koncern.MustDate(to)
	return koncern.Period{From: koncern.MustDate(from), To: &t}
}

// municipality is the demo's one municipality.
func (h *harness) municipality() koncern.Organization {
	h.t.Helper()
	page, err := h.Reg.ListOrganizations(adminContext(), registry.OrganizationFilter{Kind: "municipality"})
	if err != nil || len(page.Items) != 1 {
		h.t.Fatalf("municipalities %v, %v; want the demo's one", page.Items, err)
	}
	return page.Items[0]
}

// tripleSteering is the demo's finding of triple steering on the day of
// the review.
func (h *harness) tripleSteering() analysis.Finding {
	h.t.Helper()
	fs := analysis.Findings(h.analyse(nil, day(review)), analysis.Filter{Rules: []string{"triple_steering"}})
	if len(fs) != 1 {
		h.t.Fatalf("triple steering on %s: %d findings, want 1", review, len(fs))
	}
	return fs[0]
}

// vacantMunicipality adds a municipality with an administration whose
// head post has no holder.
func (h *harness) vacantMunicipality(name, admin string) {
	h.t.Helper()
	ctx := adminContext()
	since := koncern.Period{From: koncern.MustDate("2003-01-01")}
	m, err := h.Reg.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: name, Period: since})
	if err != nil {
		h.t.Fatal(err)
	}
	a, err := h.Reg.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "administration", Name: admin, ParentID: &m.ID, Period: since})
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.Reg.CreatePost(ctx, koncern.PostInput{OrganizationID: a.ID, Title: "Förvaltningschef", Role: "head", Period: since}); err != nil {
		h.t.Fatal(err)
	}
}

var findingArticle = regexp.MustCompile(`<article class="finding `)

func TestFindingsFilter(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessAuditor)
	muni := h.municipality()
	// A second municipality whose one administration has no head, so that
	// the filter by municipality has something to leave out.
	const other = "Provförvaltningen"
	h.vacantMunicipality("Provkommun", other)
	cases := []struct {
		name, query string
		muni        *uuid.UUID
		window      koncern.Period
		filter      analysis.Filter
		atLeast     int
		other       bool // whether the other municipality's vacant head is among them
	}{
		{"All", "at=" + review, nil, day(review), analysis.Filter{}, 21, true},
		{"Rule", "at=" + review + "&rule=coordination_without_basis", nil, day(review),
			analysis.Filter{Rules: []string{"coordination_without_basis"}}, 2, false},
		{"Severity", "at=" + review + "&severity=high", nil, day(review), analysis.Filter{Severity: analysis.High}, 3, false},
		{"Municipality", "at=" + review + "&municipality=" + muni.ID.String(), &muni.ID, day(review), analysis.Filter{}, 20, false},
		{"RuleAndSeverityApart", "at=" + review + "&rule=vacant_head&severity=high", nil, day(review),
			analysis.Filter{Rules: []string{"vacant_head"}, Severity: analysis.High}, 0, false},
		{"Range", "from=2003-01-01&to=2003-03-31&rule=vacant_head", nil,
			span("2003-01-01", "2003-03-31"), analysis.Filter{Rules: []string{"vacant_head"}}, 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := c.in(t)
			want := analysis.Findings(c.h.analyse(tc.muni, tc.window), tc.filter)
			if len(want) < tc.atLeast {
				t.Fatalf("the analysis finds %d, want at least %d: the case tests nothing", len(want), tc.atLeast)
			}
			body := c.h.page(c.get("/findings?" + tc.query))
			if got := len(findingArticle.FindAllString(body, -1)); got != len(want) {
				t.Errorf("%d findings on the page, the analysis finds %d", got, len(want))
			}
			if !strings.Contains(body, fmt.Sprintf(": %d.</p>", len(want))) {
				t.Errorf("the page does not say how many findings there are (%d)", len(want))
			}
			for _, f := range want {
				if !strings.Contains(body, `id="finding-`+f.Rule+"-"+f.Subject.ID.String()) {
					t.Errorf("finding %s on %s is missing", f.Rule, f.Subject.Name)
				}
			}
			if got := strings.Contains(body, ">"+other+" / Förvaltningschef</a>"); got != tc.other {
				t.Errorf("the other municipality's vacant head shown %v", got)
			}
		})
	}
	t.Run("RuleInSwedish", func(t *testing.T) {
		c := c.in(t)
		body := c.h.page(c.get("/findings?at=" + review + "&rule=triple_steering"))
		for _, want := range []string{"Trefaldig ledning: ", "En chef styrs samtidigt av sin nämnd", `<dd class="sev-high">Hög</dd>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		en := c.h.page(c.get("/findings?at=" + review + "&rule=triple_steering&lang=en"))
		if !strings.Contains(en, "A head is steered at the same time by its board") {
			t.Error("the English page lacks the rule book's English text")
		}
	})
	t.Run("ErrUnknownRule", func(t *testing.T) {
		c := c.in(t)
		body := c.h.expect(http.StatusBadRequest)(c.get("/findings?rule=no_such_rule"))
		if !strings.Contains(body, "rule") {
			t.Errorf("the refusal does not name the field:\n%s", body)
		}
	})
	t.Run("ErrNotAMunicipality", func(t *testing.T) {
		c := c.in(t)
		f := c.h.tripleSteering()
		c.h.expect(http.StatusNotFound)(c.get("/findings?municipality=" + f.Subject.ID.String()))
	})
}

func TestFindingWholePeriod(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessAuditor)
	f := h.tripleSteering()
	// The analysis over the one day says only that day.
	if len(f.Periods) != 1 || f.Periods[0].String() != day(review).String() {
		t.Fatalf("the one-day analysis gives %v", f.Periods)
	}
	body := h.page(c.get("/findings?at=" + review + "&rule=triple_steering"))
	// The commissioner steered the technical office's head directly from
	// 2003-03-01 to 2004-06-30, while its nämnd and the city manager did
	// throughout: that is the whole of the triple steering.
	if !strings.Contains(body, `<span class="period">2003-03-01 – 2004-06-30</span>`) {
		t.Errorf("the finding's whole period 2003-03-01 – 2004-06-30 is not shown:\n%s", body)
	}
	t.Run("EveryDayOfThePeriod", func(t *testing.T) {
		for _, d := range []string{"2003-03-01", "2004-06-30"} {
			body := h.in(t).page(c.in(t).get("/findings?at=" + d + "&rule=triple_steering"))
			if !strings.Contains(body, `<span class="period">2003-03-01 – 2004-06-30</span>`) {
				t.Errorf("on %s the period is not the whole one", d)
			}
		}
		body := h.in(t).page(c.in(t).get("/findings?at=2004-07-01&rule=triple_steering"))
		if findingArticle.MatchString(body) {
			t.Error("triple steering shown on 2004-07-01, after it ended")
		}
	})
}

func TestFindingEvidence(t *testing.T) {
	h := newHarness(t)
	f := h.tripleSteering()
	snap := h.analyse(nil, day(review))
	lines := map[uuid.UUID]koncern.SteeringLine{}
	for _, l := range snap.Data().Lines {
		lines[l.ID] = l
	}
	link := func(path string, id uuid.UUID) string { return fmt.Sprintf(`href="%s%s?at=%s"`, path, id, review) }
	check := func(t *testing.T, body string, audit bool) {
		t.Helper()
		if !strings.Contains(body, link("/posts/", f.Subject.ID)) {
			t.Error("the subject is not linked to its post")
		}
		documents := 0
		for _, e := range f.Evidence {
			l, ok := lines[e.ID]
			if !ok {
				t.Fatalf("evidence %s is no steering line", e.Description)
			}
			if l.FromPostID != nil && !strings.Contains(body, link("/posts/", *l.FromPostID)) {
				t.Errorf("the post that steers in %q is not linked", e.Description)
			}
			if l.FromOrganizationID != nil && !strings.Contains(body, link("/organizations/", *l.FromOrganizationID)) {
				t.Errorf("the body that steers in %q is not linked", e.Description)
			}
			if l.DocumentID != nil {
				documents++
				if !strings.Contains(body, link("/documents/", *l.DocumentID)) {
					t.Errorf("the decision of %q is not linked", e.Description)
				}
			}
			history := fmt.Sprintf(`href="/audit?at=%s&amp;record=%s"`, review, e.ID)
			if strings.Contains(body, history) != audit {
				t.Errorf("history link of %q shown %v, want %v", e.Description, !audit, audit)
			}
		}
		if documents == 0 {
			t.Error("no evidence rests on a decision: the case tests no document link")
		}
	}
	t.Run("Auditor", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		check(t, c.h.page(c.get("/findings?at="+review+"&rule=triple_steering")), true)
	})
	t.Run("ReaderWithoutHistory", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessReader)
		check(t, c.h.page(c.get("/findings?at="+review+"&rule=triple_steering")), false)
	})
}

func TestFindingComments(t *testing.T) {
	h := newHarness(t)
	f := h.tripleSteering()
	anchor := "finding-triple_steering-" + f.Subject.ID.String()
	back := "at=" + review + "&rule=triple_steering"
	form := func(body string) url.Values {
		return url.Values{"rule": {f.Rule}, "subject_id": {f.Subject.ID.String()}, "anchor": {anchor}, "back": {back}, "body": {body}}
	}
	const text = "Bekräftat vid intervju med förvaltningschefen 2003-09-15."
	t.Run("Auditor", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		res, body := c.post("/findings/comments", form(text))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303:\n%s", res.StatusCode, body)
		}
		if loc := res.Header.Get("Location"); loc != "/findings?"+back+"#"+anchor {
			t.Errorf("sent to %q, want back to the list at the finding", loc)
		}
		page := c.h.page(c.get("/findings?" + back))
		if !strings.Contains(page, text) || !strings.Contains(page, "<p class=\"muted\">test-auditor, ") {
			t.Errorf("the comment with its author and time is not shown:\n%s", page)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		body := c.h.expect(http.StatusUnprocessableEntity)(c.post("/findings/comments", form("   ")))
		for _, want := range []string{`id="` + anchor + `-body-error"`, `aria-describedby="` + anchor + `-body-error"`, `<form method="get" action="/findings" class="day">`} {
			if !strings.Contains(body, want) {
				t.Errorf("the refusal lacks %q", want)
			}
		}
		if !strings.Contains(body, `<input type="hidden" name="at" value="`+review+`">`) {
			t.Error("the list shown again is not the one the comment came from")
		}
	})
	t.Run("ReaderSeesNoForm", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessReader)
		page := c.h.page(c.get("/findings?" + back))
		if strings.Contains(page, `action="/findings/comments"`) {
			t.Error("a reader is offered the comment form")
		}
		if !strings.Contains(page, text) {
			t.Error("a reader, who may read comments, does not see the auditor's")
		}
		res, _ := c.post("/findings/comments", form("Förfalskad."))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("a reader's comment: status %d, want 403", res.StatusCode)
		}
	})
	t.Run("ErrNoFormKey", func(t *testing.T) {
		c := h.in(t).signedIn(koncern.AccessAuditor)
		v := form("Utan nyckel.")
		v.Set("_csrf", "wrong")
		if res, _ := c.post("/findings/comments", v); res.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", res.StatusCode)
		}
	})
	t.Run("AnonymousSeesNoComments", func(t *testing.T) {
		pub := newHarnessWith(t, harnessOptions{publicRead: true})
		c := pub.client()
		page := pub.page(c.get("/findings?" + back))
		if !findingArticle.MatchString(page) || strings.Contains(page, "Revisorernas kommentarer") || strings.Contains(page, "<textarea") {
			t.Error("an anonymous reader should see the finding without comments or form")
		}
	})
}

func TestFindingsDownload(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(koncern.AccessReader)
	t.Run("CSV", func(t *testing.T) {
		c := c.in(t)
		res, body := c.get("/findings?at=" + review + "&rule=triple_steering&format=csv")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		rows := strings.Split(strings.TrimSpace(body), "\n")
		if len(rows) != 2 || !strings.HasPrefix(rows[0], "rule,severity,subject_type,subject_id,subject,") {
			t.Fatalf("rows %q, want the header and one finding", rows)
		}
		if !strings.Contains(rows[1], "2003-03-01..2004-06-30") {
			t.Errorf("the row %q lacks the whole period", rows[1])
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		c := c.in(t)
		res, body := c.get("/findings?at=" + review + "&format=xlsx")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.HasPrefix(body, "PK") {
			t.Errorf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		c := c.in(t)
		c.h.expect(http.StatusUnprocessableEntity)(c.get("/findings?format=pdf"))
	})
}
