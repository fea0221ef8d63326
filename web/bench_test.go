package web_test

import (
	"net/http"
	"testing"

	"github.com/koncernregistret/koncern"
)

// BenchmarkPages measures whole pages over real HTTP on the demo, signed in
// as an auditor (the role that sees the most on each): the session lookup,
// the snapshot, the analysis and the template together. BENCHMARKS.md
// reports it.
func BenchmarkPages(b *testing.B) {
	h := newHarness(b)
	head := tripleHead(b, h)
	elmia := h.orgID("Elmia AB")
	c := h.signedIn(koncern.AccessAuditor)
	for _, bc := range []struct{ name, path string }{
		{"Start", "/?at=2003-10-01"},
		{"Findings", "/findings?at=2003-10-01"},
		{"Post", "/posts/" + head.String() + "?at=2003-10-01"},
		{"Organization", "/organizations/" + elmia},
		{"Group", "/groups/" + h.orgID("Jönköpings kommun")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if res, _ := c.get(bc.path); res.StatusCode != http.StatusOK {
					b.Fatalf("%s: status %d", bc.path, res.StatusCode)
				}
			}
		})
	}
}
