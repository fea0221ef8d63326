package exchange

import (
	"testing"

	"github.com/koncernregistret/koncern"
)

// TestEntityDetailsCoverEveryKind keeps the BODS descriptions of the
// organisation kinds up with the vocabulary: a new kind would otherwise be
// published as a state body with no description at all.
func TestEntityDetailsCoverEveryKind(t *testing.T) {
	for _, kind := range koncern.OrgKinds {
		if kind == "company" {
			continue
		}
		t.Run(kind, func(t *testing.T) {
			if entityDetails[kind] == "" {
				t.Errorf("no BODS description of organisation kind %q", kind)
			}
		})
	}
}
