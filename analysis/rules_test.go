package analysis_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
)

// TestRuleBook checks that every rule is named once, described in both
// languages, sourced and given a known severity, and that the rules
// are all there.
func TestRuleBook(t *testing.T) {
	want := []string{"triple_steering", "political_bypass", "political_steering_below_head", "unclear_appraisal",
		"coordination_without_basis", "vacant_head", "reporting_cycle", "ownerless_company",
		"board_not_appointed_by_council", "no_lay_auditor", "missing_owner_directive"}
	ids := analysis.RuleIDs()
	for _, id := range want {
		if !slices.Contains(ids, id) {
			t.Errorf("rule %q missing", id)
		}
	}
	seen := map[string]bool{}
	for i, r := range analysis.Rules() {
		if seen[r.ID] {
			t.Errorf("rule %q listed twice", r.ID)
		}
		seen[r.ID] = true
		if ids[i] != r.ID {
			t.Errorf("RuleIDs()[%d] = %q, Rules()[%d] = %q", i, ids[i], i, r.ID)
		}
		if !slices.Contains([]string{analysis.High, analysis.Medium, analysis.Low}, r.Severity) {
			t.Errorf("rule %q: severity %q", r.ID, r.Severity)
		}
		if r.Description == "" || r.DescriptionSV == "" || r.Section == "" || len(r.Sources) == 0 {
			t.Errorf("rule %q: description, Swedish description, section and sources are required: %+v", r.ID, r)
		}
		for _, s := range r.Sources {
			if s.Citation == "" || s.Law == "" || !strings.Contains(r.Section, s.Citation) && s.ValidTo == nil {
				t.Errorf("rule %q: source %+v lacks a citation or a law, or is in force but not in the section %q", r.ID, s, r.Section)
			}
			if s.ValidFrom != nil && s.ValidTo != nil && s.ValidTo.Before(*s.ValidFrom) {
				t.Errorf("rule %q: source %q ends before it begins", r.ID, s.Citation)
			}
		}
	}
}

// TestFilter runs all rules over one graph and narrows by rule, severity
// and subject.
func TestFilter(t *testing.T) {
	g := newGraph(t)
	town(g)
	g.line("political", "com", "head", "direct_political", "2003-03-01", "2003-06-30") // political_bypass, high
	g.line("coord", "cm", "otherhead", "coordination", "2003-01-01", "2003-01-31")     // coordination_without_basis, medium
	s := g.snapshot("2003-01-01", "2003-12-31")

	all := analysis.Findings(s, analysis.Filter{})
	rules := map[string]int{}
	for _, f := range all {
		rules[f.Rule]++
	}
	// Every head in town is vacant; head is bypassed; otherhead is coordinated.
	if rules["political_bypass"] != 1 || rules["coordination_without_basis"] != 1 || rules["vacant_head"] != 5 {
		t.Errorf("all findings by rule: %v", rules)
	}
	if !slices.IsSortedFunc(all, func(a, b analysis.Finding) int {
		if a.Rule != b.Rule {
			return cmp.Compare(a.Rule, b.Rule)
		}
		return cmp.Compare(a.Subject.Name, b.Subject.Name)
	}) {
		t.Errorf("findings not sorted by rule and subject: %s", g.describe(all))
	}

	for _, f := range analysis.Findings(s, analysis.Filter{Severity: analysis.High}) {
		if f.Severity != analysis.High {
			t.Errorf("severity filter kept %s", g.describe([]analysis.Finding{f}))
		}
	}
	head := g.id("head")
	got := analysis.Findings(s, analysis.Filter{SubjectID: &head})
	if len(got) != 2 { // bypassed and vacant
		t.Errorf("subject filter: %s", g.describe(got))
	}
	for _, f := range got {
		if f.Subject.ID != head {
			t.Errorf("subject filter kept %s", g.describe([]analysis.Finding{f}))
		}
	}
	got = analysis.Findings(s, analysis.Filter{Rules: []string{"vacant_head"}, Severity: analysis.High})
	if len(got) != 0 {
		t.Errorf("vacant_head is not high, yet: %s", g.describe(got))
	}
}
