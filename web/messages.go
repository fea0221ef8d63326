package web

import "fmt"

// messages are the texts of the pages by key, in Swedish and English.
type messages map[string]label

// catalogue is every text of the pages. Each section keeps its texts in its
// own file; TestMessages checks that each has both languages and that no
// page uses a key that is not here.
var catalogue = merge(commonMessages, startMessages, findingsMessages, orgsMessages, financeMessages, postsMessages, ruleBookMessages, calendarMessages,
	followUpMessages)

func merge(parts ...messages) messages {
	all := messages{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := all[k]; dup {
				panic(fmt.Sprintf("web: message %q is defined twice", k))
			}
			all[k] = v
		}
	}
	return all
}

// text is the message key in lang; a key that is missing shows as itself in
// double brackets, which the tests look for on every page.
func text(key, lang string) string {
	if m, ok := catalogue[key]; ok {
		return m.in(lang)
	}
	return "[[" + key + "]]"
}

var commonMessages = messages{
	"app.name":          {"Koncernregistret", "Koncernregistret"},
	"app.tagline":       {"Vem styr vem i den kommunala koncernen", "Who steers whom in the municipal group"},
	"nav.start":         {"Start", "Start"},
	"nav.findings":      {"Iakttagelser", "Findings"},
	"nav.reports":       {"Rapporter", "Reports"},
	"nav.ledger":        {"Ägarbok", "Ledger"},
	"nav.import":        {"Import", "Import"},
	"nav.audit":         {"Granskningsspår", "Audit trail"},
	"nav.skip":          {"Hoppa till innehållet", "Skip to content"},
	"nav.main":          {"Huvudmeny", "Main menu"},
	"at.label":          {"Visa läget den", "Show the state on"},
	"at.show":           {"Visa", "Show"},
	"at.today":          {"i dag", "today"},
	"recorded_at.label": {"som registret visade det", "as the registry showed it at"},
	"recorded_at.help":  {"tidpunkt i UTC, tom för nu", "a time in UTC, empty for now"},
	"lang.switch":       {"In English", "På svenska"},
	"login.title":       {"Logga in", "Sign in"},
	"login.token":       {"API-token", "API token"},
	"login.token.help":  {"Tokenen börjar med kr_ och fås av registrets administratör.", "The token starts with kr_ and comes from the registry's administrator."},
	"login.submit":      {"Logga in", "Sign in"},
	"login.with":        {"Logga in med %s", "Sign in with %s"},
	"login.or":          {"eller", "or"},
	"login.done":        {"Inloggad", "Signed in"},
	"login.continue":    {"Fortsätt", "Continue"},
	"logout.submit":     {"Logga ut", "Sign out"},
	"signed_in.as":      {"Inloggad som %s (%s)", "Signed in as %s (%s)"},
	"signed_out":        {"Inte inloggad", "Not signed in"},
	"error.title":       {"Något gick fel", "Something went wrong"},
	"error.status":      {"Fel %d", "Error %d"},
	"error.request_id":  {"Ange %s om du kontaktar supporten.", "Quote %s if you contact support."},
	"error.forbidden":   {"Din roll får inte göra detta.", "Your role may not do this."},
	"error.csrf":        {"Formuläret kunde inte kontrolleras (det saknar eller har fel säkerhetskod, eller kommer från en annan webbplats). Ladda om sidan och försök igen.", "The form could not be checked (its security code is missing or wrong, or it came from another site). Reload the page and try again."},
	"error.signin":      {"Logga in för att se registret.", "Sign in to see the registry."},
	"error.back":        {"Till startsidan", "To the start page"},
	"form.errors":       {"Formuläret innehåller fel; se fälten nedan.", "The form has errors; see the fields below."},
	"form.conflict":     {"Någon annan har ändrat detta medan du redigerade. Här är den nya versionen; gör dina ändringar igen.", "Someone else changed this while you were editing. Here is the new version; make your changes again."},
	"download.csv":      {"Ladda ned CSV", "Download CSV"},
	"download.xlsx":     {"Ladda ned XLSX", "Download XLSX"},
	"download.svg":      {"Ladda ned SVG", "Download SVG"},
	"none":              {"Inga", "None"},
	"period.from":       {"från", "from"},
	"period.to":         {"till", "to"},
	"period.open":       {"tills vidare", "until further notice"},
	"search.label":      {"Sök organisationer, organisationsnummer och personer", "Search organisations, organisation numbers and people"},
	"search.submit":     {"Sök", "Search"},
}

var startMessages = messages{
	"start.findings_on":    {"Iakttagelser den %s", "Findings on %s"},
	"start.municipalities": {"Kommuner", "Municipalities"},
	"start.next":           {"Vart vill du gå?", "Where next?"},
	"start.next.findings":  {"Se iakttagelserna och deras underlag", "See the findings and their evidence"},
	"start.next.reports":   {"Organisationsscheman, koncernen, dubbla roller, mandat som löper ut och ändringar", "Organisation charts, the group, interlocks, expiring terms and changes"},
	"start.next.ledger":    {"Boka en ägartransaktion", "Book an ownership transaction"},
	"start.next.import":    {"Läs in ett kalkylark", "Import a spreadsheet"},
	"start.next.login":     {"Logga in för att ändra i registret", "Sign in to change the registry"},
}
