package web

// registerFindings adds the auditor's pages: the findings with their
// evidence and comments, the reports, and the audit trail.
func (s *Site) registerFindings(r *router) {
	r.page("/findings", s.findingsPage)
	r.form("/findings/comments", mayCreate("comments"), s.addComment)
	r.page("/reports", s.reportsPage)
	r.page("/interlocks", s.interlocksPage)
	r.page("/expiring", s.expiringPage)
	r.page("/changes", s.changesPage)
	r.page("/audit", s.auditPage)
}
