package analysis_test

import "testing"

// The articles of association in force must be approved by the council of
// the company's own municipality: issued by it, or approved by a council
// decision that refers to them.
func TestArticlesNotApproved(t *testing.T) {
	runRule(t, "articles_not_approved", wholly, []ruleCase{
		{name: "NoArticles", build: func(g *graph) {},
			want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}}}},

		{name: "CouncilsArticlesLate", build: func(g *graph) {
			g.doc("art", "articles_of_association", "kf", "2003-03-01", "").about("bolag")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-02-28"}}}},

		{name: "AdoptedByTheCompanyApprovedLater", build: func(g *graph) {
			g.doc("art", "articles_of_association", "bolag", "2000-01-01", "")
			g.doc("godk", "council_decision", "kf", "2003-05-01", "").refers("art")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-04-30"}, evidence: []string{"art"}}}},

		{name: "ApprovalRepealed", build: func(g *graph) {
			g.doc("art", "articles_of_association", "bolag", "2000-01-01", "")
			g.doc("godk", "council_decision", "kf", "2000-01-01", "2003-08-31").refers("art")
		}, want: []want{{subject: "bolag", periods: []string{"2003-09-01..2003-12-31"}, evidence: []string{"art"}}}},

		{name: "ReplacedByArticlesNotApproved", build: func(g *graph) {
			g.doc("art1", "articles_of_association", "kf", "2000-01-01", "2003-06-30").about("bolag")
			g.doc("art2", "articles_of_association", "bolag", "2003-07-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-07-01..2003-12-31"}, evidence: []string{"art2"}}}},

		{name: "ApprovedByTheExecutiveBoard", build: func(g *graph) {
			g.doc("art", "articles_of_association", "bolag", "2000-01-01", "")
			g.doc("ksbeslut", "board_decision", "ks", "2000-01-01", "").refers("art")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"art"}}}},

		{name: "ApprovedByAnotherMunicipalitysCouncil", build: func(g *graph) {
			g.org("kf2", "council", "muni2", "1971-01-01", "")
			g.doc("art", "articles_of_association", "kf2", "2000-01-01", "").about("bolag")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"art"}}}},

		{name: "ArticlesOfAnotherCompany", build: func(g *graph) {
			g.doc("art", "articles_of_association", "kf", "2000-01-01", "").about("ext")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}}}},

		{name: "WhollyOwnedThroughTheHolding", build: func(g *graph) {
			holding(g)
			g.company("dotter", "holding", 10, 10, "1990-01-01", "")
			g.stake("owndotter", "holding", "dotter", 10, 10, "2003-04-01", "")
			g.doc("art", "articles_of_association", "kf", "2000-01-01", "").about("bolag", "holding")
		}, want: []want{{subject: "dotter", periods: []string{"2003-04-01..2003-12-31"}}}},

		// Must not fire.
		{name: "OneDecisionForEveryCompany", build: func(g *graph) {
			g.doc("art", "articles_of_association", "kf", "2000-01-01", "").about("bolag", "ext")
		}},
		{name: "ApprovedThroughout", build: func(g *graph) {
			g.doc("art", "articles_of_association", "bolag", "1999-01-01", "")
			g.doc("godk", "council_decision", "kf", "1999-06-01", "").refers("art")
		}},
		{name: "NotWhollyOwned", build: func(g *graph) {
			g.doc("art", "articles_of_association", "kf", "2000-01-01", "").about("bolag")
			g.company("dotter", "muni", 10, 10, "1990-01-01", "")
			g.stake("most", "muni", "dotter", 9, 9, "2000-01-01", "")
			g.stake("one", "ext", "dotter", 1, 1, "2000-01-01", "")
		}},
	})
}

// An owner directive binds the company from the day its own general
// meeting adopted it: a general_meeting_resolution of the company that
// refers to it.
func TestOwnerDirectiveNotAdopted(t *testing.T) {
	adopt := func(g *graph, key, company, dir, from, to string) {
		g.doc(key, "general_meeting_resolution", company, from, to).refers(dir)
	}
	runRule(t, "owner_directive_not_adopted", wholly, []ruleCase{
		{name: "NeverAdopted", build: bolagDirected,
			want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"directs", "dir"}}}},

		{name: "AdoptedInMay", build: func(g *graph) {
			bolagDirected(g)
			adopt(g, "stamma", "bolag", "dir", "2003-05-20", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-05-19"}, evidence: []string{"directs", "dir"}}}},

		{name: "AdoptedByAnotherCompanysMeeting", build: func(g *graph) {
			bolagDirected(g)
			adopt(g, "stamma", "ext", "dir", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"directs", "dir"}}}},

		{name: "MeetingAdoptedAnotherDirective", build: func(g *graph) {
			bolagDirected(g)
			g.doc("annat", "owner_directive", "kf", "2000-01-01", "")
			adopt(g, "stamma", "bolag", "annat", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"directs", "dir"}}}},

		{name: "NewDirectiveNotAdopted", build: func(g *graph) {
			g.doc("dir1", "owner_directive", "kf", "2000-01-01", "2003-06-30")
			g.line("directs1", "kf", "bolag", "ownership_directive", "2000-01-01", "2003-06-30").cite("dir1")
			adopt(g, "stamma1", "bolag", "dir1", "2000-01-01", "")
			g.doc("dir2", "owner_directive", "kf", "2003-07-01", "")
			g.line("directs2", "kf", "bolag", "ownership_directive", "2003-07-01", "").cite("dir2")
		}, want: []want{{subject: "bolag", periods: []string{"2003-07-01..2003-12-31"}, evidence: []string{"directs2", "dir2"}}}},

		{name: "ResolutionRepealed", build: func(g *graph) {
			bolagDirected(g)
			adopt(g, "stamma", "bolag", "dir", "2000-01-01", "2003-09-30")
		}, want: []want{{subject: "bolag", periods: []string{"2003-10-01..2003-12-31"}, evidence: []string{"directs", "dir"}}}},

		// A company need not be wholly owned: any company of the group
		// with a directive.
		{name: "PartlyOwnedCompany", build: func(g *graph) {
			g.company("dotter", "muni", 10, 10, "1990-01-01", "")
			g.stake("most", "muni", "dotter", 6, 6, "2000-01-01", "")
			g.doc("ddir", "owner_directive", "kf", "2000-01-01", "")
			g.line("ddirects", "kf", "dotter", "ownership_directive", "2003-02-01", "2003-02-28").cite("ddir")
		}, want: []want{{subject: "dotter", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"ddirects", "ddir"}}}},

		// ABL 1975:1385 8 kap. 34 § as worded from 1999-01-01, then ABL
		// 2005:551 8 kap. 41 §.
		{name: "BeforeTheRule", from: "1998-12-01", to: "1999-01-31", build: func(g *graph) {
			g.doc("olddir", "owner_directive", "kf", "1995-01-01", "")
			g.line("olddirects", "kf", "bolag", "ownership_directive", "1995-01-01", "").cite("olddir")
		}, want: []want{{subject: "bolag", periods: []string{"1999-01-01..1999-01-31"}, evidence: []string{"olddirects", "olddir"},
			sources: []string{"ABL (1975:1385) 8 kap. 34 §: 1999-01-01..1999-01-31"}}}},
		{name: "AcrossTheNewAct", from: "2005-12-31", to: "2006-01-01", build: bolagDirected,
			want: []want{{subject: "bolag", periods: []string{"2005-12-31..2006-01-01"}, evidence: []string{"directs", "dir"},
				sources: []string{"ABL (1975:1385) 8 kap. 34 §: 2005-12-31..2005-12-31", "ABL (2005:551) 8 kap. 41 §: 2006-01-01..2006-01-01"}}}},

		// Must not fire.
		{name: "AdoptedTheDayItWasIssued", build: func(g *graph) {
			bolagDirected(g)
			adopt(g, "stamma", "bolag", "dir", "2000-01-01", "")
		}},
		{name: "LineWithoutDocument", build: func(g *graph) {
			g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "")
		}},
		{name: "DirectiveWithoutLine", build: func(g *graph) {
			g.doc("dir", "owner_directive", "kf", "2000-01-01", "")
		}},
	})
}

// A company's stämmoombud post must be held, by someone the council of
// the company's own municipality appoints to it.
func TestOmbudNotAppointed(t *testing.T) {
	// Every case but the last gives bolag a post of ombud.
	ombud := func(g *graph) {
		g.post("bolag-ombud", "bolag", "ombud", true, "2003-01-01", "")
	}
	runRule(t, "ombud_not_appointed", wholly, []ruleCase{
		{name: "VacantAndUnappointed", build: ombud,
			want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"bolag-ombud"}}}},

		{name: "AppointedFromMarch", build: func(g *graph) {
			ombud(g)
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "kf", "bolag-ombud", "appointment", "2003-03-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-02-28"}, evidence: []string{"bolag-ombud", "held"}}}},

		{name: "VacantForAMonth", build: func(g *graph) {
			ombud(g)
			g.assign("first", "Anna Ek", "bolag-ombud", "2003-01-01", "2003-05-31")
			g.assign("second", "Bo Ek", "bolag-ombud", "2003-07-01", "")
			g.line("app", "kf", "bolag-ombud", "appointment", "2003-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"bolag-ombud", "app"}}}},

		{name: "AppointedByTheExecutiveBoard", build: func(g *graph) {
			ombud(g)
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "ks", "bolag-ombud", "appointment", "2003-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"bolag-ombud", "held"}}}},

		{name: "AppointedByAnotherMunicipalitysCouncil", build: func(g *graph) {
			ombud(g)
			g.org("kf2", "council", "muni2", "1971-01-01", "")
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "kf2", "bolag-ombud", "appointment", "2003-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"bolag-ombud", "held"}}}},

		// The council appointing the board (a line to the company) does
		// not appoint the ombud.
		{name: "CouncilAppointsTheBoardOnly", build: func(g *graph) {
			ombud(g)
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "kf", "bolag", "appointment", "2003-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"bolag-ombud", "held"}}}},

		{name: "PostAbolished", build: func(g *graph) {
			ombud(g)
			g.post("ombud2", "bolag", "ombud", true, "2003-01-01", "2003-03-31")
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "kf", "bolag-ombud", "appointment", "2003-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-03-31"}, evidence: []string{"ombud2"}}}},

		// Must not fire.
		{name: "HeldAndAppointed", build: func(g *graph) {
			ombud(g)
			g.assign("held", "Anna Ek", "bolag-ombud", "2003-01-01", "")
			g.line("app", "kf", "bolag-ombud", "appointment", "2003-01-01", "")
		}},
		{name: "OnlyAnExternalCompanyHasOne", build: func(g *graph) {
			g.post("ext-ombud", "ext", "ombud", true, "2003-01-01", "")
		}},
	})
}
