package web_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/internal/browsertest"
)

// TestFinanceInBrowser runs the finance officer's flows of the issue in
// Chromium, in one browser: sign in by typing the token, transfer 2 500
// Elmia shares to the municipality and see the cap table become 75/25, try
// to sell more than the seller holds and see the error beside the field,
// and import a workbook after correcting its organisationsnummer. axe
// checks every page on the way.
func TestFinanceInBrowser(t *testing.T) {
	h := newHarness(t)
	ctx := browsertest.New(t)
	muni, holding, elmia, ext := h.org(muniName), h.org(holdingName), h.org(elmiaName), h.org(externalName)
	signInBrowser(t, ctx, h, koncern.AccessFinance)

	t.Run("Transfer", func(t *testing.T) {
		browsertest.Step(t, ctx, "choose Elmia in the ledger",
			chromedp.Navigate(h.URL+"/ledger"),
			chromedp.WaitVisible(chromedp.CSS("#book-company")),
		)
		browsertest.Axe(t, ctx)
		browsertest.Step(t, ctx, "open the booking form",
			chromedp.SetValue(chromedp.CSS("#book-company"), elmia.ID.String()),
			chromedp.Click(chromedp.CSS(`form[action="/ledger/new"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#shares")),
		)
		browsertest.Axe(t, ctx)
		fillBooking(t, ctx, holding.ID.String(), muni.ID.String(), "2500")
		browsertest.Step(t, ctx, "see the cap table after the booking",
			chromedp.WaitVisible(chromedp.CSS(".notice")),
		)
		body := text(t, ctx, "main")
		wantAll(t, "the cap table after the booking", body, "Transaktionen är bokförd", holdingName, "7"+nbsp+"500", "75,00"+nbsp+"%", muniName, "25,00"+nbsp+"%")
		browsertest.Axe(t, ctx)
		browsertest.NoErrors(t, ctx)
		browsertest.Step(t, ctx, "see the booking in the ledger",
			chromedp.Navigate(h.URL+"/ledger"),
			chromedp.WaitVisible(chromedp.CSS("table.ledger")),
		)
		wantAll(t, "the ledger", text(t, ctx, "table.ledger"), "Överlåtelse", elmiaName, holdingName, muniName, "2"+nbsp+"500")
		docsScreenshot(t, ctx, "ledger")
	})

	t.Run("ErrSellsMoreThanHeld", func(t *testing.T) {
		browsertest.Step(t, ctx, "open the booking form again",
			chromedp.Navigate(h.URL+"/companies/"+elmia.ID.String()+"/transactions/new"),
			chromedp.WaitVisible(chromedp.CSS("#shares")),
		)
		fillBooking(t, ctx, holding.ID.String(), muni.ID.String(), "10000")
		browsertest.Step(t, ctx, "see the error beside the shares",
			chromedp.WaitVisible(chromedp.CSS("#shares-error")),
		)
		wantAll(t, "the error", text(t, ctx, "#shares-error"), "holds only 7500 shares")
		beside, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const f = document.getElementById('shares');
			return f.nextElementSibling.id === 'shares-error' && f.getAttribute('aria-describedby') === 'shares-error' &&
				f.getAttribute('aria-invalid') === 'true'; })()`))
		if err != nil || !beside {
			t.Errorf("the error is not beside the shares field (%v)", err)
		}
		browsertest.Axe(t, ctx)
		takeRefusal(t, ctx, "409")
	})

	t.Run("Import", func(t *testing.T) {
		dir := t.TempDir()
		bad := stakesWorkbook(t, dir, "stakes.xlsx", *muni.OrgNumber, spoilt(*ext.OrgNumber))
		browsertest.Step(t, ctx, "upload a workbook with a bad organisationsnummer",
			chromedp.Navigate(h.URL+"/import"),
			chromedp.WaitVisible(chromedp.CSS("#file")),
		)
		browsertest.Axe(t, ctx)
		browsertest.Step(t, ctx, "check it",
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}),
			chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button`)),
			chromedp.WaitVisible(chromedp.CSS("table.problems")),
		)
		row := text(t, ctx, "table.problems tbody tr")
		wantAll(t, "the problem's row", row, "stakes", "2", "company_org_number", "B2", "check digit is wrong")
		browsertest.Axe(t, ctx)
		docsScreenshot(t, ctx, "import")
		takeRefusal(t, ctx, "422")

		good := stakesWorkbook(t, dir, "stakes.xlsx", *muni.OrgNumber, *ext.OrgNumber)
		browsertest.Step(t, ctx, "check the corrected workbook",
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{good}),
			chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`input[name="upload"] + button`)),
		)
		browsertest.Step(t, ctx, "import it",
			chromedp.Click(chromedp.CSS(`input[name="upload"] + button`)),
			chromedp.WaitVisible(chromedp.CSS("#imported")),
		)
		wantAll(t, "the result", text(t, ctx, "main"), "stakes.xlsx är inläst.")
		if stakes := h.stakesOf(t, muni, ext); len(stakes) != 1 || stakes[0].Shares != 200 {
			t.Errorf("stakes after the import: %+v", stakes)
		}
		browsertest.Axe(t, ctx)
		browsertest.NoErrors(t, ctx)
	})

	t.Run("GroupPage", func(t *testing.T) {
		browsertest.Step(t, ctx, "open the group",
			chromedp.Navigate(h.URL+"/groups/"+muni.ID.String()),
			chromedp.WaitVisible(chromedp.CSS("figure.drawing svg")),
		)
		browsertest.Axe(t, ctx)
		browsertest.NoErrors(t, ctx)
	})
}

// fillBooking fills the open booking form with a transfer and sends it.
func fillBooking(t *testing.T, ctx context.Context, seller, buyer, shares string) {
	t.Helper()
	browsertest.Step(t, ctx, "fill in a transfer of "+shares,
		chromedp.SetValue(chromedp.CSS("#type"), "transfer"),
		chromedp.SetValue(chromedp.CSS("#seller_id"), seller),
		chromedp.SetValue(chromedp.CSS("#buyer_id"), buyer),
		chromedp.SendKeys(chromedp.CSS("#shares"), shares),
		chromedp.Click(chromedp.CSS(`.booking form button[type="submit"]`)),
	)
}

// takeRefusal takes the browser's report of the form's refused status
// (htmx fetches it, so Chromium logs it as a failed load) and fails t for
// any other error.
func takeRefusal(t *testing.T, ctx context.Context, status string) {
	t.Helper()
	for _, e := range browsertest.Errors(ctx) {
		if !strings.Contains(e, "status of "+status) {
			t.Errorf("browser error: %s", e)
		}
	}
}

// stakesWorkbook writes an XLSX workbook with a stakes sheet giving the
// municipality 200 of the external company's shares.
func stakesWorkbook(t *testing.T, dir, name, owner, company string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "stakes"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"owner_org_number", "company_org_number", "shares", "votes", "valid_from"}, {owner, company, 200, 200, "2026-01-01"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("stakes", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}
