package web

import (
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// TestLabels holds the labels to the vocabularies they name: every value a
// page can show has a Swedish and an English label.
func TestLabels(t *testing.T) {
	severities := []string{analysis.High, analysis.Medium, analysis.Low}
	for vocabulary, values := range map[string][]string{
		"org_kind": koncern.OrgKinds, "role": koncern.Roles, "line_kind": koncern.LineKinds, "basis": koncern.Bases,
		"document_kind": koncern.DocumentKinds, "transaction_type": koncern.TransactionTypes, "severity": severities,
		"channel": analysis.Channels, "relation": {ownership.Subsidiary.String(), ownership.Associated.String()}, "access_role": koncern.AccessRoles, "rule": analysis.RuleIDs(),
	} {
		t.Run(vocabulary, func(t *testing.T) {
			for _, v := range values {
				l, ok := labels[vocabulary][v]
				if !ok || l.sv == "" || l.en == "" {
					t.Errorf("%s %q has no label in both languages: %+v", vocabulary, v, l)
				}
			}
			if len(labels[vocabulary]) != len(values) {
				t.Errorf("%s has %d labels for %d values", vocabulary, len(labels[vocabulary]), len(values))
			}
		})
	}
}

// TestMessages checks that every text has both languages.
func TestMessages(t *testing.T) {
	for key, m := range catalogue {
		if m.sv == "" || m.en == "" {
			t.Errorf("message %q lacks a language: %+v", key, m)
		}
	}
}
