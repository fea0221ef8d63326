package registry

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/analysis"
)

// WholeFindings gives each of the findings narrow, computed over a window
// of the group of municipality (or of the whole registry), the whole of
// the continuous periods it holds in, not only their part inside the
// window (analysis.Whole): the rules of narrow run again over the group's
// whole history. The API's findings asked about one day and the web's
// findings page both show a finding so.
func (r *Registry) WholeFindings(ctx context.Context, municipality *uuid.UUID, narrow []analysis.Finding) ([]analysis.Finding, error) {
	if len(narrow) == 0 {
		return narrow, nil
	}
	var rules []string
	for _, f := range narrow {
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
	}
	data, err := r.LoadSnapshot(ctx, municipality, analysis.History)
	if err != nil {
		return nil, err
	}
	history := analysis.NewSnapshot(analysis.History, data)
	return analysis.Whole(narrow, analysis.Findings(history, analysis.Filter{Rules: rules})), nil
}
