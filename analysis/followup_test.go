package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// report is the day the recommendations of these tests are given.
const report = "2003-10-15"

// coordinationStory is the review's first recommendation told in a small
// town: the city manager coordinates the head in practice until the
// executive board's decision gives the coordination a formal basis on
// 2003-11-12; the decision is repealed after 2004-02-29, so the
// coordination lacks a basis again from 2004-03-01. The other head is
// coordinated without basis throughout, to show that the target's subject
// keeps it out. The head is held and appraised by the chair, so that no
// other rule finds anything about it.
func coordinationStory(g *graph) {
	town(g)
	g.assign("holder", "Anna", "head", "2000-01-01", "")
	g.line("appraisal", "chair", "head", "appraisal", "2000-01-01", "")
	g.doc("role", "board_decision", "ks", "2003-11-12", "2004-02-29")
	g.line("practice", "cm", "head", "coordination", "2003-01-01", "2003-11-11")
	g.line("formal", "cm", "head", "coordination", "2003-11-12", "").cite("role")
	g.line("othercoord", "cm", "otherhead", "coordination", "2003-01-01", "")
}

// coordination is the recommendation of that story, given on report and
// due 2004-06-30.
func coordination(g *graph) analysis.Followed {
	due := koncern.MustDate("2004-06-30")
	return analysis.Followed{Given: koncern.MustDate(report), DueOn: &due,
		Target: analysis.Target{Rules: []string{"coordination_without_basis"}, SubjectIDs: []uuid.UUID{g.id("head")}}}
}

func date(s string) *koncern.Date {
	d := koncern.MustDate(s)
	return &d
}

// followUpOn computes the status on day at over the days from the report.
func followUpOn(g *graph, rec analysis.Followed, at string) analysis.FollowUp {
	return analysis.FollowUpOf(g.snapshot(rec.Given.String(), at), rec, koncern.MustDate(at))
}

// statusDay is the status expected on one day: "resolved since
// 2003-11-12" and the like.
type statusDay struct{ at, want string }

func describeStatus(f analysis.FollowUp) string {
	s := f.Status + " since " + f.Since.String()
	if f.ByJudgment {
		s += " by judgment"
	}
	return s
}

func checkDays(t *testing.T, g *graph, rec analysis.Followed, days []statusDay) {
	t.Helper()
	for _, d := range days {
		if got := describeStatus(followUpOn(g, rec, d.at)); got != d.want {
			t.Errorf("on %s: %s, want %s", d.at, got, d.want)
		}
	}
}

// historyOf writes the history as "given 2003-10-15 open; …".
func historyOf(f analysis.FollowUp) string {
	var parts []string
	for _, e := range f.History {
		parts = append(parts, fmt.Sprintf("%s %s %s", e.Kind, e.On, e.Status))
	}
	return strings.Join(parts, "; ")
}

// changesOf names an event's evidence by key: "ended practice", "started
// formal".
func changesOf(g *graph, cs []analysis.EvidenceChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Change+" "+g.keys[c.ID])
	}
	slices.Sort(out)
	return out
}

// TestFollowUpTransitions follows the coordination recommendation through
// every status, to the day: open from the report, answered on the
// answer's day, resolved on the day the decision grounds the
// coordination, reopened on the day after the decision is repealed, and
// overdue on the day after its due date.
func TestFollowUpTransitions(t *testing.T) {
	g := newGraph(t)
	coordinationStory(g)
	rec := coordination(g)
	rec.AnsweredOn = date("2003-11-01")

	checkDays(t, g, rec, []statusDay{
		{"2003-10-15", "open since 2003-10-15"},
		{"2003-10-31", "open since 2003-10-15"},
		{"2003-11-01", "answered since 2003-11-01"},
		{"2003-11-11", "answered since 2003-11-01"},
		{"2003-11-12", "resolved since 2003-11-12"},
		{"2004-02-29", "resolved since 2003-11-12"},
		{"2004-03-01", "reopened since 2004-03-01"},
		{"2004-06-30", "reopened since 2004-03-01"},
		{"2004-07-01", "overdue since 2004-07-01"},
		{"2026-11-27", "overdue since 2004-07-01"},
	})

	t.Run("History", func(t *testing.T) {
		f := followUpOn(g, rec, "2004-12-31")
		want := "given 2003-10-15 open; answered 2003-11-01 answered; resolved 2003-11-12 resolved; " +
			"reopened 2004-03-01 reopened; overdue 2004-07-01 overdue"
		if got := historyOf(f); got != want {
			t.Errorf("history\n got %s\nwant %s", got, want)
		}
		if got := historyOf(followUpOn(g, rec, "2003-11-30")); got != "given 2003-10-15 open; answered 2003-11-01 answered; resolved 2003-11-12 resolved" {
			t.Errorf("history to 2003-11-30: %s", got)
		}
	})

	t.Run("ResolutionEvidence", func(t *testing.T) {
		f := followUpOn(g, rec, "2003-12-31")
		want := []string{"ended practice", "started formal", "started role"}
		if got := changesOf(g, f.Evidence); !slices.Equal(got, want) {
			t.Errorf("evidence of the resolution %v, want %v", got, want)
		}
		if got := changesOf(g, f.History[2].Evidence); !slices.Equal(got, want) {
			t.Errorf("evidence of the resolved event %v, want %v", got, want)
		}
		if f.DaysToResolve == nil || *f.DaysToResolve != 28 {
			t.Errorf("days to resolve %v, want 28 (2003-10-15 to 2003-11-12)", f.DaysToResolve)
		}
		if len(f.Findings) != 0 {
			t.Errorf("a resolved recommendation lists %d holding findings", len(f.Findings))
		}
	})

	t.Run("ReopeningEvidence", func(t *testing.T) {
		f := followUpOn(g, rec, "2004-03-01")
		if got := changesOf(g, f.History[3].Evidence); !slices.Equal(got, []string{"ended role"}) {
			t.Errorf("evidence of the reopening %v, want the decision's end", got)
		}
		if f.DaysToResolve != nil || len(f.Evidence) != 0 {
			t.Errorf("a reopened recommendation has days to resolve %v and evidence %v", f.DaysToResolve, f.Evidence)
		}
	})

	t.Run("HoldingFindings", func(t *testing.T) {
		f := followUpOn(g, rec, "2003-10-20")
		if len(f.Findings) != 1 || f.Findings[0].Subject.ID != g.id("head") || f.Findings[0].Rule != "coordination_without_basis" {
			t.Fatalf("holding findings %s, want the head's coordination only", g.describe(f.Findings))
		}
		if got := periodString(f.Findings[0].Periods[0]); got != "2003-10-15..2003-10-20" {
			t.Errorf("the finding's days since the report: %s", got)
		}
	})
}

// TestFollowUpJudgment checks the auditors' judgment: resolved from its
// day whatever the findings do, with the comment, and no event of the data
// after it.
func TestFollowUpJudgment(t *testing.T) {
	g := newGraph(t)
	coordinationStory(g)
	rec := coordination(g)
	rec.JudgedOn, rec.JudgmentComment = date("2004-04-15"), "Rollen är förtydligad i praktiken."

	checkDays(t, g, rec, []statusDay{
		{"2004-03-01", "reopened since 2004-03-01"},
		{"2004-04-14", "reopened since 2004-03-01"},
		{"2004-04-15", "resolved since 2004-04-15 by judgment"},
		{"2004-07-01", "resolved since 2004-04-15 by judgment"},
	})
	f := followUpOn(g, rec, "2004-12-31")
	if f.JudgmentComment == nil || *f.JudgmentComment != rec.JudgmentComment {
		t.Errorf("judgment comment %v", f.JudgmentComment)
	}
	if f.DaysToResolve == nil || *f.DaysToResolve != 183 {
		t.Errorf("days to resolve %v, want 183 (2003-10-15 to 2004-04-15)", f.DaysToResolve)
	}
	want := "given 2003-10-15 open; resolved 2003-11-12 resolved; reopened 2004-03-01 reopened; judged 2004-04-15 resolved"
	if got := historyOf(f); got != want {
		t.Errorf("history\n got %s\nwant %s", got, want)
	}
	if before := followUpOn(g, rec, "2004-04-14"); before.ByJudgment || before.JudgmentComment != nil {
		t.Errorf("the judgment shows before its day: %+v", before)
	}
}

// TestFollowUpWithoutTarget checks a recommendation that targets no
// findings: open, answered, overdue, and resolved only by judgment.
func TestFollowUpWithoutTarget(t *testing.T) {
	g := newGraph(t)
	coordinationStory(g)
	rec := analysis.Followed{Given: koncern.MustDate(report), DueOn: date("2004-06-30"), AnsweredOn: date("2004-01-20")}

	checkDays(t, g, rec, []statusDay{
		{"2003-10-15", "open since 2003-10-15"},
		{"2004-01-19", "open since 2003-10-15"},
		{"2004-01-20", "answered since 2004-01-20"},
		{"2004-06-30", "answered since 2004-01-20"},
		{"2004-07-01", "overdue since 2004-07-01"},
	})
	if got := historyOf(followUpOn(g, rec, "2004-12-31")); got != "given 2003-10-15 open; answered 2004-01-20 answered; overdue 2004-07-01 overdue" {
		t.Errorf("history %s", got)
	}
	t.Run("NoDueDateNeverOverdue", func(t *testing.T) {
		rec := rec
		rec.DueOn = nil
		checkDays(t, g, rec, []statusDay{{"2026-11-27", "answered since 2004-01-20"}})
	})
	t.Run("AnsweredWhileOverdue", func(t *testing.T) {
		rec := rec
		rec.AnsweredOn = date("2004-08-01")
		checkDays(t, g, rec, []statusDay{{"2004-08-01", "overdue since 2004-07-01"}})
		if got := historyOf(followUpOn(g, rec, "2004-08-01")); got != "given 2003-10-15 open; overdue 2004-07-01 overdue; answered 2004-08-01 overdue" {
			t.Errorf("history %s", got)
		}
	})
	t.Run("Judged", func(t *testing.T) {
		rec := rec
		rec.JudgedOn, rec.JudgmentComment = date("2004-09-01"), "Delegationsordningen är omarbetad."
		checkDays(t, g, rec, []statusDay{{"2004-08-31", "overdue since 2004-07-01"}, {"2004-09-01", "resolved since 2004-09-01 by judgment"}})
	})
}

// TestFollowUpTargets checks what a target selects and the edges of the
// window.
func TestFollowUpTargets(t *testing.T) {
	g := newGraph(t)
	coordinationStory(g)
	given := koncern.MustDate(report)
	cases := []struct {
		name   string
		target analysis.Target
		days   []statusDay
	}{
		{"NeverHeldIsResolvedOnTheReportsDay", analysis.Target{Rules: []string{"vacant_head"}, SubjectIDs: []uuid.UUID{g.id("head")}},
			[]statusDay{{"2003-10-15", "resolved since 2003-10-15"}, {"2004-12-31", "resolved since 2003-10-15"}}},
		{"AnotherSubjectKeepsHolding", analysis.Target{Rules: []string{"coordination_without_basis"}, SubjectIDs: []uuid.UUID{g.id("otherhead")}},
			[]statusDay{{"2003-11-12", "open since 2003-10-15"}, {"2004-12-31", "open since 2003-10-15"}}},
		{"EverySubjectOfTheRule", analysis.Target{Rules: []string{"coordination_without_basis"}},
			[]statusDay{{"2003-11-12", "open since 2003-10-15"}}},
		{"SeverityAlone", analysis.Target{Severity: analysis.High},
			[]statusDay{{"2003-11-12", "resolved since 2003-10-15"}}},
		{"SeverityOfAnotherRule", analysis.Target{Rules: []string{"coordination_without_basis"}, Severity: analysis.High},
			[]statusDay{{"2003-10-20", "resolved since 2003-10-15"}}},
		{"SubjectsAlone", analysis.Target{SubjectIDs: []uuid.UUID{g.id("head")}},
			[]statusDay{{"2003-11-11", "open since 2003-10-15"}, {"2003-11-12", "resolved since 2003-11-12"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkDays(t, g, analysis.Followed{Given: given, Target: c.target}, c.days)
		})
	}

	t.Run("NeverHeldHistory", func(t *testing.T) {
		f := followUpOn(g, analysis.Followed{Given: given, Target: cases[0].target}, "2004-01-01")
		if got := historyOf(f); got != "given 2003-10-15 resolved; resolved 2003-10-15 resolved" {
			t.Errorf("history %s", got)
		}
		if f.DaysToResolve == nil || *f.DaysToResolve != 0 {
			t.Errorf("days to resolve %v, want 0", f.DaysToResolve)
		}
	})
}

// TestFollowUps checks that the statuses of several recommendations over
// one snapshot from the earliest report are those of each alone.
func TestFollowUps(t *testing.T) {
	g := newGraph(t)
	coordinationStory(g)
	first := coordination(g)
	later := coordination(g)
	later.Given = koncern.MustDate("2004-01-10")
	other := first
	other.Target.SubjectIDs = []uuid.UUID{g.id("otherhead")}
	recs := []analysis.Followed{first, later, other}
	for _, at := range []string{"2004-01-10", "2004-03-01", "2004-07-01"} {
		all := analysis.FollowUps(g.snapshot(report, at), recs, koncern.MustDate(at))
		for i, rec := range recs {
			alone := followUpOn(g, rec, at)
			if got, want := describeStatus(all[i])+" / "+historyOf(all[i]), describeStatus(alone)+" / "+historyOf(alone); got != want {
				t.Errorf("recommendation %d on %s: together %s, alone %s", i, at, got, want)
			}
		}
	}
	if got := describeStatus(analysis.FollowUps(g.snapshot(report, "2004-03-01"), recs, koncern.MustDate("2004-03-01"))[1]); got != "reopened since 2004-03-01" {
		t.Errorf("the later report's recommendation on 2004-03-01: %s, want reopened (resolved on its own day, holding again)", got)
	}
}

// TestSeveritiesAgree keeps the severities a target may name equal to
// those the rules grade by.
func TestSeveritiesAgree(t *testing.T) {
	if !slices.Equal(koncern.Severities, []string{analysis.High, analysis.Medium, analysis.Low}) {
		t.Errorf("koncern.Severities %v", koncern.Severities)
	}
}
