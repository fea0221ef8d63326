package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// A create that fails is returned wrapped with the record it concerned,
// keeping the registry's code.
func TestLoadNamesTheFailingRecord(t *testing.T) {
	r := registrytest.MustRegistry(t, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	l := newLoader(viewer.System(context.Background()), r)
	if err := l.loadOrganizations(); err != nil {
		t.Fatal(err)
	}
	err := l.loadLine(lineSpec{From: org(board), To: org(cityOffice), Kind: "mandate", Basis: "formal"})
	if koncern.ErrorCode(err) != koncern.EINVALID {
		t.Fatalf("formal line without document: %v, want %s", err, koncern.EINVALID)
	}
	if want := `demo: steering line mandate "Kommunstyrelsen" → "Stadskontoret": `; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
}

func TestIllustrativeOrgNumbers(t *testing.T) {
	for n := 1; n <= len(companies); n++ {
		s := illustrativeOrgNumber(n)
		if got, err := koncern.NormalizeOrgNumber(s); err != nil || got != s {
			t.Errorf("illustrativeOrgNumber(%d) = %s: %v", n, s, err)
		}
	}
}
