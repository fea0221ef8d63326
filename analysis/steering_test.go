package analysis_test

import (
	"testing"
)

// town is the common ground of the steering tests: a municipality with a
// council, an executive board (KS) with its stadskontor led by the city
// manager, a commissioner, and a committee (nämnd) governing an
// administration whose head is the förvaltningschef under test.
//
//	muni ─┬─ kf (council)
//	      ├─ ks (executive board) ── sk (administration): cm (city manager), skhead (head)
//	      │    posts: com (commissioner), kso (chair, political)
//	      ├─ committee: chair, vice, member (political), secretary (not)
//	      │    └─ admin (administration): head, officer
//	      │         └─ dept (department): depthead
//	      └─ other (committee): otherchair (political)
//	           └─ otheradmin: otherhead
func town(g *graph) {
	const since = "2000-01-01"
	g.org("muni", "municipality", "", "1971-01-01", "")
	g.org("kf", "council", "muni", "1971-01-01", "")
	g.org("ks", "executive_board", "muni", "1971-01-01", "")
	g.org("sk", "administration", "ks", "1971-01-01", "")
	g.org("committee", "committee", "muni", "1971-01-01", "")
	g.org("admin", "administration", "committee", "1971-01-01", "")
	g.org("dept", "department", "admin", "1971-01-01", "")
	g.org("other", "committee", "muni", "1971-01-01", "")
	g.org("otheradmin", "administration", "other", "1971-01-01", "")

	g.post("cm", "sk", "city_manager", false, since, "")
	g.post("skhead", "sk", "head", false, since, "")
	g.post("com", "ks", "commissioner", true, since, "")
	g.post("kso", "ks", "chair", true, since, "")
	g.post("chair", "committee", "chair", true, since, "")
	g.post("vice", "committee", "vice_chair", true, since, "")
	g.post("member", "committee", "member", true, since, "")
	g.post("secretary", "committee", "secretary", false, since, "")
	g.post("head", "admin", "head", false, since, "")
	g.post("officer", "admin", "officer", false, since, "")
	g.post("depthead", "dept", "head", false, since, "")
	g.post("otherchair", "other", "chair", true, since, "")
	g.post("otherhead", "otheradmin", "head", false, since, "")
}

// townCompany adds a municipal company with a board chair and a CEO.
func townCompany(g *graph) {
	g.company("bolag", "muni", 1000, 1000, "1990-01-01", "")
	g.post("bchair", "bolag", "chair", true, "2000-01-01", "")
	g.post("ceo", "bolag", "ceo", false, "2000-01-01", "")
}

func TestTripleSteering(t *testing.T) {
	runRule(t, "triple_steering", town, []ruleCase{
		{name: "FiresWhileAllThreeHold", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-03-01", "2003-09-30")
			g.line("political", "com", "head", "direct_political", "2003-05-01", "2003-06-30")
			// A later spell of political steering that the city manager no
			// longer overlaps is not evidence.
			g.line("political2", "com", "head", "direct_political", "2003-10-01", "2003-10-31")
		}, want: []want{{subject: "head", periods: []string{"2003-05-01..2003-06-30"},
			evidence: []string{"mandate", "coord", "political"}}}},

		{name: "OneDay", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "2003-04-15")
			g.line("coord", "cm", "head", "coordination", "2003-04-15", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}, want: []want{{subject: "head", periods: []string{"2003-04-15..2003-04-15"},
			evidence: []string{"mandate", "coord", "political"}}}},

		{name: "BoardThroughChairLineManagementAndKSO", build: func(g *graph) {
			g.line("bychair", "chair", "head", "mandate", "2003-02-01", "2003-11-30")
			g.line("manage", "cm", "head", "line_management", "2003-01-01", "")
			g.line("bykso", "kso", "head", "direct_political", "2003-03-01", "2003-03-31")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-03-31"},
			evidence: []string{"bychair", "manage", "bykso"}}}},

		{name: "BoardThroughViceChair", build: func(g *graph) {
			g.line("byvice", "vice", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-06-01", "2003-06-30")
		}, want: []want{{subject: "head", periods: []string{"2003-06-01..2003-06-30"},
			evidence: []string{"byvice", "coord", "political"}}}},

		{name: "SeveralSpellsOfOneChannel", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("feb", "com", "head", "direct_political", "2003-02-01", "2003-02-28")
			g.line("apr", "com", "head", "direct_political", "2003-04-01", "2003-04-30")
		}, want: []want{{subject: "head", periods: []string{"2003-02-01..2003-02-28", "2003-04-01..2003-04-30"},
			evidence: []string{"mandate", "coord", "feb", "apr"}}}},

		{name: "TwoAdjacentLinesOfOneChannelJoin", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("h1", "com", "head", "direct_political", "2003-02-01", "2003-06-30")
			g.line("h2", "com", "head", "direct_political", "2003-07-01", "2003-08-31")
		}, want: []want{{subject: "head", periods: []string{"2003-02-01..2003-08-31"},
			evidence: []string{"mandate", "coord", "h1", "h2"}}}},

		{name: "ClippedByWindow", from: "2003-03-01", to: "2003-04-30", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2002-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2002-01-01", "2003-12-31")
			g.line("political", "com", "head", "direct_political", "2002-06-01", "")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-04-30"},
			evidence: []string{"mandate", "coord", "political"}}}},

		{name: "OpenWindowOpenFinding", from: "2003-01-01", to: "", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2002-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-02-01", "")
			g.line("political", "com", "head", "direct_political", "2002-06-01", "")
		}, want: []want{{subject: "head", periods: []string{"2003-02-01.."},
			evidence: []string{"mandate", "coord", "political"}}}},

		{name: "EndsWithTheHeadPost", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-02-01", "2003-08-31")
			g.line("mandate", "committee", "newhead", "mandate", "2002-01-01", "")
			g.line("coord", "cm", "newhead", "coordination", "2002-01-01", "")
			g.line("political", "com", "newhead", "direct_political", "2002-01-01", "")
		}, want: []want{{subject: "newhead", periods: []string{"2003-02-01..2003-08-31"},
			evidence: []string{"mandate", "coord", "political"}}}},

		{name: "CompanyCEO", build: func(g *graph) {
			townCompany(g)
			g.line("byboard", "bolag", "ceo", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "ceo", "coordination", "2003-01-01", "")
			g.line("political", "com", "ceo", "direct_political", "2003-09-01", "2003-09-30")
		}, want: []want{{subject: "ceo", periods: []string{"2003-09-01..2003-09-30"},
			evidence: []string{"byboard", "coord", "political"}}}},

		{name: "CompanyCEOThroughBoardChair", build: func(g *graph) {
			townCompany(g)
			g.line("bychair", "bchair", "ceo", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "ceo", "coordination", "2003-01-01", "")
			g.line("political", "com", "ceo", "direct_political", "2003-09-01", "2003-09-30")
		}, want: []want{{subject: "ceo", periods: []string{"2003-09-01..2003-09-30"},
			evidence: []string{"bychair", "coord", "political"}}}},

		// Must not fire.
		{name: "NoBoard", build: func(g *graph) {
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "NoCityManager", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "NoCommissioner", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
		}},
		{name: "AdjacentNotOverlapping", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "2003-06-30")
			g.line("coord", "cm", "head", "coordination", "2003-07-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "PairwiseOverlapOnly", build: func(g *graph) {
			// Each two channels share days, but never all three.
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "2003-06-30")
			g.line("coord", "cm", "head", "coordination", "2003-05-01", "2003-09-30")
			g.line("political", "com", "head", "direct_political", "2003-07-01", "2003-12-31")
			g.line("political2", "com", "head", "direct_political", "2003-01-01", "2003-04-30")
		}},
		{name: "OutsideTheWindow", from: "2004-01-01", to: "2004-12-31", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "2003-12-31")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "AfterTheHeadPostEnds", build: func(g *graph) {
			g.post("oldhead", "admin", "head", false, "2000-01-01", "2002-12-31")
			g.line("mandate", "committee", "oldhead", "mandate", "2002-01-01", "")
			g.line("coord", "cm", "oldhead", "coordination", "2002-01-01", "")
			g.line("political", "com", "oldhead", "direct_political", "2002-01-01", "")
		}},
		{name: "MandateFromAnotherBoard", build: func(g *graph) {
			g.line("mandate", "other", "head", "mandate", "2003-01-01", "")
			g.line("bychair", "otherchair", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "MandateFromAnOrdinaryMember", build: func(g *graph) {
			g.line("mandate", "member", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "BoardLineNotAMandate", build: func(g *graph) {
			g.line("coordination", "committee", "head", "coordination", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "CoordinationNotFromTheCityManager", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "otherhead", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "CityManagerLineOfAnotherKind", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("appraisal", "cm", "head", "appraisal", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "PoliticalSteeringNotByACommissioner", build: func(g *graph) {
			// The chair of another committee is a politician but not a
			// kommunalråd.
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "otherchair", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "CommissionerLineOfAnotherKind", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "")
			g.line("political", "com", "head", "mandate", "2003-01-01", "")
		}},
		{name: "BelowHeadLevel", build: func(g *graph) {
			g.line("mandate", "committee", "depthead", "mandate", "2003-01-01", "")
			g.line("coord", "cm", "depthead", "coordination", "2003-01-01", "")
			g.line("political", "com", "depthead", "direct_political", "2003-01-01", "")
		}},
	})
}

func TestPoliticalBypass(t *testing.T) {
	runRule(t, "political_bypass", town, []ruleCase{
		{name: "CommissionerSteersHead", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-03-01", "2003-06-30")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"political"}}}},

		{name: "OneDay", build: func(g *graph) {
			g.line("political", "com", "head", "direct_political", "2003-12-31", "2003-12-31")
		}, want: []want{{subject: "head", periods: []string{"2003-12-31..2003-12-31"}, evidence: []string{"political"}}}},

		{name: "TwoCommissionersJoined", build: func(g *graph) {
			g.post("com2", "ks", "commissioner", true, "2000-01-01", "")
			g.line("p1", "com", "head", "direct_political", "2003-03-01", "2003-04-30")
			g.line("p2", "com2", "head", "direct_political", "2003-04-15", "2003-05-31")
			g.line("p3", "com2", "head", "direct_political", "2003-09-01", "2003-09-30")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-05-31", "2003-09-01..2003-09-30"},
			evidence: []string{"p1", "p2", "p3"}}}},

		{name: "KSOSteersCommitteeHead", build: func(g *graph) {
			g.line("political", "kso", "head", "direct_political", "2003-05-01", "2003-05-31")
		}, want: []want{{subject: "head", periods: []string{"2003-05-01..2003-05-31"}, evidence: []string{"political"}}}},

		{name: "CommissionerSteersCompanyCEO", build: func(g *graph) {
			townCompany(g)
			g.line("political", "com", "ceo", "direct_political", "2003-02-01", "2003-02-28")
		}, want: []want{{subject: "ceo", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"political"}}}},

		{name: "ClippedByWindow", from: "2003-06-01", to: "2003-06-30", build: func(g *graph) {
			g.line("political", "com", "head", "direct_political", "2003-01-01", "2003-12-31")
		}, want: []want{{subject: "head", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"political"}}}},

		{name: "EndsWithTheHeadPost", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-04-01", "2003-04-30")
			g.line("political", "com", "newhead", "direct_political", "2003-01-01", "")
		}, want: []want{{subject: "newhead", periods: []string{"2003-04-01..2003-04-30"}, evidence: []string{"political"}}}},

		// A post with the role of commissioner is a kommunalråd whatever
		// its political flag says: triple_steering counts it as one.
		{name: "CommissionerPostNotFlaggedPolitical", build: func(g *graph) {
			g.post("com3", "ks", "commissioner", false, "2000-01-01", "")
			g.line("political", "com3", "head", "direct_political", "2003-03-01", "2003-06-30")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"political"}}}},

		// Must not fire.
		{name: "ChairOfTheHeadsOwnBoard", build: func(g *graph) {
			g.line("political", "chair", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "MemberOfTheHeadsOwnBoard", build: func(g *graph) {
			g.line("political", "member", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "ChairOfTheCompanyBoard", build: func(g *graph) {
			townCompany(g)
			g.line("political", "bchair", "ceo", "direct_political", "2003-01-01", "")
		}},
		{name: "CommissionerOnTheBoardOfStadskontoret", build: func(g *graph) {
			// Stadskontoret's board is KS, where the commissioner sits.
			g.line("political", "com", "skhead", "direct_political", "2003-01-01", "")
		}},
		{name: "NotDirectPolitical", build: func(g *graph) {
			g.line("coordination", "com", "head", "coordination", "2003-01-01", "")
			g.line("mandate", "com", "head", "mandate", "2003-01-01", "")
		}},
		{name: "FromAnOfficial", build: func(g *graph) {
			g.line("political", "cm", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "BelowHeadLevel", build: func(g *graph) {
			g.line("political", "com", "depthead", "direct_political", "2003-01-01", "")
			g.line("political2", "com", "officer", "direct_political", "2003-01-01", "")
		}},
		{name: "OutsideTheWindow", build: func(g *graph) {
			g.line("before", "com", "head", "direct_political", "2002-01-01", "2002-12-31")
			g.line("after", "com", "head", "direct_political", "2004-01-01", "")
		}},
	})
}

func TestPoliticalSteeringBelowHead(t *testing.T) {
	runRule(t, "political_steering_below_head", town, []ruleCase{
		{name: "CommissionerSteersDepartmentHead", build: func(g *graph) {
			g.line("political", "com", "depthead", "direct_political", "2003-03-01", "2003-06-30")
		}, want: []want{{subject: "depthead", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"political"}}}},

		{name: "ChairSteersAnOfficer", build: func(g *graph) {
			g.line("political", "chair", "officer", "direct_political", "2003-02-01", "2003-02-01")
		}, want: []want{{subject: "officer", periods: []string{"2003-02-01..2003-02-01"}, evidence: []string{"political"}}}},

		{name: "TwoLinesTwoPosts", build: func(g *graph) {
			g.line("a", "com", "officer", "direct_political", "2003-01-15", "2003-03-31")
			g.line("b", "kso", "officer", "direct_political", "2003-04-01", "2003-04-30")
			g.line("c", "com", "officer", "direct_political", "2003-06-01", "2003-06-30")
			g.line("d", "com", "depthead", "direct_political", "2003-11-01", "")
		}, want: []want{
			{subject: "officer", periods: []string{"2003-01-15..2003-04-30", "2003-06-01..2003-06-30"}, evidence: []string{"a", "b", "c"}},
			{subject: "depthead", periods: []string{"2003-11-01..2003-12-31"}, evidence: []string{"d"}},
		}},

		{name: "ClippedByWindow", from: "2003-05-01", to: "", build: func(g *graph) {
			g.line("political", "com", "officer", "direct_political", "2003-01-01", "")
		}, want: []want{{subject: "officer", periods: []string{"2003-05-01.."}, evidence: []string{"political"}}}},

		{name: "EndsWithThePost", build: func(g *graph) {
			g.post("clerk", "dept", "officer", false, "2002-01-01", "2003-03-15")
			g.line("political", "com", "clerk", "direct_political", "2003-03-01", "")
		}, want: []want{{subject: "clerk", periods: []string{"2003-03-01..2003-03-15"}, evidence: []string{"political"}}}},

		// Must not fire.
		{name: "HeadLevel", build: func(g *graph) {
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
		}},
		{name: "CompanyCEO", build: func(g *graph) {
			townCompany(g)
			g.line("political", "com", "ceo", "direct_political", "2003-01-01", "")
		}},
		{name: "CityManager", build: func(g *graph) {
			g.line("political", "com", "cm", "direct_political", "2003-01-01", "")
		}},
		{name: "PoliticalPost", build: func(g *graph) {
			g.line("political", "com", "member", "direct_political", "2003-01-01", "")
		}},
		{name: "OtherKinds", build: func(g *graph) {
			g.line("coord", "com", "officer", "coordination", "2003-01-01", "")
			g.line("manage", "chair", "depthead", "line_management", "2003-01-01", "")
			g.line("mandate", "committee", "officer", "mandate", "2003-01-01", "")
		}},
		{name: "OutsideTheWindow", build: func(g *graph) {
			g.line("political", "com", "officer", "direct_political", "2002-01-01", "2002-12-31")
		}},
	})
}

func TestCoordinationWithoutBasis(t *testing.T) {
	runRule(t, "coordination_without_basis", town, []ruleCase{
		{name: "CityManagerCoordinatesInPractice", build: func(g *graph) {
			g.line("coord", "cm", "head", "coordination", "2003-03-01", "2003-06-30")
		}, want: []want{{subject: "head", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"coord"}}}},

		{name: "LineManagementObserved", build: func(g *graph) {
			g.line("manage", "cm", "skhead", "line_management", "2003-12-31", "").basis("observed")
		}, want: []want{{subject: "skhead", periods: []string{"2003-12-31..2003-12-31"}, evidence: []string{"manage"}}}},

		{name: "IntoAnOrganisation", build: func(g *graph) {
			g.line("coord", "cm", "admin", "coordination", "2003-02-01", "2003-02-28")
		}, want: []want{{subject: "admin", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"coord"}}}},

		{name: "OnlyTheDaysWithoutDecision", build: func(g *graph) {
			g.doc("decision", "board_decision", "ks", "2003-01-01", "")
			g.line("formal", "cm", "head", "coordination", "2003-01-01", "2003-04-30").cite("decision")
			g.line("practice", "cm", "head", "coordination", "2003-05-01", "2003-08-31")
			g.line("practice2", "cm", "head", "line_management", "2003-08-01", "2003-09-30")
		}, want: []want{{subject: "head", periods: []string{"2003-05-01..2003-09-30"}, evidence: []string{"practice", "practice2"}}}},

		{name: "DecisionRepealed", build: func(g *graph) {
			g.doc("decision", "board_decision", "ks", "2003-01-01", "2003-06-30")
			g.line("formal", "cm", "head", "coordination", "2003-01-01", "").cite("decision")
		}, want: []want{{subject: "head", periods: []string{"2003-07-01..2003-12-31"}, evidence: []string{"formal"}}}},

		{name: "ClippedByWindow", from: "2003-01-01", to: "2003-01-31", build: func(g *graph) {
			g.line("coord", "cm", "head", "coordination", "2000-01-01", "")
		}, want: []want{{subject: "head", periods: []string{"2003-01-01..2003-01-31"}, evidence: []string{"coord"}}}},

		{name: "SeveralTargets", build: func(g *graph) {
			g.line("c1", "cm", "head", "coordination", "2003-01-01", "2003-01-31")
			g.line("c2", "cm", "otherhead", "coordination", "2003-02-01", "2003-02-28")
		}, want: []want{
			{subject: "head", periods: []string{"2003-01-01..2003-01-31"}, evidence: []string{"c1"}},
			{subject: "otherhead", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"c2"}},
		}},

		// Must not fire.
		{name: "FormalDecision", build: func(g *graph) {
			g.doc("decision", "board_decision", "ks", "2003-01-01", "")
			g.line("coord", "cm", "head", "coordination", "2003-01-01", "").cite("decision")
			g.line("manage", "cm", "skhead", "line_management", "2003-01-01", "").cite("decision")
		}},
		{name: "OtherKinds", build: func(g *graph) {
			g.line("mandate", "committee", "head", "mandate", "2003-01-01", "")
			g.line("political", "com", "head", "direct_political", "2003-01-01", "")
			g.line("appraisal", "cm", "head", "appraisal", "2003-01-01", "")
			g.line("reporting", "cm", "head", "reporting", "2003-01-01", "")
		}},
		{name: "OutsideTheWindow", build: func(g *graph) {
			g.line("coord", "cm", "head", "coordination", "2002-01-01", "2002-12-31")
		}},
	})
}
