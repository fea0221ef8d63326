package i18n_test

import (
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
	"github.com/koncernregistret/koncern/i18n"
)

// TestLabels holds the labels to the vocabularies they name: every value a
// page or a drawing can show has a Swedish and an English label.
func TestLabels(t *testing.T) {
	severities := []string{analysis.High, analysis.Medium, analysis.Low}
	relations := []string{ownership.Subsidiary.String(), ownership.Associated.String()}
	for vocabulary, values := range map[string][]string{
		"org_kind": koncern.OrgKinds, "role": koncern.Roles, "line_kind": koncern.LineKinds, "basis": koncern.Bases,
		"document_kind": koncern.DocumentKinds, "transaction_type": koncern.TransactionTypes, "severity": severities,
		"channel": analysis.Channels, "access_role": koncern.AccessRoles, "rule": analysis.RuleIDs(), "relation": relations,
		"duty_kind": analysis.DutyKinds, "duty_status": analysis.DutyStatuses,
		"recommendation_status": analysis.RecommendationStatuses, "follow_up_event": analysis.FollowUpEvents,
	} {
		t.Run(vocabulary, func(t *testing.T) {
			for _, v := range values {
				if !i18n.Labelled(vocabulary, v) {
					t.Errorf("%s %q has no label in both languages", vocabulary, v)
				}
			}
			if n := i18n.Count(vocabulary); n != len(values) {
				t.Errorf("%s has %d labels for %d values", vocabulary, n, len(values))
			}
		})
	}
}

func TestLabel(t *testing.T) {
	cases := []struct{ name, vocabulary, value, lang, want string }{
		{"Swedish", "channel", "political", i18n.SV, "Politisk"},
		{"English", "channel", "political", i18n.EN, "Political"},
		{"OtherIsSwedish", "role", "head", "fr", "Chef"},
		{"UnknownValueShowsItself", "role", "jester", i18n.SV, "jester"},
		{"UnknownVocabulary", "colour", "red", i18n.EN, "red"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := i18n.Label(tc.vocabulary, tc.value, tc.lang); got != tc.want {
				t.Errorf("Label(%q, %q, %q) = %q, want %q", tc.vocabulary, tc.value, tc.lang, got, tc.want)
			}
		})
	}
}
