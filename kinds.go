package koncern

// The enumerations below are the vocabulary of the graph. They are plain
// strings in the API and in storage; the lists here are the one source for
// validation, and openapi.yaml repeats them as enums (a test keeps the two
// equal).

// Organisation kinds.
var OrgKinds = []string{
	"municipality",    // kommun: the root of a group
	"council",         // kommunfullmäktige
	"executive_board", // kommunstyrelsen
	"committee",       // nämnd
	"administration",  // förvaltning or kontor
	"department",      // avdelning
	"unit",            // enhet
	"company",         // aktiebolag, municipal or not
	"forum",           // ledningsgrupp, förvaltningschefsgrupp and similar
	"auditors",        // kommunrevisionen: the council's auditors, who issue audit reports
}

// Post roles.
var Roles = []string{
	"head",         // förvaltningschef, avdelningschef, enhetschef
	"city_manager", // stadsdirektör
	"chair",        // ordförande
	"vice_chair",   // vice ordförande
	"member",       // ledamot
	"deputy",       // ersättare
	"commissioner", // kommunalråd
	"ceo",          // verkställande direktör
	"secretary",    // sekreterare, kommunalrådssekreterare
	"lay_auditor",  // lekmannarevisor
	"ombud",        // the owner's representative at a company's general meeting (stämmoombud)
	"officer",      // tjänsteman in another role
}

// Steering line kinds.
var LineKinds = []string{
	"line_management",
	"mandate",
	"coordination",
	"direct_political",
	"ownership_directive",
	"appointment",
	"appraisal",
	"delegation",
	"reporting",
}

// Bases of a steering line: a formal decision (with its document), an
// established practice, or an auditor's observation.
var Bases = []string{"formal", "practice", "observed"}

// Document kinds.
var DocumentKinds = []string{
	"council_decision",           // KF-beslut
	"board_decision",             // KS- eller nämndbeslut
	"owner_directive",            // ägardirektiv
	"articles_of_association",    // bolagsordning
	"delegation_order",           // delegationsordning
	"regulation",                 // reglemente
	"annual_review",              // KS's yearly decision on the companies' past year (uppsiktsplikt, KL 6 kap. 9 §)
	"general_meeting_resolution", // a company's general meeting's resolution (bolagsstämmobeslut)
	"audit_report",               // the auditors' report (revisionsrapport, granskningsrapport)
	"audit_response",             // the addressed body's answer to an audit report (yttrande)
	"other",
}

// OwnerKinds are the organisation kinds that may hold shares.
var OwnerKinds = []string{"municipality", "company"}

// Ownership transaction types. new_issue and redemption change a company's
// share capital, which the registry does not yet keep by date; they are
// named here so that the API can refuse them by name rather than as unknown.
var TransactionTypes = []string{
	"acquisition", // the buyer acquires shares, from the seller or from outside the registry
	"transfer",    // shares move from one registered owner to another
	"new_issue",   // nyemission: the company issues new shares
	"redemption",  // inlösen: the company redeems shares
	"divestment",  // the seller disposes of shares, to the buyer or outside the registry
}
