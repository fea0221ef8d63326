package registry_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent/person"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// reconcile returns every discrepancy, as "entity id field" (the field or
// id left out where the report has none).
func reconcile(tb testing.TB, r *registry.Registry) []string {
	tb.Helper()
	var out []string
	must(r.Reconcile(ctx, func(d registry.Discrepancy) {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%s %s %s", d.Entity, d.ID, d.Field)))
	}))(tb)
	slices.Sort(out)
	return out
}

// ledgerWorld is a group with a stake, a ledger transaction that changes
// the capital (so that the company has capital periods), a token and a
// comment: a record of every reconciled kind written through the registry.
type ledgerWorld struct {
	group
	stake   koncern.Stake
	token   koncern.IssuedToken
	comment koncern.FindingComment
	person  koncern.Person
}

func mustLedgerWorld(tb testing.TB, r *registry.Registry) ledgerWorld {
	tb.Helper()
	w := ledgerWorld{group: mustGroup(tb, r)}
	w.stake = must(r.CreateStake(ctx, koncern.StakeInput{OwnerID: w.muni.ID, CompanyID: w.holding.ID, Shares: 1000, Votes: 1000, Period: period("2003-01-01")}))(tb)
	must(r.RecordTransaction(ctx, koncern.TransactionInput{Type: "new_issue", CompanyID: w.sub.ID, BuyerID: &w.holding.ID,
		Shares: 100, Votes: 1000, EffectiveDate: d("2010-01-01")}))(tb)
	w.token = must(r.CreateToken(ctx, koncern.TokenInput{Name: "granskare", Role: koncern.AccessAuditor}))(tb)
	w.comment = must(r.CreateFindingComment(ctx, koncern.FindingCommentInput{Rule: "ownerless_company", SubjectID: w.sub.ID, Body: "Iakttagelse."}))(tb)
	w.person = must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna", Period: period("2003-01-01")}))(tb)
	must(r.UpdatePerson(ctx, w.person.ID, 0, koncern.PersonPatch{Email: koncern.Opt[string]{Set: true, Value: "anna@example.se"}}))(tb)
	return w
}

// TestReconcile edits records by SQL, past the registry and its trail, and
// expects each edit reported naming the entity, the id and the field.
func TestReconcile(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, r *registry.Registry, w ledgerWorld) []string
	}{
		{"Clean", func(*testing.T, *registry.Registry, ledgerWorld) []string { return nil }},
		{"ErrStakeShares", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE ownership_stakes SET shares = 99999 WHERE id = ?`, w.stake.ID)
			return []string{"stake " + w.stake.ID.String() + " shares"}
		}},
		{"ErrCompanyTotals", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			// The ledger's new issue raised the company's totals last.
			exec(t, r, `UPDATE organizations SET total_shares = 5 WHERE id = ?`, w.sub.ID)
			return []string{"organization " + w.sub.ID.String() + " total_shares"}
		}},
		{"ErrCapital", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE share_capitals SET total_shares = 7 WHERE company_id = ?`, w.sub.ID)
			return []string{"share_capital " + w.sub.ID.String()}
		}},
		{"ErrTransaction", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE ownership_transactions SET shares = 1`)
			var id uuid.UUID
			for _, tx := range must(r.ListTransactions(ctx, registry.TransactionFilter{}))(t).Items {
				id = tx.ID
			}
			return []string{"transaction " + id.String() + " shares"}
		}},
		{"ErrTokenHash", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE api_tokens SET secret_hash = ? WHERE name = 'granskare'`, strings.Repeat("a", 64))
			return []string{"api_token " + w.token.ID + " secret_hash"}
		}},
		{"TokenEventWithoutHash", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			// A token created before its events held the secret's hash
			// has nothing of it to compare; an upgrade is no tampering.
			dropTokenHashFromTrail(t, r)
			return nil
		}},
		{"ErrRoleOfTokenEventWithoutHash", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			dropTokenHashFromTrail(t, r)
			exec(t, r, `UPDATE api_tokens SET role = 'admin' WHERE name = 'granskare'`)
			return []string{"api_token " + w.token.ID + " role"}
		}},
		{"ErrComment", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE finding_comments SET body = 'Ändrad'`)
			return []string{"finding_comment " + w.comment.ID.String() + " body"}
		}},
		{"ErrUpdatedPerson", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `UPDATE persons SET email = 'mallory@example.se' WHERE id = ?`, w.person.ID)
			return []string{"person " + w.person.ID.String() + " email"}
		}},
		{"ErrDeleted", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			exec(t, r, `DELETE FROM persons WHERE id = ?`, w.person.ID)
			return []string{"person " + w.person.ID.String()}
		}},
		{"ErrNoEvent", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			id := uuid.Must(uuid.NewV7())
			copyRow(t, r, "persons", person.Columns, w.person.ID, id)
			return []string{"person " + id.String()}
		}},
		{"ErrInsertedThenUpdated", func(t *testing.T, r *registry.Registry, w ledgerWorld) []string {
			// An update through the registry gives the forged row an event,
			// but its first event finds it existing.
			id := uuid.Must(uuid.NewV7())
			copyRow(t, r, "persons", person.Columns, w.person.ID, id)
			must(r.UpdatePerson(ctx, id, 0, koncern.PersonPatch{Name: koncern.Opt[string]{Set: true, Value: "Mallory"}}))(t)
			return []string{"person " + id.String()}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := registrytest.MustRegistry(t, now)
			w := mustLedgerWorld(t, r)
			want := tc.edit(t, r, w)
			slices.Sort(want)
			if got := reconcile(t, r); !slices.Equal(got, want) {
				t.Fatalf("discrepancies %q, want %q", got, want)
			}
		})
	}
}

// dropTokenHashFromTrail makes the token events look as the version
// before secret_hash was audited wrote them, with the chain's hashes
// recomputed as that version computed them.
func dropTokenHashFromTrail(t *testing.T, r *registry.Registry) {
	t.Helper()
	page := must(r.ListAuditEvents(as(koncern.AccessAdmin), registry.AuditFilter{Entity: "api_token"}))(t)
	if len(page.Items) == 0 {
		t.Fatal("no token events")
	}
	for _, e := range page.Items {
		var after map[string]any
		if err := json.Unmarshal(e.After, &after); err != nil || after["secret_hash"] == nil {
			t.Fatalf("token event %d after = %s, want one with secret_hash", e.Seq, e.After)
		}
		delete(after, "secret_hash")
		b := must(json.Marshal(after))(t)
		exec(t, r, `UPDATE audit_events SET "after" = ? WHERE seq = ?`, string(b), e.Seq)
	}
	registrytest.Rehash(t, r.DB(), page.Items[0].Seq)
	if res := must(r.VerifyAudit(ctx))(t); !res.OK {
		t.Fatalf("chain after the rewrite: %+v", res)
	}
}

// copyRow inserts a copy of the row id of table under a new id, as an
// INSERT past the registry would.
func copyRow(t *testing.T, r *registry.Registry, table string, cols []string, id, newID uuid.UUID) {
	sel := slices.Clone(cols)
	sel[slices.Index(cols, "id")] = "?"
	exec(t, r, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s WHERE id = ?`,
		table, strings.Join(cols, ", "), strings.Join(sel, ", "), table), newID, id)
}

// TestReconcileBulk loads a synthetic dataset, whose records have no event
// of their own, and expects the bulk load's digests to account for them,
// and to catch an edit of one of them.
func TestReconcileBulk(t *testing.T) {
	setup := func(t *testing.T) (*registry.Registry, []koncern.Stake) {
		r := registrytest.MustRegistry(t, now)
		ds := mustSynthetic(t, 0.01)
		if err := r.BulkLoad(ctx, ds.Bulk); err != nil {
			t.Fatal(err)
		}
		stakes := ds.Stakes
		// A loaded stake changed through the registry afterwards has an
		// event of its own, whose before is the stake as loaded.
		must(r.UpdateStake(ctx, stakes[0].ID, 0, koncern.StakePatch{Shares: koncern.Opt[int64]{Set: true, Value: stakes[0].Shares - 1}}))(t)
		return r, stakes
	}
	t.Run("Clean", func(t *testing.T) {
		r, _ := setup(t)
		if got := reconcile(t, r); len(got) != 0 {
			t.Fatalf("discrepancies %q after a bulk load", got)
		}
	})
	t.Run("ErrStakeShares", func(t *testing.T) {
		r, stakes := setup(t)
		exec(t, r, `UPDATE ownership_stakes SET shares = 99999 WHERE id = ?`, stakes[1].ID)
		if got := reconcile(t, r); !slices.Equal(got, []string{"stake"}) {
			t.Fatalf("discrepancies %q, want the stakes' digest", got)
		}
	})
	t.Run("ErrChangedStakeDeleted", func(t *testing.T) {
		r, stakes := setup(t)
		exec(t, r, `DELETE FROM ownership_stakes WHERE id = ?`, stakes[0].ID)
		if got := reconcile(t, r); !slices.Equal(got, []string{"stake " + stakes[0].ID.String()}) {
			t.Fatalf("discrepancies %q, want the deleted stake", got)
		}
	})
	t.Run("ErrLoadedPersonRenamed", func(t *testing.T) {
		r, _ := setup(t)
		exec(t, r, `UPDATE persons SET name = 'Mallory' WHERE id = (SELECT id FROM persons ORDER BY id LIMIT 1)`)
		if got := reconcile(t, r); !slices.Equal(got, []string{"person"}) {
			t.Fatalf("discrepancies %q, want the people's digest", got)
		}
	})
	t.Run("ErrNoDigests", func(t *testing.T) {
		// A bulk load written before its event held digests: its records
		// cannot be reconciled, and check says so for each kind it wrote.
		r, _ := setup(t)
		exec(t, r, `UPDATE audit_events SET "after" = '{"organizations":1}' WHERE operation = 'bulk_load'`)
		want := []string{"assignment", "document", "organization", "person", "post", "stake", "steering_line"}
		if got := reconcile(t, r); !slices.Equal(got, want) {
			t.Fatalf("discrepancies %q, want every bulk-loaded kind", got)
		}
	})
}
