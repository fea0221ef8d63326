package web

// registerFinance adds the finance officer's pages: the group report with
// its ownership chart and cap tables, the ownership ledger with its
// booking form, and the import of spreadsheets.
func (s *Site) registerFinance(r *router) {
	r.orgPage("/groups/:id", s.groupPage)
	r.orgPage("/companies/:id/cap-table", s.capTablePage)
	r.page("/ledger", s.ledgerPage)
	r.page("/ledger/new", s.ledgerNew)
	r.page("/companies/:id/transactions/new", s.transactionForm)
	r.form("/companies/:id/transactions/new", mayCreate("transactions"), s.bookTransaction)
	newImports(s).register(r)
}
