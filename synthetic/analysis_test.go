package synthetic_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/synthetic"
)

// snapshot is the whole dataset as the analysis sees it over the window.
func snapshot(d synthetic.Dataset) *analysis.Snapshot {
	return analysis.NewSnapshot(synthetic.Window, analysis.Data{
		Organizations: d.Organizations, People: d.People, Posts: d.Posts, Assignments: d.Assignments,
		Stakes: d.Stakes, Lines: d.SteeringLines, Documents: d.Documents,
	})
}

// TestAnalysisFindsPlanted runs the analysis over generated datasets and
// compares its findings, subject by subject and period by period, with
// the planted cases.
func TestAnalysisFindsPlanted(t *testing.T) {
	for _, c := range []struct {
		scale float64
		seed  uint64
	}{{0.1, 3}, {1, 1}} {
		if c.scale >= 1 && testing.Short() {
			continue
		}
		t.Run(fmt.Sprintf("scale %g seed %d", c.scale, c.seed), func(t *testing.T) {
			d, err := synthetic.National(c.scale, c.seed)
			if err != nil {
				t.Fatal(err)
			}
			comparePlanted(t, d)
		})
	}
}

// comparePlanted checks that the findings over the window are the planted
// cases.
func comparePlanted(t *testing.T, d synthetic.Dataset) {
	t.Helper()
	comparePlantedWith(t, d, snapshot(d))
}

// comparePlantedWith checks that the findings over s are d's planted cases.
func comparePlantedWith(t *testing.T, d synthetic.Dataset, s *analysis.Snapshot) {
	t.Helper()
	found := map[string][]string{}
	for _, f := range analysis.Findings(s, analysis.Filter{}) {
		for _, p := range f.Periods {
			found[f.Rule] = append(found[f.Rule], fmt.Sprintf("%s %s", f.Subject.ID, p))
		}
	}
	planted := map[string][]string{}
	for _, c := range d.Planted.Cases {
		planted[c.Rule] = append(planted[c.Rule], fmt.Sprintf("%s %s", c.Subject, c.Period))
	}
	for _, rule := range synthetic.Rules {
		got, want := found[rule], planted[rule]
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: analysis finds %d periods, %d planted\nfound   %v\nplanted %v", rule, len(got), len(want), got[:min(len(got), 4)], want[:min(len(want), 4)])
		}
	}
}
