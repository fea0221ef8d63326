package web

// ruleBookMessages are the texts of the rule book, of the sources the
// findings cite, and of the form fields the rule book's rules read.
var ruleBookMessages = messages{
	"rules.title": {"Regelbok", "Rule book"},
	"rules.intro": {"Reglerna som iakttagelserna beräknas med. Varje regel vilar på ett avsnitt i 2003 års granskning av stadskontoret eller på lagens kapitel och paragraf, och gäller bara de dagar som dess källor gällde: kommunallagen (1991:900) fram till och med 2017-12-31, kommunallagen (2017:725) från 2018-01-01.",
		"The rules the findings are computed with. Each rests on a section of the 2003 review of the city office, or on the law's chapter and section, and applies only on the days its sources applied: the Local Government Act (1991:900) up to 2017-12-31, the Local Government Act (2017:725) from 2018-01-01."},
	"rules.to_findings":  {"Till iakttagelserna", "To the findings"},
	"rules.id":           {"Regelns id", "Rule id"},
	"rules.sources":      {"Källor", "Sources"},
	"rules.citation":     {"Lagrum", "Citation"},
	"rules.law":          {"Författning", "Act"},
	"rules.applied":      {"Gällde", "Applied"},
	"rules.always":       {"alla dagar", "every day"},
	"rules.review":       {"Översyn, granskning och bedömning av stadskontoret i Jönköpings kommun (2003)", "Review of the city office of Jönköping (2003)"},
	"rules.review_short": {"granskningen 2003", "the 2003 review"},

	"findings.sources":       {"Källa", "Source"},
	"findings.rule_book":     {"regeln i regelboken", "the rule in the rule book"},
	"findings.rule_book_all": {"Regelboken: varje regel med sina källor och när de gällde", "The rule book: every rule with its sources and when they applied"},
	"findings.detail.year":   {"Verksamhetsår", "Year"},

	"field.review_deadline": {"Sista dag för årlig prövning av bolagen (MM-DD, året efter)", "Deadline of the annual review of the companies (MM-DD, the year after)"},
	"field.subject_ids":     {"Berör", "Concerns"},
	"field.refers_to_id":    {"Fastställer eller besvarar", "Adopts or answers"},
	"field.year":            {"Verksamhetsår", "Year covered"},
	"document.referrers":    {"Fastställs, godkänns eller besvaras av", "Adopted, approved or answered by"},
	"org.review_default":    {"%s (standard)", "%s (the default)"},
	"form.several":          {"Håll ned Ctrl (⌘ på Mac) för att välja flera.", "Hold Ctrl (⌘ on a Mac) to choose several."},
}
