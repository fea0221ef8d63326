package web_test

import (
	"os"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// review is the day the 2003 review of Jönköping's stadskontoret describes.
const review = "2003-10-01"

// tripleHead finds the head the demo has steered from three directions on
// the day of the review, by the analysis rather than by name.
func tripleHead(t testing.TB, h *harness) uuid.UUID {
	t.Helper()
	day := koncern.MustDate(review)
	window := koncern.Period{From: day, To: &day}
	data, err := h.Reg.LoadSnapshot(adminContext(), nil, window)
	if err != nil {
		t.Fatal(err)
	}
	fs := analysis.Findings(analysis.NewSnapshot(window, data), analysis.Filter{Rules: []string{"triple_steering"}})
	if len(fs) != 1 {
		t.Fatalf("%d triple steering findings on %s, want the demo's one", len(fs), review)
	}
	return fs[0].Subject.ID
}

func TestScratchPost(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{publicRead: true})
	head := tripleHead(t, h)
	body := h.page(h.client().get("/posts/" + head.String() + "?at=" + review))
	os.WriteFile("/tmp/post.html", []byte(body), 0o644)
}
