package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/registry"
)

// txFields are the fields of the booking form, named as the registry names
// them in its errors (koncern.TransactionInput's JSON names), so that an
// error lands beside the field it names.
var txFields = []string{"type", "seller_id", "buyer_id", "shares", "votes", "effective_date", "document_id", "backdate"}

// txForm is the booking form as sent, kept as text so that a refused form
// shows what was typed.
type txForm struct {
	Type, SellerID, BuyerID, Shares, Votes, EffectiveDate, DocumentID string
	Backdate                                                          bool
	// Once names this filling-in of the form, so that sending it twice (a
	// double click, a reload) books once: the second answer is the first.
	Once string
}

// txFormData is what the booking form shows: the company, the choices of
// its fields, and the cap table the booking starts from.
type txFormData struct {
	Company   koncern.Organization
	Form      txForm
	Types     []string
	Owners    []koncern.Organization
	Documents []koncern.Document
	CapTable  analysis.CapTable
}

// transactionForm is /companies/{id}/transactions/new: the booking form.
// A caller who may not book sees 403 rather than a form it cannot send.
func (s *Site) transactionForm(c echo.Context) error {
	if err := mayCreate("transactions")(c.Request().Context()); err != nil {
		return err
	}
	day, err := s.day(c)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", nil)
	return s.renderTxForm(c, p, txForm{Type: "transfer", EffectiveDate: day.String(), Once: newCSRFKey()})
}

// bookTransaction books the form's transaction and answers 303 to the cap
// table after it, or shows the form again with the registry's reasons
// beside the fields they name.
func (s *Site) bookTransaction(c echo.Context) error {
	id, err := handlers.PathID(c)
	if err != nil {
		return err
	}
	f := txForm{Type: c.FormValue("type"), SellerID: c.FormValue("seller_id"), BuyerID: c.FormValue("buyer_id"),
		Shares: c.FormValue("shares"), Votes: c.FormValue("votes"), EffectiveDate: c.FormValue("effective_date"),
		DocumentID: c.FormValue("document_id"), Backdate: c.FormValue("backdate") != "", Once: c.FormValue("once")}
	p := s.newPage(c, "", nil)
	in, errs := f.input(p, id)
	if len(errs) > 0 {
		p.Errors, p.Status = errs, http.StatusUnprocessableEntity
		return s.renderTxForm(c, p, f)
	}
	return s.once(c, p, f, func() (string, error) {
		tx, err := s.cfg.Registry.RecordTransaction(c.Request().Context(), in)
		if err != nil {
			return "", err
		}
		q := url.Values{"at": {tx.EffectiveDate.String()}, "booked": {tx.ID.String()}}
		return "/companies/" + id.String() + "/cap-table?" + q.Encode(), nil
	})
}

// once books with book under the form's key, as the API's Idempotency-Key
// does (the registry keeps the key): the first sending books and answers
// 303 to where book says; a second sending of the same form is sent there
// too without booking again. A refused booking releases the key, so that
// the corrected form may be sent under it.
func (s *Site) once(c echo.Context, p *page, f txForm, book func() (string, error)) error {
	ctx := c.Request().Context()
	key, hash := "web-booking:"+f.Once, formHash(f)
	reserved := true
	if f.Once != "" {
		var err error
		if reserved, err = s.cfg.Registry.ReserveIdempotencyKey(ctx, key, "POST "+c.Request().URL.Path, hash); err != nil {
			return err
		}
	}
	if !reserved {
		got, err := s.cfg.Registry.LookupIdempotencyKey(ctx, key)
		if err != nil {
			return err
		}
		if got == nil || got.Status == 0 || got.RequestHash != hash {
			p.Problem, p.Status = p.T("tx.once"), http.StatusConflict
			f.Once = newCSRFKey()
			return s.renderTxForm(c, p, f)
		}
		return c.Redirect(http.StatusSeeOther, got.Body)
	}
	to, err := book()
	if f.Once != "" && err != nil {
		if rerr := s.cfg.Registry.ReleaseIdempotencyKey(ctx, key); rerr != nil {
			return rerr
		}
	}
	if p.refuse(err, txFields...) {
		return s.renderTxForm(c, p, f)
	} else if err != nil {
		return err
	}
	if f.Once != "" {
		if err := s.cfg.Registry.CompleteIdempotencyKey(ctx, key, http.StatusSeeOther, to, "{}"); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// formHash tells one filling-in of the booking form from another.
func formHash(f txForm) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%q", []any{f.Type, f.SellerID, f.BuyerID, f.Shares, f.Votes, f.EffectiveDate, f.DocumentID, f.Backdate}))
	return hex.EncodeToString(sum[:])
}

// input reads the form into the registry's input. What cannot be read at
// all (a number that is not one) is refused here, by field; everything
// else the registry judges. Votes left empty are as many as the shares,
// as in a company with one class of shares.
func (f txForm) input(p *page, company uuid.UUID) (koncern.TransactionInput, map[string]string) {
	errs := map[string]string{}
	in := koncern.TransactionInput{Type: f.Type, CompanyID: company, Backdate: f.Backdate}
	in.SellerID = formID(errs, p, "seller_id", f.SellerID)
	in.BuyerID = formID(errs, p, "buyer_id", f.BuyerID)
	in.DocumentID = formID(errs, p, "document_id", f.DocumentID)
	in.Shares = formCount(errs, p, "shares", f.Shares)
	in.Votes = in.Shares
	if strings.TrimSpace(f.Votes) != "" {
		in.Votes = formCount(errs, p, "votes", f.Votes)
	}
	d, err := koncern.ParseDate(strings.TrimSpace(f.EffectiveDate))
	if err != nil {
		errs["effective_date"] = p.T("form.date")
	}
	in.EffectiveDate = d
	return in, errs
}

// formID reads an optional choice of a record; "" is none.
func formID(errs map[string]string, p *page, field, v string) *uuid.UUID {
	if v == "" {
		return nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		errs[field] = p.T("form.choice")
		return nil
	}
	return &id
}

// formCount reads a whole number as a person writes it, with spaces
// between the thousands ("2 500") if they like.
func formCount(errs map[string]string, p *page, field, v string) int64 {
	v = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(v)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		errs[field] = p.T("form.whole_number")
	}
	return n
}

// renderTxForm shows the booking form of the company in the path with f
// filled in.
func (s *Site) renderTxForm(c echo.Context, p *page, f txForm) error {
	id, err := handlers.PathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	company, err := s.company(ctx, id)
	if err != nil {
		return err
	}
	data := txFormData{Company: company, Form: f, Types: koncern.TransactionTypes}
	if data.Owners, err = s.owners(ctx, company, p.Day); err != nil {
		return err
	}
	docs, err := s.cfg.Registry.ListDocuments(ctx, registry.DocumentFilter{MunicipalityID: company.MunicipalityID,
		ListOptions: registry.ListOptions{At: &p.Day, Limit: registry.MaxLimit}})
	if err != nil {
		return err
	}
	data.Documents = docs.Items
	if data.CapTable, err = s.cfg.Registry.CapTable(ctx, id, p.Day); err != nil {
		return err
	}
	p.Title, p.Data = p.Tf("tx.title", company.Name), data
	return s.render(c, "transaction", p)
}

// company is the organisation id, refused by name when it is no company.
func (s *Site) company(ctx context.Context, id uuid.UUID) (koncern.Organization, error) {
	o, err := s.cfg.Registry.GetOrganization(ctx, id)
	if err == nil && o.Kind != "company" {
		err = koncern.Invalid("id", "organisation %q is a %s, not a company", o.Name, o.Kind)
	}
	return o, err
}

// owners are who may hold shares in company on day: the municipalities,
// then the companies of its municipality, by name, the company itself
// left out.
func (s *Site) owners(ctx context.Context, company koncern.Organization, day koncern.Date) ([]koncern.Organization, error) {
	munis, err := s.municipalities(ctx, day)
	if err != nil {
		return nil, err
	}
	byName(munis)
	cos, err := s.companies(ctx, company.MunicipalityID, &day)
	if err != nil {
		return nil, err
	}
	out := munis
	for _, o := range cos {
		if o.ID != company.ID {
			out = append(out, o)
		}
	}
	return out, nil
}

// capTableData is what the cap table page shows, and the transaction just
// booked when it follows a booking.
type capTableData struct {
	Company koncern.Organization
	Table   analysis.CapTable
	Booked  *ledgerEntry
}

// capTablePage is /companies/{id}/cap-table: a company's owners on the
// day, as CSV or XLSX with ?format=. After a booking (?booked=) it says
// what was booked.
func (s *Site) capTablePage(c echo.Context) error {
	req, err := s.readRecord(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	id, day, format := req.ID, req.Day, req.Format
	ctx := c.Request().Context()
	company, err := s.company(ctx, id)
	if err != nil {
		return err
	}
	t, err := s.cfg.Registry.CapTable(ctx, id, day)
	if err != nil {
		return err
	}
	if format != "" {
		return writeTable(c, format, "cap-table", analysis.CapTablesTable([]analysis.CapTable{t}))
	}
	data := capTableData{Company: company, Table: t}
	if data.Booked, err = s.booked(ctx, id, c.QueryParam("booked")); err != nil {
		return err
	}
	p := s.newPage(c, "", data)
	p.Title = p.Tf("captable.title", company.Name)
	return s.render(c, "captable", p)
}

// booked is the transaction ?booked= names, if it is one of company's.
func (s *Site) booked(ctx context.Context, company uuid.UUID, v string) (*ledgerEntry, error) {
	id, err := optionalID("booked", v)
	if err != nil || id == nil {
		return nil, err
	}
	tx, err := s.cfg.Registry.GetTransaction(ctx, *id)
	if err != nil || tx.CompanyID != company {
		return nil, err
	}
	entries, err := s.ledgerEntries(ctx, []koncern.Transaction{tx})
	if err != nil {
		return nil, err
	}
	return &entries[0], nil
}
