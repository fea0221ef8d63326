package registry_test

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// recordedWorld is a registry written in phases, with the snapshots read
// live at the moment after each phase.
type recordedWorld struct {
	r       *registry.Registry
	clock   *registrytest.Clock
	munis   []*uuid.UUID
	windows []koncern.Period
	moments []moment
}

// moment is what the registry answered at one instant: the snapshot of
// each municipality (nil for the whole registry) and window.
type moment struct {
	at    time.Time
	snaps map[string]string
}

func snapKey(muni *uuid.UUID, w koncern.Period) string {
	k := "all"
	if muni != nil {
		k = muni.String()
	}
	return k + " " + w.String()
}

// record reads every snapshot live, keeps it as the moment's, and moves
// the clock on so that the next phase's events fall after it.
func (w *recordedWorld) record(t *testing.T) {
	t.Helper()
	m := moment{at: w.clock.Now(), snaps: map[string]string{}}
	for _, muni := range w.munis {
		for _, win := range w.windows {
			m.snaps[snapKey(muni, win)] = canonical(t, must(w.r.LoadSnapshot(ctx, muni, win))(t))
		}
	}
	w.moments = append(w.moments, m)
	w.clock.Tick()
}

// canonical is a snapshot as JSON with every list in id order, so that two
// snapshots of the same records compare equal whatever order they were
// read in.
func canonical(t *testing.T, d analysis.Data) string {
	t.Helper()
	sortData(&d)
	return mustJSON(t, d)
}

// sortData orders every list of d, and of the years before it (Past).
func sortData(d *analysis.Data) {
	if d.Past != nil {
		sortData(d.Past)
	}
	sortByID(d.Organizations)
	sortByID(d.People)
	sortByID(d.Posts)
	sortByID(d.Assignments)
	sortByID(d.Stakes)
	sortByID(d.Lines)
	sortByID(d.Documents)
	slices.SortFunc(d.Capital, func(a, b koncern.ShareCapital) int {
		return cmp.Or(slices.Compare(a.CompanyID[:], b.CompanyID[:]), a.From.Time().Compare(b.From.Time()))
	})
	if d.Capital == nil {
		// No capital loaded and none rewound are the same answer.
		d.Capital = []koncern.ShareCapital{}
	}
}

func sortByID[T interface{ Record() koncern.Meta }](items []T) {
	slices.SortFunc(items, func(a, b T) int {
		x, y := a.Record().ID, b.Record().ID
		return slices.Compare(x[:], y[:])
	})
}

// firstDifference shows where two long JSON texts part, with some context.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-300)
	return "…" + got[from:min(len(got), i+200)] + "\n want …" + want[from:min(len(want), i+200)]
}

// buildRecordedWorld writes three phases into a registry of two
// municipalities: a ledger, records across their border, then
// corrections, a backdated transaction that removes a stake period,
// ends and a new record. The moment after each phase is kept.
func buildRecordedWorld(t *testing.T) *recordedWorld {
	r := registrytest.MustRegistry(t, now)
	clock := registrytest.NewClock()
	r.Now = clock.Now
	w := &recordedWorld{r: r, clock: clock}

	// Phase 0: Jönköping's ledger, Habo's company and its chief executive.
	g := mustGroup(t, r)
	must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: g.holding.ID, CompanyID: g.sub.ID, Shares: 60, Votes: 600, Period: period("2003-01-01")}))(t)
	must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: g.muni.ID, CompanyID: g.sub.ID, Shares: 20, Votes: 200, Period: period("2003-01-01")}))(t)
	habo := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Habo kommun", Period: period("2003-01-01")}))(t)
	energi := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Habo Energi AB", ParentID: &habo.ID, TotalShares: i64(100), TotalVotes: i64(100), Period: period("2003-01-01")}))(t)
	ceo := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: energi.ID, Title: "VD", Role: "ceo", Period: period("2003-01-01")}))(t)
	chair := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: g.committee.ID, Title: "Ordförande", Role: "chair", Political: true, Period: period("2003-01-01")}))(t)
	anna := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna Andersson", Period: period("2003-01-01")}))(t)
	must(r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: anna.ID, PostID: chair.ID, Period: period("2019-01-01")}))(t)
	doc := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv", DecidedOn: d("2003-11-12"), IssuerID: g.muni.ID, Period: period("2003-11-12")}))(t)
	w.munis = []*uuid.UUID{nil, &g.muni.ID, &habo.ID}
	w.windows = []koncern.Period{{From: koncern.FirstDate, To: &koncern.LastDate}, period("2020-06-01", "2020-06-01"), period("2021-06-01", "2021-06-01")}
	w.record(t)

	// Phase 1: a rename, a transfer and a new issue, a stake and a line
	// across the border, a new holder, a corrected document.
	sub := must(r.GetOrganization(ctx, g.sub.ID))(t)
	must(r.UpdateOrganization(ctx, sub.ID, sub.Version, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: "Elmia Aktiebolag"}}))(t)
	tx := func(typ string, seller, buyer *uuid.UUID, shares, votes int64, on string, backdate bool) {
		t.Helper()
		must(r.RecordTransaction(ctx, koncern.TransactionInput{Type: typ, CompanyID: g.sub.ID, SellerID: seller, BuyerID: buyer,
			Shares: shares, Votes: votes, EffectiveDate: d(on), Backdate: backdate}))(t)
	}
	tx("transfer", &g.holding.ID, &g.muni.ID, 10, 100, "2020-01-01", false)
	tx("new_issue", nil, &g.muni.ID, 20, 200, "2021-01-01", false)
	across := must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: g.holding.ID, CompanyID: energi.ID, Shares: 30, Votes: 30, Period: period("2010-01-01")}))(t)
	line := must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &chair.ID, ToPostID: &ceo.ID, Kind: "direct_political", Basis: "practice", Period: period("2015-01-01")}))(t)
	vice := must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: g.committee.ID, Title: "Vice ordförande", Role: "vice_chair", Political: true, Period: period("2003-01-01")}))(t)
	bertil := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Bertil Berg", Period: period("2003-01-01")}))(t)
	seat := must(r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: bertil.ID, PostID: vice.ID, Period: period("2019-01-01")}))(t)
	must(r.UpdateDocument(ctx, doc.ID, doc.Version, koncern.DocumentPatch{Title: koncern.Opt[string]{Set: true, Value: "Ägardirektiv för Elmia"}}))(t)
	w.record(t)

	// Phase 2: a backdated transfer that empties the municipality's 2020
	// period (a deletion), ends, and corrections.
	tx("transfer", &g.muni.ID, &g.holding.ID, 30, 300, "2020-01-01", true)
	must(r.EndSteeringLine(ctx, line.ID, line.Version, d("2022-12-31")))(t)
	must(r.UpdateStake(ctx, across.ID, across.Version, koncern.StakePatch{Shares: koncern.Opt[int64]{Set: true, Value: 40}}))(t)
	must(r.EndAssignment(ctx, seat.ID, seat.Version, d("2020-12-31")))(t)
	must(r.UpdatePerson(ctx, anna.ID, anna.Version, koncern.PersonPatch{Name: koncern.Opt[string]{Set: true, Value: "Anna Ek"}}))(t)
	w.record(t)

	// Phase 3: one more record, so that the last moment is not the end of
	// the trail.
	must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "committee", Name: "Kultur- och fritidsnämnden", ParentID: &g.muni.ID, Period: period("2024-01-01")}))(t)
	w.record(t)
	return w
}

// TestRecordedAt reads a registry written in phases as recorded at the
// moment after each phase, and finds exactly what it answered live then:
// every snapshot (whole registry and each municipality's group, across
// its border, over several windows) and every record by id.
func TestRecordedAt(t *testing.T) {
	w := buildRecordedWorld(t)
	auditor := as(koncern.AccessAuditor)
	last := must(w.r.LoadSnapshot(ctx, nil, w.windows[0]))(t)

	t.Run("Snapshots", func(t *testing.T) {
		for i, m := range w.moments {
			at := registry.AsRecorded(auditor, m.at)
			for _, muni := range w.munis {
				for _, win := range w.windows {
					got := canonical(t, must(w.r.LoadSnapshot(at, muni, win))(t))
					if want := m.snaps[snapKey(muni, win)]; got != want {
						t.Errorf("moment %d, %s:\n got %s", i, snapKey(muni, win), firstDifference(got, want))
					}
				}
			}
		}
	})
	t.Run("EachRecord", func(t *testing.T) {
		for i, m := range w.moments {
			var then analysis.Data
			if err := json.Unmarshal([]byte(m.snaps[snapKey(nil, w.windows[0])]), &then); err != nil {
				t.Fatal(err)
			}
			checkRecordedRecords(t, w.r, registry.AsRecorded(auditor, m.at), then, last, i)
		}
	})
	t.Run("PhasesDiffer", func(t *testing.T) {
		// The check above is only as strong as the phases are different.
		key := snapKey(nil, w.windows[0])
		for i := 1; i < len(w.moments); i++ {
			if w.moments[i].snaps[key] == w.moments[i-1].snaps[key] {
				t.Errorf("moments %d and %d hold the same registry", i-1, i)
			}
		}
	})
	t.Run("TransactionsLeaveRecordEvents", func(t *testing.T) {
		events := must(w.r.ListAuditEvents(ctx, registry.AuditFilter{Entity: "stake", Operation: "delete"}))(t)
		if len(events.Items) != 1 || string(events.Items[0].After) != "null" {
			t.Fatalf("stake delete events = %+v, want one with no after", events.Items)
		}
		updates := must(w.r.ListAuditEvents(ctx, registry.AuditFilter{Entity: "organization", Operation: "update", Actor: "system"}))(t)
		// The rename, and the new issue's new totals.
		if len(updates.Items) != 2 {
			t.Fatalf("organisation update events = %d, want 2", len(updates.Items))
		}
	})
}

// checkRecordedRecords reads every record of then by id as recorded at
// ctx's moment and wants it as it was; records of now that then lacks must
// be not found.
func checkRecordedRecords(t *testing.T, r *registry.Registry, ctx context.Context, then, now analysis.Data, moment int) {
	t.Helper()
	type getter struct {
		kind string
		get  func(uuid.UUID) (any, error)
	}
	wrap := func(kind string, get func(context.Context, uuid.UUID) (any, error)) getter {
		return getter{kind, func(id uuid.UUID) (any, error) { return get(ctx, id) }}
	}
	getters := []getter{
		wrap("organization", func(c context.Context, id uuid.UUID) (any, error) { return r.GetOrganization(c, id) }),
		wrap("person", func(c context.Context, id uuid.UUID) (any, error) { return r.GetPerson(c, id) }),
		wrap("post", func(c context.Context, id uuid.UUID) (any, error) { return r.GetPost(c, id) }),
		wrap("assignment", func(c context.Context, id uuid.UUID) (any, error) { return r.GetAssignment(c, id) }),
		wrap("stake", func(c context.Context, id uuid.UUID) (any, error) { return r.GetStake(c, id) }),
		wrap("steering_line", func(c context.Context, id uuid.UUID) (any, error) { return r.GetSteeringLine(c, id) }),
		wrap("document", func(c context.Context, id uuid.UUID) (any, error) { return r.GetDocument(c, id) }),
	}
	thenByKind, nowByKind := recordsByKind(t, then), recordsByKind(t, now)
	for _, g := range getters {
		for id, want := range thenByKind[g.kind] {
			got := mustJSON(t, must(g.get(id))(t))
			if got != want {
				t.Errorf("moment %d, %s %s:\n got %s", moment, g.kind, id, firstDifference(got, want))
			}
		}
		for id := range nowByKind[g.kind] {
			if _, existed := thenByKind[g.kind][id]; !existed {
				_, err := g.get(id)
				wantCode(t, err, koncern.ENOTFOUND)
			}
		}
	}
}

// recordsByKind is every record of d as JSON, by kind and id.
func recordsByKind(t *testing.T, d analysis.Data) map[string]map[uuid.UUID]string {
	return map[string]map[uuid.UUID]string{
		"organization": jsonByID(t, d.Organizations), "person": jsonByID(t, d.People), "post": jsonByID(t, d.Posts),
		"assignment": jsonByID(t, d.Assignments), "stake": jsonByID(t, d.Stakes), "steering_line": jsonByID(t, d.Lines),
		"document": jsonByID(t, d.Documents),
	}
}

func jsonByID[T interface{ Record() koncern.Meta }](t *testing.T, items []T) map[uuid.UUID]string {
	out := make(map[uuid.UUID]string, len(items))
	for _, x := range items {
		out[x.Record().ID] = mustJSON(t, x)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRecordedAtRefusals checks who may look back and where.
func TestRecordedAtRefusals(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	moment := time.Now()
	t.Run("ErrReaderMayNotReadTheTrail", func(t *testing.T) {
		for _, role := range []string{koncern.AccessReader, koncern.AccessRegistrar, koncern.AccessFinance} {
			_, err := r.GetOrganization(registry.AsRecorded(as(role), moment), g.muni.ID)
			wantCode(t, err, koncern.EFORBIDDEN)
			_, err = r.LoadSnapshot(registry.AsRecorded(as(role), moment), &g.muni.ID, period("2020-01-01", "2020-01-01"))
			wantCode(t, err, koncern.EFORBIDDEN)
		}
	})
	t.Run("AdminMay", func(t *testing.T) {
		must(r.GetOrganization(registry.AsRecorded(as(koncern.AccessAdmin), moment), g.muni.ID))(t)
	})
	t.Run("ErrListsRefuse", func(t *testing.T) {
		_, err := r.ListOrganizations(registry.AsRecorded(as(koncern.AccessAuditor), moment), registry.OrganizationFilter{})
		wantError(t, err, koncern.EINVALID, "recorded_at")
	})
	t.Run("ErrBeforeCreation", func(t *testing.T) {
		// The clock of this registry stands in the past, so its records
		// were created after any moment before it.
		_, err := r.GetOrganization(registry.AsRecorded(as(koncern.AccessAuditor), now.Add(-time.Hour)), g.muni.ID)
		wantCode(t, err, koncern.ENOTFOUND)
	})
}
