package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
)

// ledgerData is what the ledger page shows: the entries newest first, the
// companies to filter by and to book in, and the cursor of older entries.
type ledgerData struct {
	Companies []koncern.Organization
	Company   string
	Entries   []ledgerEntry
	Next      string
}

// ledgerEntry is a transaction with its parties and document named.
type ledgerEntry struct {
	koncern.Transaction
	Company, Seller, Buyer *koncern.Organization
	Document               *koncern.Document
}

// ledgerPage is /ledger: the ownership ledger, newest first, of one company
// (?company=) or all, as CSV or XLSX with ?format=.
func (s *Site) ledgerPage(c echo.Context) error {
	if _, err := s.day(c); err != nil {
		return err
	}
	format, err := download(c, "csv", "xlsx")
	if err != nil {
		return err
	}
	f := registry.TransactionFilter{NewestFirst: true, ListOptions: registry.ListOptions{Cursor: c.QueryParam("cursor")}}
	if f.CompanyID, err = optionalID("company", c.QueryParam("company")); err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.cfg.Registry.ListTransactions(ctx, f)
	if err != nil {
		return err
	}
	entries, err := s.ledgerEntries(ctx, list.Items)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", nil)
	if format != "" {
		return writeTable(c, format, "ledger", ledgerTable(p, entries))
	}
	companies, err := s.companies(ctx, nil, nil)
	if err != nil {
		return err
	}
	data := ledgerData{Companies: companies, Company: c.QueryParam("company"), Entries: entries}
	if list.NextCursor != nil {
		data.Next = *list.NextCursor
	}
	p.Title, p.Data = p.T("ledger.title"), data
	return s.render(c, "ledger", p)
}

// ledgerNew is where the ledger's booking button leads: the booking form
// of the company chosen beside it.
func (s *Site) ledgerNew(c echo.Context) error {
	id, err := optionalID("company", c.QueryParam("company"))
	if err != nil {
		return err
	}
	if id == nil {
		return koncern.Invalid("company", "is required: the company to book a transaction in")
	}
	p := s.newPage(c, "", nil)
	return c.Redirect(http.StatusSeeOther, p.Link("/companies/"+id.String()+"/transactions/new"))
}

// optionalID reads an optional id of the query, refusing a malformed one
// by name.
func optionalID(name, v string) (*uuid.UUID, error) {
	if v == "" {
		return nil, nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		return nil, koncern.Invalid(name, "must be a UUID")
	}
	return &id, nil
}

// companies lists the companies, by name: those of municipality on day,
// or every company ever recorded when day is nil.
func (s *Site) companies(ctx context.Context, municipality *uuid.UUID, day *koncern.Date) ([]koncern.Organization, error) {
	o := registry.ListOptions{At: day, History: day == nil, Limit: registry.MaxLimit}
	list, err := s.cfg.Registry.ListOrganizations(ctx, registry.OrganizationFilter{Kind: "company", MunicipalityID: municipality, ListOptions: o})
	if err != nil {
		return nil, err
	}
	byName(list.Items)
	return list.Items, nil
}

func byName(orgs []koncern.Organization) {
	slices.SortFunc(orgs, func(a, b koncern.Organization) int { return strings.Compare(a.Name, b.Name) })
}

// ledgerEntries names the parties and documents of transactions, each
// looked up once.
func (s *Site) ledgerEntries(ctx context.Context, txs []koncern.Transaction) ([]ledgerEntry, error) {
	n := names{s: s, orgs: map[uuid.UUID]*koncern.Organization{}, docs: map[uuid.UUID]*koncern.Document{}}
	out := make([]ledgerEntry, len(txs))
	for i, t := range txs {
		e := ledgerEntry{Transaction: t}
		var err error
		if e.Company, err = n.org(ctx, &t.CompanyID); err != nil {
			return nil, err
		}
		if e.Seller, err = n.org(ctx, t.SellerID); err != nil {
			return nil, err
		}
		if e.Buyer, err = n.org(ctx, t.BuyerID); err != nil {
			return nil, err
		}
		if e.Document, err = n.doc(ctx, t.DocumentID); err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// names looks up organisations and documents by id, each once.
type names struct {
	s    *Site
	orgs map[uuid.UUID]*koncern.Organization
	docs map[uuid.UUID]*koncern.Document
}

func (n names) org(ctx context.Context, id *uuid.UUID) (*koncern.Organization, error) {
	if id == nil {
		return nil, nil
	}
	if o, ok := n.orgs[*id]; ok {
		return o, nil
	}
	o, err := n.s.cfg.Registry.GetOrganization(ctx, *id)
	if err != nil {
		return nil, err
	}
	n.orgs[*id] = &o
	return &o, nil
}

func (n names) doc(ctx context.Context, id *uuid.UUID) (*koncern.Document, error) {
	if id == nil {
		return nil, nil
	}
	if d, ok := n.docs[*id]; ok {
		return d, nil
	}
	d, err := n.s.cfg.Registry.GetDocument(ctx, *id)
	if err != nil {
		return nil, err
	}
	n.docs[*id] = &d
	return &d, nil
}

// ledgerTable lays out the ledger's entries for a download, with the
// types in the page's language and the parties by name and id.
func ledgerTable(p *page, entries []ledgerEntry) analysis.Table {
	t := analysis.Table{Columns: []string{"id", "recorded_at", "effective_date", "type", "company_id", "company",
		"seller_id", "seller", "buyer_id", "buyer", "shares", "votes", "document_id", "backdated"},
		Types: map[string]analysis.ColumnType{"effective_date": analysis.DateColumn, "shares": analysis.CountColumn, "votes": analysis.CountColumn,
			"backdated": analysis.BoolColumn}}
	for _, e := range entries {
		t.Rows = append(t.Rows, []string{e.ID.String(), e.CreatedAt.UTC().Format(time.RFC3339), e.EffectiveDate.String(),
			p.Label("transaction_type", e.Type), e.CompanyID.String(), orgName(e.Company), idText(e.SellerID), orgName(e.Seller),
			idText(e.BuyerID), orgName(e.Buyer), strconv.FormatInt(e.Shares, 10), strconv.FormatInt(e.Votes, 10),
			idText(e.DocumentID), strconv.FormatBool(e.Backdated)})
	}
	return t
}

func orgName(o *koncern.Organization) string {
	if o == nil {
		return ""
	}
	return o.Name
}

func idText(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}
