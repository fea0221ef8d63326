package registry

import (
	"context"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// Group reports root's group on day: its subsidiaries and associated
// companies with direct and effective ownership. It returns ENOTFOUND for
// no such organisation and EINVALID (naming at) when root is not in force
// that day. The API's group report and the web's group page both ask here,
// so that they cannot disagree on which snapshot a group is computed from.
func (r *Registry) Group(ctx context.Context, root uuid.UUID, day koncern.Date) (*analysis.GroupReport, error) {
	org, err := r.GetOrganization(ctx, root)
	if err != nil {
		return nil, err
	}
	if !org.Contains(day) {
		return nil, koncern.Invalid("at", "organisation %q is not in force on %s", org.Name, day)
	}
	window := koncern.Period{From: day, To: &day}
	data, err := r.LoadSnapshot(ctx, org.MunicipalityID, window)
	if err != nil {
		return nil, err
	}
	return analysis.Group(analysis.NewSnapshot(window, data), root, analysis.DayOf(day))
}
