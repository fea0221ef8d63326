package web

// calendarMessages are the texts of the compliance calendar's page.
var calendarMessages = messages{
	"nav.calendar":        {"Kalender", "Calendar"},
	"calendar.title":      {"Efterlevnadskalender", "Compliance calendar"},
	"calendar.intro":      {"Lagens och registrets tidsatta skyldigheter som förfaller under %s, med läget den %s: de försenade först, sedan de kommande och sist de klara.", "The law's and the registry's dated duties that fall due during %s, as they stand on %s: the overdue ones first, then those due, then those done."},
	"calendar.from":       {"Förfaller från", "Due from"},
	"calendar.to":         {"Förfaller till", "Due until"},
	"calendar.range_help": {"Utan datum visas året före och året efter den valda dagen; högst tio år.", "Without dates the year before and the year after the day chosen are shown; ten years at most."},
	"calendar.counts":     {"Försenade: %d. Kommande: %d. Klara: %d.", "Overdue: %d. Due: %d. Done: %d."},
	"calendar.status":     {"Läge", "Status"},
	"calendar.due":        {"Förfallodag", "Due"},
	"calendar.kind":       {"Skyldighet", "Duty"},
	"calendar.subject":    {"Avser", "Concerns"},
	"calendar.what":       {"Beskrivning", "Description"},
	"calendar.done":       {"Klar genom", "Done by"},
	"calendar.done_on":    {"den %s", "on %s"},
	"calendar.basis":      {"Grund", "Basis"},
	"calendar.none":       {"Inga skyldigheter förfaller under perioden.", "No duties fall due during the period."},
	"calendar.ics":        {"Ladda ned kalenderfil (iCal)", "Download calendar file (iCal)"},
	"calendar.subscribe":  {"Prenumerera i Outlook eller en annan kalender med adressen %s (registret måste då vara öppet för läsning).", "Subscribe in Outlook or another calendar with the address %s (the registry must then be open for reading)."},
	"reports.calendar":    {"Skyldigheter med förfallodagar: mandatperioder som slutar, lekmannarevisorer att utse, ägardirektiv att förnya och uppdrag som löper ut.", "Duties with due dates: mandate periods that end, lay auditors to appoint, owner directives to renew and terms that expire."},
}
