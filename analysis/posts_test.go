package analysis_test

import (
	"testing"
)

func TestUnclearAppraisal(t *testing.T) {
	runRule(t, "unclear_appraisal", town, []ruleCase{
		{name: "NobodyWhileHeld", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2003-03-01", "2003-06-30")
		}, want: []want{{subject: "head", detail: "none", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"head"}}}},

		{name: "SeveralAtOnce", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2003-01-01", "")
			g.line("bycm", "cm", "head", "appraisal", "2003-04-01", "2003-05-31")
			g.line("bycm2", "cm", "head", "appraisal", "2003-08-01", "2003-08-01")
		}, want: []want{{subject: "head", detail: "several",
			periods:  []string{"2003-04-01..2003-05-31", "2003-08-01..2003-08-01"},
			evidence: []string{"bychair", "bycm", "bycm2"}}}},

		{name: "NoneAndSeveral", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2003-01-01", "2003-06-30")
			g.line("bycm", "cm", "head", "appraisal", "2003-06-01", "2003-09-30")
			// This line never overlaps another and is no evidence of "several".
			g.line("bycm2", "cm", "head", "appraisal", "2003-11-01", "2003-11-30")
		}, want: []want{
			{subject: "head", detail: "several", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"bychair", "bycm"}},
			{subject: "head", detail: "none", periods: []string{"2003-10-01..2003-10-31", "2003-12-01..2003-12-31"}, evidence: []string{"head"}},
		}},

		{name: "GapOfOneDayAtAHandover", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2000-01-01", "2003-06-29")
			g.line("bycm", "cm", "head", "appraisal", "2003-07-01", "")
		}, want: []want{{subject: "head", detail: "none", periods: []string{"2003-06-30..2003-06-30"}, evidence: []string{"head"}}}},

		{name: "SeveralOnlyOnDaysTheHeadIsHeld", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2003-03-01", "2003-04-30")
			g.assign("bo", "Bo", "head", "2003-05-01", "2003-06-30")
			g.line("bychair", "chair", "head", "appraisal", "2000-01-01", "")
			g.line("bycm", "cm", "head", "appraisal", "2000-01-01", "")
		}, want: []want{{subject: "head", detail: "several", periods: []string{"2003-03-01..2003-06-30"}, evidence: []string{"bychair", "bycm"}}}},

		{name: "ClippedByWindow", from: "2003-02-01", to: "2003-02-28", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
		}, want: []want{{subject: "head", detail: "none", periods: []string{"2003-02-01..2003-02-28"}, evidence: []string{"head"}}}},

		{name: "OpenWindow", from: "2003-02-01", to: "", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2000-01-01", "2003-06-30")
		}, want: []want{{subject: "head", detail: "none", periods: []string{"2003-07-01.."}, evidence: []string{"head"}}}},

		{name: "EndsWithTheHeadPost", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "2003-09-30")
			g.assign("anna", "Anna", "newhead", "2003-01-01", "")
			g.line("bychair", "chair", "newhead", "appraisal", "2000-01-01", "2003-01-31")
		}, want: []want{{subject: "newhead", detail: "none", periods: []string{"2003-02-01..2003-09-30"}, evidence: []string{"newhead"}}}},

		// Must not fire.
		{name: "ExactlyOne", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2003-01-01", "")
		}},
		// One appraiser recorded on two lines (the practice observed, then
		// the decision that formalised it) is still exactly one appraiser.
		{name: "SameAppraiserOnTwoLines", build: func(g *graph) {
			g.doc("delegation", "delegation_order", "committee", "2003-04-01", "")
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("observed", "chair", "head", "appraisal", "2000-01-01", "").basis("observed")
			g.line("formal", "chair", "head", "appraisal", "2003-04-01", "").cite("delegation")
		}},
		{name: "ExactlyOneOrganisation", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bycommittee", "committee", "head", "appraisal", "2000-01-01", "")
		}},
		{name: "AdjacentHandover", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2000-01-01", "2003-06-30")
			g.line("bycm", "cm", "head", "appraisal", "2003-07-01", "")
		}},
		{name: "VacantHead", build: func(g *graph) {
			g.line("bychair", "chair", "head", "appraisal", "2003-01-01", "")
			g.line("bycm", "cm", "head", "appraisal", "2003-01-01", "")
		}},
		{name: "NoneWhileVacant", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "2002-12-31")
			g.assign("bo", "Bo", "head", "2004-01-01", "")
		}},
		{name: "OtherKindsAreNotAppraisal", build: func(g *graph) {
			g.assign("anna", "Anna", "head", "2000-01-01", "")
			g.line("bychair", "chair", "head", "appraisal", "2000-01-01", "")
			g.line("manage", "cm", "head", "line_management", "2000-01-01", "")
			g.line("mandate", "committee", "head", "mandate", "2000-01-01", "")
		}},
		{name: "NotAHeadOfAnAdministration", build: func(g *graph) {
			townCompany(g)
			g.assign("anna", "Anna", "depthead", "2000-01-01", "")
			g.assign("bo", "Bo", "ceo", "2000-01-01", "")
			g.assign("cia", "Cia", "officer", "2000-01-01", "")
			g.assign("dan", "Dan", "cm", "2000-01-01", "")
		}},
	})
}

func TestVacantHead(t *testing.T) {
	// The base graph's heads are held throughout, so that each case only
	// finds the vacancy it makes.
	holders := func(g *graph) {
		town(g)
		for _, p := range []string{"cm", "skhead", "head", "depthead", "otherhead"} {
			g.assign("holder-"+p, "Holder of "+p, p, "2000-01-01", "")
		}
	}
	runRule(t, "vacant_head", holders, []ruleCase{
		{name: "GapBetweenHolders", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "")
			g.assign("anna", "Anna", "newhead", "2003-01-01", "2003-03-31")
			g.assign("bo", "Bo", "newhead", "2003-05-01", "")
		}, want: []want{{subject: "newhead", periods: []string{"2003-04-01..2003-04-30"}, evidence: []string{"newhead"}}}},

		{name: "OneDay", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "")
			g.assign("anna", "Anna", "newhead", "2003-01-01", "2003-03-30")
			g.assign("bo", "Bo", "newhead", "2003-04-01", "")
		}, want: []want{{subject: "newhead", periods: []string{"2003-03-31..2003-03-31"}, evidence: []string{"newhead"}}}},

		{name: "NeverHeldWithinThePost", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-02-01", "2003-09-30")
			g.assign("anna", "Anna", "newhead", "2003-10-01", "2003-12-31")
		}, want: []want{{subject: "newhead", periods: []string{"2003-02-01..2003-09-30"}, evidence: []string{"newhead"}}}},

		{name: "CityManagerCEOAndDepartmentHead", build: func(g *graph) {
			townCompany(g)
			g.post("cm2", "sk", "city_manager", false, "2003-06-01", "2003-06-30")
			g.post("unithead", "dept", "head", false, "2003-07-01", "2003-07-31")
			g.assign("bo", "Bo", "ceo", "2000-01-01", "2003-11-30")
		}, want: []want{
			{subject: "cm2", periods: []string{"2003-06-01..2003-06-30"}, evidence: []string{"cm2"}},
			{subject: "unithead", periods: []string{"2003-07-01..2003-07-31"}, evidence: []string{"unithead"}},
			{subject: "ceo", periods: []string{"2003-12-01..2003-12-31"}, evidence: []string{"ceo"}},
		}},

		{name: "ClippedByWindow", from: "2003-03-01", to: "2003-03-31", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2000-01-01", "")
		}, want: []want{{subject: "newhead", periods: []string{"2003-03-01..2003-03-31"}, evidence: []string{"newhead"}}}},

		{name: "OpenWindow", from: "2003-01-01", to: "", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2000-01-01", "")
			g.assign("anna", "Anna", "newhead", "2000-01-01", "2003-08-31")
		}, want: []want{{subject: "newhead", periods: []string{"2003-09-01.."}, evidence: []string{"newhead"}}}},

		// Must not fire.
		{name: "HeldEveryDay", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "2003-12-31")
			g.assign("anna", "Anna", "newhead", "2003-01-01", "2003-12-31")
		}},
		{name: "AdjacentHolders", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "")
			g.assign("anna", "Anna", "newhead", "2003-01-01", "2003-06-30")
			g.assign("bo", "Bo", "newhead", "2003-07-01", "")
		}},
		{name: "OverlappingHolders", build: func(g *graph) {
			g.post("newhead", "admin", "head", false, "2003-01-01", "")
			g.assign("anna", "Anna", "newhead", "2002-01-01", "2003-08-31")
			g.assign("bo", "Bo", "newhead", "2003-06-01", "")
		}},
		{name: "OtherRolesVacant", build: func(g *graph) {
			g.post("newofficer", "admin", "officer", false, "2003-01-01", "")
			g.post("newmember", "committee", "member", true, "2003-01-01", "")
		}},
		{name: "PostOutsideTheWindow", build: func(g *graph) {
			g.post("oldhead", "admin", "head", false, "2000-01-01", "2002-12-31")
			g.post("newhead", "admin", "head", false, "2004-01-01", "")
		}},
	})
}
