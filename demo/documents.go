package demo

import "github.com/koncernregistret/koncern"

// Titles of the decisions the lines and assignments cite.
const (
	docBudget             = "Verksamhetsplan med budget 2003"
	docElection           = "Val av ledamöter i nämnder och bolagsstyrelser 2003–2006"
	docBoardRegulation    = "Reglemente för kommunstyrelsen"
	docDelegation         = "Delegationsordning för kommunstyrelsen"
	docCityManagerRole    = "Stadsdirektörens ledande och samordnande roll"
	docCommonDirective    = "Gemensamt ägardirektiv för de kommunala bolagen"
	docHoldingDirective   = "Ägardirektiv för Jönköpings Rådhus AB"
	docEnergyDirective    = "Ägardirektiv för Jönköping Energi AB"
	docVatterhemDirective = "Ägardirektiv för Bostads AB Vätterhem"
	docEnergyNetDirective = "Ägardirektiv för Jönköping Energi Nät AB"
	docHoldingArticles    = "Bolagsordning för Jönköpings Rådhus AB"
)

// documents are the decisions of the demo. Those taken before 2003 are
// recorded as taken on the registry's first day; references are invented.
// The annual reviews run to the last one taken by today.
func documents(today koncern.Date) []docSpec {
	docs := []docSpec{
		{Title: docBudget, Kind: "council_decision", Issuer: council, Reference: "KF § 1/2003 (illustrativt)"},
		{Title: docElection, Kind: "council_decision", Issuer: council, Reference: "KF § 2/2003 (illustrativt)"},
		{Title: docBoardRegulation, Kind: "regulation", Issuer: council},
		{Title: docDelegation, Kind: "delegation_order", Issuer: board},
		// KSO's clarification during the review, made a KS decision. It
		// grounds the city manager's role and, from its day, the
		// coordination of the heads (committeeLines).
		{Title: docCityManagerRole, Kind: "board_decision", Issuer: board, DecidedOn: coordinationGrounded.String(),
			Reference: "KS § 312/2003 (illustrativt)"},
		{Title: docCommonDirective, Kind: "owner_directive", Issuer: council},
		{Title: docHoldingDirective, Kind: "owner_directive", Issuer: council},
		{Title: docEnergyDirective, Kind: "owner_directive", Issuer: council},
		{Title: docVatterhemDirective, Kind: "owner_directive", Issuer: council},
		{Title: docEnergyNetDirective, Kind: "owner_directive", Issuer: energyCo, DecidedOn: "2003-12-15", From: "2004-01-01"},
	}
	for _, c := range committees {
		docs = append(docs, docSpec{Title: c.regulation(), Kind: "regulation", Issuer: council})
	}
	// The documents the rule book's company law reads (rulebook.go), each
	// after those it refers to.
	docs = append(docs, articlesDocs()...)
	docs = append(docs, adoptions()...)
	return append(docs, annualReviews(today)...)
}
