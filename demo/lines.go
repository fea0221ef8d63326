package demo

import "github.com/koncernregistret/koncern"

// Quotations from the review that explain the lines.
const (
	noteHeadAnswers   = "Förvaltningschefen har ju i första hand att rapportera och kommunicera med sin respektive nämnd och nämndsordförande."
	noteCoordination  = "Stadsdirektören leder och samordnar förvaltningscheferna utan formellt chefskap; samordningen sker i förvaltningschefsmötet."
	noteDirectHead    = "Politisk styrning från enskilt kommunalråd i sakfrågor direkt ute på förvaltningschefsnivå."
	noteDirectBelow   = "Politisk styrning från enskilt kommunalråd i sakfrågor ... eller till och med längre!"
	noteAppraisalBoth = "Oklart vem som har ansvaret för de årliga utvecklingssamtalen med förvaltningscheferna, ordförande eller stadsdirektör."
	// After the decision the coordination rests on it, still without
	// line authority over the heads.
	noteCoordinationFormal = "Stadsdirektören leder och samordnar de kommungemensamma frågorna visavi förvaltningarna enligt KS beslut; formellt chefskap saknas fortfarande."
)

// coordinationGrounded is the day of the executive board's decision on the
// city manager's leading and coordinating role.
var coordinationGrounded = koncern.MustDate("2003-11-12")

// fixedLines are the lines of the bodies, Stadskontoret and the
// commissioners that no table generates. Every line runs from its steering
// end to its steered end: a reporting line from the post or body reported
// to, to the post that reports.
var fixedLines = []lineSpec{
	{From: org(council), To: org(board), Kind: "mandate", Basis: "formal", Doc: docBoardRegulation},
	{From: org(council), To: org(board), Kind: "appointment", Basis: "formal", Doc: docElection},
	{From: org(board), To: org(cityOffice), Kind: "mandate", Basis: "formal", Doc: docBudget,
		Note: "Stadskontorets uppdrag enligt verksamhetsplanen med budget för 2003; kontoret lyder direkt under kommunstyrelsen."},
	{From: org(board), To: cityManager, Kind: "delegation", Basis: "formal", Doc: docDelegation,
		Note: "Restriktiv delegation: många frågor behandlas i politiska organ."},
	{From: org(board), To: cityManager, Kind: "mandate", Basis: "formal", Doc: docCityManagerRole, Start: "2003-11-12",
		Note: "KSO:s förtydligande: stadsdirektören leder och samordnar de kommungemensamma frågorna visavi förvaltningar och bolag."},
	{From: ksoPost, To: cityManager, Kind: "appraisal", Basis: "practice"},
	{From: cityManager, To: secretaryKSO, Kind: "line_management", Basis: "practice",
		Note: "Kommunalrådssekreterarna är kopplade direkt till stadsdirektören."},
	{From: cityManager, To: secretaryOthers, Kind: "line_management", Basis: "practice",
		Note: "Kommunalrådssekreterarna är kopplade direkt till stadsdirektören."},
	{From: commissionerBuild, To: post(technicalOffice, headTitle), Kind: "direct_political", Basis: "observed",
		Start: "2003-03-01", End: "2004-06-30", Note: noteDirectHead},
	{From: commissionerStreet, To: streetUnitHead, Kind: "direct_political", Basis: "observed",
		Start: "2003-05-01", End: "2003-12-31", Note: noteDirectBelow},
	{From: post(technicalOffice, headTitle), To: streetUnitHead, Kind: "line_management", Basis: "practice"},
	{From: post(technicalOffice, headTitle), To: streetUnitHead, Kind: "appraisal", Basis: "practice"},
	{From: post(technicalOffice, headTitle), To: streetUnitHead, Kind: "reporting", Basis: "practice"},
}

// departmentLines: the city manager is the department heads' line manager.
func departmentLines(d department) []lineSpec {
	return []lineSpec{
		{From: cityManager, To: d.head(), Kind: "line_management", Basis: "formal", Doc: docDelegation},
		{From: cityManager, To: d.head(), Kind: "reporting", Basis: "practice"},
		{From: cityManager, To: d.head(), Kind: "appraisal", Basis: "practice"},
	}
}

// committeeLines: KF appoints and mandates the nämnd, which mandates its
// förvaltningschef; the chair steers in practice, the head reports to the
// nämnd, and the city manager coordinates without any formal basis until
// the executive board's decision of 2003-11-12 (the KSO's clarification)
// grounds the coordination: the practice ends the day before, and the
// same coordination continues on the decision.
func committeeLines(c committee) []lineSpec {
	lines := []lineSpec{
		{From: org(council), To: org(c.Name), Kind: "appointment", Basis: "formal", Doc: docElection},
		{From: org(council), To: org(c.Name), Kind: "mandate", Basis: "formal", Doc: c.regulation()},
		{From: org(c.Name), To: c.head(), Kind: "mandate", Basis: "formal", Doc: c.regulation()},
		{From: c.chair(), To: c.head(), Kind: "mandate", Basis: "practice", Note: noteHeadAnswers},
		{From: org(c.Name), To: c.head(), Kind: "reporting", Basis: "practice", Note: noteHeadAnswers},
		{From: cityManager, To: c.head(), Kind: "coordination", Basis: "practice", End: coordinationGrounded.AddDays(-1).String(),
			Note: noteCoordination},
		{From: cityManager, To: c.head(), Kind: "coordination", Basis: "formal", Doc: docCityManagerRole,
			Start: coordinationGrounded.String(), Note: noteCoordinationFormal},
	}
	return append(lines, appraisalLines(c)...)
}

func appraisalLines(c committee) []lineSpec {
	byChair := lineSpec{From: c.chair(), To: c.head(), Kind: "appraisal", Basis: "practice"}
	switch c.Appraisal {
	case appraisedByChair:
		return []lineSpec{byChair}
	case appraisedByChairAndCityManager:
		byChair.Note = noteAppraisalBoth
		byCityManager := lineSpec{From: cityManager, To: c.head(), Kind: "appraisal", Basis: "practice", Note: noteAppraisalBoth}
		return []lineSpec{byChair, byCityManager}
	}
	return nil
}

// companyLines: the owner steers by directive where one exists (KF for the
// municipality's own holding), and KF appoints the boards of the companies
// the municipality or Rådhus AB owns.
func companyLines(c company) []lineSpec {
	owner := c.parent()
	if owner == "" {
		return nil
	}
	var lines []lineSpec
	if c.Directive != "" {
		from := owner
		if owner == municipality {
			from = council
		}
		lines = append(lines, lineSpec{From: org(from), To: org(c.Name), Kind: "ownership_directive",
			Basis: "formal", Doc: c.Directive, Start: c.From})
	}
	if owner == municipality || owner == holdingCo {
		lines = append(lines, lineSpec{From: org(council), To: org(c.Name), Kind: "appointment",
			Basis: "formal", Doc: docElection, Start: c.From})
	}
	return lines
}

// steeringLines lists every line of the demo.
func steeringLines() []lineSpec {
	lines := append([]lineSpec{}, fixedLines...)
	for _, d := range departments {
		lines = append(lines, departmentLines(d)...)
	}
	for _, c := range committees {
		lines = append(lines, committeeLines(c)...)
	}
	for _, c := range companies {
		lines = append(lines, companyLines(c)...)
	}
	return append(lines, ombudLine)
}
