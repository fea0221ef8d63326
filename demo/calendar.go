package demo

// The records the compliance calendar follows past 2004, so that the
// demo's calendar shows each status: an owner directive with a term,
// renewed once in time and then left to lapse; the council elected in
// 2006 appointing the chair of the executive board for the new mandate
// period; and a lay auditor of Rådhus AB elected for the auditors' period
// 2007–2010, whose term then ends with no successor recorded. Everything
// else of the 2006 election is left unrecorded, as a registry kept only
// until 2004 would leave it: the calendar shows those duties as overdue.

const (
	docAirportDirective2004 = "Ägardirektiv för Jönköping Airport AB 2004"
	docAirportDirective2005 = "Ägardirektiv för Jönköping Airport AB 2005–2006"
	docElection2007         = "Val av kommunstyrelsens ordförande och av lekmannarevisorer 2007–2010"
	layAuditor2007          = "Karin Wallin"
)

// calendarDocuments are the decisions of the calendar's records.
var calendarDocuments = []docSpec{
	{Title: docAirportDirective2004, Kind: "owner_directive", Issuer: council, DecidedOn: "2003-12-15", From: "2004-01-01", To: "2004-12-31",
		Reference: "KF § 240/2003 (illustrativt)"},
	{Title: docAirportDirective2005, Kind: "owner_directive", Issuer: council, DecidedOn: "2004-12-13", From: "2005-01-01", To: "2006-12-31",
		Reference: "KF § 231/2004 (illustrativt)"},
	// Each directive binds the company from its general meeting's
	// resolution adopting it (ABL 8 kap.), taken before it comes into force.
	{Title: "Bolagsstämmans fastställande av " + docAirportDirective2004, Kind: "general_meeting_resolution", Issuer: airportCo,
		DecidedOn: "2003-12-30", From: "2004-01-01", To: "2004-12-31", RefersTo: docAirportDirective2004},
	{Title: "Bolagsstämmans fastställande av " + docAirportDirective2005, Kind: "general_meeting_resolution", Issuer: airportCo,
		DecidedOn: "2004-12-28", From: "2005-01-01", To: "2006-12-31", RefersTo: docAirportDirective2005},
	{Title: docElection2007, Kind: "council_decision", Issuer: council, DecidedOn: "2006-11-27", From: "2007-01-01",
		Reference: "KF § 180/2006 (illustrativt)"},
}

// calendarLines: the council steers Jönköping Airport AB by the two dated
// directives, beside Rådhus AB's common one, and the new council appoints
// the chair of the executive board for 2007–2010. (Lines of one kind
// between the same two ends must not overlap, so these run from the
// council and to the chair's post.)
var calendarLines = []lineSpec{
	{From: org(council), To: org(airportCo), Kind: "ownership_directive", Basis: "formal", Doc: docAirportDirective2004,
		Start: "2004-01-01", End: "2004-12-31"},
	{From: org(council), To: org(airportCo), Kind: "ownership_directive", Basis: "formal", Doc: docAirportDirective2005,
		Start: "2005-01-01", End: "2006-12-31"},
	{From: org(council), To: ksoPost, Kind: "appointment", Basis: "formal", Doc: docElection2007, Start: "2007-01-01"},
}

// loadCalendar creates the calendar's records after everything else.
func (l *loader) loadCalendar() error {
	for _, d := range calendarDocuments {
		if err := l.loadDocument(d); err != nil {
			return err
		}
	}
	for _, s := range calendarLines {
		if err := l.loadLine(s); err != nil {
			return err
		}
	}
	return l.loadAssignment(post(holdingCo, layAuditorTitle), layAuditor2007, span("2007-01-01", "2010-12-31"), docElection2007)
}
