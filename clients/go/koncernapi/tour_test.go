package koncernapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/koncernregistret/koncern/clients/go/koncernapi"
)

// tour holds what the README's tour finds on its way and uses later, as a
// person copying it keeps ids in shell variables.
type tour struct {
	admin, finance, auditor, anonymous *koncernapi.ClientWithResponses

	muni, holding, stadskontoret, tekniska, headPost openapi_types.UUID
	newPost                                          openapi_types.UUID
	newPostETag                                      string
}

// TestREADMETour runs the README's "A short tour with curl" and the curl
// examples after it with the generated client, step by step in the
// README's order, and then what a client does with a record: a PATCH with
// the ETag in If-Match, a stale one, a conditional GET and the ledger.
// Each step needs the ids an earlier one found, so the tour stops at the
// first step that fails.
func TestREADMETour(t *testing.T) {
	tr := &tour{
		admin:     newClient(server.tokens["demo"]),
		finance:   newClient(server.tokens["demo-finance"]),
		auditor:   newClient(server.tokens["demo-auditor"]),
		anonymous: newClient(""),
	}
	steps := []struct {
		name string
		run  func(*testing.T)
	}{
		{"me", tr.me},
		{"companies", tr.companies},
		{"find Rådhus AB", tr.findHolding},
		{"holdings", tr.holdings},
		{"holdings before the records begin", tr.holdingsBefore},
		{"create a post in Stadskontoret", tr.createPost},
		{"a wrong check digit", tr.wrongCheckDigit},
		{"who steers the förvaltningschef", tr.steeringLines},
		{"triple steering", tr.tripleSteering},
		{"the group as CSV", tr.groupCSV},
		{"the group as SVG", tr.groupSVG},
		{"the group as JSON", tr.groupJSON},
		{"overdue duties", tr.overdueDuties},
		{"the calendar as iCalendar", tr.calendarICS},
		{"the follow-up of 2003", tr.followUp},
		{"resolved recommendations", tr.resolvedRecommendations},
		{"the import template", tr.importTemplate},
		{"an export imports again", tr.exportImportsAgain},
		{"patch the post with If-Match", tr.patchPost},
		{"patch with a stale ETag", tr.patchStale},
		{"patch without If-Match", tr.patchWithoutIfMatch},
		{"patch one field of a company", tr.patchCompany},
		{"conditional GET", tr.conditionalGet},
		{"end the post, then clear the end with null", tr.clearWithNull},
		{"book a transfer", tr.bookTransfer},
		{"sell more than the seller holds", tr.oversell},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			t.Fatalf("the tour stops at %q: the steps after it need what it finds", s.name)
		}
	}
}

func (tr *tour) me(t *testing.T) {
	res, err := tr.admin.GetMeWithResponse(ctx(t))
	wantStatus(t, res, err, http.StatusOK)
	role, _ := res.JSON200.Role.Get()
	if res.JSON200.Name != "demo" || role != "admin" || !res.JSON200.PublicRead {
		t.Fatalf("me = %+v, want demo, admin, public_read", res.JSON200)
	}
}

// companies reads without a token: make run serves with --public-read.
func (tr *tour) companies(t *testing.T) {
	kind := koncernapi.OrgKind("company")
	res, err := tr.anonymous.ListOrganizationsWithResponse(ctx(t), &koncernapi.ListOrganizationsParams{Kind: &kind})
	wantStatus(t, res, err, http.StatusOK)
	names := map[string]bool{}
	for _, o := range res.JSON200.Items {
		if o.Kind != kind {
			t.Errorf("%s is a %s in the list of companies", o.Name, o.Kind)
		}
		names[o.Name] = true
	}
	for _, want := range []string{"Jönköpings Rådhus AB", "Elmia AB", "Jönköping Energi Nät AB"} {
		if !names[want] {
			t.Errorf("%s is not among the companies %v", want, names)
		}
	}
}

func (tr *tour) findHolding(t *testing.T) {
	tr.holding = tr.findOrganization(t, "Rådhus", "Jönköpings Rådhus AB")
}

func (tr *tour) holdings(t *testing.T) {
	res, err := tr.anonymous.ListOrganizationHoldingsWithResponse(ctx(t), tr.holding, nil)
	wantStatus(t, res, err, http.StatusOK)
	if n := len(res.JSON200.Items); n != 16 {
		t.Fatalf("Rådhus AB holds %d stakes, want 16", n)
	}
	for _, s := range res.JSON200.Items {
		if s.OwnerId != tr.holding {
			t.Errorf("stake %s is owned by %s, not Rådhus AB", s.Id, s.OwnerId)
		}
	}
}

func (tr *tour) holdingsBefore(t *testing.T) {
	at := day(t, "2002-12-31")
	res, err := tr.anonymous.ListOrganizationHoldingsWithResponse(ctx(t), tr.holding,
		&koncernapi.ListOrganizationHoldingsParams{At: &at})
	wantStatus(t, res, err, http.StatusOK)
	if n := len(res.JSON200.Items); n != 0 {
		t.Fatalf("Rådhus AB held %d stakes on 2002-12-31, want none", n)
	}
}

// createPost finds Stadskontoret by name: it is an administration, so the
// list of companies before does not hold it, and the name alone also finds
// Stadskontorets ledningsgrupp.
func (tr *tour) createPost(t *testing.T) {
	tr.stadskontoret = tr.findOrganization(t, "Stadskontoret", "Stadskontoret")
	res, err := tr.admin.CreatePostWithResponse(ctx(t), nil, koncernapi.PostInput{
		OrganizationId: tr.stadskontoret,
		Title:          "Kvalitetsstrateg",
		Role:           koncernapi.Role("officer"),
		ValidFrom:      day(t, "2004-01-01"),
	})
	wantStatus(t, res, err, http.StatusCreated)
	p := res.JSON201
	if p.Title != "Kvalitetsstrateg" || p.OrganizationId != tr.stadskontoret || p.Version != 1 {
		t.Fatalf("created %+v", p)
	}
	tr.newPost = p.Id
	tr.newPostETag = res.HTTPResponse.Header.Get("ETag")
	if tr.newPostETag != `"1"` {
		t.Fatalf("ETag = %q, want \"1\"", tr.newPostETag)
	}
	if loc := res.HTTPResponse.Header.Get("Location"); loc != "/api/v1/posts/"+p.Id.String() {
		t.Errorf("Location = %q", loc)
	}
}

func (tr *tour) wrongCheckDigit(t *testing.T) {
	shares := int64(1000)
	res, err := tr.admin.CreateOrganizationWithResponse(ctx(t), nil, koncernapi.OrganizationInput{
		Kind:        koncernapi.OrgKind("company"),
		Name:        "Nytt Bolag AB",
		OrgNumber:   nullable.NewNullableWithValue("212000-0143"),
		TotalShares: nullable.NewNullableWithValue(shares),
		TotalVotes:  nullable.NewNullableWithValue(shares),
		ValidFrom:   day(t, "2004-01-01"),
	})
	wantStatus(t, res, err, http.StatusUnprocessableEntity)
	p := res.ApplicationproblemJSON422
	if p.Code != "invalid" || p.Errors == nil || len(*p.Errors) != 1 {
		t.Fatalf("problem = %+v, want one invalid field", p)
	}
	fe := (*p.Errors)[0]
	if fe.Field != "org_number" || !strings.Contains(fe.Message, "the last digit must be 2") {
		t.Fatalf("error = %+v, want org_number's check digit", fe)
	}
}

// steeringLines finds the head of Tekniska kontoret among its posts: the
// README names the list but not how to find Tekniska kontoret's id.
func (tr *tour) steeringLines(t *testing.T) {
	tr.tekniska = tr.findOrganization(t, "Tekniska kontoret", "Tekniska kontoret")
	posts, err := tr.anonymous.ListOrganizationPostsWithResponse(ctx(t), tr.tekniska, nil)
	wantStatus(t, posts, err, http.StatusOK)
	for _, p := range posts.JSON200.Items {
		if p.Role == "head" {
			tr.headPost = p.Id
		}
	}
	if tr.headPost == (openapi_types.UUID{}) {
		t.Fatalf("Tekniska kontoret has no head among %+v", posts.JSON200.Items)
	}
	at := day(t, "2003-10-01")
	res, err := tr.anonymous.ListSteeringLinesWithResponse(ctx(t), &koncernapi.ListSteeringLinesParams{
		ToPost: &tr.headPost, At: &at})
	wantStatus(t, res, err, http.StatusOK)
	kinds := map[koncernapi.LineKind]int{}
	for _, l := range res.JSON200.Items {
		kinds[l.Kind]++
	}
	// The board and its chair give mandates, the city manager coordinates
	// and a commissioner steers directly: the review's triple steering.
	if kinds["mandate"] != 2 || kinds["coordination"] != 1 || kinds["direct_political"] != 1 {
		t.Fatalf("lines into the head by kind: %v", kinds)
	}
}

func (tr *tour) tripleSteering(t *testing.T) {
	at := day(t, "2003-10-01")
	rule := "triple_steering"
	res, err := tr.anonymous.ListFindingsWithResponse(ctx(t), &koncernapi.ListFindingsParams{At: &at, Rule: &rule})
	wantStatus(t, res, err, http.StatusOK)
	items := res.JSON200.Items
	if len(items) != 1 || items[0].Subject.Id != tr.headPost || items[0].Severity != "high" {
		t.Fatalf("triple steering findings = %+v, want one, high, on the head of Tekniska kontoret", items)
	}
	if evidence, _ := items[0].Evidence.Get(); len(evidence) < 3 {
		t.Fatalf("the finding's evidence is %d records, want the three lines at least", len(evidence))
	}
}

func (tr *tour) groupCSV(t *testing.T) {
	at := day(t, "2003-10-01")
	format := koncernapi.GetGroupReportParamsFormat("csv")
	params := &koncernapi.GetGroupReportParams{At: &at, Format: &format}
	params.Root = ptr(tr.holding.String())
	res, err := tr.anonymous.GetGroupReportWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	wantContentType(t, res.HTTPResponse, "text/csv")
	rows, err := csv.NewReader(strings.NewReader(string(res.Body))).ReadAll()
	if err != nil {
		t.Fatalf("the group's CSV: %v", err)
	}
	if len(rows) != 17 || !slices.Contains(rows[0], "company") || !slices.Contains(rows[0], "effective_capital_pct") {
		t.Fatalf("the group's CSV has %d rows (want a header and 16 subsidiaries), header %v", len(rows), rows[0])
	}
}

func (tr *tour) groupSVG(t *testing.T) {
	format := koncernapi.GetGroupReportParamsFormat("svg")
	params := &koncernapi.GetGroupReportParams{Format: &format}
	params.Root = ptr(tr.holding.String())
	res, err := tr.anonymous.GetGroupReportWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	wantContentType(t, res.HTTPResponse, "image/svg+xml")
	if !strings.Contains(string(res.Body), "<svg") || !strings.Contains(string(res.Body), "Elmia AB") {
		t.Fatalf("the group's SVG draws no Elmia AB: %.300s", res.Body)
	}
}

func (tr *tour) groupJSON(t *testing.T) {
	at := day(t, "2003-10-01")
	params := &koncernapi.GetGroupReportParams{At: &at}
	params.Root = ptr(tr.holding.String())
	res, err := tr.anonymous.GetGroupReportWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	g := res.JSON200
	if g.Root.Name != "Jönköpings Rådhus AB" || len(g.Members) != 16 {
		t.Fatalf("the group of %s has %d members, want Rådhus AB's 16", g.Root.Name, len(g.Members))
	}
}

// overdueDuties finds the municipality, which the README's $MUNI names
// without saying where it comes from.
func (tr *tour) overdueDuties(t *testing.T) {
	tr.muni = tr.findOrganization(t, "Jönköpings kommun", "Jönköpings kommun")
	from, to := day(t, "2003-01-01"), day(t, "2012-12-31")
	status := koncernapi.DutyStatus("overdue")
	params := &koncernapi.GetCalendarParams{From: &from, To: &to, Status: &status}
	params.Municipality = ptr(tr.muni.String())
	res, err := tr.anonymous.GetCalendarWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	if len(res.JSON200.Items) == 0 {
		t.Fatal("no overdue duties in 2003–2012")
	}
	for _, d := range res.JSON200.Items {
		if d.Status != status {
			t.Errorf("a %s duty due %s is %s", d.Kind, d.Due, d.Status)
		}
	}
}

func (tr *tour) calendarICS(t *testing.T) {
	format := koncernapi.GetCalendarParamsFormat("ics")
	params := &koncernapi.GetCalendarParams{Format: &format}
	params.Municipality = ptr(tr.muni.String())
	res, err := tr.anonymous.GetCalendarWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	wantContentType(t, res.HTTPResponse, "text/calendar")
	if !strings.HasPrefix(string(res.Body), "BEGIN:VCALENDAR") {
		t.Fatalf("the feed begins %.60q", res.Body)
	}
}

func (tr *tour) followUp(t *testing.T) {
	params := &koncernapi.GetFollowUpReportParams{Year: 2003}
	params.Municipality = tr.muni.String()
	res, err := tr.admin.GetFollowUpReportWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	got := map[koncernapi.RecommendationStatus]int{}
	for _, it := range res.JSON200.Items {
		got[it.FollowUp.Status]++
	}
	// The clearer role resolved by the decision of 2003-11-12, the
	// delegation open, the follow-up system overdue.
	if len(res.JSON200.Items) != 3 || got["resolved"] != 1 || got["open"] != 1 || got["overdue"] != 1 {
		t.Fatalf("the recommendations of 2003 by status: %v", got)
	}
	if days, _ := res.JSON200.Totals.MeanDaysToResolve.Get(); days != 28 {
		t.Errorf("mean days to resolve = %v, want 28", days)
	}
}

func (tr *tour) resolvedRecommendations(t *testing.T) {
	at := day(t, "2003-11-12")
	status := koncernapi.RecommendationStatus("resolved")
	params := &koncernapi.ListRecommendationsParams{Status: &status, At: &at}
	params.Municipality = ptr(tr.muni.String())
	res, err := tr.auditor.ListRecommendationsWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	if n := len(res.JSON200.Items); n != 1 {
		t.Fatalf("%d recommendations resolved on 2003-11-12, want 1", n)
	}
	// Before the board's decision of that day the same one is not resolved.
	before := day(t, "2003-11-11")
	params.At = &before
	res, err = tr.auditor.ListRecommendationsWithResponse(ctx(t), params)
	wantStatus(t, res, err, http.StatusOK)
	if n := len(res.JSON200.Items); n != 0 {
		t.Fatalf("%d recommendations resolved on 2003-11-11, want none", n)
	}
}

func (tr *tour) importTemplate(t *testing.T) {
	res, err := tr.anonymous.GetImportTemplateWithResponse(ctx(t))
	wantStatus(t, res, err, http.StatusOK)
	wantContentType(t, res.HTTPResponse, xlsx)
	if !strings.HasPrefix(string(res.Body), "PK") {
		t.Fatalf("the template is no XLSX (zip): %.20q", res.Body)
	}
}

// exportImportsAgain exports every record with its history and dry-runs
// importing the workbook into the same registry: nothing would be created
// and every record is unchanged: the demo's 43 organisations and its 77
// posts with the one the tour created.
func (tr *tour) exportImportsAgain(t *testing.T) {
	history := true
	export, err := tr.admin.ExportRegistersWithResponse(ctx(t), &koncernapi.ExportRegistersParams{History: &history})
	wantStatus(t, export, err, http.StatusOK)
	wantContentType(t, export.HTTPResponse, xlsx)
	dryRun := true
	res, err := tr.admin.ImportRegistersWithBodyWithResponse(ctx(t), &koncernapi.ImportRegistersParams{DryRun: &dryRun},
		xlsx, bytes.NewReader(export.Body))
	wantStatus(t, res, err, http.StatusOK)
	sheets := res.JSON200.Sheets
	if !res.JSON200.DryRun || sheets.Organizations.Created != 0 || sheets.Organizations.Unchanged != 43 ||
		sheets.Posts.Created != 0 || sheets.Posts.Unchanged != 78 {
		t.Fatalf("the export's dry run: %+v", res.JSON200)
	}
}

// xlsx is the media type of a workbook.
const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// patchPost changes the post created above, sending back the ETag its
// creation gave. Only the title is set; the rest of the post stays.
func (tr *tour) patchPost(t *testing.T) {
	title := "Kvalitets- och utvecklingsstrateg"
	res, err := tr.admin.UpdatePostWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), tr.newPost,
		&koncernapi.UpdatePostParams{IfMatch: tr.newPostETag}, koncernapi.PostPatch{Title: &title})
	wantStatus(t, res, err, http.StatusOK)
	p := res.JSON200
	if p.Title != title || p.Role != "officer" || p.OrganizationId != tr.stadskontoret || p.Version != 2 {
		t.Fatalf("patched post = %+v", p)
	}
	if etag := res.HTTPResponse.Header.Get("ETag"); etag != `"2"` {
		t.Fatalf("ETag after the patch = %q, want \"2\"", etag)
	}
}

// patchStale sends the ETag of the version before the patch: someone
// else's change is not overwritten.
func (tr *tour) patchStale(t *testing.T) {
	title := "Överskriven"
	res, err := tr.admin.UpdatePostWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), tr.newPost,
		&koncernapi.UpdatePostParams{IfMatch: tr.newPostETag}, koncernapi.PostPatch{Title: &title})
	wantStatus(t, res, err, http.StatusPreconditionFailed)
	tr.wantTitle(t, "Kvalitets- och utvecklingsstrateg")
}

// patchWithoutIfMatch passes no parameters at all: the contract marks
// If-Match required, so only a nil leaves it out, as a client that forgets
// it would; the server still answers 428 rather than patching blind.
func (tr *tour) patchWithoutIfMatch(t *testing.T) {
	title := "Utan version"
	res, err := tr.admin.UpdatePostWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), tr.newPost,
		nil, koncernapi.PostPatch{Title: &title})
	wantStatus(t, res, err, http.StatusPreconditionRequired)
	tr.wantTitle(t, "Kvalitets- och utvecklingsstrateg")
}

// patchCompany renames a company. Only the name is sent: a null for the
// fields left unset would clear total_shares, which a company must have
// (422 "total_shares: is required for a company").
func (tr *tour) patchCompany(t *testing.T) {
	id := tr.findOrganization(t, "Airport", "Jönköping Airport AB")
	got, err := tr.admin.GetOrganizationWithResponse(ctx(t), id, nil)
	wantStatus(t, got, err, http.StatusOK)
	shares, _ := got.JSON200.TotalShares.Get()
	name := "Jönköping Airport AB (omdöpt)"
	res, err := tr.admin.UpdateOrganizationWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), id,
		&koncernapi.UpdateOrganizationParams{IfMatch: got.HTTPResponse.Header.Get("ETag")}, koncernapi.OrganizationPatch{Name: &name})
	wantStatus(t, res, err, http.StatusOK)
	after, _ := res.JSON200.TotalShares.Get()
	if res.JSON200.Name != name || after != shares || shares == 0 {
		t.Fatalf("renamed to %q with %d shares, want %q with %d", res.JSON200.Name, after, name, shares)
	}
}

// conditionalGet sends the post's ETag back in If-None-Match: the answer
// is 304 without a body.
func (tr *tour) conditionalGet(t *testing.T) {
	notModified := func(_ context.Context, req *http.Request) error {
		req.Header.Set("If-None-Match", `"2"`)
		return nil
	}
	res, err := tr.anonymous.GetPostWithResponse(ctx(t), tr.newPost, nil, notModified)
	wantStatus(t, res, err, http.StatusNotModified)
	if len(res.Body) != 0 {
		t.Fatalf("304 with a body: %s", res.Body)
	}
}

// clearWithNull ends the post created above on a day and then clears
// that day with an explicit null, which reopens it; the title stays.
func (tr *tour) clearWithNull(t *testing.T) {
	end := koncernapi.PostPatch{ValidTo: nullable.NewNullableWithValue(day(t, "2005-12-31"))}
	res, err := tr.admin.UpdatePostWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), tr.newPost,
		&koncernapi.UpdatePostParams{IfMatch: `"2"`}, end)
	wantStatus(t, res, err, http.StatusOK)
	if to, _ := res.JSON200.ValidTo.Get(); to.String() != "2005-12-31" {
		t.Fatalf("valid_to = %v, want 2005-12-31", res.JSON200.ValidTo)
	}
	reopen := koncernapi.PostPatch{ValidTo: nullable.NewNullNullable[openapi_types.Date]()}
	res, err = tr.admin.UpdatePostWithApplicationMergePatchPlusJSONBodyWithResponse(ctx(t), tr.newPost,
		&koncernapi.UpdatePostParams{IfMatch: res.HTTPResponse.Header.Get("ETag")}, reopen)
	wantStatus(t, res, err, http.StatusOK)
	if !res.JSON200.ValidTo.IsNull() || res.JSON200.Title != "Kvalitets- och utvecklingsstrateg" || res.JSON200.Version != 4 {
		t.Fatalf("after the null: %+v", res.JSON200)
	}
}

// bookTransfer is the browser tour's booking through the API, as
// demo-finance: 2 500 of Rådhus AB's 10 000 Elmia AB shares to the
// municipality, after which the cap table shows 75/25.
func (tr *tour) bookTransfer(t *testing.T) {
	elmia := tr.findOrganization(t, "Elmia", "Elmia AB")
	shares := int64(2500)
	transfer := koncernapi.TransactionInput{
		Type:          koncernapi.TransactionType("transfer"),
		CompanyId:     elmia,
		SellerId:      nullable.NewNullableWithValue(tr.holding),
		BuyerId:       nullable.NewNullableWithValue(tr.muni),
		Shares:        &shares,
		Votes:         &shares,
		EffectiveDate: day(t, "2004-01-01"),
	}
	// The same Idempotency-Key makes a retry safe: the second request
	// gets the first one's answer and books nothing.
	key := &koncernapi.RecordTransactionParams{IdempotencyKey: ptr("tour-elmia-transfer")}
	res, err := tr.finance.RecordTransactionWithResponse(ctx(t), key, transfer)
	wantStatus(t, res, err, http.StatusCreated)
	retry, err := tr.finance.RecordTransactionWithResponse(ctx(t), key, transfer)
	wantStatus(t, retry, err, http.StatusCreated)
	if retry.JSON201.Id != res.JSON201.Id {
		t.Fatalf("the retry booked transaction %s beside %s", retry.JSON201.Id, res.JSON201.Id)
	}
	at := day(t, "2004-01-01")
	table, err := tr.finance.GetCapTableWithResponse(ctx(t), elmia, &koncernapi.GetCapTableParams{At: &at})
	wantStatus(t, table, err, http.StatusOK)
	held := map[openapi_types.UUID]int64{}
	for _, o := range table.JSON200.Owners {
		held[o.OwnerId] = o.Shares
	}
	if len(held) != 2 || held[tr.holding] != 7500 || held[tr.muni] != 2500 {
		t.Fatalf("Elmia AB's owners after the transfer: %v", table.JSON200.Owners)
	}
}

// oversell asks to sell more than the 7 500 shares left: refused, naming
// the shares.
func (tr *tour) oversell(t *testing.T) {
	elmia := tr.findOrganization(t, "Elmia", "Elmia AB")
	shares := int64(9000)
	res, err := tr.finance.RecordTransactionWithResponse(ctx(t), nil, koncernapi.TransactionInput{
		Type:          koncernapi.TransactionType("transfer"),
		CompanyId:     elmia,
		SellerId:      nullable.NewNullableWithValue(tr.holding),
		BuyerId:       nullable.NewNullableWithValue(tr.muni),
		Shares:        &shares,
		Votes:         &shares,
		EffectiveDate: day(t, "2004-02-01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode() != http.StatusUnprocessableEntity && res.StatusCode() != http.StatusConflict {
		t.Fatalf("overselling: %d %s, want 422 or 409", res.StatusCode(), res.Body)
	}
	if !strings.Contains(string(res.Body), `"field":"shares"`) {
		t.Fatalf("the refusal does not name shares: %s", res.Body)
	}
}

// findOrganization searches by name as the README does (q=) and returns
// the id of the organisation called exactly name.
func (tr *tour) findOrganization(t *testing.T, q, name string) openapi_types.UUID {
	t.Helper()
	res, err := tr.anonymous.ListOrganizationsWithResponse(ctx(t), &koncernapi.ListOrganizationsParams{Q: &q})
	wantStatus(t, res, err, http.StatusOK)
	for _, o := range res.JSON200.Items {
		if o.Name == name {
			return o.Id
		}
	}
	t.Fatalf("q=%s finds no %s among %d organisations", q, name, len(res.JSON200.Items))
	return openapi_types.UUID{}
}

// wantTitle checks that the post created in the tour still has title.
func (tr *tour) wantTitle(t *testing.T, title string) {
	t.Helper()
	res, err := tr.anonymous.GetPostWithResponse(ctx(t), tr.newPost, nil)
	wantStatus(t, res, err, http.StatusOK)
	if res.JSON200.Title != title {
		t.Fatalf("the post's title is %q, want %q", res.JSON200.Title, title)
	}
}

// response is what every generated response has.
type response interface{ StatusCode() int }

// wantStatus stops the step unless the request went through and was
// answered with want.
func wantStatus(t *testing.T, res response, err error, want int) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if got := res.StatusCode(); got != want {
		t.Fatalf("status %d, want %d: %s", got, want, body(res))
	}
}

// body is a response's body, for messages: every generated response
// keeps it in a field named Body.
func body(res response) string {
	v := reflect.Indirect(reflect.ValueOf(res)).FieldByName("Body")
	if !v.IsValid() {
		return ""
	}
	return string(v.Bytes())
}

func wantContentType(t *testing.T, res *http.Response, want string) {
	t.Helper()
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, want) {
		t.Fatalf("Content-Type = %q, want %s", got, want)
	}
}

func day(t *testing.T, s string) openapi_types.Date {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return openapi_types.Date{Time: d}
}

// ctx bounds each request, so that a server that hangs fails the step
// instead of the whole run.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func ptr[T any](v T) *T { return &v }
