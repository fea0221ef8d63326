// Package i18n holds the Swedish and English names of the registry's
// enumerations (kinds, roles, channels, bases, rules, severities...), so
// that the web pages and the drawings, in the pages and from the API, name
// them alike from one table.
package i18n

// The languages: Swedish first, English for everyone else.
const (
	SV = "sv"
	EN = "en"
)

// Text is a text in Swedish and in English.
type Text struct{ SV, EN string }

// In is the text in lang; anything but English is Swedish.
func (t Text) In(lang string) string {
	if lang == EN {
		return t.EN
	}
	return t.SV
}

// labels name every enumeration a person sees, by vocabulary and value.
// TestLabels holds them to the lists in package koncern and analysis, so
// that a new kind cannot reach a page or a drawing as its English code
// name.
var labels = map[string]map[string]Text{
	"org_kind": {
		"municipality": {"Kommun", "Municipality"}, "council": {"Kommunfullmäktige", "Council"},
		"executive_board": {"Kommunstyrelse", "Executive board"}, "committee": {"Nämnd", "Committee"},
		"administration": {"Förvaltning", "Administration"}, "department": {"Avdelning", "Department"},
		"unit": {"Enhet", "Unit"}, "company": {"Bolag", "Company"}, "forum": {"Ledningsgrupp", "Forum"},
		"auditors": {"Revision", "Auditors"},
	},
	"role": {
		"head": {"Chef", "Head"}, "city_manager": {"Stadsdirektör", "City manager"}, "chair": {"Ordförande", "Chair"},
		"vice_chair": {"Vice ordförande", "Vice chair"}, "member": {"Ledamot", "Member"}, "deputy": {"Ersättare", "Deputy"},
		"commissioner": {"Kommunalråd", "Commissioner"}, "ceo": {"Verkställande direktör", "Chief executive"},
		"secretary": {"Sekreterare", "Secretary"}, "lay_auditor": {"Lekmannarevisor", "Lay auditor"},
		"officer": {"Tjänsteperson", "Officer"}, "ombud": {"Stämmoombud", "Representative at the general meeting"},
	},
	"line_kind": {
		"line_management": {"Linjeledning", "Line management"}, "mandate": {"Uppdrag", "Mandate"},
		"coordination": {"Samordning", "Coordination"}, "direct_political": {"Direkt politisk styrning", "Direct political steering"},
		"ownership_directive": {"Ägardirektiv", "Owner directive"}, "appointment": {"Tillsättning", "Appointment"},
		"appraisal": {"Utvecklingssamtal", "Appraisal"}, "delegation": {"Delegering", "Delegation"},
		"reporting": {"Rapportering", "Reporting"},
	},
	"basis": {
		"formal": {"Formellt beslut", "Formal decision"}, "practice": {"Praxis", "Practice"},
		"observed": {"Iakttagen", "Observed"},
	},
	"document_kind": {
		"council_decision": {"Fullmäktigebeslut", "Council decision"}, "board_decision": {"Styrelse- eller nämndbeslut", "Board decision"},
		"owner_directive": {"Ägardirektiv", "Owner directive"}, "articles_of_association": {"Bolagsordning", "Articles of association"},
		"delegation_order": {"Delegationsordning", "Delegation order"}, "regulation": {"Reglemente", "Regulation"},
		"annual_review":              {"Prövning enligt uppsiktsplikten", "Annual review of the companies"},
		"general_meeting_resolution": {"Bolagsstämmobeslut", "General meeting resolution"},
		"audit_report":               {"Revisionsrapport", "Audit report"}, "audit_response": {"Yttrande", "Audit response"},
		"other": {"Övrigt", "Other"},
	},
	"transaction_type": {
		"acquisition": {"Förvärv", "Acquisition"}, "transfer": {"Överlåtelse", "Transfer"},
		"new_issue": {"Nyemission", "New issue"}, "redemption": {"Inlösen", "Redemption"},
		"divestment": {"Avyttring", "Divestment"},
	},
	"severity": {
		"high": {"Hög", "High"}, "medium": {"Medel", "Medium"}, "low": {"Låg", "Low"},
	},
	"channel": {
		"board": {"Nämnd eller styrelse", "Board"}, "city_manager": {"Stadsdirektör", "City manager"},
		"political": {"Politisk", "Political"}, "line": {"Linje", "Line"}, "appraisal": {"Utvecklingssamtal", "Appraisal"},
		"ownership": {"Ägarstyrning", "Ownership"}, "other": {"Övrigt", "Other"},
	},
	"recommendation_status": {
		"open": {"Öppen", "Open"}, "answered": {"Besvarad", "Answered"}, "overdue": {"Försenad", "Overdue"},
		"reopened": {"Återöppnad", "Reopened"}, "resolved": {"Åtgärdad", "Resolved"},
	},
	"follow_up_event": {
		"given": {"Lämnad", "Given"}, "answered": {"Besvarad", "Answered"}, "resolved": {"Åtgärdad", "Resolved"},
		"reopened": {"Återöppnad", "Reopened"}, "overdue": {"Försenad", "Overdue"}, "judged": {"Bedömd som åtgärdad", "Judged resolved"},
	},
	"relation": {
		"subsidiary": {"Dotterföretag", "Subsidiary"}, "associated": {"Intresseföretag", "Associated company"},
	},
	"access_role": {
		"admin": {"Administratör", "Administrator"}, "registrar": {"Registrator", "Registrar"},
		"finance": {"Ekonomi", "Finance"}, "auditor": {"Revisor", "Auditor"}, "reader": {"Läsare", "Reader"},
	},
	"rule": {
		"triple_steering":                {"Trefaldig ledning", "Triple steering"},
		"political_bypass":               {"Politisk styrning förbi nämnden", "Political bypass"},
		"political_steering_below_head":  {"Politisk styrning under chefsnivå", "Political steering below head level"},
		"unclear_appraisal":              {"Oklart utvecklingssamtal", "Unclear appraisal"},
		"coordination_without_basis":     {"Samordning utan formell grund", "Coordination without a formal basis"},
		"vacant_head":                    {"Vakant chefstjänst", "Vacant head post"},
		"reporting_cycle":                {"Rapporteringscirkel", "Reporting cycle"},
		"ownerless_company":              {"Bolag utan ägare", "Company without an owner"},
		"board_not_appointed_by_council": {"Styrelse ej utsedd av fullmäktige", "Board not appointed by the council"},
		"no_lay_auditor":                 {"Lekmannarevisor saknas", "No lay auditor"},
		"missing_owner_directive":        {"Ägardirektiv saknas", "Owner directive missing"},
		"annual_review_missing":          {"Årlig prövning av bolaget saknas", "Annual review of the company missing"},
		"articles_not_approved":          {"Bolagsordning ej godkänd av fullmäktige", "Articles not approved by the council"},
		"owner_directive_not_adopted":    {"Ägardirektiv ej fastställt av bolagsstämman", "Owner directive not adopted by the general meeting"},
		"ombud_not_appointed":            {"Stämmoombud ej utsett av fullmäktige", "Representative at the general meeting not appointed by the council"},
	},
	"duty_kind": {
		"annual_review":           {"Årlig prövning av bolaget", "Annual review of the company"},
		"mandate_period_end":      {"Mandatperioden slutar", "Mandate period ends"},
		"lay_auditor_appointment": {"Lekmannarevisorer ska utses", "Lay auditors to appoint"},
		"owner_directive_renewal": {"Ägardirektiv ska förnyas", "Owner directive to renew"},
		"term_expiry":             {"Uppdrag löper ut", "Term expires"},
	},
	"duty_status": {
		"overdue": {"Försenad", "Overdue"}, "due": {"Kommande", "Due"}, "done": {"Klar", "Done"},
	},
}

// Label names value of vocabulary in lang; an unknown value shows as
// itself rather than as nothing.
func Label(vocabulary, value, lang string) string {
	if l, ok := labels[vocabulary][value]; ok {
		return l.In(lang)
	}
	return value
}

// Labelled reports whether value of vocabulary has a name in both
// languages, for the tests that hold the table to the vocabularies.
func Labelled(vocabulary, value string) bool {
	l, ok := labels[vocabulary][value]
	return ok && l.SV != "" && l.EN != ""
}

// Count is the number of values vocabulary names.
func Count(vocabulary string) int { return len(labels[vocabulary]) }
