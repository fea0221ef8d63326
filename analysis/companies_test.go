package analysis_test

import (
	"testing"
)

// group is the ground of the company tests: a municipality with its
// council and executive board, an external company "ext" that stands
// outside every group, and a neighbouring municipality "muni2".
func group(g *graph) {
	g.org("muni", "municipality", "", "1971-01-01", "")
	g.org("kf", "council", "muni", "1971-01-01", "")
	g.org("ks", "executive_board", "muni", "1971-01-01", "")
	g.company("ext", "", 1000, 1000, "1950-01-01", "")
	g.org("muni2", "municipality", "", "1971-01-01", "")
}

// boardOf gives a company a chair and a member seat from 2000.
func boardOf(g *graph, company string) {
	g.post(company+"-chair", company, "chair", true, "2000-01-01", "")
	g.post(company+"-member", company, "member", true, "2000-01-01", "")
}

// wholly makes bolag, a municipal company wholly owned by muni directly,
// with a board of two seats.
func wholly(g *graph) {
	group(g)
	g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
	g.stake("own", "muni", "bolag", 1000, 1000, "2000-01-01", "")
	boardOf(g, "bolag")
}

// holding makes a holding company wholly owned by muni, whose whole board
// the council appoints and which has a lay auditor, so that it makes no
// findings of its own.
func holding(g *graph) {
	g.company("holding", "muni", 100, 100, "1990-01-01", "")
	g.stake("ownholding", "muni", "holding", 100, 100, "2000-01-01", "")
	boardOf(g, "holding")
	g.line("appholding", "kf", "holding", "appointment", "2000-01-01", "")
	g.post("holding-auditor", "holding", "lay_auditor", true, "2000-01-01", "")
	g.assign("holding-audited", "Revisor H", "holding-auditor", "2000-01-01", "")
}

func TestOwnerlessCompany(t *testing.T) {
	runRule(t, "ownerless_company", group, []ruleCase{
		{name: "OwnedPartOfTheYear", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("own", "muni", "bolag", 1000, 1000, "2003-03-01", "2003-09-30")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-02-28", "2003-10-01..2003-12-31"}}}},

		{name: "FoundedBeforeItsFirstOwner", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "2003-04-01", "")
			g.stake("own", "muni", "bolag", 1000, 1000, "2003-05-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-04-01..2003-04-30"}}}},

		{name: "LeapDayBetweenOwners", from: "2004-01-01", to: "2004-12-31", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("seller", "muni", "bolag", 1000, 1000, "2000-01-01", "2004-02-28")
			g.stake("buyer", "muni", "bolag", 1000, 1000, "2004-03-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2004-02-29..2004-02-29"}}}},

		{name: "NoOwnerUntilWoundUp", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "2003-01-01", "2003-06-30")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-06-30"}}}},

		{name: "CompanyUnderTheHolding", build: func(g *graph) {
			g.company("holding", "muni", 100, 100, "1990-01-01", "")
			g.stake("ownholding", "muni", "holding", 100, 100, "2000-01-01", "")
			g.company("dotter", "holding", 10, 10, "2003-01-01", "")
			g.stake("owndotter", "holding", "dotter", 10, 10, "2003-01-02", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-01-01"}}}},

		{name: "ClippedByWindow", from: "2003-05-01", to: "2003-05-31", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-05-01..2003-05-31"}}}},

		{name: "OpenWindow", from: "2003-01-01", to: "", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("own", "muni", "bolag", 1000, 1000, "2000-01-01", "2003-06-30")
		}, want: []want{{subject: "bolag", periods: []string{"2003-07-01.."}}}},

		// Must not fire.
		{name: "OwnedEveryDay", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("own", "muni", "bolag", 1000, 1000, "2000-01-01", "")
		}},
		{name: "AdjacentOwners", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("seller", "muni", "bolag", 1000, 1000, "2000-01-01", "2003-06-30")
			g.stake("buyer", "muni", "bolag", 1000, 1000, "2003-07-01", "")
		}},
		{name: "OwnedByAnExternalCompanyOnly", build: func(g *graph) {
			g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("extown", "ext", "bolag", 1000, 1000, "2000-01-01", "")
		}},
		{name: "ExternalCompanyWithoutOwner", build: func(g *graph) {
			g.company("ext2", "", 1000, 1000, "1990-01-01", "")
		}},
		{name: "NotACompany", build: func(g *graph) {
			g.org("admin", "administration", "ks", "1990-01-01", "")
		}},
		{name: "CompanyOutsideTheWindow", build: func(g *graph) {
			g.company("old", "muni", 1000, 1000, "1990-01-01", "2002-12-31")
			g.company("new", "muni", 1000, 1000, "2004-01-01", "")
		}},
	})
}

// The evidence names only the seats with days the council did not appoint.
func TestBoardNotAppointedByCouncil(t *testing.T) {
	runRule(t, "board_not_appointed_by_council", wholly, []ruleCase{
		{name: "MemberAppointedLate", build: func(g *graph) {
			g.line("appchair", "kf", "bolag-chair", "appointment", "2000-01-01", "")
			g.line("appmember", "kf", "bolag-member", "appointment", "2003-03-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-02-28"},
			evidence: []string{"bolag-member"}}}},

		{name: "WholeBoardAppointedThroughTheCompany", build: func(g *graph) {
			g.line("appboard", "kf", "bolag", "appointment", "2003-07-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-06-30"},
			evidence: []string{"bolag-chair", "bolag-member"}}}},

		{name: "AppointedByTheExecutiveBoard", build: func(g *graph) {
			g.line("bykschair", "ks", "bolag-chair", "appointment", "2000-01-01", "")
			g.line("byksmember", "ks", "bolag-member", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"},
			evidence: []string{"bolag-chair", "bolag-member"}}}},

		// KL 10 kap. 3 §: the owning municipality's own council appoints
		// the board, not a neighbour's.
		{name: "AppointedByAnotherMunicipalitysCouncil", build: func(g *graph) {
			g.org("kf2", "council", "muni2", "1971-01-01", "")
			g.line("byneighbour", "kf2", "bolag", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"},
			evidence: []string{"bolag-chair", "bolag-member"}}}},

		{name: "CouncilLineOfAnotherKind", build: func(g *graph) {
			g.line("mandate", "kf", "bolag", "mandate", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"},
			evidence: []string{"bolag-chair", "bolag-member"}}}},

		{name: "UnappointedDeputyForAFewMonths", build: func(g *graph) {
			g.line("appboard", "kf", "bolag-chair", "appointment", "2000-01-01", "")
			g.line("appmember", "kf", "bolag-member", "appointment", "2000-01-01", "")
			g.post("bolag-deputy", "bolag", "deputy", true, "2003-03-01", "2003-05-31")
		}, want: []want{{subject: "bolag", periods: []string{"2003-03-01..2003-05-31"},
			evidence: []string{"bolag-deputy"}}}},

		{name: "WhollyOwnedThroughAHolding", build: func(g *graph) {
			holding(g)
			g.company("dotter", "holding", 10, 10, "1990-01-01", "")
			g.stake("owndotter", "holding", "dotter", 10, 10, "2000-01-01", "")
			g.post("dotter-vice", "dotter", "vice_chair", true, "2003-09-01", "2003-09-30")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-09-01..2003-09-30"}, evidence: []string{"dotter-vice"}}}},

		{name: "WhollyOwnedDirectlyAndThroughAHolding", build: func(g *graph) {
			holding(g)
			g.company("dotter", "muni", 10, 10, "1990-01-01", "")
			g.stake("owndotter1", "muni", "dotter", 6, 6, "2000-01-01", "")
			g.stake("owndotter2", "holding", "dotter", 4, 4, "2000-01-01", "")
			g.post("dotter-member", "dotter", "member", true, "2003-09-01", "2003-09-30")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-09-01..2003-09-30"}, evidence: []string{"dotter-member"}}}},

		{name: "WhollyOwnedUntilAShareIsSold", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "2003-06-30")
			g.stake("most", "muni", "dotter", 999, 999, "2003-07-01", "")
			g.stake("one", "ext", "dotter", 1, 1, "2003-07-01", "")
			g.post("dotter-member", "dotter", "member", true, "2000-01-01", "")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-06-30"}, evidence: []string{"dotter-member"}}}},

		{name: "WhollyOwnedUntilANewIssue", build: func(g *graph) {
			// The organisation tells the latest capital; the days before
			// the issue count against the capital of then.
			g.company("dotter", "muni", 1100, 1100, "1990-01-01", "")
			g.capital("dotter", 1000, 1000, "1990-01-01", "2003-06-30")
			g.capital("dotter", 1100, 1100, "2003-07-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "")
			g.stake("new", "ext", "dotter", 100, 100, "2003-07-01", "")
			g.post("dotter-member", "dotter", "member", true, "2000-01-01", "")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-06-30"}, evidence: []string{"dotter-member"}}}},

		{name: "ClippedByWindow", from: "2003-02-01", to: "2003-02-28", build: func(g *graph) {}, want: []want{
			{subject: "bolag", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"bolag-chair", "bolag-member"}}}},

		// Must not fire.
		{name: "AllAppointed", build: func(g *graph) {
			g.line("appchair", "kf", "bolag-chair", "appointment", "2000-01-01", "2003-06-30")
			g.line("appchair2", "kf", "bolag-chair", "appointment", "2003-07-01", "")
			g.line("appmember", "kf", "bolag-member", "appointment", "2000-01-01", "")
			// Other posts of the company are not board seats.
			g.post("bolag-ceo", "bolag", "ceo", false, "2000-01-01", "")
			g.post("bolag-auditor", "bolag", "lay_auditor", true, "2000-01-01", "")
			g.post("bolag-secretary", "bolag", "secretary", false, "2000-01-01", "")
		}},
		{name: "NinetyNinePercentOwned", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("most", "muni", "dotter", 990, 990, "2000-01-01", "")
			g.stake("rest", "ext", "dotter", 10, 10, "2000-01-01", "")
			boardOf(g, "dotter")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
		{name: "ThroughAHoldingNotWhollyOwned", build: func(g *graph) {
			g.company("holding", "muni", 100, 100, "1990-01-01", "")
			g.stake("most", "muni", "holding", 99, 99, "2000-01-01", "")
			g.stake("rest", "ext", "holding", 1, 1, "2000-01-01", "")
			g.company("dotter", "holding", 10, 10, "1990-01-01", "")
			g.stake("owndotter", "holding", "dotter", 10, 10, "2000-01-01", "")
			boardOf(g, "holding")
			boardOf(g, "dotter")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
		{name: "OwnedByAnotherMunicipality", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("other", "muni2", "dotter", 1000, 1000, "2000-01-01", "")
			boardOf(g, "dotter")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
		{name: "ExternalCompany", build: func(g *graph) {
			boardOf(g, "ext")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
		{name: "TotalSharesUnknown", build: func(g *graph) {
			g.company("dotter", "muni", 0, 1000, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "")
			boardOf(g, "dotter")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
		{name: "NoBoardSeatsInTheWindow", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "")
			g.post("dotter-member", "dotter", "member", true, "2000-01-01", "2002-12-31")
			g.line("appbolag", "kf", "bolag", "appointment", "2000-01-01", "")
		}},
	})
}

func TestNoLayAuditor(t *testing.T) {
	audited := func(g *graph) {
		wholly(g)
		g.post("auditor", "bolag", "lay_auditor", true, "2000-01-01", "")
	}
	runRule(t, "no_lay_auditor", audited, []ruleCase{
		{name: "GapBetweenAuditors", build: func(g *graph) {
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "2003-03-31")
			g.assign("second", "Revisor B", "auditor", "2003-05-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-04-01..2003-04-30"}, evidence: []string{"auditor"}}}},

		{name: "VacantAuditorPost", build: func(g *graph) {}, want: []want{
			{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"auditor"}}}},

		{name: "NoAuditorPost", build: func(g *graph) {
			g.company("dotter", "muni", 10, 10, "2003-02-01", "")
			g.stake("owndotter", "muni", "dotter", 10, 10, "2003-02-01", "2003-02-28")
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-02-01..2003-02-28"}}}},

		{name: "BoardMemberIsNoAuditor", build: func(g *graph) {
			g.assign("member", "Ledamot", "bolag-member", "2000-01-01", "")
			g.post("kf-auditor", "kf", "lay_auditor", true, "2000-01-01", "")
			g.assign("kfaudit", "Revisor K", "kf-auditor", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"auditor"}}}},

		{name: "WhollyOwnedThroughAHolding", build: func(g *graph) {
			holding(g)
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "")
			g.company("dotter", "holding", 10, 10, "1990-01-01", "")
			g.stake("owndotter", "holding", "dotter", 10, 10, "2000-01-01", "2003-10-31")
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-10-31"}}}},

		{name: "UntilAShareIsSold", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "2003-06-30")
			g.stake("most", "muni", "dotter", 990, 990, "2003-07-01", "")
			g.stake("rest", "ext", "dotter", 10, 10, "2003-07-01", "")
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "")
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-06-30"}}}},

		{name: "ClippedByWindow", from: "2003-06-01", to: "", build: func(g *graph) {}, want: []want{
			{subject: "bolag", periods: []string{"2003-06-01.."}, evidence: []string{"auditor"}}}},

		// Must not fire.
		{name: "AuditedEveryDay", build: func(g *graph) {
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "2003-06-30")
			g.assign("second", "Revisor B", "auditor", "2003-07-01", "")
		}},
		{name: "NinetyNinePercentOwned", build: func(g *graph) {
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "")
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("most", "muni", "dotter", 990, 990, "2000-01-01", "")
			g.stake("rest", "ext", "dotter", 10, 10, "2000-01-01", "")
		}},
		{name: "ExternalCompany", build: func(g *graph) {
			g.assign("first", "Revisor A", "auditor", "2000-01-01", "")
		}},
	})
}

func TestMissingOwnerDirective(t *testing.T) {
	subsidiary := func(g *graph) {
		group(g)
		g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
		g.stake("own", "muni", "bolag", 1000, 1000, "2000-01-01", "")
	}
	runRule(t, "missing_owner_directive", subsidiary, []ruleCase{
		{name: "NoDirective", build: func(g *graph) {}, want: []want{
			{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"own"}}}},

		{name: "DirectiveRepealedMidPeriod", build: func(g *graph) {
			g.doc("dir", "owner_directive", "kf", "2000-01-01", "2003-06-30")
			g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("dir")
		}, want: []want{{subject: "bolag", periods: []string{"2003-07-01..2003-12-31"}, evidence: []string{"own", "directs"}}}},

		{name: "DirectiveLineEnds", build: func(g *graph) {
			g.doc("dir", "owner_directive", "kf", "2000-01-01", "")
			g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "2003-04-30").cite("dir")
		}, want: []want{{subject: "bolag", periods: []string{"2003-05-01..2003-12-31"}, evidence: []string{"own"}}}},

		{name: "FirstDirectiveLate", build: func(g *graph) {
			g.doc("dir", "owner_directive", "kf", "2003-03-01", "")
			g.line("directs", "kf", "bolag", "ownership_directive", "2003-03-01", "").cite("dir")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-02-28"}, evidence: []string{"own"}}}},

		{name: "GapBetweenDirectives", build: func(g *graph) {
			g.doc("dir1", "owner_directive", "kf", "2000-01-01", "2003-06-29")
			g.line("directs1", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("dir1")
			g.doc("dir2", "owner_directive", "kf", "2003-07-01", "")
			g.line("directs2", "kf", "bolag", "ownership_directive", "2003-07-01", "").cite("dir2")
		}, want: []want{{subject: "bolag", periods: []string{"2003-06-30..2003-06-30"}, evidence: []string{"own", "directs1"}}}},

		{name: "DocumentOfAnotherKind", build: func(g *graph) {
			g.doc("articles", "articles_of_association", "kf", "2000-01-01", "")
			g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("articles")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"own"}}}},

		{name: "LineOfAnotherKind", build: func(g *graph) {
			g.doc("dir", "owner_directive", "kf", "2000-01-01", "")
			g.line("mandate", "kf", "bolag", "mandate", "2000-01-01", "").cite("dir")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"own"}}}},

		{name: "LineWithoutDocument", build: func(g *graph) {
			g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "")
		}, want: []want{{subject: "bolag", periods: []string{"2003-01-01..2003-12-31"}, evidence: []string{"own"}}}},

		{name: "MajorityOfVotesNotShares", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("a-shares", "muni", "dotter", 100, 600, "2003-04-01", "2003-04-30")
			g.stake("b-shares", "ext", "dotter", 900, 400, "2000-01-01", "")
			bolagDirected(g)
		}, want: []want{{subject: "dotter", periods: []string{"2003-04-01..2003-04-30"}, evidence: []string{"a-shares"}}}},

		// An associated company of the group (30 %, not controlled) adds
		// its votes to nobody's control: 40 % + 15 % is not a majority.
		{name: "AssociatedCompanysVotesDoNotCount", build: func(g *graph) {
			g.company("assoc", "muni", 100, 100, "1990-01-01", "")
			g.stake("partassoc", "muni", "assoc", 30, 30, "2000-01-01", "")
			g.stake("restassoc", "ext", "assoc", 70, 70, "2000-01-01", "")
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("bymuni", "muni", "dotter", 400, 400, "2000-01-01", "")
			g.stake("byassoc", "assoc", "dotter", 150, 150, "2000-01-01", "")
			g.stake("byext", "ext", "dotter", 450, 450, "2000-01-01", "")
			g.doc("bdir", "owner_directive", "kf", "2000-01-01", "")
			g.line("bdirects", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("bdir")
		}},

		{name: "VotesOfSeveralGroupOwnersAdd", build: func(g *graph) {
			g.company("holding", "muni", 100, 100, "1990-01-01", "")
			g.stake("ownholding", "muni", "holding", 100, 100, "2000-01-01", "")
			g.doc("hdir", "owner_directive", "kf", "2000-01-01", "")
			g.line("hdirects", "kf", "holding", "ownership_directive", "2000-01-01", "").cite("hdir")
			g.company("dotter", "holding", 1000, 1000, "1990-01-01", "")
			g.stake("bymuni", "muni", "dotter", 300, 300, "2000-01-01", "")
			g.stake("byholding", "holding", "dotter", 201, 201, "2003-08-01", "")
			g.stake("byext", "ext", "dotter", 499, 499, "2000-01-01", "")
			bolagDirected(g)
		}, want: []want{{subject: "dotter", periods: []string{"2003-08-01..2003-12-31"}, evidence: []string{"bymuni", "byholding"}}}},

		{name: "SubsidiaryUntilVotesSold", build: func(g *graph) {
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "2003-06-30")
			g.stake("some", "muni", "dotter", 400, 400, "2003-07-01", "")
			g.stake("bought", "ext", "dotter", 600, 600, "2003-07-01", "")
			bolagDirected(g)
		}, want: []want{{subject: "dotter", periods: []string{"2003-01-01..2003-06-30"}, evidence: []string{"all"}}}},

		{name: "ClippedByWindow", from: "2003-12-01", to: "", build: func(g *graph) {}, want: []want{
			{subject: "bolag", periods: []string{"2003-12-01.."}, evidence: []string{"own"}}}},

		// Must not fire. bolagDirected's directive is not adopted by the
		// general meeting: that is owner_directive_not_adopted's finding,
		// and the company has a directive all the same.
		{name: "DirectiveInForce", build: bolagDirected},
		{name: "DirectiveAdoptedByTheGeneralMeeting", build: func(g *graph) {
			bolagDirected(g)
			g.doc("stamma", "general_meeting_resolution", "bolag", "2000-01-01", "").refers("dir")
		}},
		{name: "AdjacentDirectives", build: func(g *graph) {
			g.doc("dir1", "owner_directive", "kf", "2000-01-01", "2003-06-30")
			g.line("directs1", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("dir1")
			g.doc("dir2", "owner_directive", "kf", "2003-07-01", "")
			g.line("directs2", "kf", "bolag", "ownership_directive", "2003-07-01", "").cite("dir2")
		}},
		{name: "ExactlyHalfTheVotes", build: func(g *graph) {
			bolagDirected(g)
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("half", "muni", "dotter", 1000, 500, "2000-01-01", "")
			g.stake("otherhalf", "ext", "dotter", 0, 500, "2000-01-01", "")
		}},
		{name: "ExternalMajority", build: func(g *graph) {
			bolagDirected(g)
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("minority", "muni", "dotter", 400, 400, "2000-01-01", "")
			g.stake("majority", "ext", "dotter", 600, 600, "2000-01-01", "")
		}},
		{name: "AnotherMunicipalitysMajority", build: func(g *graph) {
			bolagDirected(g)
			g.company("dotter", "muni", 1000, 1000, "1990-01-01", "")
			g.stake("neighbour", "muni2", "dotter", 1000, 1000, "2000-01-01", "")
		}},
		{name: "ExternalCompany", build: func(g *graph) {
			bolagDirected(g)
			g.stake("extown", "muni", "ext", 1000, 1000, "2000-01-01", "")
		}},
		{name: "TotalVotesUnknown", build: func(g *graph) {
			bolagDirected(g)
			g.company("dotter", "muni", 1000, 0, "1990-01-01", "")
			g.stake("all", "muni", "dotter", 1000, 1000, "2000-01-01", "")
		}},
	})
}

// bolagDirected gives bolag an owner directive in force throughout.
func bolagDirected(g *graph) {
	g.doc("dir", "owner_directive", "kf", "2000-01-01", "")
	g.line("directs", "kf", "bolag", "ownership_directive", "2000-01-01", "").cite("dir")
}
