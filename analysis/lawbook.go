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

	// abl1975 and abl2005 are the Companies Acts; the 2005 act applied
	// from 2006-01-01.
	abl1975 = text{short: "ABL", name: "Aktiebolagslag (1975:1385)", sfs: "1975:1385"}
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

// councilAppointsTheBoard is the council's duty to appoint every board
// member of a company its municipality wholly owns (KL 1991:900 3 kap.
// 17 § 2 p. from 1992, KL 2017:725 10 kap. 3 § 3 p.).
var councilAppointsTheBoard = []Source{
	kl1991.section("3 kap. 17 §", "1992-01-01", "2017-12-31"),
	kl2017.section("10 kap. 3 §", "2018-01-01", ""),
}

// councilSettlesThePurpose is the council's duty to settle the municipal
// purpose of a company its municipality wholly owns (KL 1991:900 3 kap.
// 17 § 1 p. from 1992, KL 2017:725 10 kap. 3 § 1 p.), which the articles
// of association must state since 2013 (2 p., SFS 2012:390). No section
// says in so many words that the council approves the articles; the
// registry reads the two points so, as municipalities do.
var councilSettlesThePurpose = []Source{
	kl1991.section("3 kap. 17 §", "1992-01-01", "2017-12-31"),
	kl2017.section("10 kap. 3 §", "2018-01-01", ""),
}

// councilAppointsALayAuditor is the council's duty to appoint at least one
// lay auditor (lekmannarevisor) of a wholly owned company, added to KL
// 1991:900 3 kap. 17 § by SFS 1998:765 from 1999-01-01; KL 2017:725
// 10 kap. 3 § 5 p.
var councilAppointsALayAuditor = []Source{
	kl1991.section("3 kap. 17 §", "1999-01-01", "2017-12-31"),
	kl2017.section("10 kap. 3 §", "2018-01-01", ""),
}

// annualReviewDuty is the executive board's yearly decision on whether
// each company's activity in the past year was consistent with its
// municipal purpose and powers (förstärkt uppsiktsplikt), inserted by SFS
// 2012:390 from 2013-01-01.
var annualReviewDuty = []Source{
	kl1991.section("6 kap. 1 a §", "2013-01-01", "2017-12-31"),
	kl2017.section("6 kap. 9 §", "2018-01-01", ""),
}

// generalMeetingDirectives is the Companies Acts' rule that the board
// follows the general meeting's instructions unless they are void: an
// owner directive binds the company once the meeting has adopted it. The
// 1975 act said so in 8 kap. 34 § 2 st. as worded by SFS 1998:760 from
// 1999-01-01; the rule book does not go further back.
var generalMeetingDirectives = []Source{
	abl1975.section("8 kap. 34 §", "1999-01-01", "2005-12-31"),
	abl2005.section("8 kap. 41 §", "2006-01-01", ""),
}

// councilInstructsTheOmbud is what the ombud rule rests on. No act says who
// appoints the municipality's representative at a general meeting; the
// rule follows the municipality's practice (its owner policy), which gives
// effect to the council's right to take a position before the company's
// decisions of principle (KL 1991:900 3 kap. 17 §, KL 2017:725 10 kap.
// 3 § 4 p.) and its power over matters of principle (KL 2017:725 5 kap.
// 1 §).
var councilInstructsTheOmbud = []Source{
	kl1991.section("3 kap. 17 §", "1992-01-01", "2017-12-31"),
	kl2017.section("10 kap. 3 §", "2018-01-01", ""),
	kl2017.section("5 kap. 1 §", "2018-01-01", ""),
}
