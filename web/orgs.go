package web

// registerOrgs adds the pages of the registry's records (an
// organisation, a person, a document), the search, and the forms that
// create, change and end the records of the seven registers.
func (s *Site) registerOrgs(r *router) {
	r.orgPage("/organizations/:id", s.organizationPage)
	r.page("/people/:id", s.personPage)
	r.page("/documents/:id", s.documentPage)
	r.page("/search", s.searchPage)
	s.registerRecordForms(r)
}
