package analysis

// The texts the rule book cites, and the periods in which they applied.
// docs/rulebook.md says where each reference and date comes from, and
// which of them are not yet verified against the text itself.
var (
	// theReview is the 2003 review the product comes from; its sections
	// are cited as "§5" and apply on every day.
	theReview = text{name: "Översyn, granskning och bedömning av stadskontoret i Jönköpings kommun (Öhrlings PricewaterhouseCoopers för kommunrevisionen, 2003)"}

	// kl1991 is the Local Government Act that applied 1992-01-01 to
	// 2017-12-31; kl2017 replaced it on 2018-01-01.
	kl1991 = text{short: "KL", name: "Kommunallag (1991:900)", sfs: "1991:900",
		url: "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kommunallag-1991900_sfs-1991-900/"}
	kl2017 = text{short: "KL", name: "Kommunallag (2017:725)", sfs: "2017:725",
		url: "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kommunallag-2017725_sfs-2017-725/"}

	// abl2005 is the Companies Act in force since 2006-01-01.
	abl2005 = text{short: "ABL", name: "Aktiebolagslag (2005:551)", sfs: "2005:551",
		url: "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/aktiebolagslag-2005551_sfs-2005-551/"}
)

// review cites sections of the 2003 review.
func review(sections ...string) []Source {
	out := make([]Source, len(sections))
	for i, s := range sections {
		out[i] = theReview.section(s, "", "")
	}
	return out
}

// ownedCompanyDuties are the council's duties towards a company its
// municipality wholly owns: to appoint the whole board and at least one
// lay auditor (lekmannarevisor), and to settle the company's municipal
// purpose, which the articles of association state.
var ownedCompanyDuties = []Source{
	kl1991.section("3 kap. 17 §", "1992-01-01", "2017-12-31"),
	kl2017.section("10 kap. 3 §", "2018-01-01", ""),
}

// annualReviewDuty is the executive board's yearly decision on whether
// each company's activity in the past year was consistent with its
// municipal purpose and powers (uppsiktsplikt), since the 2013 amendment.
var annualReviewDuty = []Source{
	kl1991.section("6 kap. 1 a §", "2013-01-01", "2017-12-31"),
	kl2017.section("6 kap. 9 §", "2018-01-01", ""),
}

// generalMeetingDirectives is the Companies Act's rule that the board
// follows the general meeting's instructions: an owner directive binds the
// company once the meeting has adopted it.
var generalMeetingDirectives = []Source{
	abl2005.section("8 kap. 41 §", "2006-01-01", ""),
}
