package registry_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/synthetic"
)

func mustSynthetic(tb testing.TB, scale float64) synthetic.Dataset {
	tb.Helper()
	d, err := synthetic.National(scale, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// listAll pages through a list with the largest page.
func listAll[T any](tb testing.TB, list func(registry.ListOptions) (registry.Page[T], error), o registry.ListOptions) []T {
	tb.Helper()
	o.Limit = registry.MaxLimit
	var items []T
	for {
		p := must(list(o))(tb)
		items = append(items, p.Items...)
		if p.NextCursor == nil {
			return items
		}
		o.Cursor = *p.NextCursor
	}
}

// storedCounts counts every kind of record through the checked list API.
func storedCounts(tb testing.TB, r *registry.Registry) [7]int {
	tb.Helper()
	h := registry.ListOptions{History: true}
	return [7]int{
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Organization], error) {
			return r.ListOrganizations(ctx, registry.OrganizationFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Person], error) {
			return r.ListPeople(ctx, registry.PersonFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Post], error) {
			return r.ListPosts(ctx, registry.PostFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Assignment], error) {
			return r.ListAssignments(ctx, registry.AssignmentFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Stake], error) {
			return r.ListStakes(ctx, registry.StakeFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.SteeringLine], error) {
			return r.ListSteeringLines(ctx, registry.SteeringLineFilter{ListOptions: o})
		}, h)),
		len(listAll(tb, func(o registry.ListOptions) (registry.Page[koncern.Document], error) {
			return r.ListDocuments(ctx, registry.DocumentFilter{ListOptions: o})
		}, h)),
	}
}

func bulkCounts(b registry.Bulk) [7]int {
	return [7]int{len(b.Organizations), len(b.People), len(b.Posts), len(b.Assignments), len(b.Stakes), len(b.SteeringLines), len(b.Documents)}
}

// TestBulkLoad loads a generated dataset large enough to need several
// INSERT chunks on SQLite, then checks it through the checked API, whose
// rules still hold for every write that follows.
func TestBulkLoad(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	d := mustSynthetic(t, 0.05)
	if err := r.BulkLoad(ctx, d.Bulk); err != nil {
		t.Fatal(err)
	}
	want := bulkCounts(d.Bulk)
	if got := storedCounts(t, r); got != want {
		t.Fatalf("stored %v, bulk %v", got, want)
	}

	t.Run("RecordsReadBackAsWritten", func(t *testing.T) {
		for _, o := range d.Organizations[:50] {
			got := must(r.GetOrganization(ctx, o.ID))(t)
			if got.Name != o.Name || !got.CreatedAt.Equal(o.CreatedAt) || got.Version != 1 ||
				!sameUUID(got.MunicipalityID, o.MunicipalityID) || got.Period.String() != o.Period.String() {
				t.Fatalf("read back %+v, wrote %+v", got, o)
			}
		}
	})
	t.Run("ListByMunicipality", func(t *testing.T) {
		muni := d.Municipalities[1]
		n := 0
		for _, o := range d.Organizations {
			if o.MunicipalityID != nil && *o.MunicipalityID == muni {
				n++
			}
		}
		got := listAll(t, func(o registry.ListOptions) (registry.Page[koncern.Organization], error) {
			return r.ListOrganizations(ctx, registry.OrganizationFilter{MunicipalityID: &muni, ListOptions: o})
		}, registry.ListOptions{History: true})
		if len(got) != n || n < 20 {
			t.Fatalf("%d organisations listed in the municipality, %d generated", len(got), n)
		}
	})
	t.Run("ErrStakeBeyondTotals", func(t *testing.T) {
		company, muni := whollyOwned(t, d)
		_, err := r.CreateStake(ctx, koncern.StakeInput{OwnerID: muni, CompanyID: company, Shares: 1, Votes: 1, Period: period("2026-01-01")})
		wantError(t, err, koncern.ECONFLICT, "shares")
	})
	t.Run("ErrAssignmentOverlap", func(t *testing.T) {
		a := d.Assignments[0]
		_, err := r.CreateAssignment(ctx, koncern.AssignmentInput{PersonID: a.PersonID, PostID: a.PostID, Period: a.Period})
		wantError(t, err, koncern.ECONFLICT, "valid_from")
	})
	t.Run("CheckedCreateAfterwards", func(t *testing.T) {
		p := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Efter Bulkladdning", Period: period("2026-01-01")}))(t)
		if p.ID.String() <= d.People[len(d.People)-1].ID.String() {
			t.Errorf("new id %s sorts before the bulk's", p.ID)
		}
		want[1]++
	})
	t.Run("ErrNotEmpty", func(t *testing.T) {
		err := r.BulkLoad(ctx, mustSynthetic(t, 0.01).Bulk)
		wantError(t, err, koncern.ECONFLICT, "")
		if got := storedCounts(t, r); got != want {
			t.Fatalf("refused load changed the counts to %v, want %v", got, want)
		}
	})
}

func sameUUID(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// whollyOwned finds a company whose one stake in force at the end of the
// data holds every share, and the municipality it belongs to.
func whollyOwned(t *testing.T, d synthetic.Dataset) (company, muni uuid.UUID) {
	t.Helper()
	totals := map[uuid.UUID]koncern.Organization{}
	for _, o := range d.Organizations {
		totals[o.ID] = o
	}
	for _, s := range d.Stakes {
		c := totals[s.CompanyID]
		if s.To == nil && s.Shares == *c.TotalShares && s.OwnerID != *c.MunicipalityID {
			return c.ID, *c.MunicipalityID
		}
	}
	t.Fatal("no wholly owned subsidiary")
	return
}

// TestBulkLoadRejects breaks one record of a small dataset at a time: each
// load is refused naming the record and field, and stores nothing.
func TestBulkLoadRejects(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	for _, c := range []struct {
		name  string
		field string
		spoil func(b *registry.Bulk)
	}{
		{"ErrStakeOfNothing", "stakes[0].shares", func(b *registry.Bulk) { b.Stakes[0].Shares, b.Stakes[0].Votes = 0, 0 }},
		{"ErrOrgNumberCheckDigit", "organizations[3].org_number", func(b *registry.Bulk) {
			n := *b.Organizations[3].OrgNumber
			bad := n[:10] + string('0'+(n[10]-'0'+1)%10)
			b.Organizations[3].OrgNumber = &bad
		}},
		{"ErrCompanyWithoutTotals", "organizations[0].total_shares", func(b *registry.Bulk) { b.Organizations[0].TotalShares = nil }},
		{"ErrUnknownParent", "organizations[4].parent_id", func(b *registry.Bulk) { id := uuid.New(); b.Organizations[4].ParentID = &id }},
		{"ErrOwnAncestor", "organizations[4].parent_id", func(b *registry.Bulk) { b.Organizations[4].ParentID = &b.Organizations[4].ID }},
		{"ErrDuplicateID", "people[1].id", func(b *registry.Bulk) { b.People[1].ID = b.People[0].ID }},
		{"ErrMissingID", "posts[0].id", func(b *registry.Bulk) { b.Posts[0].ID = uuid.Nil }},
		{"ErrFormalWithoutDocument", "steering_lines[0].document_id", func(b *registry.Bulk) { b.SteeringLines[0].DocumentID = nil }},
		{"ErrLineToItself", "steering_lines[0].to_post_id", func(b *registry.Bulk) {
			b.SteeringLines[0].ToOrganizationID, b.SteeringLines[0].ToPostID = b.SteeringLines[0].FromOrganizationID, nil
		}},
		{"ErrInForceBeforeDecision", "documents[0].valid_from", func(b *registry.Bulk) { b.Documents[0].DecidedOn = b.Documents[0].From.AddDays(1) }},
		{"ErrBlankName", "people[2].name", func(b *registry.Bulk) { b.People[2].Name = " " }},
		{"ErrUnknownRole", "posts[2].role", func(b *registry.Bulk) { b.Posts[2].Role = "king" }},
		{"ErrUnknownPerson", "assignments[5].person_id", func(b *registry.Bulk) { b.Assignments[5].PersonID = uuid.New() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := mustSynthetic(t, 0.01)
			c.spoil(&d.Bulk)
			wantError(t, r.BulkLoad(ctx, d.Bulk), koncern.EINVALID, c.field)
			if empty := must(r.IsEmpty(ctx))(t); !empty {
				t.Fatal("a refused load stored records")
			}
		})
	}
}
