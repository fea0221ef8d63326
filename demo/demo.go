// Package demo loads Jönköping's municipal group as the 2003 review of its
// stadskontoret describes it (shared/seed/000_5eeef6ca7a6e87d0.txt): the
// council and executive board, stadskontoret with its six departments and
// two forums, five committees with their administrations, Jönköpings
// Rådhus AB with its 16 subsidiaries, the decisions that ground the
// steering lines, and the lines themselves, including the ones the review
// finds unclear: a head steered by board, city manager and commissioner at
// once, commissioners steering below head level, a head appraised from two
// directions and one appraised by nobody, coordination without a formal
// basis (until the executive board's decision of 2003-11-12 grounds it)
// and a subsidiary without an owner directive; the auditors' report with
// its three recommendations, one resolved by that decision; and, once
// each, the rule book's company law broken (rulebook.go).
//
// The people are fictional. Names marked "(illustrativt)" are invented, and
// so are every company's organisationsnummer and every reference, date and
// share count apart from what the review states. The dates lie in 2003–2004
// but for the executive board's annual reviews of the companies, one a
// year from 2013 to the last one taken by the registry's today
// (rulebook.go), and the few records the compliance calendar follows into
// the next mandate period (calendar.go); decisions taken before the
// registry's first day (2003-01-01) are recorded as taken on that day.
package demo

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// Summary counts what Load created and names a few records that tests, the
// README and the command line refer to.
type Summary struct {
	Organizations int `json:"organizations"`
	People        int `json:"people"`
	Posts         int `json:"posts"`
	Assignments   int `json:"assignments"`
	Stakes        int `json:"stakes"`
	SteeringLines int `json:"steering_lines"`
	Documents     int `json:"documents"`
	// Recommendations are those of the auditors' report on stadskontoret.
	Recommendations int `json:"recommendations"`

	// Municipality is Jönköpings kommun, the root of the group.
	Municipality uuid.UUID `json:"municipality"`
	// HoldingCompany is Jönköpings Rådhus AB, parent of the 16 companies.
	HoldingCompany uuid.UUID `json:"holding_company"`
	// CityOffice is Stadskontoret, the executive board's administration,
	// where the README's tour creates a post.
	CityOffice uuid.UUID `json:"city_office"`
	// CityManagerPost is the stadsdirektör's post at Stadskontoret.
	CityManagerPost uuid.UUID `json:"city_manager_post"`
	// TripleSteeredHeadPost is the förvaltningschef of Tekniska kontoret,
	// steered by nämnd and chair, stadsdirektör and a kommunalråd at once.
	TripleSteeredHeadPost uuid.UUID `json:"triple_steered_head_post"`
	// AuditReport is the auditors' report of 2003 on stadskontoret, whose
	// recommendations the follow-up follows.
	AuditReport uuid.UUID `json:"audit_report"`
}

// Load creates the demo data through the registry's Create methods, so
// every rule of the graph is checked on the way in. It refuses with
// ECONFLICT unless the registry is empty. The whole load is one
// transaction: a failing create stops it, nothing of it is stored, and the
// error names the record it concerned.
func Load(ctx context.Context, r *registry.Registry) (Summary, error) {
	var sum Summary
	err := r.Atomic(ctx, func(r *registry.Registry) error {
		empty, err := r.IsEmpty(ctx)
		if err != nil {
			return fmt.Errorf("demo: check that the registry is empty: %w", err)
		}
		if !empty {
			return koncern.Errorf(koncern.ECONFLICT, "the database is not empty; the demo data is loaded only into an empty registry")
		}
		l := newLoader(ctx, r)
		steps := []func() error{l.loadOrganizations, l.loadDocuments, l.loadStakes, l.loadPosts, l.loadForums, l.loadLines, l.loadCalendar, l.loadFollowUp}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		sum, err = l.summary()
		return err
	})
	return sum, err
}
