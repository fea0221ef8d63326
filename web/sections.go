package web

// sections lists the parts of the site, each adding its pages and forms.
func (s *Site) sections() []func(*router) {
	return []func(*router){
		s.registerStart,
		s.registerFindings,
		s.registerRuleBook,
		s.registerOrgs,
		s.registerFinance,
		s.registerPosts,
		s.registerCalendar,
		s.registerFollowUp,
	}
}
